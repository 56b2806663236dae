//! `cvpn user list NAME`: every user of the VPN with the serial and expiry of their certificate,
//! its state (valid, expiring within 30 days, expired, revoked) and whether they are connected
//! now (DescribeClientVpnConnections), and below each user the certificates a renewal set aside
//! that have not expired (`replaced`: they connect until revoked); a table for a person, JSON for
//! scripts.

use std::path::PathBuf;

use clap::Args;

/// The arguments of `cvpn user list`.
#[derive(Debug, Args)]
pub struct UserListArgs {
    /// The VPN, as given to `cvpn up`.
    #[arg(value_name = "NAME")]
    pub name: String,
    /// Where the VPN's certificates live, if not the default (see `cvpn up --pki-dir`).
    #[arg(long, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub pki_dir: Option<PathBuf>,
    /// No notes on stderr (warnings and failures still print).
    #[arg(short, long)]
    pub quiet: bool,
}

#[cfg(feature = "aws")]
pub fn run(global: &crate::cli::GlobalArgs, args: &UserListArgs) -> Result<u8, crate::failure::Failure> {
    crate::output::printer::set_quiet(args.quiet);
    use serde_json::json;

    use crate::api::operations::DESCRIBE_CLIENT_VPN_CONNECTIONS;
    use crate::aws::vpn::{of_endpoint, state, text};
    use crate::failure::Failure;
    use crate::pki::revocation::state_of;

    let local = |error: crate::pki::PkiError| Failure::other(error.0);
    let mut printing = crate::commands::global_options::printing(global)?;
    let (pki, _, _lock) = crate::commands::vpn::vpn_with_ca(&args.name, None, args.pki_dir.as_deref())?;
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let users: Vec<_> = pki
        .issued()
        .map_err(local)?
        .into_iter()
        .filter(|certificate| certificate.set_aside.is_none() || certificate.not_after > now)
        .collect();
    let revoked = pki.revocations().map_err(local)?;
    let connected: Vec<String> = crate::runtime::run_async(
        async {
            let (connection, id) = crate::commands::vpn::endpoint_named(global, &mut printing, &args.name, "").await?;
            let connections = of_endpoint(&DESCRIBE_CLIENT_VPN_CONNECTIONS, &connection, &id).await?;
            Ok(connections
                .iter()
                .filter(|connection| state(connection) == "active")
                .map(|connection| text(connection, "CommonName").to_owned())
                .collect())
        },
        || Failure::interrupted("Interrupted; listing changes nothing."),
    )?;
    let listed: Vec<serde_json::Value> = users
        .iter()
        .map(|user| {
            let not_after = crate::pki::utc_timestamp(user.not_after).unwrap_or_default();
            json!({
                "User": user.user,
                "Serial": user.serial,
                "NotAfter": not_after,
                "State": state_of(user, &revoked, now),
                "Connected": connected.contains(&user.user),
            })
        })
        .collect();
    let answer = json!({"Users": listed});
    let options = &printing.options;
    let text = if options.format == crate::output::format::OutputFormat::Table && options.query.is_none() {
        crate::output::users_table::render_users(
            &format!("Users of {}", args.name),
            &options.shown(answer),
            options.table,
        )
    } else {
        crate::output::render(&answer, "user list", options)?
    };
    crate::output::printer::result(&text);
    Ok(0)
}
