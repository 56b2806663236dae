//! DescribeClientVpnEndpoints: a request document onto the SDK builder, one page at a time, and
//! each endpoint back as the JSON the aws CLI prints, members in botocore's model order.

use aws_sdk_ec2 as ec2;
use ec2::types;
use serde_json::{Map, Value};

use super::{AttemptLog, Call, check_whole_answer, sort_error};
use crate::api::operation::DESCRIBE_CLIENT_VPN_ENDPOINTS;
use crate::api::results::DryRunResult;
use crate::failure::Failure;
use crate::input::document::Members;

/// What one request brought back.
pub enum PageOutcome {
    Page(Map<String, Value>),
    DryRun(DryRunResult),
}

/// Members in order, the absent ones left out, as botocore's parser leaves them out.
#[derive(Default)]
struct Object(Map<String, Value>);

impl Object {
    fn put(mut self, key: &str, value: Option<Value>) -> Self {
        if let Some(value) = value {
            self.0.insert(key.to_owned(), value);
        }
        self
    }

    fn text(self, key: &str, value: Option<&str>) -> Self {
        self.put(key, value.map(|text| Value::String(text.to_owned())))
    }

    fn flag(self, key: &str, value: Option<bool>) -> Self {
        self.put(key, value.map(Value::Bool))
    }

    fn number(self, key: &str, value: Option<i32>) -> Self {
        self.put(key, value.map(Value::from))
    }

    fn texts(self, key: &str, value: Option<&Vec<String>>) -> Self {
        self.put(key, value.map(|items| items.iter().cloned().map(Value::String).collect()))
    }

    fn done(self) -> Value {
        Value::Object(self.0)
    }
}

fn list<T>(items: Option<&Vec<T>>, each: impl Fn(&T) -> Value) -> Option<Value> {
    items.map(|items| Value::Array(items.iter().map(each).collect()))
}

fn status(code: Option<&str>, message: Option<&str>) -> Value {
    Object::default().text("Code", code).text("Message", message).done()
}

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

fn filter(value: &Value) -> types::Filter {
    let values = value
        .get("Values")
        .and_then(Value::as_array)
        .map(|values| values.iter().filter_map(Value::as_str).map(str::to_owned).collect::<Vec<String>>());
    types::Filter::builder()
        .set_name(value.get("Name").and_then(Value::as_str).map(str::to_owned))
        .set_values(values.filter(|values| !values.is_empty()))
        .build()
}

/// One page: the document's members, with this page's token and size in place of its own.
pub async fn page(
    client: &ec2::Client,
    log: &AttemptLog,
    document: &Map<String, Value>,
    token: Option<&str>,
    page_size: Option<i32>,
) -> Result<PageOutcome, Failure> {
    let dry_run = document.boolean("DryRun");
    let call = Call {
        operation: DESCRIBE_CLIENT_VPN_ENDPOINTS.name,
        log,
        dry_run: dry_run == Some(true),
        unknown_outcome_hint: None,
    };
    let sent = client
        .describe_client_vpn_endpoints()
        .set_client_vpn_endpoint_ids(document.texts("ClientVpnEndpointIds").filter(|ids| !ids.is_empty()))
        .set_max_results(page_size.or_else(|| document.integer("MaxResults")))
        .set_next_token(token.map(str::to_owned).or_else(|| document.text("NextToken")))
        .set_filters(
            document
                .list("Filters")
                .filter(|filters| !filters.is_empty())
                .map(|filters| filters.iter().map(filter).collect()),
        )
        .set_dry_run(dry_run)
        .send()
        .await;
    match sent {
        Ok(output) => {
            check_whole_answer(&call, "DescribeClientVpnEndpointsResponse")?;
            let page = Object::default()
                .put("ClientVpnEndpoints", list(output.client_vpn_endpoints.as_ref(), endpoint))
                .text("NextToken", output.next_token.as_deref())
                .done();
            let Value::Object(page) = page else { unreachable!("an Object is an object") };
            Ok(PageOutcome::Page(page))
        }
        Err(error) => sort_error(error, &call).map(PageOutcome::DryRun),
    }
}
