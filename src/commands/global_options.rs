//! The global options turned into plain settings for the floors below: how to print (format,
//! query, table style), how failures read, and, with the aws feature, the connection.

use std::io::IsTerminal;

use clap::ValueEnum;

use crate::cli::{ColorChoice, ErrorFormat, GlobalArgs, OutputFormat};
use crate::failure::Failure;
use crate::output::OutputOptions;
use crate::output::query::Query;
use crate::output::table::TableStyle;

/// A choice given by an environment variable, if set to a valid one.
pub fn env_choice<T: ValueEnum>(name: &str) -> Option<T> {
    std::env::var(name).ok().and_then(|value| T::from_str(&value, false).ok())
}

/// How failures are written: the flag, else AWS_CLI_ERROR_FORMAT, else the aws CLI's line.
pub fn error_format(global: &GlobalArgs) -> ErrorFormat {
    global.cli_error_format.or_else(|| env_choice("AWS_CLI_ERROR_FORMAT")).unwrap_or(ErrorFormat::Legacy)
}

/// A format named outside the command line (environment or profile) must be a known one.
pub fn format_named(value: &str, source: &str) -> Result<OutputFormat, Failure> {
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

/// How results are printed, and whether the profile may still choose the format.
pub struct Printing {
    pub options: OutputOptions,
    /// Neither the flag nor the environment chose a format: the profile's `output` decides.
    pub format_from_profile: bool,
}

/// Resolves the output options; compiles --query now, so that a bad expression is refused before
/// anything else.
pub fn printing(global: &GlobalArgs) -> Result<Printing, Failure> {
    let early_format = format_from_flag_or_environment(global)?;
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
    let options = OutputOptions {
        format: early_format.unwrap_or(OutputFormat::Json),
        query,
        table: TableStyle::for_output(columns, color),
        escape_controls: terminal,
    };
    Ok(Printing { options, format_from_profile: early_format.is_none() })
}

/// Opens the command's connection: the profile may set the output format, and --debug shows
/// where settings and credentials came from (never the secret).
#[cfg(feature = "aws")]
pub async fn connect(global: &GlobalArgs, printing: &mut Printing) -> Result<crate::aws::Connection, Failure> {
    let connection = crate::aws::Connection::open(&global.session_settings(), global.debug).await?;
    if printing.format_from_profile
        && let Some(value) = connection.profile_output()
    {
        printing.options.format = format_named(value, "the profile's output setting")?;
    }
    if global.debug {
        crate::output::printer::debug(&connection.describe_settings(global.endpoint_url.as_deref()));
    }
    Ok(connection)
}
