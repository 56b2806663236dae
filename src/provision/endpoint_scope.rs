//! Requests about one endpoint: each carries its ID, and every change and wait of a workflow goes
//! through the connection with the workflow's wait settings.

use serde_json::Value;

use crate::api::operation::{Document, Operation, Wait};
use crate::aws::Connection;
use crate::aws::waiter::WaitSettings;
use crate::failure::Failure;

pub struct EndpointScope<'a> {
    pub connection: &'a Connection,
    pub id: String,
    pub waiting: &'a WaitSettings,
}

impl EndpointScope<'_> {
    /// A request about this endpoint: its ID and `members` (an object).
    pub fn request(&self, members: Value) -> Document {
        let mut request = Document::new();
        request.insert("ClientVpnEndpointId".to_owned(), Value::String(self.id.clone()));
        if let Value::Object(members) = members {
            request.extend(members);
        }
        request
    }

    /// Every item a describe of this endpoint lists (target networks, rules, routes, connections).
    pub async fn items(&self, describe: &Operation) -> Result<Vec<Value>, Failure> {
        crate::aws::vpn::of_endpoint(describe, self.connection, &self.id).await
    }

    /// Sends a change about this endpoint; an error whose code is in `already` means it is so
    /// already: `None`.
    pub async fn change(
        &self,
        operation: &'static Operation,
        members: Value,
        already: &[&str],
    ) -> Result<Option<Document>, Failure> {
        crate::aws::vpn::change(operation, self.connection, Value::Object(self.request(members)), already).await
    }

    /// Waits for what `wait` describes, with the workflow's settings.
    pub async fn wait(&self, wait: &Wait, request: &Document, answer: &Document, what: &str) -> Result<(), Failure> {
        self.connection.wait(wait, request, answer, self.waiting, what).await
    }
}
