//! CreateClientVpnEndpoint: the request model onto the SDK builder, and the answer back.

use aws_sdk_ec2 as ec2;
use ec2::config::SharedHttpClient;
use ec2::operation::create_client_vpn_endpoint::CreateClientVpnEndpointOutput;
use ec2::types;

use super::{Call, check_whole_answer, client, sort_error};
use crate::api::create_request as model;
use crate::api::operation::CREATE_CLIENT_VPN_ENDPOINT;
use crate::api::results::{CreateClientVpnEndpointResult, DryRunResult, EndpointStatus};
use crate::aws::session::Session;
use crate::failure::Failure;

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

pub async fn create_endpoint(
    session: &Session,
    request: &model::CreateClientVpnEndpointRequest,
    http_client: Option<SharedHttpClient>,
    debug: bool,
) -> Result<Outcome, Failure> {
    let (client, log) = client(session, http_client, debug);
    let token = request.client_token.as_deref().unwrap_or_default();
    let call = Call {
        operation: CREATE_CLIENT_VPN_ENDPOINT.name,
        log: &log,
        dry_run: request.dry_run == Some(true),
        unknown_outcome_hint: Some(retry_safely_note(token)),
    };
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
            check_whole_answer(&call, "CreateClientVpnEndpointResponse")?;
            Ok(Outcome::Created(result_from(output)))
        }
        Err(error) => sort_error(error, &call).map(Outcome::DryRun),
    }
}
