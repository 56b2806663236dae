//! The DNS servers the endpoint gives its clients: each must be reachable through the VPN (a
//! route and an authorization rule cover it, or clients resolve nothing), and one alone has no
//! fallback (info).

use std::net::Ipv4Addr;

use ipnet::Ipv4Net;
use serde_json::Value;

use crate::doctor::{Answers, Check, Finding, Need, Severity, finding, status, text};

pub const CHECK: Check = Check {
    name: "dns",
    about: "each DNS server the endpoint gives clients is reachable through a route and a rule; more than one",
    needs: &[Need::Rules, Need::Routes],
    run,
};

fn covering(items: &[Value], address: Ipv4Addr) -> bool {
    items
        .iter()
        .filter(|item| matches!(status(item).0, "active" | "authorizing" | "creating"))
        .filter_map(|item| text(item, "DestinationCidr").parse::<Ipv4Net>().ok())
        .any(|network| network.contains(&address))
}

fn run(answers: &Answers) -> Vec<Finding> {
    let id = answers.endpoint_id();
    let servers: Vec<&str> = answers
        .endpoint
        .get("DnsServers")
        .and_then(Value::as_array)
        .map(|servers| servers.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut findings = Vec::new();
    for server in &servers {
        let Ok(address) = server.parse::<Ipv4Addr>() else { continue };
        let (routed, authorized) = (covering(&answers.routes, address), covering(&answers.rules, address));
        if routed && authorized {
            continue;
        }
        let (missing, fix) = if !routed {
            (
                "no route leads to it",
                format!(
                    "cvpn route-add {id} --destination-cidr-block {server}/32 --target-vpc-subnet-id SUBNET --wait"
                ),
            )
        } else {
            (
                "no authorization rule allows it",
                format!("cvpn authorize {id} --target-network-cidr {server}/32 --authorize-all-groups --wait"),
            )
        };
        findings.push(finding(
            Severity::Problem,
            CHECK.name,
            format!("clients are given DNS server {server}, but {missing}: they resolve nothing"),
            fix,
            vec![(*server).to_owned()],
        ));
    }
    if servers.len() == 1 {
        findings.push(finding(
            Severity::Info,
            CHECK.name,
            format!("{} is the only DNS server clients are given: no fallback", servers[0]),
            format!("cvpn modify {id} --dns-servers CustomDnsServers={},SECOND,Enabled=true", servers[0]),
            vec![servers[0].to_owned()],
        ));
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn answers(servers: &[&str]) -> Answers {
        let active = |cidr: &str| json!({"DestinationCidr": cidr, "Status": {"Code": "active"}});
        Answers {
            endpoint: json!({"ClientVpnEndpointId": "cvpn-endpoint-1", "DnsServers": servers}),
            rules: vec![active("172.31.0.0/16")],
            routes: vec![active("172.31.0.0/16"), active("10.0.0.0/8")],
            ..Answers::default()
        }
    }

    #[test]
    fn a_dns_server_outside_the_vpns_reach_is_a_problem_and_one_alone_is_info() {
        assert!(run(&answers(&["172.31.0.2", "172.31.0.3"])).is_empty());
        let unrouted = run(&answers(&["192.168.1.1", "172.31.0.2"]));
        assert!(unrouted.len() == 1 && unrouted[0].message.contains("no route leads to it"), "{unrouted:#?}");
        let unauthorized = run(&answers(&["10.1.1.1", "172.31.0.2"]));
        assert!(unauthorized[0].message.contains("no authorization rule allows it"), "{unauthorized:#?}");
        let alone = run(&answers(&["172.31.0.2"]));
        assert_eq!((alone.len(), alone[0].severity), (1, Severity::Info));
        assert!(run(&answers(&[])).is_empty(), "no DNS servers: the client's own");
    }
}
