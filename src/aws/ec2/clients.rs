//! What clients get and do onto the SDK: the client configuration, the certificate revocation
//! list, and connections; and their answers back.

use aws_sdk_ec2::{Client, types};
use serde_json::Value;

use super::json::{Object, list, status_of};
use super::members::filters;
use super::{Answer, Call, finish};
use crate::api::operation::Document;
use crate::failure::Failure;
use crate::input::document::Members;

pub async fn export_configuration(client: &Client, call: &Call<'_>, request: &Document) -> Result<Answer, Failure> {
    let sent = client
        .export_client_vpn_client_configuration()
        .set_client_vpn_endpoint_id(request.text("ClientVpnEndpointId"))
        .set_dry_run(request.boolean("DryRun"))
        .send()
        .await;
    finish(sent, call, |output| Object::default().text("ClientConfiguration", output.client_configuration.as_deref()))
}

pub async fn import_revocation_list(client: &Client, call: &Call<'_>, request: &Document) -> Result<Answer, Failure> {
    let sent = client
        .import_client_vpn_client_certificate_revocation_list()
        .set_client_vpn_endpoint_id(request.text("ClientVpnEndpointId"))
        .set_certificate_revocation_list(request.text("CertificateRevocationList"))
        .set_dry_run(request.boolean("DryRun"))
        .send()
        .await;
    finish(sent, call, |output| Object::default().flag("Return", output.r#return))
}

pub async fn export_revocation_list(client: &Client, call: &Call<'_>, request: &Document) -> Result<Answer, Failure> {
    let sent = client
        .export_client_vpn_client_certificate_revocation_list()
        .set_client_vpn_endpoint_id(request.text("ClientVpnEndpointId"))
        .set_dry_run(request.boolean("DryRun"))
        .send()
        .await;
    finish(sent, call, |output| {
        Object::default()
            .text("CertificateRevocationList", output.certificate_revocation_list.as_deref())
            .put("Status", status_of!(output.status))
    })
}

fn connection(connection: &types::ClientVpnConnection) -> Value {
    Object::default()
        .text("ClientVpnEndpointId", connection.client_vpn_endpoint_id.as_deref())
        .text("Timestamp", connection.timestamp.as_deref())
        .text("ConnectionId", connection.connection_id.as_deref())
        .text("Username", connection.username.as_deref())
        .text("ConnectionEstablishedTime", connection.connection_established_time.as_deref())
        .text("IngressBytes", connection.ingress_bytes.as_deref())
        .text("EgressBytes", connection.egress_bytes.as_deref())
        .text("IngressPackets", connection.ingress_packets.as_deref())
        .text("EgressPackets", connection.egress_packets.as_deref())
        .text("ClientIp", connection.client_ip.as_deref())
        .text("ClientIpv6Address", connection.client_ipv6_address.as_deref())
        .text("CommonName", connection.common_name.as_deref())
        .put("Status", status_of!(connection.status))
        .text("ConnectionEndTime", connection.connection_end_time.as_deref())
        .texts("PostureComplianceStatuses", connection.posture_compliance_statuses.as_ref())
        .text("AuthorizationPolicyLastEvaluatedTime", connection.authorization_policy_last_evaluated_time.as_deref())
        .done()
}

pub async fn describe_connections(client: &Client, call: &Call<'_>, request: &Document) -> Result<Answer, Failure> {
    let sent = client
        .describe_client_vpn_connections()
        .set_client_vpn_endpoint_id(request.text("ClientVpnEndpointId"))
        .set_filters(filters(request))
        .set_next_token(request.text("NextToken"))
        .set_max_results(request.integer("MaxResults"))
        .set_dry_run(request.boolean("DryRun"))
        .send()
        .await;
    finish(sent, call, |output| {
        Object::default()
            .put("Connections", list(output.connections.as_ref(), connection))
            .text("NextToken", output.next_token.as_deref())
    })
}

pub async fn terminate_connections(client: &Client, call: &Call<'_>, request: &Document) -> Result<Answer, Failure> {
    let sent = client
        .terminate_client_vpn_connections()
        .set_client_vpn_endpoint_id(request.text("ClientVpnEndpointId"))
        .set_connection_id(request.text("ConnectionId"))
        .set_username(request.text("Username"))
        .set_dry_run(request.boolean("DryRun"))
        .send()
        .await;
    finish(sent, call, |output| {
        Object::default()
            .text("ClientVpnEndpointId", output.client_vpn_endpoint_id.as_deref())
            .text("Username", output.username.as_deref())
            .put(
                "ConnectionStatuses",
                list(output.connection_statuses.as_ref(), |status| {
                    Object::default()
                        .text("ConnectionId", status.connection_id.as_deref())
                        .put("PreviousStatus", status_of!(status.previous_status))
                        .put("CurrentStatus", status_of!(status.current_status))
                        .done()
                }),
            )
    })
}
