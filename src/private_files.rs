//! Secrets on disk: directories only their owner can enter (0700) and files only their owner can
//! read (0600) from the first byte, created exclusively so that existing key material is never
//! overwritten, and on disk (fsynced) before they count as written; a file that may be replaced
//! (a record, a configuration cvpn wrote) is written beside itself and renamed over, so a crash
//! leaves the old whole or the new whole, never half of one. One advisory lock per VPN
//! directory keeps two runs from interleaving their changes.

use std::io::Write;
use std::path::Path;

/// Whether an existing directory or key file is fit for secrets: itself (not a symbolic link
/// that could be pointed elsewhere), the user's own, and closed to group and others. The problem
/// and its fix otherwise; a missing one is fine (cvpn makes it private).
pub fn check_private(path: &Path) -> Result<(), String> {
    let metadata = match std::fs::symlink_metadata(path) {
        Ok(metadata) => metadata,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(error) => return Err(format!("{}: {error}", path.display())),
    };
    let shown = path.display();
    if metadata.file_type().is_symlink() {
        return Err(format!(
            "{shown} is a symbolic link; cvpn keeps keys only where no link can be repointed: give the directory \
             it points to (--pki-dir), or replace the link with it"
        ));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // SAFETY: geteuid takes no arguments, cannot fail and touches no memory of ours.
        let me = unsafe { libc::geteuid() };
        if metadata.uid() != me {
            return Err(format!(
                "{shown} belongs to user ID {}, not to you ({me}); cvpn uses only your own keys: `chown -R {me} {shown}` \
                 if it is yours, or give another --pki-dir",
                metadata.uid()
            ));
        }
        let mode = metadata.mode() & 0o777;
        if mode & 0o077 != 0 {
            let fix = if metadata.is_dir() { 700 } else { 600 };
            return Err(format!(
                "{shown} is open to others (mode {mode:o}); keys must be yours alone: `chmod {fix} {shown}`"
            ));
        }
    }
    Ok(())
}

/// Creates `dir` (and its parents) with mode 0700 when missing; an existing one keeps its mode.
pub fn private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

fn private_options() -> std::fs::OpenOptions {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
}

/// Writes a new file with mode 0600, on disk when this returns; fails with `AlreadyExists`
/// rather than touch an existing one.
pub fn write_new(path: &Path, text: &str) -> std::io::Result<()> {
    let mut file = private_options().open(path)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()
}

/// Writes a new file with mode 0600 without waiting for the disk: for a private copy that is
/// removed when the run ends. Fails with `AlreadyExists` rather than touch an existing one.
pub fn write_scratch(path: &Path, text: &str) -> std::io::Result<()> {
    private_options().open(path)?.write_all(text.as_bytes())
}

/// The directory a path is in (`.` for a bare name).
fn directory_of(path: &Path) -> &Path {
    path.parent().filter(|parent| !parent.as_os_str().is_empty()).unwrap_or(Path::new("."))
}

/// Writes `text` to `path` with mode 0600: a new file exclusively, or with `replace` a file
/// written beside it and renamed over it.
pub fn write(path: &Path, text: &str, replace: bool) -> std::io::Result<()> {
    if !replace {
        return write_new(path, text);
    }
    let directory = directory_of(path);
    let name = path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
    let temporary = directory.join(format!(".{name}.cvpn-{}", std::process::id()));
    let written = write_new(&temporary, text);
    match written.and_then(|()| std::fs::rename(&temporary, path)) {
        // The rename is the directory's change: on disk once the directory is.
        Ok(()) => std::fs::File::open(directory).and_then(|directory| directory.sync_all()),
        Err(error) => {
            let _ = std::fs::remove_file(&temporary);
            Err(error)
        }
    }
}

/// An advisory lock on a directory (its `.lock` file), held until dropped.
#[derive(Debug)]
pub struct DirectoryLock {
    _file: std::fs::File,
}

/// Takes `dir`'s lock, trying again every 50 ms for up to `wait`; `waiting` is called once when
/// another holder makes this wait. `Ok(None)`: still held by another after `wait`.
pub fn lock_directory(
    dir: &Path,
    wait: std::time::Duration,
    waiting: impl FnOnce(),
) -> std::io::Result<Option<DirectoryLock>> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = options.open(dir.join(".lock"))?;
    let started = std::time::Instant::now();
    let mut waiting = Some(waiting);
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(Some(DirectoryLock { _file: file })),
            Err(std::fs::TryLockError::WouldBlock) => {}
            Err(std::fs::TryLockError::Error(error)) => return Err(error),
        }
        if started.elapsed() >= wait {
            return Ok(None);
        }
        if let Some(waiting) = waiting.take() {
            waiting();
        }
        std::thread::sleep(std::time::Duration::from_millis(50).min(wait));
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn directories_and_files_are_the_owners_alone_and_never_silently_replaced() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("a/b");
        private_dir(&dir).unwrap();
        assert_eq!(mode(&dir), 0o700);
        let path = dir.join("key.pem");
        write(&path, "one", false).unwrap();
        assert_eq!(mode(&path), 0o600);
        assert_eq!(write_new(&path, "two").unwrap_err().kind(), std::io::ErrorKind::AlreadyExists);
        write(&path, "three", true).unwrap();
        assert_eq!((std::fs::read_to_string(&path).unwrap().as_str(), mode(&path)), ("three", 0o600));
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1, "no temporary file is left");
    }

    #[test]
    fn only_private_real_directories_and_keys_are_used() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("office");
        assert!(check_private(&dir).is_ok(), "missing: cvpn makes it");
        private_dir(&dir).unwrap();
        assert!(check_private(&dir).is_ok());
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o777)).unwrap();
        let open = check_private(&dir).unwrap_err();
        assert!(open.contains("mode 777") && open.contains(&format!("chmod 700 {}", dir.display())), "{open}");
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).unwrap();
        let key = dir.join("ca.key");
        write_new(&key, "KEY").unwrap();
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert!(check_private(&key).unwrap_err().contains("chmod 600"));
        let link = root.path().join("link");
        std::os::unix::fs::symlink(&dir, &link).unwrap();
        assert!(check_private(&link).unwrap_err().contains("is a symbolic link"));
    }

    #[test]
    fn one_holder_of_a_directory_at_a_time() {
        let root = tempfile::tempdir().unwrap();
        let held = lock_directory(root.path(), std::time::Duration::ZERO, || {}).unwrap().expect("free");
        let mut waited = false;
        let second = lock_directory(root.path(), std::time::Duration::from_millis(120), || waited = true).unwrap();
        assert!(second.is_none() && waited, "a second holder waits, then gives up");
        drop(held);
        assert!(lock_directory(root.path(), std::time::Duration::ZERO, || {}).unwrap().is_some());
        assert_eq!(mode(&root.path().join(".lock")), 0o600);
    }
}
