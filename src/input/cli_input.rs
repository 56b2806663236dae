//! `--cli-input-json` and `--cli-input-yaml`: the whole request as one document in the API's
//! shape. Flags given on the command line override the document's members.

use serde_json::Value;

use crate::api::create_request::CreateClientVpnEndpointRequest;
use crate::api::model::{CREATE_CLIENT_VPN_ENDPOINT_REQUEST, Shape};
use crate::failure::Failure;
use crate::input::param_value::load_file_reference;
use crate::input::shape_value::{Origin, shape_value};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentFormat {
    Json,
    Yaml,
}

impl DocumentFormat {
    pub fn flag(self) -> &'static str {
        match self {
            DocumentFormat::Json => "cli-input-json",
            DocumentFormat::Yaml => "cli-input-yaml",
        }
    }
}

/// Reads the document (inline or `file://`), checks it against the model and returns the request.
pub fn request_from_document(raw: &str, format: DocumentFormat) -> Result<CreateClientVpnEndpointRequest, Failure> {
    let shaped = read_document(&CREATE_CLIENT_VPN_ENDPOINT_REQUEST, raw, format)?;
    let flag = format.flag();
    serde_json::from_value(shaped).map_err(|error| Failure::usage(format!("Error parsing parameter '{flag}': {error}")))
}

/// Reads a document (inline or `file://`) and shapes it by the operation's input model.
pub fn read_document(input: &Shape, raw: &str, format: DocumentFormat) -> Result<Value, Failure> {
    let flag = format.flag();
    let text = load_file_reference(flag, raw)?;
    let value: Value = match format {
        DocumentFormat::Json => serde_json::from_str(&text).map_err(|error| {
            Failure::usage(format!("Error parsing parameter '{flag}': Invalid JSON: {error}\nJSON received: {text}"))
        })?,
        DocumentFormat::Yaml => serde_saphyr::from_str(&text)
            .map_err(|error| Failure::usage(format!("Error parsing parameter '{flag}': Invalid YAML: {error}")))?,
    };
    shape_value(value, input, "", Origin::Json)
        .map_err(|problems| Failure::usage(format!("Parameter validation failed:\n{}", problems.join("\n"))))
}

/// The document with every member the flags set replaced by the flag's value.
pub fn overlay(
    document: CreateClientVpnEndpointRequest,
    flags: CreateClientVpnEndpointRequest,
) -> CreateClientVpnEndpointRequest {
    let to_object = |request: &CreateClientVpnEndpointRequest| match serde_json::to_value(request) {
        Ok(Value::Object(object)) => object,
        _ => unreachable!("a request serialises to an object"),
    };
    let mut merged = to_object(&document);
    merged.extend(to_object(&flags));
    serde_json::from_value(Value::Object(merged)).expect("a merge of two requests is a request")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_and_yaml_documents_are_read_in_the_api_shape() {
        let json = r#"{"ServerCertificateArn": "arn:s", "VpnPort": 443, "ConnectionLogOptions": {"Enabled": false}}"#;
        let request = request_from_document(json, DocumentFormat::Json).unwrap();
        assert_eq!(request.vpn_port, Some(443));
        let yaml = "ServerCertificateArn: arn:s\nVpnPort: 443\nDnsServers:\n- 10.0.0.2\nConnectionLogOptions:\n  Enabled: false\n";
        let from_yaml = request_from_document(yaml, DocumentFormat::Yaml).unwrap();
        assert_eq!(from_yaml.dns_servers, Some(vec!["10.0.0.2".to_owned()]));
        assert_eq!(from_yaml.connection_log_options, request.connection_log_options);
    }

    #[test]
    fn unknown_members_are_refused_as_the_aws_cli_refuses_them() {
        let error = request_from_document(r#"{"Bogus": 1}"#, DocumentFormat::Json).unwrap_err();
        let message = error.to_string();
        assert!(message.starts_with("Parameter validation failed:\nUnknown parameter in input: \"Bogus\", must be one of: ClientCidrBlock, ServerCertificateArn,"), "{message}");
        let error = request_from_document("{not json", DocumentFormat::Json).unwrap_err();
        assert!(error.to_string().starts_with("Error parsing parameter 'cli-input-json': Invalid JSON"), "{error}");
        let error = request_from_document("a: [unclosed", DocumentFormat::Yaml).unwrap_err();
        assert!(error.to_string().starts_with("Error parsing parameter 'cli-input-yaml': Invalid YAML"), "{error}");
    }

    #[test]
    fn flags_override_the_document() {
        let document =
            request_from_document(r#"{"Description": "doc", "VpcId": "vpc-doc"}"#, DocumentFormat::Json).unwrap();
        let flags = CreateClientVpnEndpointRequest { description: Some("flag".into()), ..Default::default() };
        let merged = overlay(document, flags);
        assert_eq!(merged.description.as_deref(), Some("flag"));
        assert_eq!(merged.vpc_id.as_deref(), Some("vpc-doc"));
    }
}
