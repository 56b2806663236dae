//! The parts of an endpoint a workflow makes and removes, as data for the ensure step: a subnet's
//! association, an authorization rule for every group, a route; and their teardown mirrors in the
//! order AWS enforces (routes, rules, associations, then the endpoint).

use serde_json::{Value, json};

use crate::api::operations::{
    ASSOCIATE_CLIENT_VPN_TARGET_NETWORK, AUTHORIZE_CLIENT_VPN_INGRESS, CREATE_CLIENT_VPN_ROUTE,
    DELETE_CLIENT_VPN_ENDPOINT, DELETE_CLIENT_VPN_ROUTE, DESCRIBE_CLIENT_VPN_AUTHORIZATION_RULES,
    DESCRIBE_CLIENT_VPN_ENDPOINTS, DESCRIBE_CLIENT_VPN_ROUTES, DESCRIBE_CLIENT_VPN_TARGET_NETWORKS,
    DISASSOCIATE_CLIENT_VPN_TARGET_NETWORK, REVOKE_CLIENT_VPN_INGRESS,
};
use crate::aws::vpn::{state, text, text_of};
use crate::provision::ensure::{Making, Removing, Unwanted, Wanted};

pub const ASSOCIATION: Making = Making {
    describe: &DESCRIBE_CLIENT_VPN_TARGET_NETWORKS,
    change: &ASSOCIATE_CLIENT_VPN_TARGET_NETWORK,
    already: &["ClientVpnEndpointAssociationExists", "InvalidClientVpnDuplicateAssociationException"],
    done: "associated",
    wait_needs_answer: true,
};

/// `subnet` associated with the endpoint.
pub fn association(subnet: &str) -> Wanted {
    let (listed, waited) = (subnet.to_owned(), subnet.to_owned());
    let made = subnet.to_owned();
    Wanted {
        members: json!({"SubnetId": subnet}),
        listed: Box::new(move |network| {
            text(network, "TargetNetworkId") == listed && matches!(state(network), "associating" | "associated")
        }),
        step: format!("Associating {subnet}"),
        made: Box::new(move |answer| format!("associated {made} ({})", text_of(answer, "AssociationId"))),
        there_already: format!("{subnet} was associated already"),
        waiting_for: Box::new(move |answer| {
            format!("association {} ({waited}) to be associated", text_of(answer, "AssociationId"))
        }),
    }
}

pub const RULE: Making = Making {
    describe: &DESCRIBE_CLIENT_VPN_AUTHORIZATION_RULES,
    change: &AUTHORIZE_CLIENT_VPN_INGRESS,
    already: &["InvalidClientVpnDuplicateAuthorizationRule"],
    done: "active",
    wait_needs_answer: false,
};

/// `cidr` authorized for every group.
pub fn rule_for_all_groups(cidr: &str) -> Wanted {
    let (listed, made) = (cidr.to_owned(), cidr.to_owned());
    Wanted {
        members: json!({"TargetNetworkCidr": cidr, "AuthorizeAllGroups": true}),
        listed: Box::new(move |rule| {
            text(rule, "DestinationCidr") == listed
                && rule.get("AccessAll") == Some(&Value::Bool(true))
                && matches!(state(rule), "authorizing" | "active")
        }),
        step: format!("Authorizing {cidr} for all groups"),
        made: Box::new(move |_| format!("authorized {made}")),
        there_already: format!("{cidr} was authorized already"),
        waiting_for: {
            let what = format!("the rule for {cidr} to be active");
            Box::new(move |_| what.clone())
        },
    }
}

pub const ROUTE: Making = Making {
    describe: &DESCRIBE_CLIENT_VPN_ROUTES,
    change: &CREATE_CLIENT_VPN_ROUTE,
    already: &["InvalidClientVpnDuplicateRoute"],
    done: "active",
    wait_needs_answer: false,
};

/// A route to `cidr` through `subnet`, described as `description` when there is one.
pub fn route(cidr: &str, subnet: &str, description: Option<&str>) -> Wanted {
    let (listed_cidr, listed_subnet) = (cidr.to_owned(), subnet.to_owned());
    let made = format!("routed {cidr} through {subnet}");
    let what = format!("the route to {cidr} through {subnet} to be active");
    let mut members = json!({"DestinationCidrBlock": cidr, "TargetVpcSubnetId": subnet});
    if let Some(description) = description {
        members["Description"] = json!(description);
    }
    Wanted {
        members,
        listed: Box::new(move |route| {
            text(route, "DestinationCidr") == listed_cidr
                && text(route, "TargetSubnet") == listed_subnet
                && matches!(state(route), "creating" | "active")
        }),
        step: format!("Routing {cidr} through {subnet}"),
        made: Box::new(move |_| made.clone()),
        there_already: format!("the route through {subnet} existed already"),
        waiting_for: Box::new(move |_| what.clone()),
    }
}

/// Routes added by hand (an association's own route goes with it).
pub const ROUTE_REMOVAL: Removing = Removing {
    describe: &DESCRIBE_CLIENT_VPN_ROUTES,
    removable: |route| text(route, "Origin") == "add-route" && state(route) != "deleting",
    change: &DELETE_CLIENT_VPN_ROUTE,
    already: &["InvalidClientVpnRouteNotFound"],
    one_at_a_time: true,
};

/// A listed route, removed.
pub fn route_gone(route: &Value) -> Unwanted {
    let (cidr, subnet) = (text(route, "DestinationCidr"), text(route, "TargetSubnet"));
    Unwanted {
        members: json!({"DestinationCidrBlock": cidr, "TargetVpcSubnetId": subnet}),
        leaving: false,
        step: format!("Deleting the route to {cidr} through {subnet}"),
        removed: format!("deleted the route to {cidr} through {subnet}"),
        waiting_for: format!("the route to {cidr} through {subnet} to be gone"),
    }
}

pub const RULE_REMOVAL: Removing = Removing {
    describe: &DESCRIBE_CLIENT_VPN_AUTHORIZATION_RULES,
    removable: |rule| state(rule) != "revoking",
    change: &REVOKE_CLIENT_VPN_INGRESS,
    already: &["InvalidClientVpnEndpointAuthorizationRuleNotFound"],
    one_at_a_time: true,
};

/// A listed rule, revoked for whom it allows: every group, or its group.
pub fn rule_gone(rule: &Value) -> Unwanted {
    let cidr = text(rule, "DestinationCidr");
    let members = match rule.get("AccessAll") {
        Some(Value::Bool(true)) => json!({"TargetNetworkCidr": cidr, "RevokeAllGroups": true}),
        _ => json!({"TargetNetworkCidr": cidr, "AccessGroupId": text(rule, "GroupId")}),
    };
    Unwanted {
        members,
        leaving: false,
        step: format!("Revoking the rule for {cidr}"),
        removed: format!("revoked the rule for {cidr}"),
        waiting_for: format!("the rule for {cidr} to be gone"),
    }
}

/// Associations: every disassociation is sent, then each waited for.
pub const DISASSOCIATION: Removing = Removing {
    describe: &DESCRIBE_CLIENT_VPN_TARGET_NETWORKS,
    removable: |network| state(network) != "disassociated",
    change: &DISASSOCIATE_CLIENT_VPN_TARGET_NETWORK,
    already: &["InvalidClientVpnAssociationIdNotFound"],
    one_at_a_time: false,
};

/// A listed association, disassociated (one disassociating already is only waited for).
pub fn association_gone(network: &Value) -> Unwanted {
    let (association, subnet) = (text(network, "AssociationId"), text(network, "TargetNetworkId"));
    Unwanted {
        members: json!({"AssociationId": association}),
        leaving: state(network) == "disassociating",
        step: format!("Disassociating {subnet} ({association})"),
        removed: format!("disassociating {subnet}"),
        waiting_for: format!("association {association} to be gone"),
    }
}

pub const ENDPOINT_REMOVAL: Removing = Removing {
    describe: &DESCRIBE_CLIENT_VPN_ENDPOINTS,
    removable: |_| true,
    change: &DELETE_CLIENT_VPN_ENDPOINT,
    already: &["InvalidClientVpnEndpointId.NotFound"],
    one_at_a_time: true,
};

/// The endpoint itself, deleted once its parts are gone.
pub fn endpoint_gone(id: &str) -> Unwanted {
    Unwanted {
        members: json!({}),
        leaving: false,
        step: format!("Deleting endpoint {id}"),
        removed: format!("deleted endpoint {id}"),
        waiting_for: format!("endpoint {id} to be gone"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_part_is_found_in_the_states_that_count_as_there() {
        let wanted = association("subnet-1");
        let listed = |state: &str| json!({"TargetNetworkId": "subnet-1", "Status": {"Code": state}});
        assert!((wanted.listed)(&listed("associating")) && (wanted.listed)(&listed("associated")));
        assert!(!(wanted.listed)(&listed("disassociated")));
        assert!(!(wanted.listed)(&json!({"TargetNetworkId": "subnet-2", "Status": {"Code": "associated"}})));
        let rule = rule_for_all_groups("10.0.0.0/16");
        let for_group = json!({"DestinationCidr": "10.0.0.0/16", "GroupId": "g", "Status": {"Code": "active"}});
        assert!(!(rule.listed)(&for_group), "a rule for one group is not a rule for all");
        assert!((rule.listed)(
            &json!({"DestinationCidr": "10.0.0.0/16", "AccessAll": true, "Status": {"Code": "active"}})
        ));
    }

    #[test]
    fn teardown_revokes_a_rule_for_whom_it_allows() {
        let group = rule_gone(&json!({"DestinationCidr": "10.0.0.0/16", "GroupId": "g-1", "AccessAll": false}));
        assert_eq!(group.members, json!({"TargetNetworkCidr": "10.0.0.0/16", "AccessGroupId": "g-1"}));
        let all = rule_gone(&json!({"DestinationCidr": "10.0.0.0/16", "AccessAll": true}));
        assert_eq!(all.members, json!({"TargetNetworkCidr": "10.0.0.0/16", "RevokeAllGroups": true}));
        let manual = json!({"Origin": "add-route", "Status": {"Code": "active"}});
        assert!((ROUTE_REMOVAL.removable)(&manual));
        assert!(!(ROUTE_REMOVAL.removable)(&json!({"Origin": "associate", "Status": {"Code": "active"}})));
        let leaving = association_gone(&json!({"AssociationId": "a", "Status": {"Code": "disassociating"}}));
        assert!(leaving.leaving);
    }
}
