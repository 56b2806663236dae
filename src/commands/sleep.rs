//! `cvpn sleep (NAME | ENDPOINT-ID)`: stop the association charges while nobody works. The VPN's
//! associated subnets, the security groups applied to them and every manual route are recorded in
//! the endpoint's own tags (so `cvpn wake` works from any machine), then every subnet is
//! disassociated and waited for until gone. The endpoint, its DNS name, certificates, rules and
//! every .ovpn stay. A rerun after a failure adds what is left to the record and goes on.

use clap::Args;

pub const EXAMPLES: &str = "Examples:
  cvpn sleep office --dry-run     # what would be disassociated and recorded
  cvpn sleep office               # refused while clients are connected
  cvpn sleep office --force       # cuts connected clients off, and says how many
  cvpn wake office                # everything back, from the endpoint's tags";

/// The arguments of `cvpn sleep`.
#[derive(Debug, Args)]
pub struct SleepArgs {
    #[command(flatten)]
    pub vpn: crate::cli::VpnTarget,
    /// Sleep even while clients are connected: their connections end.
    #[arg(long)]
    pub force: bool,
    /// Print what would be recorded and disassociated; change nothing.
    #[arg(long)]
    pub dry_run: bool,
}

#[cfg(feature = "aws")]
pub fn run(global: &crate::cli::GlobalArgs, args: &SleepArgs) -> Result<u8, crate::failure::Failure> {
    use serde_json::json;

    use crate::api::operations::{DESCRIBE_CLIENT_VPN_CONNECTIONS, DESCRIBE_CLIENT_VPN_ROUTES};
    use crate::aws::vpn::{state, text};
    use crate::commands::vpn::{asleep_summary, recorded_sleep};
    use crate::failure::Failure;
    use crate::provision::endpoint_parts::{DISASSOCIATION, association_gone};
    use crate::provision::sleep_record::{MAX_TAGS, RecordedRoute, SleepRecord};

    let target = &args.vpn.target;
    crate::commands::vpn::run_on_endpoint(global, &args.vpn, args.dry_run, "sleep", async |journal, scope, endpoint| {
        let (connection, id) = (scope.connection, scope.id.as_str());
        let earlier = recorded_sleep(endpoint)?;
        let (networks, routes, connections) = tokio::join!(
            DISASSOCIATION.listed(connection, id),
            scope.items(&DESCRIBE_CLIENT_VPN_ROUTES),
            scope.items(&DESCRIBE_CLIENT_VPN_CONNECTIONS),
        );
        let (networks, routes, connections) = (networks?, routes?, connections?);
        if networks.is_empty() {
            let said = match &earlier {
                Some(record) => format!("{target} is asleep already (since {}); `cvpn wake` wakes it", record.since),
                None => format!("{target} has no associated subnet: it costs no association hours"),
            };
            crate::output::printer::note(&said);
            return Ok(asleep_summary(id, earlier.as_ref(), &[], 0));
        }
        let active: Vec<&serde_json::Value> =
            connections.iter().filter(|connection| state(connection) == "active").collect();
        if !active.is_empty() && !args.force {
            let users: Vec<&str> = active.iter().map(|connection| text(connection, "CommonName")).collect();
            return Err(Failure::usage(format!(
                "{} client(s) are connected to {target} ({}): sleeping would cut them off. Run it again when they \
                 are done, or with --force. Nothing was changed.",
                active.len(),
                users.join(", ")
            )));
        }
        let groups = crate::doctor::texts(endpoint, "SecurityGroupIds");
        let now = SleepRecord {
            since: crate::pki::utc_timestamp(time::OffsetDateTime::now_utc().unix_timestamp()).unwrap_or_default(),
            subnets: networks.iter().map(|network| text(network, "TargetNetworkId").to_owned()).collect(),
            vpc: if groups.is_empty() { String::new() } else { text(endpoint, "VpcId").to_owned() },
            security_groups: groups,
            routes: routes
                .iter()
                .filter(|route| text(route, "Origin") == "add-route" && state(route) != "deleting")
                .map(|route| RecordedRoute {
                    destination: text(route, "DestinationCidr").to_owned(),
                    subnet: text(route, "TargetSubnet").to_owned(),
                    description: route.get("Description").and_then(serde_json::Value::as_str).map(str::to_owned),
                })
                .collect(),
        };
        let record = now.merged_into(earlier);
        let tags = record.to_tags().map_err(|problem| Failure::usage(format!("{problem}. Nothing was changed.")))?;
        let others = crate::commands::vpn::endpoint_tags(endpoint)
            .into_iter()
            .filter(|(key, _)| !key.starts_with("cvpn:asleep"))
            .count();
        if others + tags.len() > MAX_TAGS {
            return Err(Failure::usage(format!(
                "the record of {} subnet(s) and {} route(s) takes {} tags, and the endpoint has {others} of its \
                 own: more than the {MAX_TAGS} EC2 allows. Nothing was changed.",
                record.subnets.len(),
                record.routes.len(),
                tags.len()
            )));
        }
        if args.dry_run {
            let mut summary = asleep_summary(id, Some(&record), &networks, active.len());
            summary["Asleep"] = json!(false);
            summary["DryRun"] = json!(true);
            return Ok(summary);
        }
        journal.start(&format!("Recording {target}'s subnets, groups and routes in {id}'s tags"));
        crate::aws::ec2::tags::create_tags(connection, id, &tags).await?;
        journal.done(&format!(
            "recorded {} subnet(s), {} group(s), {} route(s)",
            record.subnets.len(),
            record.security_groups.len(),
            record.routes.len()
        ));
        let parts = networks.iter().map(association_gone).collect();
        crate::provision::ensure::remove(scope, journal, &DISASSOCIATION, parts).await?;
        if !active.is_empty() {
            crate::output::printer::note(&format!("{} connected client(s) were cut off (--force)", active.len()));
        }
        Ok(asleep_summary(id, Some(&record), &networks, active.len()))
    })
}
