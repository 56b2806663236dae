//! `--query`: a JMESPath expression applied to the result before it is rendered, as in the aws
//! CLI. Compiled while the arguments are read, so a bad expression is refused before sending.

use serde_json::{Map, Value};

use crate::failure::Failure;

pub struct Query {
    expression: jmespath::Expression<'static>,
}

impl Query {
    pub fn compile(text: &str) -> Result<Query, Failure> {
        jmespath::compile(text).map(|expression| Query { expression }).map_err(|error| {
            Failure::usage(format!("Bad value for --query {text}: Invalid jmespath expression: {error}"))
        })
    }

    /// The part of `document` the expression selects; `null` when it selects nothing.
    pub fn apply(&self, document: &Value) -> Result<Value, Failure> {
        let found = self
            .expression
            .search(document)
            .map_err(|error| Failure::usage(format!("Bad value for --query {}: {error}", self.expression)))?;
        let value =
            serde_json::to_value(&*found).map_err(|error| Failure::other(format!("--query result: {error}")))?;
        Ok(in_document_order(value, document))
    }
}

/// JMESPath objects come back with sorted keys; put them back in the order the document has
/// them (the model's order), as the aws CLI prints them.
fn in_document_order(value: Value, document: &Value) -> Value {
    let mut order = Vec::new();
    collect_keys(document, &mut order);
    reorder(value, &order)
}

fn collect_keys(value: &Value, order: &mut Vec<String>) {
    match value {
        Value::Object(members) => {
            for (key, child) in members {
                if !order.contains(key) {
                    order.push(key.clone());
                }
                collect_keys(child, order);
            }
        }
        Value::Array(items) => items.iter().for_each(|item| collect_keys(item, order)),
        _ => {}
    }
}

fn reorder(value: Value, order: &[String]) -> Value {
    match value {
        Value::Object(members) => {
            let mut pairs: Vec<(String, Value)> =
                members.into_iter().map(|(key, child)| (key, reorder(child, order))).collect();
            pairs.sort_by_key(|(key, _)| order.iter().position(|known| known == key).unwrap_or(usize::MAX));
            Value::Object(pairs.into_iter().collect::<Map<_, _>>())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(|item| reorder(item, order)).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn document() -> Value {
        json!({
            "ClientVpnEndpointId": "cvpn-endpoint-1",
            "Status": {"Code": "pending-associate", "Message": "Waiting"},
            "DnsName": "d.example"
        })
    }

    #[test]
    fn expressions_select_parts_of_the_result() {
        assert_eq!(
            Query::compile("ClientVpnEndpointId").unwrap().apply(&document()).unwrap(),
            json!("cvpn-endpoint-1")
        );
        assert_eq!(Query::compile("Status.Code").unwrap().apply(&document()).unwrap(), json!("pending-associate"));
        assert_eq!(
            Query::compile("[ClientVpnEndpointId,Status.Code]").unwrap().apply(&document()).unwrap(),
            json!(["cvpn-endpoint-1", "pending-associate"])
        );
        assert_eq!(Query::compile("Nothing").unwrap().apply(&document()).unwrap(), Value::Null);
    }

    #[test]
    fn objects_keep_the_documents_order() {
        let whole = Query::compile("@").unwrap().apply(&document()).unwrap();
        let keys: Vec<&String> = whole.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["ClientVpnEndpointId", "Status", "DnsName"]);
    }

    #[test]
    fn a_bad_expression_is_a_usage_error() {
        let error = Query::compile("Status.[").err().unwrap();
        assert_eq!(error.exit_code(), 252);
        assert!(
            error.to_string().starts_with("Bad value for --query Status.[: Invalid jmespath expression"),
            "{error}"
        );
    }
}
