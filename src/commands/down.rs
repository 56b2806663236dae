//! `cvpn down NAME`: everything `cvpn up NAME` made, removed in the order AWS enforces: manual
//! routes, authorization rules, target networks (each waited for until gone), the endpoint, then
//! the certificates up imported into ACM (retried while ACM still sees them in use). The local
//! certificates stay unless `--purge`. A rerun finishes what a failed run left.

use std::path::PathBuf;

use clap::Args;

#[cfg(feature = "aws")]
use crate::failure::Failure;

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
    use std::cell::RefCell;
    use std::rc::Rc;

    crate::output::printer::set_quiet(args.quiet);
    let mut printing = crate::commands::global_options::printing(global)?;
    crate::provision::check_vpn_name(&args.name)
        .map_err(|problem| Failure::usage(format!("{problem}\nNothing was sent.")))?;
    let dir = crate::provision::vpn_dir(args.pki_dir.as_deref(), &args.name).map_err(Failure::usage)?;
    if let Some(url) = &global.endpoint_url {
        crate::aws::session::check_endpoint_url(url)?;
    }
    let resume = crate::provision::same_command(std::env::args_os().map(|word| word.to_string_lossy().into_owned()));
    let journal = Rc::new(RefCell::new(crate::provision::Journal::default()));
    let outcome = crate::app::run_async(tear_down(global, args, &dir, &mut printing, journal.clone()), || {
        Failure::interrupted("Interrupted.")
    });
    outcome.map_err(|failure| journal.borrow().hints(&resume).into_iter().fold(failure, Failure::with_hint))
}

/// What AWS holds of the VPN, per endpoint: (routes, rules, target networks).
#[cfg(feature = "aws")]
type Parts = (Vec<serde_json::Value>, Vec<serde_json::Value>, Vec<serde_json::Value>);

#[cfg(feature = "aws")]
async fn tear_down(
    global: &crate::cli::GlobalArgs,
    args: &DownArgs,
    dir: &std::path::Path,
    printing: &mut crate::commands::global_options::Printing,
    journal: std::rc::Rc<std::cell::RefCell<crate::provision::Journal>>,
) -> Result<u8, Failure> {
    use serde_json::{Value, json};

    use crate::api::operations::{
        DELETE_CLIENT_VPN_ENDPOINT, DELETE_CLIENT_VPN_ROUTE, DESCRIBE_CLIENT_VPN_AUTHORIZATION_RULES,
        DESCRIBE_CLIENT_VPN_ROUTES, DESCRIBE_CLIENT_VPN_TARGET_NETWORKS, DISASSOCIATE_CLIENT_VPN_TARGET_NETWORK,
        REVOKE_CLIENT_VPN_INGRESS,
    };
    use crate::aws::vpn::{change, of_endpoint, state, text};

    let crate::commands::global_options::Connected { session, http, ec2, log } =
        crate::commands::global_options::connect(global, printing).await?;
    let acm = crate::aws::acm::client(&session, http, &log);
    let step = |name: &str| journal.borrow_mut().start(name);
    let done = |outcome: String| journal.borrow_mut().done(&outcome);
    let settings = args.waiting.settings();

    step(&format!("Finding what AWS holds of {}", args.name));
    let endpoints = crate::aws::vpn::endpoints_named(&ec2, &log, &args.name).await?;
    let certificates = crate::aws::vpn::imported_certificates(&acm, &log, &args.name).await?;
    let mut parts: Vec<(String, Parts)> = Vec::new();
    for endpoint in &endpoints {
        let id = text(endpoint, "ClientVpnEndpointId").to_owned();
        let routes: Vec<Value> = of_endpoint(&DESCRIBE_CLIENT_VPN_ROUTES, &ec2, &log, &id)
            .await?
            .into_iter()
            .filter(|route| text(route, "Origin") == "add-route" && state(route) != "deleting")
            .collect();
        let rules: Vec<Value> = of_endpoint(&DESCRIBE_CLIENT_VPN_AUTHORIZATION_RULES, &ec2, &log, &id)
            .await?
            .into_iter()
            .filter(|rule| state(rule) != "revoking")
            .collect();
        let networks: Vec<Value> = of_endpoint(&DESCRIBE_CLIENT_VPN_TARGET_NETWORKS, &ec2, &log, &id)
            .await?
            .into_iter()
            .filter(|network| state(network) != "disassociated")
            .collect();
        parts.push((id, (routes, rules, networks)));
    }
    let local = dir.exists().then(|| dir.display().to_string());
    let found = json!({
        "Name": args.name,
        "Endpoints": parts.iter().map(|(id, (routes, rules, networks))| json!({
            "ClientVpnEndpointId": id,
            "Routes": routes.iter().map(|route| json!({"DestinationCidr": text(route, "DestinationCidr"), "TargetSubnet": text(route, "TargetSubnet")})).collect::<Vec<_>>(),
            "AuthorizationRules": rules.iter().map(|rule| text(rule, "DestinationCidr")).collect::<Vec<_>>(),
            "TargetNetworks": networks.iter().map(|network| json!({"AssociationId": text(network, "AssociationId"), "TargetNetworkId": text(network, "TargetNetworkId")})).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "Certificates": certificates,
        "LocalCertificates": local,
    });
    if endpoints.is_empty() && certificates.is_empty() {
        let region = session.config.region().map(|region| region.as_ref().to_owned()).unwrap_or_default();
        done(format!("no VPN named {} in {region}: nothing to remove there", args.name));
    } else {
        done(format!("{} endpoint(s), {} imported certificate(s)", endpoints.len(), certificates.len()));
    }
    if args.dry_run {
        let mut plan = found;
        plan["DryRun"] = json!(true);
        plan["PurgeLocalCertificates"] = json!(args.purge && plan["LocalCertificates"].is_string());
        crate::output::printer::result(&crate::output::render(&plan, "down", &printing.options)?);
        return Ok(0);
    }
    let document = |value: Value| match value {
        Value::Object(document) => document,
        _ => crate::api::operation::Document::new(),
    };
    let wait = |wait: &'static crate::api::operation::Wait, request: Value, what: String| {
        let (ec2, log, settings) = (&ec2, &log, &settings);
        async move {
            crate::aws::waiter::wait(
                wait,
                &document(request),
                &crate::api::operation::Document::new(),
                settings,
                ec2,
                log,
                &what,
            )
            .await
        }
    };
    let wait_of =
        |operation: &'static crate::api::operation::Operation| operation.wait.as_ref().expect("a change that waits");

    for (id, (routes, rules, networks)) in &parts {
        let of_this = |extra: Value| -> Value {
            let mut request = json!({"ClientVpnEndpointId": id});
            if let (Value::Object(request), Value::Object(extra)) = (&mut request, extra) {
                request.extend(extra);
            }
            request
        };
        // 1. Routes added by hand; the association's own go with it.
        for route in routes {
            let (cidr, subnet) = (text(route, "DestinationCidr"), text(route, "TargetSubnet"));
            step(&format!("Deleting the route to {cidr} through {subnet}"));
            let request = of_this(json!({"DestinationCidrBlock": cidr, "TargetVpcSubnetId": subnet}));
            change(&DELETE_CLIENT_VPN_ROUTE, &ec2, &log, request.clone(), &["InvalidClientVpnRouteNotFound"]).await?;
            wait(
                wait_of(&DELETE_CLIENT_VPN_ROUTE),
                request,
                format!("the route to {cidr} through {subnet} to be gone"),
            )
            .await?;
            done(format!("deleted the route to {cidr} through {subnet}"));
        }
        // 2. Authorization rules.
        for rule in rules {
            let cidr = text(rule, "DestinationCidr");
            step(&format!("Revoking the rule for {cidr}"));
            let mut request = of_this(json!({"TargetNetworkCidr": cidr}));
            match rule.get("AccessAll") {
                Some(Value::Bool(true)) => request["RevokeAllGroups"] = json!(true),
                _ => request["AccessGroupId"] = json!(text(rule, "GroupId")),
            }
            change(
                &REVOKE_CLIENT_VPN_INGRESS,
                &ec2,
                &log,
                request.clone(),
                &["InvalidClientVpnEndpointAuthorizationRuleNotFound"],
            )
            .await?;
            wait(wait_of(&REVOKE_CLIENT_VPN_INGRESS), request, format!("the rule for {cidr} to be gone")).await?;
            done(format!("revoked the rule for {cidr}"));
        }
        // 3. Target networks: all disassociations sent, then each waited for.
        for network in networks.iter().filter(|network| state(network) != "disassociating") {
            let association = text(network, "AssociationId");
            step(&format!("Disassociating {} ({association})", text(network, "TargetNetworkId")));
            let request = of_this(json!({"AssociationId": association}));
            change(
                &DISASSOCIATE_CLIENT_VPN_TARGET_NETWORK,
                &ec2,
                &log,
                request,
                &["InvalidClientVpnAssociationIdNotFound"],
            )
            .await?;
            done(format!("disassociating {}", text(network, "TargetNetworkId")));
        }
        for network in networks {
            let association = text(network, "AssociationId");
            let request = of_this(json!({"AssociationId": association}));
            wait(
                wait_of(&DISASSOCIATE_CLIENT_VPN_TARGET_NETWORK),
                request,
                format!("association {association} to be gone"),
            )
            .await?;
        }
        // 4. The endpoint.
        step(&format!("Deleting endpoint {id}"));
        change(&DELETE_CLIENT_VPN_ENDPOINT, &ec2, &log, of_this(json!({})), &["InvalidClientVpnEndpointId.NotFound"])
            .await?;
        wait(wait_of(&DELETE_CLIENT_VPN_ENDPOINT), of_this(json!({})), format!("endpoint {id} to be gone")).await?;
        done(format!("deleted endpoint {id}"));
    }
    if !parts.is_empty() {
        crate::provision::forget_endpoint_client_token(dir)
            .map_err(|error| Failure::other(format!("{}: {error}", dir.display())))?;
    }
    // 5. The certificates up imported; ACM sees them in use for a while after the endpoint goes.
    for arn in &certificates {
        step(&format!("Deleting {arn} from ACM"));
        delete_when_released(&acm, &log, arn, &settings).await?;
        done(format!("deleted {arn} from ACM"));
    }
    // 6. The local certificates, only when asked and only once AWS holds nothing that needs them.
    let mut removed_local = false;
    if args.purge && dir.exists() {
        step(&format!("Removing {}", dir.display()));
        std::fs::remove_dir_all(dir).map_err(|error| Failure::other(format!("{}: {error}", dir.display())))?;
        done(format!("removed {}", dir.display()));
        removed_local = true;
    }
    let mut summary = found;
    summary["LocalCertificates"] = match (&local, removed_local) {
        (Some(_), true) => json!("removed"),
        (Some(dir), false) => json!(format!("kept in {dir} (--purge removes them)")),
        (None, _) => Value::Null,
    };
    crate::output::printer::result(&crate::output::render(&summary, "down", &printing.options)?);
    Ok(0)
}

/// Deletes a certificate, sending the delete again while ACM answers ResourceInUseException (it
/// releases a certificate a while after the endpoint that used it is gone), up to the wait timeout.
#[cfg(feature = "aws")]
async fn delete_when_released(
    acm: &aws_sdk_acm::Client,
    log: &crate::aws::ec2::AttemptLog,
    arn: &str,
    settings: &crate::aws::waiter::WaitSettings,
) -> Result<(), Failure> {
    let started = std::time::Instant::now();
    loop {
        match crate::aws::acm::delete(acm, log, arn).await {
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
