//! An operation's request as one JSON document keyed by member name: from its flags, from
//! `--cli-input-json`/`--cli-input-yaml`, and the two merged with the flags winning. The model
//! shapes every value, so the document is what the SDK mapping reads.

use serde_json::{Map, Value};

use crate::api::model::Shape;
use crate::api::operation::Operation;
use crate::failure::Failure;
use crate::input::cli_input::{DocumentFormat, read_document};
use crate::input::param_value::{scalar, scalar_list_value, structure_list_value, structure_value};

/// What one flag was given, before the model shapes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GivenValue {
    /// A scalar or structure flag's text (shorthand, JSON or `file://`).
    Word(String),
    /// A list flag's words.
    Words(Vec<String>),
    Integer(i32),
    Boolean(bool),
}

/// The document the given flags make.
pub fn from_flags(
    operation: &Operation,
    given: Vec<(&'static str, GivenValue)>,
) -> Result<Map<String, Value>, Failure> {
    let mut document = Map::new();
    for (name, value) in given {
        let member = operation.member(name).unwrap_or_else(|| panic!("{} has no member {name}", operation.name));
        let flag = member.flag();
        let value = match (value, member.shape) {
            (GivenValue::Boolean(value), _) => Value::Bool(value),
            (GivenValue::Integer(value), _) => Value::from(value),
            (GivenValue::Words(words), shape) if shape.is_complex() => structure_list_value(&flag, member, &words)?,
            (GivenValue::Words(words), _) => scalar_list_value(&flag, member, &words)?,
            (GivenValue::Word(text), Shape::Structure(_)) => structure_value(&flag, member, &text)?,
            (GivenValue::Word(text), _) => Value::String(scalar(&flag, &text)?),
        };
        document.insert(member.name.to_owned(), value);
    }
    Ok(document)
}

/// The document of `--cli-input-json`/`--cli-input-yaml`, shaped by the operation's model.
pub fn from_input(operation: &Operation, raw: &str, format: DocumentFormat) -> Result<Map<String, Value>, Failure> {
    match read_document(operation.input, raw, format)? {
        Value::Object(members) => Ok(members),
        other => Err(Failure::usage(format!(
            "Error parsing parameter '{}': the document must be an object of the operation's members, not {other}",
            format.flag()
        ))),
    }
}

/// The input document with every member the flags set replaced by the flag's value.
pub fn merged(mut document: Map<String, Value>, flags: Map<String, Value>) -> Map<String, Value> {
    document.extend(flags);
    document
}

/// Reads members of a request document for the SDK mapping.
pub trait Members {
    fn text(&self, name: &str) -> Option<String>;
    fn texts(&self, name: &str) -> Option<Vec<String>>;
    fn integer(&self, name: &str) -> Option<i32>;
    fn boolean(&self, name: &str) -> Option<bool>;
    fn list(&self, name: &str) -> Option<&Vec<Value>>;
    fn object(&self, name: &str) -> Option<&Map<String, Value>>;
    /// The structures of a list member; an element that is not one is skipped.
    fn objects(&self, name: &str) -> Vec<&Map<String, Value>>;
    /// A list member that holds at least one element, as the SDK mappings send lists.
    fn non_empty_list(&self, name: &str) -> Option<&Vec<Value>>;
}

impl Members for Map<String, Value> {
    fn text(&self, name: &str) -> Option<String> {
        self.get(name).and_then(Value::as_str).map(str::to_owned)
    }

    fn texts(&self, name: &str) -> Option<Vec<String>> {
        self.list(name).map(|items| items.iter().filter_map(Value::as_str).map(str::to_owned).collect())
    }

    fn integer(&self, name: &str) -> Option<i32> {
        self.get(name).and_then(Value::as_i64).and_then(|value| i32::try_from(value).ok())
    }

    fn boolean(&self, name: &str) -> Option<bool> {
        self.get(name).and_then(Value::as_bool)
    }

    fn list(&self, name: &str) -> Option<&Vec<Value>> {
        self.get(name).and_then(Value::as_array)
    }

    fn object(&self, name: &str) -> Option<&Map<String, Value>> {
        self.get(name).and_then(Value::as_object)
    }

    fn objects(&self, name: &str) -> Vec<&Map<String, Value>> {
        self.list(name).map(|items| items.iter().filter_map(Value::as_object).collect()).unwrap_or_default()
    }

    fn non_empty_list(&self, name: &str) -> Option<&Vec<Value>> {
        self.list(name).filter(|items| !items.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::operations::DESCRIBE_CLIENT_VPN_ENDPOINTS as DESCRIBE;
    use serde_json::json;

    fn words(items: &[&str]) -> GivenValue {
        GivenValue::Words(items.iter().map(|item| item.to_string()).collect())
    }

    #[test]
    fn flags_become_members_shaped_by_the_model() {
        let document = from_flags(
            &DESCRIBE,
            vec![
                ("ClientVpnEndpointIds", words(&["cvpn-endpoint-1", "cvpn-endpoint-2"])),
                ("Filters", words(&["Name=transport-protocol,Values=tcp,udp"])),
                ("MaxResults", GivenValue::Integer(5)),
                ("NextToken", GivenValue::Word("t".into())),
                ("DryRun", GivenValue::Boolean(true)),
            ],
        )
        .unwrap();
        assert_eq!(
            Value::Object(document),
            json!({
                "ClientVpnEndpointIds": ["cvpn-endpoint-1", "cvpn-endpoint-2"],
                "Filters": [{"Name": "transport-protocol", "Values": ["tcp", "udp"]}],
                "MaxResults": 5,
                "NextToken": "t",
                "DryRun": true
            })
        );
    }

    #[test]
    fn filters_take_json_too_and_unknown_keys_are_refused() {
        let document =
            from_flags(&DESCRIBE, vec![("Filters", words(&[r#"[{"Name":"endpoint-id","Values":["a"]}]"#]))]).unwrap();
        assert_eq!(document["Filters"], json!([{"Name": "endpoint-id", "Values": ["a"]}]));
        let error = from_flags(&DESCRIBE, vec![("Filters", words(&["Nme=x"]))]).unwrap_err();
        assert!(error.message.contains("Unknown parameter"), "{error}");
    }

    #[test]
    fn flags_override_the_input_document() {
        let document = from_input(&DESCRIBE, r#"{"MaxResults": 10, "NextToken": "a"}"#, DocumentFormat::Json).unwrap();
        let flags = from_flags(&DESCRIBE, vec![("NextToken", GivenValue::Word("b".into()))]).unwrap();
        assert_eq!(Value::Object(merged(document, flags)), json!({"MaxResults": 10, "NextToken": "b"}));
        assert!(from_input(&DESCRIBE, r#"{"Bogus": 1}"#, DocumentFormat::Json).is_err());
    }
}
