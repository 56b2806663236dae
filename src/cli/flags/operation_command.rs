//! The commands that each send one operation, built from the operations' data: under its aws
//! name and its short name, the operation's positional word, its aws flags, the input document,
//! pages and `--wait` when the operation has them. `src/commands/operation.rs` runs them all.

use clap::error::ErrorKind;
use clap::{Arg, ArgMatches, Args, Command, Error, FromArgMatches, Subcommand};

use super::{GivenValue, OperationArgs, request_flags};
use crate::api::operation::Operation;
use crate::cli::configuration_file::ConfigurationFileArgs;
use crate::cli::{InputArgs, PageArgs, WaitArgs};

/// The operations run as generic commands (create and describe-client-vpn-endpoints have
/// commands of their own).
pub fn operations() -> impl Iterator<Item = &'static Operation> {
    crate::api::operations::ALL
        .iter()
        .copied()
        .filter(|operation| !matches!(operation.name, "CreateClientVpnEndpoint" | "DescribeClientVpnEndpoints"))
}

/// The generic operation whose command is `name`.
fn named(name: &str) -> Option<&'static Operation> {
    operations().find(|operation| operation.command() == name)
}

/// The one command that takes more than its operation: export's configuration file options.
fn takes_configuration_file(operation: &Operation) -> bool {
    operation.name == "ExportClientVpnClientConfiguration"
}

/// The argument id of the positional word.
const FIRST: &str = "first";

/// An operation's command and everything it takes: under its aws name and its short name, a
/// flag given twice keeping its last value, as in the aws CLI.
fn command(operation: &'static Operation) -> Command {
    let mut command =
        Command::new(operation.command()).after_long_help(crate::failure::exit_codes_help()).args_override_self(true);
    if let Some(short) = operation.short {
        command = command.visible_alias(short);
    }
    if let Some(member) = operation.positional.and_then(|name| operation.member(name)) {
        let flag = member.flag();
        command = command.arg(
            Arg::new(FIRST)
                .value_name(flag.trim_start_matches("client-vpn-").replace('-', "_").to_ascii_uppercase())
                .help(format!("The same as --{flag}, as a plain word")),
        );
    }
    command = request_flags::add(command, operation);
    if takes_configuration_file(operation) {
        command = ConfigurationFileArgs::augment_args(command);
    }
    command = InputArgs::augment_args(command);
    if operation.pagination.is_some() {
        command = PageArgs::augment_args(command);
    }
    if operation.wait.is_some() {
        command = WaitArgs::augment_args(command);
    }
    // The flattened groups' doc comments replace the about: set it again after them.
    command.about(operation.about).long_about(None::<&str>)
}

/// A command that sends one operation, parsed.
#[derive(Debug)]
pub struct OperationCommand {
    operation: &'static Operation,
    first: Option<String>,
    given: Vec<(&'static str, GivenValue)>,
    configuration_file: Option<ConfigurationFileArgs>,
    input: InputArgs,
    pages: Option<PageArgs>,
    wait: Option<WaitArgs>,
}

impl OperationCommand {
    pub fn args(&self) -> &dyn OperationArgs {
        self
    }

    fn from_matches(operation: &'static Operation, matches: &mut ArgMatches) -> Result<Self, Error> {
        let first = if operation.positional.is_some() { matches.remove_one::<String>(FIRST) } else { None };
        let given = request_flags::given(matches, operation);
        let configuration_file = if takes_configuration_file(operation) {
            Some(ConfigurationFileArgs::from_arg_matches_mut(matches)?)
        } else {
            None
        };
        let input = InputArgs::from_arg_matches_mut(matches)?;
        let pages = operation.pagination.is_some().then(|| PageArgs::from_arg_matches_mut(matches)).transpose()?;
        let wait = operation.wait.is_some().then(|| WaitArgs::from_arg_matches_mut(matches)).transpose()?;
        Ok(OperationCommand { operation, first, given, configuration_file, input, pages, wait })
    }
}

impl OperationArgs for OperationCommand {
    fn operation(&self) -> &'static Operation {
        self.operation
    }

    fn given(&self) -> Result<Vec<(&'static str, GivenValue)>, crate::failure::Failure> {
        Ok(self.given.clone())
    }

    fn first_word(&self) -> Option<&str> {
        self.first.as_deref()
    }

    fn input(&self) -> &InputArgs {
        &self.input
    }

    fn pages(&self) -> Option<&PageArgs> {
        self.pages.as_ref()
    }

    fn wait(&self) -> Option<&WaitArgs> {
        self.wait.as_ref()
    }

    fn extra(&self) -> Option<&dyn std::any::Any> {
        self.configuration_file.as_ref().map(|args| args as &dyn std::any::Any)
    }
}

impl Subcommand for OperationCommand {
    /// Every operation's command, built whole on each run: `Command::defer` would build only the
    /// running command's flags, but it lists the global options before the command's own in
    /// `--help`.
    fn augment_subcommands(command: Command) -> Command {
        operations().fold(command, |command, operation| command.subcommand(self::command(operation)))
    }

    fn augment_subcommands_for_update(command: Command) -> Command {
        Self::augment_subcommands(command)
    }

    fn has_subcommand(name: &str) -> bool {
        named(name).is_some()
    }
}

impl FromArgMatches for OperationCommand {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, Error> {
        Self::from_arg_matches_mut(&mut matches.clone())
    }

    fn from_arg_matches_mut(matches: &mut ArgMatches) -> Result<Self, Error> {
        let Some((name, mut matches)) = matches.remove_subcommand() else {
            return Err(Error::new(ErrorKind::MissingSubcommand));
        };
        match named(&name) {
            Some(operation) => Self::from_matches(operation, &mut matches),
            None => Err(Error::new(ErrorKind::InvalidSubcommand)),
        }
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), Error> {
        *self = Self::from_arg_matches(matches)?;
        Ok(())
    }
}
