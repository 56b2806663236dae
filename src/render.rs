//! Renders what cvpn prints on stdout in the chosen output format.

use serde::Serialize;

use crate::cli::OutputFormat;

/// JSON as the aws CLI prints it: indent 4, members in model order, non-ASCII kept, a final newline.
pub fn render_json<T: Serialize>(value: &T) -> String {
    let mut out = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, formatter);
    value.serialize(&mut serializer).expect("serialising plain data to memory cannot fail");
    out.push(b'\n');
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

pub fn render<T: Serialize>(value: &T, format: OutputFormat) -> String {
    match format {
        OutputFormat::Json => render_json(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::response::{CreateClientVpnEndpointResult, EndpointStatus};

    #[test]
    fn json_matches_the_aws_cli_byte_for_byte() {
        let result = CreateClientVpnEndpointResult {
            client_vpn_endpoint_id: Some("cvpn-endpoint-123456789123abcde".into()),
            status: Some(EndpointStatus {
                code: Some("pending-associate".into()),
                message: Some("Waiting for target network association".into()),
            }),
            dns_name: Some("cvpn-endpoint-123456789123abcde.prod.clientvpn.us-east-1.amazonaws.com".into()),
        };
        let expected = "{\n    \"ClientVpnEndpointId\": \"cvpn-endpoint-123456789123abcde\",\n    \"Status\": {\n        \"Code\": \"pending-associate\",\n        \"Message\": \"Waiting for target network association\"\n    },\n    \"DnsName\": \"cvpn-endpoint-123456789123abcde.prod.clientvpn.us-east-1.amazonaws.com\"\n}\n";
        assert_eq!(render_json(&result), expected);
    }

    #[test]
    fn non_ascii_is_kept_and_control_characters_escaped() {
        let status = EndpointStatus { code: Some("Méssäge ✓\u{1}".into()), message: None };
        assert_eq!(render_json(&status), "{\n    \"Code\": \"Méssäge ✓\\u0001\"\n}\n");
    }
}
