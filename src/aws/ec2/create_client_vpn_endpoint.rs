//! CreateClientVpnEndpoint: the request document onto the SDK builder, and the answer back.

use aws_sdk_ec2 as ec2;
use ec2::config::SharedHttpClient;
use ec2::operation::create_client_vpn_endpoint::CreateClientVpnEndpointOutput;
use ec2::types;

use super::members::{
    client_connect_options, client_login_banner_options, client_route_enforcement_options, connection_log_options,
    device_posture_options, strings, transit_gateway_configuration,
};
use super::{Call, check_whole_answer, client, sort_error};
use crate::api::operations::CREATE_CLIENT_VPN_ENDPOINT;
use crate::api::results::{CreateClientVpnEndpointResult, DryRunResult, EndpointStatus};
use crate::aws::session::Session;
use crate::failure::Failure;
use crate::input::document::Members;

/// A request document, or a structure inside one: members under their API names.
type Request = serde_json::Map<String, serde_json::Value>;

/// How a create ended when EC2 gave an answer cvpn understands.
pub enum Outcome {
    Created(CreateClientVpnEndpointResult),
    DryRun(DryRunResult),
}

/// What to do when the request may have reached EC2 but its outcome is unknown.
pub fn retry_safely_note(client_token: &str) -> String {
    format!(
        "The request may have created an endpoint. It used ClientToken {client_token}: running the same command \
         with --client-token {client_token} is safe, as EC2 then returns that endpoint instead of creating another."
    )
}

/// The structures of a list member mapped onto SDK types, when it holds any.
fn structures<T>(structure: &Request, name: &str, map: impl Fn(&Request) -> T) -> Option<Vec<T>> {
    structure.non_empty_list(name).map(|_| structure.objects(name).into_iter().map(map).collect())
}

fn authentication(option: &Request) -> types::ClientVpnAuthenticationRequest {
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

fn tag_specification(spec: &Request) -> types::TagSpecification {
    let tags = structures(spec, "Tags", |tag| {
        types::Tag::builder().set_key(tag.text("Key")).set_value(tag.text("Value")).build()
    });
    types::TagSpecification::builder()
        .set_resource_type(spec.text("ResourceType").as_deref().map(types::ResourceType::from))
        .set_tags(tags)
        .build()
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

pub async fn create_endpoint(
    session: &Session,
    request: &Request,
    http_client: Option<SharedHttpClient>,
    debug: bool,
) -> Result<Outcome, Failure> {
    let (client, log) = client(session, http_client, debug);
    let token = request.text("ClientToken").unwrap_or_default();
    let call = Call {
        operation: CREATE_CLIENT_VPN_ENDPOINT.name,
        log: &log,
        dry_run: request.boolean("DryRun") == Some(true),
        unknown_outcome_hint: Some(retry_safely_note(&token)),
    };
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
    match sent {
        Ok(output) => {
            check_whole_answer(&call, "CreateClientVpnEndpointResponse")?;
            Ok(Outcome::Created(result_from(output)))
        }
        Err(error) => sort_error(error, &call).map(Outcome::DryRun),
    }
}
