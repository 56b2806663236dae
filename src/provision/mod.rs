//! `cvpn up` and `cvpn down` as plain Rust, apart from the SDKs: how a VPN's resources are named
//! and found again, the ClientToken a rerun repeats, the journal of steps that a failure reports
//! with the command that resumes, and the pre-flight checks (`preflight.rs`).

pub mod preflight;

use std::path::{Path, PathBuf};

use crate::output::printer;

/// The tag that names an endpoint (and the certificate up imports) for its VPN: `Name=NAME`.
pub const NAME_TAG: &str = "Name";
/// The tag on certificates cvpn imported, which `down` deletes (and no other).
pub const VPN_TAG: &str = "cvpn:vpn";

/// A VPN name: it names a directory, a file and a tag, so 1 to 64 letters, digits, `.`, `-`, `_`,
/// not starting with `.` or `-`.
pub fn check_vpn_name(name: &str) -> Result<(), String> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_');
    if name.is_empty() || name.len() > 64 || !name.chars().all(allowed) || name.starts_with(['.', '-']) {
        return Err(format!(
            "NAME {name:?}: a VPN name is 1 to 64 letters, digits, '.', '-' or '_', not starting with '.' or '-'"
        ));
    }
    Ok(())
}

/// The user a first client certificate is for: the login name when it is a safe common name,
/// else `client`.
pub fn default_user() -> String {
    std::env::var("USER")
        .ok()
        .or_else(|| std::env::var("LOGNAME").ok())
        .filter(|user| crate::pki::store::check_user(user).is_ok())
        .unwrap_or_else(|| "client".to_owned())
}

/// The file in a VPN's directory that keeps the ClientToken of its endpoint's create: written
/// before the create is sent, so a rerun after a lost answer repeats it and EC2 returns the same
/// endpoint; removed when `down` has deleted the endpoint, so the next `up` makes a new one.
const TOKEN_FILE: &str = "endpoint-client-token";

/// The ClientToken for creating the VPN's endpoint: the kept one, or a new one kept now.
pub fn endpoint_client_token(dir: &Path) -> std::io::Result<String> {
    let path = dir.join(TOKEN_FILE);
    match std::fs::read_to_string(&path) {
        Ok(token) if !token.trim().is_empty() => return Ok(token.trim().to_owned()),
        Ok(_) => std::fs::remove_file(&path)?,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
        Err(error) => return Err(error),
    }
    crate::private_files::private_dir(dir)?;
    let token = format!("cvpn-up-{}", uuid::Uuid::new_v4().simple());
    crate::private_files::write_new(&path, &format!("{token}\n"))?;
    Ok(token)
}

/// Forgets the kept ClientToken (the endpoint it made is gone).
pub fn forget_endpoint_client_token(dir: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(dir.join(TOKEN_FILE)) {
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => Err(error),
        _ => Ok(()),
    }
}

/// A VPN's directory: `--pki-dir`, else the data directory's `cvpn/NAME`.
pub fn vpn_dir(given: Option<&Path>, name: &str) -> Result<PathBuf, String> {
    match given {
        Some(dir) => Ok(dir.to_path_buf()),
        None => crate::pki::store::default_dir(name)
            .ok_or_else(|| "neither XDG_DATA_HOME nor HOME is set: give --pki-dir DIR".to_owned()),
    }
}

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
    done: Vec<String>,
    current: Option<String>,
}

impl Journal {
    /// A step starts.
    pub fn start(&mut self, step: &str) {
        printer::note(&format!("{step}..."));
        self.current = Some(step.to_owned());
    }

    /// The step started last ended; `outcome` says how.
    pub fn done(&mut self, outcome: &str) {
        printer::note(&format!("  {outcome}"));
        self.done.push(outcome.to_owned());
        self.current = None;
    }

    /// What a failure adds: what is done, what failed, and how to go on; nothing when no step
    /// had started (the session could not be opened).
    pub fn hints(&self, resume: &str) -> Vec<String> {
        let mut hints = Vec::new();
        if self.done.is_empty() && self.current.is_none() {
            return hints;
        }
        if !self.done.is_empty() {
            hints.push(format!("Done: {}.", self.done.join("; ")));
        }
        if let Some(step) = &self.current {
            hints.push(format!("Failed while: {step}."));
        }
        hints.push(format!("Nothing is lost: run the same command again to resume:\n  {resume}"));
        hints
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vpn_names_are_safe_for_files_and_tags() {
        for good in ["office", "eu-west.prod", "a_b", "x1"] {
            assert!(check_vpn_name(good).is_ok(), "{good}");
        }
        for bad in ["", "-x", ".x", "a/b", "a b", "a@b", &"n".repeat(65)] {
            assert!(check_vpn_name(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn the_endpoint_token_is_kept_until_forgotten() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("office");
        let first = endpoint_client_token(&dir).unwrap();
        assert!(first.starts_with("cvpn-up-") && first.len() <= 64, "{first}");
        assert_eq!(endpoint_client_token(&dir).unwrap(), first, "a rerun repeats the token");
        forget_endpoint_client_token(&dir).unwrap();
        forget_endpoint_client_token(&dir).unwrap();
        assert_ne!(endpoint_client_token(&dir).unwrap(), first, "after a down, a new endpoint");
    }

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
        let mut journal = Journal::default();
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
