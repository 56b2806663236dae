//! Gives an untyped parameter value the types of the model, as botocore does before it sends:
//! members by name (unknown keys refused, the valid ones listed), booleans and integers from
//! shorthand strings, a single value wrapped where a list is expected.
//!
//! JSON values keep their JSON types and must already match; shorthand values are all strings
//! and are converted, as the aws CLI's `BackCompatVisitor` converts them.

use serde_json::{Map, Value};

use crate::api::model::Shape;

/// Where a value came from: shorthand gives strings to convert, JSON gives typed values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Shorthand,
    Json,
}

/// Every problem found, each naming the parameter path (`AuthenticationOptions[0].Type`).
pub fn shape_value(value: Value, shape: &Shape, path: &str, origin: Origin) -> Result<Value, Vec<String>> {
    let mut problems = Vec::new();
    let shaped = walk(value, shape, path, origin, &mut problems);
    if problems.is_empty() { Ok(shaped) } else { Err(problems) }
}

fn describe(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a structure",
    }
}

fn invalid(problems: &mut Vec<String>, path: &str, value: &Value, expected: &str) -> Value {
    problems.push(format!(
        "Invalid type for parameter {path}, value: {}: it is {}, and {path} takes {expected}",
        describe(value),
        type_name(value)
    ));
    Value::Null
}

/// An integer read as the aws CLI reads one (Python's `int()`): surrounding whitespace, a sign,
/// leading zeros and `_` between digits are accepted.
pub fn integer_from_text(text: &str) -> Option<i64> {
    let trimmed = text.trim();
    let (sign, digits) = match trimmed.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, trimmed.strip_prefix('+').unwrap_or(trimmed)),
    };
    let well_formed = !digits.is_empty()
        && !digits.starts_with('_')
        && !digits.ends_with('_')
        && !digits.contains("__")
        && digits.chars().all(|c| c.is_ascii_digit() || c == '_');
    if !well_formed {
        return None;
    }
    digits
        .chars()
        .filter(|c| *c != '_')
        .try_fold(0i64, |acc, c| acc.checked_mul(10)?.checked_add(i64::from(c as u8 - b'0')))
        .map(|n| sign * n)
}

fn walk(value: Value, shape: &Shape, path: &str, origin: Origin, problems: &mut Vec<String>) -> Value {
    match (shape, value) {
        (Shape::String | Shape::Enum(_), Value::String(text)) => Value::String(text),
        (Shape::String | Shape::Enum(_), other) => invalid(problems, path, &other, "a string"),

        (Shape::Boolean, Value::Bool(flag)) => Value::Bool(flag),
        (Shape::Boolean, Value::String(text)) if origin == Origin::Shorthand => {
            if text.eq_ignore_ascii_case("true") {
                Value::Bool(true)
            } else if text.eq_ignore_ascii_case("false") {
                Value::Bool(false)
            } else {
                invalid(problems, path, &Value::String(text), "true or false")
            }
        }
        (Shape::Boolean, other) => invalid(problems, path, &other, "true or false"),

        (Shape::Integer, Value::Number(number)) if number.is_i64() => {
            match number.as_i64().and_then(|n| i32::try_from(n).ok()) {
                Some(n) => Value::from(n),
                None => invalid(problems, path, &Value::Number(number), "a 32-bit integer"),
            }
        }
        (Shape::Integer, Value::String(text)) if origin == Origin::Shorthand => {
            match integer_from_text(&text).and_then(|n| i32::try_from(n).ok()) {
                Some(n) => Value::from(n),
                None => invalid(problems, path, &Value::String(text), "an integer"),
            }
        }
        (Shape::Integer, other) => invalid(problems, path, &other, "an integer"),

        (Shape::List(member), Value::Array(items)) => Value::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(index, item)| walk(item, member, &format!("{path}[{index}]"), origin, problems))
                .collect(),
        ),
        // Shorthand `Tags={Key=a,Value=b}` or `AvailabilityZones=us-east-1a` means a one-element list.
        (Shape::List(member), single) if origin == Origin::Shorthand => {
            Value::Array(vec![walk(single, member, &format!("{path}[0]"), origin, problems)])
        }
        (Shape::List(_), other) => invalid(problems, path, &other, "a list"),

        (Shape::Structure(members), Value::Object(object)) => {
            let mut shaped = Map::new();
            for (key, item) in object {
                match members.iter().find(|member| member.name == key) {
                    Some(member) => {
                        let child = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
                        shaped.insert(key, walk(item, member.shape, &child, origin, problems));
                    }
                    None => {
                        let names: Vec<&str> = members.iter().map(|member| member.name).collect();
                        let location = if path.is_empty() { "input" } else { path };
                        problems.push(format!(
                            "Unknown parameter in {location}: \"{key}\", must be one of: {}",
                            names.join(", ")
                        ));
                    }
                }
            }
            Value::Object(shaped)
        }
        (Shape::Structure(_), other) => invalid(problems, path, &other, "a structure"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::model::request_member;
    use serde_json::json;

    fn shape_of(name: &str) -> &'static Shape {
        request_member(name).unwrap().shape
    }

    #[test]
    fn shorthand_strings_become_booleans_integers_and_lists() {
        let value = json!({"Enabled": "TRUE", "CloudwatchLogGroup": "g"});
        assert_eq!(
            shape_value(value, shape_of("ConnectionLogOptions"), "ConnectionLogOptions", Origin::Shorthand),
            Ok(json!({"Enabled": true, "CloudwatchLogGroup": "g"}))
        );
        let tags = json!({"ResourceType": "client-vpn-endpoint", "Tags": {"Key": "a", "Value": "b"}});
        assert_eq!(
            shape_value(tags, shape_of("TagSpecifications").list_member(), "TagSpecifications[0]", Origin::Shorthand),
            Ok(json!({"ResourceType": "client-vpn-endpoint", "Tags": [{"Key": "a", "Value": "b"}]}))
        );
        let zones = json!({"TransitGatewayId": "tgw-1", "AvailabilityZones": "us-east-1a"});
        assert_eq!(
            shape_value(
                zones,
                shape_of("TransitGatewayConfiguration"),
                "TransitGatewayConfiguration",
                Origin::Shorthand
            ),
            Ok(json!({"TransitGatewayId": "tgw-1", "AvailabilityZones": ["us-east-1a"]}))
        );
    }

    #[test]
    fn unknown_keys_are_refused_with_the_valid_ones_listed() {
        let problems = shape_value(
            json!({"Type": "x", "Foo": "y"}),
            shape_of("AuthenticationOptions").list_member(),
            "AuthenticationOptions[0]",
            Origin::Shorthand,
        )
        .unwrap_err();
        assert_eq!(
            problems,
            [
                "Unknown parameter in AuthenticationOptions[0]: \"Foo\", must be one of: Type, ActiveDirectory, MutualAuthentication, FederatedAuthentication"
            ]
        );
    }

    #[test]
    fn wrong_types_are_reported_with_path_and_value() {
        let problems = shape_value(
            json!({"Enabled": "yes"}),
            shape_of("ConnectionLogOptions"),
            "ConnectionLogOptions",
            Origin::Shorthand,
        )
        .unwrap_err();
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].starts_with("Invalid type for parameter ConnectionLogOptions.Enabled, value: yes"),
            "{problems:?}"
        );
        let json_string_bool = shape_value(
            json!({"Enabled": "true"}),
            shape_of("ConnectionLogOptions"),
            "ConnectionLogOptions",
            Origin::Json,
        );
        assert!(json_string_bool.is_err(), "JSON keeps its types");
        let banner = shape_value(
            json!({"Enabled": "true", "BannerText": ["Hi", "there"]}),
            shape_of("ClientLoginBannerOptions"),
            "ClientLoginBannerOptions",
            Origin::Shorthand,
        )
        .unwrap_err();
        assert!(banner[0].contains("ClientLoginBannerOptions.BannerText, value: [\"Hi\",\"there\"]"), "{banner:?}");
        let mutual = shape_value(
            json!({"Type": "certificate-authentication", "MutualAuthentication": "arn"}),
            shape_of("AuthenticationOptions").list_member(),
            "AuthenticationOptions[0]",
            Origin::Shorthand,
        )
        .unwrap_err();
        assert!(mutual[0].contains("AuthenticationOptions[0].MutualAuthentication, value: arn"), "{mutual:?}");
    }

    #[test]
    fn every_problem_is_reported() {
        let problems = shape_value(
            json!({"Enabled": "maybe", "Bogus": "1", "Other": "2"}),
            shape_of("ConnectionLogOptions"),
            "ConnectionLogOptions",
            Origin::Shorthand,
        )
        .unwrap_err();
        assert_eq!(problems.len(), 3, "{problems:?}");
    }

    #[test]
    fn integers_are_strict() {
        assert_eq!(integer_from_text(" 0443 "), Some(443));
        assert_eq!(integer_from_text("4_43"), Some(443));
        assert_eq!(integer_from_text("443.0"), None);
        assert_eq!(integer_from_text("0x1bb"), None);
        let problems =
            shape_value(json!("12x"), shape_of("SessionTimeoutHours"), "SessionTimeoutHours", Origin::Shorthand)
                .unwrap_err();
        assert!(problems[0].contains("takes an integer"), "{problems:?}");
    }
}
