//! A wait shown as it goes: on a terminal a spinner with the current state and the time so far;
//! piped, a plain line each time the state changes. Both on stderr, beside the printer's notes.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

use crate::output::printer;

pub struct Progress {
    what: String,
    spinner: Option<ProgressBar>,
    last_state: Option<String>,
    started: Instant,
}

fn seconds(elapsed: Duration) -> String {
    format!("{:.0}s", elapsed.as_secs_f64())
}

impl Progress {
    /// Starts showing a wait for `what` ("association cvpn-assoc-… to be associated").
    pub fn start(what: &str) -> Progress {
        let spinner = (std::io::stderr().is_terminal() && !printer::is_quiet()).then(|| {
            let spinner = ProgressBar::new_spinner();
            if let Ok(style) = ProgressStyle::with_template("{spinner} {msg}") {
                spinner.set_style(style);
            }
            spinner.enable_steady_tick(Duration::from_millis(120));
            spinner.set_message(format!("waiting for {what}"));
            spinner
        });
        if spinner.is_none() {
            printer::note(&format!("Waiting for {what}"));
        }
        Progress { what: what.to_owned(), spinner, last_state: None, started: Instant::now() }
    }

    pub fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }

    /// The state seen at the last poll.
    pub fn state(&mut self, state: &str) {
        let elapsed = seconds(self.elapsed());
        match &self.spinner {
            Some(spinner) => spinner.set_message(format!("waiting for {}: {state} ({elapsed})", self.what)),
            None if self.last_state.as_deref() != Some(state) => printer::note(&format!("  {state} after {elapsed}")),
            None => {}
        }
        self.last_state = Some(state.to_owned());
    }

    pub fn last_state(&self) -> Option<&str> {
        self.last_state.as_deref()
    }

    /// Ends the display with a last line.
    pub fn finish(self, line: &str) {
        if let Some(spinner) = &self.spinner {
            spinner.finish_and_clear();
        }
        printer::note(&format!("{line} ({})", seconds(self.elapsed())));
    }
}
