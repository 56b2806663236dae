//! What the commands that work on one VPN share (`user …`, `pki status`, `pki renew`): its
//! directory, locked for the run, with its CA; its endpoint, found by name on a new connection;
//! and the revocation list signed and imported.

use crate::failure::Failure;

/// The VPN's directory, locked for this run, and its CA, after the names are checked; a VPN
/// without a CA is refused.
#[cfg_attr(not(feature = "aws"), allow(dead_code))]
pub fn vpn_with_ca(
    name: &str,
    user: Option<&str>,
    pki_dir: Option<&std::path::Path>,
) -> Result<(crate::pki::store::VpnPki, crate::pki::Identity, crate::private_files::DirectoryLock), Failure> {
    let mut problems = Vec::new();
    if let Err(problem) = crate::provision::check_vpn_name(name) {
        problems.push(problem);
    }
    if let Some(Err(problem)) = user.map(crate::pki::store::check_user) {
        problems.push(format!("USER: {problem}"));
    }
    if !problems.is_empty() {
        return Err(Failure::usage(format!("{}\nNothing was sent.", problems.join("\n"))));
    }
    let dir = crate::provision::vpn_dir(pki_dir, name).map_err(Failure::usage)?;
    if !dir.join("ca.key").exists() {
        return Err(Failure::usage(format!(
            "{} has no CA for {name}: `cvpn up {name} --subnet-id …` makes one (or give --pki-dir)",
            dir.display()
        )));
    }
    let lock = crate::provision::lock_vpn(&dir, name, false)?
        .ok_or_else(|| Failure::usage(format!("{} is not a directory", dir.display())))?;
    crate::provision::check_vpn_keys(&dir)?;
    let pki = crate::pki::store::VpnPki::open(dir, name).map_err(|error| Failure::other(error.0))?;
    let ca = pki
        .existing_ca()
        .map_err(|error| Failure::other(error.0))?
        .ok_or_else(|| Failure::usage(format!("{} has no CA", pki.dir.display())))?;
    warn_of_expiry(&pki);
    Ok((pki, ca, lock))
}

/// NAME's endpoint, found by its Name tag on a new connection, and its ID; `unchanged` says what
/// a failure to find it leaves as it was.
#[cfg(feature = "aws")]
pub async fn endpoint_named(
    global: &crate::cli::GlobalArgs,
    printing: &mut crate::commands::global_options::Printing,
    name: &str,
    unchanged: &str,
) -> Result<(crate::aws::Connection, String), Failure> {
    let connection = crate::commands::global_options::connect(global, printing).await?;
    let endpoint = crate::aws::vpn::the_endpoint_named(&connection, name, unchanged).await?;
    let id = crate::aws::vpn::text(&endpoint, "ClientVpnEndpointId").to_owned();
    Ok((connection, id))
}

/// The revocation list endpoint `id` holds (ExportClientVpnClientCertificateRevocationList), read;
/// `None` when it holds none.
#[cfg(feature = "aws")]
pub async fn held_revocation_list(
    connection: &crate::aws::Connection,
    id: &str,
) -> Result<Option<crate::pki::status::HeldList>, Failure> {
    use crate::api::operations::EXPORT_CLIENT_VPN_CLIENT_CERTIFICATE_REVOCATION_LIST;
    let request = serde_json::json!({"ClientVpnEndpointId": id});
    let exported =
        crate::aws::vpn::change(&EXPORT_CLIENT_VPN_CLIENT_CERTIFICATE_REVOCATION_LIST, connection, request, &[])
            .await?
            .unwrap_or_default();
    let pem = crate::aws::vpn::text_of(&exported, "CertificateRevocationList");
    if pem.trim().is_empty() {
        return Ok(None);
    }
    crate::pki::status::HeldList::from_pem(pem).map(Some).map_err(|error| Failure::other(error.0))
}

/// A revocation list naming every serial in `revoked`, signed by the VPN's CA, valid `days`,
/// numbered after the last, imported into endpoint `id` (an import replaces the list it holds);
/// the record then says each serial is imported.
#[cfg(feature = "aws")]
pub async fn import_revocation_list(
    connection: &crate::aws::Connection,
    id: &str,
    pki: &crate::pki::store::VpnPki,
    ca: &crate::pki::Identity,
    days: i64,
    revoked: &mut [crate::pki::revocation::Revoked],
) -> Result<String, Failure> {
    use crate::api::operations::IMPORT_CLIENT_VPN_CLIENT_CERTIFICATE_REVOCATION_LIST;

    let local = |error: crate::pki::PkiError| Failure::other(error.0);
    let now = time::OffsetDateTime::now_utc();
    let number = pki.next_crl_number().map_err(local)?;
    let list = crate::pki::revocation::revocation_list(ca, &pki.vpn, revoked, now, days, number).map_err(local)?;
    let request = serde_json::json!({"ClientVpnEndpointId": id, "CertificateRevocationList": list});
    crate::aws::vpn::change(&IMPORT_CLIENT_VPN_CLIENT_CERTIFICATE_REVOCATION_LIST, connection, request, &[]).await?;
    pki.keep_list(&list).map_err(local)?;
    for entry in revoked.iter_mut() {
        entry.imported = true;
    }
    pki.save_revocations(revoked).map_err(local)?;
    crate::output::printer::note(&format!("Imported a revocation list of {} certificate(s) into {id}", revoked.len()));
    Ok(crate::pki::utc_timestamp((now + time::Duration::days(days)).unix_timestamp()).unwrap_or_default())
}

/// Warns on stderr when the VPN's CA, server certificate or the revocation list cvpn imported
/// last (as its directory holds them) expires within 30 days, naming the command that renews it:
/// nothing expires by surprise.
pub fn warn_of_expiry(pki: &crate::pki::store::VpnPki) {
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let days = crate::pki::revocation::EXPIRING_DAYS;
    let list = pki.kept_list().and_then(|pem| crate::pki::status::HeldList::from_pem(&pem).ok());
    if let Some(next) =
        list.and_then(|list| list.next_update).filter(|next| crate::pki::status::is_due(*next, now, days))
    {
        let when = crate::pki::utc_timestamp(next).unwrap_or_default();
        crate::output::printer::warning(&format!(
            "{}'s revocation list expires {when}, and then the endpoint admits no one: `cvpn pki renew {} --crl`.",
            pki.vpn, pki.vpn
        ));
    }
    for (file, what, fix) in [
        ("ca.crt", "CA", "a new CA means new certificates for everyone: plan `cvpn down` and `cvpn up`"),
        ("server.crt", "server certificate", "`cvpn pki renew` renews it"),
    ] {
        let Ok(Some(facts)) = pki.certificate(file) else { continue };
        if crate::pki::status::is_due(facts.not_after, now, days) {
            let when = crate::pki::utc_timestamp(facts.not_after).unwrap_or_default();
            let fix = fix.replace("`cvpn pki renew`", &format!("`cvpn pki renew {}`", pki.vpn));
            crate::output::printer::warning(&format!("{}'s {what} expires {when}: {fix}.", pki.vpn));
        }
    }
}
