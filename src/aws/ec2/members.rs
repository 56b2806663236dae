//! Request members every mapping reads the same way: lists of strings and filters, sent only when
//! they hold something.

use aws_sdk_ec2::types;

use crate::api::operation::Document;
use crate::input::document::Members;

/// The strings of a list member, when it holds any.
pub fn strings(structure: &Document, name: &str) -> Option<Vec<String>> {
    structure.non_empty_list(name).and(structure.texts(name))
}

/// `Filters` onto the SDK's filters.
pub fn filters(request: &Document) -> Option<Vec<types::Filter>> {
    request.non_empty_list("Filters").map(|_| {
        request
            .objects("Filters")
            .into_iter()
            .map(|filter| {
                types::Filter::builder().set_name(filter.text("Name")).set_values(strings(filter, "Values")).build()
            })
            .collect()
    })
}

/// The structures CreateClientVpnEndpoint and ModifyClientVpnEndpoint both take, onto the SDK.
pub fn connection_log_options(options: &Document) -> types::ConnectionLogOptions {
    types::ConnectionLogOptions::builder()
        .set_enabled(options.boolean("Enabled"))
        .set_cloudwatch_log_group(options.text("CloudwatchLogGroup"))
        .set_cloudwatch_log_stream(options.text("CloudwatchLogStream"))
        .set_include_authorization_policy_context(options.boolean("IncludeAuthorizationPolicyContext"))
        .build()
}

pub fn client_connect_options(options: &Document) -> types::ClientConnectOptions {
    types::ClientConnectOptions::builder()
        .set_enabled(options.boolean("Enabled"))
        .set_lambda_function_arn(options.text("LambdaFunctionArn"))
        .build()
}

pub fn client_login_banner_options(options: &Document) -> types::ClientLoginBannerOptions {
    types::ClientLoginBannerOptions::builder()
        .set_enabled(options.boolean("Enabled"))
        .set_banner_text(options.text("BannerText"))
        .build()
}

pub fn client_route_enforcement_options(options: &Document) -> types::ClientRouteEnforcementOptions {
    types::ClientRouteEnforcementOptions::builder().set_enforced(options.boolean("Enforced")).build()
}

pub fn transit_gateway_configuration(config: &Document) -> types::TransitGatewayConfigurationInputStructure {
    types::TransitGatewayConfigurationInputStructure::builder()
        .set_transit_gateway_id(config.text("TransitGatewayId"))
        .set_availability_zones(strings(config, "AvailabilityZones"))
        .set_availability_zone_ids(strings(config, "AvailabilityZoneIds"))
        .build()
}

pub fn device_posture_options(options: &Document) -> types::DevicePostureOptions {
    let providers = options.non_empty_list("TrustProviders").map(|_| {
        options
            .objects("TrustProviders")
            .into_iter()
            .map(|provider| {
                types::ClientVpnTrustProviderRequest::builder()
                    .set_trust_provider_type(
                        provider
                            .text("TrustProviderType")
                            .as_deref()
                            .map(types::ClientVpnDeviceTrustProviderType::from),
                    )
                    .set_tenant_id(provider.text("TenantId"))
                    .set_public_signing_key_url(provider.text("PublicSigningKeyUrl"))
                    .build()
            })
            .collect()
    });
    types::DevicePostureOptions::builder()
        .set_trust_providers(providers)
        .set_enabled(options.boolean("Enabled"))
        .build()
}
