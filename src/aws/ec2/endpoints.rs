//! ModifyClientVpnEndpoint and DeleteClientVpnEndpoint onto the SDK, and their answers back.

use aws_sdk_ec2::{Client, types};

use super::json::{Object, status_of};
use super::members::{
    client_connect_options, client_login_banner_options, client_route_enforcement_options, connection_log_options,
    device_posture_options, strings, transit_gateway_configuration,
};
use super::{Answer, Call, finish};
use crate::api::operation::Document;
use crate::failure::Failure;
use crate::input::document::Members;

pub async fn modify(client: &Client, call: &Call<'_>, request: &Document) -> Result<Answer, Failure> {
    let sent = client
        .modify_client_vpn_endpoint()
        .set_client_vpn_endpoint_id(request.text("ClientVpnEndpointId"))
        .set_server_certificate_arn(request.text("ServerCertificateArn"))
        .set_connection_log_options(request.object("ConnectionLogOptions").map(connection_log_options))
        .set_dns_servers(request.object("DnsServers").map(|servers| {
            types::DnsServersOptionsModifyStructure::builder()
                .set_custom_dns_servers(strings(servers, "CustomDnsServers"))
                .set_enabled(servers.boolean("Enabled"))
                .build()
        }))
        .set_vpn_port(request.integer("VpnPort"))
        .set_description(request.text("Description"))
        .set_split_tunnel(request.boolean("SplitTunnel"))
        .set_dry_run(request.boolean("DryRun"))
        .set_security_group_ids(strings(request, "SecurityGroupIds"))
        .set_vpc_id(request.text("VpcId"))
        .set_self_service_portal(request.text("SelfServicePortal").as_deref().map(types::SelfServicePortal::from))
        .set_client_connect_options(request.object("ClientConnectOptions").map(client_connect_options))
        .set_session_timeout_hours(request.integer("SessionTimeoutHours"))
        .set_client_login_banner_options(request.object("ClientLoginBannerOptions").map(client_login_banner_options))
        .set_client_route_enforcement_options(
            request.object("ClientRouteEnforcementOptions").map(client_route_enforcement_options),
        )
        .set_disconnect_on_session_timeout(request.boolean("DisconnectOnSessionTimeout"))
        .set_transit_gateway_configuration(
            request.object("TransitGatewayConfiguration").map(transit_gateway_configuration),
        )
        .set_device_posture_options(request.object("DevicePostureOptions").map(device_posture_options))
        .send()
        .await;
    finish(sent, call, |output| Object::default().flag("Return", output.r#return))
}

pub async fn delete(client: &Client, call: &Call<'_>, request: &Document) -> Result<Answer, Failure> {
    let sent = client
        .delete_client_vpn_endpoint()
        .set_client_vpn_endpoint_id(request.text("ClientVpnEndpointId"))
        .set_dry_run(request.boolean("DryRun"))
        .send()
        .await;
    finish(sent, call, |output| Object::default().put("Status", status_of!(output.status)))
}
