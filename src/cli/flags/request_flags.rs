//! An operation's aws flags, built from its model when the command line is parsed: each request
//! member becomes its aws flag (botocore's name, arity and `--no-` twin for booleans) with the
//! member's documentation and limit as its help. One loop over the model rather than a derived
//! struct per operation: the derived builders were some 900 KiB of the release binary.

use std::marker::PhantomData;

use clap::{Arg, ArgAction, ArgMatches, Args, Command, Error, FromArgMatches};

use super::GivenValue;
use crate::api::model::{Limit, Member, Shape};
use crate::api::operation::{FlagStyle, Operation};
use crate::cli::{operation_member_values, parse_integer};

/// The heading the request's flags are listed under in `--help`.
pub const HEADING: &str = "Request (aws flags)";

/// A flag's argument id: its name in snake case, `client-vpn-endpoint-ids` →
/// `client_vpn_endpoint_ids`, as the derived structs named their fields (what `overrides_with`
/// and the parsed matches are keyed by).
fn id(flag: &str) -> String {
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
    let text = match member.limit.as_ref().map(Limit::help).or(values) {
        Some(limit) => format!("{} ({limit})", first.trim_end_matches('.')),
        None => first.to_owned(),
    };
    // A one-line help reads as a label: no closing full stop, as clap's derive writes doc comments.
    match text.strip_suffix('.') {
        Some(label) if !label.ends_with('.') => label.to_owned(),
        _ => text,
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

/// What a flag and its `--no-` twin share: hidden (the paginator's own members, as in the aws
/// CLI) and the heading.
fn shared(arg: Arg, operation: &Operation, member: &Member, style: Option<&FlagStyle>) -> Arg {
    let hidden = operation
        .pagination
        .as_ref()
        .is_some_and(|pages| member.name == pages.input_token || member.name == pages.limit_key);
    let arg = arg.hide(hidden);
    match style.and_then(|style| style.heading) {
        Some(heading) => arg.help_heading(heading),
        None => arg,
    }
}

/// The member's flag (`flag`, its aws name): its value, help, completion and presentation.
fn member_flag(operation: &Operation, member: &'static Member, flag: &str, style: Option<&FlagStyle>) -> Arg {
    let mut arg = Arg::new(id(flag)).long(flag.to_owned()).help(help(member, style));
    arg = match member.shape {
        Shape::Boolean => arg.action(ArgAction::SetTrue).overrides_with(format!("no_{}", id(flag))),
        shape => {
            let arg =
                arg.value_name(value_name(member, style)).action(ArgAction::Set).add(operation_member_values(member));
            match shape {
                Shape::Integer => arg.allow_negative_numbers(true).value_parser(parse_integer),
                Shape::List(_) => arg.num_args(0..),
                _ => arg,
            }
        }
    };
    if let Some(style) = style {
        if let Some(short) = style.short {
            arg = arg.short(short);
        }
        if let Some(alias) = style.alias {
            arg = arg.visible_alias(alias);
        }
        if style.required {
            arg = arg.required_unless_present_any(["cli_input_json", "cli_input_yaml", "generate_cli_skeleton"]);
        }
    }
    shared(arg, operation, member, style)
}

/// A boolean member's `--no-` twin, which sends the member as false.
fn negated_flag(operation: &Operation, member: &'static Member, flag: &str, style: Option<&FlagStyle>) -> Arg {
    let arg = Arg::new(format!("no_{}", id(flag)))
        .long(format!("no-{flag}"))
        .help(format!("Send {}=false", member.name))
        .action(ArgAction::SetTrue)
        .overrides_with(id(flag));
    shared(arg, operation, member, style)
}

/// `command` with a flag for each member of `operation`'s request, under [`HEADING`].
pub fn add(command: Command, operation: &Operation) -> Command {
    let mut command = command.next_help_heading(HEADING);
    for member in operation.members() {
        let (flag, style) = (member.flag(), operation.style(member.name));
        command = command.arg(member_flag(operation, member, &flag, style));
        if matches!(member.shape, Shape::Boolean) {
            command = command.arg(negated_flag(operation, member, &flag, style));
        }
    }
    command
}

/// The members the flags gave, in the model's order, each with its raw value.
pub fn given(matches: &mut ArgMatches, operation: &Operation) -> Vec<(&'static str, GivenValue)> {
    let mut given = Vec::new();
    for member in operation.members() {
        let id = id(&member.flag());
        let value = match member.shape {
            Shape::Boolean => {
                let no = format!("no_{id}");
                if matches.get_flag(&id) {
                    Some(GivenValue::Boolean(true))
                } else if matches.get_flag(&no) {
                    Some(GivenValue::Boolean(false))
                } else {
                    None
                }
            }
            Shape::Integer => matches.remove_one::<i32>(&id).map(GivenValue::Integer),
            // `--dns-servers` with no word is an empty list, not an absent flag.
            Shape::List(_) => matches
                .contains_id(&id)
                .then(|| GivenValue::Words(matches.remove_many::<String>(&id).into_iter().flatten().collect())),
            _ => matches.remove_one::<String>(&id).map(GivenValue::Word),
        };
        if let Some(value) = value {
            given.push((member.name, value));
        }
    }
    given
}

/// The operation a [`RequestFlags`] carries the flags of.
pub trait RequestOf: std::fmt::Debug + 'static {
    const OPERATION: &'static Operation;
}

/// The aws flags of `O`'s request, parsed: what a hand-written command flattens into its
/// arguments (`#[command(flatten)] aws: RequestFlags<…>`).
#[derive(Debug)]
pub struct RequestFlags<O: RequestOf> {
    given: Vec<(&'static str, GivenValue)>,
    operation: PhantomData<O>,
}

impl<O: RequestOf> RequestFlags<O> {
    /// The members the flags gave, in the model's order.
    pub fn given(&self) -> Vec<(&'static str, GivenValue)> {
        self.given.clone()
    }

    /// The value the flag of `member` gave, if it was given.
    pub fn value(&self, member: &str) -> Option<&GivenValue> {
        // A misspelt member would read as "not given": tests, which run debug builds, catch it.
        debug_assert!(O::OPERATION.member(member).is_some(), "{} has no member {member}", O::OPERATION.name);
        self.given.iter().find(|(name, _)| *name == member).map(|(_, value)| value)
    }

    pub fn has(&self, member: &str) -> bool {
        self.value(member).is_some()
    }
}

impl<O: RequestOf> Args for RequestFlags<O> {
    fn augment_args(command: Command) -> Command {
        add(command, O::OPERATION)
    }

    fn augment_args_for_update(command: Command) -> Command {
        add(command, O::OPERATION)
    }
}

impl<O: RequestOf> FromArgMatches for RequestFlags<O> {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, Error> {
        Self::from_arg_matches_mut(&mut matches.clone())
    }

    fn from_arg_matches_mut(matches: &mut ArgMatches) -> Result<Self, Error> {
        Ok(RequestFlags { given: given(matches, O::OPERATION), operation: PhantomData })
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), Error> {
        *self = Self::from_arg_matches(matches)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::operations::DESCRIBE_CLIENT_VPN_ENDPOINTS;

    fn parse(operation: &Operation, words: &[&str]) -> Result<Vec<(&'static str, GivenValue)>, clap::Error> {
        let command = add(Command::new("op").args_override_self(true), operation)
            .arg(Arg::new("cli_input_json").long("cli-input-json"))
            .arg(Arg::new("cli_input_yaml").long("cli-input-yaml"))
            .arg(Arg::new("generate_cli_skeleton").long("generate-cli-skeleton"));
        let mut matches = command.try_get_matches_from(std::iter::once("op").chain(words.iter().copied()))?;
        Ok(given(&mut matches, operation))
    }

    #[test]
    fn help_is_the_documentation_and_the_limit_without_a_closing_stop() {
        let members = DESCRIBE_CLIENT_VPN_ENDPOINTS.members();
        assert_eq!(
            help(&members[1], None),
            "The maximum number of results to return for the request in a single page (5 to 1000)"
        );
        let create = crate::api::operations::CREATE_CLIENT_VPN_ENDPOINT.members();
        assert_eq!(help(&create[1], None), "The ARN of the server certificate");
    }

    #[test]
    fn each_member_is_its_aws_flag_with_its_arity() {
        let given = parse(
            &DESCRIBE_CLIENT_VPN_ENDPOINTS,
            &["--client-vpn-endpoint-ids", "cvpn-endpoint-1", "cvpn-endpoint-2", "--max-results", "-6", "--no-dry-run"],
        )
        .unwrap();
        assert_eq!(
            given,
            vec![
                (
                    "ClientVpnEndpointIds",
                    GivenValue::Words(vec!["cvpn-endpoint-1".to_owned(), "cvpn-endpoint-2".to_owned()])
                ),
                ("MaxResults", GivenValue::Integer(-6)),
                ("DryRun", GivenValue::Boolean(false)),
            ]
        );
        // A list flag with no word is an empty list; the last of --dry-run/--no-dry-run wins.
        let given = parse(&DESCRIBE_CLIENT_VPN_ENDPOINTS, &["--filters", "--no-dry-run", "--dry-run"]).unwrap();
        assert_eq!(given, vec![("Filters", GivenValue::Words(vec![])), ("DryRun", GivenValue::Boolean(true))]);
        assert_eq!(parse(&DESCRIBE_CLIENT_VPN_ENDPOINTS, &[]).unwrap(), vec![]);
        let error = parse(&DESCRIBE_CLIENT_VPN_ENDPOINTS, &["--max-results", "ten"]).unwrap_err();
        assert!(error.to_string().contains("'ten' is not an integer"), "{error}");
    }

    #[test]
    fn a_required_member_may_come_from_an_input_document_instead() {
        let create = &crate::api::operations::CREATE_CLIENT_VPN_ENDPOINT;
        let error = parse(create, &["--client-cidr-block", "10.100.0.0/22"]).unwrap_err();
        assert!(error.to_string().contains("--server-certificate-arn <ARN>"), "{error}");
        assert!(parse(create, &["--cli-input-json", "{}"]).is_ok());
        let given = parse(create, &["-s", "arn:aws:acm:us-east-1:123456789012:certificate/1"]).unwrap();
        assert_eq!(given[0].0, "ServerCertificateArn");
    }

    #[derive(Debug)]
    struct Describe;

    impl RequestOf for Describe {
        const OPERATION: &'static Operation = &DESCRIBE_CLIENT_VPN_ENDPOINTS;
    }

    #[test]
    fn request_flags_answer_by_member_name() {
        let command = RequestFlags::<Describe>::augment_args(Command::new("op"));
        let mut matches = command.try_get_matches_from(["op", "--max-results", "6"]).unwrap();
        let flags = RequestFlags::<Describe>::from_arg_matches_mut(&mut matches).unwrap();
        assert_eq!(flags.value("MaxResults"), Some(&GivenValue::Integer(6)));
        assert!(!flags.has("DryRun"));
    }

    // The check is a debug assertion: a release build has nothing to refuse with.
    #[cfg(debug_assertions)]
    #[test]
    #[should_panic(expected = "DescribeClientVpnEndpoints has no member MaxResult")]
    fn a_misspelt_member_is_refused_in_debug_builds() {
        let flags = RequestFlags::<Describe> { given: Vec::new(), operation: PhantomData };
        flags.has("MaxResult");
    }

    #[test]
    fn paginator_members_are_accepted_but_hidden() {
        let command = add(Command::new("op"), &DESCRIBE_CLIENT_VPN_ENDPOINTS);
        let hidden: Vec<&str> =
            command.get_arguments().filter(|arg| arg.is_hide_set()).filter_map(|arg| arg.get_long()).collect();
        assert_eq!(hidden, ["max-results", "next-token"]);
        let shown = command.get_arguments().find(|arg| arg.get_long() == Some("dry-run")).unwrap();
        assert_eq!(shown.get_help_heading(), Some(HEADING));
    }
}
