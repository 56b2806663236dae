//! The CreateClientVpnEndpoint request as plain Rust types, named as the API names its members.
//!
//! The serde names are the API's member names, so the same types read JSON parameter values,
//! `--cli-input-json` documents and skeletons. Enumerations stay strings: EC2 adds values over
//! time and `--no-validate` must be able to send one we do not know yet.

use serde::{Deserialize, Serialize};

#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateClientVpnEndpointRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_cidr_block: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server_certificate_arn: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authentication_options: Option<Vec<AuthenticationRequest>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connection_log_options: Option<ConnectionLogOptions>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dns_servers: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transport_protocol: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vpn_port: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub split_tunnel: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dry_run: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag_specifications: Option<Vec<TagSpecification>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub security_group_ids: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vpc_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub self_service_portal: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_connect_options: Option<ClientConnectOptions>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_timeout_hours: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_login_banner_options: Option<ClientLoginBannerOptions>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_route_enforcement_options: Option<ClientRouteEnforcementOptions>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disconnect_on_session_timeout: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endpoint_ip_address_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub traffic_ip_address_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transit_gateway_configuration: Option<TransitGatewayConfiguration>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_posture_options: Option<DevicePostureOptions>,
}

/// One element of AuthenticationOptions (`ClientVpnAuthenticationRequest`).
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct AuthenticationRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub r#type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub active_directory: Option<DirectoryServiceAuthentication>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mutual_authentication: Option<CertificateAuthentication>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub federated_authentication: Option<FederatedAuthentication>,
}

pub const CERTIFICATE_AUTHENTICATION: &str = "certificate-authentication";
pub const DIRECTORY_SERVICE_AUTHENTICATION: &str = "directory-service-authentication";
pub const FEDERATED_AUTHENTICATION: &str = "federated-authentication";

impl AuthenticationRequest {
    pub fn certificate(client_root_chain_arn: &str) -> Self {
        AuthenticationRequest {
            r#type: Some(CERTIFICATE_AUTHENTICATION.to_owned()),
            mutual_authentication: Some(CertificateAuthentication {
                client_root_certificate_chain_arn: Some(client_root_chain_arn.to_owned()),
            }),
            ..Default::default()
        }
    }

    pub fn directory(directory_id: &str) -> Self {
        AuthenticationRequest {
            r#type: Some(DIRECTORY_SERVICE_AUTHENTICATION.to_owned()),
            active_directory: Some(DirectoryServiceAuthentication { directory_id: Some(directory_id.to_owned()) }),
            ..Default::default()
        }
    }

    pub fn federated(saml_provider_arn: &str, self_service_saml_provider_arn: Option<&str>) -> Self {
        AuthenticationRequest {
            r#type: Some(FEDERATED_AUTHENTICATION.to_owned()),
            federated_authentication: Some(FederatedAuthentication {
                saml_provider_arn: Some(saml_provider_arn.to_owned()),
                self_service_saml_provider_arn: self_service_saml_provider_arn.map(str::to_owned),
            }),
            ..Default::default()
        }
    }
}

#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DirectoryServiceAuthentication {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub directory_id: Option<String>,
}

#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CertificateAuthentication {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_root_certificate_chain_arn: Option<String>,
}

#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FederatedAuthentication {
    #[serde(rename = "SAMLProviderArn", skip_serializing_if = "Option::is_none")]
    pub saml_provider_arn: Option<String>,
    #[serde(rename = "SelfServiceSAMLProviderArn", skip_serializing_if = "Option::is_none")]
    pub self_service_saml_provider_arn: Option<String>,
}

#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ConnectionLogOptions {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cloudwatch_log_group: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cloudwatch_log_stream: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub include_authorization_policy_context: Option<bool>,
}

#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct TagSpecification {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
}

pub const ENDPOINT_RESOURCE_TYPE: &str = "client-vpn-endpoint";

#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Tag {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ClientConnectOptions {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lambda_function_arn: Option<String>,
}

#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ClientLoginBannerOptions {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub banner_text: Option<String>,
}

#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ClientRouteEnforcementOptions {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enforced: Option<bool>,
}

/// `TransitGatewayConfigurationInputStructure`.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct TransitGatewayConfiguration {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transit_gateway_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub availability_zones: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub availability_zone_ids: Option<Vec<String>>,
}

#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DevicePostureOptions {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trust_providers: Option<Vec<TrustProvider>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
}

/// `ClientVpnTrustProviderRequest`.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct TrustProvider {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trust_provider_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_signing_key_url: Option<String>,
}
