//! `cvpn pki push NAME`: moves a VPN's local directory into the team store (the secret
//! `cvpn/NAME`): made when there is none; joined with what is there otherwise (both sides'
//! users and revocations are kept; a file the two hold differently is a conflict that names it).
//! Once the store holds every file, the local keys and certificates are removed, unless
//! `--keep-local`.

use std::path::PathBuf;

use clap::Args;

pub const EXAMPLES: &str = "Examples:
  cvpn pki push office                      # ~/.local/share/cvpn/office into the secret cvpn/office
  cvpn pki push office --kms-key-id alias/vpn --keep-local
  cvpn pki pull office                      # and back: a local copy, 0700/0600";

/// The arguments of `cvpn pki push`.
#[derive(Debug, Args)]
pub struct PkiPushArgs {
    /// The VPN, as given to `cvpn up`.
    #[arg(value_name = "NAME")]
    pub name: String,
    /// The local directory to push, if not the default (see `cvpn up --pki-dir`).
    #[arg(long, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub pki_dir: Option<PathBuf>,
    /// The KMS key that encrypts a secret this makes (ID, ARN or alias); else the account's
    /// `aws/secretsmanager` key.
    #[arg(long, value_name = "KEY")]
    pub kms_key_id: Option<String>,
    /// Keep the local directory once the store holds it (by default its keys are removed).
    #[arg(long)]
    pub keep_local: bool,
    /// No notes on stderr (warnings and failures still print).
    #[arg(short, long)]
    pub quiet: bool,
}

#[cfg(feature = "aws")]
pub fn run(global: &crate::cli::GlobalArgs, args: &PkiPushArgs) -> Result<u8, crate::failure::Failure> {
    use crate::commands::pki_store::{self, Target, Use};
    use crate::failure::Failure;
    use crate::pki::secret_document::PkiDocument;

    crate::output::printer::set_quiet(args.quiet);
    let printing = crate::commands::global_options::printing(global)?;
    let dir = crate::provision::vpn_dir(args.pki_dir.as_deref(), &args.name).map_err(Failure::usage)?;
    crate::provision::check_vpn_name(&args.name)
        .map_err(|problem| Failure::usage(format!("{problem}. Nothing was sent.")))?;
    if !dir.join("ca.key").is_file() {
        return Err(Failure::usage(format!(
            "{} holds no PKI of {} (no ca.key): nothing to push. Nothing was sent.",
            dir.display(),
            args.name
        )));
    }
    let _lock = crate::provision::lock_vpn(&dir, &args.name, false)?;
    let local = |error: std::io::Error| Failure::other(format!("{}: {error}", dir.display()));
    let ours = PkiDocument::from_dir(&dir, &args.name).map_err(local)?;
    let how = Use::Make { kms_key_id: args.kms_key_id.clone() };
    let target = Target { vpn: args.name.clone(), users: Vec::new(), pki_dir_given: false, how };
    let (connection, checkout) = pki_store::open(global, &target)?;
    let secret = pki_store::secret_name(&args.name);
    let stored = crate::runtime::run_async(
        async {
            let joined = match checkout.stored() {
                None => ours.clone(),
                Some(theirs) => {
                    // What both sides hold alike is where they parted.
                    let mut base = ours.clone();
                    base.files.retain(|path, text| theirs.files.get(path) == Some(text));
                    let merged = crate::pki::secret_document::merge(&base, &ours, theirs).map_err(|conflict| {
                        Failure::other(format!(
                            "{secret} and {} differ: {}. Nothing was changed; `cvpn pki pull {} --pki-dir OTHER-DIR` \
                             shows what the store holds.",
                            dir.display(),
                            conflict.0,
                            args.name
                        ))
                    })?;
                    if merged.needs_new_list {
                        pki_store::with_a_list_of_every_revocation(&connection, &checkout, merged.document).await?
                    } else {
                        merged.document
                    }
                }
            };
            joined
                .to_dir(checkout.dir())
                .map_err(|error| Failure::other(format!("{}: {error}", checkout.dir().display())))?;
            let checked_in = pki_store::check_in(&connection, &checkout).await?;
            // Read back: the store must hold every local file before any is removed.
            let value = crate::aws::secrets::read(&connection, &secret, None).await?;
            let now = PkiDocument::from_json(&value.text, &args.name)
                .map_err(|problem| Failure::other(format!("{secret} {problem}")))?;
            let missing: Vec<&String> = ours.files.keys().filter(|path| !now.files.contains_key(*path)).collect();
            if !missing.is_empty() {
                return Err(Failure::other(format!(
                    "{secret} does not hold {:?} after the push; {} is left as it was",
                    missing,
                    dir.display()
                )));
            }
            Ok((checked_in, now.files.len()))
        },
        || Failure::interrupted(format!("Interrupted; {} is left as it was.", dir.display())),
    )?;
    let (checked_in, files) = stored;
    let removed = if args.keep_local {
        false
    } else {
        let left = crate::pki::store::remove_written(&dir).map_err(|error| Failure::other(error.0))?;
        if !left.is_empty() {
            let left: Vec<String> = left.iter().map(|path| path.display().to_string()).collect();
            crate::output::printer::note(&format!("Left what cvpn did not write: {}", left.join(", ")));
        }
        true
    };
    let summary = serde_json::json!({
        "Name": args.name,
        "PkiSecret": secret,
        "Files": files,
        "Created": checked_in == pki_store::CheckedIn::Created,
        "LocalRemoved": removed,
        "Directory": dir.display().to_string(),
    });
    crate::output::printer::result(&crate::output::render(&summary, "pki push", &printing.options)?);
    Ok(0)
}
