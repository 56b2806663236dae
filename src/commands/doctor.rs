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
            gather(&connection, &target, &checks).await
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
) -> Result<crate::doctor::Answers, crate::failure::Failure> {
    use serde_json::{Value, json};

    use crate::api::operations::{
        DESCRIBE_CLIENT_VPN_AUTHORIZATION_RULES, DESCRIBE_CLIENT_VPN_ENDPOINTS, DESCRIBE_CLIENT_VPN_ROUTES,
        DESCRIBE_CLIENT_VPN_TARGET_NETWORKS,
    };
    use crate::aws::vpn::text;
    use crate::doctor::Need;
    use crate::failure::Failure;
    use crate::provision::brought_certificates::{InAcm, look_up};

    let endpoint = if crate::validate::model_rules::is_id(target, crate::api::model::ENDPOINT_ID_PREFIX) {
        let request = match json!({"ClientVpnEndpointIds": [target]}) {
            Value::Object(request) => request,
            _ => unreachable!("an object"),
        };
        connection.every_item(&DESCRIBE_CLIENT_VPN_ENDPOINTS, request).await?.into_iter().next()
    } else {
        crate::provision::check_vpn_name(target).map_err(Failure::usage)?;
        Some(crate::aws::vpn::the_endpoint_named(connection, target, "").await?)
    };
    let endpoint = endpoint.ok_or_else(|| Failure::usage(format!("No endpoint {target}; `cvpn ls` lists them.")))?;
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
    let (networks, rules, routes, certificates, list) = tokio::join!(
        listed(&DESCRIBE_CLIENT_VPN_TARGET_NETWORKS, Need::Networks),
        listed(&DESCRIBE_CLIENT_VPN_AUTHORIZATION_RULES, Need::Rules),
        listed(&DESCRIBE_CLIENT_VPN_ROUTES, Need::Routes),
        certificates,
        list,
    );
    let mut certificates = certificates?;
    let server_certificate = match certificates.first() {
        Some((arn, _)) if *arn == server_arn => certificates.remove(0).1,
        _ => None,
    };
    Ok(crate::doctor::Answers {
        endpoint,
        networks: networks?,
        rules: rules?,
        routes: routes?,
        server_certificate,
        root_chains: certificates,
        revocation_list: list?,
        now: time::OffsetDateTime::now_utc().unix_timestamp(),
    })
}
