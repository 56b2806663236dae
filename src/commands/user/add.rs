//! `cvpn user add NAME USER`: a client certificate for USER from the CA `cvpn up NAME` made
//! (RSA 2048, CN=USER, clientAuth), and the endpoint's configuration with it embedded, written
//! to NAME-USER.ovpn (mode 0600). A user who has a certificate keeps it unless `--renew`, which
//! sets the old pair aside (never overwritten) and issues a new one.

use std::path::PathBuf;

use clap::Args;

use crate::failure::Failure;

/// The arguments of `cvpn user add`.
#[derive(Debug, Args)]
pub struct UserAddArgs {
    /// The VPN, as given to `cvpn up`.
    #[arg(value_name = "NAME")]
    pub name: String,
    /// The user: the certificate's CN (letters, digits, '.', '-', '_', '@'; at most 64).
    #[arg(value_name = "USER")]
    pub user: String,
    /// Days the certificate is valid.
    #[arg(long, value_name = "N", default_value_t = crate::pki::CLIENT_DAYS, value_parser = clap::value_parser!(i64).range(1..=3650))]
    pub days: i64,
    /// Issue a new certificate for a user who has one (the old pair is kept beside it).
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

/// What is checked before anything is sent or made: the names, the CA, the user's certificate,
/// the file.
#[cfg_attr(not(feature = "aws"), allow(dead_code))]
struct Checked {
    pki: crate::pki::store::VpnPki,
    ca: crate::pki::Identity,
    config_out: PathBuf,
    /// Held for the run: one cvpn run at a time changes the VPN.
    _lock: crate::private_files::DirectoryLock,
}

#[cfg_attr(not(feature = "aws"), allow(dead_code))]
fn check(args: &UserAddArgs) -> Result<Checked, Failure> {
    let (pki, ca, lock) = crate::commands::vpn::vpn_with_ca(&args.name, Some(&args.user), args.pki_dir.as_deref())?;
    if pki.has_client(&args.user) && !args.renew {
        return Err(Failure::usage(format!(
            "{} has a certificate for {} already ({}); --renew issues a new one and keeps the old pair beside it",
            args.user,
            args.name,
            pki.dir.join(format!("clients/{}.crt", args.user)).display()
        )));
    }
    let config_out =
        args.config_out.clone().unwrap_or_else(|| PathBuf::from(format!("{}-{}.ovpn", args.name, args.user)));
    let whom = format!("VPN {}, user {}", args.name, args.user);
    crate::provision::configuration_file::check_replaceable(&config_out, &whom, args.force)
        .map_err(|problem| Failure::usage(format!("{problem}; nothing was sent.")))?;
    Ok(Checked { pki, ca, config_out, _lock: lock })
}

#[cfg(feature = "aws")]
pub fn run(global: &crate::cli::GlobalArgs, args: &UserAddArgs) -> Result<u8, Failure> {
    crate::output::printer::set_quiet(args.quiet);
    use serde_json::json;

    use crate::api::operations::EXPORT_CLIENT_VPN_CLIENT_CONFIGURATION;
    use crate::aws::vpn::change;
    use crate::output::printer;
    use crate::provision::configuration_file::Delivery;

    let mut printing = crate::commands::global_options::printing(global)?;
    let checked = check(args)?;
    crate::runtime::run_async(
        async {
            let (connection, id) =
                crate::commands::vpn::endpoint_named(global, &mut printing, &args.name, "No certificate was issued.")
                    .await?;
            let request = json!({"ClientVpnEndpointId": id});
            let exported = change(&EXPORT_CLIENT_VPN_CLIENT_CONFIGURATION, &connection, request, &[]).await?;
            let exported = exported.unwrap_or_default();
            Delivery::configuration_of(&exported)?;
            // The certificate is made once the endpoint answered, so a refusal leaves nothing behind.
            let pki = &checked.pki;
            let set_aside = if args.renew { pki.set_aside_client(&args.user) } else { Ok(Vec::new()) }
                .map_err(|error| Failure::other(error.0))?;
            let client = pki
                .client_for_days(&checked.ca, &args.user, args.days)
                .map_err(|error| Failure::other(error.0))?
                .identity;
            let identity = (client.certificate_pem, client.key_pem);
            for old in &set_aside {
                printer::note(&format!("Kept the old {}", old.display()));
            }
            let whom = format!("VPN {}, user {}", args.name, args.user);
            Delivery::marked(checked.config_out.clone(), &whom, identity).deliver(&exported)?;
            let summary = json!({
                "Name": args.name,
                "User": args.user,
                "ClientVpnEndpointId": id,
                "ConfigurationFile": checked.config_out.display().to_string(),
                "Certificate": pki.dir.join(format!("clients/{}.crt", args.user)).display().to_string(),
                "Days": args.days,
                "Renewed": args.renew && !set_aside.is_empty(),
            });
            printer::result(&crate::output::render(&summary, "user add", &printing.options)?);
            Ok(0)
        },
        || Failure::interrupted("Interrupted; run the same command again."),
    )
}
