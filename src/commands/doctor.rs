//! `cvpn doctor (NAME | ENDPOINT-ID)`: why a client cannot connect, or connects and reaches
//! nothing, found from the API. Read-only: after the endpoint is found, what the chosen checks
//! need (target networks, rules, routes, the certificates in ACM, the revocation list) is asked
//! at once, each at most once; the checks themselves are data (`src/doctor/`). Exit 0 when there
//! is no problem (warnings allowed), 1 when there is one.

use clap::Args;

pub const EXAMPLES: &str = "Examples:
  cvpn doctor office                         # every check, problems first
  cvpn doctor cvpn-endpoint-0abc -o json     # for scripts: Findings, Problems, Warnings
  cvpn doctor office --check certificates --check revocation-list
  cvpn doctor --list-checks
Exit 0 when there is no problem (warnings allowed), 1 when there is one.";

/// The arguments of `cvpn doctor`.
#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// The VPN (a name as `cvpn up` gave it) or an endpoint ID (cvpn-endpoint-…).
    #[arg(value_name = "NAME|ENDPOINT_ID", required_unless_present = "list_checks")]
    pub target: Option<String>,
    /// Run only this check (repeatable); `--list-checks` names them.
    #[arg(long = "check", value_name = "CHECK")]
    pub checks: Vec<String>,
    /// Print every check with what it looks at; ask AWS nothing.
    #[arg(long)]
    pub list_checks: bool,
    /// Where cvpn keeps the VPN's certificates, when not the default; the `authentication`
    /// check compares the endpoint's root chain with the CA there.
    #[arg(long, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub pki_dir: Option<std::path::PathBuf>,
}

#[cfg(feature = "aws")]
pub fn run(global: &crate::cli::GlobalArgs, args: &DoctorArgs) -> Result<u8, crate::failure::Failure> {
    use serde_json::json;

    use crate::doctor::{CHECKS, Severity, chosen};
    use crate::failure::Failure;

    let printing = crate::commands::global_options::printing(global)?;
    if args.list_checks {
        let listed: Vec<_> = CHECKS.iter().map(|check| json!({"Check": check.name, "About": check.about})).collect();
        crate::output::printer::result(&crate::output::render(
            &json!({"Checks": listed}),
            "doctor checks",
            &printing.options,
        )?);
        return Ok(0);
    }
    let checks = chosen(&args.checks).map_err(|unknown| {
        let known: Vec<&str> = CHECKS.iter().map(|check| check.name).collect();
        Failure::usage(format!("--check {}: no such check; the checks are {}", unknown.join(", "), known.join(", ")))
    })?;
    let target = args.target.clone().unwrap_or_default();
    let mut printing = printing;
    let answers = crate::runtime::run_async(
        async {
            let connection = crate::commands::global_options::connect(global, &mut printing).await?;
            gather(&connection, &target, &checks, args.pki_dir.as_deref()).await
        },
        || Failure::interrupted("Interrupted; doctor changes nothing."),
    )?;
    let findings = crate::doctor::run(&checks, &answers);
    let count = |severity: Severity| findings.iter().filter(|finding| finding.severity == severity).count();
    let (problems, warnings) = (count(Severity::Problem), count(Severity::Warning));
    let report = json!({
        "Endpoint": answers.endpoint_id(),
        "Findings": findings,
        "Problems": problems,
        "Warnings": warnings,
    });
    let options = &printing.options;
    let text = if options.format == crate::output::format::OutputFormat::Table && options.query.is_none() {
        crate::output::findings_table::render_findings(
            &format!("Diagnosis of {target}"),
            &options.shown(report),
            options.table,
        )
    } else {
        crate::output::render(&report, "doctor", options)?
    };
    crate::output::printer::result(&text);
    Ok(if problems > 0 { 1 } else { 0 })
}

/// The endpoint, and what the checks need of it, asked at once.
#[cfg(feature = "aws")]
async fn gather(
    connection: &crate::aws::Connection,
    target: &str,
    checks: &[&crate::doctor::Check],
    pki_dir: Option<&std::path::Path>,
) -> Result<crate::doctor::Answers, crate::failure::Failure> {
    use serde_json::Value;

    use crate::api::operations::{
        DESCRIBE_CLIENT_VPN_AUTHORIZATION_RULES, DESCRIBE_CLIENT_VPN_ROUTES, DESCRIBE_CLIENT_VPN_TARGET_NETWORKS,
    };
    use crate::aws::vpn::text;
    use crate::doctor::Need;
    use crate::failure::Failure;
    use crate::provision::brought_certificates::{InAcm, look_up};

    let endpoint = crate::aws::vpn::the_endpoint(connection, target, "").await?;
    let id = text(&endpoint, "ClientVpnEndpointId").to_owned();
    let needs = |need: Need| checks.iter().any(|check| check.needs.contains(&need));
    let listed = |describe: &'static crate::api::operation::Operation, need: Need| {
        let (beside, id) = (connection.beside(), id.clone());
        async move {
            if !needs(need) {
                return Ok(Vec::new());
            }
            crate::aws::vpn::of_endpoint(describe, &beside, &id).await
        }
    };
    let server_arn = text(&endpoint, "ServerCertificateArn").to_owned();
    let chains: Vec<String> = endpoint
        .get("AuthenticationOptions")
        .and_then(Value::as_array)
        .map(|options| {
            options
                .iter()
                .filter_map(|option| option.pointer("/MutualAuthentication/ClientRootCertificateChain"))
                .filter_map(Value::as_str)
                .filter(|arn| *arn != server_arn)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    let certificates = async {
        let beside = connection.beside();
        let mut found: Vec<(String, Option<crate::pki::check::CertificateFacts>)> = Vec::new();
        if needs(Need::Certificates) {
            for arn in std::iter::once(&server_arn).chain(chains.iter()).filter(|arn| !arn.is_empty()) {
                let facts = match look_up(&beside, arn).await? {
                    InAcm::Found(facts) => Some(facts),
                    _ => None,
                };
                found.push((arn.clone(), facts));
            }
        }
        Ok::<_, Failure>(found)
    };
    let list = async {
        if !needs(Need::RevocationList) {
            return Ok(None);
        }
        crate::commands::vpn::held_revocation_list(&connection.beside(), &id).await
    };
    let (networks, rules, routes, certificates, list, vpc) = tokio::join!(
        listed(&DESCRIBE_CLIENT_VPN_TARGET_NETWORKS, Need::Networks),
        listed(&DESCRIBE_CLIENT_VPN_AUTHORIZATION_RULES, Need::Rules),
        listed(&DESCRIBE_CLIENT_VPN_ROUTES, Need::Routes),
        certificates,
        list,
        vpc_reads(connection, &endpoint, &needs),
    );
    let mut certificates = certificates?;
    let server_certificate = match certificates.first() {
        Some((arn, _)) if *arn == server_arn => certificates.remove(0).1,
        _ => None,
    };
    let held = if needs(Need::HeldCertificates) { held_certificates(&endpoint, pki_dir)? } else { None };
    let mut answers = vpc?;
    answers.endpoint = endpoint;
    answers.networks = networks?;
    answers.rules = rules?;
    answers.routes = routes?;
    answers.server_certificate = server_certificate;
    answers.root_chains = certificates;
    answers.revocation_list = list?;
    answers.held = held;
    answers.now = time::OffsetDateTime::now_utc().unix_timestamp();
    Ok(answers)
}

/// The serials of the CA and server certificate cvpn holds for the VPN the endpoint is tagged as
/// (`cvpn:vpn`), when it holds its CA; nothing is made or changed.
#[cfg(feature = "aws")]
fn held_certificates(
    endpoint: &serde_json::Value,
    pki_dir: Option<&std::path::Path>,
) -> Result<Option<crate::doctor::HeldCertificates>, crate::failure::Failure> {
    use crate::failure::Failure;

    let Some(vpn) = crate::doctor::tag(endpoint, crate::provision::VPN_TAG) else { return Ok(None) };
    let Ok(dir) = crate::provision::vpn_dir(pki_dir, vpn) else { return Ok(None) };
    if crate::provision::check_vpn_name(vpn).is_err() || !dir.join("ca.crt").is_file() {
        return Ok(None);
    }
    let local = |error: crate::pki::PkiError| Failure::configuration(error.to_string());
    let pki = crate::pki::store::VpnPki::open(dir.clone(), vpn).map_err(local)?;
    let Some(ca) = pki.certificate("ca.crt").map_err(local)? else { return Ok(None) };
    let server = pki.certificate("server.crt").map_err(local)?;
    Ok(Some(crate::doctor::HeldCertificates {
        vpn: vpn.to_owned(),
        dir: dir.display().to_string(),
        ca_serial: ca.serial,
        server_serial: server.map(|server| server.serial),
    }))
}

/// What was read of one optional part: not asked, answered, or refused by AWS (a permission
/// missing): a refusal is a finding, not the end of the run.
#[cfg(feature = "aws")]
enum Read<T> {
    Skipped,
    Got(T),
    Refused(String),
}

/// The value read, or none; a refusal is kept in `unread`.
#[cfg(feature = "aws")]
fn take<T>(need: crate::doctor::Need, read: Read<T>, unread: &mut Vec<(crate::doctor::Need, String)>) -> Option<T> {
    match read {
        Read::Got(value) => Some(value),
        Read::Refused(why) => {
            unread.push((need, why));
            None
        }
        Read::Skipped => None,
    }
}

#[cfg(feature = "aws")]
async fn read<T>(
    wanted: bool,
    future: impl std::future::Future<Output = Result<T, crate::failure::Failure>>,
) -> Result<Read<T>, crate::failure::Failure> {
    if !wanted {
        return Ok(Read::Skipped);
    }
    match future.await {
        Ok(value) => Ok(Read::Got(value)),
        Err(failure) => match failure.service_error() {
            Some(refusal) => {
                Ok(Read::Refused(format!("{}: {}", refusal.code_or_unknown(), refusal.message_or_unknown())))
            }
            None => Err(failure),
        },
    }
}

/// The endpoint's VPC as the chosen checks need it (subnets, blocks, DNS support, route tables,
/// network ACLs, the rules of the endpoint's security groups), read at once; nothing when the
/// endpoint has no VPC yet.
#[cfg(feature = "aws")]
async fn vpc_reads(
    connection: &crate::aws::Connection,
    endpoint: &serde_json::Value,
    needs: &dyn Fn(crate::doctor::Need) -> bool,
) -> Result<crate::doctor::Answers, crate::failure::Failure> {
    use crate::aws::ec2::network;
    use crate::doctor::{Answers, Need};

    let vpc = crate::aws::vpn::text(endpoint, "VpcId").to_owned();
    let mut answers = Answers::default();
    let groups = crate::doctor::texts(endpoint, "SecurityGroupIds");
    let wanted = |need: Need| needs(need) && !vpc.is_empty();
    let (subnets, blocks, dns, tables, acls, rules) = tokio::join!(
        read(wanted(Need::Subnets), async { network::subnets_of_vpc(&connection.beside(), &vpc).await }),
        read(wanted(Need::Vpc), async { network::vpc(&connection.beside(), &vpc).await }),
        read(wanted(Need::DnsSupport), async { network::dns_support(&connection.beside(), &vpc).await }),
        read(wanted(Need::RouteTables), async { network::route_tables(&connection.beside(), &vpc).await }),
        read(wanted(Need::NetworkAcls), async { network::network_acls(&connection.beside(), &vpc).await }),
        read(wanted(Need::GroupRules) && !groups.is_empty(), async {
            network::group_rules(&connection.beside(), &groups).await
        }),
    );
    let unread = &mut answers.unread;
    let subnets = take(Need::Subnets, subnets?, unread).unwrap_or_default();
    let blocks = take(Need::Vpc, blocks?, unread);
    let dns_support = take(Need::DnsSupport, dns?, unread);
    let route_tables = take(Need::RouteTables, tables?, unread).unwrap_or_default();
    let acls = take(Need::NetworkAcls, acls?, unread).unwrap_or_default();
    let group_rules = take(Need::GroupRules, rules?, unread).unwrap_or_default();
    answers.vpc_blocks =
        blocks.map(|vpc| vpc.cidr_blocks.iter().filter_map(|block| block.parse().ok()).collect()).unwrap_or_default();
    answers.subnets = subnets;
    answers.dns_support = dns_support;
    answers.route_tables = route_tables;
    answers.acls = acls;
    answers.group_rules = group_rules;
    Ok(answers)
}
