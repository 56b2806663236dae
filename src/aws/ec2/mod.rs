//! EC2 through aws-sdk-ec2: the client, the attempt log, and the sorting of what comes back into
//! answers and failures. A module per resource maps each operation's request document onto the
//! SDK builder and the answer back into the JSON the aws CLI prints; `send.rs` picks the mapping
//! of an operation.

pub mod authorization;
pub mod clients;
pub mod create_client_vpn_endpoint;
pub mod describe_client_vpn_endpoints;
pub mod endpoints;
pub mod json;
pub mod members;
pub mod network;
pub mod routes;
pub mod send;
pub mod tags;
pub mod target_networks;
pub mod transit_gateway;

use std::sync::{Arc, Mutex};
use std::time::Instant;

use aws_sdk_ec2 as ec2;
use ec2::config::http::HttpResponse;
use ec2::config::interceptors::{
    AfterDeserializationInterceptorContextRef, BeforeSerializationInterceptorContextRef,
    BeforeTransmitInterceptorContextRef, FinalizerInterceptorContextRef,
};
use ec2::config::{ConfigBag, Intercept, RuntimeComponents, SharedHttpClient};
use ec2::error::{BoxError, ProvideErrorMetadata, SdkError};
use ec2::operation::RequestId;

use crate::api::results::DryRunResult;
use crate::failure::{Failure, ServiceError};
use crate::output::printer;

use crate::aws::session::Session;

/// Sees each attempt: counts a call's attempts, remembers where they went and, with --debug,
/// shows each one (the form sent, the status, the time, the request id, the body received). It
/// never looks at request headers, so no signature, key or token can leak through it. One log
/// serves every call of a command, one after another: each call starts its count afresh.
#[derive(Debug, Default, Clone)]
pub struct AttemptLog {
    debug: bool,
    seen: Arc<Mutex<Attempts>>,
}

#[derive(Debug, Default)]
struct Attempts {
    count: u32,
    endpoint: Option<String>,
    started: Option<Instant>,
    /// The last answer's status and body, to check that a success was a whole EC2 document.
    last_answer: Option<(u16, Vec<u8>)>,
}

impl Intercept for AttemptLog {
    fn name(&self) -> &'static str {
        "cvpn-attempt-log"
    }

    fn read_before_execution(
        &self,
        _context: &BeforeSerializationInterceptorContextRef<'_>,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let mut seen = self.seen.lock().expect("attempt log lock");
        seen.count = 0;
        seen.last_answer = None;
        Ok(())
    }

    fn read_before_transmit(
        &self,
        context: &BeforeTransmitInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let request = context.request();
        let mut seen = self.seen.lock().expect("attempt log lock");
        seen.count += 1;
        seen.endpoint = Some(request.uri().to_owned());
        seen.started = Some(Instant::now());
        if self.debug {
            let body = request.body().bytes().map(String::from_utf8_lossy).unwrap_or_default();
            printer::debug(&format!("attempt {}: {} {}", seen.count, request.method(), request.uri()));
            printer::debug(&format!("request body: {}", without_secrets(&body)));
        }
        Ok(())
    }

    fn read_after_deserialization(
        &self,
        context: &AfterDeserializationInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let response = context.response();
        let body = response.body().bytes().unwrap_or_default();
        if self.debug {
            printer::debug(&format!("response body: {}", without_secrets(&String::from_utf8_lossy(body))));
        }
        self.seen.lock().expect("attempt log lock").last_answer = Some((response.status().as_u16(), body.to_vec()));
        Ok(())
    }

    fn read_after_attempt(
        &self,
        context: &FinalizerInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        if self.debug {
            let seen = self.seen.lock().expect("attempt log lock");
            let elapsed = seen.started.map(|started| started.elapsed().as_secs_f64() * 1000.0).unwrap_or_default();
            let outcome = match context.response() {
                Some(response) => {
                    let id = response.headers().get("x-amzn-requestid").unwrap_or("none");
                    format!("HTTP {} in {elapsed:.1} ms, request id {id}", response.status().as_u16())
                }
                None => format!("no answer after {elapsed:.1} ms"),
            };
            printer::debug(&format!("attempt {}: {outcome}", seen.count));
        }
        Ok(())
    }
}

/// A request or answer body fit for `--debug`: an ACM import carries a private key, a secret's
/// value (PutSecretValue, GetSecretValue) a VPN's whole PKI; each is replaced.
fn without_secrets(body: &str) -> String {
    const SECRET_MEMBERS: [&str; 3] = ["PrivateKey", "SecretString", "SecretBinary"];
    match serde_json::from_str::<serde_json::Value>(body) {
        Ok(serde_json::Value::Object(mut members)) => {
            for name in SECRET_MEMBERS {
                if let Some(value) = members.get_mut(name) {
                    *value = serde_json::Value::String("<redacted>".to_owned());
                }
            }
            serde_json::Value::Object(members).to_string()
        }
        _ if SECRET_MEMBERS.iter().any(|name| body.contains(name)) => "<not shown: it holds a secret>".to_owned(),
        _ => body.to_owned(),
    }
}

impl AttemptLog {
    /// A log for one command's calls; with `debug`, each attempt is shown.
    pub fn new(debug: bool) -> AttemptLog {
        AttemptLog { debug, ..Default::default() }
    }

    fn endpoint(&self) -> String {
        self.seen.lock().expect("attempt log lock").endpoint.clone().unwrap_or_else(|| "the EC2 endpoint".to_owned())
    }

    fn retries(&self) -> u32 {
        self.seen.lock().expect("attempt log lock").count.saturating_sub(1)
    }

    fn last_answer(&self) -> Option<(u16, Vec<u8>)> {
        self.seen.lock().expect("attempt log lock").last_answer.clone()
    }
}

/// Whether `body` is one whole XML document rooted at `root`. The SDK's reader forgives a cut-off
/// answer; cvpn must not print half an answer as a success.
fn is_whole_document(body: &[u8], root: &str) -> bool {
    let Ok(text) = std::str::from_utf8(body) else { return false };
    let mut open: Vec<&str> = Vec::new();
    let mut root_seen = false;
    for token in xmlparser::Tokenizer::from(text) {
        match token {
            Err(_) => return false,
            Ok(xmlparser::Token::ElementStart { local, .. }) => {
                if open.is_empty() {
                    if root_seen || local.as_str() != root {
                        return false;
                    }
                    root_seen = true;
                }
                open.push(local.as_str());
            }
            Ok(xmlparser::Token::ElementEnd { end, .. }) => match end {
                xmlparser::ElementEnd::Open => {}
                xmlparser::ElementEnd::Close(_, local) => {
                    if open.pop() != Some(local.as_str()) {
                        return false;
                    }
                }
                xmlparser::ElementEnd::Empty => {
                    open.pop();
                }
            },
            Ok(_) => {}
        }
    }
    root_seen && open.is_empty()
}

/// An answer that is not what EC2 sends, and why: what came back, shortened, so a person can
/// see what answered.
fn unreadable_answer(endpoint: &str, status: u16, body: &[u8], why: &str) -> String {
    let body = String::from_utf8_lossy(body);
    let shown: String = body.chars().take(300).collect();
    let shortened = if body.chars().count() > 300 { " (shortened)" } else { "" };
    format!("Unable to parse the response from \"{endpoint}\" (HTTP {status}): {why}.\nReceived{shortened}: {shown:?}")
}

fn not_ec2_xml(endpoint: &str, response: &HttpResponse) -> String {
    let body = response.body().bytes().unwrap_or_default();
    unreadable_answer(endpoint, response.status().as_u16(), body, "it is not the XML EC2 answers with")
}

/// The chain of errors below `error`, as text, for messages.
fn causes(error: &(dyn std::error::Error + 'static)) -> String {
    let mut texts = Vec::new();
    let mut source = error.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !texts.contains(&text) {
            texts.push(text);
        }
        source = cause.source();
    }
    texts.join(": ")
}

fn refused(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(cause) = current {
        if cause.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::ConnectionRefused) {
            return true;
        }
        current = cause.source();
    }
    false
}

/// What one call is, for sorting its errors.
pub struct Call<'a> {
    pub operation: &'static str,
    pub log: &'a AttemptLog,
    /// The request asked for a dry run: DryRunOperation and UnauthorizedOperation are verdicts.
    pub dry_run: bool,
    /// What to tell the user when the request may have been acted on but no answer says so.
    pub unknown_outcome_hint: Option<String>,
}

/// Sorts an SDK error into cvpn's classes; a dry-run verdict is an answer, not a failure.
pub fn sort_error<E>(error: SdkError<E, HttpResponse>, call: &Call<'_>) -> Result<DryRunResult, Failure>
where
    E: ProvideErrorMetadata + RequestId + std::error::Error + Send + Sync + 'static,
{
    let log = call.log;
    let endpoint = log.endpoint();
    let unknown =
        |message: String| call.unknown_outcome_hint.iter().cloned().fold(Failure::other(message), Failure::with_hint);
    match error {
        // An answer without an error code is not an EC2 error envelope: nothing EC2 said can be read.
        SdkError::ServiceError(context) if context.err().code().is_none() => {
            Err(unknown(not_ec2_xml(&endpoint, context.raw())))
        }
        SdkError::ServiceError(context) => {
            let status = context.raw().status().as_u16();
            let error = context.err();
            let service = ServiceError {
                code: error.code().map(str::to_owned),
                message: error.message().map(str::to_owned),
                request_id: error.request_id().map(str::to_owned),
                retries: log.retries(),
                ..ServiceError::ec2(call.operation)
            };
            // A 5xx may have been acted on: the outcome is unknown.
            let hint = if status >= 500 { call.unknown_outcome_hint.clone() } else { None };
            let verdict = service.code.as_deref().filter(|_| call.dry_run).and_then(DryRunResult::verdict_for);
            match verdict {
                Some(verdict) => Ok(DryRunResult {
                    dry_run: verdict,
                    code: service.code_or_unknown().to_owned(),
                    message: service.message_or_unknown().to_owned(),
                    request_id: service.request_id,
                }),
                None => Err(hint.into_iter().fold(Failure::service(service), Failure::with_hint)),
            }
        }
        SdkError::TimeoutError(_) => Err(unknown(format!("Timed out waiting for the endpoint URL: \"{endpoint}\""))),
        SdkError::DispatchFailure(failure) => {
            let Some(connector) = failure.as_connector_error() else {
                return Err(Failure::other(format!("Could not send the request to \"{endpoint}\"")));
            };
            if connector.is_timeout() {
                let what = if log.retries() > 0 { " on every attempt" } else { "" };
                return Err(unknown(format!(
                    "Read timeout on endpoint URL: \"{endpoint}\": no answer within --cli-read-timeout{what} ({})",
                    causes(connector)
                )));
            }
            if refused(connector) {
                return Err(Failure::other(format!(
                    "Could not connect to the endpoint URL: \"{endpoint}\" (connection refused; nothing was sent)"
                )));
            }
            let cause = causes(connector);
            // hyper reports a failure to connect (DNS, TCP, TLS handshake) as "(Connect)": the
            // request was never written, so the outcome is known.
            if cause.contains("(Connect)") {
                return Err(Failure::other(format!(
                    "Could not connect to the endpoint URL: \"{endpoint}\" ({cause}; nothing was sent)"
                )));
            }
            Err(unknown(format!("The connection to the endpoint URL \"{endpoint}\" failed: {cause}")))
        }
        SdkError::ResponseError(context) => Err(unknown(not_ec2_xml(&endpoint, context.raw()))),
        other => Err(Failure::other(format!(
            "The request to \"{endpoint}\" failed: {}",
            ec2::error::DisplayErrorContext(&other)
        ))),
    }
}

/// A call that is not a Client VPN operation of cvpn's (a VPC read, a tag change): never a dry run.
pub(super) fn plain_call<'a>(operation: &'static str, log: &'a AttemptLog) -> Call<'a> {
    Call { operation, log, dry_run: false, unknown_outcome_hint: None }
}

/// A plain call's failure, sorted as every call's is.
pub(super) fn plain_failure<E>(error: SdkError<E, HttpResponse>, call: &Call<'_>) -> Failure
where
    E: ProvideErrorMetadata + RequestId + std::error::Error + Send + Sync + 'static,
{
    sort_error(error, call).err().unwrap_or_else(|| Failure::other("a dry run answer"))
}

/// A client for one command's calls: the session's settings and credentials, the HTTP client
/// the endpoint needs, and the attempt log that sees every attempt.
pub(in crate::aws) fn client(
    session: &Session,
    http_client: Option<SharedHttpClient>,
    debug: bool,
) -> (ec2::Client, AttemptLog) {
    let log = AttemptLog::new(debug);
    let mut config = ec2::config::Builder::from(&session.config)
        .credentials_provider(session.credentials.clone())
        .interceptor(log.clone());
    if let Some(client) = http_client {
        config = config.http_client(client);
    }
    (ec2::Client::from_conf(config.build()), log)
}

/// What one call brought back: the answer, members in botocore's order, or a dry run's verdict.
#[derive(Debug)]
pub enum Answer {
    Output(serde_json::Map<String, serde_json::Value>),
    DryRun(DryRunResult),
}

/// The end of one call: a whole answer as JSON, a dry run's verdict, or the failure sorted.
pub fn finish<O, E>(
    sent: Result<O, SdkError<E, HttpResponse>>,
    call: &Call<'_>,
    answer: impl FnOnce(O) -> json::Object,
) -> Result<Answer, Failure>
where
    E: ProvideErrorMetadata + RequestId + std::error::Error + Send + Sync + 'static,
{
    match sent {
        Ok(output) => {
            check_whole_answer(call, &format!("{}Response", call.operation))?;
            Ok(Answer::Output(answer(output).members()))
        }
        Err(error) => sort_error(error, call).map(Answer::DryRun),
    }
}

/// After a success: the SDK's reader forgives a cut-off answer, cvpn does not.
pub fn check_whole_answer(call: &Call<'_>, root: &str) -> Result<(), Failure> {
    if let Some((status, body)) = call.log.last_answer()
        && !is_whole_document(&body, root)
    {
        let answer = unreadable_answer(&call.log.endpoint(), status, &body, "it is not a whole EC2 answer");
        return Err(call.unknown_outcome_hint.iter().cloned().fold(Failure::other(answer), Failure::with_hint));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_private_key_never_reaches_debug() {
        let body = r#"{"Certificate":"Q0VSVA==","PrivateKey":"S0VZ","Tags":[{"Key":"Name","Value":"office"}]}"#;
        let shown = without_secrets(body);
        assert!(!shown.contains("S0VZ"), "{shown}");
        assert!(shown.contains(r#""PrivateKey":"<redacted>""#) && shown.contains("Q0VSVA=="), "{shown}");
        assert_eq!(without_secrets("Action=DescribeVpcs"), "Action=DescribeVpcs");
        assert!(!without_secrets("{\"PrivateKey\": trunc").contains("trunc"));
    }

    #[test]
    fn only_whole_answers_count() {
        let whole = b"<?xml version=\"1.0\"?><CreateClientVpnEndpointResponse xmlns=\"x\"><status><code>a</code></status><empty/></CreateClientVpnEndpointResponse>";
        assert!(is_whole_document(whole, "CreateClientVpnEndpointResponse"));
        for broken in [
            &b"<CreateClientVpnEndpointResponse><clientVpnEndpointId>cvpn-endpoint-0"[..],
            b"",
            b"this is not xml",
            b"<Other></Other>",
            b"<CreateClientVpnEndpointResponse></CreateClientVpnEndpointResponse><CreateClientVpnEndpointResponse/>",
            b"<CreateClientVpnEndpointResponse><a></b></CreateClientVpnEndpointResponse>",
        ] {
            assert!(
                !is_whole_document(broken, "CreateClientVpnEndpointResponse"),
                "{}",
                String::from_utf8_lossy(broken)
            );
        }
    }
}
