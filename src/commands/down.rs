//! `cvpn down NAME`: everything `cvpn up NAME` made, removed in the order AWS enforces: manual
//! routes, authorization rules, target networks (each waited for until gone), the endpoint, then
//! the certificates up imported into ACM (retried while ACM still sees them in use). The local
//! certificates stay unless `--purge`. A rerun finishes what a failed run left.

use std::path::PathBuf;

use clap::Args;
#[cfg(feature = "aws")]
use serde_json::{Value, json};

#[cfg(feature = "aws")]
use crate::aws::Connection;
#[cfg(feature = "aws")]
use crate::aws::vpn::text;
#[cfg(feature = "aws")]
use crate::failure::Failure;
#[cfg(feature = "aws")]
use crate::provision::endpoint_parts::{
    DISASSOCIATION, ENDPOINT_REMOVAL, ROUTE_REMOVAL, RULE_REMOVAL, association_gone, endpoint_gone, route_gone,
    rule_gone,
};
#[cfg(feature = "aws")]
use crate::provision::endpoint_scope::EndpointScope;
#[cfg(feature = "aws")]
use crate::provision::ensure::remove;
#[cfg(feature = "aws")]
use crate::provision::journal::Journal;

pub const EXAMPLES: &str = "Examples:
  cvpn down office --dry-run      # what would be removed
  cvpn down office                # everything up made at AWS; local certificates stay
  cvpn down office --purge        # and the local certificates too";

/// The arguments of `cvpn down`.
#[derive(Debug, Args)]
pub struct DownArgs {
    /// The VPN's name, as given to `cvpn up`.
    #[arg(value_name = "NAME")]
    pub name: String,
    /// Also delete the VPN's local certificates (CA, server, clients) once AWS holds nothing of it.
    #[arg(long)]
    pub purge: bool,
    /// Where the VPN's certificates live, if not the default (see `cvpn up --pki-dir`).
    #[arg(long, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub pki_dir: Option<PathBuf>,
    /// Also remove an endpoint `cvpn adopt` brought in (cvpn did not make it, so it is kept
    /// without this); its certificates in ACM stay where they came from.
    #[arg(long)]
    pub adopted: bool,
    /// Print what would be removed; remove nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// No progress on stderr.
    #[arg(short, long)]
    pub quiet: bool,
    #[command(flatten)]
    pub waiting: crate::cli::WaitTiming,
}

#[cfg(feature = "aws")]
pub fn run(global: &crate::cli::GlobalArgs, args: &DownArgs) -> Result<u8, Failure> {
    crate::output::printer::set_quiet(args.quiet);
    let mut printing = crate::commands::global_options::printing(global)?;
    crate::provision::check_vpn_name(&args.name)
        .map_err(|problem| Failure::usage(format!("{problem}\nNothing was sent.")))?;
    let dir = crate::provision::vpn_dir(args.pki_dir.as_deref(), &args.name).map_err(Failure::usage)?;
    let _lock = if args.dry_run { None } else { crate::provision::lock_vpn(&dir, &args.name, false)? };
    crate::provision::journal::run_resumable(async |journal| {
        let connection = crate::commands::global_options::connect(global, &mut printing).await?;
        let settings = args.waiting.settings();
        if args.purge && dir.exists() {
            check_purge(&dir, &args.name, connection.region())?;
        }
        let held = find_what_aws_holds(&connection, journal, &args.name, args.adopted).await?;
        if args.purge && dir.exists() {
            check_purge_account(&connection, &dir, &args.name).await?;
        }
        let local = dir.exists().then(|| dir.display().to_string());
        let mut summary = held.summary(&args.name, local.as_deref());
        if args.dry_run {
            summary["DryRun"] = json!(true);
            summary["PurgeLocalCertificates"] = json!(args.purge && local.is_some());
            crate::output::printer::result(&crate::output::render(&summary, "down", &printing.options)?);
            return Ok(0);
        }
        for endpoint in &held.endpoints {
            let scope = EndpointScope { connection: &connection, id: endpoint.id.clone(), waiting: &settings };
            remove_endpoint(&scope, journal, endpoint).await?;
        }
        if !held.endpoints.is_empty() {
            crate::provision::forget_endpoint_client_token(&dir)
                .map_err(|error| Failure::other(format!("{}: {error}", dir.display())))?;
        }
        delete_certificates(&connection, journal, &held.certificates, &settings).await?;
        let left = if args.purge && dir.exists() { Some(purge(journal, &dir)?) } else { None };
        summary["LocalCertificates"] = match (&local, left) {
            (Some(_), Some(left)) if left.is_empty() => json!("removed"),
            (Some(dir), Some(left)) => json!(format!("removed cvpn's files; kept {} others in {dir}", left.len())),
            (Some(dir), None) => json!(format!("kept in {dir} (--purge removes them)")),
            (None, _) => Value::Null,
        };
        crate::output::printer::result(&crate::output::render(&summary, "down", &printing.options)?);
        Ok(0)
    })
}

/// What AWS holds of the VPN: its endpoints with their parts, and the certificates up imported.
#[cfg(feature = "aws")]
struct Held {
    endpoints: Vec<HeldEndpoint>,
    certificates: Vec<String>,
}

#[cfg(feature = "aws")]
struct HeldEndpoint {
    id: String,
    routes: Vec<Value>,
    rules: Vec<Value>,
    networks: Vec<Value>,
}

#[cfg(feature = "aws")]
impl Held {
    /// What was found, as `down` prints it (and `--dry-run` plans it).
    fn summary(&self, name: &str, local: Option<&str>) -> Value {
        json!({
            "Name": name,
            "Endpoints": self.endpoints.iter().map(|endpoint| json!({
                "ClientVpnEndpointId": endpoint.id,
                "Routes": endpoint.routes.iter().map(|route| json!({"DestinationCidr": text(route, "DestinationCidr"), "TargetSubnet": text(route, "TargetSubnet")})).collect::<Vec<_>>(),
                "AuthorizationRules": endpoint.rules.iter().map(|rule| text(rule, "DestinationCidr")).collect::<Vec<_>>(),
                "TargetNetworks": endpoint.networks.iter().map(|network| json!({"AssociationId": text(network, "AssociationId"), "TargetNetworkId": text(network, "TargetNetworkId")})).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
            "Certificates": self.certificates,
            "LocalCertificates": local,
        })
    }
}

/// Step 1: the endpoints named NAME with their routes, rules and networks, and the certificates
/// up imported for it.
#[cfg(feature = "aws")]
async fn find_what_aws_holds(
    connection: &Connection,
    journal: &Journal,
    name: &str,
    adopted: bool,
) -> Result<Held, Failure> {
    journal.start(&format!("Finding what AWS holds of {name}"));
    let mut endpoints = Vec::new();
    for endpoint in the_vpns_endpoints(connection, name, adopted).await? {
        let id = text(&endpoint, "ClientVpnEndpointId").to_owned();
        endpoints.push(HeldEndpoint {
            routes: ROUTE_REMOVAL.listed(connection, &id).await?,
            rules: RULE_REMOVAL.listed(connection, &id).await?,
            networks: DISASSOCIATION.listed(connection, &id).await?,
            id,
        });
    }
    let certificates = crate::aws::vpn::imported_certificates(connection, name).await?;
    if endpoints.is_empty() && certificates.is_empty() {
        journal.done(&format!("no VPN named {name} in {}: nothing to remove there", connection.region()));
    } else {
        journal.done(&format!("{} endpoint(s), {} imported certificate(s)", endpoints.len(), certificates.len()));
    }
    Ok(Held { endpoints, certificates })
}

/// The endpoint named NAME that is NAME's (`aws::vpn::is_vpns`): none, or one. Any other named
/// NAME, or a second of NAME's, is refused with what was found, before anything is removed; so is
/// one `cvpn adopt` brought in, unless `adopted`.
#[cfg(feature = "aws")]
async fn the_vpns_endpoints(connection: &Connection, name: &str, adopted: bool) -> Result<Vec<Value>, Failure> {
    let mut ours = Vec::new();
    let mut problems = Vec::new();
    for endpoint in crate::aws::vpn::endpoints_named(connection, name).await? {
        let id = text(&endpoint, "ClientVpnEndpointId").to_owned();
        let brought_in = crate::aws::vpn::tag(&endpoint, crate::commands::adopt::ADOPTED_TAG) == Some("true");
        if brought_in && !adopted && crate::aws::vpn::is_vpns(connection, &endpoint, name).await? {
            problems.push(format!(
                "endpoint {id} was brought in by `cvpn adopt`, not made by cvpn: `cvpn down {name} --adopted` \
                 removes it (its routes, rules, networks and the endpoint; its certificates stay in ACM)"
            ));
        } else if crate::aws::vpn::is_vpns(connection, &endpoint, name).await? {
            ours.push(endpoint);
        } else {
            problems.push(format!(
                "endpoint {id} is named {name}, but cvpn did not make it for {name} (it has no cvpn:vpn={name} tag, and \
                 its server certificate is not one cvpn imported for {name}); to remove it anyway, by its ID: \
                 `cvpn networks {id}`, `cvpn disassociate {id} --association-id ID --wait` for each, then \
                 `cvpn delete {id}`"
            ));
        }
    }
    if ours.len() > 1 {
        let ids: Vec<&str> = ours.iter().map(|endpoint| text(endpoint, "ClientVpnEndpointId")).collect();
        problems.push(format!(
            "{} endpoints are {name}'s ({}); cvpn cannot tell which to remove: remove the others by ID \
             (`cvpn delete ID` once their networks are disassociated)",
            ids.len(),
            ids.join(", ")
        ));
    }
    if problems.is_empty() {
        return Ok(ours);
    }
    Err(Failure::usage(format!(
        "cvpn down {name} removes only what cvpn made for {name}:\n  {}\nNothing was removed.",
        problems.join("\n  ")
    )))
}

/// Step 2, per endpoint, in the order AWS enforces: routes added by hand (the association's own
/// go with it), rules, networks, then the endpoint; each waited for until gone.
#[cfg(feature = "aws")]
async fn remove_endpoint(scope: &EndpointScope<'_>, journal: &Journal, endpoint: &HeldEndpoint) -> Result<(), Failure> {
    remove(scope, journal, &ROUTE_REMOVAL, endpoint.routes.iter().map(route_gone).collect()).await?;
    remove(scope, journal, &RULE_REMOVAL, endpoint.rules.iter().map(rule_gone).collect()).await?;
    remove(scope, journal, &DISASSOCIATION, endpoint.networks.iter().map(association_gone).collect()).await?;
    remove(scope, journal, &ENDPOINT_REMOVAL, vec![endpoint_gone(&scope.id)]).await
}

/// Step 3: the certificates up imported; ACM sees them in use for a while after the endpoint goes.
#[cfg(feature = "aws")]
async fn delete_certificates(
    connection: &Connection,
    journal: &Journal,
    certificates: &[String],
    settings: &crate::aws::waiter::WaitSettings,
) -> Result<(), Failure> {
    for arn in certificates {
        journal.start(&format!("Deleting {arn} from ACM"));
        delete_when_released(connection, arn, settings).await?;
        journal.done(&format!("deleted {arn} from ACM"));
    }
    Ok(())
}

/// `--purge` removes only a directory cvpn made for NAME, and only once this run looked for NAME
/// in the region its record names: checked before anything is sent.
#[cfg(feature = "aws")]
fn check_purge(dir: &std::path::Path, name: &str, region: &str) -> Result<(), Failure> {
    use crate::pki::store::{Owner, owner_of};
    let refused = |why: String| {
        Failure::usage(format!("--purge: {} {why}; nothing was sent and nothing removed.", dir.display()))
    };
    match owner_of(dir) {
        Owner::Recorded(record) if record.vpn != name => {
            Err(refused(format!("is VPN {}'s (its vpn.json says so), not {name}'s: check --pki-dir", record.vpn)))
        }
        Owner::Recorded(record) if record.region != region => Err(refused(format!(
            "holds {name}'s certificates for its endpoint in {} (its vpn.json says so), and this run looks in \
             {region}: `cvpn --region {} down {name} --purge` removes the VPN there first",
            record.region, record.region
        ))),
        Owner::Recorded(_) => Ok(()),
        Owner::CaOf(vpn) if vpn == name => Ok(()),
        Owner::CaOf(vpn) => Err(refused(format!("holds VPN {vpn}'s CA, not {name}'s: check --pki-dir"))),
        Owner::Unknown => Err(refused(format!(
            "is not a directory cvpn made for {name} (no vpn.json names it and no CA of {name} is in it): check \
             --pki-dir"
        ))),
    }
}

/// `--purge` with the credentials of another account than the one the directory's VPN is in
/// would look there, find nothing, and take the live VPN's CA: refused before anything is removed.
#[cfg(feature = "aws")]
async fn check_purge_account(connection: &Connection, dir: &std::path::Path, name: &str) -> Result<(), Failure> {
    use crate::pki::store::{DirectoryRecord, Owner, owner_of};
    let Owner::Recorded(DirectoryRecord { account: Some(recorded), .. }) = owner_of(dir) else { return Ok(()) };
    let here = connection.account().await?;
    if here == recorded {
        return Ok(());
    }
    Err(Failure::usage(format!(
        "--purge: {} holds {name}'s certificates for its endpoint in account {recorded} (its vpn.json says so), and \
         these credentials are account {here}'s: run it with that account's credentials (--profile); nothing was \
         removed.",
        dir.display()
    )))
}

/// Step 4, only with --purge and only once AWS holds nothing that needs them: the files cvpn
/// wrote in the VPN's directory; anything else there stays, and is returned.
#[cfg(feature = "aws")]
fn purge(journal: &Journal, dir: &std::path::Path) -> Result<Vec<std::path::PathBuf>, Failure> {
    journal.start(&format!("Removing {}", dir.display()));
    let left = crate::pki::store::remove_written(dir).map_err(|error| Failure::other(format!("{error}")))?;
    if left.is_empty() {
        journal.done(&format!("removed {}", dir.display()));
    } else {
        let left: Vec<String> = left.iter().map(|path| path.display().to_string()).collect();
        journal.done(&format!(
            "removed cvpn's files from {}; kept what cvpn did not write: {}",
            dir.display(),
            left.join(", ")
        ));
    }
    Ok(left)
}

/// Deletes a certificate, sending the delete again while ACM answers ResourceInUseException (it
/// releases a certificate a while after the endpoint that used it is gone), up to the wait timeout.
#[cfg(feature = "aws")]
async fn delete_when_released(
    connection: &Connection,
    arn: &str,
    settings: &crate::aws::waiter::WaitSettings,
) -> Result<(), Failure> {
    let started = std::time::Instant::now();
    loop {
        match crate::aws::acm::delete(connection, arn).await {
            Err(failure) if crate::aws::acm::error_code(&failure) == Some("ResourceInUseException") => {
                if started.elapsed() + settings.poll_interval > settings.timeout {
                    return Err(failure.with_hint(format!(
                        "ACM still sees the certificate in use after {:.0}s; run the same command again later.",
                        settings.timeout.as_secs_f64()
                    )));
                }
                crate::output::printer::note("  ACM still sees it in use; trying again");
                tokio::time::sleep(settings.poll_interval).await;
            }
            outcome => return outcome,
        }
    }
}
