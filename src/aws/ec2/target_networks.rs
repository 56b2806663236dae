//! An endpoint's target networks onto the SDK: associate, disassociate, describe, and the
//! security groups of the associations; and their answers back.

use aws_sdk_ec2::{Client, types};
use serde_json::Value;

use super::json::{Object, list, status_of};
use super::members::{filters, strings};
use super::{Answer, Call, finish};
use crate::api::operation::Document;
use crate::failure::Failure;
use crate::input::document::Members;

pub async fn associate(client: &Client, call: &Call<'_>, request: &Document) -> Result<Answer, Failure> {
    let sent = client
        .associate_client_vpn_target_network()
        .set_client_vpn_endpoint_id(request.text("ClientVpnEndpointId"))
        .set_subnet_id(request.text("SubnetId"))
        .set_client_token(request.text("ClientToken"))
        .set_dry_run(request.boolean("DryRun"))
        .set_availability_zone(request.text("AvailabilityZone"))
        .set_availability_zone_id(request.text("AvailabilityZoneId"))
        .send()
        .await;
    finish(sent, call, |output| {
        Object::default()
            .text("AssociationId", output.association_id.as_deref())
            .put("Status", status_of!(output.status))
    })
}

pub async fn disassociate(client: &Client, call: &Call<'_>, request: &Document) -> Result<Answer, Failure> {
    let sent = client
        .disassociate_client_vpn_target_network()
        .set_client_vpn_endpoint_id(request.text("ClientVpnEndpointId"))
        .set_association_id(request.text("AssociationId"))
        .set_dry_run(request.boolean("DryRun"))
        .send()
        .await;
    finish(sent, call, |output| {
        Object::default()
            .text("AssociationId", output.association_id.as_deref())
            .put("Status", status_of!(output.status))
    })
}

fn target_network(network: &types::TargetNetwork) -> Value {
    Object::default()
        .text("AssociationId", network.association_id.as_deref())
        .text("VpcId", network.vpc_id.as_deref())
        .text("TargetNetworkId", network.target_network_id.as_deref())
        .text("ClientVpnEndpointId", network.client_vpn_endpoint_id.as_deref())
        .put("Status", status_of!(network.status))
        .texts("SecurityGroups", network.security_groups.as_ref())
        .texts("AvailabilityZones", network.availability_zones.as_ref())
        .texts("AvailabilityZoneIds", network.availability_zone_ids.as_ref())
        .done()
}

pub async fn describe(client: &Client, call: &Call<'_>, request: &Document) -> Result<Answer, Failure> {
    let sent = client
        .describe_client_vpn_target_networks()
        .set_client_vpn_endpoint_id(request.text("ClientVpnEndpointId"))
        .set_association_ids(strings(request, "AssociationIds"))
        .set_max_results(request.integer("MaxResults"))
        .set_next_token(request.text("NextToken"))
        .set_filters(filters(request))
        .set_dry_run(request.boolean("DryRun"))
        .send()
        .await;
    finish(sent, call, |output| {
        Object::default()
            .put("ClientVpnTargetNetworks", list(output.client_vpn_target_networks.as_ref(), target_network))
            .text("NextToken", output.next_token.as_deref())
    })
}

pub async fn apply_security_groups(client: &Client, call: &Call<'_>, request: &Document) -> Result<Answer, Failure> {
    let sent = client
        .apply_security_groups_to_client_vpn_target_network()
        .set_client_vpn_endpoint_id(request.text("ClientVpnEndpointId"))
        .set_vpc_id(request.text("VpcId"))
        .set_security_group_ids(strings(request, "SecurityGroupIds"))
        .set_dry_run(request.boolean("DryRun"))
        .send()
        .await;
    finish(sent, call, |output| Object::default().texts("SecurityGroupIds", output.security_group_ids.as_ref()))
}
