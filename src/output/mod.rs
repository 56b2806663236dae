//! What cvpn prints on stdout in the chosen output format, after `--query`, and how failures
//! read on stderr in the chosen error format.

pub mod cost_table;
pub mod endpoint_view;
pub mod endpoints_table;
pub mod findings_table;
pub mod format;
pub mod printer;
pub mod progress;
pub mod query;
pub mod status_table;
pub mod table;
pub mod text;
pub mod users_table;
pub mod yaml;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::failure::{Failure, FailureKind};
use crate::output::format::{ErrorFormat, OutputFormat};
use crate::output::query::Query;
use crate::output::table::{TableStyle, render_table};
use crate::output::text::render_text;
use crate::output::yaml::{render_yaml, render_yaml_stream};

/// Everything that decides how a result is printed.
pub struct OutputOptions {
    pub format: OutputFormat,
    pub query: Option<Query>,
    pub table: TableStyle,
    /// stdout is a terminal: control characters in values (a tag or a certificate's subject
    /// carrying escape codes) are shown escaped instead of reaching the terminal.
    pub escape_controls: bool,
}

impl OutputOptions {
    /// `value` as it may be shown: with control characters escaped on a terminal.
    pub fn shown(&self, value: Value) -> Value {
        if self.escape_controls { escaped_value(value) } else { value }
    }
}

/// A character a terminal would act on rather than show: C0 controls but newline and tab, DEL,
/// and C1 controls (which some terminals take as escape sequences).
fn is_terminal_control(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || ('\u{80}'..='\u{9f}').contains(&c)
}

/// `text` with every terminal control character written out (`\x1b`), so that it is seen, not obeyed.
pub fn escape_controls(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_terminal_control) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut escaped = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            c if is_terminal_control(c) && (c as u32) < 0x100 => escaped.push_str(&format!("\\x{:02x}", c as u32)),
            c if is_terminal_control(c) => escaped.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => escaped.push(c),
        }
    }
    std::borrow::Cow::Owned(escaped)
}

fn escaped_value(value: Value) -> Value {
    match value {
        Value::String(text) => Value::String(escape_controls(&text).into_owned()),
        Value::Array(items) => Value::Array(items.into_iter().map(escaped_value).collect()),
        Value::Object(members) => Value::Object(
            members
                .into_iter()
                .map(|(key, child)| (escape_controls(&key).into_owned(), escaped_value(child)))
                .collect(),
        ),
        other => other,
    }
}

/// JSON as the aws CLI prints it: indent 4, members in model order, non-ASCII kept, a final newline.
pub fn render_json<T: Serialize + ?Sized>(value: &T) -> String {
    let mut out = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, formatter);
    value.serialize(&mut serializer).expect("serialising plain data to memory cannot fail");
    out.push(b'\n');
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// A result in the chosen format, after the query; `title` heads a table.
pub fn render<T: Serialize>(value: &T, title: &str, options: &OutputOptions) -> Result<String, Failure> {
    let document = serde_json::to_value(value).expect("results serialise to JSON");
    let selected = options.shown(match &options.query {
        Some(query) => query.apply(&document)?,
        None => document,
    });
    Ok(match options.format {
        OutputFormat::Json => render_json(&selected),
        OutputFormat::Text => render_text(&selected),
        OutputFormat::Yaml => render_yaml(&selected),
        OutputFormat::YamlStream => render_yaml_stream(&selected),
        OutputFormat::Table => render_table(title, &selected, options.table),
        OutputFormat::Off => String::new(),
    })
}

/// A code for each class of failure, for the structured error formats; the service's own for its
/// errors. Hints, when there are any, come apart from the message.
fn failure_fields(failure: &Failure) -> Map<String, Value> {
    let (code, request_id) = match &failure.kind {
        FailureKind::Usage => ("ParamValidation", None),
        FailureKind::Configuration => ("ConfigurationError", None),
        FailureKind::Other => ("Failure", None),
        FailureKind::Interrupted => ("Interrupted", None),
        FailureKind::Service(error) => (error.code_or_unknown(), error.request_id.clone()),
    };
    let mut fields = Map::new();
    fields.insert("Code".into(), Value::String(code.to_owned()));
    fields.insert("Message".into(), Value::String(failure.message.clone()));
    if let Some(id) = request_id {
        fields.insert("RequestId".into(), Value::String(id));
    }
    if !failure.hints.is_empty() {
        fields.insert("Hints".into(), Value::Array(failure.hints.iter().cloned().map(Value::String).collect()));
    }
    fields
}

/// A failure as it is written to stderr: the aws CLI's line (legacy), or Code, Message and
/// RequestId as JSON, YAML or tab-separated text for scripts.
pub fn render_failure(failure: &Failure, format: ErrorFormat) -> String {
    let fields = Value::Object(failure_fields(failure));
    match format {
        ErrorFormat::Legacy => format!("{failure}\n"),
        ErrorFormat::Json => render_json(&fields),
        ErrorFormat::Yaml => render_yaml(&fields),
        ErrorFormat::Text => render_text(&fields_in_order(&fields)),
    }
}

/// Text output sorts keys; errors read better as Code, Message, RequestId, so give them as a list.
fn fields_in_order(fields: &Value) -> Value {
    Value::Array(fields.as_object().map(|members| members.values().cloned().collect()).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::failure::ServiceError;

    /// CreateClientVpnEndpoint's answer, as its SDK mapping gives it.
    fn result() -> Value {
        crate::api::results::sample_document()
    }

    fn options(format: OutputFormat, query: Option<&str>) -> OutputOptions {
        OutputOptions {
            format,
            query: query.map(|text| Query::compile(text).unwrap()),
            table: TableStyle { width: Some(80), color: false, unicode: false },
            escape_controls: false,
        }
    }

    #[test]
    fn control_characters_are_shown_not_obeyed_on_a_terminal() {
        let tagged = serde_json::json!({"Tags": [{"Key": "Name", "Value": "office\u{1b}]0;pwned\u{7}\u{9b}2J"}]});
        let mut terminal = options(OutputFormat::Text, None);
        terminal.escape_controls = true;
        let shown = render(&tagged, "T", &terminal).unwrap();
        assert!(!shown.contains('\u{1b}') && !shown.contains('\u{7}') && !shown.contains('\u{9b}'), "{shown:?}");
        assert!(shown.contains(r"office\x1b]0;pwned\x07\x9b2J"), "{shown:?}");
        let piped = render(&tagged, "T", &options(OutputFormat::Text, None)).unwrap();
        assert!(piped.contains('\u{1b}'), "a pipe gets the bytes as they are, as from the aws CLI");
        assert_eq!(escape_controls("line\nnext\ttab"), "line\nnext\ttab");
    }

    #[test]
    fn json_matches_the_aws_cli_byte_for_byte() {
        let expected = "{\n    \"ClientVpnEndpointId\": \"cvpn-endpoint-123456789123abcde\",\n    \"Status\": {\n        \"Code\": \"pending-associate\",\n        \"Message\": \"Waiting for target network association\"\n    },\n    \"DnsName\": \"cvpn-endpoint-123456789123abcde.prod.clientvpn.us-east-1.amazonaws.com\"\n}\n";
        assert_eq!(render(&result(), "T", &options(OutputFormat::Json, None)).unwrap(), expected);
    }

    #[test]
    fn non_ascii_is_kept_and_control_characters_escaped() {
        let status = serde_json::json!({"Code": "Méssäge ✓\u{1}"});
        assert_eq!(render_json(&status), "{\n    \"Code\": \"Méssäge ✓\\u0001\"\n}\n");
    }

    #[test]
    fn the_query_applies_in_every_format() {
        let id = "cvpn-endpoint-123456789123abcde";
        assert_eq!(
            render(&result(), "T", &options(OutputFormat::Text, Some("ClientVpnEndpointId"))).unwrap(),
            format!("{id}\n")
        );
        assert_eq!(
            render(&result(), "T", &options(OutputFormat::Json, Some("ClientVpnEndpointId"))).unwrap(),
            format!("\"{id}\"\n")
        );
        assert_eq!(
            render(&result(), "T", &options(OutputFormat::Yaml, Some("ClientVpnEndpointId"))).unwrap(),
            format!("\"{id}\"\n")
        );
        assert_eq!(render(&result(), "T", &options(OutputFormat::Json, Some("Nothing"))).unwrap(), "null\n");
        assert_eq!(render(&result(), "T", &options(OutputFormat::Text, Some("Nothing"))).unwrap(), "None\n");
        assert!(
            render(&result(), "T", &options(OutputFormat::Table, Some("Status")))
                .unwrap()
                .contains("pending-associate")
        );
        assert_eq!(render(&result(), "T", &options(OutputFormat::Off, Some("Status"))).unwrap(), "");
    }

    #[test]
    fn failures_render_for_scripts() {
        let failure = Failure::service(ServiceError {
            code: Some("DryRunOperation".into()),
            message: Some("Request would have succeeded, but DryRun flag is set.".into()),
            request_id: Some("req-1".into()),
            ..ServiceError::ec2("CreateClientVpnEndpoint")
        });
        assert_eq!(
            render_failure(&failure, ErrorFormat::Json),
            "{\n    \"Code\": \"DryRunOperation\",\n    \"Message\": \"Request would have succeeded, but DryRun flag is set.\",\n    \"RequestId\": \"req-1\"\n}\n"
        );
        assert_eq!(
            render_failure(&failure, ErrorFormat::Text),
            "DryRunOperation\tRequest would have succeeded, but DryRun flag is set.\treq-1\n"
        );
        assert_eq!(
            render_failure(&failure, ErrorFormat::Yaml),
            "Code: DryRunOperation\nMessage: Request would have succeeded, but DryRun flag is set.\nRequestId: req-1\n"
        );
        assert!(render_failure(&failure, ErrorFormat::Legacy).starts_with("\nAn error occurred (DryRunOperation)"));
        assert!(render_failure(&Failure::usage("bad"), ErrorFormat::Json).contains("\"Code\": \"ParamValidation\""));
    }

    #[test]
    fn hints_come_apart_from_the_message() {
        let failure = Failure::other("Timed out").with_hint("Retry with --client-token T: it cannot create twice.");
        assert_eq!(
            render_failure(&failure, ErrorFormat::Json),
            "{\n    \"Code\": \"Failure\",\n    \"Message\": \"Timed out\",\n    \"Hints\": [\n        \"Retry with --client-token T: it cannot create twice.\"\n    ]\n}\n"
        );
        assert_eq!(
            render_failure(&failure, ErrorFormat::Legacy),
            "Timed out\nRetry with --client-token T: it cannot create twice.\n"
        );
    }
}
