//! `cvpn show ENDPOINT -o table`: the endpoint and what it holds, a section per kind, the columns
//! a person looks for in each.

use comfy_table::{Cell, Color};
use serde_json::Value;

use crate::output::table::{TableStyle, styled_table};

fn text(value: &Value, path: &[&str]) -> String {
    let found = path.iter().try_fold(value, |value, key| value.get(key));
    match found {
        Some(Value::String(text)) => text.clone(),
        Some(Value::Bool(flag)) => flag.to_string(),
        Some(Value::Number(number)) => number.to_string(),
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(" "),
        _ => String::new(),
    }
}

/// One section: its title, then a table of the items, or a line saying there are none.
fn section(title: &str, items: &Value, columns: &[(&str, &[&str])], style: TableStyle) -> String {
    let items = items.as_array().cloned().unwrap_or_default();
    if items.is_empty() {
        return format!("{title}: none\n");
    }
    let mut table = styled_table(style);
    table.set_header(
        columns
            .iter()
            .map(|(name, _)| if style.color { Cell::new(name).fg(Color::Cyan) } else { Cell::new(name) })
            .collect::<Vec<_>>(),
    );
    for item in &items {
        table.add_row(columns.iter().map(|(_, path)| text(item, path)).collect::<Vec<_>>());
    }
    format!("{title}\n{table}\n")
}

/// The view `show` prints: `{"ClientVpnEndpoint", "ClientVpnTargetNetworks", "AuthorizationRules",
/// "Routes", "Connections"}`.
pub fn render(view: &Value, style: TableStyle) -> String {
    let endpoint = &view["ClientVpnEndpoint"];
    let name = endpoint
        .get("Tags")
        .and_then(Value::as_array)
        .and_then(|tags| tags.iter().find(|tag| tag.get("Key").and_then(Value::as_str) == Some("Name")))
        .map(|tag| format!(" ({})", text(tag, &["Value"])))
        .unwrap_or_default();
    let mut out = format!("Endpoint {}{name}\n", text(endpoint, &["ClientVpnEndpointId"]));
    let facts: [(&str, &[&str]); 7] = [
        ("Status", &["Status", "Code"]),
        ("Client CIDR", &["ClientCidrBlock"]),
        ("DNS name", &["DnsName"]),
        ("Transport", &["TransportProtocol"]),
        ("Port", &["VpnPort"]),
        ("Split tunnel", &["SplitTunnel"]),
        ("Created", &["CreationTime"]),
    ];
    for (label, path) in facts {
        let value = text(endpoint, path);
        if !value.is_empty() {
            out.push_str(&format!("  {label:<13}{value}\n"));
        }
    }
    out.push('\n');
    out.push_str(&section(
        "Target networks",
        &view["ClientVpnTargetNetworks"],
        &[
            ("Association", &["AssociationId"]),
            ("Subnet", &["TargetNetworkId"]),
            ("VPC", &["VpcId"]),
            ("Status", &["Status", "Code"]),
            ("Security groups", &["SecurityGroups"]),
        ],
        style,
    ));
    out.push_str(&section(
        "Authorization rules",
        &view["AuthorizationRules"],
        &[
            ("Destination", &["DestinationCidr"]),
            ("Group", &["GroupId"]),
            ("All groups", &["AccessAll"]),
            ("Status", &["Status", "Code"]),
            ("Description", &["Description"]),
        ],
        style,
    ));
    out.push_str(&section(
        "Routes",
        &view["Routes"],
        &[
            ("Destination", &["DestinationCidr"]),
            ("Target subnet", &["TargetSubnet"]),
            ("Origin", &["Origin"]),
            ("Status", &["Status", "Code"]),
            ("Description", &["Description"]),
        ],
        style,
    ));
    out.push_str(&section(
        "Connections",
        &view["Connections"],
        &[
            ("Connection", &["ConnectionId"]),
            ("Common name", &["CommonName"]),
            ("Client IP", &["ClientIp"]),
            ("Status", &["Status", "Code"]),
            ("Since", &["ConnectionEstablishedTime"]),
        ],
        style,
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_section_per_kind_and_none_said_plainly() {
        let view = json!({
            "ClientVpnEndpoint": {"ClientVpnEndpointId": "cvpn-endpoint-1", "Status": {"Code": "available"},
                "VpnPort": 443, "Tags": [{"Key": "Name", "Value": "office"}]},
            "ClientVpnTargetNetworks": [{"AssociationId": "cvpn-assoc-1", "TargetNetworkId": "subnet-1",
                "Status": {"Code": "associated"}, "SecurityGroups": ["sg-1", "sg-2"]}],
            "AuthorizationRules": [],
            "Routes": [{"DestinationCidr": "0.0.0.0/0", "Origin": "add-route", "Status": {"Code": "active"}}],
            "Connections": []
        });
        let text = render(&view, TableStyle::for_output(None, false));
        assert!(text.starts_with("Endpoint cvpn-endpoint-1 (office)\n  Status       available\n"), "{text}");
        assert!(text.contains("  Port         443\n"), "{text}");
        assert!(text.contains("Target networks\n") && text.contains("sg-1 sg-2"), "{text}");
        assert!(text.contains("Authorization rules: none\n") && text.contains("Connections: none\n"), "{text}");
        assert!(text.contains("0.0.0.0/0") && text.contains("add-route"), "{text}");
    }
}
