//! The one place that writes to stdout and stderr (beside `progress.rs`, which draws a wait on
//! stderr): results, warnings, notes, failures and `--debug` lines. A reader that went away
//! (`cvpn … | head -c0`) is not an error.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};

/// `--quiet`: notes and progress are not shown; results, warnings and failures still are.
static QUIET: AtomicBool = AtomicBool::new(false);

pub fn set_quiet(quiet: bool) {
    QUIET.store(quiet, Ordering::Relaxed);
}

pub fn is_quiet() -> bool {
    QUIET.load(Ordering::Relaxed)
}

/// A result, on stdout.
pub fn result(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush());
}

/// Text on stderr: as given, but with control characters escaped when stderr is a terminal (an
/// error message may quote a tag or a certificate's subject).
fn to_stderr(text: &str) {
    use std::io::IsTerminal;
    let mut stderr = std::io::stderr().lock();
    let text = if stderr.is_terminal() { super::escape_controls(text) } else { std::borrow::Cow::Borrowed(text) };
    let _ = stderr.write_all(text.as_bytes()).and_then(|()| stderr.flush());
}

/// A failure, in the chosen error format, on stderr.
pub fn failure(failure: &crate::failure::Failure, format: crate::output::format::ErrorFormat) {
    to_stderr(&crate::output::render_failure(failure, format));
}

/// A line for the person at the terminal, on stderr.
pub fn note(text: &str) {
    if !is_quiet() {
        to_stderr(&format!("{text}\n"));
    }
}

pub fn warning(text: &str) {
    to_stderr(&format!("cvpn: warning: {text}\n"));
}

/// A `--debug` line; callers never pass secrets.
pub fn debug(text: &str) {
    to_stderr(&format!("cvpn debug: {text}\n"));
}
