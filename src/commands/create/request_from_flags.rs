//! Parsed flags → the request model: aws flags as given, flattened flags expanded, an input
//! document (--cli-input-json/yaml) underneath, then the defaults for what is still missing.

use crate::api::create_request::{
    AuthenticationRequest, ClientConnectOptions, ClientLoginBannerOptions, ConnectionLogOptions,
    CreateClientVpnEndpointRequest, ENDPOINT_RESOURCE_TYPE, Tag, TagSpecification,
};
use crate::commands::create::CreateArgs;
use crate::failure::Failure;
use crate::input::cli_input::{DocumentFormat, overlay, request_from_document};
use crate::input::param_value::{scalar, scalar_list, structure, structure_list};

/// `Some(true)` for `--x`, `Some(false)` for `--no-x`, `None` when neither was given (clap has
/// already made the later of the two win).
fn flag_pair(on: bool, off: bool) -> Option<bool> {
    match (on, off) {
        (true, _) => Some(true),
        (_, true) => Some(false),
        _ => None,
    }
}

fn optional_scalar(flag: &str, raw: &Option<String>) -> Result<Option<String>, Failure> {
    raw.as_deref().map(|raw| scalar(flag, raw)).transpose()
}

/// Refuses a flattened flag given together with the aws flag for the same structure.
fn refuse_mix(aws_flag: &str, aws_given: bool, flattened: &[(&str, bool)]) -> Result<(), Failure> {
    let given: Vec<String> =
        flattened.iter().filter(|(_, given)| *given).map(|(name, _)| format!("--{name}")).collect();
    if aws_given && !given.is_empty() {
        return Err(Failure::usage(format!(
            "--{aws_flag} cannot be combined with {}: they set the same structure. Drop --{aws_flag} and use {}, \
             or drop {} and put everything in --{aws_flag}.",
            given.join(", "),
            given.join(" "),
            given.join(", "),
        )));
    }
    Ok(())
}

/// The request to send: the input document if one was given, the flags over it, then defaults.
pub fn assemble_request(args: &CreateArgs) -> Result<CreateClientVpnEndpointRequest, Failure> {
    let flags = request_from_flags(args)?;
    let request = match (&args.cli_input_json, &args.cli_input_yaml) {
        (Some(raw), _) => overlay(request_from_document(raw, DocumentFormat::Json)?, flags),
        (None, Some(raw)) => overlay(request_from_document(raw, DocumentFormat::Yaml)?, flags),
        (None, None) => flags,
    };
    with_defaults(request)
}

/// Fills what the short form leaves out: certificate authentication with the server certificate
/// as the client root chain, and connection logging off.
pub fn with_defaults(mut request: CreateClientVpnEndpointRequest) -> Result<CreateClientVpnEndpointRequest, Failure> {
    let Some(server_certificate_arn) = request.server_certificate_arn.clone() else {
        return Err(Failure::usage(
            "the following arguments are required: --server-certificate-arn (or ServerCertificateArn in the input document)",
        ));
    };
    request
        .authentication_options
        .get_or_insert_with(|| vec![AuthenticationRequest::certificate(&server_certificate_arn)]);
    request
        .connection_log_options
        .get_or_insert_with(|| ConnectionLogOptions { enabled: Some(false), ..Default::default() });
    Ok(request)
}

/// Only what the flags say: members no flag set stay `None`.
pub fn request_from_flags(args: &CreateArgs) -> Result<CreateClientVpnEndpointRequest, Failure> {
    Ok(CreateClientVpnEndpointRequest {
        client_cidr_block: optional_scalar("client-cidr-block", &args.aws.client_cidr_block)?,
        server_certificate_arn: optional_scalar("server-certificate-arn", &args.aws.server_certificate_arn)?,
        authentication_options: authentication_options(args)?,
        connection_log_options: connection_log_options(args)?,
        dns_servers: args.aws.dns_servers.as_deref().map(|words| scalar_list("dns-servers", words)).transpose()?,
        transport_protocol: optional_scalar("transport-protocol", &args.aws.transport_protocol)?,
        vpn_port: args.aws.vpn_port,
        description: optional_scalar("description", &args.aws.description)?,
        split_tunnel: flag_pair(args.aws.split_tunnel, args.aws.no_split_tunnel),
        dry_run: flag_pair(args.aws.dry_run, args.aws.no_dry_run),
        client_token: optional_scalar("client-token", &args.aws.client_token)?,
        tag_specifications: tag_specifications(args)?,
        security_group_ids: args
            .aws
            .security_group_ids
            .as_deref()
            .map(|words| scalar_list("security-group-ids", words))
            .transpose()?,
        vpc_id: optional_scalar("vpc-id", &args.aws.vpc_id)?,
        self_service_portal: optional_scalar("self-service-portal", &args.aws.self_service_portal)?,
        client_connect_options: client_connect_options(args)?,
        session_timeout_hours: args.aws.session_timeout_hours,
        client_login_banner_options: client_login_banner_options(args)?,
        client_route_enforcement_options: args
            .aws
            .client_route_enforcement_options
            .as_deref()
            .map(|raw| structure("client-route-enforcement-options", raw))
            .transpose()?,
        disconnect_on_session_timeout: flag_pair(
            args.aws.disconnect_on_session_timeout,
            args.aws.no_disconnect_on_session_timeout,
        ),
        endpoint_ip_address_type: optional_scalar("endpoint-ip-address-type", &args.aws.endpoint_ip_address_type)?,
        traffic_ip_address_type: optional_scalar("traffic-ip-address-type", &args.aws.traffic_ip_address_type)?,
        transit_gateway_configuration: args
            .aws
            .transit_gateway_configuration
            .as_deref()
            .map(|raw| structure("transit-gateway-configuration", raw))
            .transpose()?,
        device_posture_options: args
            .aws
            .device_posture_options
            .as_deref()
            .map(|raw| structure("device-posture-options", raw))
            .transpose()?,
    })
}

/// --authentication-options, or the options the flattened flags add.
fn authentication_options(args: &CreateArgs) -> Result<Option<Vec<AuthenticationRequest>>, Failure> {
    refuse_mix(
        "authentication-options",
        args.aws.authentication_options.is_some(),
        &[
            ("client-root-cert", args.client_root_cert.is_some()),
            ("directory-id", args.directory_id.is_some()),
            ("saml-provider", args.saml_provider.is_some()),
            ("self-service-saml-provider", args.self_service_saml_provider.is_some()),
        ],
    )?;
    if let Some(words) = &args.aws.authentication_options {
        return structure_list("authentication-options", words).map(Some);
    }
    if args.self_service_saml_provider.is_some() && args.saml_provider.is_none() {
        return Err(Failure::usage(
            "--self-service-saml-provider needs --saml-provider: the self-service portal belongs to federated \
             authentication. Add --saml-provider ARN.",
        ));
    }
    let mut options = Vec::new();
    if let Some(arn) = &args.client_root_cert {
        options.push(AuthenticationRequest::certificate(arn));
    }
    if let Some(id) = &args.directory_id {
        options.push(AuthenticationRequest::directory(id));
    }
    if let Some(arn) = &args.saml_provider {
        options.push(AuthenticationRequest::federated(arn, args.self_service_saml_provider.as_deref()));
    }
    Ok((!options.is_empty()).then_some(options))
}

/// --connection-log-options, or logging on through --log-group/--log-stream.
fn connection_log_options(args: &CreateArgs) -> Result<Option<ConnectionLogOptions>, Failure> {
    refuse_mix(
        "connection-log-options",
        args.aws.connection_log_options.is_some(),
        &[("log-group", args.log_group.is_some()), ("log-stream", args.log_stream.is_some())],
    )?;
    if let Some(raw) = &args.aws.connection_log_options {
        return structure("connection-log-options", raw).map(Some);
    }
    if args.log_group.is_none() && args.log_stream.is_none() {
        return Ok(None);
    }
    Ok(Some(ConnectionLogOptions {
        enabled: Some(true),
        cloudwatch_log_group: args.log_group.clone(),
        cloudwatch_log_stream: args.log_stream.clone(),
        include_authorization_policy_context: None,
    }))
}

/// --tag-specifications, or one specification for the endpoint built from the --tag flags.
fn tag_specifications(args: &CreateArgs) -> Result<Option<Vec<TagSpecification>>, Failure> {
    refuse_mix("tag-specifications", args.aws.tag_specifications.is_some(), &[("tag", !args.tags.is_empty())])?;
    if let Some(words) = &args.aws.tag_specifications {
        return structure_list("tag-specifications", words).map(Some);
    }
    if args.tags.is_empty() {
        return Ok(None);
    }
    let tags = args
        .tags
        .iter()
        .map(|pair| {
            let (key, value) = pair.split_once('=').ok_or_else(|| {
                Failure::usage(format!(
                    "--tag '{pair}': a tag is KEY=VALUE, e.g. --tag Name=office-vpn (use KEY= for an empty value)"
                ))
            })?;
            Ok(Tag { key: Some(key.to_owned()), value: Some(value.to_owned()) })
        })
        .collect::<Result<Vec<_>, Failure>>()?;
    Ok(Some(vec![TagSpecification { resource_type: Some(ENDPOINT_RESOURCE_TYPE.to_owned()), tags: Some(tags) }]))
}

fn client_connect_options(args: &CreateArgs) -> Result<Option<ClientConnectOptions>, Failure> {
    refuse_mix(
        "client-connect-options",
        args.aws.client_connect_options.is_some(),
        &[("connect-handler", args.connect_handler.is_some())],
    )?;
    if let Some(raw) = &args.aws.client_connect_options {
        return structure("client-connect-options", raw).map(Some);
    }
    Ok(args
        .connect_handler
        .as_ref()
        .map(|arn| ClientConnectOptions { enabled: Some(true), lambda_function_arn: Some(arn.clone()) }))
}

fn client_login_banner_options(args: &CreateArgs) -> Result<Option<ClientLoginBannerOptions>, Failure> {
    refuse_mix(
        "client-login-banner-options",
        args.aws.client_login_banner_options.is_some(),
        &[("banner", args.banner.is_some())],
    )?;
    if let Some(raw) = &args.aws.client_login_banner_options {
        return structure("client-login-banner-options", raw).map(Some);
    }
    args.banner
        .as_deref()
        .map(|raw| {
            let text = scalar("banner", raw)?;
            Ok(ClientLoginBannerOptions { enabled: Some(true), banner_text: Some(text) })
        })
        .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{Cli, Command};
    use clap::Parser;

    fn request(args: &[&str]) -> Result<CreateClientVpnEndpointRequest, Failure> {
        let argv = ["cvpn", "create"].iter().chain(args);
        match Cli::try_parse_from(argv).unwrap().command {
            Command::Create(args) => assemble_request(&args),
            other => panic!("not create: {other:?}"),
        }
    }

    #[test]
    fn the_short_form_gets_certificate_authentication_and_no_logging() {
        let request = request(&["--client-cidr", "10.0.0.0/22", "--server-cert", "arn:s"]).unwrap();
        assert_eq!(request.authentication_options, Some(vec![AuthenticationRequest::certificate("arn:s")]));
        assert_eq!(request.connection_log_options.unwrap().enabled, Some(false));
        assert_eq!(request.client_cidr_block.as_deref(), Some("10.0.0.0/22"));
        assert_eq!(request.dry_run, None);
    }

    #[test]
    fn flattened_authentication_flags_add_options_in_order() {
        let request = request(&[
            "--server-cert",
            "arn:s",
            "--saml-provider",
            "arn:p",
            "--client-root-cert",
            "arn:c",
            "--self-service-saml-provider",
            "arn:ss",
        ])
        .unwrap();
        assert_eq!(
            request.authentication_options.unwrap(),
            [AuthenticationRequest::certificate("arn:c"), AuthenticationRequest::federated("arn:p", Some("arn:ss"))]
        );
        let only_directory = self::request(&["--server-cert", "arn:s", "--directory-id", "d-1"]).unwrap();
        assert_eq!(only_directory.authentication_options.unwrap(), [AuthenticationRequest::directory("d-1")]);
    }

    #[test]
    fn mixing_a_flattened_flag_with_its_aws_flag_is_refused() {
        let error = request(&[
            "--server-cert",
            "arn:s",
            "--directory-id",
            "d-1",
            "--authentication-options",
            r#"{"Type":"certificate-authentication"}"#,
        ])
        .unwrap_err();
        assert_eq!(error.exit_code(), 252);
        let message = error.to_string();
        assert!(message.contains("--authentication-options cannot be combined with --directory-id"), "{message}");
        assert!(message.contains("Drop --authentication-options"), "{message}");
        for mix in [
            ["--log-group", "g", "--connection-log-options", r#"{"Enabled":false}"#],
            ["--tag", "a=b", "--tag-specifications", r#"{"ResourceType":"client-vpn-endpoint"}"#],
            ["--banner", "hi", "--client-login-banner-options", r#"{"Enabled":false}"#],
            ["--connect-handler", "arn:l", "--client-connect-options", r#"{"Enabled":false}"#],
        ] {
            let args: Vec<&str> = ["--server-cert", "arn:s"].into_iter().chain(mix).collect();
            let error = request(&args).unwrap_err();
            assert!(error.to_string().contains("cannot be combined with"), "{mix:?}: {error}");
        }
    }

    #[test]
    fn log_flags_turn_logging_on() {
        let options = request(&["--server-cert", "a", "--log-group", "g", "--log-stream", "s"])
            .unwrap()
            .connection_log_options
            .unwrap();
        assert_eq!(options.enabled, Some(true));
        assert_eq!(options.cloudwatch_log_group.as_deref(), Some("g"));
        assert_eq!(options.cloudwatch_log_stream.as_deref(), Some("s"));
    }

    #[test]
    fn tag_flags_make_one_endpoint_specification() {
        let specs = request(&["--server-cert", "a", "--tag", "Name=x=y", "--tag", "empty="])
            .unwrap()
            .tag_specifications
            .unwrap();
        assert_eq!(specs.len(), 1);
        assert_eq!(specs[0].resource_type.as_deref(), Some("client-vpn-endpoint"));
        let tags = specs[0].tags.as_ref().unwrap();
        assert_eq!(tags[0].value.as_deref(), Some("x=y"));
        assert_eq!(tags[1].value.as_deref(), Some(""));
        let error = request(&["--server-cert", "a", "--tag", "Name"]).unwrap_err();
        assert!(error.to_string().contains("--tag 'Name'"), "{error}");
    }

    #[test]
    fn self_service_provider_needs_a_saml_provider() {
        let error = request(&["--server-cert", "a", "--self-service-saml-provider", "arn:ss"]).unwrap_err();
        assert!(error.to_string().contains("needs --saml-provider"), "{error}");
    }
}
