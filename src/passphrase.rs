//! A passphrase, never from the command line (where `ps` and shell history see it): from a file
//! (`--passphrase-file`, its first line), or asked on the controlling terminal with echo off.

use std::io::{BufRead, Write};
use std::path::Path;

/// A passphrase's bytes; `Debug` never shows them.
pub struct Passphrase(pub Vec<u8>);

impl std::fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Passphrase(<redacted>)")
    }
}

/// The first line of `path`, without its line ending.
pub fn from_file(path: &Path) -> std::io::Result<Passphrase> {
    let bytes = crate::bounded_file::read(path, 64 * 1024)?;
    let line = bytes.split(|byte| *byte == b'\n').next().unwrap_or_default();
    Ok(Passphrase(line.strip_suffix(b"\r").unwrap_or(line).to_vec()))
}

/// Asks on the terminal (`/dev/tty`), echo off; `None` when there is no terminal to ask on.
#[cfg(unix)]
pub fn ask(prompt: &str) -> Option<Passphrase> {
    use std::os::fd::AsRawFd;
    let tty = std::fs::OpenOptions::new().read(true).write(true).open("/dev/tty").ok()?;
    let fd = tty.as_raw_fd();
    // SAFETY: `termios` is plain data filled in by tcgetattr on a descriptor we hold open.
    let mut saved: libc::termios = unsafe { std::mem::zeroed() };
    // SAFETY: fd is open for the whole function; saved is a valid termios to write into.
    if unsafe { libc::tcgetattr(fd, &mut saved) } != 0 {
        return None;
    }
    let mut quiet = saved;
    quiet.c_lflag &= !libc::ECHO;
    quiet.c_lflag |= libc::ECHONL;
    // SAFETY: as above; quiet is saved with echo turned off.
    unsafe { libc::tcsetattr(fd, libc::TCSANOW, &quiet) };
    let mut writer = &tty;
    let _ = write!(writer, "{prompt}");
    let _ = writer.flush();
    let mut line = Vec::new();
    let read = std::io::BufReader::new(&tty).read_until(b'\n', &mut line);
    // SAFETY: restores the settings read above on the same descriptor.
    unsafe { libc::tcsetattr(fd, libc::TCSANOW, &saved) };
    read.ok()?;
    while matches!(line.last(), Some(b'\n' | b'\r')) {
        line.pop();
    }
    Some(Passphrase(line))
}

#[cfg(not(unix))]
pub fn ask(_prompt: &str) -> Option<Passphrase> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_gives_its_first_line_and_debug_hides_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pass");
        std::fs::write(&path, "secret words\r\nsecond line\n").unwrap();
        let passphrase = from_file(&path).unwrap();
        assert_eq!(passphrase.0, b"secret words");
        assert_eq!(format!("{passphrase:?}"), "Passphrase(<redacted>)");
    }
}
