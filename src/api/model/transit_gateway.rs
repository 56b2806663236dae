//! The requests a transit gateway's owner answers a Client VPN attachment with.

use super::*;

const fn attachment_id() -> Member {
    required("TransitGatewayAttachmentId", &STRING, "The ID of the Transit Gateway attachment.")
        .limited(Limit::Id(TGW_ATTACHMENT_ID_PREFIX))
}

/// AcceptTransitGatewayClientVpnAttachmentRequest.
pub static ACCEPT_TRANSIT_GATEWAY_CLIENT_VPN_ATTACHMENT_REQUEST: Shape =
    Shape::Structure(&[attachment_id(), dry_run()]);

/// RejectTransitGatewayClientVpnAttachmentRequest.
pub static REJECT_TRANSIT_GATEWAY_CLIENT_VPN_ATTACHMENT_REQUEST: Shape =
    Shape::Structure(&[attachment_id(), dry_run()]);

/// DeleteTransitGatewayClientVpnAttachmentRequest.
pub static DELETE_TRANSIT_GATEWAY_CLIENT_VPN_ATTACHMENT_REQUEST: Shape =
    Shape::Structure(&[attachment_id(), dry_run()]);
