//! `cvpn user revoke NAME USER`: every certificate cvpn issued USER (the current one and those a
//! renewal set aside, which connect until they are revoked), or the one `--serial` names,
//! recorded as revoked; a revocation list naming every revoked certificate signed by the VPN's CA
//! and imported into the endpoint (an import replaces the list the endpoint holds), and USER's
//! active connections terminated. Revoking a user who is revoked already, or who has no
//! certificate, says so and sends nothing.

use std::path::PathBuf;

use clap::Args;

#[cfg(feature = "aws")]
use crate::failure::Failure;

/// The arguments of `cvpn user revoke`.
#[derive(Debug, Args)]
pub struct UserRevokeArgs {
    /// The VPN, as given to `cvpn up`.
    #[arg(value_name = "NAME")]
    pub name: String,
    /// The user whose certificates are revoked: every one cvpn issued them, renewed ones too.
    #[arg(value_name = "USER")]
    pub user: String,
    /// Revoke only the user's certificate with this serial (hexadecimal, as `cvpn user list` shows it).
    #[arg(long, value_name = "HEX")]
    pub serial: Option<String>,
    /// Days the revocation list is valid: once it expires the endpoint admits no one, so it is long.
    #[arg(long, value_name = "N", default_value_t = crate::pki::revocation::CRL_DAYS, value_parser = clap::value_parser!(i64).range(1..=36500))]
    pub crl_days: i64,
    /// Where the VPN's certificates live, if not the default (see `cvpn up --pki-dir`).
    #[arg(long, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub pki_dir: Option<PathBuf>,
    /// No notes on stderr (warnings and failures still print).
    #[arg(short, long)]
    pub quiet: bool,
}

#[cfg(feature = "aws")]
pub fn run(global: &crate::cli::GlobalArgs, args: &UserRevokeArgs) -> Result<u8, Failure> {
    use serde_json::json;

    crate::output::printer::set_quiet(args.quiet);
    let mut printing = crate::commands::global_options::printing(global)?;
    let (pki, ca, _lock) = crate::commands::vpn::vpn_with_ca(&args.name, Some(&args.user), args.pki_dir.as_deref())?;
    let Some(Recorded { serials, mut revoked }) = record(&pki, args)? else { return Ok(0) };
    crate::runtime::run_async(
        async {
            let unchanged = "The revocation is recorded; the next `cvpn user revoke` imports it.";
            let (connection, id) =
                crate::commands::vpn::endpoint_named(global, &mut printing, &args.name, unchanged).await?;
            crate::commands::vpn::import_revocation_list(&connection, &id, &pki, &ca, args.crl_days, &mut revoked)
                .await?;
            let terminated = end_connections(&connection, &id, &args.user).await?;
            let summary = json!({
                "Name": args.name,
                "User": args.user,
                "Serial": serials[0],
                "Serials": serials,
                "ClientVpnEndpointId": id,
                "RevokedCertificates": revoked.len(),
                "TerminatedConnections": terminated,
            });
            crate::output::printer::result(&crate::output::render(&summary, "user revoke", &printing.options)?);
            Ok(0)
        },
        || Failure::interrupted("Interrupted; the revocation is recorded: run the same command again to import it."),
    )
}

#[cfg(feature = "aws")]
fn local(error: crate::pki::PkiError) -> Failure {
    Failure::other(error.0)
}

/// What step 1 recorded: the serials revoked now (the current certificate's first), and the
/// whole record of the VPN's revocations.
#[cfg(feature = "aws")]
struct Recorded {
    serials: Vec<String>,
    revoked: Vec<crate::pki::revocation::Revoked>,
}

/// Step 1, before anything is sent: the serials of the user's certificates (the current one
/// first), recorded as revoked so that a run cut short imports them next time. `None` when there
/// is nothing to do (said so).
#[cfg(feature = "aws")]
fn record(pki: &crate::pki::store::VpnPki, args: &UserRevokeArgs) -> Result<Option<Recorded>, Failure> {
    use crate::output::printer;
    use crate::pki::revocation::Revoked;

    let mut revoked = pki.revocations().map_err(local)?;
    let issued: Vec<_> = pki.issued().map_err(local)?.into_iter().filter(|c| c.user == args.user).collect();
    if issued.is_empty() {
        printer::note(&format!("{} has no certificate in {}: nothing to revoke, nothing sent.", args.user, args.name));
        return Ok(None);
    }
    let serials: Vec<String> = match &args.serial {
        None => issued.iter().map(|certificate| certificate.serial.clone()).collect(),
        Some(given) => {
            let wanted = given.to_ascii_lowercase().replace(':', "");
            if !issued.iter().any(|certificate| certificate.serial == wanted) {
                let known: Vec<&str> = issued.iter().map(|certificate| certificate.serial.as_str()).collect();
                return Err(Failure::usage(format!(
                    "--serial {given}: is not one of {}'s certificates in {} ({}); nothing was sent",
                    args.user,
                    args.name,
                    known.join(", ")
                )));
            }
            vec![wanted]
        }
    };
    let imported = |serial: &String| revoked.iter().any(|entry| entry.serial == *serial && entry.imported);
    if serials.iter().all(imported) {
        let said = match serials.as_slice() {
            [one] => format!("{}'s certificate (serial {one}) is revoked already", args.user),
            many => {
                format!("{}'s {} certificates (serials {}) are revoked already", args.user, many.len(), many.join(", "))
            }
        };
        printer::note(&format!(
            "{said}; nothing sent. `cvpn user add {} {} --renew` issues a new one.",
            args.name, args.user
        ));
        return Ok(None);
    }
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let new: Vec<Revoked> = serials
        .iter()
        .filter(|serial| !revoked.iter().any(|entry| entry.serial == **serial))
        .map(|serial| Revoked { user: args.user.clone(), serial: serial.clone(), revoked_at: now, imported: false })
        .collect();
    if !new.is_empty() {
        revoked.extend(new);
        pki.save_revocations(&revoked).map_err(local)?;
    }
    Ok(Some(Recorded { serials, revoked }))
}

/// Step 3: the import resets connections; any still active with the user's name is ended. The
/// IDs of those ended.
#[cfg(feature = "aws")]
async fn end_connections(connection: &crate::aws::Connection, id: &str, user: &str) -> Result<Vec<String>, Failure> {
    use crate::api::operations::{DESCRIBE_CLIENT_VPN_CONNECTIONS, TERMINATE_CLIENT_VPN_CONNECTIONS};
    use crate::aws::vpn::{change, of_endpoint, state, text};

    let sessions = of_endpoint(&DESCRIBE_CLIENT_VPN_CONNECTIONS, connection, id).await?;
    let mut terminated = Vec::new();
    for session in sessions.iter().filter(|session| text(session, "CommonName") == user && state(session) == "active") {
        let connection_id = text(session, "ConnectionId");
        let request = serde_json::json!({"ClientVpnEndpointId": id, "ConnectionId": connection_id});
        change(&TERMINATE_CLIENT_VPN_CONNECTIONS, connection, request, &["InvalidClientVpnConnection.IdNotFound"])
            .await?;
        terminated.push(connection_id.to_owned());
    }
    Ok(terminated)
}
