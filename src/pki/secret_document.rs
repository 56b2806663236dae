//! A VPN's PKI as one document, for a store that keeps it in one place for a team (one AWS
//! Secrets Manager secret per VPN, `cvpn/NAME`): every file cvpn keeps in the VPN's directory, by
//! its path there, with the VPN's name and a format number. A secret holds at most 64 KiB
//! (Secrets Manager quotas: <https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_limits.html>).
//!
//! Secrets Manager has no compare-and-swap: two administrators who read the same version and
//! write will race. `merge` joins two documents made from one base so that neither loses its
//! work: users and revocations of both are kept (a revocation on either side stays), the
//! revocation list's number is the higher, and the same file changed two ways is a conflict that
//! names it rather than a silent loss.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::revocation::Revoked;

/// The most a secret's value may hold.
pub const SECRET_BYTES: usize = 64 * 1024;
/// The document's format: a reader refuses one it does not know.
pub const FORMAT: u32 = 1;

const REVOKED_FILE: &str = "revoked.json";
const CRL_NUMBER_FILE: &str = "crl-number";
const LIST_FILE: &str = "revocation-list.pem";
/// Files a run keeps to itself: never shared. (`endpoint-client-token` is shared: `up` resumed on
/// another machine repeats the token, so AWS answers with the endpoint already made.)
const LOCAL_ONLY: [&str; 1] = [".lock"];

/// Every file of one VPN's PKI.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PkiDocument {
    pub format: u32,
    pub vpn: String,
    /// Path in the VPN's directory (`ca.key`, `clients/bob.crt`) → its text.
    pub files: BTreeMap<String, String>,
}

impl std::fmt::Debug for PkiDocument {
    /// File names only: the texts hold private keys.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PkiDocument").field("vpn", &self.vpn).field("files", &self.files.keys()).finish()
    }
}

/// Why two documents could not be joined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict(pub String);

/// A path cvpn keeps for a VPN: a top-level file or `clients/NAME`, nothing else. A user's key is
/// not kept: it went into their .ovpn and nothing of cvpn's needs it again, so an administrator
/// who can read the secret cannot connect as a user, and a secret's 64 KiB hold about 50 users.
fn is_kept_path(path: &str) -> bool {
    let safe = |part: &str| {
        !part.is_empty()
            && part != "."
            && part != ".."
            && part.bytes().all(|byte| byte.is_ascii_alphanumeric() || b"._-@".contains(&byte))
    };
    match path.split_once('/') {
        None => safe(path) && !LOCAL_ONLY.contains(&path),
        Some(("clients", name)) => safe(name) && !name.ends_with(".key"),
        _ => false,
    }
}

/// The kept files in the VPN directory `dir` (and its `clients/`): each path as the document
/// names it, and where it is.
fn kept_files_in(dir: &Path) -> std::io::Result<Vec<(String, std::path::PathBuf)>> {
    let mut kept = Vec::new();
    for (prefix, at) in [("", dir.to_path_buf()), ("clients/", dir.join("clients"))] {
        let entries = match std::fs::read_dir(&at) {
            Ok(entries) => entries,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => continue,
            Err(error) => return Err(error),
        };
        for entry in entries {
            let entry = entry?;
            let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
            if entry.file_type()?.is_file() && is_kept_path(&name) {
                kept.push((name, entry.path()));
            }
        }
    }
    Ok(kept)
}

impl PkiDocument {
    /// The document of the VPN directory `dir`.
    pub fn from_dir(dir: &Path, vpn: &str) -> std::io::Result<PkiDocument> {
        let mut files = BTreeMap::new();
        for (name, path) in kept_files_in(dir)? {
            files.insert(name, std::fs::read_to_string(path)?);
        }
        Ok(PkiDocument { format: FORMAT, vpn: vpn.to_owned(), files })
    }

    /// Makes the private copy `dir` (0700, files 0600) hold exactly this document's files: a kept
    /// file it lacks is removed, the others are written. Files the document never keeps (the lock,
    /// a user's key) stay. The copy is removed after the run, so nothing is synced to disk.
    pub fn to_dir(&self, dir: &Path) -> std::io::Result<()> {
        crate::private_files::private_dir(&dir.join("clients"))?;
        crate::private_files::private_dir(dir)?;
        for (_, path) in kept_files_in(dir)? {
            std::fs::remove_file(path)?;
        }
        for (path, text) in &self.files {
            crate::private_files::write_scratch(&dir.join(path), text)?;
        }
        Ok(())
    }

    /// The secret's value; refused when it would not fit in a secret (after `make_room`).
    pub fn to_json(&self) -> Result<String, String> {
        let text = serde_json::to_string(self).map_err(|error| error.to_string())?;
        if text.len() > SECRET_BYTES {
            let certificates = self.files.keys().filter(|path| path.starts_with("clients/")).count();
            return Err(format!(
                "the PKI of {vpn} is {} bytes, more than a secret holds ({SECRET_BYTES}): {certificates} client \
                 certificates, none expired. A VPN with this many certificates keeps its PKI on disk: `cvpn pki pull \
                 {vpn}` makes the copy that cvpn uses without --pki-store",
                text.len(),
                vpn = self.vpn,
            ));
        }
        Ok(text)
    }

    /// Makes room when the document would not fit in a secret: the client certificates expired
    /// at `now` go (they connect no one, and a revoked one's serial stays in the revocation
    /// record). The paths that went, none when it fits.
    pub fn make_room(&mut self, now: i64) -> Vec<String> {
        let size = serde_json::to_string(self).map_or(0, |text| text.len());
        if size <= SECRET_BYTES {
            return Vec::new();
        }
        let expired: Vec<String> = self
            .files
            .iter()
            .filter(|(path, text)| {
                path.starts_with("clients/")
                    && super::revocation::certificate_facts(path, text).is_ok_and(|facts| facts.not_after < now)
            })
            .map(|(path, _)| path.clone())
            .collect();
        for path in &expired {
            self.files.remove(path);
        }
        expired
    }

    /// The document in a secret's value, checked: its format, its VPN and its paths.
    pub fn from_json(text: &str, vpn: &str) -> Result<PkiDocument, String> {
        let document: PkiDocument =
            serde_json::from_str(text).map_err(|error| format!("is not a cvpn PKI document ({error})"))?;
        if document.format != FORMAT {
            return Err(format!("is in format {}; this cvpn reads format {FORMAT}: upgrade cvpn", document.format));
        }
        if document.vpn != vpn {
            return Err(format!("holds the PKI of VPN {}, not {vpn}", document.vpn));
        }
        if let Some(path) = document.files.keys().find(|path| !is_kept_path(path)) {
            return Err(format!("names a file cvpn does not keep: {path:?}"));
        }
        Ok(document)
    }

    fn revocations(&self) -> Result<Vec<Revoked>, Conflict> {
        match self.files.get(REVOKED_FILE) {
            Some(text) => serde_json::from_str(text).map_err(|error| Conflict(format!("{REVOKED_FILE}: {error}"))),
            None => Ok(Vec::new()),
        }
    }

    /// The revocation list last imported, as kept.
    pub fn list(&self) -> Option<&str> {
        self.files.get(LIST_FILE).map(String::as_str)
    }

    fn crl_number(&self) -> u64 {
        self.files.get(CRL_NUMBER_FILE).and_then(|text| text.trim().parse().ok()).unwrap_or(0)
    }
}

/// `ours` and `theirs`, each made from `base`, joined. A revocation either side made stays, and
/// is marked not imported unless both sides' lists named it (so the next list names it: the
/// caller signs and imports one when `needs_new_list`); the list number is the higher one; every
/// other file either side changed is taken from that side, and one both changed differently is a
/// conflict.
pub fn merge(base: &PkiDocument, ours: &PkiDocument, theirs: &PkiDocument) -> Result<Merged, Conflict> {
    let mut files = BTreeMap::new();
    let paths: BTreeSet<&String> = base.files.keys().chain(ours.files.keys()).chain(theirs.files.keys()).collect();
    for path in paths {
        if [REVOKED_FILE, CRL_NUMBER_FILE, LIST_FILE].contains(&path.as_str()) {
            continue;
        }
        let (was, mine, other) = (base.files.get(path), ours.files.get(path), theirs.files.get(path));
        let kept = match (mine == was, other == was) {
            (true, _) => other,
            (false, true) => mine,
            (false, false) if mine == other => mine,
            (false, false) => {
                return Err(Conflict(format!("{path} was changed two ways")));
            }
        };
        if let Some(text) = kept {
            files.insert(path.clone(), text.clone());
        }
    }
    let (mine, other) = (ours.revocations()?, theirs.revocations()?);
    let mut revoked: Vec<Revoked> = Vec::new();
    for entry in mine.iter().chain(other.iter()) {
        let in_both = mine.iter().any(|known| known.serial == entry.serial)
            && other.iter().any(|known| known.serial == entry.serial);
        let imported = in_both
            && mine.iter().chain(other.iter()).filter(|known| known.serial == entry.serial).all(|known| known.imported);
        match revoked.iter_mut().find(|known| known.serial == entry.serial) {
            Some(known) => known.imported = imported,
            None => revoked.push(Revoked { imported, ..entry.clone() }),
        }
    }
    let needs_new_list = revoked.iter().any(|entry| !entry.imported);
    if !revoked.is_empty() {
        let text = serde_json::to_string_pretty(&revoked).map_err(|error| Conflict(error.to_string()))?;
        files.insert(REVOKED_FILE.to_owned(), format!("{text}\n"));
    }
    let number = ours.crl_number().max(theirs.crl_number());
    if number > 0 {
        files.insert(CRL_NUMBER_FILE.to_owned(), format!("{number}\n"));
    }
    // The list kept is the one with the higher number: the one the endpoint holds last.
    let newer = if theirs.crl_number() > ours.crl_number() { theirs } else { ours };
    if let Some(list) = newer.files.get(LIST_FILE).or_else(|| ours.files.get(LIST_FILE)) {
        files.insert(LIST_FILE.to_owned(), list.clone());
    }
    Ok(Merged { document: PkiDocument { format: FORMAT, vpn: ours.vpn.clone(), files }, needs_new_list })
}

/// Two documents joined.
#[derive(Debug)]
pub struct Merged {
    pub document: PkiDocument,
    /// A revocation is not in every list imported: a new list must be signed and imported.
    pub needs_new_list: bool,
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn document(files: &[(&str, &str)]) -> PkiDocument {
        PkiDocument {
            format: FORMAT,
            vpn: "office".into(),
            files: files.iter().map(|(path, text)| (path.to_string(), text.to_string())).collect(),
        }
    }

    fn revoked(entries: &[(&str, bool)]) -> String {
        let list: Vec<Revoked> = entries
            .iter()
            .map(|(serial, imported)| Revoked {
                user: format!("user-{serial}"),
                serial: serial.to_string(),
                revoked_at: 1,
                imported: *imported,
            })
            .collect();
        serde_json::to_string_pretty(&list).unwrap()
    }

    #[test]
    fn two_runs_from_one_base_keep_each_others_users_and_revocations() {
        let base = document(&[("ca.crt", "CA"), ("ca.key", "KEY"), ("revoked.json", &revoked(&[("aa", true)]))]);
        let mut ours = base.clone();
        ours.files.insert("clients/bob.crt".into(), "BOB".into());
        ours.files.insert("revoked.json".into(), revoked(&[("aa", true), ("bb", true)]));
        ours.files.insert("crl-number".into(), "4\n".into());
        ours.files.insert("revocation-list.pem".into(), "LIST 4".into());
        let mut theirs = base.clone();
        theirs.files.insert("clients/carol.crt".into(), "CAROL".into());
        theirs.files.insert("revoked.json".into(), revoked(&[("aa", true), ("cc", true)]));
        theirs.files.insert("crl-number".into(), "5\n".into());
        theirs.files.insert("revocation-list.pem".into(), "LIST 5".into());

        let merged = merge(&base, &ours, &theirs).unwrap();
        let files = &merged.document.files;
        assert_eq!(files.get("clients/bob.crt").map(String::as_str), Some("BOB"));
        assert_eq!(files.get("clients/carol.crt").map(String::as_str), Some("CAROL"));
        let list: Vec<Revoked> = serde_json::from_str(&files["revoked.json"]).unwrap();
        let serials: Vec<(&str, bool)> = list.iter().map(|entry| (entry.serial.as_str(), entry.imported)).collect();
        assert_eq!(serials, [("aa", true), ("bb", false), ("cc", false)], "one list named only bb, the other only cc");
        assert!(merged.needs_new_list);
        assert_eq!(files["crl-number"], "5\n");
        assert_eq!(files["revocation-list.pem"], "LIST 5");
    }

    #[test]
    fn the_same_file_changed_two_ways_is_a_conflict_and_a_removal_is_kept() {
        let base = document(&[("ca.crt", "CA"), ("clients/bob.crt", "BOB")]);
        let mut ours = base.clone();
        ours.files.insert("clients/dave.crt".into(), "DAVE 1".into());
        let mut theirs = base.clone();
        theirs.files.insert("clients/dave.crt".into(), "DAVE 2".into());
        let Conflict(problem) = merge(&base, &ours, &theirs).unwrap_err();
        assert!(problem.contains("clients/dave.crt"), "{problem}");
        // A renewal elsewhere set bob's aside: the removal is kept, nothing was revoked.
        let mut renewed = base.clone();
        renewed.files.remove("clients/bob.crt");
        renewed.files.insert("clients/bob.replaced-7.crt".into(), "BOB".into());
        let merged = merge(&base, &base, &renewed).unwrap();
        assert!(!merged.document.files.contains_key("clients/bob.crt"));
        assert!(!merged.needs_new_list);
    }

    #[test]
    fn a_directory_round_trips_and_a_foreign_or_outsize_document_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let vpn = dir.path().join("office");
        let written = document(&[("ca.key", "KEY"), ("clients/bob.crt", "BOB"), ("vpn.json", "{}")]);
        written.to_dir(&vpn).unwrap();
        std::fs::write(vpn.join(".lock"), "").unwrap();
        std::fs::write(vpn.join("clients/bob.key"), "BOB'S KEY").unwrap();
        assert_eq!(std::fs::metadata(vpn.join("ca.key")).unwrap().permissions().mode() & 0o777, 0o600);
        assert_eq!(std::fs::metadata(&vpn).unwrap().permissions().mode() & 0o777, 0o700);
        let read = PkiDocument::from_dir(&vpn, "office").unwrap();
        assert_eq!(read, written, "neither the lock nor a user's key is shared");
        // Written again with bob gone and the key changed: bob's certificate goes, his key and
        // the lock stay.
        let joined = document(&[("ca.key", "KEY 2"), ("vpn.json", "{}")]);
        joined.to_dir(&vpn).unwrap();
        assert_eq!(PkiDocument::from_dir(&vpn, "office").unwrap(), joined);
        assert!(vpn.join(".lock").exists() && vpn.join("clients/bob.key").exists());
        written.to_dir(&vpn).unwrap();
        let json = read.to_json().unwrap();
        assert_eq!(PkiDocument::from_json(&json, "office").unwrap(), written);
        assert!(PkiDocument::from_json(&json, "lab").unwrap_err().contains("VPN office, not lab"));
        assert!(!format!("{read:?}").contains("KEY"), "Debug names files, never their text");
        let escaping = json.replace("clients/bob.crt", "../bob.crt");
        assert!(PkiDocument::from_json(&escaping, "office").unwrap_err().contains("does not keep"));
        let big = document(&[("ca.key", &"x".repeat(SECRET_BYTES))]);
        assert!(big.to_json().unwrap_err().contains("more than a secret holds"));
    }

    #[test]
    fn a_document_too_big_for_a_secret_lets_its_expired_client_certificates_go_and_only_those() {
        use crate::pki::{Role, issue, new_ca};
        let ca = new_ca("office").unwrap();
        let client =
            |user: &str, days| issue(&ca, "office", &Role::Client { user: user.into() }, days).unwrap().certificate_pem;
        let (alice, bob) = (client("alice", 10), client("bob", crate::pki::CLIENT_DAYS));
        let alice_ends = crate::pki::revocation::certificate_facts("alice", &alice).unwrap().not_after;
        let files = [("ca.key", "KEY".to_owned()), ("clients/alice.crt", alice), ("clients/bob.crt", bob)];
        let as_document = |padding: usize| {
            let mut files: Vec<(&str, &str)> = files.iter().map(|(path, text)| (*path, text.as_str())).collect();
            let padding = "x".repeat(padding);
            files.push(("padding", &padding));
            document(&files)
        };
        let mut small = as_document(0);
        assert!(small.make_room(alice_ends + 1).is_empty(), "a document that fits keeps everything");
        // Over the bound by half of alice's certificate.
        let size = serde_json::to_string(&small).unwrap().len();
        let mut big = as_document(SECRET_BYTES - size + files[1].1.len() / 2);
        assert!(big.make_room(alice_ends - 1).is_empty(), "nothing has expired yet");
        let refused = big.to_json().unwrap_err();
        assert!(refused.contains("2 client certificates, none expired"), "{refused}");
        assert_eq!(big.make_room(alice_ends + 1), ["clients/alice.crt"]);
        assert!(big.files.contains_key("clients/bob.crt") && big.files.contains_key("ca.key"));
        assert!(big.to_json().is_ok(), "alice's certificate was the room needed");
    }
}
