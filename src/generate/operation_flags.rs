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
        // `extra` goes on the flag, `shared` on its `--no-` twin too.
        let mut shared = String::new();
        if hidden {
            shared.push_str(", hide = true");
        }
        if let Some(heading) = style.and_then(|style| style.heading) {
            shared.push_str(&format!(", help_heading = \"{heading}\""));
        }
        let mut extra = shared.clone();
        if let Some(style) = style {
            if let Some(short) = style.short {
                extra.push_str(&format!(", short = '{short}'"));
            }
            if let Some(alias) = style.alias {
                extra.push_str(&format!(", visible_alias = \"{alias}\""));
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
                    "    #[arg(long = \"no-{flag}\", overrides_with = \"{field}\"{shared})]\n    pub no_{field}: bool,\n"
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
    let members = operation.members();
    let clap_import =
        if members.iter().any(|member| matches!(member.shape, Shape::List(_))) { "{ArgAction, Args}" } else { "Args" };
    let cli_import = if members.iter().any(|member| matches!(member.shape, Shape::Integer)) {
        "{operation_member_values, parse_integer}"
    } else {
        "operation_member_values"
    };
    format!(
        "// @generated by src/generate/operation_flags.rs from the model of {operation}: do not edit.\n\
         // Regenerate with `CVPN_REGENERATE=1 cargo test --no-default-features --lib operation_flags`.\n\
         \n\
         use clap::{clap_import};\n\
         \n\
         use super::{{GivenValue, OperationFlags}};\n\
         use {model_module}::{model_import};\n\
         use crate::cli::{cli_import};\n\
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

/// The Rust type name of an operation's flags or arguments: `AssociateClientVpnTargetNetwork` + suffix.
fn type_name(operation: &Operation, suffix: &str) -> String {
    format!("{}{suffix}", operation.name)
}

/// The module of an operation's generated file: `associate_client_vpn_target_network`.
pub fn module_name(operation: &Operation) -> String {
    field(&operation.command())
}

/// The static that names an operation in `crate::api::operations`.
fn static_name(operation: &Operation) -> String {
    module_name(operation).to_ascii_uppercase()
}

/// Commands whose arguments carry more than the operation's: the type of the extra flags.
const EXTRA_ARGS: &[(&str, &str)] =
    &[("ExportClientVpnClientConfiguration", "crate::commands::export_configuration::ConfigurationFileArgs")];

/// An operation's flags and its command's arguments: the positional word, the aws flags, the
/// input document, pages and `--wait` when the operation has them.
pub fn render_command(operation: &Operation, model_path: &str) -> String {
    let flags = type_name(operation, "Flags");
    let args = type_name(operation, "Args");
    let mut source = render(operation, &flags, model_path);
    let mut fields = String::new();
    if let Some(positional) = operation.positional.and_then(|name| operation.member(name)) {
        fields.push_str(&format!(
            "    #[doc = \"The same as --{}, as a plain word.\"]\n    #[arg(value_name = \"{}\")]\n    pub first: Option<String>,\n",
            positional.flag(),
            positional.flag().trim_start_matches("client-vpn-").replace('-', "_").to_ascii_uppercase(),
        ));
    }
    fields.push_str(&format!("    #[command(flatten)]\n    pub aws: {flags},\n"));
    let extra = EXTRA_ARGS.iter().find(|(name, _)| *name == operation.name).map(|(_, path)| path);
    if let Some(path) = extra {
        fields.push_str(&format!("    #[command(flatten)]\n    pub extra: {path},\n"));
    }
    fields.push_str("    #[command(flatten)]\n    pub input: InputArgs,\n");
    if operation.pagination.is_some() {
        fields.push_str("    #[command(flatten)]\n    pub pages: PageArgs,\n");
    }
    if operation.wait.is_some() {
        fields.push_str("    #[command(flatten)]\n    pub wait: WaitArgs,\n");
    }
    let first = if operation.positional.is_some() { "self.first.as_deref()" } else { "None" };
    let pages = if operation.pagination.is_some() { "Some(&self.pages)" } else { "None" };
    let wait = if operation.wait.is_some() { "Some(&self.wait)" } else { "None" };
    let extra_method = if extra.is_some() {
        "\n    fn extra(&self) -> Option<&dyn std::any::Any> {\n        Some(&self.extra)\n    }\n"
    } else {
        ""
    };
    source.push_str(&format!(
        "\n// The arguments of `cvpn {command}` (a doc comment here would replace its about).\n\
         #[derive(Debug, Args)]\n\
         pub struct {args} {{\n{fields}}}\n\
         \n\
         impl OperationArgs for {args} {{\n    fn operation(&self) -> &'static Operation {{\n        &{operation_static}\n    }}\n\n    fn given(&self) -> Result<Vec<(&'static str, GivenValue)>, crate::failure::Failure> {{\n        Ok(self.aws.given())\n    }}\n\n    fn first_word(&self) -> Option<&str> {{\n        {first}\n    }}\n\n    fn input(&self) -> &InputArgs {{\n        &self.input\n    }}\n\n    fn pages(&self) -> Option<&PageArgs> {{\n        {pages}\n    }}\n\n    fn wait(&self) -> Option<&WaitArgs> {{\n        {wait}\n    }}\n{extra_method}}}\n",
        command = operation.command(),
        operation_static = static_name(operation),
    ));
    let mut cli_types = vec!["InputArgs"];
    if operation.pagination.is_some() {
        cli_types.push("PageArgs");
    }
    if operation.wait.is_some() {
        cli_types.push("WaitArgs");
    }
    let page_type = if operation.pagination.is_some() { "PageArgs" } else { "crate::cli::PageArgs" };
    let wait_type = if operation.wait.is_some() { "WaitArgs" } else { "crate::cli::WaitArgs" };
    let source = source
        .replace("fn pages(&self) -> Option<&PageArgs>", &format!("fn pages(&self) -> Option<&{page_type}>"))
        .replace("fn wait(&self) -> Option<&WaitArgs>", &format!("fn wait(&self) -> Option<&{wait_type}>"));
    source.replace(
        "use super::{GivenValue, OperationFlags};\n",
        &format!(
            "use super::{{GivenValue, OperationArgs, OperationFlags}};\n\
             use crate::api::operation::Operation;\n\
             use crate::cli::{};\n",
            if cli_types.len() == 1 { cli_types[0].to_owned() } else { format!("{{{}}}", cli_types.join(", ")) }
        ),
    )
}

/// The operations whose commands are generated whole (create and describe-client-vpn-endpoints
/// have commands of their own).
pub fn generated_commands() -> Vec<&'static Operation> {
    crate::api::operations::ALL
        .iter()
        .copied()
        .filter(|operation| !matches!(operation.name, "CreateClientVpnEndpoint" | "DescribeClientVpnEndpoints"))
        .collect()
}

/// The subcommands of the generated commands, each under its aws name with its short name. The
/// clap traits are written out from the operations' data rather than derived variant by variant.
/// (`Command::defer` would build only the running command's flags, about 0.4 ms sooner, but it
/// lists the global options before the command's own in `--help`.)
pub fn render_command_enum() -> String {
    let mut variants = String::new();
    let mut arms = String::new();
    let mut imports = String::new();
    let mut subcommands = String::new();
    let mut parses = String::new();
    let mut names = Vec::new();
    for operation in generated_commands() {
        let args = type_name(operation, "Args");
        let command = operation.command();
        let alias = match operation.short {
            Some(short) => format!("Some(\"{short}\")"),
            None => "None".to_owned(),
        };
        variants.push_str(&format!("    {}(Box<{args}>),\n", operation.name));
        arms.push_str(&format!("            OperationCommand::{}(args) => args.as_ref(),\n", operation.name));
        imports.push_str(&format!("use super::{}::{args};\n", module_name(operation)));
        subcommands.push_str(&format!(
            // The flattened groups' doc comments would replace the about: set it again after them.
            "            .subcommand({args}::augment_args(subcommand(\"{command}\", {alias})).about({about}).long_about(None::<&str>))\n",
            about = rust_string(operation.about),
        ));
        parses.push_str(&format!(
            "            \"{command}\" => Self::{}(Box::new({args}::from_arg_matches_mut(&mut matches)?)),\n",
            operation.name
        ));
        names.push(format!("\"{command}\""));
    }
    format!(
        "// @generated by src/generate/operation_flags.rs from src/api/operations.rs: do not edit.\n\
         // Regenerate with `CVPN_REGENERATE=1 cargo test --no-default-features --lib operation_flags`.\n\
         \n\
         use clap::error::ErrorKind;\n\
         use clap::{{ArgMatches, Args, Command, Error, FromArgMatches, Subcommand}};\n\
         \n\
         use super::{{OperationArgs, subcommand}};\n\
         {imports}\n\
         /// The commands that each send one operation, run by `src/commands/operation.rs`.\n\
         #[derive(Debug)]\n\
         pub enum OperationCommand {{\n{variants}}}\n\
         \n\
         impl OperationCommand {{\n    pub fn args(&self) -> &dyn OperationArgs {{\n        match self {{\n{arms}        }}\n    }}\n}}\n\
         \n\
         impl Subcommand for OperationCommand {{\n    fn augment_subcommands(command: Command) -> Command {{\n        command\n{subcommands}    }}\n\n    fn augment_subcommands_for_update(command: Command) -> Command {{\n        Self::augment_subcommands(command)\n    }}\n\n    fn has_subcommand(name: &str) -> bool {{\n        matches!(name, {})\n    }}\n}}\n\
         \n\
         impl FromArgMatches for OperationCommand {{\n    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, Error> {{\n        Self::from_arg_matches_mut(&mut matches.clone())\n    }}\n\n    fn from_arg_matches_mut(matches: &mut ArgMatches) -> Result<Self, Error> {{\n        let Some((name, mut matches)) = matches.remove_subcommand() else {{\n            return Err(Error::new(ErrorKind::MissingSubcommand));\n        }};\n        Ok(match name.as_str() {{\n{parses}            _ => return Err(Error::new(ErrorKind::InvalidSubcommand)),\n        }})\n    }}\n\n    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), Error> {{\n        *self = Self::from_arg_matches(matches)?;\n        Ok(())\n    }}\n}}\n",
        names.join(" | ")
    )
}

/// Every generated file: its path, and the source the model renders now.
pub fn files() -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = vec![
        (
            "src/cli/flags/create_client_vpn_endpoint.rs".to_owned(),
            render(
                &crate::api::operations::CREATE_CLIENT_VPN_ENDPOINT,
                "CreateClientVpnEndpointFlags",
                "crate::api::model::CREATE_CLIENT_VPN_ENDPOINT_REQUEST",
            ),
        ),
        (
            "src/cli/flags/describe_client_vpn_endpoints.rs".to_owned(),
            render(
                &crate::api::operations::DESCRIBE_CLIENT_VPN_ENDPOINTS,
                "DescribeClientVpnEndpointsFlags",
                "crate::api::model::DESCRIBE_CLIENT_VPN_ENDPOINTS_REQUEST",
            ),
        ),
    ];
    for operation in generated_commands() {
        let model_path = format!("crate::api::operations::{}", static_name(operation));
        files.push((format!("src/cli/flags/{}.rs", module_name(operation)), render_command(operation, &model_path)));
    }
    files.push(("src/cli/flags/commands.rs".to_owned(), render_command_enum()));
    files
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
                std::fs::write(root.join(&path), &fresh).unwrap();
                continue;
            }
            if std::fs::read_to_string(root.join(&path)).ok().as_deref() != Some(fresh.as_str()) {
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
