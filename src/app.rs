//! The run: parse the command line, hand it to its command, and turn the outcome into the exit
//! code. Nothing starts a runtime, reads AWS configuration or touches the network before the
//! arguments are parsed.

use std::process::ExitCode;

use clap::FromArgMatches;
use clap_complete::CompleteEnv;

use crate::commands::{self, Cli};
use crate::failure::EXIT_USAGE;
use crate::generate::completion_scripts::{COMPLETE_VAR, SHELLS};
use crate::output::printer;

pub fn main() -> ExitCode {
    // `COMPLETE=<shell> cvpn -- <words>`: answer a Tab from the clap definition and exit, before
    // anything else runs. The script it prints calls the `cvpn` on the PATH, as the committed
    // scripts and `cvpn completions SHELL` do.
    CompleteEnv::with_factory(commands::command)
        .var(COMPLETE_VAR)
        .shells(SHELLS)
        .bin("cvpn")
        .completer("cvpn")
        .complete();
    let mut cli = match commands::command().try_get_matches().and_then(|matches| Cli::from_arg_matches(&matches)) {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() { EXIT_USAGE } else { 0 });
        }
    };
    let error_format = commands::global_options::error_format(&cli.global);
    match commands::run(&mut cli) {
        Ok(code) => ExitCode::from(code),
        Err(failure) => {
            printer::failure(&failure, error_format);
            ExitCode::from(failure.exit_code())
        }
    }
}
