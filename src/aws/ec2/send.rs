//! Which SDK mapping sends an operation.

use aws_sdk_ec2::Client;

use super::{Answer, Call, authorization, clients, describe_client_vpn_endpoints, endpoints, routes};
use super::{target_networks, transit_gateway};
use crate::api::operation::{Document, Operation};
use crate::failure::Failure;

/// Sends `request` as `operation` and sorts what comes back.
pub async fn send(
    operation: &Operation,
    client: &Client,
    call: &Call<'_>,
    request: &Document,
) -> Result<Answer, Failure> {
    match operation.name {
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
