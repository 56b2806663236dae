//! `cvpn pki status NAME`: what of the VPN expires, and when: the CA, the server certificate on
//! disk and in ACM, the revocation list the endpoint holds (its next update, and whether it names
//! every serial cvpn recorded as revoked), and each user's certificate. Exit 0 when nothing is
//! expired or due within `--warn-days`, 1 when something needs attention, so that cron or CI can
//! run it every day. Read-only: ACM and the list are asked at once, after the endpoint is found.

use std::path::PathBuf;

use clap::Args;

pub const EXAMPLES: &str = "Examples:
  cvpn pki status office                    # a table on a terminal: what expires when
  cvpn pki status office --warn-days 60 -o json
  0 8 * * * cvpn pki status office -q || mail -s 'VPN office needs attention' ops@example.com
Exit 0 when nothing is expired or expires within --warn-days, 1 when something needs attention.";

/// The arguments of `cvpn pki status`.
#[derive(Debug, Args)]
pub struct PkiStatusArgs {
    /// The VPN, as given to `cvpn up`.
    #[arg(value_name = "NAME")]
    pub name: String,
    /// Days before an expiry from which it needs attention (exit 1).
    #[arg(long, value_name = "N", default_value_t = 30, value_parser = clap::value_parser!(i64).range(0..=3650))]
    pub warn_days: i64,
    /// Where the VPN's certificates live, if not the default (see `cvpn up --pki-dir`).
    #[arg(long, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub pki_dir: Option<PathBuf>,
    /// No notes on stderr (warnings and failures still print).
    #[arg(short, long)]
    pub quiet: bool,
}

#[cfg(feature = "aws")]
pub fn run(global: &crate::cli::GlobalArgs, args: &PkiStatusArgs) -> Result<u8, crate::failure::Failure> {
    use serde_json::json;

    use crate::failure::Failure;
    use crate::output::format::OutputFormat;
    use crate::pki::status::{Facts, assess};

    crate::output::printer::set_quiet(args.quiet);
    let local = |error: crate::pki::PkiError| Failure::other(error.0);
    let mut printing = crate::commands::global_options::printing(global)?;
    let (pki, _, _lock) = crate::commands::vpn::vpn_with_ca(&args.name, None, args.pki_dir.as_deref())?;
    let dated = |file: &str| -> Result<Option<(String, i64)>, Failure> {
        let certificate = pki.certificate(file).map_err(local)?;
        Ok(certificate.map(|certificate| {
            (
                crate::commands::pki_store::shown(global, &args.name, &pki.dir, &pki.dir.join(file)),
                certificate.not_after,
            )
        }))
    };
    let (ca, server) = (dated("ca.crt")?, dated("server.crt")?);
    let users: Vec<_> = pki.users().map_err(local)?;
    let revoked = pki.revocations().map_err(local)?;
    let held = crate::runtime::run_async(
        async {
            let connection = crate::commands::global_options::connect(global, &mut printing).await?;
            held_at_aws(&connection, &args.name).await
        },
        || Failure::interrupted("Interrupted; pki status changes nothing."),
    )?;
    let facts = Facts {
        vpn: &args.name,
        ca,
        server,
        acm: held.acm,
        endpoint: held.endpoint.clone(),
        list: held.list,
        revoked: &revoked,
        users: &users,
        now: time::OffsetDateTime::now_utc().unix_timestamp(),
        warn_days: args.warn_days,
    };
    let items = assess(&facts);
    let attention = items.iter().filter(|item| item.state.needs_attention()).count();
    let answer = json!({
        "Name": args.name,
        "ClientVpnEndpointId": held.endpoint,
        "WarnDays": args.warn_days,
        "Items": items,
        "NeedsAttention": attention,
    });
    let options = &printing.options;
    let text = if options.format == OutputFormat::Table && options.query.is_none() {
        crate::output::status_table::render_status(
            &format!("What expires in {}", args.name),
            &options.shown(answer),
            options.table,
        )
    } else {
        crate::output::render(&answer, "pki status", options)?
    };
    crate::output::printer::result(&text);
    if attention == 0 {
        return Ok(0);
    }
    crate::output::printer::note(&format!(
        "{attention} item(s) of {} need attention; each says what to run.",
        args.name
    ));
    Ok(1)
}

/// What AWS holds that expires: the endpoint's server certificate in ACM and the revocation list
/// the endpoint holds, asked at once once the endpoint is found.
#[cfg(feature = "aws")]
pub(super) struct HeldAtAws {
    pub endpoint: Option<String>,
    pub acm: Option<(String, Option<String>, Option<i64>)>,
    /// The serial of the certificate ACM holds at that ARN.
    pub acm_serial: Option<String>,
    pub list: Option<crate::pki::status::HeldList>,
}

#[cfg(feature = "aws")]
pub(super) async fn held_at_aws(
    connection: &crate::aws::Connection,
    name: &str,
) -> Result<HeldAtAws, crate::failure::Failure> {
    use crate::aws::vpn::text;
    use crate::provision::brought_certificates::{InAcm, look_up};

    let mut endpoints = crate::aws::vpn::endpoints_named(connection, name).await?;
    let Some(endpoint) = endpoints.pop().filter(|_| endpoints.is_empty()) else {
        return Ok(HeldAtAws { endpoint: None, acm: None, acm_serial: None, list: None });
    };
    let id = text(&endpoint, "ClientVpnEndpointId").to_owned();
    let arn = text(&endpoint, "ServerCertificateArn").to_owned();
    let (acm_side, export_side) = (connection.beside(), connection.beside());
    let (in_acm, list) = tokio::join!(
        async { if arn.is_empty() { Ok(None) } else { look_up(&acm_side, &arn).await.map(Some) } },
        crate::commands::vpn::held_revocation_list(&export_side, &id),
    );
    let in_acm = in_acm?;
    let acm_serial = match &in_acm {
        Some(InAcm::Found(facts)) => facts.serial.clone(),
        _ => None,
    };
    let acm = match in_acm {
        Some(InAcm::Found(facts)) => Some((arn, facts.status, facts.not_after)),
        Some(InAcm::Missing) => Some((arn, Some("not in ACM".into()), None)),
        Some(InAcm::Elsewhere(region)) => Some((arn, Some(format!("in {region}")), None)),
        None => None,
    };
    Ok(HeldAtAws { endpoint: Some(id), acm, acm_serial, list: list? })
}
