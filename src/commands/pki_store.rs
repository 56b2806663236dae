//! `--pki-store secretsmanager`: a VPN's PKI kept for a team in one AWS Secrets Manager secret,
//! `cvpn/NAME`, tagged `cvpn:vpn=NAME`. A command that works on the VPN's certificates runs on
//! a private copy (a 0700 directory of 0600 files, removed after the run, so no key is left on
//! the administrator's disk); what it changed is then written back as a new version.
//!
//! Secrets Manager has no compare-and-swap on a write, so a write is two steps: the new version
//! goes in under a label of cvpn's own (`cvpn-pending`), then `AWSCURRENT` is moved to it only
//! from the version this run read (UpdateSecretVersionStage with RemoveFromVersionId:
//! <https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_UpdateSecretVersionStage.html>).
//! When another run wrote in between, the two are merged (`pki::secret_document::merge`: both
//! runs' users and revocations stay), a revocation list naming every revocation is signed and
//! imported when the endpoint may hold only one side's, and the write is tried again.

use std::path::{Path, PathBuf};

use crate::cli::{GlobalArgs, PkiStore};
use crate::failure::Failure;
use crate::pki::secret_document::PkiDocument;

/// What the secret of VPN `vpn` is called.
pub fn secret_name(vpn: &str) -> String {
    format!("cvpn/{vpn}")
}

/// How a run names `path`, a file or directory of the VPN's PKI at `dir`: as it is, or, with
/// the store (where `dir` is the run's private copy, gone after the run), as `cvpn/NAME:FILE`.
pub fn shown(global: &GlobalArgs, vpn: &str, dir: &Path, path: &Path) -> String {
    match (global.pki_store, path.strip_prefix(dir)) {
        (Some(PkiStore::Secretsmanager), Ok(file)) if file.as_os_str().is_empty() => secret_name(vpn),
        (Some(PkiStore::Secretsmanager), Ok(file)) => format!("{}:{}", secret_name(vpn), file.display()),
        _ => path.display().to_string(),
    }
}

/// How many times a write is tried when other runs keep writing in between.
const WRITE_ATTEMPTS: u32 = 5;

/// Days a deleted secret can still be restored (`down --purge`): Secrets Manager's longest.
const RECOVERY_DAYS: i64 = 30;

/// The store `--pki-store`, else `CVPN_PKI_STORE`, names; `None` when neither does (the profile
/// may, see `profile_store`).
pub fn chosen(global: &GlobalArgs) -> Result<Option<PkiStore>, Failure> {
    if let Some(store) = global.pki_store {
        return Ok(Some(store));
    }
    match std::env::var("CVPN_PKI_STORE") {
        Ok(value) if !value.is_empty() => parse_store(&value, "CVPN_PKI_STORE").map(Some),
        _ => Ok(None),
    }
}

fn parse_store(value: &str, source: &str) -> Result<PkiStore, Failure> {
    use clap::ValueEnum;
    PkiStore::from_str(value, true).map_err(|_| {
        Failure::usage(format!("{source} is {value:?}: a PKI store is local or secretsmanager. Nothing was sent."))
    })
}

/// What a command does with the VPN's PKI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Use {
    /// Makes it when there is none (`up`, `adopt`): a missing secret is created, encrypted with
    /// this KMS key when one is given.
    Make { kms_key_id: Option<String> },
    /// Works on it (`user …`, `pki status`, `pki renew`): the secret must exist.
    Change,
    /// Reads it when there is one (`doctor`).
    ReadIfThere,
    /// Removes the VPN (`down`); with `purge` the secret is deleted once the run purged its copy.
    Remove { purge: bool },
}

/// One command's use of the store: the VPN, the user names it writes, whether it was given a
/// `--pki-dir` (which the store's copy takes the place of).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub vpn: String,
    pub users: Vec<String>,
    pub pki_dir_given: bool,
    pub how: Use,
}

/// A private copy of the VPN's PKI for one run, and the version it was made from.
pub struct Checkout {
    vpn: String,
    how: Use,
    /// The run's own directory (parent of `dir`), removed with everything in it when dropped.
    root: PathBuf,
    dir: PathBuf,
    /// The version read and its document; `None` when there was no secret.
    base: Option<(String, PkiDocument)>,
}

impl Drop for Checkout {
    fn drop(&mut self) {
        if !self.root.as_os_str().is_empty() {
            let _ = std::fs::remove_dir_all(&self.root);
        }
    }
}

impl Checkout {
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// What the store held when the copy was made; `None` when there was no secret.
    pub fn stored(&self) -> Option<&PkiDocument> {
        self.base.as_ref().map(|(_, document)| document)
    }

    /// Keeps the copy on disk (a write to the store failed): its directory.
    fn keep(mut self) -> PathBuf {
        let dir = self.dir.clone();
        self.root = PathBuf::new();
        dir
    }
}

/// A private directory for one run's copy: under `XDG_RUNTIME_DIR` (memory, on most systems)
/// when set, else the temporary directory; 0700 from the start.
fn private_root() -> Result<PathBuf, Failure> {
    let base = std::env::var_os("XDG_RUNTIME_DIR")
        .filter(|dir| !dir.is_empty() && Path::new(dir).is_dir())
        .map(PathBuf::from)
        .unwrap_or_else(std::env::temp_dir);
    let root = base.join(format!("cvpn-{}", uuid::Uuid::new_v4()));
    crate::private_files::private_dir(&root).map_err(|error| Failure::other(format!("{}: {error}", root.display())))?;
    Ok(root)
}

/// Refuses a secret cvpn did not make for `vpn`: only what is tagged as the VPN's is used.
pub fn check_ours(facts: &crate::aws::secrets::SecretFacts, vpn: &str) -> Result<(), Failure> {
    let name = secret_name(vpn);
    let tagged = facts.tags.iter().any(|(key, value)| key == crate::provision::VPN_TAG && value == vpn);
    if !tagged {
        let found = match facts.tags.iter().find(|(key, _)| key == crate::provision::VPN_TAG) {
            Some((_, other)) => format!("is tagged {}={other}", crate::provision::VPN_TAG),
            None => format!("has no {} tag", crate::provision::VPN_TAG),
        };
        return Err(Failure::usage(format!(
            "the secret {name} ({}) {found}: it is not the PKI cvpn keeps for {vpn}, and cvpn neither reads nor \
             replaces it. Nothing was changed.",
            facts.arn
        )));
    }
    if facts.deleted {
        return Err(Failure::usage(format!(
            "the secret {name} is scheduled for deletion (`cvpn down {vpn} --purge`); `aws secretsmanager \
             restore-secret --secret-id {name}` brings it back. Nothing was changed."
        )));
    }
    Ok(())
}

/// Adds what the store needs to a failure of Secrets Manager: which secret, which permission.
fn explained(failure: Failure, vpn: &str) -> Failure {
    if crate::aws::secrets::is(&failure, "AccessDeniedException") {
        let name = secret_name(vpn);
        return failure.with_hint(format!(
            "The PKI of {vpn} is kept in the secret {name}: the identity needs secretsmanager:DescribeSecret, \
             GetSecretValue, PutSecretValue and UpdateSecretVersionStage on it (CreateSecret and TagResource to make \
             it), and kms:Decrypt and kms:GenerateDataKey on a customer key. README: Working as a team."
        ));
    }
    failure
}

/// Reads the VPN's PKI out of the store into a private directory, before the command runs.
pub async fn check_out(connection: &crate::aws::Connection, vpn: &str, how: &Use) -> Result<Checkout, Failure> {
    let name = secret_name(vpn);
    let facts = crate::aws::secrets::describe(connection, &name).await.map_err(|failure| explained(failure, vpn))?;
    let base = match &facts {
        Some(facts) => {
            check_ours(facts, vpn)?;
            let value =
                crate::aws::secrets::read(connection, &name, None).await.map_err(|failure| explained(failure, vpn))?;
            let document = PkiDocument::from_json(&value.text, vpn)
                .map_err(|problem| Failure::other(format!("the secret {name} {problem}; nothing was changed")))?;
            Some((value.version_id, document))
        }
        None if matches!(how, Use::Change) => {
            return Err(Failure::usage(format!(
                "there is no secret {name} in {}: `cvpn pki push {vpn}` moves a local PKI into the store, and \
                 `cvpn up {vpn} --pki-store secretsmanager` makes a VPN with its PKI there. Nothing was changed.",
                connection.region()
            )));
        }
        None => None,
    };
    let root = private_root()?;
    let dir = root.join(vpn);
    let checkout = Checkout { vpn: vpn.to_owned(), how: how.clone(), root, dir, base };
    if let Some((_, document)) = &checkout.base {
        document
            .to_dir(&checkout.dir)
            .map_err(|error| Failure::other(format!("{}: {error}", checkout.dir.display())))?;
    }
    Ok(checkout)
}

/// What became of the run's changes.
#[derive(Debug, PartialEq, Eq)]
pub enum CheckedIn {
    Unchanged,
    Created,
    /// Written; `merged` other runs' writes that came in between.
    Written {
        merged: u32,
    },
    Deleted,
}

/// Writes what the run changed back to the store (also after a failed run: a key it made is
/// never lost), then removes the private copy.
pub async fn check_in(connection: &crate::aws::Connection, checkout: &Checkout) -> Result<CheckedIn, Failure> {
    let vpn = &checkout.vpn;
    let name = secret_name(vpn);
    let local = |error: std::io::Error| Failure::other(format!("{}: {error}", checkout.dir.display()));
    let ours = PkiDocument::from_dir(&checkout.dir, vpn).map_err(local)?;
    if let Use::Remove { purge: true } = checkout.how
        && checkout.base.is_some()
        && !checkout.dir.join("ca.key").exists()
    {
        crate::aws::secrets::delete(connection, &name, RECOVERY_DAYS)
            .await
            .map_err(|failure| explained(failure, vpn))?;
        crate::output::printer::note(&format!(
            "Scheduled the secret {name} for deletion in {RECOVERY_DAYS} days (`aws secretsmanager restore-secret \
             --secret-id {name}` brings it back until then)"
        ));
        return Ok(CheckedIn::Deleted);
    }
    match &checkout.base {
        None if ours.files.is_empty() => Ok(CheckedIn::Unchanged),
        None => create(connection, checkout, ours).await,
        Some((_, document)) if *document == ours => Ok(CheckedIn::Unchanged),
        Some((version, document)) => write(connection, checkout, version.clone(), document.clone(), ours).await,
    }
}

async fn create(
    connection: &crate::aws::Connection,
    checkout: &Checkout,
    mut ours: PkiDocument,
) -> Result<CheckedIn, Failure> {
    let vpn = &checkout.vpn;
    let name = secret_name(vpn);
    let text = fitted(&mut ours)?;
    let kms_key_id = match &checkout.how {
        Use::Make { kms_key_id } => kms_key_id.as_deref(),
        _ => None,
    };
    let token = uuid::Uuid::new_v4().to_string();
    let tags = [(crate::provision::VPN_TAG, vpn.as_str())];
    match crate::aws::secrets::create(connection, &name, &text, &token, kms_key_id, &tags).await {
        Ok(_) => {
            crate::output::printer::note(&format!("Stored {vpn}'s PKI in the secret {name}"));
            Ok(CheckedIn::Created)
        }
        // Another run made it first: join its version as any other writer's.
        Err(failure) if crate::aws::secrets::is(&failure, "ResourceExistsException") => {
            let facts = crate::aws::secrets::describe(connection, &name).await?.ok_or(failure)?;
            check_ours(&facts, vpn)?;
            let theirs = crate::aws::secrets::read(connection, &name, None).await?;
            let empty = PkiDocument {
                format: crate::pki::secret_document::FORMAT,
                vpn: vpn.clone(),
                files: Default::default(),
            };
            let merged = merge_with(connection, checkout, &empty, &ours, &theirs).await?;
            let base = theirs_document(&theirs, vpn)?;
            write(connection, checkout, theirs.version_id, base, merged).await
        }
        Err(failure) => Err(explained(failure, vpn)),
    }
}

/// The secret's value of `document`, with room made when it would not fit (the expired client
/// certificates go, and a note names them).
fn fitted(document: &mut PkiDocument) -> Result<String, Failure> {
    // Serialised once when it fits, as nearly every write does.
    if let Ok(text) = document.to_json() {
        return Ok(text);
    }
    let gone = document.make_room(time::OffsetDateTime::now_utc().unix_timestamp());
    if !gone.is_empty() {
        crate::output::printer::note(&format!(
            "{} holds at most {} bytes: left out {} expired client certificates ({})",
            secret_name(&document.vpn),
            crate::pki::secret_document::SECRET_BYTES,
            gone.len(),
            gone.join(", ")
        ));
    }
    document.to_json().map_err(Failure::other)
}

fn theirs_document(value: &crate::aws::secrets::SecretValue, vpn: &str) -> Result<PkiDocument, Failure> {
    PkiDocument::from_json(&value.text, vpn)
        .map_err(|problem| Failure::other(format!("the secret {} {problem}", secret_name(vpn))))
}

/// Writes `ours` (made from `base`, read as version `read`) as the current version, merging
/// other runs' versions that came in between.
async fn write(
    connection: &crate::aws::Connection,
    checkout: &Checkout,
    mut read: String,
    mut base: PkiDocument,
    mut ours: PkiDocument,
) -> Result<CheckedIn, Failure> {
    let vpn = &checkout.vpn;
    let name = secret_name(vpn);
    for attempt in 0..WRITE_ATTEMPTS {
        let text = fitted(&mut ours)?;
        let token = uuid::Uuid::new_v4().to_string();
        crate::aws::secrets::write_pending(connection, &name, &text, &token)
            .await
            .map_err(|failure| explained(failure, vpn))?;
        if crate::aws::secrets::make_current(connection, &name, &token, &read)
            .await
            .map_err(|failure| explained(failure, vpn))?
        {
            return Ok(CheckedIn::Written { merged: attempt });
        }
        let theirs = crate::aws::secrets::read(connection, &name, None).await?;
        let merged = merge_with(connection, checkout, &base, &ours, &theirs).await.map_err(|failure| {
            failure.with_hint(format!(
                "This run's PKI is kept as version {token} of {name} (labelled {}); the current version is {}.",
                crate::aws::secrets::PENDING_STAGE,
                theirs.version_id
            ))
        })?;
        base = theirs_document(&theirs, vpn)?;
        read = theirs.version_id;
        ours = merged;
    }
    Err(Failure::other(format!(
        "{name}: other runs wrote {WRITE_ATTEMPTS} times while this one tried to; this run's changes are kept as a \
         version labelled {} of {name}: run the command again",
        crate::aws::secrets::PENDING_STAGE
    )))
}

/// `ours` and `theirs` (both made from `base`) joined; when the endpoint may hold a revocation
/// list that lacks a revocation of either (a side imported its own list), a list naming every
/// revocation is signed and imported, and the joined document records it.
async fn merge_with(
    connection: &crate::aws::Connection,
    checkout: &Checkout,
    base: &PkiDocument,
    ours: &PkiDocument,
    theirs: &crate::aws::secrets::SecretValue,
) -> Result<PkiDocument, Failure> {
    let vpn = &checkout.vpn;
    let theirs = theirs_document(theirs, vpn)?;
    let merged = crate::pki::secret_document::merge(base, ours, &theirs).map_err(|conflict| {
        Failure::other(format!("{}: {}, here and by another run at the same time", secret_name(vpn), conflict.0))
    })?;
    let we_imported = ours.list() != base.list();
    let document = merged.document;
    if !(merged.needs_new_list || (we_imported && document.list() != ours.list())) {
        return Ok(document);
    }
    with_a_list_of_every_revocation(connection, checkout, document).await
}

/// `document` on the run's copy, with a revocation list naming every revocation it records
/// signed and imported into the VPN's endpoint (the list either side imported lacks the
/// other's): what the copy then holds.
pub async fn with_a_list_of_every_revocation(
    connection: &crate::aws::Connection,
    checkout: &Checkout,
    document: PkiDocument,
) -> Result<PkiDocument, Failure> {
    let vpn = &checkout.vpn;
    let dir = &checkout.dir;
    let local = |error: std::io::Error| Failure::other(format!("{}: {error}", dir.display()));
    document.to_dir(dir).map_err(local)?;
    let pki = crate::pki::store::VpnPki::open(dir.clone(), vpn).map_err(|error| Failure::other(error.0))?;
    let ca = pki
        .existing_ca()
        .map_err(|error| Failure::other(error.0))?
        .ok_or_else(|| Failure::other(format!("{}: the joined PKI has no CA", secret_name(vpn))))?;
    let mut revoked = pki.revocations().map_err(|error| Failure::other(error.0))?;
    let unchanged = "The joined PKI is not stored yet; run the command again.";
    let endpoint = crate::aws::vpn::the_endpoint_named(connection, vpn, unchanged).await?;
    let id = crate::aws::vpn::text(&endpoint, "ClientVpnEndpointId").to_owned();
    let days = crate::pki::revocation::CRL_DAYS;
    crate::commands::vpn::import_revocation_list(connection, &id, &pki, &ca, days, &mut revoked).await?;
    PkiDocument::from_dir(dir, vpn).map_err(local)
}

/// Checks `target`'s names, then reads its PKI out of the store into a private copy, before the
/// command runs on it.
pub fn open(global: &GlobalArgs, target: &Target) -> Result<(crate::aws::Connection, Checkout), Failure> {
    if target.pki_dir_given {
        return Err(Failure::usage(
            "--pki-dir names a local directory, and --pki-store secretsmanager keeps the PKI in Secrets Manager: \
             give one of them (`cvpn pki pull` makes a local copy). Nothing was sent.",
        ));
    }
    let mut problems: Vec<String> = crate::provision::check_vpn_name(&target.vpn).err().into_iter().collect();
    for user in &target.users {
        if let Err(problem) = crate::pki::store::check_user(user) {
            problems.push(format!("USER: {problem}"));
        }
    }
    if !problems.is_empty() {
        return Err(Failure::usage(format!("{}\nNothing was sent.", problems.join("\n"))));
    }
    let settings = global.session_settings();
    let open = async {
        let connection = crate::aws::Connection::open(&settings, global.debug).await?;
        let checkout = check_out(&connection, &target.vpn, &target.how).await?;
        Ok((connection, checkout))
    };
    crate::runtime::run_async(open, || Failure::interrupted("Interrupted; nothing was changed."))
}

/// After the command's run (`outcome`): writes what it changed back to the store, a failed run's
/// changes too, and removes the private copy.
pub fn close(
    connection: &crate::aws::Connection,
    checkout: Checkout,
    outcome: Result<u8, Failure>,
) -> Result<u8, Failure> {
    let vpn = checkout.vpn.clone();
    let stored = crate::runtime::run_async(check_in(connection, &checkout), || {
        Failure::interrupted(format!(
            "Interrupted while storing {vpn}'s PKI; `cvpn pki status {vpn} --pki-store secretsmanager` shows what \
             the store holds."
        ))
    });
    let store_failure = match stored {
        Ok(_) => return outcome,
        Err(failure) => failure,
    };
    // Nothing of the run is lost: its copy stays for `cvpn pki push`.
    let kept = checkout.keep();
    let hint = format!(
        "What this run changed is kept in {} (0700): `cvpn pki push {vpn} --pki-dir {}` stores it.",
        kept.display(),
        kept.display()
    );
    Err(match outcome {
        Err(failure) => failure
            .with_hint(format!("Storing what the run changed failed too: {}", store_failure.message))
            .with_hint(hint),
        Ok(_) => store_failure.with_hint(hint),
    })
}

/// The store the profile's `cvpn_pki_store` names, when the AWS config file mentions one: read
/// only then, so that a command that never asks sees no change.
pub fn profile_store(global: &GlobalArgs) -> Result<Option<PkiStore>, Failure> {
    let config = std::env::var_os("AWS_CONFIG_FILE")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".aws/config")));
    let mentioned = config
        .and_then(|path| crate::bounded_file::read_text(&path, 1 << 20).ok())
        .is_some_and(|text| text.contains("cvpn_pki_store"));
    if !mentioned {
        return Ok(None);
    }
    let settings = global.session_settings();
    let connection = crate::runtime::run_async(crate::aws::Connection::open(&settings, global.debug), || {
        Failure::interrupted("Interrupted; nothing was changed.")
    })?;
    connection.profile_pki_store().map(|value| parse_store(value, "the profile's cvpn_pki_store")).transpose()
}
