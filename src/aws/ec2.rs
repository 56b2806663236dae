//! The request model → aws-sdk-ec2 → the wire, and the answer back into cvpn's own types.
//! The only module that touches SDK input and output types.

use std::sync::{Arc, Mutex};
use std::time::Instant;

use aws_sdk_ec2 as ec2;
use ec2::config::http::HttpResponse;
use ec2::config::interceptors::{
    AfterDeserializationInterceptorContextRef, BeforeTransmitInterceptorContextRef, FinalizerInterceptorContextRef,
};
use ec2::config::{ConfigBag, Intercept, RuntimeComponents, SharedHttpClient};
use ec2::error::{BoxError, ProvideErrorMetadata, SdkError};
use ec2::operation::RequestId;
use ec2::operation::create_client_vpn_endpoint::{CreateClientVpnEndpointError, CreateClientVpnEndpointOutput};
use ec2::types;

use crate::api::create_request as model;
use crate::api::results::{CreateClientVpnEndpointResult, DryRunResult, EndpointStatus};
use crate::failure::{Failure, OPERATION, ServiceError};
use crate::output::printer;

use crate::aws::session::Session;

/// How a create ended when EC2 gave an answer cvpn understands.
pub enum Outcome {
    Created(CreateClientVpnEndpointResult),
    DryRun(DryRunResult),
}

/// Sees each attempt: counts them, remembers where they went and, with --debug, shows each
/// one (the form sent, the status, the time, the request id, the body received). It never looks
/// at request headers, so no signature, key or token can leak through it.
#[derive(Debug, Default, Clone)]
struct AttemptLog {
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
            printer::debug(&format!("request form: {body}"));
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
            printer::debug(&format!("response body: {}", String::from_utf8_lossy(body)));
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

impl AttemptLog {
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

/// The root element of a successful answer.
const RESPONSE_ROOT: &str = "CreateClientVpnEndpointResponse";

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

fn non_empty<T>(list: &Option<Vec<T>>) -> Option<&Vec<T>> {
    list.as_ref().filter(|list| !list.is_empty())
}

fn authentication(option: &model::AuthenticationRequest) -> types::ClientVpnAuthenticationRequest {
    types::ClientVpnAuthenticationRequest::builder()
        .set_type(option.r#type.as_deref().map(types::ClientVpnAuthenticationType::from))
        .set_active_directory(option.active_directory.as_ref().map(|ad| {
            types::DirectoryServiceAuthenticationRequest::builder().set_directory_id(ad.directory_id.clone()).build()
        }))
        .set_mutual_authentication(option.mutual_authentication.as_ref().map(|mutual| {
            types::CertificateAuthenticationRequest::builder()
                .set_client_root_certificate_chain_arn(mutual.client_root_certificate_chain_arn.clone())
                .build()
        }))
        .set_federated_authentication(option.federated_authentication.as_ref().map(|federated| {
            types::FederatedAuthenticationRequest::builder()
                .set_saml_provider_arn(federated.saml_provider_arn.clone())
                .set_self_service_saml_provider_arn(federated.self_service_saml_provider_arn.clone())
                .build()
        }))
        .build()
}

fn connection_log(options: &model::ConnectionLogOptions) -> types::ConnectionLogOptions {
    types::ConnectionLogOptions::builder()
        .set_enabled(options.enabled)
        .set_cloudwatch_log_group(options.cloudwatch_log_group.clone())
        .set_cloudwatch_log_stream(options.cloudwatch_log_stream.clone())
        .set_include_authorization_policy_context(options.include_authorization_policy_context)
        .build()
}

fn tag_specification(spec: &model::TagSpecification) -> types::TagSpecification {
    let tags = non_empty(&spec.tags).map(|tags| {
        tags.iter()
            .map(|tag| types::Tag::builder().set_key(tag.key.clone()).set_value(tag.value.clone()).build())
            .collect()
    });
    types::TagSpecification::builder()
        .set_resource_type(spec.resource_type.as_deref().map(types::ResourceType::from))
        .set_tags(tags)
        .build()
}

fn transit_gateway(config: &model::TransitGatewayConfiguration) -> types::TransitGatewayConfigurationInputStructure {
    types::TransitGatewayConfigurationInputStructure::builder()
        .set_transit_gateway_id(config.transit_gateway_id.clone())
        .set_availability_zones(non_empty(&config.availability_zones).cloned())
        .set_availability_zone_ids(non_empty(&config.availability_zone_ids).cloned())
        .build()
}

fn device_posture(options: &model::DevicePostureOptions) -> types::DevicePostureOptions {
    let providers = non_empty(&options.trust_providers).map(|providers| {
        providers
            .iter()
            .map(|provider| {
                types::ClientVpnTrustProviderRequest::builder()
                    .set_trust_provider_type(
                        provider.trust_provider_type.as_deref().map(types::ClientVpnDeviceTrustProviderType::from),
                    )
                    .set_tenant_id(provider.tenant_id.clone())
                    .set_public_signing_key_url(provider.public_signing_key_url.clone())
                    .build()
            })
            .collect()
    });
    types::DevicePostureOptions::builder().set_trust_providers(providers).set_enabled(options.enabled).build()
}

fn result_from(output: CreateClientVpnEndpointOutput) -> CreateClientVpnEndpointResult {
    CreateClientVpnEndpointResult {
        client_vpn_endpoint_id: output.client_vpn_endpoint_id,
        status: output.status.map(|status| EndpointStatus {
            code: status.code.map(|code| code.as_str().to_owned()),
            message: status.message,
        }),
        dns_name: output.dns_name,
    }
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

/// What to do when the request may have reached EC2 but its outcome is unknown.
pub fn retry_safely_note(client_token: &str) -> String {
    format!(
        "The request may have created an endpoint. It used ClientToken {client_token}: running the same command \
         with --client-token {client_token} is safe, as EC2 then returns that endpoint instead of creating another."
    )
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

/// Sorts an SDK error into cvpn's classes; a dry-run verdict is an answer, not a failure.
fn outcome_from_error(
    error: SdkError<CreateClientVpnEndpointError>,
    log: &AttemptLog,
    request: &model::CreateClientVpnEndpointRequest,
) -> Result<Outcome, Failure> {
    let endpoint = log.endpoint();
    let token = request.client_token.as_deref().unwrap_or_default();
    let unknown = |message: String| Failure::other(message).with_hint(retry_safely_note(token));
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
                ..ServiceError::ec2(OPERATION)
            };
            let hint = (status >= 500).then(|| retry_safely_note(token));
            let dry_run = request.dry_run == Some(true);
            let verdict = service.code.as_deref().filter(|_| dry_run).and_then(DryRunResult::verdict_for);
            match verdict {
                Some(verdict) => Ok(Outcome::DryRun(DryRunResult {
                    dry_run: verdict,
                    code: service.code_or_unknown().to_owned(),
                    message: service.message_or_unknown().to_owned(),
                    request_id: service.request_id,
                })),
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

pub async fn create_endpoint(
    session: &Session,
    request: &model::CreateClientVpnEndpointRequest,
    http_client: Option<SharedHttpClient>,
    debug: bool,
) -> Result<Outcome, Failure> {
    let log = AttemptLog { debug, ..Default::default() };
    let mut config = ec2::config::Builder::from(&session.config)
        .credentials_provider(session.credentials.clone())
        .interceptor(log.clone());
    if let Some(client) = http_client {
        config = config.http_client(client);
    }
    let config = config.build();
    let client = ec2::Client::from_conf(config);
    let sent = client
        .create_client_vpn_endpoint()
        .set_client_cidr_block(request.client_cidr_block.clone())
        .set_server_certificate_arn(request.server_certificate_arn.clone())
        .set_authentication_options(
            non_empty(&request.authentication_options).map(|options| options.iter().map(authentication).collect()),
        )
        .set_connection_log_options(request.connection_log_options.as_ref().map(connection_log))
        .set_dns_servers(non_empty(&request.dns_servers).cloned())
        .set_transport_protocol(request.transport_protocol.as_deref().map(types::TransportProtocol::from))
        .set_vpn_port(request.vpn_port)
        .set_description(request.description.clone())
        .set_split_tunnel(request.split_tunnel)
        .set_dry_run(request.dry_run)
        .set_client_token(request.client_token.clone())
        .set_tag_specifications(
            non_empty(&request.tag_specifications).map(|specs| specs.iter().map(tag_specification).collect()),
        )
        .set_security_group_ids(non_empty(&request.security_group_ids).cloned())
        .set_vpc_id(request.vpc_id.clone())
        .set_self_service_portal(request.self_service_portal.as_deref().map(types::SelfServicePortal::from))
        .set_client_connect_options(request.client_connect_options.as_ref().map(|options| {
            types::ClientConnectOptions::builder()
                .set_enabled(options.enabled)
                .set_lambda_function_arn(options.lambda_function_arn.clone())
                .build()
        }))
        .set_session_timeout_hours(request.session_timeout_hours)
        .set_client_login_banner_options(request.client_login_banner_options.as_ref().map(|options| {
            types::ClientLoginBannerOptions::builder()
                .set_enabled(options.enabled)
                .set_banner_text(options.banner_text.clone())
                .build()
        }))
        .set_client_route_enforcement_options(
            request
                .client_route_enforcement_options
                .as_ref()
                .map(|options| types::ClientRouteEnforcementOptions::builder().set_enforced(options.enforced).build()),
        )
        .set_disconnect_on_session_timeout(request.disconnect_on_session_timeout)
        .set_endpoint_ip_address_type(
            request.endpoint_ip_address_type.as_deref().map(types::EndpointIpAddressType::from),
        )
        .set_traffic_ip_address_type(request.traffic_ip_address_type.as_deref().map(types::TrafficIpAddressType::from))
        .set_transit_gateway_configuration(request.transit_gateway_configuration.as_ref().map(transit_gateway))
        .set_device_posture_options(request.device_posture_options.as_ref().map(device_posture))
        .send()
        .await;
    match sent {
        Ok(output) => {
            if let Some((status, body)) = log.last_answer()
                && !is_whole_document(&body, RESPONSE_ROOT)
            {
                let token = request.client_token.as_deref().unwrap_or_default();
                let answer = unreadable_answer(&log.endpoint(), status, &body, "it is not a whole EC2 answer");
                return Err(Failure::other(answer).with_hint(retry_safely_note(token)));
            }
            Ok(Outcome::Created(result_from(output)))
        }
        Err(error) => outcome_from_error(error, &log, request),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_whole_answers_count() {
        let whole = b"<?xml version=\"1.0\"?><CreateClientVpnEndpointResponse xmlns=\"x\"><status><code>a</code></status><empty/></CreateClientVpnEndpointResponse>";
        assert!(is_whole_document(whole, RESPONSE_ROOT));
        for broken in [
            &b"<CreateClientVpnEndpointResponse><clientVpnEndpointId>cvpn-endpoint-0"[..],
            b"",
            b"this is not xml",
            b"<Other></Other>",
            b"<CreateClientVpnEndpointResponse></CreateClientVpnEndpointResponse><CreateClientVpnEndpointResponse/>",
            b"<CreateClientVpnEndpointResponse><a></b></CreateClientVpnEndpointResponse>",
        ] {
            assert!(!is_whole_document(broken, RESPONSE_ROOT), "{}", String::from_utf8_lossy(broken));
        }
    }
}
