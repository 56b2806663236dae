//! An endpoint's routes onto the SDK, and their answers back.

use aws_sdk_ec2::{Client, types};
use serde_json::Value;

use super::json::{Object, list, status_of};
use super::members::filters;
use super::{Answer, Call, finish};
use crate::api::operation::Document;
use crate::failure::Failure;
use crate::input::document::Members;

pub async fn create(client: &Client, call: &Call<'_>, request: &Document) -> Result<Answer, Failure> {
    let sent = client
        .create_client_vpn_route()
        .set_client_vpn_endpoint_id(request.text("ClientVpnEndpointId"))
        .set_destination_cidr_block(request.text("DestinationCidrBlock"))
        .set_target_vpc_subnet_id(request.text("TargetVpcSubnetId"))
        .set_description(request.text("Description"))
        .set_client_token(request.text("ClientToken"))
        .set_dry_run(request.boolean("DryRun"))
        .send()
        .await;
    finish(sent, call, |output| Object::default().put("Status", status_of!(output.status)))
}

pub async fn delete(client: &Client, call: &Call<'_>, request: &Document) -> Result<Answer, Failure> {
    let sent = client
        .delete_client_vpn_route()
        .set_client_vpn_endpoint_id(request.text("ClientVpnEndpointId"))
        .set_target_vpc_subnet_id(request.text("TargetVpcSubnetId"))
        .set_destination_cidr_block(request.text("DestinationCidrBlock"))
        .set_dry_run(request.boolean("DryRun"))
        .send()
        .await;
    finish(sent, call, |output| Object::default().put("Status", status_of!(output.status)))
}

fn route(route: &types::ClientVpnRoute) -> Value {
    Object::default()
        .text("ClientVpnEndpointId", route.client_vpn_endpoint_id.as_deref())
        .text("DestinationCidr", route.destination_cidr.as_deref())
        .text("TargetSubnet", route.target_subnet.as_deref())
        .text("Type", route.r#type.as_deref())
        .text("Origin", route.origin.as_deref())
        .put("Status", status_of!(route.status))
        .text("Description", route.description.as_deref())
        .text("TransitGatewayAttachmentId", route.transit_gateway_attachment_id.as_deref())
        .done()
}

pub async fn describe(client: &Client, call: &Call<'_>, request: &Document) -> Result<Answer, Failure> {
    let sent = client
        .describe_client_vpn_routes()
        .set_client_vpn_endpoint_id(request.text("ClientVpnEndpointId"))
        .set_filters(filters(request))
        .set_max_results(request.integer("MaxResults"))
        .set_next_token(request.text("NextToken"))
        .set_dry_run(request.boolean("DryRun"))
        .send()
        .await;
    finish(sent, call, |output| {
        Object::default()
            .put("Routes", list(output.routes.as_ref(), route))
            .text("NextToken", output.next_token.as_deref())
    })
}
