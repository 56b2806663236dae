//! An easy-rsa 3 PKI directory, read as it is and never written: `ca.crt`, `private/ca.key`,
//! `issued/NAME.crt`, `index.txt` (OpenSSL's CA database: one line per certificate, tab-separated
//! status `V`/`R`/`E`, expiry, revocation time, serial in hex, file name, subject) and
//! `crlnumber`. Layout: easy-rsa 3's documentation, doc/EasyRSA-Readme.md ("PKI directory");
//! the index format: OpenSSL's `ca` manual.

use std::path::{Path, PathBuf};

use super::revocation::Revoked;

/// What cvpn takes from an easy-rsa PKI.
#[derive(Debug)]
pub struct EasyRsa {
    /// The PKI directory itself (DIR, or DIR/pki when DIR is easy-rsa's working directory).
    pub dir: PathBuf,
    pub ca_certificate: String,
    /// `private/ca.key` as it is, perhaps encrypted.
    pub ca_key: String,
    /// Every issued client certificate (clientAuth, not serverAuth) that is not revoked, by CN.
    pub clients: Vec<Issued>,
    /// The issued server certificates (serverAuth), with their key when easy-rsa has it.
    pub servers: Vec<Issued>,
    /// Every certificate `index.txt` marks revoked.
    pub revoked: Vec<Revoked>,
    /// The number easy-rsa's next revocation list would have (`crlnumber`, hex).
    pub next_crl_number: Option<u64>,
}

/// A certificate easy-rsa issued.
#[derive(Clone)]
pub struct Issued {
    /// Its CN: the user, for a client.
    pub common_name: String,
    pub serial: String,
    pub certificate_pem: String,
    /// `private/NAME.key`, for a server certificate only (cvpn keeps no user's key).
    pub key_pem: Option<String>,
}

impl std::fmt::Debug for Issued {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Issued({}, {})", self.common_name, self.serial)
    }
}

/// One line of `index.txt`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexEntry {
    pub status: char,
    pub serial: String,
    /// Seconds since the epoch, for a revoked certificate.
    pub revoked_at: Option<i64>,
    pub common_name: String,
}

fn read_text(path: &Path) -> Result<String, String> {
    crate::bounded_file::read_text(path, crate::bounded_file::PEM_FILE_BYTES)
        .map_err(|error| format!("{}: {error}", path.display()))
}

/// The easy-rsa PKI at `dir` (or `dir/pki`).
pub fn read(dir: &Path) -> Result<EasyRsa, String> {
    let dir = if dir.join("ca.crt").exists() || !dir.join("pki/ca.crt").exists() {
        dir.to_path_buf()
    } else {
        dir.join("pki")
    };
    for needed in ["ca.crt", "private/ca.key", "index.txt"] {
        if !dir.join(needed).exists() {
            return Err(format!(
                "{} is not an easy-rsa 3 PKI: it has no {needed} (easyrsa init-pki and build-ca make one)",
                dir.display()
            ));
        }
    }
    let index = parse_index(&read_text(&dir.join("index.txt"))?)?;
    let (mut clients, mut servers) = (Vec::new(), Vec::new());
    let issued = dir.join("issued");
    let mut names: Vec<PathBuf> = match std::fs::read_dir(&issued) {
        Ok(entries) => entries.filter_map(|entry| entry.ok().map(|entry| entry.path())).collect(),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(error) => return Err(format!("{}: {error}", issued.display())),
    };
    names.sort();
    for path in names.into_iter().filter(|path| path.extension().is_some_and(|extension| extension == "crt")) {
        let certificate_pem = read_text(&path)?;
        let Some((common_name, serial, role)) = facts(&certificate_pem) else { continue };
        if index.iter().any(|entry| entry.serial == serial && entry.status == 'R') {
            continue;
        }
        let stem = path.file_stem().map(|stem| stem.to_string_lossy().into_owned()).unwrap_or_default();
        match role {
            Usage::Server => {
                let key = dir.join(format!("private/{stem}.key"));
                let key_pem = if key.exists() { Some(read_text(&key)?) } else { None };
                servers.push(Issued { common_name, serial, certificate_pem, key_pem });
            }
            Usage::Client => clients.push(Issued { common_name, serial, certificate_pem, key_pem: None }),
            Usage::Other => {}
        }
    }
    let revoked = index
        .iter()
        .filter(|entry| entry.status == 'R')
        .map(|entry| Revoked {
            user: entry.common_name.clone(),
            serial: entry.serial.clone(),
            revoked_at: entry.revoked_at.unwrap_or_default(),
            imported: false,
        })
        .collect();
    let next_crl_number =
        std::fs::read_to_string(dir.join("crlnumber")).ok().and_then(|text| u64::from_str_radix(text.trim(), 16).ok());
    Ok(EasyRsa {
        ca_certificate: read_text(&dir.join("ca.crt"))?,
        ca_key: read_text(&dir.join("private/ca.key"))?,
        dir,
        clients,
        servers,
        revoked,
        next_crl_number,
    })
}

enum Usage {
    Server,
    Client,
    Other,
}

/// A certificate's CN, serial (lowercase hex, as cvpn records serials) and what it is for.
fn facts(pem: &str) -> Option<(String, String, Usage)> {
    let (_, block) = x509_parser::pem::parse_x509_pem(pem.as_bytes()).ok()?;
    let certificate = block.parse_x509().ok()?;
    let common_name = certificate.subject().iter_common_name().next()?.as_str().ok()?.to_owned();
    let serial = super::revocation::serial_hex(certificate.raw_serial());
    let usage = match certificate.extended_key_usage().ok().flatten().map(|usage| usage.value) {
        Some(usage) if usage.server_auth => Usage::Server,
        Some(usage) if usage.client_auth => Usage::Client,
        _ => Usage::Other,
    };
    Some((common_name, serial, usage))
}

/// The lines of `index.txt`; a line that is not OpenSSL's six fields is refused, naming it.
pub fn parse_index(text: &str) -> Result<Vec<IndexEntry>, String> {
    let mut entries = Vec::new();
    for (number, line) in text.lines().enumerate().filter(|(_, line)| !line.trim().is_empty()) {
        let fields: Vec<&str> = line.split('\t').collect();
        let bad = || format!("index.txt line {}: {line:?} is not an OpenSSL CA database line", number + 1);
        let [status, _, revocation, serial, _, subject] = fields[..] else { return Err(bad()) };
        let status = match status {
            "V" | "R" | "E" => status.chars().next().unwrap_or('V'),
            _ => return Err(bad()),
        };
        if serial.is_empty() || !serial.bytes().all(|byte| byte.is_ascii_hexdigit()) {
            return Err(bad());
        }
        let serial = serial.to_ascii_lowercase();
        // OpenSSL writes an even number of digits; cvpn's serials are whole bytes too.
        let serial = if serial.len() % 2 == 1 { format!("0{serial}") } else { serial };
        // As the certificate's DER holds it (and cvpn records it): a serial whose first bit is
        // set has a zero byte before it, or it would be negative.
        let serial = if serial.as_bytes()[0] >= b'8' { format!("00{serial}") } else { serial };
        let revoked_at = revocation.split(',').next().filter(|at| !at.is_empty()).and_then(asn1_time);
        if status == 'R' && revoked_at.is_none() {
            return Err(bad());
        }
        let common_name = subject.split('/').find_map(|part| part.strip_prefix("CN=")).unwrap_or_default().to_owned();
        entries.push(IndexEntry { status, serial, revoked_at, common_name });
    }
    Ok(entries)
}

/// `YYMMDDHHMMSSZ` (UTCTime, years 1950-2049) or `YYYYMMDDHHMMSSZ`, as seconds since the epoch.
fn asn1_time(text: &str) -> Option<i64> {
    let digits = text.strip_suffix('Z')?;
    if !digits.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    let number = |range: std::ops::Range<usize>| digits.get(range)?.parse::<i32>().ok();
    let (year, rest) = match digits.len() {
        12 => {
            let short = number(0..2)?;
            (if short < 50 { 2000 + short } else { 1900 + short }, 2)
        }
        14 => (number(0..4)?, 4),
        _ => return None,
    };
    let month = time::Month::try_from(u8::try_from(number(rest..rest + 2)?).ok()?).ok()?;
    let day = u8::try_from(number(rest + 2..rest + 4)?).ok()?;
    let date = time::Date::from_calendar_date(year, month, day).ok()?;
    let [hour, minute, second] =
        [rest + 4, rest + 6, rest + 8].map(|at| number(at..at + 2).and_then(|value| u8::try_from(value).ok()));
    let time = time::Time::from_hms(hour?, minute?, second?).ok()?;
    Some(time::PrimitiveDateTime::new(date, time).assume_utc().unix_timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_index_gives_each_certificates_state_serial_and_cn() {
        let text = "V\t290101000000Z\t\t0A1B\tunknown\t/CN=server\n\
                    R\t290101000000Z\t251203120000Z,keyCompromise\tABC\tunknown\t/CN=bob\n\
                    E\t200101000000Z\t\t0C\tunknown\t/C=US/CN=old\n\
                    V\t290101000000Z\t\tF2B3\tunknown\t/CN=high\n";
        let entries = parse_index(text).unwrap();
        assert_eq!(entries.len(), 4);
        assert_eq!(entries[3].serial, "00f2b3", "the DER form, as the certificate holds it");
        assert_eq!((entries[0].status, entries[0].serial.as_str()), ('V', "0a1b"));
        assert_eq!(entries[1].serial, "0abc", "a whole number of bytes");
        assert_eq!(entries[1].revoked_at, Some(1_764_763_200));
        assert_eq!(entries[1].common_name, "bob");
        assert_eq!((entries[2].status, entries[2].common_name.as_str()), ('E', "old"));
        assert!(parse_index("X\t1\t\t2\tunknown\t/CN=a\n").unwrap_err().contains("line 1"));
        assert!(parse_index("R\t290101000000Z\t\tAB\tunknown\t/CN=a\n").is_err(), "revoked without a time");
        assert!(parse_index("V\tonly two\n").is_err());
        assert_eq!(asn1_time("20251203120000Z"), Some(1_764_763_200));
    }

    #[test]
    fn a_directory_without_easyrsa_files_is_refused_naming_what_is_missing() {
        let dir = tempfile::tempdir().unwrap();
        let problem = read(dir.path()).unwrap_err();
        assert!(problem.contains("not an easy-rsa 3 PKI") && problem.contains("ca.crt"), "{problem}");
    }
}
