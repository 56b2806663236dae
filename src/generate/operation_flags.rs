//! Renders an operation's aws flags as a clap derive struct, from the operation's model: each
//! member becomes its aws flag (botocore's name, arity and `--no-` twin for booleans) with the
//! member's documentation and limit as its help. The output is committed under `src/cli/flags/`,
//! so that clap's derive stays the parser and a reader sees plain code; the test below fails when
//! the committed file and the model disagree (`CVPN_REGENERATE=1` rewrites it). rustfmt skips the
//! generated files (`#[rustfmt::skip]` where `src/cli/flags/mod.rs` declares them).

use crate::api::model::{Limit, Member, Shape};
use crate::api::operation::{FlagStyle, Operation};

/// The Rust field for a flag name: `client-vpn-endpoint-ids` → `client_vpn_endpoint_ids`.
fn field(flag: &str) -> String {
    flag.replace('-', "_")
}

/// The first sentence of the member's documentation (or cvpn's own help), then its limit.
fn help(member: &Member, style: Option<&FlagStyle>) -> String {
    let doc = style.and_then(|style| style.help).unwrap_or(member.doc);
    let first = doc.split_inclusive(". ").next().unwrap_or(doc).trim_end();
    let values = match member.shape {
        Shape::Enum(values) if values.len() <= 6 => Some(match values {
            [init @ .., last] => format!("{} or {last}", init.join(", ")),
            [] => String::new(),
        }),
        _ => None,
    };
    match member.limit.as_ref().map(Limit::help).or(values) {
        Some(limit) => format!("{} ({limit})", first.trim_end_matches('.')),
        None => first.to_owned(),
    }
}

fn value_name(member: &Member, style: Option<&FlagStyle>) -> &'static str {
    if let Some(name) = style.and_then(|style| style.value_name) {
        return name;
    }
    match (member.shape, &member.limit) {
        (_, Some(Limit::Id(_))) => "ID",
        (Shape::Integer, _) => "N",
        (Shape::List(Shape::Structure(_)), _) | (Shape::Structure(_), _) => "SPEC",
        _ if member.name.ends_with("Token") => "TOKEN",
        _ => "VALUE",
    }
}

fn rust_string(text: &str) -> String {
    format!("{text:?}")
}

/// The generated source for `operation`'s flags, as the struct `name`.
pub fn render(operation: &Operation, name: &str, model_path: &str) -> String {
    let model_import = model_path.rsplit("::").next().unwrap_or(model_path);
    let model_module = model_path.rsplit_once("::").map(|(module, _)| module).unwrap_or("crate::api::model");
    let mut fields = String::new();
    let mut given = String::new();
    for (index, member) in operation.members().iter().enumerate() {
        let flag = member.flag();
        let field = field(&flag);
        let hidden = operation.pagination.as_ref().is_some_and(|pages| {
            // As in the aws CLI: the paginator's own members are accepted but not shown.
            member.name == pages.input_token || member.name == pages.limit_key
        });
        let style = operation.style(member.name);
        let mut extra = String::new();
        if hidden {
            extra.push_str(", hide = true");
        }
        if let Some(style) = style {
            if let Some(short) = style.short {
                extra.push_str(&format!(", short = '{short}'"));
            }
            if let Some(alias) = style.alias {
                extra.push_str(&format!(", visible_alias = \"{alias}\""));
            }
            if let Some(heading) = style.heading {
                extra.push_str(&format!(", help_heading = \"{heading}\""));
            }
            if style.required {
                extra.push_str(
                    ", required_unless_present_any = [\"cli_input_json\", \"cli_input_yaml\", \"generate_cli_skeleton\"]",
                );
            }
        }
        let completer = format!("operation_member_values(&{model_import}.members()[{index}])");
        let doc = format!("    #[doc = {}]\n", rust_string(&help(member, style)));
        match member.shape {
            Shape::Boolean => {
                fields.push_str(&doc);
                fields.push_str(&format!(
                    "    #[arg(long = \"{flag}\", overrides_with = \"no_{field}\"{extra})]\n    pub {field}: bool,\n"
                ));
                fields.push_str(&format!("    #[doc = \"Send {}=false.\"]\n", member.name));
                fields.push_str(&format!(
                    "    #[arg(long = \"no-{flag}\", overrides_with = \"{field}\"{extra})]\n    pub no_{field}: bool,\n"
                ));
                given.push_str(&format!(
                    "        if self.{field} {{\n            given.push((\"{0}\", GivenValue::Boolean(true)));\n        }} else if self.no_{field} {{\n            given.push((\"{0}\", GivenValue::Boolean(false)));\n        }}\n",
                    member.name
                ));
            }
            shape => {
                // Every other member is an optional value: its parser, its Rust type, and how
                // `given` hands its raw value on.
                let (arguments, rust_type, binding, value) = match shape {
                    Shape::Integer => (
                        ", allow_negative_numbers = true, value_parser = parse_integer",
                        "Option<i32>",
                        format!("Some(value) = self.{field}"),
                        "GivenValue::Integer(value)",
                    ),
                    Shape::List(_) => (
                        ", num_args = 0.., action = ArgAction::Set",
                        "Option<Vec<String>>",
                        format!("Some(words) = &self.{field}"),
                        "GivenValue::Words(words.clone())",
                    ),
                    _ => {
                        ("", "Option<String>", format!("Some(text) = &self.{field}"), "GivenValue::Word(text.clone())")
                    }
                };
                fields.push_str(&doc);
                fields.push_str(&format!(
                    "    #[arg(long = \"{flag}\", value_name = \"{}\"{arguments}{extra}, add = {completer})]\n    pub {field}: {rust_type},\n",
                    value_name(member, style)
                ));
                given.push_str(&format!(
                    "        if let {binding} {{\n            given.push((\"{}\", {value}));\n        }}\n",
                    member.name
                ));
            }
        }
    }
    format!(
        "// @generated by src/generate/operation_flags.rs from the model of {operation}: do not edit.\n\
         // Regenerate with `CVPN_REGENERATE=1 cargo test --no-default-features --lib operation_flags`.\n\
         \n\
         use clap::{{ArgAction, Args}};\n\
         \n\
         use super::{{GivenValue, OperationFlags}};\n\
         use {model_module}::{model_import};\n\
         use crate::cli::{{operation_member_values, parse_integer}};\n\
         \n\
         /// The aws flags of {operation}, one per request member.\n\
         #[derive(Debug, Args)]\n\
         #[command(next_help_heading = \"Request (aws flags)\")]\n\
         pub struct {name} {{\n{fields}}}\n\
         \n\
         impl OperationFlags for {name} {{\n    fn given(&self) -> Vec<(&'static str, GivenValue)> {{\n        let mut given = Vec::new();\n{given}        given\n    }}\n}}\n",
        operation = operation.name,
    )
}

/// Every generated file: its path, and the source the model renders now.
pub fn files() -> Vec<(&'static str, String)> {
    vec![
        (
            "src/cli/flags/create_client_vpn_endpoint.rs",
            render(
                &crate::api::operation::CREATE_CLIENT_VPN_ENDPOINT,
                "CreateClientVpnEndpointFlags",
                "crate::api::model::CREATE_CLIENT_VPN_ENDPOINT_REQUEST",
            ),
        ),
        (
            "src/cli/flags/describe_client_vpn_endpoints.rs",
            render(
                &crate::api::operation::DESCRIBE_CLIENT_VPN_ENDPOINTS,
                "DescribeClientVpnEndpointsFlags",
                "crate::api::model::DESCRIBE_CLIENT_VPN_ENDPOINTS_REQUEST",
            ),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_committed_flags_are_what_the_model_renders() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut stale = Vec::new();
        for (path, fresh) in files() {
            if std::env::var_os("CVPN_REGENERATE").is_some() {
                std::fs::write(root.join(path), &fresh).unwrap();
                continue;
            }
            if std::fs::read_to_string(root.join(path)).ok().as_deref() != Some(fresh.as_str()) {
                stale.push(path);
            }
        }
        assert!(
            stale.is_empty(),
            "{stale:?} differ from the model; regenerate: CVPN_REGENERATE=1 cargo test --no-default-features --lib operation_flags"
        );
    }

    #[test]
    fn help_is_the_documentation_and_the_limit() {
        let members = crate::api::model::DESCRIBE_CLIENT_VPN_ENDPOINTS_REQUEST.members();
        assert_eq!(
            help(&members[1], None),
            "The maximum number of results to return for the request in a single page (5 to 1000)"
        );
        let source = &files()[1].1;
        assert!(source.contains("long = \"client-vpn-endpoint-ids\""), "{source}");
        assert!(source.contains("long = \"no-dry-run\""), "{source}");
        assert!(source.contains("long = \"max-results\", value_name = \"N\", allow_negative_numbers = true, value_parser = parse_integer, hide = true"), "{source}");
    }
}
