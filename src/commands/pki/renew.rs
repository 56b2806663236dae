//! `cvpn pki renew NAME`: renews what is expired or due, so that nothing of the VPN expires by
//! surprise. A new server certificate (same CA, same domain) goes into the ACM ARN the endpoint
//! already uses (ImportCertificate with CertificateArn), so the endpoint, its DNS name and every
//! user's .ovpn keep working; the old pair stays beside the new. A revocation list that is due,
//! or that misses a serial cvpn recorded as revoked, is signed again and imported. Each step
//! finds what is done: a rerun after a failure finishes the job and renews nothing twice.

use std::path::PathBuf;

use clap::Args;

pub const EXAMPLES: &str = "Examples:
  cvpn pki renew office --dry-run      # what would be renewed
  cvpn pki renew office                # whatever `cvpn pki status office` says is due
  cvpn pki renew office --crl          # sign and import the revocation list now
AWS may take up to 24 hours to serve a renewed server certificate; until then it serves the old one.";

/// The arguments of `cvpn pki renew`.
#[derive(Debug, Args)]
pub struct PkiRenewArgs {
    /// The VPN, as given to `cvpn up`.
    #[arg(value_name = "NAME")]
    pub name: String,
    /// Renew the server certificate now, due or not.
    #[arg(long)]
    pub server: bool,
    /// Sign and import the revocation list now, due or not.
    #[arg(long)]
    pub crl: bool,
    /// Days before an expiry from which it is due.
    #[arg(long, value_name = "N", default_value_t = 30, value_parser = clap::value_parser!(i64).range(0..=3650))]
    pub warn_days: i64,
    /// Days a new revocation list is valid.
    #[arg(long, value_name = "N", default_value_t = crate::pki::revocation::CRL_DAYS, value_parser = clap::value_parser!(i64).range(1..=36500))]
    pub crl_days: i64,
    /// Say what would be renewed; change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Where the VPN's certificates live, if not the default (see `cvpn up --pki-dir`).
    #[arg(long, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub pki_dir: Option<PathBuf>,
    /// No progress on stderr (warnings and failures still print).
    #[arg(short, long)]
    pub quiet: bool,
}

/// What is due, decided from what the directory and AWS hold.
#[cfg(feature = "aws")]
#[derive(Debug, Default)]
struct Due {
    /// A new server certificate is made.
    server: bool,
    /// The server certificate on disk goes into the endpoint's ACM ARN (renewed now, or renewed by
    /// a run that stopped before its import).
    import: bool,
    crl: bool,
}

#[cfg(feature = "aws")]
impl Due {
    /// What was found due, in words.
    fn said(&self) -> String {
        let server = match (self.server, self.import) {
            (true, _) => "the server certificate is due",
            (false, true) => "the server certificate on disk is not the one in ACM yet",
            (false, false) => "the server certificate is not due",
        };
        let list = if self.crl { "the revocation list is due" } else { "the revocation list is not due" };
        format!("{server}; {list}")
    }
}

/// What is due. `disk`: the server certificate on disk, (serial, expiry).
#[cfg(feature = "aws")]
fn due(
    args: &PkiRenewArgs,
    disk: Option<&(String, i64)>,
    held: &super::status::HeldAtAws,
    revoked: &[crate::pki::revocation::Revoked],
    now: i64,
) -> Due {
    use crate::pki::status::is_due;
    let server = disk.is_some_and(|(_, not_after)| args.server || is_due(*not_after, now, args.warn_days));
    // ACM holds another certificate than the directory: a renewal stopped before its import.
    let differs = matches!((disk, &held.acm_serial), (Some((serial, _)), Some(in_acm)) if serial != in_acm);
    let import = server || differs;
    let crl = args.crl
        || match &held.list {
            None => !revoked.is_empty(),
            Some(list) => {
                list.next_update.is_some_and(|next| is_due(next, now, args.warn_days))
                    || revoked.iter().any(|entry| !list.serials.contains(&entry.serial))
            }
        };
    Due { server, import, crl }
}

#[cfg(feature = "aws")]
pub fn run(global: &crate::cli::GlobalArgs, args: &PkiRenewArgs) -> Result<u8, crate::failure::Failure> {
    use serde_json::json;

    use crate::failure::Failure;

    crate::output::printer::set_quiet(args.quiet);
    let local = |error: crate::pki::PkiError| Failure::other(error.0);
    let mut printing = crate::commands::global_options::printing(global)?;
    let (pki, ca, _lock) = crate::commands::vpn::vpn_with_ca(&args.name, None, args.pki_dir.as_deref())?;
    let mut revoked = pki.revocations().map_err(local)?;
    crate::provision::journal::run_resumable(async |journal| {
        let connection = crate::commands::global_options::connect(global, &mut printing).await?;
        journal.start(&format!("Finding what of {} is due", args.name));
        let held = super::status::held_at_aws(&connection, &args.name).await?;
        let Some(id) = held.endpoint.clone() else {
            return Err(Failure::usage(format!(
                "No endpoint is named {}; `cvpn up {} --subnet-id …` makes it. Nothing was renewed.",
                args.name, args.name
            )));
        };
        let disk = pki.certificate("server.crt").map_err(local)?.map(|server| (server.serial, server.not_after));
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let due = due(args, disk.as_ref(), &held, &revoked, now);
        journal.done(&due.said());
        let arn = held.acm.as_ref().map(|(arn, _, _)| arn.clone()).unwrap_or_default();
        if args.server && disk.is_none() {
            return Err(Failure::usage(format!(
                "{}'s server certificate was brought (--server-cert {arn}), not made by cvpn: renew it where it came \
                 from. Nothing was renewed.",
                args.name
            )));
        }
        let mut summary = json!({
            "Name": args.name,
            "ClientVpnEndpointId": id,
            "ServerCertificate": {"Renew": due.server, "ImportInto": if due.import { json!(arn) } else { json!(null) }},
            "RevocationList": {"Renew": due.crl},
        });
        if args.dry_run {
            summary["DryRun"] = json!(true);
            crate::output::printer::result(&crate::output::render(&summary, "pki renew", &printing.options)?);
            return Ok(0);
        }
        if due.import {
            renew_server(&connection, journal, &pki, &ca, &arn, due.server).await?;
            let renewed = pki.certificate("server.crt").map_err(local)?;
            summary["ServerCertificate"]["NotAfter"] =
                json!(renewed.and_then(|server| crate::pki::utc_timestamp(server.not_after)));
            crate::output::printer::note(
                "AWS may take up to 24 hours to serve the renewed server certificate; until then clients see the old one \
                 (AWS Client VPN administrator guide, \"Mutual authentication\").",
            );
        }
        if due.crl {
            journal.start("Signing and importing the revocation list");
            let next =
                crate::commands::vpn::import_revocation_list(&connection, &id, &pki, &ca, args.crl_days, &mut revoked)
                    .await?;
            journal.done(&format!("imported a list of {} revoked certificate(s), valid until {next}", revoked.len()));
            summary["RevocationList"]["NextUpdate"] = json!(next);
        }
        if !due.import && !due.crl {
            crate::output::printer::note(&format!("Nothing of {} is due within {} days.", args.name, args.warn_days));
        }
        crate::output::printer::result(&crate::output::render(&summary, "pki renew", &printing.options)?);
        Ok(0)
    })
}

/// The server certificate: a new one (same CA, same domain) when `renew`, the old pair set aside;
/// then the one on disk imported into the endpoint's ARN, which must be one cvpn imported for the
/// VPN (re-importing someone else's certificate is not cvpn's to do).
#[cfg(feature = "aws")]
async fn renew_server(
    connection: &crate::aws::Connection,
    journal: &crate::provision::journal::Journal,
    pki: &crate::pki::store::VpnPki,
    ca: &crate::pki::Identity,
    arn: &str,
    renew: bool,
) -> Result<(), crate::failure::Failure> {
    use crate::failure::Failure;
    let local = |error: crate::pki::PkiError| Failure::other(error.0);
    let ours = !arn.is_empty()
        && crate::aws::acm::tag(connection, arn, crate::provision::VPN_TAG).await?.as_deref() == Some(pki.vpn.as_str());
    if !ours {
        return Err(Failure::usage(format!(
            "the endpoint's server certificate ({arn}) is not one cvpn imported for {} (no cvpn:vpn={} tag): \
             renew it where it came from. Nothing was renewed.",
            pki.vpn, pki.vpn
        )));
    }
    if renew {
        journal.start("Renewing the server certificate");
        let set_aside = pki.set_aside_server().map_err(local)?;
        pki.server(ca).map_err(local)?;
        let kept: Vec<String> = set_aside.iter().map(|path| path.display().to_string()).collect();
        journal.done(&format!("made a new server certificate; kept the old pair as {}", kept.join(" and ")));
    }
    journal.start(&format!("Importing it into {arn}"));
    let server = pki.server(ca).map_err(local)?.identity;
    crate::aws::acm::reimport(connection, arn, &server.certificate_pem, &server.key_pem, &ca.certificate_pem).await?;
    journal.done(&format!("imported into {arn}: the endpoint, its DNS name and every .ovpn stay as they are"));
    Ok(())
}
