//! The requests of who may reach what: authorization rules, and the endpoint's authorization
//! policy (the last three are in aws-sdk-ec2's model, not yet in botocore's).

use super::*;

/// AuthorizeClientVpnIngressRequest.
pub static AUTHORIZE_CLIENT_VPN_INGRESS_REQUEST: Shape = Shape::Structure(&[
    endpoint_id("The ID of the Client VPN endpoint."),
    required(
        "TargetNetworkCidr",
        &STRING,
        "The IPv4 address range, in CIDR notation, of the network for which access is being authorized.",
    )
    .limited(Limit::Cidr),
    member(
        "AccessGroupId",
        &STRING,
        "The ID of the group to grant access to, for example, the Active Directory group or identity provider (IdP) group.",
    ),
    member("AuthorizeAllGroups", &BOOLEAN, "Indicates whether to grant access to all clients."),
    member("Description", &STRING, "A brief description of the authorization rule."),
    client_token(),
    dry_run(),
]);

/// RevokeClientVpnIngressRequest.
pub static REVOKE_CLIENT_VPN_INGRESS_REQUEST: Shape = Shape::Structure(&[
    endpoint_id("The ID of the Client VPN endpoint with which the authorization rule is associated."),
    required(
        "TargetNetworkCidr",
        &STRING,
        "The IPv4 address range, in CIDR notation, of the network for which access is being removed.",
    )
    .limited(Limit::Cidr),
    member("AccessGroupId", &STRING, "The ID of the Active Directory group for which to revoke access."),
    member(
        "RevokeAllGroups",
        &BOOLEAN,
        "Indicates whether access should be revoked for all groups for a single TargetNetworkCidr that earlier authorized ingress for all groups using AuthorizeAllGroups.",
    ),
    dry_run(),
]);

pub static AUTHORIZATION_RULE_FILTER_NAMES: &[&str] = &["description", "destination-cidr", "group-id"];

/// DescribeClientVpnAuthorizationRulesRequest.
pub static DESCRIBE_CLIENT_VPN_AUTHORIZATION_RULES_REQUEST: Shape = Shape::Structure(&[
    endpoint_id("The ID of the Client VPN endpoint."),
    dry_run(),
    next_token(),
    filters(AUTHORIZATION_RULE_FILTER_NAMES),
    max_results(),
]);

pub static SHADOW_MODES: &[&str] = &["enabled", "disabled"];
pub(super) static SHADOW_MODE: Shape = Shape::Enum(SHADOW_MODES);

/// GetClientVpnEndpointAuthorizationPolicyRequest.
pub static GET_CLIENT_VPN_ENDPOINT_AUTHORIZATION_POLICY_REQUEST: Shape =
    Shape::Structure(&[endpoint_id("The ID of the Client VPN endpoint."), dry_run()]);

/// ModifyClientVpnEndpointAuthorizationPolicyRequest.
pub static MODIFY_CLIENT_VPN_ENDPOINT_AUTHORIZATION_POLICY_REQUEST: Shape = Shape::Structure(&[
    endpoint_id("The ID of the Client VPN endpoint."),
    member("PolicyDocument", &STRING, "The authorization policy document, written in the Cedar policy language."),
    member("Description", &STRING, "A brief description of the authorization policy."),
    member("ShadowMode", &SHADOW_MODE, "Specifies whether the authorization policy is evaluated in shadow mode."),
    client_token(),
    dry_run(),
]);

/// DeleteClientVpnEndpointAuthorizationPolicyRequest.
pub static DELETE_CLIENT_VPN_ENDPOINT_AUTHORIZATION_POLICY_REQUEST: Shape =
    Shape::Structure(&[endpoint_id("The ID of the Client VPN endpoint."), dry_run()]);
