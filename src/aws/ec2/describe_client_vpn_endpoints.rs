//! DescribeClientVpnEndpoints: a request document onto the SDK builder, one page at a time, and
//! each endpoint back as the JSON the aws CLI prints, members in botocore's model order.

use aws_sdk_ec2 as ec2;
use ec2::types;
use serde_json::{Map, Value};

use super::json::{Object, list, status};
use super::members::{filters, strings};
use super::{Answer, Call, finish};
use crate::failure::Failure;
use crate::input::document::Members;

fn authentication(option: &types::ClientVpnAuthentication) -> Value {
    Object::default()
        .text("Type", option.r#type.as_ref().map(|kind| kind.as_str()))
        .put(
            "ActiveDirectory",
            option
                .active_directory
                .as_ref()
                .map(|ad| Object::default().text("DirectoryId", ad.directory_id.as_deref()).done()),
        )
        .put(
            "MutualAuthentication",
            option.mutual_authentication.as_ref().map(|mutual| {
                Object::default()
                    .text("ClientRootCertificateChain", mutual.client_root_certificate_chain.as_deref())
                    .done()
            }),
        )
        .put(
            "FederatedAuthentication",
            option.federated_authentication.as_ref().map(|federated| {
                Object::default()
                    .text("SamlProviderArn", federated.saml_provider_arn.as_deref())
                    .text("SelfServiceSamlProviderArn", federated.self_service_saml_provider_arn.as_deref())
                    .done()
            }),
        )
        .done()
}

fn endpoint(endpoint: &types::ClientVpnEndpoint) -> Value {
    Object::default()
        .text("ClientVpnEndpointId", endpoint.client_vpn_endpoint_id.as_deref())
        .text("Description", endpoint.description.as_deref())
        .put(
            "Status",
            endpoint.status.as_ref().map(|s| status(s.code.as_ref().map(|code| code.as_str()), s.message.as_deref())),
        )
        .text("CreationTime", endpoint.creation_time.as_deref())
        .text("DeletionTime", endpoint.deletion_time.as_deref())
        .text("DnsName", endpoint.dns_name.as_deref())
        .text("ClientCidrBlock", endpoint.client_cidr_block.as_deref())
        .texts("DnsServers", endpoint.dns_servers.as_ref())
        .flag("SplitTunnel", endpoint.split_tunnel)
        .text("VpnProtocol", endpoint.vpn_protocol.as_ref().map(|protocol| protocol.as_str()))
        .text("TransportProtocol", endpoint.transport_protocol.as_ref().map(|protocol| protocol.as_str()))
        .number("VpnPort", endpoint.vpn_port)
        .put(
            "AssociatedTargetNetworks",
            #[allow(deprecated)]
            list(endpoint.associated_target_networks.as_ref(), |network| {
                Object::default()
                    .text("NetworkId", network.network_id.as_deref())
                    .text("NetworkType", network.network_type.as_ref().map(|kind| kind.as_str()))
                    .done()
            }),
        )
        .text("ServerCertificateArn", endpoint.server_certificate_arn.as_deref())
        .put("AuthenticationOptions", list(endpoint.authentication_options.as_ref(), authentication))
        .put(
            "ConnectionLogOptions",
            endpoint.connection_log_options.as_ref().map(|options| {
                Object::default()
                    .flag("Enabled", options.enabled)
                    .text("CloudwatchLogGroup", options.cloudwatch_log_group.as_deref())
                    .text("CloudwatchLogStream", options.cloudwatch_log_stream.as_deref())
                    .flag("IncludeAuthorizationPolicyContext", options.include_authorization_policy_context)
                    .done()
            }),
        )
        .put(
            "Tags",
            list(endpoint.tags.as_ref(), |tag| {
                Object::default().text("Key", tag.key.as_deref()).text("Value", tag.value.as_deref()).done()
            }),
        )
        .texts("SecurityGroupIds", endpoint.security_group_ids.as_ref())
        .text("VpcId", endpoint.vpc_id.as_deref())
        .text("SelfServicePortalUrl", endpoint.self_service_portal_url.as_deref())
        .put(
            "ClientConnectOptions",
            endpoint.client_connect_options.as_ref().map(|options| {
                Object::default()
                    .flag("Enabled", options.enabled)
                    .text("LambdaFunctionArn", options.lambda_function_arn.as_deref())
                    .put(
                        "Status",
                        options
                            .status
                            .as_ref()
                            .map(|s| status(s.code.as_ref().map(|code| code.as_str()), s.message.as_deref())),
                    )
                    .done()
            }),
        )
        .number("SessionTimeoutHours", endpoint.session_timeout_hours)
        .put(
            "ClientLoginBannerOptions",
            endpoint.client_login_banner_options.as_ref().map(|options| {
                Object::default()
                    .flag("Enabled", options.enabled)
                    .text("BannerText", options.banner_text.as_deref())
                    .done()
            }),
        )
        .put(
            "ClientRouteEnforcementOptions",
            endpoint
                .client_route_enforcement_options
                .as_ref()
                .map(|options| Object::default().flag("Enforced", options.enforced).done()),
        )
        .flag("DisconnectOnSessionTimeout", endpoint.disconnect_on_session_timeout)
        .text("EndpointIpAddressType", endpoint.endpoint_ip_address_type.as_ref().map(|kind| kind.as_str()))
        .text("TrafficIpAddressType", endpoint.traffic_ip_address_type.as_ref().map(|kind| kind.as_str()))
        .put(
            "TransitGatewayConfiguration",
            endpoint.transit_gateway_configuration.as_ref().map(|config| {
                Object::default()
                    .text("TransitGatewayId", config.transit_gateway_id.as_deref())
                    .text("TransitGatewayAttachmentId", config.transit_gateway_attachment_id.as_deref())
                    .texts("AvailabilityZones", config.availability_zones.as_ref())
                    .texts("AvailabilityZoneIds", config.availability_zone_ids.as_ref())
                    .done()
            }),
        )
        .put(
            "DevicePostureOptions",
            endpoint.device_posture_options.as_ref().map(|options| {
                Object::default()
                    .put(
                        "TrustProviders",
                        list(options.trust_providers.as_ref(), |provider| {
                            Object::default()
                                .text(
                                    "TrustProviderType",
                                    provider.trust_provider_type.as_ref().map(|kind| kind.as_str()),
                                )
                                .text("TenantId", provider.tenant_id.as_deref())
                                .text("PublicSigningKeyUrl", provider.public_signing_key_url.as_deref())
                                .done()
                        }),
                    )
                    .done()
            }),
        )
        .done()
}

/// One request: the document's members as they are (the pager sets each page's token and size).
pub async fn send(client: &ec2::Client, call: &Call<'_>, request: &Map<String, Value>) -> Result<Answer, Failure> {
    let sent = client
        .describe_client_vpn_endpoints()
        .set_client_vpn_endpoint_ids(strings(request, "ClientVpnEndpointIds"))
        .set_max_results(request.integer("MaxResults"))
        .set_next_token(request.text("NextToken"))
        .set_filters(filters(request))
        .set_dry_run(request.boolean("DryRun"))
        .send()
        .await;
    finish(sent, call, |output| {
        Object::default()
            .put("ClientVpnEndpoints", list(output.client_vpn_endpoints.as_ref(), endpoint))
            .text("NextToken", output.next_token.as_deref())
    })
}
