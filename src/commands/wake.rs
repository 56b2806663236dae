//! `cvpn wake (NAME | ENDPOINT-ID)`: everything `cvpn sleep` recorded in the endpoint's tags, back:
//! each subnet associated again (waited for), the security groups applied again when the new
//! associations got others, each recorded route that is missing made again (waited for until
//! active); then the record is cleared. Every step finds what is there already, so a wake that
//! stopped halfway, run again, ends with exactly the subnets and routes the VPN had.

use clap::Args;

pub const EXAMPLES: &str = "Examples:
  cvpn wake office --dry-run      # what the record would restore
  cvpn wake office                # subnets, groups and routes back; waits until available
  cvpn wake cvpn-endpoint-0abc    # from any machine: the record is in the endpoint's tags";

/// The arguments of `cvpn wake`.
#[derive(Debug, Args)]
pub struct WakeArgs {
    #[command(flatten)]
    pub vpn: crate::cli::VpnTarget,
    /// Print what the record would restore; change nothing.
    #[arg(long)]
    pub dry_run: bool,
}

#[cfg(feature = "aws")]
pub fn run(global: &crate::cli::GlobalArgs, args: &WakeArgs) -> Result<u8, crate::failure::Failure> {
    use serde_json::json;

    use crate::api::operations::APPLY_SECURITY_GROUPS_TO_CLIENT_VPN_TARGET_NETWORK;
    use crate::commands::vpn::{recorded_json, recorded_sleep};
    use crate::failure::Failure;
    use crate::provision::endpoint_parts::{ASSOCIATION, DISASSOCIATION, ROUTE, association, route};
    use crate::provision::ensure::{ensure, wait_all};

    let target = &args.vpn.target;
    crate::commands::vpn::run_on_endpoint(global, &args.vpn, args.dry_run, "wake", async |journal, scope, endpoint| {
        let (connection, id) = (scope.connection, scope.id.as_str());
        let Some(record) = recorded_sleep(endpoint)? else {
            if DISASSOCIATION.listed(connection, id).await?.is_empty() {
                return Err(Failure::usage(format!(
                    "{target} has no associated subnet and no record of `cvpn sleep` in its tags: there is nothing \
                     to restore. `cvpn associate {id} --subnet-id SUBNET --wait` associates one. Nothing was changed."
                )));
            }
            crate::output::printer::note(&format!("{target} is awake: nothing was recorded to restore"));
            return Ok(json!({"ClientVpnEndpointId": id, "Awake": true, "Status": crate::aws::vpn::state(endpoint)}));
        };
        if args.dry_run {
            return Ok(json!({"ClientVpnEndpointId": id, "DryRun": true, "Restores": recorded_json(&record)}));
        }
        let associations = record.subnets.iter().map(|subnet| association(subnet)).collect();
        wait_all(scope, ensure(scope, journal, &ASSOCIATION, associations, false).await?).await?;
        let now = crate::aws::vpn::the_endpoint(connection, id, "").await?;
        let mut applied = crate::doctor::texts(&now, "SecurityGroupIds");
        let (mut wanted, mut have) = (record.security_groups.clone(), applied.clone());
        wanted.sort();
        have.sort();
        if !record.vpc.is_empty() && !wanted.is_empty() && wanted != have {
            journal.start(&format!("Applying {} to {target}'s subnets", record.security_groups.join(", ")));
            let members = json!({"VpcId": record.vpc, "SecurityGroupIds": record.security_groups});
            scope.change(&APPLY_SECURITY_GROUPS_TO_CLIENT_VPN_TARGET_NETWORK, members, &[]).await?;
            journal.done(&format!("applied {}", record.security_groups.join(", ")));
            applied = record.security_groups.clone();
        }
        let routes = record
            .routes
            .iter()
            .map(|kept| route(&kept.destination, &kept.subnet, kept.description.as_deref()))
            .collect();
        wait_all(scope, ensure(scope, journal, &ROUTE, routes, false).await?).await?;
        let tags = crate::commands::vpn::endpoint_tags(&now);
        let keys = crate::provision::sleep_record::record_keys(tags.iter().map(|(key, _)| key.as_str()));
        journal.start(&format!("Clearing the sleep record from {id}'s tags"));
        crate::aws::ec2::tags::delete_tags(connection, id, &keys).await?;
        journal.done("cleared the record");
        let status = crate::aws::vpn::state(&crate::aws::vpn::the_endpoint(connection, id, "").await?).to_owned();
        Ok(json!({
            "ClientVpnEndpointId": id,
            "Awake": true,
            "Status": status,
            "Restored": recorded_json(&record),
            "SecurityGroupIds": applied,
        }))
    })
}
