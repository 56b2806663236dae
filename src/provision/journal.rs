//! The journal of a workflow's steps: each announced as it starts and as it ends (on stderr), and
//! a failure, Ctrl-C included, reports which were done, which failed, and the command that
//! resumes (the same command: every step finds what is done and skips it).

use std::cell::RefCell;

use crate::output::printer;

/// A word as a POSIX shell reads it back: bare when it is safe, else in single quotes.
fn shell_word(word: &str) -> String {
    let safe = |c: char| c.is_ascii_alphanumeric() || "-_./=:@,+%".contains(c);
    if !word.is_empty() && word.chars().all(safe) {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// The command that was run, to be run again: `cvpn up office --subnet-id subnet-0abc`.
pub fn same_command(args: impl IntoIterator<Item = String>) -> String {
    let words: Vec<String> = args.into_iter().skip(1).map(|word| shell_word(&word)).collect();
    format!("cvpn {}", words.join(" "))
}

/// The steps of a run: each is announced as it starts and as it ends (on stderr), and a failure
/// reports which were done and which failed.
#[derive(Debug, Default)]
pub struct Journal {
    steps: RefCell<Steps>,
}

#[derive(Debug, Default)]
struct Steps {
    done: Vec<String>,
    current: Option<String>,
}

impl Journal {
    /// A step starts.
    pub fn start(&self, step: &str) {
        printer::note(&format!("{step}..."));
        self.steps.borrow_mut().current = Some(step.to_owned());
    }

    /// The step started last ended; `outcome` says how.
    pub fn done(&self, outcome: &str) {
        printer::note(&format!("  {outcome}"));
        let mut steps = self.steps.borrow_mut();
        steps.done.push(outcome.to_owned());
        steps.current = None;
    }

    /// What a failure adds: what is done, what failed, and how to go on; nothing when no step
    /// had started (the session could not be opened).
    pub fn hints(&self, resume: &str) -> Vec<String> {
        let steps = self.steps.borrow();
        let mut hints = Vec::new();
        if steps.done.is_empty() && steps.current.is_none() {
            return hints;
        }
        if !steps.done.is_empty() {
            hints.push(format!("Done: {}.", steps.done.join("; ")));
        }
        if let Some(step) = &steps.current {
            hints.push(format!("Failed while: {step}."));
        }
        hints.push(format!("Nothing is lost: run the same command again to resume:\n  {resume}"));
        hints
    }
}

/// Runs a workflow's steps on the one runtime. A failure after a step started, and Ctrl-C, carry
/// the journal's report and the command that resumes; a refusal (a usage failure: nothing was
/// changed) carries none.
#[cfg(feature = "aws")]
pub fn run_resumable<T>(
    steps: impl AsyncFnOnce(&Journal) -> Result<T, crate::failure::Failure>,
) -> Result<T, crate::failure::Failure> {
    use crate::failure::{Failure, FailureKind};
    let resume = same_command(std::env::args_os().map(|word| word.to_string_lossy().into_owned()));
    let journal = Journal::default();
    match crate::runtime::run_async(steps(&journal), || Failure::interrupted("Interrupted.")) {
        Ok(done) => Ok(done),
        Err(failure) if failure.kind == FailureKind::Usage => Err(failure),
        Err(failure) => Err(journal.hints(&resume).into_iter().fold(failure, Failure::with_hint)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_resume_command_reads_back_as_the_same_words() {
        let args = ["/usr/bin/cvpn", "up", "office", "--subnet-id", "subnet-0abc", "--description", "it's ours"];
        assert_eq!(
            same_command(args.map(str::to_owned)),
            r"cvpn up office --subnet-id subnet-0abc --description 'it'\''s ours'"
        );
    }

    #[test]
    fn a_failure_says_what_is_done_and_what_failed() {
        let journal = Journal::default();
        journal.start("Importing the server certificate");
        journal.done("imported arn:aws:acm:x");
        journal.start("Creating the endpoint");
        let hints = journal.hints("cvpn up office --subnet-id subnet-1");
        assert_eq!(hints[0], "Done: imported arn:aws:acm:x.");
        assert_eq!(hints[1], "Failed while: Creating the endpoint.");
        assert!(hints[2].ends_with("\n  cvpn up office --subnet-id subnet-1"));
        assert!(Journal::default().hints("cvpn up office").is_empty(), "nothing started, nothing to resume");
    }
}
