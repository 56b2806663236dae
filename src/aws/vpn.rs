//! A VPN's resources at AWS, found again by its name: the endpoints tagged `Name=NAME` (EC2 has
//! no tag filter for Client VPN endpoints, so every page is read and matched here) and the
//! certificates cvpn imported for it (its server certificate's domain, tagged `cvpn:vpn=NAME`).

use serde_json::Value;

use crate::api::operation::Document;
use crate::api::operations::DESCRIBE_CLIENT_VPN_ENDPOINTS;
use crate::aws::connection::Connection;
use crate::failure::Failure;
use crate::provision::{NAME_TAG, VPN_TAG};

/// The text of member `name` of an item.
pub fn text<'a>(item: &'a Value, name: &str) -> &'a str {
    item.get(name).and_then(Value::as_str).unwrap_or_default()
}

/// The text of member `name` of a request or an answer.
pub fn text_of<'a>(document: &'a Document, name: &str) -> &'a str {
    document.get(name).and_then(Value::as_str).unwrap_or_default()
}

/// The state of an item: `Status.Code`.
pub fn state(item: &Value) -> &str {
    item.get("Status").and_then(|status| status.get("Code")).and_then(Value::as_str).unwrap_or_default()
}

/// The value of tag `key` on an endpoint (or any item that lists `Tags`).
pub fn tag<'a>(item: &'a Value, key: &str) -> Option<&'a str> {
    let tags = item.get("Tags").and_then(Value::as_array)?;
    tags.iter().find(|tag| text(tag, "Key") == key).map(|tag| text(tag, "Value"))
}

/// The endpoints named `name` (tagged `Name=NAME`, or `cvpn:vpn=NAME` by `cvpn up`) that are not
/// being deleted, as DescribeClientVpnEndpoints lists them.
pub async fn endpoints_named(connection: &Connection, name: &str) -> Result<Vec<Value>, Failure> {
    let endpoints = connection.every_item(&DESCRIBE_CLIENT_VPN_ENDPOINTS, Document::new()).await?;
    Ok(endpoints
        .into_iter()
        .filter(|endpoint| !matches!(state(endpoint), "deleting" | "deleted"))
        .filter(|endpoint| tag(endpoint, NAME_TAG) == Some(name) || tag(endpoint, VPN_TAG) == Some(name))
        .collect())
}

/// Whether an endpoint is VPN `name`'s, as cvpn can prove it: `cvpn up` tagged it
/// `cvpn:vpn=NAME`, or (made by a cvpn from before that tag) it is named NAME and uses a server
/// certificate cvpn imported for NAME.
pub async fn is_vpns(connection: &Connection, endpoint: &Value, name: &str) -> Result<bool, Failure> {
    if tag(endpoint, VPN_TAG) == Some(name) {
        return Ok(true);
    }
    let arn = text(endpoint, "ServerCertificateArn");
    if tag(endpoint, NAME_TAG) != Some(name) || arn.is_empty() {
        return Ok(false);
    }
    match crate::aws::acm::tag(connection, arn, VPN_TAG).await {
        Ok(value) => Ok(value.as_deref() == Some(name)),
        // A certificate ACM does not hold (another account's, or deleted) proves nothing.
        Err(failure) if crate::aws::acm::error_code(&failure) == Some("ResourceNotFoundException") => Ok(false),
        Err(failure) => Err(failure),
    }
}

/// Whether endpoint `id` is gone: not listed, or being deleted.
pub async fn is_gone(connection: &Connection, id: &str) -> Result<bool, Failure> {
    let mut request = Document::new();
    request.insert("ClientVpnEndpointIds".to_owned(), Value::Array(vec![Value::String(id.to_owned())]));
    match connection.every_item(&DESCRIBE_CLIENT_VPN_ENDPOINTS, request).await {
        Ok(endpoints) => Ok(endpoints.iter().all(|endpoint| matches!(state(endpoint), "deleting" | "deleted"))),
        Err(failure)
            if failure.service_error().and_then(|e| e.code.as_deref())
                == Some("InvalidClientVpnEndpointId.NotFound") =>
        {
            Ok(true)
        }
        Err(failure) => Err(failure),
    }
}

/// The one endpoint named `name`, for commands that work on a VPN `cvpn up` made; `unchanged`
/// says what a refusal leaves as it was.
pub async fn the_endpoint_named(connection: &Connection, name: &str, unchanged: &str) -> Result<Value, Failure> {
    let mut endpoints = endpoints_named(connection, name).await?;
    match (endpoints.pop(), endpoints.is_empty()) {
        (Some(endpoint), true) => Ok(endpoint),
        (None, _) => Err(Failure::usage(format!(
            "No endpoint is named {name}; `cvpn up {name} --subnet-id …` makes it. {unchanged}"
        ))),
        (Some(_), false) => Err(Failure::usage(format!("More than one endpoint is named {name}. {unchanged}"))),
    }
}

/// The endpoint a command was given: an endpoint ID, or a VPN name as `cvpn up` gave it (the one
/// endpoint named so); `unchanged` says what a refusal leaves as it was.
pub async fn the_endpoint(connection: &Connection, target: &str, unchanged: &str) -> Result<Value, Failure> {
    if !crate::validate::model_rules::is_id(target, crate::api::model::ENDPOINT_ID_PREFIX) {
        crate::provision::check_vpn_name(target)
            .map_err(|problem| Failure::usage(format!("{problem}. {unchanged}").trim_end().to_owned()))?;
        return the_endpoint_named(connection, target, unchanged).await;
    }
    let mut request = Document::new();
    request.insert("ClientVpnEndpointIds".to_owned(), Value::Array(vec![Value::String(target.to_owned())]));
    let endpoint = connection.every_item(&DESCRIBE_CLIENT_VPN_ENDPOINTS, request).await?.into_iter().next();
    endpoint.ok_or_else(|| {
        Failure::usage(format!("No endpoint {target}; `cvpn ls` lists them. {unchanged}").trim_end().to_owned())
    })
}

/// The certificates cvpn imported into ACM for VPN `name`.
pub async fn imported_certificates(connection: &Connection, name: &str) -> Result<Vec<String>, Failure> {
    let domain = crate::pki::server_dns_name(name);
    let mut ours = Vec::new();
    for arn in crate::aws::acm::with_domain(connection, &domain).await? {
        if crate::aws::acm::tag(connection, &arn, VPN_TAG).await?.as_deref() == Some(name) {
            ours.push(arn);
        }
    }
    Ok(ours)
}

/// Every item a describe of one endpoint lists (target networks, rules, routes).
pub async fn of_endpoint(
    describe: &crate::api::operation::Operation,
    connection: &Connection,
    endpoint: &str,
) -> Result<Vec<Value>, Failure> {
    let mut request = Document::new();
    request.insert("ClientVpnEndpointId".to_owned(), Value::String(endpoint.to_owned()));
    connection.every_item(describe, request).await
}

/// Sends a change (with a fresh ClientToken where the operation takes one, busy endpoints
/// retried); an error whose code is in `already` means the change is already so: `None`.
pub async fn change(
    operation: &'static crate::api::operation::Operation,
    connection: &Connection,
    request: Value,
    already: &[&str],
) -> Result<Option<Document>, Failure> {
    let Value::Object(request) = request else { return Err(Failure::other("a request is an object")) };
    let request = operation.with_client_token(request);
    match connection.send(operation, &request, None).await {
        Ok(crate::aws::ec2::Answer::Output(answer)) => Ok(Some(answer)),
        Ok(crate::aws::ec2::Answer::DryRun(_)) => {
            Err(Failure::other(format!("{} answered as a dry run", operation.name)))
        }
        Err(failure)
            if failure.service_error().and_then(|e| e.code.as_deref()).is_some_and(|code| already.contains(&code)) =>
        {
            Ok(None)
        }
        Err(failure) => Err(failure),
    }
}

/// How often `import_once` sends the import, and the pause before the second attempt (doubled
/// for each after it).
const IMPORT_ATTEMPTS: u32 = 3;
const IMPORT_FIRST_PAUSE: std::time::Duration = std::time::Duration::from_millis(500);

/// Imports VPN `name`'s server certificate at most once: after a failed attempt, whose answer
/// may have been lost after ACM imported it, the tagged certificate is looked for before the
/// import is sent again (throttling, a 5xx, a dropped connection).
pub async fn import_once(
    connection: &Connection,
    name: &str,
    server: &crate::pki::Identity,
    ca: &crate::pki::Identity,
) -> Result<String, Failure> {
    use crate::failure::FailureKind;
    let tags = [(NAME_TAG, name), (VPN_TAG, name)];
    let mut pause = IMPORT_FIRST_PAUSE;
    let mut attempt = 1;
    loop {
        let imported =
            crate::aws::acm::import(connection, &server.certificate_pem, &server.key_pem, &ca.certificate_pem, &tags)
                .await;
        let failure = match imported {
            Ok(arn) => return Ok(arn),
            Err(failure) => failure,
        };
        if let Some(arn) = imported_certificates(connection, name).await?.into_iter().next() {
            return Ok(arn);
        }
        let transient = match &failure.kind {
            FailureKind::Other => true,
            FailureKind::Service(service) => service.code.as_deref().is_some_and(|code| {
                code.starts_with("Throttling")
                    || matches!(code, "InternalFailure" | "InternalError" | "ServiceUnavailable" | "RequestTimeout")
            }),
            _ => false,
        };
        if !transient || attempt == IMPORT_ATTEMPTS {
            return Err(failure);
        }
        attempt += 1;
        tokio::time::sleep(pause).await;
        pause *= 2;
    }
}
