//! `cvpn describe-client-vpn-endpoints -o table`: one row per endpoint, the columns a person
//! looks for (ID, Name tag, status, client CIDR, DNS name, created). Piped, no value is broken.

use serde_json::Value;

use crate::output::table::{TableStyle, table_with_columns};

const COLUMNS: [&str; 6] = ["ID", "Name", "Status", "Client CIDR", "DNS name", "Created"];

fn text<'a>(value: &'a Value, path: &[&str]) -> &'a str {
    path.iter().try_fold(value, |value, key| value.get(key)).and_then(Value::as_str).unwrap_or("")
}

fn name_tag(endpoint: &Value) -> &str {
    endpoint
        .get("Tags")
        .and_then(Value::as_array)
        .and_then(|tags| tags.iter().find(|tag| tag.get("Key").and_then(Value::as_str) == Some("Name")))
        .map(|tag| text(tag, &["Value"]))
        .unwrap_or("")
}

/// The endpoints of `result` (`{"ClientVpnEndpoints": [...], "NextToken"?}`) as a table.
pub fn render_endpoints(title: &str, result: &Value, style: TableStyle) -> String {
    let mut table = table_with_columns(style, &COLUMNS);
    let endpoints = result.get("ClientVpnEndpoints").and_then(Value::as_array).cloned().unwrap_or_default();
    for endpoint in &endpoints {
        table.add_row(vec![
            text(endpoint, &["ClientVpnEndpointId"]),
            name_tag(endpoint),
            text(endpoint, &["Status", "Code"]),
            text(endpoint, &["ClientCidrBlock"]),
            text(endpoint, &["DnsName"]),
            text(endpoint, &["CreationTime"]),
        ]);
    }
    let mut out = format!("{title}\n{table}\n");
    if endpoints.is_empty() {
        out.push_str("No Client VPN endpoints.\n");
    }
    if let Some(token) = result.get("NextToken").and_then(Value::as_str) {
        out.push_str(&format!("More: --starting-token {token}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn one_row_per_endpoint_with_the_name_tag() {
        let dns = "cvpn-endpoint-0123456789abcdef0.prod.clientvpn.us-east-1.amazonaws.com";
        let result = json!({"ClientVpnEndpoints": [
            {"ClientVpnEndpointId": "cvpn-endpoint-0123456789abcdef0", "Status": {"Code": "available"},
             "ClientCidrBlock": "10.0.0.0/22", "DnsName": dns, "CreationTime": "2026-11-28T10:00:00",
             "Tags": [{"Key": "team", "Value": "net"}, {"Key": "Name", "Value": "office"}]},
            {"ClientVpnEndpointId": "cvpn-endpoint-1", "Status": {"Code": "pending-associate"}}
        ]});
        let text = render_endpoints("DescribeClientVpnEndpoints", &result, TableStyle::for_output(None, false));
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "DescribeClientVpnEndpoints");
        assert!(lines[2].contains("ID") && lines[2].contains("DNS name"), "{text}");
        let row = lines.iter().find(|line| line.contains("cvpn-endpoint-0123456789abcdef0 ")).unwrap();
        for cell in ["office", "available", "10.0.0.0/22", dns, "2026-11-28T10:00:00"] {
            assert!(row.contains(cell), "{cell} not in {row}");
        }
        assert!(text.contains("pending-associate"));
    }

    #[test]
    fn nothing_found_and_more_to_come_are_said() {
        let text = render_endpoints("T", &json!({"ClientVpnEndpoints": []}), TableStyle::for_output(None, false));
        assert!(text.contains("No Client VPN endpoints."), "{text}");
        let text = render_endpoints(
            "T",
            &json!({"ClientVpnEndpoints": [], "NextToken": "abc"}),
            TableStyle::for_output(None, false),
        );
        assert!(text.ends_with("More: --starting-token abc\n"), "{text}");
    }
}
