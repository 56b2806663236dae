//! What `user add` and `user sign` share: the flags of a certificate and its configuration file,
//! the checks made before anything is sent (the VPN's CA, a user who has a certificate already,
//! a file in the way), and the endpoint's configuration the certificate goes into.

use std::path::PathBuf;

use clap::Args;

use crate::failure::Failure;

/// The flags of an issued certificate and the configuration it is written into.
#[derive(Debug, Args)]
pub struct IssueArgs {
    /// Days the certificate is valid.
    #[arg(long, value_name = "N", default_value_t = crate::pki::CLIENT_DAYS, value_parser = clap::value_parser!(i64).range(1..=3650))]
    pub days: i64,
    /// Issue a new certificate for a user who has one (the old one is kept beside it).
    #[arg(long)]
    pub renew: bool,
    /// Write the configuration here (mode 0600). Default NAME-USER.ovpn.
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub config_out: Option<PathBuf>,
    /// Replace --config-out even when cvpn did not write it (a file cvpn wrote for this user is rewritten anyway).
    #[arg(long)]
    pub force: bool,
    /// Where the VPN's certificates live, if not the default (see `cvpn up --pki-dir`).
    #[arg(long, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub pki_dir: Option<PathBuf>,
    /// No notes on stderr (warnings and failures still print).
    #[arg(short, long)]
    pub quiet: bool,
}

/// Everything checked before anything is sent or made: the CA, the user, the file.
#[cfg_attr(not(feature = "aws"), allow(dead_code))]
pub struct Issuing {
    pub pki: crate::pki::store::VpnPki,
    pub ca: crate::pki::Identity,
    pub config_out: PathBuf,
    /// Who the configuration is for, as its first line says.
    pub whom: String,
    /// Held for the run: one cvpn run at a time changes the VPN.
    _lock: crate::private_files::DirectoryLock,
}

/// Checks that `vpn` has a CA, that `user` has no certificate unless `--renew`, and that the
/// configuration file may be written.
#[cfg_attr(not(feature = "aws"), allow(dead_code))]
pub fn check(vpn: &str, user: &str, args: &IssueArgs) -> Result<Issuing, Failure> {
    let (pki, ca, lock) = crate::commands::vpn::vpn_with_ca(vpn, Some(user), args.pki_dir.as_deref())?;
    if pki.has_client(user) && !args.renew {
        return Err(Failure::usage(format!(
            "{user} has a certificate for {vpn} already ({}); --renew issues a new one and keeps the old one beside it",
            pki.dir.join(format!("clients/{user}.crt")).display()
        )));
    }
    let config_out = args.config_out.clone().unwrap_or_else(|| PathBuf::from(format!("{vpn}-{user}.ovpn")));
    let whom = format!("VPN {vpn}, user {user}");
    crate::provision::configuration_file::check_replaceable(&config_out, &whom, args.force)
        .map_err(|problem| Failure::usage(format!("{problem}; nothing was sent.")))?;
    Ok(Issuing { pki, ca, config_out, whom, _lock: lock })
}

/// The endpoint of `vpn` and the configuration it exports, before anything is made: a refusal
/// leaves nothing behind. `untouched` ends the message of a failure (what was not done).
#[cfg(feature = "aws")]
pub async fn endpoint_configuration(
    global: &crate::cli::GlobalArgs,
    printing: &mut crate::commands::global_options::Printing,
    vpn: &str,
    untouched: &str,
) -> Result<(String, serde_json::Map<String, serde_json::Value>), Failure> {
    use crate::api::operations::EXPORT_CLIENT_VPN_CLIENT_CONFIGURATION;

    let (connection, id) = crate::commands::vpn::endpoint_named(global, printing, vpn, untouched).await?;
    let request = serde_json::json!({"ClientVpnEndpointId": id});
    let exported = crate::aws::vpn::change(&EXPORT_CLIENT_VPN_CLIENT_CONFIGURATION, &connection, request, &[])
        .await?
        .unwrap_or_default();
    crate::provision::configuration_file::Delivery::configuration_of(&exported)?;
    Ok((id, exported))
}
