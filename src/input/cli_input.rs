//! `--cli-input-json` and `--cli-input-yaml`: the whole request as one document in the API's
//! shape. Flags given on the command line override the document's members.

use serde_json::Value;

use crate::api::model::Shape;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::model::CREATE_CLIENT_VPN_ENDPOINT_REQUEST as CREATE;
    use serde_json::json;

    #[test]
    fn json_and_yaml_documents_are_read_in_the_api_shape() {
        let json = r#"{"ServerCertificateArn": "arn:s", "VpnPort": 443, "ConnectionLogOptions": {"Enabled": false}}"#;
        let request = read_document(&CREATE, json, DocumentFormat::Json).unwrap();
        assert_eq!(request["VpnPort"], 443);
        let yaml = "ServerCertificateArn: arn:s\nVpnPort: 443\nDnsServers:\n- 10.0.0.2\nConnectionLogOptions:\n  Enabled: false\n";
        let from_yaml = read_document(&CREATE, yaml, DocumentFormat::Yaml).unwrap();
        assert_eq!(from_yaml["DnsServers"], json!(["10.0.0.2"]));
        assert_eq!(from_yaml["ConnectionLogOptions"], request["ConnectionLogOptions"]);
    }

    #[test]
    fn unknown_members_are_refused_as_the_aws_cli_refuses_them() {
        let error = read_document(&CREATE, r#"{"Bogus": 1}"#, DocumentFormat::Json).unwrap_err();
        let message = error.to_string();
        assert!(message.starts_with("Parameter validation failed:\nUnknown parameter in input: \"Bogus\", must be one of: ClientCidrBlock, ServerCertificateArn,"), "{message}");
        let error = read_document(&CREATE, "{not json", DocumentFormat::Json).unwrap_err();
        assert!(error.to_string().starts_with("Error parsing parameter 'cli-input-json': Invalid JSON"), "{error}");
        let error = read_document(&CREATE, "a: [unclosed", DocumentFormat::Yaml).unwrap_err();
        assert!(error.to_string().starts_with("Error parsing parameter 'cli-input-yaml': Invalid YAML"), "{error}");
    }

    #[test]
    fn values_of_the_wrong_type_are_refused_with_their_path() {
        let error =
            read_document(&CREATE, r#"{"VpnPort": "443", "SplitTunnel": 1}"#, DocumentFormat::Json).unwrap_err();
        let message = error.to_string();
        assert!(message.contains("VpnPort") && message.contains("SplitTunnel"), "{message}");
        let error = read_document(&CREATE, r#"{"VpnPort": 99999999999}"#, DocumentFormat::Json).unwrap_err();
        assert!(error.to_string().contains("VpnPort"), "{error}");
    }
}
