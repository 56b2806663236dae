//! `cvpn user revoke NAME USER`: USER's certificate recorded as revoked, a revocation list naming
//! every revoked certificate signed by the VPN's CA and imported into the endpoint (an import
//! replaces the list the endpoint holds), and USER's active connections terminated. Revoking a
//! user who is revoked already, or who has no certificate, says so and sends nothing.

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
    /// The user whose certificate is revoked.
    #[arg(value_name = "USER")]
    pub user: String,
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
    let (pki, ca) = super::vpn_with_ca(&args.name, Some(&args.user), args.pki_dir.as_deref())?;
    let Some((serial, mut revoked)) = record(&pki, args)? else { return Ok(0) };
    if let Some(url) = &global.endpoint_url {
        crate::aws::session::check_endpoint_url(url)?;
    }
    crate::runtime::run_async(
        async {
            let unchanged = "The revocation is recorded; the next `cvpn user revoke` imports it.";
            let (connection, id) = super::endpoint_named(global, &mut printing, &args.name, unchanged).await?;
            import_list(&connection, &id, &pki, &ca, &args.name, &mut revoked).await?;
            let terminated = end_connections(&connection, &id, &args.user).await?;
            let summary = json!({
                "Name": args.name,
                "User": args.user,
                "Serial": serial,
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

/// Step 1, before anything is sent: the user's serial recorded as revoked, so that a run cut
/// short imports it next time. `None` when there is nothing to do (said so).
#[cfg(feature = "aws")]
fn record(
    pki: &crate::pki::store::VpnPki,
    args: &UserRevokeArgs,
) -> Result<Option<(String, Vec<crate::pki::revocation::Revoked>)>, Failure> {
    use crate::output::printer;
    use crate::pki::revocation::{Revoked, serial_of};

    let mut revoked = pki.revocations().map_err(local)?;
    let Some(certificate) = pki.client_certificate(&args.user).map_err(local)? else {
        printer::note(&format!("{} has no certificate in {}: nothing to revoke, nothing sent.", args.user, args.name));
        return Ok(None);
    };
    let serial = serial_of(&certificate).map_err(local)?;
    match revoked.iter().find(|entry| entry.serial == serial) {
        Some(entry) if entry.imported => {
            printer::note(&format!(
                "{}'s certificate (serial {serial}) is revoked already; nothing sent. `cvpn user add {} {} --renew` issues a new one.",
                args.user, args.name, args.user
            ));
            return Ok(None);
        }
        Some(_) => {}
        None => {
            let now = time::OffsetDateTime::now_utc().unix_timestamp();
            revoked.push(Revoked { user: args.user.clone(), serial: serial.clone(), revoked_at: now, imported: false });
            pki.save_revocations(&revoked).map_err(local)?;
        }
    }
    Ok(Some((serial, revoked)))
}

/// Step 2: a list of every revoked serial, signed by the VPN's CA, imported into the endpoint
/// (an import replaces the list it holds); the record then says so.
#[cfg(feature = "aws")]
async fn import_list(
    connection: &crate::aws::Connection,
    id: &str,
    pki: &crate::pki::store::VpnPki,
    ca: &crate::pki::Identity,
    name: &str,
    revoked: &mut [crate::pki::revocation::Revoked],
) -> Result<(), Failure> {
    use crate::api::operations::IMPORT_CLIENT_VPN_CLIENT_CERTIFICATE_REVOCATION_LIST;

    let now = time::OffsetDateTime::now_utc();
    let list = crate::pki::revocation::revocation_list(ca, name, revoked, now, now.unix_timestamp().unsigned_abs())
        .map_err(local)?;
    let request = serde_json::json!({"ClientVpnEndpointId": id, "CertificateRevocationList": list});
    crate::aws::vpn::change(&IMPORT_CLIENT_VPN_CLIENT_CERTIFICATE_REVOCATION_LIST, connection, request, &[]).await?;
    for entry in revoked.iter_mut() {
        entry.imported = true;
    }
    pki.save_revocations(revoked).map_err(local)?;
    crate::output::printer::note(&format!("Imported a revocation list of {} certificate(s) into {id}", revoked.len()));
    Ok(())
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
