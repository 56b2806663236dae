//! `yaml` and `yaml-stream` output as aws CLI v2 prints them: keys sorted, block style, lists
//! at their key's indent; a scalar result is printed as JSON.

use serde_json::{Map, Value};

fn sorted(value: &Value) -> Value {
    match value {
        Value::Object(members) => {
            let mut pairs: Vec<(&String, &Value)> = members.iter().collect();
            pairs.sort_by(|a, b| a.0.cmp(b.0));
            Value::Object(pairs.into_iter().map(|(key, child)| (key.clone(), sorted(child))).collect::<Map<_, _>>())
        }
        Value::Array(items) => Value::Array(items.iter().map(sorted).collect()),
        other => other.clone(),
    }
}

fn to_yaml(value: &Value) -> String {
    serde_saphyr::to_string(value).expect("plain JSON data serialises to YAML")
}

pub fn render_yaml(value: &Value) -> String {
    match value {
        Value::Object(_) | Value::Array(_) => to_yaml(&sorted(value)),
        scalar => format!("{scalar}\n"),
    }
}

/// Each response as one element of a list, so that a stream of responses is one YAML list.
pub fn render_yaml_stream(value: &Value) -> String {
    to_yaml(&Value::Array(vec![sorted(value)]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    use crate::api::results::sample_document as response;

    /// What aws CLI v2 prints with `--output yaml` for the create answer, byte for byte.
    #[test]
    fn yaml_matches_aws_v2() {
        assert_eq!(
            render_yaml(&response()),
            "ClientVpnEndpointId: cvpn-endpoint-123456789123abcde\nDnsName: cvpn-endpoint-123456789123abcde.prod.clientvpn.us-east-1.amazonaws.com\nStatus:\n  Code: pending-associate\n  Message: Waiting for target network association\n"
        );
    }

    #[test]
    fn yaml_stream_matches_aws_v2() {
        assert_eq!(
            render_yaml_stream(&response()),
            "- ClientVpnEndpointId: cvpn-endpoint-123456789123abcde\n  DnsName: cvpn-endpoint-123456789123abcde.prod.clientvpn.us-east-1.amazonaws.com\n  Status:\n    Code: pending-associate\n    Message: Waiting for target network association\n"
        );
    }

    #[test]
    fn scalars_are_printed_as_json() {
        assert_eq!(render_yaml(&json!("cvpn-endpoint-1")), "\"cvpn-endpoint-1\"\n");
        assert_eq!(render_yaml(&Value::Null), "null\n");
    }

    #[test]
    fn values_that_would_read_back_as_other_types_are_quoted() {
        let text = render_yaml(&json!({"a": "true", "b": "123", "c": "x: y", "d": ""}));
        for expected in ["a: \"true\"", "b: \"123\"", "c: \"x: y\"", "d: \"\""] {
            assert!(text.contains(expected), "{expected} in {text}");
        }
    }
}
