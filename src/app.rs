//! The run: parse the command line, dispatch to the command, and turn the outcome into the exit
//! code. Nothing starts a runtime, reads AWS configuration or touches the network before the
//! arguments are parsed.

use std::future::Future;
use std::process::ExitCode;

use clap::FromArgMatches;
use clap_complete::CompleteEnv;

use crate::cli::{Cli, Command};
use crate::commands;
use crate::failure::{EXIT_USAGE, Failure};
use crate::generate::completion_scripts::{COMPLETE_VAR, SHELLS};
use crate::output::{printer, render_failure};

pub fn main() -> ExitCode {
    // `COMPLETE=<shell> cvpn -- <words>`: answer a Tab from the clap definition and exit, before
    // anything else runs. The script it prints calls the `cvpn` on the PATH, as the committed
    // scripts and `cvpn completions SHELL` do.
    CompleteEnv::with_factory(crate::cli::command)
        .var(COMPLETE_VAR)
        .shells(SHELLS)
        .bin("cvpn")
        .completer("cvpn")
        .complete();
    let cli = match crate::cli::command().try_get_matches().and_then(|matches| Cli::from_arg_matches(&matches)) {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() { EXIT_USAGE } else { 0 });
        }
    };
    let error_format = commands::global_options::error_format(&cli.global);
    let code = match &cli.command {
        Command::Create(args) => commands::create::run(&cli.global, args),
        Command::DescribeClientVpnEndpoints(args) => commands::describe_endpoints::run(&cli.global, args),
        Command::Operation(command) => commands::operation::run(&cli.global, command.args()),
        Command::Show(args) => commands::show::run(&cli.global, args),
        Command::Up(args) => commands::up::run(&cli.global, args),
        Command::Down(args) => commands::down::run(&cli.global, args),
        Command::User { command } => commands::user::run(&cli.global, command),
        Command::Pki { command } => commands::pki::run(&cli.global, command),
        Command::Completions { shell } => Ok(commands::completions::run(*shell)),
    };
    match code {
        Ok(code) => ExitCode::from(code),
        Err(failure) => {
            printer::failure(&render_failure(&failure, error_format));
            ExitCode::from(failure.exit_code())
        }
    }
}

/// The one runtime: a current-thread tokio runtime for the work that needs it. Ctrl-C ends the
/// work with `interrupted`'s failure (what is known of what was sent).
pub fn run_async<T>(
    work: impl Future<Output = Result<T, Failure>>,
    interrupted: impl FnOnce() -> Failure,
) -> Result<T, Failure> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|error| Failure::other(format!("Could not start the async runtime: {error}")))?;
    runtime.block_on(async {
        tokio::select! {
            outcome = work => outcome,
            _ = tokio::signal::ctrl_c() => Err(interrupted()),
        }
    })
}
