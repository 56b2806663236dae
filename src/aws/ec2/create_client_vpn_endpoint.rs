//! CreateClientVpnEndpoint: the request document onto the SDK builder, and the answer back as
//! the JSON the aws CLI prints.

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

/// The structures of a list member mapped onto SDK types, when it holds any.
fn structures<T>(structure: &Document, name: &str, map: impl Fn(&Document) -> T) -> Option<Vec<T>> {
    structure.non_empty_list(name).map(|_| structure.objects(name).into_iter().map(map).collect())
}

fn authentication(option: &Document) -> types::ClientVpnAuthenticationRequest {
    types::ClientVpnAuthenticationRequest::builder()
        .set_type(option.text("Type").as_deref().map(types::ClientVpnAuthenticationType::from))
        .set_active_directory(option.object("ActiveDirectory").map(|ad| {
            types::DirectoryServiceAuthenticationRequest::builder().set_directory_id(ad.text("DirectoryId")).build()
        }))
        .set_mutual_authentication(option.object("MutualAuthentication").map(|mutual| {
            types::CertificateAuthenticationRequest::builder()
                .set_client_root_certificate_chain_arn(mutual.text("ClientRootCertificateChainArn"))
                .build()
        }))
        .set_federated_authentication(option.object("FederatedAuthentication").map(|federated| {
            types::FederatedAuthenticationRequest::builder()
                .set_saml_provider_arn(federated.text("SAMLProviderArn"))
                .set_self_service_saml_provider_arn(federated.text("SelfServiceSAMLProviderArn"))
                .build()
        }))
        .build()
}

fn tag_specification(spec: &Document) -> types::TagSpecification {
    let tags = structures(spec, "Tags", |tag| {
        types::Tag::builder().set_key(tag.text("Key")).set_value(tag.text("Value")).build()
    });
    types::TagSpecification::builder()
        .set_resource_type(spec.text("ResourceType").as_deref().map(types::ResourceType::from))
        .set_tags(tags)
        .build()
}

pub async fn create(client: &Client, call: &Call<'_>, request: &Document) -> Result<Answer, Failure> {
    let sent = client
        .create_client_vpn_endpoint()
        .set_client_cidr_block(request.text("ClientCidrBlock"))
        .set_server_certificate_arn(request.text("ServerCertificateArn"))
        .set_authentication_options(structures(request, "AuthenticationOptions", authentication))
        .set_connection_log_options(request.object("ConnectionLogOptions").map(connection_log_options))
        .set_dns_servers(strings(request, "DnsServers"))
        .set_transport_protocol(request.text("TransportProtocol").as_deref().map(types::TransportProtocol::from))
        .set_vpn_port(request.integer("VpnPort"))
        .set_description(request.text("Description"))
        .set_split_tunnel(request.boolean("SplitTunnel"))
        .set_dry_run(request.boolean("DryRun"))
        .set_client_token(request.text("ClientToken"))
        .set_tag_specifications(structures(request, "TagSpecifications", tag_specification))
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
        .set_endpoint_ip_address_type(
            request.text("EndpointIpAddressType").as_deref().map(types::EndpointIpAddressType::from),
        )
        .set_traffic_ip_address_type(
            request.text("TrafficIpAddressType").as_deref().map(types::TrafficIpAddressType::from),
        )
        .set_transit_gateway_configuration(
            request.object("TransitGatewayConfiguration").map(transit_gateway_configuration),
        )
        .set_device_posture_options(request.object("DevicePostureOptions").map(device_posture_options))
        .send()
        .await;
    finish(sent, call, |output| {
        Object::default()
            .text("ClientVpnEndpointId", output.client_vpn_endpoint_id.as_deref())
            .put("Status", status_of!(output.status))
            .text("DnsName", output.dns_name.as_deref())
    })
}
