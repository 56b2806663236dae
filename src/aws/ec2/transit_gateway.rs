//! A transit gateway owner's answers to a Client VPN attachment onto the SDK, and back.

use aws_sdk_ec2::{Client, types};
use serde_json::Value;

use super::json::Object;
use super::{Answer, Call, finish};
use crate::api::operation::Document;
use crate::failure::Failure;
use crate::input::document::Members;

fn attachment(attachment: &types::TransitGatewayClientVpnAttachment) -> Value {
    Object::default()
        .text("TransitGatewayAttachmentId", attachment.transit_gateway_attachment_id.as_deref())
        .text("TransitGatewayId", attachment.transit_gateway_id.as_deref())
        .text("ClientVpnEndpointId", attachment.client_vpn_endpoint_id.as_deref())
        .text("ClientVpnOwnerId", attachment.client_vpn_owner_id.as_deref())
        .text("State", attachment.state.as_ref().map(|state| state.as_str()))
        .text("CreationTime", attachment.creation_time.as_deref())
        .done()
}

/// The three operations take the same request and give the same answer.
macro_rules! attachment_operation {
    ($name:ident, $builder:ident) => {
        pub async fn $name(client: &Client, call: &Call<'_>, request: &Document) -> Result<Answer, Failure> {
            let sent = client
                .$builder()
                .set_transit_gateway_attachment_id(request.text("TransitGatewayAttachmentId"))
                .set_dry_run(request.boolean("DryRun"))
                .send()
                .await;
            finish(sent, call, |output| {
                Object::default().put(
                    "TransitGatewayClientVpnAttachment",
                    output.transit_gateway_client_vpn_attachment.as_ref().map(attachment),
                )
            })
        }
    };
}

attachment_operation!(accept, accept_transit_gateway_client_vpn_attachment);
attachment_operation!(reject, reject_transit_gateway_client_vpn_attachment);
attachment_operation!(delete, delete_transit_gateway_client_vpn_attachment);
