//! Authorization rules and routes together: none failed; every route's destination authorized
//! by a rule and every rule's network routed (Client VPN needs both to pass traffic); each
//! manual route through every associated subnet, since a client lands on any of them (AWS Client
//! VPN administrator guide, Troubleshooting, "Traffic is not being split between subnets"); no
//! 0.0.0.0/0 route on a split-tunnel endpoint, whose clients would send all their traffic in.

use ipnet::Ipv4Net;
use serde_json::Value;

use crate::doctor::{Answers, Check, Finding, Need, Severity, finding, status, text};

pub const CHECK: Check = Check {
    name: "rules-and-routes",
    about: "no rule or route failed; every route authorized and every rule routed; manual routes through every subnet; no 0.0.0.0/0 route when split-tunnel",
    needs: &[Need::Networks, Need::Rules, Need::Routes],
    run,
};

fn cidr(item: &Value) -> Option<Ipv4Net> {
    text(item, "DestinationCidr").parse().ok()
}

fn run(answers: &Answers) -> Vec<Finding> {
    let id = answers.endpoint_id();
    let mut findings = Vec::new();
    for (what, items, failed) in [("rule", &answers.rules, "failed"), ("route", &answers.routes, "failed")] {
        for item in items.iter().filter(|item| status(item).0 == failed) {
            let destination = text(item, "DestinationCidr");
            findings.push(finding(
                Severity::Problem,
                CHECK.name,
                format!(
                    "the {what} for {destination} failed{}",
                    Some(status(item).1).filter(|m| !m.is_empty()).map(|m| format!(": {m}")).unwrap_or_default()
                ),
                format!("cvpn show {id}"),
                vec![destination.to_owned()],
            ));
        }
    }
    let live = |items: &[Value]| -> Vec<Ipv4Net> {
        items
            .iter()
            .filter(|item| matches!(status(item).0, "active" | "authorizing" | "creating"))
            .filter_map(cidr)
            .collect()
    };
    let (rules, routes) = (live(&answers.rules), live(&answers.routes));
    for route in &routes {
        if !rules.iter().any(|rule| rule.contains(route)) && !rules.iter().any(|rule| route.contains(rule)) {
            findings.push(finding(
                Severity::Problem,
                CHECK.name,
                format!(
                    "traffic to {route} is routed, but no authorization rule allows it: clients reach nothing there"
                ),
                format!("cvpn authorize {id} --target-network-cidr {route} --authorize-all-groups --wait"),
                vec![route.to_string()],
            ));
        }
    }
    for rule in &rules {
        if !routes.iter().any(|route| route.contains(rule)) {
            findings.push(finding(
                Severity::Problem,
                CHECK.name,
                format!("{rule} is authorized, but no route leads there: its traffic never enters the VPN"),
                format!("cvpn route-add {id} --destination-cidr-block {rule} --target-vpc-subnet-id SUBNET --wait"),
                vec![rule.to_string()],
            ));
        }
    }
    let subnets: Vec<&str> = answers
        .networks
        .iter()
        .filter(|network| status(network).0 == "associated")
        .map(|network| text(network, "TargetNetworkId"))
        .collect();
    let manual: Vec<&Value> = answers.routes.iter().filter(|route| text(route, "Origin") == "add-route").collect();
    let mut destinations: Vec<&str> = manual.iter().map(|route| text(route, "DestinationCidr")).collect();
    destinations.sort_unstable();
    destinations.dedup();
    for destination in destinations {
        let through: Vec<&str> = manual
            .iter()
            .filter(|route| text(route, "DestinationCidr") == destination)
            .map(|route| text(route, "TargetSubnet"))
            .collect();
        for subnet in subnets.iter().filter(|subnet| !through.contains(subnet)) {
            findings.push(finding(
                Severity::Warning,
                CHECK.name,
                format!("the route to {destination} does not go through {subnet}: clients who land on it cannot reach {destination}"),
                format!("cvpn route-add {id} --destination-cidr-block {destination} --target-vpc-subnet-id {subnet} --wait"),
                vec![destination.to_owned(), (*subnet).to_owned()],
            ));
        }
    }
    let split = answers.endpoint.get("SplitTunnel").and_then(Value::as_bool) == Some(true);
    if split && routes.iter().any(|route| route.prefix_len() == 0) {
        findings.push(finding(
            Severity::Warning,
            CHECK.name,
            "the endpoint is split-tunnel, yet routes 0.0.0.0/0: every client sends all its traffic in".into(),
            format!("cvpn route-delete {id} --destination-cidr-block 0.0.0.0/0 --target-vpc-subnet-id SUBNET, or turn split-tunnel off"),
            vec!["0.0.0.0/0".into()],
        ));
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn item(cidr: &str, state: &str) -> Value {
        json!({"DestinationCidr": cidr, "Status": {"Code": state}})
    }

    fn route(cidr: &str, subnet: &str, origin: &str) -> Value {
        json!({"DestinationCidr": cidr, "TargetSubnet": subnet, "Origin": origin, "Status": {"Code": "active"}})
    }

    fn answers(rules: Vec<Value>, routes: Vec<Value>, subnets: &[&str]) -> Answers {
        Answers {
            endpoint: json!({"ClientVpnEndpointId": "cvpn-endpoint-1", "SplitTunnel": true}),
            networks: subnets
                .iter()
                .map(|subnet| json!({"TargetNetworkId": subnet, "Status": {"Code": "associated"}}))
                .collect(),
            rules,
            routes,
            ..Answers::default()
        }
    }

    #[test]
    fn what_cvpn_up_makes_is_healthy() {
        let healthy = answers(
            vec![item("172.31.0.0/16", "active")],
            vec![route("172.31.0.0/16", "subnet-a", "associate"), route("172.31.0.0/16", "subnet-b", "associate")],
            &["subnet-a", "subnet-b"],
        );
        assert_eq!(run(&healthy), Vec::<Finding>::new());
    }

    #[test]
    fn a_route_without_a_rule_a_rule_without_a_route_and_a_missing_subnet_are_found() {
        let broken = answers(
            vec![item("172.31.0.0/16", "active"), item("192.168.0.0/16", "active"), item("10.9.0.0/16", "failed")],
            vec![route("172.31.0.0/16", "subnet-a", "associate"), route("10.0.0.0/8", "subnet-a", "add-route")],
            &["subnet-a", "subnet-b"],
        );
        let messages: Vec<String> = run(&broken).into_iter().map(|finding| finding.message).collect();
        for expected in [
            "the rule for 10.9.0.0/16 failed",
            "traffic to 10.0.0.0/8 is routed, but no authorization rule allows it",
            "192.168.0.0/16 is authorized, but no route leads there",
            "the route to 10.0.0.0/8 does not go through subnet-b",
        ] {
            assert!(messages.iter().any(|message| message.contains(expected)), "{expected}: {messages:#?}");
        }
        assert_eq!(messages.len(), 4, "nothing unrelated: {messages:#?}");
        let everything = answers(
            vec![item("0.0.0.0/0", "active")],
            vec![route("0.0.0.0/0", "subnet-a", "add-route")],
            &["subnet-a"],
        );
        let found = run(&everything);
        assert!(found.len() == 1 && found[0].message.contains("split-tunnel, yet routes 0.0.0.0/0"), "{found:#?}");
    }
}
