//! `cvpn pki pull NAME`: a local copy of the VPN's PKI from the team store (the secret
//! `cvpn/NAME`), in the VPN's directory (0700, files 0600). A file already there is left alone
//! when it is the same, and the pull is refused, naming it, when it differs: nothing local is
//! ever overwritten.

use std::path::PathBuf;

use clap::Args;

pub const EXAMPLES: &str = "Examples:
  cvpn pki pull office                      # the secret cvpn/office into ~/.local/share/cvpn/office
  cvpn pki pull office --pki-dir ./office-pki
  cvpn pki push office                      # and back into the store";

/// The arguments of `cvpn pki pull`.
#[derive(Debug, Args)]
pub struct PkiPullArgs {
    /// The VPN, as given to `cvpn up`.
    #[arg(value_name = "NAME")]
    pub name: String,
    /// Where to write the copy, if not the default (see `cvpn up --pki-dir`).
    #[arg(long, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub pki_dir: Option<PathBuf>,
    /// No notes on stderr (warnings and failures still print).
    #[arg(short, long)]
    pub quiet: bool,
}

#[cfg(feature = "aws")]
pub fn run(global: &crate::cli::GlobalArgs, args: &PkiPullArgs) -> Result<u8, crate::failure::Failure> {
    use crate::commands::pki_store::{self, Target, Use};
    use crate::failure::Failure;

    crate::output::printer::set_quiet(args.quiet);
    let printing = crate::commands::global_options::printing(global)?;
    let dir = crate::provision::vpn_dir(args.pki_dir.as_deref(), &args.name).map_err(Failure::usage)?;
    let target = Target { vpn: args.name.clone(), users: Vec::new(), pki_dir_given: false, how: Use::Change };
    let (_connection, checkout) = pki_store::open(global, &target)?;
    let stored = checkout.stored().expect("Use::Change checks out an existing secret");
    let _lock = crate::provision::lock_vpn(&dir, &args.name, true)?;
    let local = |error: std::io::Error| Failure::other(format!("{}: {error}", dir.display()));
    let mut differing = Vec::new();
    let mut same = 0;
    for (path, text) in &stored.files {
        match std::fs::read_to_string(dir.join(path)) {
            Ok(there) if there == *text => same += 1,
            Ok(_) => differing.push(path.clone()),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            Err(error) => return Err(local(error)),
        }
    }
    if !differing.is_empty() {
        return Err(Failure::usage(format!(
            "{} already holds {} different from the store's: nothing was written (`cvpn pki push {}` joins a local \
             directory into the store; --pki-dir pulls elsewhere)",
            dir.display(),
            differing.join(", "),
            args.name
        )));
    }
    let mut written = 0;
    crate::private_files::private_dir(&dir.join("clients")).map_err(local)?;
    for (path, text) in &stored.files {
        let at = dir.join(path);
        if !at.exists() {
            crate::private_files::write_new(&at, text).map_err(local)?;
            written += 1;
        }
    }
    let summary = serde_json::json!({
        "Name": args.name,
        "PkiSecret": pki_store::secret_name(&args.name),
        "Directory": dir.display().to_string(),
        "Written": written,
        "AlreadyThere": same,
    });
    crate::output::printer::result(&crate::output::render(&summary, "pki pull", &printing.options)?);
    Ok(0)
}
