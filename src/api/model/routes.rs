//! The requests of an endpoint's route table.

use super::*;

/// CreateClientVpnRouteRequest.
pub static CREATE_CLIENT_VPN_ROUTE_REQUEST: Shape = Shape::Structure(&[
    endpoint_id("The ID of the Client VPN endpoint to which to add the route."),
    required("DestinationCidrBlock", &STRING, "The IPv4 address range, in CIDR notation, of the route destination.")
        .limited(Limit::Cidr),
    member("TargetVpcSubnetId", &STRING, "The ID of the subnet through which you want to route traffic.")
        .limited(Limit::SubnetOrLocal),
    member("Description", &STRING, "A brief description of the route."),
    client_token(),
    dry_run(),
]);

/// DeleteClientVpnRouteRequest.
pub static DELETE_CLIENT_VPN_ROUTE_REQUEST: Shape = Shape::Structure(&[
    endpoint_id("The ID of the Client VPN endpoint from which the route is to be deleted."),
    member("TargetVpcSubnetId", &STRING, "The ID of the target subnet used by the route.")
        .limited(Limit::SubnetOrLocal),
    required("DestinationCidrBlock", &STRING, "The IPv4 address range, in CIDR notation, of the route to be deleted.")
        .limited(Limit::Cidr),
    dry_run(),
]);

pub static ROUTE_FILTER_NAMES: &[&str] = &["destination-cidr", "origin", "target-subnet"];

/// DescribeClientVpnRoutesRequest.
pub static DESCRIBE_CLIENT_VPN_ROUTES_REQUEST: Shape = Shape::Structure(&[
    endpoint_id("The ID of the Client VPN endpoint."),
    filters(ROUTE_FILTER_NAMES),
    max_results(),
    next_token(),
    dry_run(),
]);
