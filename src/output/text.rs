//! The aws CLI's `text` output, exactly: the scalars of an object on one tab-separated line in
//! key order, nested objects and lists after them on lines headed by the upper-cased key.

use serde_json::{Map, Value};

/// A scalar as Python's `str()` prints it, which is what the aws CLI writes.
fn scalar(value: &Value) -> String {
    match value {
        Value::Null => "None".to_owned(),
        Value::Bool(true) => "True".to_owned(),
        Value::Bool(false) => "False".to_owned(),
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

fn is_scalar(value: &Value) -> bool {
    !matches!(value, Value::Object(_) | Value::Array(_))
}

pub fn render_text(value: &Value) -> String {
    let mut out = String::new();
    format_value(value, None, None, &mut out);
    out
}

fn format_value(value: &Value, identifier: Option<&str>, scalar_keys: Option<&[String]>, out: &mut String) {
    match value {
        Value::Object(members) => format_object(members, identifier, scalar_keys, out),
        Value::Array(items) => format_list(items, identifier, out),
        other => {
            out.push_str(&scalar(other));
            out.push('\n');
        }
    }
}

fn format_list(items: &[Value], identifier: Option<&str>, out: &mut String) {
    if items.is_empty() {
        return;
    }
    if items.iter().any(Value::is_object) {
        let mut keys: Vec<String> = items
            .iter()
            .filter_map(Value::as_object)
            .flat_map(|members| members.iter().filter(|(_, value)| is_scalar(value)).map(|(key, _)| key.clone()))
            .collect();
        keys.sort();
        keys.dedup();
        for item in items {
            format_value(item, identifier, Some(&keys), out);
        }
    } else if items.iter().any(Value::is_array) {
        let (scalars, nested): (Vec<&Value>, Vec<&Value>) = items.iter().partition(|item| is_scalar(item));
        if !scalars.is_empty() {
            format_scalar_list(&scalars, identifier, out);
        }
        for item in nested {
            format_value(item, identifier, None, out);
        }
    } else {
        format_scalar_list(&items.iter().collect::<Vec<_>>(), identifier, out);
    }
}

fn format_scalar_list(items: &[&Value], identifier: Option<&str>, out: &mut String) {
    match identifier {
        Some(identifier) => {
            for item in items {
                out.push_str(&format!("{}\t{}\n", identifier.to_uppercase(), scalar(item)));
            }
        }
        None => {
            out.push_str(&items.iter().map(|item| scalar(item)).collect::<Vec<_>>().join("\t"));
            out.push('\n');
        }
    }
}

fn format_object(
    members: &Map<String, Value>,
    identifier: Option<&str>,
    scalar_keys: Option<&[String]>,
    out: &mut String,
) {
    let mut scalars: Vec<String> = Vec::new();
    let mut nested: Vec<(&String, &Value)> = Vec::new();
    match scalar_keys {
        None => {
            let mut sorted: Vec<(&String, &Value)> = members.iter().collect();
            sorted.sort_by(|a, b| a.0.cmp(b.0));
            for (key, value) in sorted {
                if is_scalar(value) {
                    scalars.push(scalar(value));
                } else {
                    nested.push((key, value));
                }
            }
        }
        Some(keys) => {
            // A key another element of the list has is an empty column here (awscli's
            // `_partition_dict`: `item_dict.get(key, '')`).
            scalars.extend(keys.iter().map(|key| members.get(key).map(scalar).unwrap_or_default()));
            let mut remaining: Vec<(&String, &Value)> = members.iter().filter(|(key, _)| !keys.contains(key)).collect();
            remaining.sort_by(|a, b| a.0.cmp(b.0));
            nested = remaining;
        }
    }
    if !scalars.is_empty() {
        if let Some(identifier) = identifier {
            scalars.insert(0, identifier.to_uppercase());
        }
        out.push_str(&scalars.join("\t"));
        out.push('\n');
    }
    for (key, value) in nested {
        format_value(value, Some(key), None, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn response(message: bool) -> Value {
        let mut status = json!({"Code": "pending-associate"});
        if message {
            status["Message"] = json!("Waiting for target network association");
        }
        json!({
            "ClientVpnEndpointId": "cvpn-endpoint-123456789123abcde",
            "Status": status,
            "DnsName": "cvpn-endpoint-123456789123abcde.prod.clientvpn.us-east-1.amazonaws.com"
        })
    }

    /// What aws-cli 1.46.3 prints for the create answer, byte for byte (tests/conformance replays it).
    #[test]
    fn the_create_response_prints_as_the_aws_cli_prints_it() {
        assert_eq!(
            render_text(&response(true)),
            "cvpn-endpoint-123456789123abcde\tcvpn-endpoint-123456789123abcde.prod.clientvpn.us-east-1.amazonaws.com\nSTATUS\tpending-associate\tWaiting for target network association\n"
        );
        assert!(render_text(&response(false)).ends_with("\nSTATUS\tpending-associate\n"));
    }

    #[test]
    fn query_results_print_as_the_aws_cli_prints_them() {
        assert_eq!(
            render_text(&json!({"Code": "pending-associate", "Message": "Waiting"})),
            "pending-associate\tWaiting\n"
        );
        assert_eq!(
            render_text(&json!(["cvpn-endpoint-1", "pending-associate"])),
            "cvpn-endpoint-1\tpending-associate\n"
        );
        assert_eq!(render_text(&json!("cvpn-endpoint-1")), "cvpn-endpoint-1\n");
        assert_eq!(render_text(&Value::Null), "None\n");
        assert_eq!(render_text(&json!(true)), "True\n");
    }

    #[test]
    fn lists_of_objects_share_their_scalar_columns() {
        // A missing key is an empty column, a present null is None (as aws-cli 1.46.3 prints a
        // describe answer where only some endpoints have a Description).
        let value = json!({"Items": [{"b": 1, "a": "x"}, {"a": "y", "c": [1, 2]}, {"a": null, "b": 2}]});
        assert_eq!(render_text(&value), "ITEMS\tx\t1\nITEMS\ty\t\nC\t1\nC\t2\nITEMS\tNone\t2\n");
    }
}
