//! The requests that change or remove an endpoint: ModifyClientVpnEndpoint and
//! DeleteClientVpnEndpoint.

use super::*;

static DNS_SERVERS_MODIFY: Shape = Shape::Structure(&[
    member(
        "CustomDnsServers",
        &STRING_LIST,
        "The IPv4 address range, in CIDR notation, of the DNS servers to be used.",
    ),
    member("Enabled", &BOOLEAN, "Indicates whether DNS servers should be used."),
]);

/// ModifyClientVpnEndpointRequest, members in the model's order.
pub static MODIFY_CLIENT_VPN_ENDPOINT_REQUEST: Shape = Shape::Structure(&[
    endpoint_id("The ID of the Client VPN endpoint to modify."),
    member("ServerCertificateArn", &STRING, "The ARN of the server certificate to be used."),
    member("ConnectionLogOptions", &CONNECTION_LOG_OPTIONS, "Information about the client connection logging options."),
    member(
        "DnsServers",
        &DNS_SERVERS_MODIFY,
        "Information about the DNS servers to be used by Client VPN connections.",
    ),
    VPN_PORT_MEMBER,
    DESCRIPTION_MEMBER,
    member("SplitTunnel", &BOOLEAN, "Indicates whether the VPN is split-tunnel."),
    dry_run(),
    member("SecurityGroupIds", &STRING_LIST, "The IDs of one or more security groups to apply to the target network.")
        .on_wire("SecurityGroupId")
        .limited(Limit::Id(SECURITY_GROUP_ID_PREFIX)),
    member("VpcId", &STRING, "The ID of the VPC to associate with the Client VPN endpoint.")
        .limited(Limit::Id(VPC_ID_PREFIX)),
    SELF_SERVICE_PORTAL_MEMBER,
    CLIENT_CONNECT_OPTIONS_MEMBER,
    SESSION_TIMEOUT_HOURS_MEMBER,
    CLIENT_LOGIN_BANNER_OPTIONS_MEMBER,
    CLIENT_ROUTE_ENFORCEMENT_OPTIONS_MEMBER,
    member(
        "DisconnectOnSessionTimeout",
        &BOOLEAN,
        "Indicates whether the client VPN session is disconnected after the maximum timeout specified in sessionTimeoutHours is reached.",
    ),
    member(
        "TransitGatewayConfiguration",
        &TRANSIT_GATEWAY_CONFIGURATION,
        "The Transit Gateway configuration for the Client VPN endpoint.",
    ),
    DEVICE_POSTURE_OPTIONS_MEMBER,
]);

/// DeleteClientVpnEndpointRequest.
pub static DELETE_CLIENT_VPN_ENDPOINT_REQUEST: Shape =
    Shape::Structure(&[endpoint_id("The ID of the Client VPN to be deleted."), dry_run()]);
