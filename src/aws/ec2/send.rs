//! Sending an operation: which SDK mapping sends it, a busy endpoint's retries, and every page
//! of a describe.

use aws_sdk_ec2::Client;
use serde_json::Value;

use super::{Answer, AttemptLog, Call, authorization, clients, create_client_vpn_endpoint, endpoints, routes};
use super::{describe_client_vpn_endpoints, target_networks, transit_gateway};
use crate::api::operation::{Document, Operation};
use crate::failure::Failure;

/// Sends `request` as `operation` and sorts what comes back.
pub(in crate::aws) async fn send(
    operation: &Operation,
    client: &Client,
    call: &Call<'_>,
    request: &Document,
) -> Result<Answer, Failure> {
    match operation.name {
        "CreateClientVpnEndpoint" => create_client_vpn_endpoint::create(client, call, request).await,
        "DescribeClientVpnEndpoints" => describe_client_vpn_endpoints::send(client, call, request).await,
        "ModifyClientVpnEndpoint" => endpoints::modify(client, call, request).await,
        "DeleteClientVpnEndpoint" => endpoints::delete(client, call, request).await,
        "AssociateClientVpnTargetNetwork" => target_networks::associate(client, call, request).await,
        "DisassociateClientVpnTargetNetwork" => target_networks::disassociate(client, call, request).await,
        "DescribeClientVpnTargetNetworks" => target_networks::describe(client, call, request).await,
        "ApplySecurityGroupsToClientVpnTargetNetwork" => {
            target_networks::apply_security_groups(client, call, request).await
        }
        "AcceptTransitGatewayClientVpnAttachment" => transit_gateway::accept(client, call, request).await,
        "RejectTransitGatewayClientVpnAttachment" => transit_gateway::reject(client, call, request).await,
        "DeleteTransitGatewayClientVpnAttachment" => transit_gateway::delete(client, call, request).await,
        "AuthorizeClientVpnIngress" => authorization::authorize(client, call, request).await,
        "RevokeClientVpnIngress" => authorization::revoke(client, call, request).await,
        "DescribeClientVpnAuthorizationRules" => authorization::describe(client, call, request).await,
        "GetClientVpnEndpointAuthorizationPolicy" => authorization::get_policy(client, call, request).await,
        "ModifyClientVpnEndpointAuthorizationPolicy" => authorization::modify_policy(client, call, request).await,
        "DeleteClientVpnEndpointAuthorizationPolicy" => authorization::delete_policy(client, call, request).await,
        "CreateClientVpnRoute" => routes::create(client, call, request).await,
        "DeleteClientVpnRoute" => routes::delete(client, call, request).await,
        "DescribeClientVpnRoutes" => routes::describe(client, call, request).await,
        "ExportClientVpnClientConfiguration" => clients::export_configuration(client, call, request).await,
        "ImportClientVpnClientCertificateRevocationList" => {
            clients::import_revocation_list(client, call, request).await
        }
        "ExportClientVpnClientCertificateRevocationList" => {
            clients::export_revocation_list(client, call, request).await
        }
        "DescribeClientVpnConnections" => clients::describe_connections(client, call, request).await,
        "TerminateClientVpnConnections" => clients::terminate_connections(client, call, request).await,
        other => Err(Failure::other(format!("cvpn cannot send {other} yet"))),
    }
}

/// How often, and after how long, a change that finds the endpoint busy is sent again.
const BUSY_RETRIES: u32 = 4;
const BUSY_FIRST_DELAY: std::time::Duration = std::time::Duration::from_millis(500);

/// Sends the request; a change that finds the endpoint busy (ConcurrentMutationLimitExceeded,
/// IncorrectState) is sent again after 0.5, 1, 2 and 4 seconds.
pub(in crate::aws) async fn send_with_retries(
    operation: &Operation,
    client: &Client,
    log: &AttemptLog,
    request: &Document,
    unknown_outcome_hint: Option<String>,
) -> Result<Answer, Failure> {
    use crate::failure::FailureKind;
    let mut delay = BUSY_FIRST_DELAY;
    let mut retries = 0;
    loop {
        let call = Call {
            operation: operation.name,
            log,
            dry_run: request.get("DryRun") == Some(&Value::Bool(true)),
            unknown_outcome_hint: unknown_outcome_hint.clone(),
        };
        let outcome = send(operation, client, &call, request).await;
        let busy = match &outcome {
            Err(Failure { kind: FailureKind::Service(service), .. }) => {
                service.code.as_deref().is_some_and(|code| crate::api::lifecycle_errors::RETRIED.contains(&code))
            }
            _ => false,
        };
        // Only an endpoint gets busy; a transit gateway attachment in the wrong state stays so.
        let on_endpoint = operation.member("ClientVpnEndpointId").is_some();
        if !busy || !operation.changes || !on_endpoint || retries == BUSY_RETRIES {
            return outcome;
        }
        retries += 1;
        crate::output::printer::note(&format!(
            "The endpoint is busy; sending {} again in {:.1}s (retry {retries} of {BUSY_RETRIES})",
            operation.name,
            delay.as_secs_f64()
        ));
        tokio::time::sleep(delay).await;
        delay *= 2;
    }
}

/// Every item of every page of a describe, on this client.
pub(in crate::aws) async fn every_item(
    operation: &Operation,
    client: &Client,
    log: &AttemptLog,
    mut request: Document,
) -> Result<Vec<Value>, Failure> {
    let pagination = operation.pagination.as_ref().expect("a describe that pages");
    let mut items = Vec::new();
    loop {
        let call = Call { operation: operation.name, log, dry_run: false, unknown_outcome_hint: None };
        let Answer::Output(page) = send(operation, client, &call, &request).await? else {
            return Err(Failure::other("a describe answered as a dry run"));
        };
        if let Some(Value::Array(found)) = page.get(pagination.result_key) {
            items.extend(found.iter().cloned());
        }
        match page.get(pagination.output_token).and_then(Value::as_str) {
            Some(token) if !token.is_empty() => {
                request.insert(pagination.input_token.to_owned(), Value::String(token.to_owned()));
            }
            _ => return Ok(items),
        }
    }
}
