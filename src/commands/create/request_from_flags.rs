//! Parsed flags → the request document: aws flags as given, flattened flags expanded, an input
//! document (--cli-input-json/yaml) underneath, then the defaults for what is still missing.

use serde_json::{Map, Value, json};

use crate::api::model::{
    CERTIFICATE_AUTHENTICATION_TYPE, DIRECTORY_AUTHENTICATION_TYPE, ENDPOINT_RESOURCE_TYPE,
    FEDERATED_AUTHENTICATION_TYPE,
};
use crate::api::operations::CREATE_CLIENT_VPN_ENDPOINT as OPERATION;
use crate::commands::create::CreateArgs;
use crate::failure::Failure;
use crate::input::cli_input::DocumentFormat;
use crate::input::document::{self, Members};
use crate::input::param_value::scalar;

/// A CreateClientVpnEndpoint request, members under their API names.
pub type Request = Map<String, Value>;

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
pub fn assemble_request(args: &CreateArgs) -> Result<Request, Failure> {
    let flags = request_from_flags(args)?;
    let request = match (&args.cli_input_json, &args.cli_input_yaml) {
        (Some(raw), _) => document::merged(document::from_input(&OPERATION, raw, DocumentFormat::Json)?, flags),
        (None, Some(raw)) => document::merged(document::from_input(&OPERATION, raw, DocumentFormat::Yaml)?, flags),
        (None, None) => flags,
    };
    with_defaults(request)
}

/// Fills what the short form leaves out: certificate authentication with the server certificate
/// as the client root chain, and connection logging off.
pub fn with_defaults(mut request: Request) -> Result<Request, Failure> {
    let Some(server_certificate_arn) = request.text("ServerCertificateArn") else {
        return Err(Failure::usage(
            "the following arguments are required: --server-certificate-arn (or ServerCertificateArn in the input document)",
        ));
    };
    request
        .entry("AuthenticationOptions")
        .or_insert_with(|| json!([certificate_authentication(&server_certificate_arn)]));
    request.entry("ConnectionLogOptions").or_insert_with(|| json!({"Enabled": false}));
    Ok(request)
}

fn certificate_authentication(client_root_chain_arn: &str) -> Value {
    json!({
        "Type": CERTIFICATE_AUTHENTICATION_TYPE,
        "MutualAuthentication": {"ClientRootCertificateChainArn": client_root_chain_arn},
    })
}

/// Only what the flags say: members no flag set are absent.
pub fn request_from_flags(args: &CreateArgs) -> Result<Request, Failure> {
    refuse_mixes(args)?;
    let mut request = document::from_flags(&OPERATION, args.aws.given())?;
    let flattened = [
        ("AuthenticationOptions", authentication_options(args)?),
        ("ConnectionLogOptions", connection_log_options(args)),
        ("TagSpecifications", tag_specifications(args)?),
        (
            "ClientConnectOptions",
            args.connect_handler.as_ref().map(|arn| json!({"Enabled": true, "LambdaFunctionArn": arn})),
        ),
        ("ClientLoginBannerOptions", client_login_banner_options(args)?),
    ];
    for (member, value) in flattened {
        if let Some(value) = value {
            request.insert(member.to_owned(), value);
        }
    }
    Ok(request)
}

/// A flattened flag and the aws flag of the same structure may not both be given.
fn refuse_mixes(args: &CreateArgs) -> Result<(), Failure> {
    refuse_mix(
        "authentication-options",
        args.aws.has("AuthenticationOptions"),
        &[
            ("client-root-cert", args.client_root_cert.is_some()),
            ("directory-id", args.directory_id.is_some()),
            ("saml-provider", args.saml_provider.is_some()),
            ("self-service-saml-provider", args.self_service_saml_provider.is_some()),
        ],
    )?;
    refuse_mix(
        "connection-log-options",
        args.aws.has("ConnectionLogOptions"),
        &[("log-group", args.log_group.is_some()), ("log-stream", args.log_stream.is_some())],
    )?;
    refuse_mix("tag-specifications", args.aws.has("TagSpecifications"), &[("tag", !args.tags.is_empty())])?;
    refuse_mix(
        "client-connect-options",
        args.aws.has("ClientConnectOptions"),
        &[("connect-handler", args.connect_handler.is_some())],
    )?;
    refuse_mix(
        "client-login-banner-options",
        args.aws.has("ClientLoginBannerOptions"),
        &[("banner", args.banner.is_some())],
    )
}

/// The authentication options the flattened flags add, in a fixed order.
fn authentication_options(args: &CreateArgs) -> Result<Option<Value>, Failure> {
    if args.self_service_saml_provider.is_some() && args.saml_provider.is_none() {
        return Err(Failure::usage(
            "--self-service-saml-provider needs --saml-provider: the self-service portal belongs to federated \
             authentication. Add --saml-provider ARN.",
        ));
    }
    let mut options = Vec::new();
    if let Some(arn) = &args.client_root_cert {
        options.push(certificate_authentication(arn));
    }
    if let Some(id) = &args.directory_id {
        options.push(json!({"Type": DIRECTORY_AUTHENTICATION_TYPE, "ActiveDirectory": {"DirectoryId": id}}));
    }
    if let Some(arn) = &args.saml_provider {
        let mut federated = json!({"SAMLProviderArn": arn});
        if let Some(portal) = &args.self_service_saml_provider {
            federated["SelfServiceSAMLProviderArn"] = json!(portal);
        }
        options.push(json!({"Type": FEDERATED_AUTHENTICATION_TYPE, "FederatedAuthentication": federated}));
    }
    Ok((!options.is_empty()).then_some(Value::Array(options)))
}

/// Logging on through --log-group/--log-stream.
fn connection_log_options(args: &CreateArgs) -> Option<Value> {
    if args.log_group.is_none() && args.log_stream.is_none() {
        return None;
    }
    let mut options = json!({"Enabled": true});
    if let Some(group) = &args.log_group {
        options["CloudwatchLogGroup"] = json!(group);
    }
    if let Some(stream) = &args.log_stream {
        options["CloudwatchLogStream"] = json!(stream);
    }
    Some(options)
}

/// One specification for the endpoint built from the --tag flags.
fn tag_specifications(args: &CreateArgs) -> Result<Option<Value>, Failure> {
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
            Ok(json!({"Key": key, "Value": value}))
        })
        .collect::<Result<Vec<_>, Failure>>()?;
    Ok(Some(json!([{"ResourceType": ENDPOINT_RESOURCE_TYPE, "Tags": tags}])))
}

/// The login banner of --banner (its text, or the text of the file:// it names).
fn client_login_banner_options(args: &CreateArgs) -> Result<Option<Value>, Failure> {
    args.banner.as_deref().map(|raw| Ok(json!({"Enabled": true, "BannerText": scalar("banner", raw)?}))).transpose()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::{Cli, Command};
    use clap::Parser;

    fn request(args: &[&str]) -> Result<Request, Failure> {
        let argv = ["cvpn", "create"].iter().chain(args);
        match Cli::try_parse_from(argv).unwrap().command {
            Command::Create(args) => assemble_request(&args),
            other => panic!("not create: {other:?}"),
        }
    }

    #[test]
    fn the_short_form_gets_certificate_authentication_and_no_logging() {
        let request = request(&["--client-cidr", "10.0.0.0/22", "--server-cert", "arn:s"]).unwrap();
        assert_eq!(request["AuthenticationOptions"], json!([certificate_authentication("arn:s")]));
        assert_eq!(request["ConnectionLogOptions"], json!({"Enabled": false}));
        assert_eq!(request["ClientCidrBlock"], "10.0.0.0/22");
        assert!(!request.contains_key("DryRun"));
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
            request["AuthenticationOptions"],
            json!([
                certificate_authentication("arn:c"),
                {"Type": "federated-authentication",
                 "FederatedAuthentication": {"SAMLProviderArn": "arn:p", "SelfServiceSAMLProviderArn": "arn:ss"}}
            ])
        );
        let only_directory = self::request(&["--server-cert", "arn:s", "--directory-id", "d-1"]).unwrap();
        assert_eq!(
            only_directory["AuthenticationOptions"],
            json!([{"Type": "directory-service-authentication", "ActiveDirectory": {"DirectoryId": "d-1"}}])
        );
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
        let request = request(&["--server-cert", "a", "--log-group", "g", "--log-stream", "s"]).unwrap();
        assert_eq!(
            request["ConnectionLogOptions"],
            json!({"Enabled": true, "CloudwatchLogGroup": "g", "CloudwatchLogStream": "s"})
        );
    }

    #[test]
    fn tag_flags_make_one_endpoint_specification() {
        let request = request(&["--server-cert", "a", "--tag", "Name=x=y", "--tag", "empty="]).unwrap();
        assert_eq!(
            request["TagSpecifications"],
            json!([{"ResourceType": "client-vpn-endpoint",
                    "Tags": [{"Key": "Name", "Value": "x=y"}, {"Key": "empty", "Value": ""}]}])
        );
        let error = self::request(&["--server-cert", "a", "--tag", "Name"]).unwrap_err();
        assert!(error.to_string().contains("--tag 'Name'"), "{error}");
    }

    #[test]
    fn banner_and_connect_handler_turn_their_option_on() {
        let request = request(&["--server-cert", "a", "--banner", "hello", "--connect-handler", "arn:l"]).unwrap();
        assert_eq!(request["ClientLoginBannerOptions"], json!({"Enabled": true, "BannerText": "hello"}));
        assert_eq!(request["ClientConnectOptions"], json!({"Enabled": true, "LambdaFunctionArn": "arn:l"}));
    }

    #[test]
    fn self_service_provider_needs_a_saml_provider() {
        let error = request(&["--server-cert", "a", "--self-service-saml-provider", "arn:ss"]).unwrap_err();
        assert!(error.to_string().contains("needs --saml-provider"), "{error}");
    }

    #[test]
    fn flags_override_the_input_document_and_defaults_fill_the_rest() {
        let request = request(&[
            "--cli-input-json",
            r#"{"ServerCertificateArn": "arn:doc", "Description": "doc", "VpcId": "vpc-doc"}"#,
            "--description",
            "flag",
        ])
        .unwrap();
        assert_eq!(request["Description"], "flag");
        assert_eq!(request["VpcId"], "vpc-doc");
        assert_eq!(request["AuthenticationOptions"], json!([certificate_authentication("arn:doc")]));
        let error = self::request(&["--cli-input-json", r#"{"Description": "x"}"#]).unwrap_err();
        assert!(error.to_string().contains("required: --server-certificate-arn"), "{error}");
    }
}
