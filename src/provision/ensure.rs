//! The ensure step every part of an endpoint goes through (a subnet's association, an
//! authorization rule, a route): describe what the endpoint holds, find the part, skip it when it
//! is done, send the change when it is missing, wait until it is done. Its mirror removes parts,
//! each waited for until gone. The parts themselves are data (`endpoint_parts.rs`); a workflow
//! names which it wants.

use serde_json::Value;

use crate::api::operation::{Document, Operation, Wait};
use crate::aws::vpn::state;
use crate::failure::Failure;
use crate::provision::endpoint_scope::EndpointScope;
use crate::provision::journal::Journal;

/// How parts of one kind are made.
pub struct Making {
    /// The describe that lists them.
    pub describe: &'static Operation,
    /// The change that makes one; its `wait` says how to wait for it.
    pub change: &'static Operation,
    /// Error codes that mean the part is there already.
    pub already: &'static [&'static str],
    /// The state a part is done in; one listed in another state is waited for.
    pub done: &'static str,
    /// The wait finds the part by the change's answer (an association's ID), so a change
    /// answered "there already" leaves nothing to wait for.
    pub wait_needs_answer: bool,
}

/// One part a workflow wants at the endpoint.
pub struct Wanted {
    /// The change's members beside the endpoint's ID.
    pub members: Value,
    /// Whether a listed item is this part, in a state that counts as there (done or on its way).
    pub listed: Box<dyn Fn(&Value) -> bool>,
    /// The journal's step, and its outcome: made (from the change's answer), or there already.
    pub step: String,
    pub made: Box<dyn Fn(&Document) -> String>,
    pub there_already: String,
    /// What the wait is for, from the change's answer or the listed item.
    pub waiting_for: Box<dyn Fn(&Document) -> String>,
}

/// A change sent, or found on its way, to wait for.
pub struct Pending {
    wait: &'static Wait,
    request: Document,
    answer: Document,
    what: String,
}

/// Makes every wanted part that is missing; what is on its way is returned to be waited for
/// (`wait_all`), so that a workflow can send the changes of several kinds before it waits. A
/// `fresh` endpoint holds nothing yet: nothing is described.
pub async fn ensure(
    scope: &EndpointScope<'_>,
    journal: &Journal,
    making: &Making,
    wanted: Vec<Wanted>,
    fresh: bool,
) -> Result<Vec<Pending>, Failure> {
    let listed = if fresh { Vec::new() } else { scope.items(making.describe).await? };
    let wait = making.change.wait.as_ref().expect("a change that makes a part waits");
    let mut pending = Vec::new();
    for part in wanted {
        let request = scope.request(part.members.clone());
        match listed.iter().find(|item| (part.listed)(item)) {
            Some(item) if state(item) == making.done => {}
            Some(item) => {
                let answer = item.as_object().cloned().unwrap_or_default();
                pending.push(Pending { wait, what: (part.waiting_for)(&answer), request, answer });
            }
            None => {
                journal.start(&part.step);
                match scope.change(making.change, part.members.clone(), making.already).await? {
                    Some(answer) => {
                        journal.done(&(part.made)(&answer));
                        pending.push(Pending { wait, what: (part.waiting_for)(&answer), request, answer });
                    }
                    None => {
                        journal.done(&part.there_already);
                        if !making.wait_needs_answer {
                            let answer = Document::new();
                            pending.push(Pending { wait, what: (part.waiting_for)(&answer), request, answer });
                        }
                    }
                }
            }
        }
    }
    Ok(pending)
}

/// Waits for each change in turn.
pub async fn wait_all(scope: &EndpointScope<'_>, pending: Vec<Pending>) -> Result<(), Failure> {
    for part in pending {
        scope.wait(part.wait, &part.request, &part.answer, &part.what).await?;
    }
    Ok(())
}

/// How parts of one kind are removed.
pub struct Removing {
    /// The describe that lists them, and which listed items are to be removed.
    pub describe: &'static Operation,
    pub removable: fn(&Value) -> bool,
    /// The change that removes one; its `wait` waits until it is gone.
    pub change: &'static Operation,
    /// Error codes that mean the part is gone already.
    pub already: &'static [&'static str],
    /// Each part is waited for before the next is sent; else every change is sent, then each
    /// waited for.
    pub one_at_a_time: bool,
}

impl Removing {
    /// What endpoint `id` holds of this kind that is to be removed.
    pub async fn listed(&self, connection: &crate::aws::Connection, id: &str) -> Result<Vec<Value>, Failure> {
        let items = crate::aws::vpn::of_endpoint(self.describe, connection, id).await?;
        Ok(items.into_iter().filter(|item| (self.removable)(item)).collect())
    }
}

/// One part a workflow removes.
pub struct Unwanted {
    /// The change's members beside the endpoint's ID.
    pub members: Value,
    /// Already on its way out: only waited for.
    pub leaving: bool,
    /// The journal's step and its outcome, and what the wait is for.
    pub step: String,
    pub removed: String,
    pub waiting_for: String,
}

/// Removes every part, each waited for until gone.
pub async fn remove(
    scope: &EndpointScope<'_>,
    journal: &Journal,
    removing: &Removing,
    parts: Vec<Unwanted>,
) -> Result<(), Failure> {
    for part in parts.iter().filter(|part| !part.leaving) {
        journal.start(&part.step);
        scope.change(removing.change, part.members.clone(), removing.already).await?;
        if removing.one_at_a_time {
            gone(scope, removing, part).await?;
        }
        journal.done(&part.removed);
    }
    if !removing.one_at_a_time {
        for part in &parts {
            gone(scope, removing, part).await?;
        }
    }
    Ok(())
}

/// Waits until a removed part is gone.
async fn gone(scope: &EndpointScope<'_>, removing: &Removing, part: &Unwanted) -> Result<(), Failure> {
    let wait = removing.change.wait.as_ref().expect("a change that removes a part waits");
    scope.wait(wait, &scope.request(part.members.clone()), &Document::new(), &part.waiting_for).await
}
