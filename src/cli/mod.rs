//! The command line's shared pieces as clap sees them: the global options, the argument groups
//! several commands share, and the value completers and parsers their flags use. The commands
//! themselves, their arguments and the enum that dispatches them live in `src/commands/`; the aws
//! flags of an operation are built from its model (`flags/`). Nothing here imports a command,
//! reads configuration, starts a runtime or touches the SDK.

pub mod completion;
pub mod configuration_file;
pub mod flags;

pub use crate::output::format::{ColorChoice, ErrorFormat, OutputFormat};

use std::ffi::OsStr;

use clap::{Args, ValueEnum};
use clap_complete::engine::{ArgValueCompleter, CompletionCandidate, PathCompleter, ValueCompleter};

use crate::cli::completion::{file_reference_path, value_candidates};
use crate::input::param_value::FILE_PREFIX;
use crate::input::shape_value::integer_from_text;

/// Shells cvpn completes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CompletionShell {
    Bash,
    Zsh,
    Fish,
    Powershell,
    Elvish,
}

impl CompletionShell {
    pub fn name(self) -> &'static str {
        match self {
            CompletionShell::Bash => "bash",
            CompletionShell::Zsh => "zsh",
            CompletionShell::Fish => "fish",
            CompletionShell::Powershell => "powershell",
            CompletionShell::Elvish => "elvish",
        }
    }
}

/// Where cvpn keeps a VPN's PKI (its CA, certificates, revocations).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PkiStore {
    /// A directory per VPN on this machine (`--pki-dir`, else the data directory's cvpn/NAME).
    Local,
    /// One AWS Secrets Manager secret per VPN, `cvpn/NAME`, shared by everyone IAM lets in.
    Secretsmanager,
}

/// Completes `file://PATH` words with paths; `fi<Tab>` offers `file://`.
fn file_candidates(typed: &str) -> Option<Vec<CompletionCandidate>> {
    if let Some(path) = file_reference_path(typed) {
        let paths = PathCompleter::any().complete(OsStr::new(path));
        return Some(paths.into_iter().map(|candidate| candidate.add_prefix(FILE_PREFIX)).collect());
    }
    None
}

/// Tab for the value of the flag that sets an operation's member: choices, shorthand keys and
/// values, `file://` paths.
pub fn operation_member_values(member: &'static crate::api::model::Member) -> ArgValueCompleter {
    ArgValueCompleter::new(move |current: &OsStr| {
        let lossy = current.to_string_lossy();
        // An opening quote is the shell's business: complete what is inside it.
        let typed = lossy.strip_prefix(['\'', '"']).unwrap_or(&lossy);
        if let Some(paths) = file_candidates(typed) {
            return paths;
        }
        let mut candidates: Vec<CompletionCandidate> =
            value_candidates(member, typed).into_iter().map(CompletionCandidate::new).collect();
        if !typed.is_empty() && FILE_PREFIX.starts_with(typed) {
            candidates.push(CompletionCandidate::new(FILE_PREFIX));
        }
        candidates
    })
}

/// Tab for a free-text value: only `file://` paths.
pub fn file_values() -> ArgValueCompleter {
    ArgValueCompleter::new(|current: &OsStr| file_candidates(&current.to_string_lossy()).unwrap_or_default())
}

/// What --generate-cli-skeleton prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SkeletonKind {
    /// The request as JSON.
    Input,
    /// The request as YAML, each member commented.
    YamlInput,
    /// A sample answer.
    Output,
}

/// Options accepted before or after the subcommand, as in the aws CLI.
#[derive(Debug, Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// Send the request to this URL instead of the regional EC2 endpoint.
    #[arg(long, global = true, value_name = "URL")]
    pub endpoint_url: Option<String>,
    /// AWS Region (else AWS_REGION, AWS_DEFAULT_REGION, the profile's region).
    #[arg(short, long, global = true, value_name = "REGION")]
    pub region: Option<String>,
    /// Named profile from the AWS config files (else AWS_PROFILE, AWS_DEFAULT_PROFILE).
    #[arg(short, long, global = true, value_name = "NAME")]
    pub profile: Option<String>,
    /// Output format (else AWS_DEFAULT_OUTPUT, the profile's output, json).
    #[arg(short, long, global = true, value_enum, value_name = "FORMAT")]
    pub output: Option<OutputFormat>,
    /// JMESPath expression applied to the result before it is printed.
    #[arg(long, global = true, value_name = "EXPRESSION")]
    pub query: Option<String>,
    /// Colour in tables.
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value = "auto")]
    pub color: ColorChoice,
    /// How errors are written to stderr (else AWS_CLI_ERROR_FORMAT, legacy).
    #[arg(long, global = true, value_enum, value_name = "FORMAT")]
    pub cli_error_format: Option<ErrorFormat>,
    /// Log what happens (settings, request, response) to stderr; secrets are never printed.
    #[arg(long, global = true)]
    pub debug: bool,
    /// Do not verify TLS certificates (a warning is printed every time).
    #[arg(long, global = true)]
    pub no_verify_ssl: bool,
    /// PEM file of certificate authorities to trust for TLS (else AWS_CA_BUNDLE).
    #[arg(long, global = true, value_name = "PATH", value_hint = clap::ValueHint::FilePath)]
    pub ca_bundle: Option<String>,
    /// Seconds to wait for a response; 0 waits forever. Default 60.
    #[arg(long, global = true, value_name = "SECONDS", value_parser = parse_seconds)]
    pub cli_read_timeout: Option<u64>,
    /// Seconds to wait for a connection; 0 waits forever. Default 60.
    #[arg(long, global = true, value_name = "SECONDS", value_parser = parse_seconds)]
    pub cli_connect_timeout: Option<u64>,
    /// Where VPNs' PKIs live: a directory here (local), or one secret per VPN, cvpn/NAME, for a
    /// team (secretsmanager). Else CVPN_PKI_STORE, the profile's cvpn_pki_store, local.
    #[arg(long, global = true, value_enum, value_name = "STORE")]
    pub pki_store: Option<PkiStore>,
}

impl GlobalArgs {
    /// What the aws floor needs to know of these options.
    #[cfg(feature = "aws")]
    pub fn session_settings(&self) -> crate::aws::session::SessionSettings {
        crate::aws::session::SessionSettings {
            endpoint_url: self.endpoint_url.clone(),
            region: self.region.clone(),
            profile: self.profile.clone(),
            connect_timeout: self.cli_connect_timeout,
            read_timeout: self.cli_read_timeout,
            ca_bundle: self.ca_bundle.clone(),
            no_verify_ssl: self.no_verify_ssl,
        }
    }
}

/// The aws CLI's pagination options, on every command whose answers come in pages.
#[derive(Debug, Args)]
#[command(next_help_heading = "Pages")]
pub struct PageArgs {
    /// Stop after this many items in all; the output then ends with a NextToken for --starting-token.
    #[arg(long, value_name = "N", value_parser = parse_count)]
    pub max_items: Option<usize>,
    /// Resume where a --max-items run stopped (its NextToken).
    #[arg(long, value_name = "TOKEN")]
    pub starting_token: Option<String>,
    /// Ask for pages of this many items (MaxResults on each request); every page is still fetched.
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = parse_integer)]
    pub page_size: Option<i32>,
    /// Send one request and print its answer as it is, NextToken included.
    #[arg(long)]
    pub no_paginate: bool,
}

/// The whole request as a document, and the skeletons of one.
#[derive(Debug, Args)]
#[command(next_help_heading = "Input")]
pub struct InputArgs {
    /// The whole request as JSON in the API's shape (inline or file://PATH); flags override it.
    #[arg(long, value_name = "JSON", conflicts_with = "cli_input_yaml", add = file_values())]
    pub cli_input_json: Option<String>,
    /// The whole request as YAML in the API's shape (inline or file://PATH); flags override it.
    #[arg(long, value_name = "YAML", add = file_values())]
    pub cli_input_yaml: Option<String>,
    /// Print a request skeleton (input, yaml-input); send nothing.
    #[arg(long, value_enum, num_args = 0..=1, default_missing_value = "input", value_name = "KIND")]
    pub generate_cli_skeleton: Option<SkeletonKind>,
    /// Skip cvpn's checks of the documented rules and send the request as given.
    #[arg(long)]
    pub no_validate: bool,
}

/// `--wait` and how: on every command that starts a change cvpn can watch.
#[derive(Debug, Args)]
#[command(next_help_heading = "Waiting")]
pub struct WaitArgs {
    /// Wait until the change is done (polling the matching describe), or fails, or times out.
    #[arg(long)]
    pub wait: bool,
    /// Seconds between polls while waiting (decimals allowed). Default 10.
    #[arg(long, value_name = "SECONDS", value_parser = parse_poll_interval, requires = "wait")]
    pub poll_interval: Option<f64>,
    /// Give up waiting after this many seconds (decimals allowed); exit 255 naming the last state. Default 1800.
    #[arg(long, value_name = "SECONDS", value_parser = parse_decimal_seconds, requires = "wait")]
    pub wait_timeout: Option<f64>,
}

impl WaitArgs {
    pub const DEFAULT_POLL_SECONDS: f64 = 10.0;
    pub const DEFAULT_TIMEOUT_SECONDS: f64 = 1800.0;

    pub fn poll_interval(&self) -> std::time::Duration {
        std::time::Duration::from_secs_f64(self.poll_interval.unwrap_or(Self::DEFAULT_POLL_SECONDS))
    }

    pub fn timeout(&self) -> std::time::Duration {
        std::time::Duration::from_secs_f64(self.wait_timeout.unwrap_or(Self::DEFAULT_TIMEOUT_SECONDS))
    }
}

/// The VPN a workflow on an existing endpoint works on (`sleep`, `wake`), and how it runs.
#[derive(Debug, Args)]
pub struct VpnTarget {
    /// The VPN (a name as `cvpn up` gave it) or an endpoint ID (cvpn-endpoint-…).
    #[arg(value_name = "NAME|ENDPOINT_ID")]
    pub target: String,
    /// Where cvpn keeps the VPN's certificates, when not the default (the run holds its lock).
    #[arg(long, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub pki_dir: Option<std::path::PathBuf>,
    /// No progress on stderr.
    #[arg(short, long)]
    pub quiet: bool,
    #[command(flatten)]
    pub waiting: WaitTiming,
}

/// How a workflow (`up`, `down`) waits: it always does, these say how often and how long.
#[derive(Debug, Args)]
#[command(next_help_heading = "Waiting")]
pub struct WaitTiming {
    /// Seconds between polls while waiting (decimals allowed). Default 10.
    #[arg(long, value_name = "SECONDS", value_parser = parse_poll_interval)]
    pub poll_interval: Option<f64>,
    /// Give up waiting for one change after this many seconds (decimals allowed). Default 1800.
    #[arg(long, value_name = "SECONDS", value_parser = parse_decimal_seconds)]
    pub wait_timeout: Option<f64>,
}

impl WaitTiming {
    #[cfg(feature = "aws")]
    pub fn settings(&self) -> crate::aws::waiter::WaitSettings {
        crate::aws::waiter::WaitSettings {
            poll_interval: std::time::Duration::from_secs_f64(
                self.poll_interval.unwrap_or(WaitArgs::DEFAULT_POLL_SECONDS),
            ),
            timeout: std::time::Duration::from_secs_f64(self.wait_timeout.unwrap_or(WaitArgs::DEFAULT_TIMEOUT_SECONDS)),
        }
    }
}

/// Seconds as a decimal number, at least 0 and at most a day times 365.
pub fn parse_decimal_seconds(text: &str) -> Result<f64, String> {
    let value: f64 = text.trim().parse().map_err(|_| format!("'{text}' is not a number of seconds"))?;
    if !(0.0..=31_536_000.0).contains(&value) {
        return Err(format!("'{text}' is out of range: give 0 to 31536000 seconds"));
    }
    Ok(value)
}

/// The pause between polls: a positive number of seconds (0 would poll AWS in a tight loop).
pub fn parse_poll_interval(text: &str) -> Result<f64, String> {
    match parse_decimal_seconds(text)? {
        seconds if seconds >= 0.001 => Ok(seconds),
        _ => Err(format!("'{text}' is too short a pause between polls: give at least 0.001 seconds")),
    }
}

fn parse_count(text: &str) -> Result<usize, String> {
    let value = parse_integer(text)?;
    usize::try_from(value).ok().filter(|count| *count > 0).ok_or_else(|| format!("'{text}' is not a positive count"))
}

/// An integer as the aws CLI reads one (Python `int()`).
pub fn parse_integer(text: &str) -> Result<i32, String> {
    let value = integer_from_text(text).ok_or_else(|| format!("'{text}' is not an integer"))?;
    i32::try_from(value).map_err(|_| format!("'{text}' is out of range for a 32-bit integer"))
}

pub fn parse_seconds(text: &str) -> Result<u64, String> {
    let value = parse_integer(text)?;
    u64::try_from(value).map_err(|_| format!("'{text}' is negative; give seconds, or 0 for no limit"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polls_need_a_pause() {
        assert_eq!(parse_poll_interval("0.5"), Ok(0.5));
        for bad in ["0", "0.0", "0.0001", "-1", "x"] {
            assert!(parse_poll_interval(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn integers_parse_like_python_int() {
        assert_eq!(parse_integer(" 0443 "), Ok(443));
        assert_eq!(parse_integer("+443"), Ok(443));
        assert_eq!(parse_integer("4_43"), Ok(443));
        assert_eq!(parse_integer("-1"), Ok(-1));
        for bad in ["443.0", "0x1bb", "1e3", "", "abc", "_443", "44__3", "4_", "99999999999999999999"] {
            assert!(parse_integer(bad).is_err(), "{bad:?} was accepted");
        }
    }
}
