//! A VPN's certificates on disk: a directory per VPN (mode 0700), keys in files of mode 0600,
//! written before their certificates and never overwritten. What exists is reused; a key left
//! without its certificate by an interrupted run gets its certificate.

use std::path::{Path, PathBuf};

use super::{CLIENT_DAYS, Identity, PkiError, Role, SERVER_DAYS, issue_for_key, new_ca_for_key, server_dns_name};
use crate::private_files::{private_dir, write_new};

/// Where the revoked certificates are recorded, in the VPN's directory.
const REVOKED_FILE: &str = "revoked.json";
/// The number of the last revocation list cvpn signed for the VPN: the next one's is higher.
const CRL_NUMBER_FILE: &str = "crl-number";
/// What a renewal puts between a user's name and the time it set their old pair aside.
const REPLACED: &str = ".replaced-";
/// The record that says whose directory this is: written when cvpn first uses it for a VPN.
const RECORD_FILE: &str = "vpn.json";
/// The last revocation list cvpn imported for the VPN (public: serials and a signature), so that
/// its expiry is known without asking AWS.
const LIST_FILE: &str = "revocation-list.pem";
/// What cvpn writes at the top of a VPN's directory (beside `clients/`); `--purge` removes these
/// and nothing else.
const WRITTEN: [&str; 10] = [
    "ca.crt",
    "ca.key",
    "server.crt",
    "server.key",
    REVOKED_FILE,
    CRL_NUMBER_FILE,
    RECORD_FILE,
    LIST_FILE,
    "endpoint-client-token",
    ".lock",
];

/// Whose a directory is, as cvpn wrote it down.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DirectoryRecord {
    pub vpn: String,
    /// The region the VPN's endpoint is in.
    pub region: String,
    /// The account it is in, once cvpn knows it (from the ARN of its server certificate).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
}

/// What became of a file brought into a VPN's directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Brought {
    Written,
    Same,
    Kept,
}

/// Whose a directory is: its record's VPN, else (a directory from before records) the VPN its
/// CA was made for, else nobody cvpn knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Owner {
    Recorded(DirectoryRecord),
    CaOf(String),
    Unknown,
}

/// Whose `dir` is.
pub fn owner_of(dir: &Path) -> Owner {
    if let Ok(text) = std::fs::read_to_string(dir.join(RECORD_FILE))
        && let Ok(record) = serde_json::from_str::<DirectoryRecord>(&text)
    {
        return Owner::Recorded(record);
    }
    let ca = std::fs::read_to_string(dir.join("ca.crt")).ok();
    let vpn = ca.as_deref().and_then(|pem| {
        let (_, block) = x509_parser::pem::parse_x509_pem(pem.as_bytes()).ok()?;
        let certificate = block.parse_x509().ok()?;
        let common_name = certificate.subject().iter_common_name().next()?.as_str().ok()?.to_owned();
        common_name.strip_prefix("cvpn ")?.strip_suffix(" CA").map(str::to_owned)
    });
    vpn.map(Owner::CaOf).unwrap_or(Owner::Unknown)
}

/// Removes what cvpn wrote in a VPN's directory (its certificates, keys, records, `clients/`'s
/// certificates and keys, temporary files of an interrupted write), then the directory when
/// nothing else is left. What is left, someone else's, is returned.
pub fn remove_written(dir: &Path) -> Result<Vec<PathBuf>, PkiError> {
    let ours = |name: &str, in_clients: bool| {
        let temporary = name.starts_with('.') && name.contains(".cvpn-");
        let old_server = !in_clients && name.starts_with(&format!("server{REPLACED}"));
        let user_file = in_clients
            && [".crt", ".key"].iter().any(|extension| {
                name.strip_suffix(extension).is_some_and(|stem| {
                    let user = stem.rsplit_once(REPLACED).map(|(user, _)| user).unwrap_or(stem);
                    check_user(user).is_ok()
                })
            });
        temporary || user_file || old_server || (!in_clients && WRITTEN.contains(&name))
    };
    let mut left = Vec::new();
    for (folder, in_clients) in [(dir.join("clients"), true), (dir.to_path_buf(), false)] {
        let entries = match std::fs::read_dir(&folder) {
            Ok(entries) => entries,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => continue,
            Err(error) => return Err(io_error(&folder)(error)),
        };
        for entry in entries {
            let entry = entry.map_err(io_error(&folder))?;
            let (path, name) = (entry.path(), entry.file_name().to_string_lossy().into_owned());
            let is_file = entry.file_type().map(|kind| kind.is_file()).unwrap_or(false);
            if is_file && ours(&name, in_clients) {
                std::fs::remove_file(&path).map_err(io_error(&path))?;
            } else if in_clients || name != "clients" {
                left.push(path);
            }
        }
        // Empty now, or someone else's files are in it.
        let _ = std::fs::remove_dir(&folder);
    }
    if dir.join("clients").exists() {
        left.push(dir.join("clients"));
    }
    Ok(left)
}

/// One VPN's directory of certificates.
#[derive(Debug)]
pub struct VpnPki {
    pub dir: PathBuf,
    pub vpn: String,
}

/// A certificate and key, and whether this run made them.
#[derive(Debug)]
pub struct Kept {
    pub identity: Identity,
    pub created: bool,
}

/// A user name cvpn puts in a CN and a file name: letters, digits, `.`, `-`, `_`, `@`; at most 64.
pub fn check_user(user: &str) -> Result<(), String> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '@');
    if user.is_empty() || user.len() > 64 || !user.chars().all(allowed) || user.starts_with('.') {
        return Err(format!(
            "user {user:?}: a user is 1 to 64 letters, digits, '.', '-', '_' or '@', not starting with '.'"
        ));
    }
    Ok(())
}

/// Where a VPN's certificates live: `$XDG_DATA_HOME/cvpn/NAME`, else `~/.local/share/cvpn/NAME`.
pub fn default_dir(vpn: &str) -> Option<PathBuf> {
    let data = std::env::var_os("XDG_DATA_HOME")
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".local/share")))?;
    Some(data.join("cvpn").join(vpn))
}

fn io_error(path: &Path) -> impl Fn(std::io::Error) -> PkiError + '_ {
    move |error| PkiError(format!("{}: {error}", path.display()))
}

/// A key's text, once it is known to be the user's own and private.
fn read_key(path: &Path) -> Result<String, PkiError> {
    crate::private_files::check_private(path).map_err(PkiError)?;
    read(path)
}

fn read(path: &Path) -> Result<String, PkiError> {
    crate::bounded_file::read_text(path, crate::bounded_file::PEM_FILE_BYTES).map_err(io_error(path))
}

impl VpnPki {
    /// The directory, made (0700) when missing; an existing one must be private (see
    /// `private_files::check_private`).
    pub fn open(dir: PathBuf, vpn: &str) -> Result<VpnPki, PkiError> {
        for private in [dir.clone(), dir.join("clients")] {
            crate::private_files::check_private(&private).map_err(PkiError)?;
            private_dir(&private).map_err(io_error(&private))?;
        }
        Ok(VpnPki { dir, vpn: vpn.to_owned() })
    }

    /// The certificate at `name.crt` and key at `name.key`: kept ones, or made by `make` (given
    /// a key an interrupted run left) and written key first.
    fn kept(
        &self,
        name: &str,
        make: impl FnOnce(Option<&str>) -> Result<Identity, PkiError>,
    ) -> Result<Kept, PkiError> {
        let certificate_path = self.dir.join(format!("{name}.crt"));
        let key_path = self.dir.join(format!("{name}.key"));
        match (certificate_path.exists(), key_path.exists()) {
            (true, true) => Ok(Kept {
                identity: Identity { certificate_pem: read(&certificate_path)?, key_pem: read_key(&key_path)? },
                created: false,
            }),
            (true, false) => Err(PkiError(format!(
                "{} has no key beside it ({}); cvpn cannot use it and does not replace it: move it away to make a new pair",
                certificate_path.display(),
                key_path.display()
            ))),
            (false, has_key) => {
                let kept_key = if has_key { Some(read_key(&key_path)?) } else { None };
                let identity = make(kept_key.as_deref())?;
                if !has_key {
                    write_new(&key_path, &identity.key_pem).map_err(io_error(&key_path))?;
                }
                write_new(&certificate_path, &identity.certificate_pem).map_err(io_error(&certificate_path))?;
                Ok(Kept { identity, created: true })
            }
        }
    }

    pub fn ca(&self) -> Result<Kept, PkiError> {
        self.kept("ca", |key| new_ca_for_key(&self.vpn, key))
    }

    /// The server certificate, named for the VPN (see `server_dns_name`).
    pub fn server(&self, ca: &Identity) -> Result<Kept, PkiError> {
        let role = Role::Server { dns_name: server_dns_name(&self.vpn) };
        self.kept("server", |key| issue_for_key(ca, &self.vpn, &role, SERVER_DAYS, key))
    }

    /// A user's client certificate, under `clients/`.
    pub fn client(&self, ca: &Identity, user: &str) -> Result<Kept, PkiError> {
        self.client_for_days(ca, user, CLIENT_DAYS)
    }

    /// A user's client certificate, valid `days` when it is made now.
    pub fn client_for_days(&self, ca: &Identity, user: &str, days: i64) -> Result<Kept, PkiError> {
        check_user(user).map_err(PkiError)?;
        let role = Role::Client { user: user.to_owned() };
        self.kept(&format!("clients/{user}"), |key| issue_for_key(ca, &self.vpn, &role, days, key))
    }

    /// The CA, when the VPN has one (`cvpn up` made it); never made here.
    pub fn existing_ca(&self) -> Result<Option<Identity>, PkiError> {
        let (certificate, key) = (self.dir.join("ca.crt"), self.dir.join("ca.key"));
        if !certificate.exists() || !key.exists() {
            return Ok(None);
        }
        Ok(Some(Identity { certificate_pem: read(&certificate)?, key_pem: read_key(&key)? }))
    }

    /// The revoked certificates, as `cvpn user revoke` recorded them (none when nothing was revoked).
    pub fn revocations(&self) -> Result<Vec<super::revocation::Revoked>, PkiError> {
        let path = self.dir.join(REVOKED_FILE);
        if !path.exists() {
            return Ok(Vec::new());
        }
        serde_json::from_str(&read(&path)?).map_err(|error| PkiError(format!("{}: {error}", path.display())))
    }

    /// Records the revoked certificates (mode 0600, replaced as a whole).
    pub fn save_revocations(&self, revoked: &[super::revocation::Revoked]) -> Result<(), PkiError> {
        let path = self.dir.join(REVOKED_FILE);
        let text = serde_json::to_string_pretty(revoked).map_err(|error| PkiError(error.to_string()))?;
        crate::private_files::write(&path, &format!("{text}\n"), true).map_err(io_error(&path))
    }

    /// Every certificate issued to a user that is in the directory: each user's current one and
    /// those a renewal set aside, by user, the current one first, then the newest set aside.
    pub fn issued(&self) -> Result<Vec<super::revocation::UserCertificate>, PkiError> {
        let clients = self.dir.join("clients");
        let entries = match std::fs::read_dir(&clients) {
            Ok(entries) => entries,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(error) => return Err(io_error(&clients)(error)),
        };
        let mut issued = Vec::new();
        for entry in entries {
            let path = entry.map_err(io_error(&clients))?.path();
            let Some(stem) = path.file_name().and_then(|name| name.to_str()).and_then(|name| name.strip_suffix(".crt"))
            else {
                continue;
            };
            let (user, set_aside) = match stem.rsplit_once(REPLACED) {
                Some((user, seconds)) if seconds.bytes().all(|byte| byte.is_ascii_digit()) => {
                    (user, seconds.parse::<u64>().ok())
                }
                _ => (stem, None),
            };
            if check_user(user).is_err() || (set_aside.is_none() && user.contains(REPLACED)) {
                continue;
            }
            let mut certificate = super::revocation::certificate_facts(user, &read(&path)?)?;
            certificate.set_aside = set_aside;
            issued.push(certificate);
        }
        // The current certificate first (no time set aside), then the newest set aside.
        issued.sort_by(|a, b| {
            a.user.cmp(&b.user).then(b.set_aside.unwrap_or(u64::MAX).cmp(&a.set_aside.unwrap_or(u64::MAX)))
        });
        Ok(issued)
    }

    /// Every user's current certificate, by user name.
    pub fn users(&self) -> Result<Vec<super::revocation::UserCertificate>, PkiError> {
        Ok(self.issued()?.into_iter().filter(|certificate| certificate.set_aside.is_none()).collect())
    }

    /// The directory's record, written now if it has none: the VPN it is for and its region.
    pub fn record(&self, region: &str) -> Result<(), PkiError> {
        let path = self.dir.join(RECORD_FILE);
        if path.exists() {
            return Ok(());
        }
        let record = DirectoryRecord { vpn: self.vpn.clone(), region: region.to_owned(), account: None };
        let text = serde_json::to_string_pretty(&record).map_err(|error| PkiError(error.to_string()))?;
        crate::private_files::write(&path, &format!("{text}\n"), true).map_err(io_error(&path))
    }

    /// Adds the account to the directory's record, when the record has none yet.
    pub fn record_account(&self, account: &str) -> Result<(), PkiError> {
        let path = self.dir.join(RECORD_FILE);
        let Owner::Recorded(mut record) = owner_of(&self.dir) else { return Ok(()) };
        if record.account.is_some() || account.is_empty() {
            return Ok(());
        }
        record.account = Some(account.to_owned());
        let text = serde_json::to_string_pretty(&record).map_err(|error| PkiError(error.to_string()))?;
        crate::private_files::write(&path, &format!("{text}\n"), true).map_err(io_error(&path))
    }

    /// Keeps the revocation list just imported.
    pub fn keep_list(&self, pem: &str) -> Result<(), PkiError> {
        let path = self.dir.join(LIST_FILE);
        crate::private_files::write(&path, pem, true).map_err(io_error(&path))
    }

    /// The serial and expiry of certificate `file` of the directory (`ca.crt`, `server.crt`),
    /// when it is there.
    pub fn certificate(&self, file: &str) -> Result<Option<super::revocation::UserCertificate>, PkiError> {
        let path = self.dir.join(file);
        if !path.exists() {
            return Ok(None);
        }
        super::revocation::certificate_facts(file, &read(&path)?).map(Some)
    }

    /// The revocation list cvpn imported last, when it kept one.
    pub fn kept_list(&self) -> Option<String> {
        read(&self.dir.join(LIST_FILE)).ok()
    }

    /// The number for the next revocation list, kept before the list is signed so that it only
    /// ever grows, whatever the clock does. A directory from before the counter, whose lists were
    /// numbered by the clock, counts on from now.
    pub fn next_crl_number(&self) -> Result<u64, PkiError> {
        let path = self.dir.join(CRL_NUMBER_FILE);
        let last = match std::fs::read_to_string(&path) {
            Ok(text) => text
                .trim()
                .parse::<u64>()
                .map_err(|_| PkiError(format!("{}: {:?} is not a number", path.display(), text.trim())))?,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                if self.dir.join(REVOKED_FILE).exists() {
                    time::OffsetDateTime::now_utc().unix_timestamp().unsigned_abs()
                } else {
                    0
                }
            }
            Err(error) => return Err(io_error(&path)(error)),
        };
        let next = last + 1;
        crate::private_files::write(&path, &format!("{next}\n"), true).map_err(io_error(&path))?;
        Ok(next)
    }

    /// The certificate of `user`, when there is one.
    pub fn client_certificate(&self, user: &str) -> Result<Option<String>, PkiError> {
        check_user(user).map_err(PkiError)?;
        let path = self.dir.join(format!("clients/{user}.crt"));
        if !path.exists() {
            return Ok(None);
        }
        read(&path).map(Some)
    }

    /// Keeps the certificate cvpn signed for `user`'s signing request as `clients/USER.crt`,
    /// with no key beside it (the key is the user's); never over an existing file.
    pub fn keep_signed_client(&self, user: &str, certificate_pem: &str) -> Result<PathBuf, PkiError> {
        check_user(user).map_err(PkiError)?;
        let (path, key) = (self.dir.join(format!("clients/{user}.crt")), self.dir.join(format!("clients/{user}.key")));
        if key.exists() {
            return Err(PkiError(format!(
                "{} holds a key cvpn made for {user}; move it away (or revoke the user) before signing their request",
                key.display()
            )));
        }
        write_new(&path, certificate_pem).map_err(io_error(&path))?;
        Ok(path)
    }

    /// Brings a file made elsewhere into the directory (`ca.key`, `clients/bob.crt`), mode 0600,
    /// never over anything: `Same` when it is there with this text already (a rerun), `Kept`
    /// when something else is there (left as it is).
    pub fn bring(&self, file: &str, text: &str) -> Result<Brought, PkiError> {
        let path = self.dir.join(file);
        match std::fs::read_to_string(&path) {
            Ok(existing) if existing == text => Ok(Brought::Same),
            Ok(_) => Ok(Brought::Kept),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                write_new(&path, text).map_err(io_error(&path))?;
                Ok(Brought::Written)
            }
            Err(error) => Err(io_error(&path)(error)),
        }
    }

    /// Adds revocations made elsewhere to the record, by serial, none twice; how many were new.
    pub fn merge_revocations(&self, brought: &[super::revocation::Revoked]) -> Result<usize, PkiError> {
        let mut revoked = self.revocations()?;
        let before = revoked.len();
        for entry in brought {
            if !revoked.iter().any(|known| known.serial == entry.serial) {
                revoked.push(entry.clone());
            }
        }
        if revoked.len() > before {
            self.save_revocations(&revoked)?;
        }
        Ok(revoked.len() - before)
    }

    /// Makes the next revocation list's number at least `next`: a list signed after lists another
    /// tool signed with the same CA must have a higher number than theirs.
    pub fn raise_crl_number(&self, next: u64) -> Result<(), PkiError> {
        let path = self.dir.join(CRL_NUMBER_FILE);
        let last = std::fs::read_to_string(&path).ok().and_then(|text| text.trim().parse::<u64>().ok()).unwrap_or(0);
        if last + 1 >= next {
            return Ok(());
        }
        crate::private_files::write(&path, &format!("{}\n", next - 1), true).map_err(io_error(&path))
    }

    /// Whether `user` has a certificate in the directory.
    pub fn has_client(&self, user: &str) -> bool {
        self.dir.join(format!("clients/{user}.crt")).exists()
    }

    /// Moves `user`'s certificate and key aside (`USER.replaced-SECONDS.crt`/`.key`), so that a new
    /// pair can be made without overwriting key material; returns the new names.
    pub fn set_aside_client(&self, user: &str) -> Result<Vec<PathBuf>, PkiError> {
        check_user(user).map_err(PkiError)?;
        self.set_aside(&format!("clients/{user}"))
    }

    /// Moves the server certificate and key aside (`server.replaced-SECONDS.crt`/`.key`) for a
    /// renewal; returns the new names.
    pub fn set_aside_server(&self) -> Result<Vec<PathBuf>, PkiError> {
        self.set_aside("server")
    }

    /// Moves `stem.crt` and `stem.key` aside, never over anything.
    fn set_aside(&self, stem: &str) -> Result<Vec<PathBuf>, PkiError> {
        let seconds = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|elapsed| elapsed.as_secs())
            .unwrap_or_default();
        // A name no pair has yet: two renewals within a second get the next second's.
        let aside = |seconds: u64, extension: &str| self.dir.join(format!("{stem}{REPLACED}{seconds}.{extension}"));
        let seconds =
            (seconds..).find(|at| !aside(*at, "crt").exists() && !aside(*at, "key").exists()).unwrap_or(seconds);
        let mut moved = Vec::new();
        for extension in ["crt", "key"] {
            let from = self.dir.join(format!("{stem}.{extension}"));
            if !from.exists() {
                continue;
            }
            let to = aside(seconds, extension);
            std::fs::rename(&from, &to).map_err(io_error(&from))?;
            moved.push(to);
        }
        Ok(moved)
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
    fn material_is_made_once_private_and_reused() {
        let root = tempfile::tempdir().unwrap();
        let pki = VpnPki::open(root.path().join("office"), "office").unwrap();
        let ca = pki.ca().unwrap();
        let server = pki.server(&ca.identity).unwrap();
        let client = pki.client(&ca.identity, "alice").unwrap();
        assert!(ca.created && server.created && client.created);
        assert_eq!(mode(&pki.dir), 0o700);
        for key in ["ca.key", "server.key", "clients/alice.key"] {
            assert_eq!(mode(&pki.dir.join(key)), 0o600, "{key}");
        }
        let again = VpnPki::open(pki.dir.clone(), "office").unwrap();
        let ca_again = again.ca().unwrap();
        assert!(!ca_again.created);
        assert_eq!(ca_again.identity.key_pem, ca.identity.key_pem);
        assert!(!again.server(&ca_again.identity).unwrap().created);
        assert!(!again.client(&ca_again.identity, "alice").unwrap().created);
    }

    #[test]
    fn a_key_left_alone_gets_its_certificate_and_a_lone_certificate_is_refused() {
        let root = tempfile::tempdir().unwrap();
        let pki = VpnPki::open(root.path().join("office"), "office").unwrap();
        let ca = pki.ca().unwrap();
        let server = pki.server(&ca.identity).unwrap();
        // An interrupted run: the key was written, its certificate was not.
        std::fs::remove_file(pki.dir.join("server.crt")).unwrap();
        let resumed = pki.server(&ca.identity).unwrap();
        assert!(resumed.created);
        assert_eq!(resumed.identity.key_pem, server.identity.key_pem, "the kept key is used, not replaced");
        std::fs::remove_file(pki.dir.join("clients/../ca.key")).unwrap();
        let error = pki.ca().unwrap_err();
        assert!(error.0.contains("has no key beside it"), "{error}");
    }

    #[test]
    fn a_renewal_sets_the_old_pair_aside_and_makes_a_new_one() {
        let root = tempfile::tempdir().unwrap();
        let pki = VpnPki::open(root.path().join("office"), "office").unwrap();
        assert!(pki.existing_ca().unwrap().is_none(), "the store never makes a CA unasked");
        let ca = pki.ca().unwrap().identity;
        assert_eq!(pki.existing_ca().unwrap().unwrap().key_pem, ca.key_pem);
        let first = pki.client_for_days(&ca, "bob", 30).unwrap();
        assert!(pki.has_client("bob"));
        let moved = pki.set_aside_client("bob").unwrap();
        assert_eq!(moved.len(), 2);
        assert_eq!(std::fs::read_to_string(&moved[1]).unwrap(), first.identity.key_pem, "the old key is kept");
        assert_eq!(mode(&moved[1]), 0o600);
        let second = pki.client_for_days(&ca, "bob", 30).unwrap();
        assert!(second.created);
        assert_ne!(second.identity.key_pem, first.identity.key_pem);
    }

    #[test]
    fn every_certificate_a_user_was_issued_is_found_the_current_one_first() {
        let root = tempfile::tempdir().unwrap();
        let pki = VpnPki::open(root.path().join("office"), "office").unwrap();
        let ca = pki.ca().unwrap().identity;
        let first = pki.client(&ca, "bob").unwrap().identity;
        pki.set_aside_client("bob").unwrap();
        let second = pki.client(&ca, "bob").unwrap().identity;
        pki.client(&ca, "carol").unwrap();
        let issued = pki.issued().unwrap();
        let rows: Vec<(&str, bool)> = issued.iter().map(|c| (c.user.as_str(), c.set_aside.is_some())).collect();
        assert_eq!(rows, [("bob", false), ("bob", true), ("carol", false)]);
        let serial = |pem: &str| crate::pki::revocation::serial_of(pem).unwrap();
        assert_eq!(
            (issued[0].serial.clone(), issued[1].serial.clone()),
            (serial(&second.certificate_pem), serial(&first.certificate_pem))
        );
        assert_eq!(pki.users().unwrap().len(), 2, "one current certificate each");
    }

    #[test]
    fn a_directory_is_known_by_its_record_or_its_ca_and_only_cvpns_files_are_purged() {
        let root = tempfile::tempdir().unwrap();
        assert_eq!(owner_of(root.path()), Owner::Unknown);
        let pki = VpnPki::open(root.path().join("office"), "office").unwrap();
        let ca = pki.ca().unwrap().identity;
        assert_eq!(owner_of(&pki.dir), Owner::CaOf("office".into()), "a directory from before records");
        pki.record("us-east-1").unwrap();
        let record = DirectoryRecord { vpn: "office".into(), region: "us-east-1".into(), account: None };
        assert_eq!(owner_of(&pki.dir), Owner::Recorded(record.clone()));
        pki.record_account("123456789012").unwrap();
        pki.record_account("210987654321").unwrap();
        let account = Some("123456789012".to_owned());
        assert_eq!(owner_of(&pki.dir), Owner::Recorded(DirectoryRecord { account, ..record }), "the first stays");
        pki.client(&ca, "bob").unwrap();
        pki.set_aside_client("bob").unwrap();
        pki.client(&ca, "bob").unwrap();
        pki.save_revocations(&[]).unwrap();
        std::fs::write(pki.dir.join("notes.txt"), "mine").unwrap();
        std::fs::write(pki.dir.join("clients/bob.ovpn"), "mine too").unwrap();
        let left = remove_written(&pki.dir).unwrap();
        let mut left: Vec<String> =
            left.iter().map(|path| path.strip_prefix(&pki.dir).unwrap().display().to_string()).collect();
        left.sort();
        assert_eq!(left, ["clients", "clients/bob.ovpn", "notes.txt"]);
        std::fs::remove_file(pki.dir.join("notes.txt")).unwrap();
        std::fs::remove_file(pki.dir.join("clients/bob.ovpn")).unwrap();
        assert!(remove_written(&pki.dir).unwrap().is_empty());
        assert!(!pki.dir.exists(), "an empty directory goes too");
    }

    #[test]
    fn the_revocation_list_number_only_grows() {
        let root = tempfile::tempdir().unwrap();
        let pki = VpnPki::open(root.path().join("office"), "office").unwrap();
        assert_eq!((pki.next_crl_number().unwrap(), pki.next_crl_number().unwrap()), (1, 2));
        // A directory whose lists were numbered by the clock counts on from the clock.
        let older = VpnPki::open(root.path().join("older"), "older").unwrap();
        older.save_revocations(&[]).unwrap();
        let now = time::OffsetDateTime::now_utc().unix_timestamp().unsigned_abs();
        assert!(older.next_crl_number().unwrap() > now);
        std::fs::write(pki.dir.join("crl-number"), "x").unwrap();
        assert!(pki.next_crl_number().unwrap_err().0.contains("is not a number"));
    }

    #[test]
    fn user_names_are_safe_common_names() {
        for good in ["alice", "bob.smith", "ops-1", "a_b", "carol@example.com"] {
            assert!(check_user(good).is_ok(), "{good}");
        }
        for bad in ["", "../etc", "a/b", "with space", ".hidden", &"x".repeat(65), "ünï"] {
            assert!(check_user(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn the_default_directory_follows_xdg() {
        let dir = default_dir("office").unwrap();
        assert!(dir.ends_with("cvpn/office"), "{}", dir.display());
    }
}
