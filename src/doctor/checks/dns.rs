//! The DNS servers the endpoint gives its clients: each must be reachable through the VPN (a
//! route and an authorization rule cover it, or clients resolve nothing); the VPC resolver (the
//! VPC's base address plus two, or 169.254.169.253) answers only while the VPC's
//! `enableDnsSupport` is on (Amazon VPC user guide, "DNS attributes for your VPC"); one alone has
//! no fallback (info); a split-tunnel endpoint with none leaves clients on their own DNS, which
//! does not know the VPC's private names (info).

use std::net::Ipv4Addr;

use ipnet::Ipv4Net;
use serde_json::Value;

use crate::doctor::{Answers, Check, Finding, Need, Severity, finding, status, text, unread};

/// The Route 53 Resolver's address inside every VPC, besides its base plus two.
const LINK_LOCAL_RESOLVER: Ipv4Addr = Ipv4Addr::new(169, 254, 169, 253);

/// The VPC resolver's address in the VPC's primary block: its base plus two.
fn vpc_resolver(answers: &Answers) -> Option<Ipv4Addr> {
    let base = u32::from(answers.vpc_blocks.first()?.network());
    Some(Ipv4Addr::from(base + 2))
}

pub const CHECK: Check = Check {
    name: "dns",
    about: "each DNS server reachable through a route and a rule; the VPC resolver with DNS support on; more than one; private names when split-tunnel",
    needs: &[Need::Rules, Need::Routes, Need::Vpc, Need::DnsSupport],
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
    let servers = answers.endpoint_list("DnsServers");
    let mut findings = unread(answers, CHECK.name, &[Need::DnsSupport]);
    let resolver = vpc_resolver(answers);
    for server in &servers {
        let Ok(address) = server.parse::<Ipv4Addr>() else { continue };
        if answers.dns_support == Some(false) && (Some(address) == resolver || address == LINK_LOCAL_RESOLVER) {
            let vpc = text(&answers.endpoint, "VpcId");
            findings.push(finding(
                Severity::Problem,
                CHECK.name,
                format!(
                    "clients are given the VPC resolver {server}, but {vpc} has DNS support off: it answers nothing"
                ),
                format!("aws ec2 modify-vpc-attribute --vpc-id {vpc} --enable-dns-support Value=true"),
                vec![vpc.to_owned(), server.clone()],
            ));
        }
        if address == LINK_LOCAL_RESOLVER {
            continue;
        }
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
            vec![server.clone()],
        ));
    }
    let split = answers.endpoint.get("SplitTunnel").and_then(Value::as_bool) == Some(true);
    if split && servers.is_empty() {
        let resolver = resolver.map(|address| address.to_string()).unwrap_or_else(|| "VPC-BASE+2".to_owned());
        findings.push(finding(
            Severity::Info,
            CHECK.name,
            "split-tunnel with no DNS servers: clients resolve with their own DNS, which does not know the VPC's private names (Route 53 private zones, instance names)".to_owned(),
            format!("cvpn modify {id} --dns-servers CustomDnsServers={resolver},Enabled=true"),
            Vec::new(),
        ));
    }
    if servers.len() == 1 {
        findings.push(finding(
            Severity::Info,
            CHECK.name,
            format!("{} is the only DNS server clients are given: no fallback", servers[0]),
            format!("cvpn modify {id} --dns-servers CustomDnsServers={},SECOND,Enabled=true", servers[0]),
            vec![servers[0].clone()],
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

    #[test]
    fn the_vpc_resolver_without_dns_support_is_a_problem_and_split_tunnel_without_servers_info() {
        let mut with_resolver = answers(&["172.31.0.2", "172.31.0.3"]);
        with_resolver.vpc_blocks = vec!["172.31.0.0/16".parse().unwrap()];
        with_resolver.endpoint["VpcId"] = json!("vpc-1");
        assert!(run(&with_resolver).is_empty());
        with_resolver.dns_support = Some(false);
        let findings = run(&with_resolver);
        assert_eq!(findings.len(), 1, "{findings:#?}");
        assert!(findings[0].message.contains("vpc-1 has DNS support off"), "{findings:#?}");
        assert_eq!(findings[0].fix, "aws ec2 modify-vpc-attribute --vpc-id vpc-1 --enable-dns-support Value=true");
        let mut split = answers(&[]);
        split.endpoint["SplitTunnel"] = json!(true);
        split.vpc_blocks = vec!["172.31.0.0/16".parse().unwrap()];
        let findings = run(&split);
        assert_eq!((findings.len(), findings[0].severity), (1, Severity::Info), "{findings:#?}");
        assert!(findings[0].fix.contains("CustomDnsServers=172.31.0.2,Enabled=true"), "{}", findings[0].fix);
    }
}
