//! The workflows' room: what `up`, `down` and the user commands are made of, so that a workflow
//! is a list of named steps. Here: how a VPN's resources are named and found again, and the
//! ClientToken a rerun repeats. Beside it: the journal of steps a failure reports with the
//! command that resumes (`journal.rs`), the pre-flight checks (`preflight.rs`), the configuration
//! file a client imports (`configuration_file.rs`) and, with the SDK half, requests scoped to one
//! endpoint (`endpoint_scope.rs`), the ensure step every endpoint part goes through
//! (`ensure.rs`, `endpoint_parts.rs`) and the check of certificates brought in ACM
//! (`brought_certificates.rs`); what `sleep` records in an endpoint's tags for `wake`
//! (`sleep_record.rs`).

#[cfg(feature = "aws")]
pub mod brought_certificates;
pub mod configuration_file;
#[cfg(feature = "aws")]
pub mod endpoint_parts;
#[cfg(feature = "aws")]
pub mod endpoint_scope;
#[cfg(feature = "aws")]
pub mod ensure;
pub mod journal;
pub mod preflight;
pub mod sleep_record;

use std::path::{Path, PathBuf};

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
    match crate::bounded_file::read_text(&path, 4096) {
        Ok(token) if !token.trim().is_empty() => return Ok(token.trim().to_owned()),
        Ok(_) => std::fs::remove_file(&path)?,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
        Err(error) => return Err(error),
    }
    crate::private_files::private_dir(dir)?;
    let token = format!("cvpn-up-{}", uuid::Uuid::new_v4().simple());
    // Beside itself, fsynced and renamed: a crash never leaves half a token.
    crate::private_files::write(&path, &format!("{token}\n"), true)?;
    Ok(token)
}

/// Whether a run before kept a ClientToken for the VPN's endpoint.
pub fn has_endpoint_client_token(dir: &Path) -> bool {
    dir.join(TOKEN_FILE).is_file()
}

/// Forgets the kept ClientToken (the endpoint it made is gone).
pub fn forget_endpoint_client_token(dir: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(dir.join(TOKEN_FILE)) {
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => Err(error),
        _ => Ok(()),
    }
}

/// How long a run waits for another run on the same VPN: `CVPN_LOCK_TIMEOUT` seconds, else 60.
fn lock_wait() -> std::time::Duration {
    let seconds = std::env::var("CVPN_LOCK_TIMEOUT").ok().and_then(|text| text.trim().parse::<f64>().ok());
    std::time::Duration::from_secs_f64(seconds.filter(|seconds| (0.0..=86_400.0).contains(seconds)).unwrap_or(60.0))
}

/// The lock on VPN `name`'s directory, held until dropped, so that two runs on one VPN never
/// interleave their changes: a second run waits (saying so), then gives up naming the holder's
/// lock. `create` makes the directory (0700) when it is missing; otherwise a VPN without a
/// directory has nothing to lock (`None`).
pub fn lock_vpn(
    dir: &Path,
    name: &str,
    create: bool,
) -> Result<Option<crate::private_files::DirectoryLock>, crate::failure::Failure> {
    use crate::failure::Failure;
    if !create && !dir.is_dir() {
        return Ok(None);
    }
    let unlockable = |error: std::io::Error| Failure::other(format!("{}: cannot be locked: {error}", dir.display()));
    crate::private_files::check_private(dir)
        .map_err(|problem| Failure::usage(format!("{problem}. Nothing was sent.")))?;
    if create {
        crate::private_files::private_dir(dir).map_err(unlockable)?;
    }
    let wait = lock_wait();
    let waiting = || {
        crate::output::printer::note(&format!(
            "Another cvpn run is working on {name} ({}); waiting up to {}s for it...",
            dir.display(),
            wait.as_secs_f64()
        ))
    };
    match crate::private_files::lock_directory(dir, wait, waiting).map_err(unlockable)? {
        Some(lock) => Ok(Some(lock)),
        None => Err(Failure::other(format!(
            "Another cvpn run is still working on {name} after {}s ({} is locked); nothing was changed by this \
             one: run it again once the other is done (CVPN_LOCK_TIMEOUT sets how long to wait).",
            wait.as_secs_f64(),
            dir.join(".lock").display()
        ))),
    }
}

/// Every key in a VPN's directory must be the user's own and private: checked before anything is
/// sent, every problem with its fix.
pub fn check_vpn_keys(dir: &Path) -> Result<(), crate::failure::Failure> {
    let mut keys = vec![dir.join("ca.key"), dir.join("server.key")];
    if let Ok(entries) = std::fs::read_dir(dir.join("clients")) {
        keys.extend(
            entries
                .filter_map(|entry| entry.ok())
                .map(|entry| entry.path())
                .filter(|path| path.extension().is_some_and(|extension| extension == "key")),
        );
    }
    let problems: Vec<String> = keys.iter().filter_map(|key| crate::private_files::check_private(key).err()).collect();
    if problems.is_empty() {
        return Ok(());
    }
    Err(crate::failure::Failure::usage(format!("{}\nNothing was sent.", problems.join("\n"))))
}

/// Removes `dir` when it holds nothing but its lock and an empty `clients/` (a run that made it
/// was refused before it made anything), so that a refusal leaves nothing behind.
pub fn remove_if_unused(dir: &Path) {
    let names: Vec<String> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .filter_map(|entry| entry.ok())
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .collect(),
        Err(_) => return,
    };
    let clients_empty =
        std::fs::read_dir(dir.join("clients")).map(|mut entries| entries.next().is_none()).unwrap_or(true);
    if names.iter().all(|name| name == ".lock" || (name == "clients" && clients_empty)) {
        let _ = std::fs::remove_dir(dir.join("clients"));
        let _ = std::fs::remove_file(dir.join(".lock"));
        let _ = std::fs::remove_dir(dir);
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
}
