//! What the commands that work on one VPN share (`user …`, `pki status`, `pki renew`, `sleep`,
//! `wake`): its directory, locked for the run, with its CA; its endpoint, found by name on a new
//! connection; the revocation list signed and imported; the sleep record in its tags.

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

/// The endpoint's tags, as DescribeClientVpnEndpoints lists them.
pub fn endpoint_tags(endpoint: &serde_json::Value) -> Vec<(String, String)> {
    let tags = endpoint.get("Tags").and_then(serde_json::Value::as_array).map(Vec::as_slice).unwrap_or_default();
    let text = |tag: &serde_json::Value, name: &str| {
        tag.get(name).and_then(serde_json::Value::as_str).unwrap_or_default().to_owned()
    };
    tags.iter().map(|tag| (text(tag, "Key"), text(tag, "Value"))).collect()
}

/// What `cvpn sleep` recorded in the endpoint's tags, if it did; a record cvpn cannot read is
/// refused by the tag's name, never guessed at.
pub fn recorded_sleep(
    endpoint: &serde_json::Value,
) -> Result<Option<crate::provision::sleep_record::SleepRecord>, Failure> {
    let tags = endpoint_tags(endpoint);
    crate::provision::sleep_record::SleepRecord::from_tags(
        tags.iter().map(|(key, value)| (key.as_str(), value.as_str())),
    )
    .map_err(|problem| Failure::other(format!("{problem}; nothing was changed")))
}

/// Runs a workflow on the endpoint `vpn` names (`sleep`, `wake`): the connection, the endpoint,
/// the VPN's lock unless it only plans (`dry_run`), then `steps`, whose summary is printed in the
/// chosen format; a failure says what is done and how to resume.
#[cfg(feature = "aws")]
pub fn run_on_endpoint(
    global: &crate::cli::GlobalArgs,
    vpn: &crate::cli::VpnTarget,
    dry_run: bool,
    title: &str,
    steps: impl AsyncFnOnce(
        &crate::provision::journal::Journal,
        &crate::provision::endpoint_scope::EndpointScope<'_>,
        &serde_json::Value,
    ) -> Result<serde_json::Value, Failure>,
) -> Result<u8, Failure> {
    crate::output::printer::set_quiet(vpn.quiet);
    let mut printing = crate::commands::global_options::printing(global)?;
    crate::provision::journal::run_resumable(async |journal| {
        let (connection, endpoint, _lock) = vpn_at_work(global, &mut printing, vpn, dry_run).await?;
        let settings = vpn.waiting.settings();
        let id = crate::aws::vpn::text(&endpoint, "ClientVpnEndpointId").to_owned();
        let scope = crate::provision::endpoint_scope::EndpointScope { connection: &connection, id, waiting: &settings };
        let summary = steps(journal, &scope, &endpoint).await?;
        crate::output::printer::result(&crate::output::render(&summary, title, &printing.options)?);
        Ok(0)
    })
}

/// The connection, the endpoint a workflow was given, and (unless it only plans) the lock of
/// the VPN it is, when cvpn has its directory here.
#[cfg(feature = "aws")]
async fn vpn_at_work(
    global: &crate::cli::GlobalArgs,
    printing: &mut crate::commands::global_options::Printing,
    vpn: &crate::cli::VpnTarget,
    dry_run: bool,
) -> Result<(crate::aws::Connection, serde_json::Value, Option<crate::private_files::DirectoryLock>), Failure> {
    let connection = crate::commands::global_options::connect(global, printing).await?;
    let endpoint = crate::aws::vpn::the_endpoint(&connection, &vpn.target, "Nothing was changed.").await?;
    let lock = if dry_run { None } else { lock_for_endpoint(&endpoint, vpn.pki_dir.as_deref())? };
    Ok((connection, endpoint, lock))
}

/// The lock of the VPN the endpoint is (its `cvpn:vpn` tag), when cvpn has its directory here.
pub fn lock_for_endpoint(
    endpoint: &serde_json::Value,
    pki_dir: Option<&std::path::Path>,
) -> Result<Option<crate::private_files::DirectoryLock>, Failure> {
    let Some(vpn) = crate::doctor::tag(endpoint, crate::provision::VPN_TAG) else { return Ok(None) };
    if crate::provision::check_vpn_name(vpn).is_err() {
        return Ok(None);
    }
    let dir = crate::provision::vpn_dir(pki_dir, vpn).map_err(Failure::usage)?;
    crate::provision::lock_vpn(&dir, vpn, false)
}

/// What `sleep` prints: the endpoint, the record (what `wake` restores), what was disassociated
/// and how many connections that ended.
pub fn asleep_summary(
    id: &str,
    record: Option<&crate::provision::sleep_record::SleepRecord>,
    disassociated: &[serde_json::Value],
    connections_ended: usize,
) -> serde_json::Value {
    use serde_json::json;
    json!({
        "ClientVpnEndpointId": id,
        "Asleep": record.is_some(),
        "Since": record.map(|record| record.since.clone()),
        "Disassociated": disassociated.iter().map(|network| json!({
            "AssociationId": crate::doctor::text(network, "AssociationId"),
            "SubnetId": crate::doctor::text(network, "TargetNetworkId"),
        })).collect::<Vec<_>>(),
        "Recorded": record.map(recorded_json),
        "ConnectionsEnded": connections_ended,
    })
}

/// A record as JSON: the subnets, the VPC and groups, the routes.
pub fn recorded_json(record: &crate::provision::sleep_record::SleepRecord) -> serde_json::Value {
    use serde_json::json;
    json!({
        "Subnets": record.subnets,
        "VpcId": (!record.vpc.is_empty()).then_some(&record.vpc),
        "SecurityGroupIds": record.security_groups,
        "Routes": record.routes.iter().map(|route| json!({
            "DestinationCidr": route.destination,
            "TargetSubnet": route.subnet,
            "Description": route.description,
        })).collect::<Vec<_>>(),
    })
}
