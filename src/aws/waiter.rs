//! `--wait`: polls the describe that lists what a change made (or removed) until it reaches its
//! state, fails, or the time is up. Botocore has no Client VPN waiters; the states and what
//! counts as gone follow the EC2 API reference for each describe.

use std::time::Duration;

use aws_sdk_ec2::Client;
use serde_json::Value;

use crate::api::operation::{Document, Lookup, Operation, Wait};
use crate::aws::ec2::AttemptLog;
use crate::aws::ec2::send::every_item;
use crate::failure::{Failure, FailureKind, ServiceError};
use crate::output::progress::Progress;

/// How often to poll, and for how long.
pub struct WaitSettings {
    pub poll_interval: Duration,
    pub timeout: Duration,
}

/// What one poll saw of the resource.
#[derive(Debug, PartialEq)]
enum Seen {
    /// Listed, in this state, with this message.
    State(String, Option<String>),
    /// Not listed, or the describe says it does not exist.
    Gone,
}

/// The resource `lookup` picks out of every page of the describe.
async fn seen(describe: &Operation, client: &Client, log: &AttemptLog, lookup: &Lookup) -> Result<Seen, Failure> {
    let items = match every_item(describe, client, log, lookup.request.clone()).await {
        Ok(items) => items,
        Err(failure) => {
            let not_found = matches!(&failure.kind, FailureKind::Service(service)
                if service.code.as_deref().is_some_and(|code| code.ends_with("NotFound")));
            return if not_found { Ok(Seen::Gone) } else { Err(failure) };
        }
    };
    let found = items.iter().find(|item| lookup.fields.iter().all(|(name, value)| item.get(*name) == Some(value)));
    Ok(match found {
        Some(item) => {
            let status = item.get("Status");
            let code = status.and_then(|status| status.get("Code")).and_then(Value::as_str).unwrap_or("unknown");
            let message = status.and_then(|status| status.get("Message")).and_then(Value::as_str);
            Seen::State(code.to_owned(), message.map(str::to_owned))
        }
        None => Seen::Gone,
    })
}

/// Waits for what `wait` describes after a change sent `request` and got `answer`; `what` names
/// it for a person ("association cvpn-assoc-0abc to be associated").
pub(in crate::aws) async fn wait(
    wait: &Wait,
    request: &Document,
    answer: &Document,
    settings: &WaitSettings,
    client: &Client,
    log: &AttemptLog,
    what: &str,
) -> Result<(), Failure> {
    let lookup = (wait.lookup)(request, answer);
    let mut progress = Progress::start(what);
    loop {
        let seen = seen(wait.describe, client, log, &lookup).await?;
        match (&seen, wait.until) {
            (Seen::Gone, None) => {
                progress.finish("Done: gone");
                return Ok(());
            }
            (Seen::State(state, _), None) if wait.gone.contains(&state.as_str()) => {
                progress.state(state);
                progress.finish(&format!("Done: {state}"));
                return Ok(());
            }
            (Seen::State(state, _), Some(until)) if state == until => {
                progress.state(state);
                progress.finish(&format!("Done: {state}"));
                return Ok(());
            }
            (Seen::State(state, message), _) if wait.failed.contains(&state.as_str()) => {
                progress.state(state);
                progress.finish(&format!("Failed: {state}"));
                return Err(Failure::service(ServiceError {
                    code: Some(state.clone()),
                    message: Some(message.clone().unwrap_or_else(|| format!("{what} ended in state {state}"))),
                    ..ServiceError::ec2(wait.describe.name)
                }));
            }
            (Seen::State(state, _), _) => progress.state(state),
            (Seen::Gone, Some(_)) => progress.state("not listed yet"),
        }
        if progress.elapsed() + settings.poll_interval > settings.timeout {
            let last = progress.last_state().unwrap_or("none").to_owned();
            progress.finish("Timed out");
            return Err(Failure::other(format!(
                "Timed out after {:.0}s waiting for {what}; the last state seen was {last}",
                settings.timeout.as_secs_f64()
            ))
            .with_hint(format!(
                "The change goes on at AWS: `cvpn {}` shows where it is; --wait-timeout gives a wait more time.",
                wait.describe.short.map(str::to_owned).unwrap_or_else(|| wait.describe.command())
            )));
        }
        tokio::time::sleep(settings.poll_interval).await;
    }
}
