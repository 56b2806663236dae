//! `cvpn completions SHELL`: the script a shell sources to complete cvpn (see
//! `src/generate/completion_scripts.rs`); the same one `COMPLETE=SHELL cvpn` prints.

use crate::cli::CompletionShell;
use crate::generate::completion_scripts::registration;
use crate::output::printer;

pub fn run(shell: CompletionShell) -> u8 {
    printer::result(&registration(shell.name()));
    0
}
