//! `--query`: a JMESPath expression applied to the result before it is rendered, as in the aws
//! CLI. Compiled while the arguments are read, so a bad expression is refused before sending.

use serde_json::{Map, Value};

use crate::failure::Failure;

pub struct Query {
    expression: jmespath::Expression<'static>,
}

/// How deep an expression may nest (brackets, parentheses, braces, `!`), and how many steps
/// (`.`, `|`) it may chain: far past any query a person writes, and well inside what the
/// JMESPath parser and evaluator, which recurse, can take without overflowing the stack.
const MAX_NESTING: usize = 48;
const MAX_STEPS: usize = 128;

/// The deepest nesting and the number of steps of an expression, outside its literals.
fn shape_of(text: &str) -> (usize, usize) {
    let (mut depth, mut deepest, mut steps, mut negations) = (0usize, 0usize, 0usize, 0usize);
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for c in text.chars() {
        if let Some(open) = quote {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                _ if c == open => quote = None,
                _ => {}
            }
            continue;
        }
        match c {
            '\'' | '"' | '`' => quote = Some(c),
            '[' | '(' | '{' => depth += 1,
            ']' | ')' | '}' => depth = depth.saturating_sub(1),
            '.' | '|' => steps += 1,
            _ => {}
        }
        negations = if c == '!' { negations + 1 } else { 0 };
        deepest = deepest.max(depth + negations);
    }
    (deepest, steps)
}

impl Query {
    pub fn compile(text: &str) -> Result<Query, Failure> {
        let (nesting, steps) = shape_of(text);
        if nesting > MAX_NESTING || steps > MAX_STEPS {
            return Err(Failure::usage(format!(
                "Bad value for --query: it nests {nesting} deep and chains {steps} steps; cvpn takes at most \
                 {MAX_NESTING} levels and {MAX_STEPS} steps"
            )));
        }
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

    #[test]
    fn deep_expressions_are_refused_before_the_parser_sees_them() {
        let deep = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
        let failure = Query::compile(&deep).err().expect("refused");
        assert_eq!(failure.exit_code(), crate::failure::EXIT_USAGE);
        assert!(failure.message.contains("nests 5000 deep"), "{}", failure.message);
        assert!(Query::compile(&"!".repeat(5000)).is_err());
        assert!(Query::compile(&vec!["a"; 5000].join(".")).is_err());
        // Literals may hold anything.
        let literal = format!("`\"{}\"`", "[".repeat(100));
        assert!(Query::compile(&literal).is_ok(), "{literal}");
        // What people write is well inside the bounds, and a chain at the bound evaluates.
        let chain = vec!["a"; MAX_STEPS + 1].join(".");
        let mut document = serde_json::json!("end");
        for _ in 0..=MAX_STEPS {
            document = serde_json::json!({"a": document});
        }
        assert_eq!(Query::compile(&chain).unwrap().apply(&document).unwrap(), "end");
        assert!(Query::compile("ClientVpnEndpoints[?Status.Code=='available'].{Id: ClientVpnEndpointId}").is_ok());
    }
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
