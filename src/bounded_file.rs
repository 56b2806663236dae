//! Files a person names on the command line (a CA bundle, certificates and keys, `file://`
//! values, input documents) read only up to a bound: a device (`/dev/zero`) or a file far larger
//! than any such file is refused with the reason instead of exhausting memory, and a FIFO or
//! socket nobody writes to is given up on instead of hanging (`file:///dev/stdin` from a pipe
//! still works).

use std::io::Read;
use std::path::Path;

/// The bound for a certificate, a key, a chain or a CA bundle: the largest real ones are a few
/// hundred kilobytes (a system CA bundle), so anything past this is a mistake.
pub const PEM_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// How long a FIFO, a socket or a device may take to give its bytes.
const WAIT_FOR_WRITER: std::time::Duration = std::time::Duration::from_secs(10);

/// What `path` is, when it is not a regular file.
fn kind_of(path: &Path) -> std::io::Result<Option<&'static str>> {
    let kind = std::fs::metadata(path)?.file_type();
    if kind.is_file() {
        return Ok(None);
    }
    if kind.is_dir() {
        return Ok(Some("a directory"));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Ok(Some("a FIFO"));
        }
        if kind.is_socket() {
            return Ok(Some("a socket"));
        }
    }
    Ok(Some("a device"))
}

fn read_at_most(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)?.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(std::io::Error::other(format!("the file is larger than {}", size(limit))));
    }
    Ok(bytes)
}

/// The bytes of the file at `path`, at most `limit` of them.
pub fn read(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    read_waiting(path, limit, WAIT_FOR_WRITER)
}

/// `read`, giving a FIFO, a socket or a device `wait` to deliver: opening a FIFO blocks until
/// someone writes to it, so the read runs aside and is given up on after `wait`.
fn read_waiting(path: &Path, limit: u64, wait: std::time::Duration) -> std::io::Result<Vec<u8>> {
    match kind_of(path)? {
        None => read_at_most(path, limit),
        Some("a directory") => Err(std::io::Error::other("it is a directory, not a file")),
        Some(what) => {
            let (sender, receiver) = std::sync::mpsc::channel();
            let owned = path.to_path_buf();
            std::thread::spawn(move || {
                let _ = sender.send(read_at_most(&owned, limit));
            });
            receiver.recv_timeout(wait).unwrap_or_else(|_| {
                Err(std::io::Error::other(format!(
                    "it is {what}, and nothing came from it within {} s",
                    wait.as_secs_f64()
                )))
            })
        }
    }
}

/// The text of the regular file at `path`, at most `limit` bytes of UTF-8.
pub fn read_text(path: &Path, limit: u64) -> std::io::Result<String> {
    String::from_utf8(read(path, limit)?)
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidData, "it is not UTF-8 text"))
}

fn size(bytes: u64) -> String {
    match bytes {
        bytes if bytes >= 1024 * 1024 && bytes.is_multiple_of(1024 * 1024) => format!("{} MiB", bytes / 1024 / 1024),
        bytes => format!("{bytes} bytes"),
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn only_regular_files_within_the_bound_are_read() {
        let root = tempfile::tempdir().unwrap();
        let file = root.path().join("a.pem");
        std::fs::write(&file, "x".repeat(10)).unwrap();
        assert_eq!(read_text(&file, 10).unwrap().len(), 10);
        assert!(read(&file, 9).unwrap_err().to_string().contains("larger than 9 bytes"));
        assert!(read(Path::new("/dev/zero"), 10).unwrap_err().to_string().contains("larger than 10 bytes"));
        assert!(read(root.path(), 10).unwrap_err().to_string().contains("it is a directory"));
        let fifo = root.path().join("fifo");
        assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
        let wait = std::time::Duration::from_millis(200);
        let nobody = read_waiting(&fifo, 10, wait).unwrap_err().to_string();
        assert!(nobody.contains("it is a FIFO, and nothing came from it within 0.2 s"), "{nobody}");
        // A pipe someone writes to (as `file:///dev/stdin` is): read. (A FIFO of its own: the
        // reader given up on above still waits on the first.)
        let pipe = root.path().join("pipe");
        assert!(std::process::Command::new("mkfifo").arg(&pipe).status().unwrap().success());
        let writer = {
            let pipe = pipe.clone();
            std::thread::spawn(move || std::fs::write(pipe, "piped"))
        };
        assert_eq!(read_waiting(&pipe, 10, std::time::Duration::from_secs(5)).unwrap(), b"piped", "a pipe is read");
        writer.join().unwrap().unwrap();
        assert_eq!(read(&root.path().join("missing"), 10).unwrap_err().kind(), std::io::ErrorKind::NotFound);
        assert_eq!(size(4 * 1024 * 1024), "4 MiB");
    }
}
