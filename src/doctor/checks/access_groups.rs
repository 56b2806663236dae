//! Authorization rules by group: Client VPN matches a client's traffic to the rule with the
//! longest prefix first, so a group (or every user) whose rule covers a network loses the part
//! another group has a longer rule for (AWS Client VPN administrator guide, Troubleshooting,
//! "Authorization rules for Active Directory groups not working as expected").

use ipnet::Ipv4Net;
use serde_json::Value;

use crate::doctor::{Answers, Check, Finding, Need, Severity, finding, status, text};

pub const CHECK: Check = Check {
    name: "access-groups",
    about: "no group loses a network to another group's longer-prefix rule (Client VPN matches the longest prefix)",
    needs: &[Need::Rules],
    run,
};

/// Who a rule lets in: every user, or one group.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Audience {
    Everyone,
    Group(String),
}

fn rule(item: &Value) -> Option<(Audience, Ipv4Net)> {
    if !matches!(status(item).0, "active" | "authorizing") {
        return None;
    }
    let destination = text(item, "DestinationCidr").parse().ok()?;
    let audience = if item.get("AccessAll").and_then(Value::as_bool) == Some(true) {
        Audience::Everyone
    } else {
        Audience::Group(text(item, "GroupId").to_owned())
    };
    Some((audience, destination))
}

fn run(answers: &Answers) -> Vec<Finding> {
    let id = answers.endpoint_id();
    let rules: Vec<(Audience, Ipv4Net)> = answers.rules.iter().filter_map(rule).collect();
    let mut lost: Vec<(Audience, Ipv4Net, String)> = Vec::new();
    for (longer_audience, longer) in &rules {
        let Audience::Group(longer_group) = longer_audience else { continue };
        for (audience, shorter) in &rules {
            let shadowed =
                audience != longer_audience && shorter.prefix_len() < longer.prefix_len() && shorter.contains(longer);
            let kept = rules.iter().any(|(other, destination)| {
                destination == longer && (*other == Audience::Everyone || other == audience)
            });
            if shadowed && !kept && !lost.iter().any(|(a, d, _)| a == audience && d == longer) {
                lost.push((audience.clone(), *longer, longer_group.clone()));
            }
        }
    }
    lost.into_iter()
        .map(|(audience, network, winner)| {
            let (who, flag) = match &audience {
                Audience::Everyone => ("every user".to_owned(), "--authorize-all-groups".to_owned()),
                Audience::Group(group) => (format!("group {group}"), format!("--access-group-id {group}")),
            };
            finding(
                Severity::Warning,
                CHECK.name,
                format!(
                    "{who} is authorized for a network holding {network}, but group {winner}'s rule for {network} is longer and matched first: {who} cannot reach {network}"
                ),
                format!("cvpn authorize {id} --target-network-cidr {network} {flag} --wait"),
                vec![network.to_string()],
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn group(cidr: &str, group: &str) -> Value {
        json!({"DestinationCidr": cidr, "GroupId": group, "AccessAll": false, "Status": {"Code": "active"}})
    }

    fn everyone(cidr: &str) -> Value {
        json!({"DestinationCidr": cidr, "GroupId": "", "AccessAll": true, "Status": {"Code": "active"}})
    }

    fn findings(rules: Vec<Value>) -> Vec<Finding> {
        run(&Answers { endpoint: json!({"ClientVpnEndpointId": "cvpn-endpoint-1"}), rules, ..Answers::default() })
    }

    #[test]
    fn a_shorter_rule_loses_what_another_group_has_a_longer_rule_for() {
        let lost = findings(vec![everyone("0.0.0.0/0"), group("10.1.0.0/16", "admins")]);
        assert_eq!(lost.len(), 1, "{lost:#?}");
        assert!(lost[0].message.starts_with("every user is authorized"), "{lost:#?}");
        assert!(lost[0].fix.ends_with("--target-network-cidr 10.1.0.0/16 --authorize-all-groups --wait"));
        let lost = findings(vec![group("10.0.0.0/8", "devs"), group("10.1.0.0/16", "admins")]);
        assert!(lost.len() == 1 && lost[0].fix.contains("--access-group-id devs"), "{lost:#?}");
    }

    #[test]
    fn nothing_is_lost_when_the_audience_has_the_longer_rule_too_or_it_is_its_own() {
        assert!(
            findings(vec![group("10.0.0.0/8", "devs"), group("10.1.0.0/16", "admins"), group("10.1.0.0/16", "devs")])
                .is_empty()
        );
        assert!(findings(vec![group("10.0.0.0/8", "devs"), group("10.1.0.0/16", "devs")]).is_empty());
        assert!(
            findings(vec![group("10.0.0.0/8", "devs"), group("10.1.0.0/16", "admins"), everyone("10.1.0.0/16")])
                .is_empty()
        );
        assert!(findings(vec![everyone("10.0.0.0/8"), everyone("10.1.0.0/16")]).is_empty(), "no group rule");
    }
}
