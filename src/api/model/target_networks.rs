//! The requests of an endpoint's target networks (subnet associations).

use super::*;

/// AssociateClientVpnTargetNetworkRequest.
pub static ASSOCIATE_CLIENT_VPN_TARGET_NETWORK_REQUEST: Shape = Shape::Structure(&[
    endpoint_id("The ID of the Client VPN endpoint."),
    member("SubnetId", &STRING, "The ID of the subnet to associate with the Client VPN endpoint.")
        .limited(Limit::Id(SUBNET_ID_PREFIX)),
    client_token(),
    dry_run(),
    member("AvailabilityZone", &STRING, "The Availability Zone name for the Transit Gateway association."),
    member("AvailabilityZoneId", &STRING, "The Availability Zone ID for the Transit Gateway association."),
]);

/// DisassociateClientVpnTargetNetworkRequest.
pub static DISASSOCIATE_CLIENT_VPN_TARGET_NETWORK_REQUEST: Shape = Shape::Structure(&[
    endpoint_id("The ID of the Client VPN endpoint from which to disassociate the target network."),
    required("AssociationId", &STRING, "The ID of the target network association.")
        .limited(Limit::Id(ASSOCIATION_ID_PREFIX)),
    dry_run(),
]);

pub static TARGET_NETWORK_FILTER_NAMES: &[&str] = &["association-id", "target-network-id", "vpc-id"];

/// DescribeClientVpnTargetNetworksRequest.
pub static DESCRIBE_CLIENT_VPN_TARGET_NETWORKS_REQUEST: Shape = Shape::Structure(&[
    endpoint_id("The ID of the Client VPN endpoint."),
    member("AssociationIds", &STRING_LIST, "The IDs of the target network associations.")
        .limited(Limit::Id(ASSOCIATION_ID_PREFIX)),
    max_results(),
    next_token(),
    filters(TARGET_NETWORK_FILTER_NAMES),
    dry_run(),
]);

/// ApplySecurityGroupsToClientVpnTargetNetworkRequest.
pub static APPLY_SECURITY_GROUPS_TO_CLIENT_VPN_TARGET_NETWORK_REQUEST: Shape = Shape::Structure(&[
    endpoint_id("The ID of the Client VPN endpoint."),
    required("VpcId", &STRING, "The ID of the VPC in which the associated target network is located.")
        .limited(Limit::Id(VPC_ID_PREFIX)),
    required(
        "SecurityGroupIds",
        &STRING_LIST,
        "The IDs of the security groups to apply to the associated target network.",
    )
    .on_wire("SecurityGroupId")
    .limited(Limit::Id(SECURITY_GROUP_ID_PREFIX)),
    dry_run(),
]);
