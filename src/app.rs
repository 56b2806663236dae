//! The run: parse the command line, dispatch to the command, and turn the outcome into the exit
//! code. Nothing starts a runtime, reads AWS configuration or touches the network before the
//! arguments are parsed.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::{CommandFactory, Parser, ValueEnum};
use clap_complete::CompleteEnv;

use crate::api::results::DryRunVerdict;
use crate::api::skeleton;
use crate::cli::{Cli, ColorChoice, Command, CreateArgs, ErrorFormat, GlobalArgs, OutputFormat, SkeletonKind};
use crate::commands::create::request_from_flags::assemble_request;
use crate::failure::{EXIT_DRY_RUN_DENIED, EXIT_USAGE, Failure, OPERATION};
use crate::generate::completion_scripts::{COMPLETE_VAR, SHELLS, registration};
use crate::output::query::Query;
use crate::output::table::TableStyle;
use crate::output::{OutputOptions, render, render_failure, render_json};
use crate::validate;

use crate::aws::ec2::Outcome;

/// Writes to stdout; a reader that went away (`cvpn … | head -c0`) is not an error.
fn print_stdout(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush());
}

pub fn main() -> ExitCode {
    // `COMPLETE=<shell> cvpn -- <words>`: answer a Tab from the clap definition and exit, before
    // anything else runs.
    CompleteEnv::with_factory(Cli::command).var(COMPLETE_VAR).shells(SHELLS).bin("cvpn").completer("cvpn").complete();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() { EXIT_USAGE } else { 0 });
        }
    };
    let error_format =
        cli.global.cli_error_format.or_else(|| env_choice("AWS_CLI_ERROR_FORMAT")).unwrap_or(ErrorFormat::Legacy);
    let code = match &cli.command {
        Command::Create(args) => create(&cli.global, args),
        Command::Completions { shell } => {
            print_stdout(&registration(shell.name()));
            Ok(0)
        }
    };
    match code {
        Ok(code) => ExitCode::from(code),
        Err(failure) => {
            eprint!("{}", render_failure(&failure, error_format));
            ExitCode::from(failure.exit_code())
        }
    }
}

/// A choice given by an environment variable, if set to a valid one.
fn env_choice<T: ValueEnum>(name: &str) -> Option<T> {
    std::env::var(name).ok().and_then(|value| T::from_str(&value, false).ok())
}

/// A format named outside the command line (environment or profile) must be a known one.
fn format_named(value: &str, source: &str) -> Result<OutputFormat, Failure> {
    OutputFormat::from_str(value, false).map_err(|_| {
        let known: Vec<String> = OutputFormat::value_variants()
            .iter()
            .filter_map(|format| format.to_possible_value().map(|value| value.get_name().to_owned()))
            .collect();
        Failure::usage(format!(
            "Found invalid choice '{value}' for the output format in {source}; valid choices are: {}",
            known.join(", ")
        ))
    })
}

/// The output format from the flag, else AWS_DEFAULT_OUTPUT; `None` leaves it to the profile.
fn format_from_flag_or_environment(global: &GlobalArgs) -> Result<Option<OutputFormat>, Failure> {
    if let Some(format) = global.output {
        return Ok(Some(format));
    }
    match std::env::var("AWS_DEFAULT_OUTPUT") {
        Ok(value) if !value.is_empty() => format_named(&value, "AWS_DEFAULT_OUTPUT").map(Some),
        _ => Ok(None),
    }
}

fn output_options(global: &GlobalArgs, format: OutputFormat) -> Result<OutputOptions, Failure> {
    let query = global.query.as_deref().map(Query::compile).transpose()?;
    let stdout = std::io::stdout();
    let terminal = stdout.is_terminal();
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty());
    let color = !no_color
        && match global.color {
            ColorChoice::On => true,
            ColorChoice::Off => false,
            ColorChoice::Auto => terminal,
        };
    let columns = terminal.then(|| terminal_size::terminal_size_of(&stdout).map(|(width, _)| width.0)).flatten();
    Ok(OutputOptions { format, query, table: TableStyle::for_output(columns, color) })
}

fn create(global: &GlobalArgs, args: &CreateArgs) -> Result<u8, Failure> {
    let early_format = format_from_flag_or_environment(global)?;
    // Compiles --query now, so that a bad expression is refused before anything else.
    let mut options = output_options(global, early_format.unwrap_or(OutputFormat::Json))?;
    if let Some(kind) = args.generate_cli_skeleton {
        let text = match kind {
            SkeletonKind::Input => render_json(&skeleton::input_skeleton()),
            SkeletonKind::YamlInput => skeleton::yaml_input_skeleton(),
            SkeletonKind::Output => render(&skeleton::output_skeleton(), OPERATION, &options)?,
        };
        print_stdout(&text);
        return Ok(0);
    }
    let mut request = assemble_request(args)?;
    if !args.no_validate {
        for warning in validate::check(&request)? {
            eprintln!("cvpn: warning: {warning}");
        }
    }
    if let Some(url) = &global.endpoint_url {
        crate::aws::session::check_endpoint_url(url)?;
    }
    // Chosen here, not by the SDK, so that every attempt carries it and it can be named when the
    // outcome is unknown.
    request.client_token.get_or_insert_with(|| uuid::Uuid::new_v4().to_string());

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|error| Failure::Other(format!("Could not start the async runtime: {error}")))?;
    let token = request.client_token.clone().unwrap_or_default();
    let outcome = runtime.block_on(async {
        tokio::select! {
            outcome = call(global, &request, &mut options, early_format.is_none()) => outcome,
            _ = tokio::signal::ctrl_c() => Err(Failure::Interrupted(format!(
                "Interrupted.\n{}",
                crate::aws::ec2::retry_safely_note(&token)
            ))),
        }
    })?;

    match outcome {
        Outcome::Created(result) => {
            print_stdout(&render(&result, OPERATION, &options)?);
            Ok(0)
        }
        Outcome::DryRun(result) => {
            print_stdout(&render(&result, "CreateClientVpnEndpoint dry run", &options)?);
            if result.dry_run == DryRunVerdict::Permitted {
                return Ok(0);
            }
            eprintln!("Dry run denied ({}): {}", result.code, result.message);
            if let Some(hint) = result.decode_hint() {
                eprintln!("{hint}");
            }
            Ok(EXIT_DRY_RUN_DENIED)
        }
    }
}

/// Settings, then the call: everything that needs the runtime.
/// `format_from_profile`: neither the flag nor the environment chose a format.
async fn call(
    global: &GlobalArgs,
    request: &crate::api::create_request::CreateClientVpnEndpointRequest,
    options: &mut OutputOptions,
    format_from_profile: bool,
) -> Result<Outcome, Failure> {
    let session = crate::aws::session::load(global).await?;
    if format_from_profile && let Some(value) = &session.profile_output {
        options.format = format_named(value, "the profile's output setting")?;
    }
    if global.debug {
        eprintln!(
            "cvpn debug: region {}, profile {}, credentials from {} (access key id {}), endpoint {}",
            session.config.region().map(|region| region.as_ref()).unwrap_or("(none)"),
            session.profile.as_deref().unwrap_or("(default)"),
            session.credentials_source(),
            session.credentials.access_key_id(),
            global.endpoint_url.as_deref().unwrap_or("from the configuration (shown with each attempt)"),
        );
    }
    crate::aws::ec2::create_endpoint(&session, request, crate::aws::http_client::http_client(global)?, global.debug)
        .await
}
