//! Secrets on disk: directories only their owner can enter (0700) and files only their owner can
//! read (0600) from the first byte, created exclusively so that existing key material is never
//! overwritten; a file that may be replaced (a configuration cvpn wrote) is written beside itself
//! and renamed over.

use std::io::Write;
use std::path::Path;

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

/// Writes a new file with mode 0600; fails with `AlreadyExists` rather than touch an existing one.
pub fn write_new(path: &Path, text: &str) -> std::io::Result<()> {
    private_options().open(path)?.write_all(text.as_bytes())
}

/// Writes `text` to `path` with mode 0600: a new file exclusively, or with `replace` a file
/// written beside it and renamed over it.
pub fn write(path: &Path, text: &str, replace: bool) -> std::io::Result<()> {
    if !replace {
        return write_new(path, text);
    }
    let directory = path.parent().filter(|parent| !parent.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
    let temporary = directory.join(format!(".{name}.cvpn-{}", std::process::id()));
    let written = write_new(&temporary, text);
    match written.and_then(|()| std::fs::rename(&temporary, path)) {
        Ok(()) => Ok(()),
        Err(error) => {
            let _ = std::fs::remove_file(&temporary);
            Err(error)
        }
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
}
