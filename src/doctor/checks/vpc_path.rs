//! The path past the endpoint, for each of its routes through an associated subnet: the subnet's
//! route table leads to the destination (the internet needs an internet or NAT gateway, a peered
//! or on-premises network its own route); the subnet's network ACL lets the traffic out and the
//! replies (ephemeral ports) back in; the endpoint's security groups let it out; and the client
//! CIDR overlaps neither the VPC nor a destination (re:Post knowledge center,
//! "client-vpn-give-users-resource-access"; AWS Client VPN administrator guide, "Best practices").

use ipnet::Ipv4Net;

use crate::doctor::vpc::{acl_decides, acl_of, egress_allows, free_rule_number, route_for, routes_part_of, table_of};
use crate::doctor::{Answers, Check, Finding, Need, Severity, finding, status, text, unread};

pub const CHECK: Check = Check {
    name: "vpc-path",
    about: "each route's subnet has a route table target, network ACLs both ways and security-group egress; the client CIDR overlaps nothing",
    needs: &[Need::Routes, Need::Vpc, Need::RouteTables, Need::NetworkAcls, Need::GroupRules],
    run,
};

/// Ephemeral ports: where replies come back to.
const EPHEMERAL: (i32, i32) = (1024, 65535);

fn run(answers: &Answers) -> Vec<Finding> {
    let mut findings = unread(answers, CHECK.name, CHECK.needs);
    let live = answers.routes.iter().filter(|route| matches!(status(route).0, "active" | "creating"));
    let mut paths: Vec<(&str, Ipv4Net)> = live
        .filter_map(|route| Some((text(route, "TargetSubnet"), text(route, "DestinationCidr").parse().ok()?)))
        .collect();
    paths.dedup();
    for (subnet, destination) in &paths {
        findings.extend(route_table(answers, subnet, destination));
        findings.extend(network_acl(answers, subnet, destination));
    }
    findings.extend(security_groups(answers, &paths));
    findings.extend(overlaps(answers));
    let mut seen = Vec::new();
    findings.retain(|finding| {
        let new = !seen.contains(&finding.message);
        seen.push(finding.message.clone());
        new
    });
    findings
}

fn route_table(answers: &Answers, subnet: &str, destination: &Ipv4Net) -> Option<Finding> {
    let table = table_of(&answers.route_tables, subnet)?;
    let needed = if destination.prefix_len() == 0 {
        "the internet needs an internet or NAT gateway"
    } else {
        "a network beyond the VPC needs its peering connection, transit gateway or VPN gateway"
    };
    match route_for(table, destination) {
        Some(route) if route.blackhole => Some(finding(
            Severity::Problem,
            CHECK.name,
            format!(
                "{subnet}'s route table {} sends {destination} to {}, which is gone (blackhole): clients reach nothing there",
                table.id, route.target
            ),
            format!(
                "aws ec2 replace-route --route-table-id {} --destination-cidr-block {} --gateway-id GATEWAY-ID",
                table.id,
                route.destination.map(|network| network.to_string()).unwrap_or_default()
            ),
            vec![table.id.clone(), subnet.to_owned()],
        )),
        Some(_) => None,
        None => {
            let partly = routes_part_of(table, destination);
            Some(finding(
                if partly { Severity::Warning } else { Severity::Problem },
                CHECK.name,
                format!(
                    "{subnet}'s route table {} has no route for {}{destination}: traffic from clients there is dropped ({needed})",
                    table.id,
                    if partly { "all of " } else { "" }
                ),
                format!(
                    "aws ec2 create-route --route-table-id {} --destination-cidr-block {destination} --gateway-id {}",
                    table.id,
                    if destination.prefix_len() == 0 { "INTERNET-GATEWAY-ID" } else { "GATEWAY-ID" }
                ),
                vec![table.id.clone(), subnet.to_owned()],
            ))
        }
    }
}

fn network_acl(answers: &Answers, subnet: &str, destination: &Ipv4Net) -> Vec<Finding> {
    let Some(acl) = acl_of(&answers.acls, subnet) else { return Vec::new() };
    let mut findings = Vec::new();
    let (out, out_rule) = acl_decides(acl, true, destination, "-1", (0, 65535));
    let (back, back_rule) = acl_decides(acl, false, destination, "6", EPHEMERAL);
    let rule = |number: i32| if number == i32::MAX { "the final deny".to_owned() } else { format!("rule {number}") };
    if !out {
        findings.push(finding(
            Severity::Problem,
            CHECK.name,
            format!(
                "{subnet}'s network ACL {} denies traffic out to {destination} ({}): clients reach nothing there",
                acl.id,
                rule(out_rule)
            ),
            format!(
                "aws ec2 create-network-acl-entry --network-acl-id {} --egress --rule-number {} --protocol -1 --cidr-block {destination} --rule-action allow",
                acl.id,
                free_rule_number(acl, true, out_rule)
            ),
            vec![acl.id.clone(), subnet.to_owned()],
        ));
    }
    if !back {
        findings.push(finding(
            Severity::Problem,
            CHECK.name,
            format!(
                "{subnet}'s network ACL {} denies the replies from {destination} to ports 1024-65535 ({}): connections to it hang",
                acl.id,
                rule(back_rule)
            ),
            format!(
                "aws ec2 create-network-acl-entry --network-acl-id {} --ingress --rule-number {} --protocol tcp --port-range From=1024,To=65535 --cidr-block {destination} --rule-action allow",
                acl.id,
                free_rule_number(acl, false, back_rule)
            ),
            vec![acl.id.clone(), subnet.to_owned()],
        ));
    }
    findings
}

fn security_groups(answers: &Answers, paths: &[(&str, Ipv4Net)]) -> Vec<Finding> {
    let groups = answers.endpoint_list("SecurityGroupIds");
    if groups.is_empty() || !answers.read(Need::GroupRules) {
        return Vec::new();
    }
    let mut destinations: Vec<Ipv4Net> = paths.iter().map(|(_, destination)| *destination).collect();
    destinations.sort();
    destinations.dedup();
    destinations
        .into_iter()
        .filter(|destination| !egress_allows(&answers.group_rules, &groups, destination))
        .map(|destination| {
            finding(
                Severity::Problem,
                CHECK.name,
                format!(
                    "the endpoint's security groups ({}) allow no traffic out to {destination}: clients reach nothing there",
                    groups.join(", ")
                ),
                format!("aws ec2 authorize-security-group-egress --group-id {} --protocol all --cidr {destination}", groups[0]),
                groups.clone(),
            )
        })
        .collect()
}

fn overlaps(answers: &Answers) -> Vec<Finding> {
    let Ok(client) = text(&answers.endpoint, "ClientCidrBlock").parse::<Ipv4Net>() else { return Vec::new() };
    let id = answers.endpoint_id();
    let mut findings = Vec::new();
    let rebuild = format!(
        "a client CIDR cannot change: make a new endpoint with one that overlaps nothing (cvpn down NAME, then cvpn up NAME --client-cidr CIDR), or remove the overlap; cvpn show {id}"
    );
    for block in
        answers.vpc_blocks.iter().filter(|block| block.contains(&client.network()) || client.contains(&block.network()))
    {
        findings.push(finding(
            Severity::Problem,
            CHECK.name,
            format!("the client CIDR {client} overlaps the VPC's block {block}: traffic between them goes astray"),
            rebuild.clone(),
            vec![block.to_string()],
        ));
    }
    let destinations = answers
        .routes
        .iter()
        .filter(|route| text(route, "Origin") == "add-route")
        .filter_map(|route| text(route, "DestinationCidr").parse::<Ipv4Net>().ok())
        .chain(answers.route_tables.iter().flat_map(|table| table.routes.iter().filter_map(|route| route.destination)));
    let mut flagged = Vec::new();
    for destination in destinations {
        let overlap = destination.prefix_len() > 0
            && (destination.contains(&client.network()) || client.contains(&destination.network()))
            && !answers.vpc_blocks.contains(&destination);
        if overlap && !flagged.contains(&destination) {
            flagged.push(destination);
            findings.push(finding(
                Severity::Problem,
                CHECK.name,
                format!(
                    "the client CIDR {client} overlaps the route destination {destination}: clients cannot reach the overlapping addresses"
                ),
                rebuild.clone(),
                vec![destination.to_string()],
            ));
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doctor::vpc::{AclEntry, GroupRule, NetworkAcl, RouteTable, TableRoute};
    use serde_json::json;

    fn net(text: &str) -> Ipv4Net {
        text.parse().unwrap()
    }

    fn healthy() -> Answers {
        let route = |destination: &str, target: &str| TableRoute {
            destination: Some(net(destination)),
            target: target.into(),
            blackhole: false,
        };
        let entry = |number, egress, allow| AclEntry {
            number,
            egress,
            protocol: "-1".into(),
            allow,
            cidr: Some(net("0.0.0.0/0")),
            ports: None,
        };
        let vpn_route = |destination: &str| json!({"DestinationCidr": destination, "TargetSubnet": "subnet-1", "Origin": "add-route", "Status": {"Code": "active"}});
        Answers {
            endpoint: json!({"ClientVpnEndpointId": "cvpn-endpoint-1", "ClientCidrBlock": "10.200.0.0/22",
                             "SecurityGroupIds": ["sg-1"]}),
            routes: vec![vpn_route("172.31.0.0/16"), vpn_route("0.0.0.0/0")],
            vpc_blocks: vec![net("172.31.0.0/16")],
            route_tables: vec![RouteTable {
                id: "rtb-1".into(),
                main: true,
                subnets: vec![],
                routes: vec![route("172.31.0.0/16", "local"), route("0.0.0.0/0", "igw-1")],
            }],
            acls: vec![NetworkAcl {
                id: "acl-1".into(),
                default: true,
                subnets: vec!["subnet-1".into()],
                entries: vec![
                    entry(100, true, true),
                    entry(32767, true, false),
                    entry(100, false, true),
                    entry(32767, false, false),
                ],
            }],
            group_rules: vec![GroupRule {
                group: "sg-1".into(),
                egress: true,
                protocol: "-1".into(),
                cidr: Some(net("0.0.0.0/0")),
            }],
            ..Answers::default()
        }
    }

    #[test]
    fn a_healthy_path_has_no_finding() {
        assert!(run(&healthy()).is_empty(), "{:#?}", run(&healthy()));
    }

    #[test]
    fn a_route_table_without_the_internet_is_a_problem_naming_the_table() {
        let mut answers = healthy();
        answers.route_tables[0].routes.pop();
        let findings = run(&answers);
        assert_eq!(findings.len(), 1, "{findings:#?}");
        assert!(findings[0].message.contains("rtb-1 has no route for 0.0.0.0/0"), "{findings:#?}");
        assert!(findings[0].fix.contains("create-route --route-table-id rtb-1 --destination-cidr-block 0.0.0.0/0"));
        answers.route_tables[0].routes.push(TableRoute {
            destination: Some(net("0.0.0.0/0")),
            target: "nat-1".into(),
            blackhole: true,
        });
        assert!(run(&answers)[0].message.contains("nat-1, which is gone"), "{:#?}", run(&answers));
    }

    #[test]
    fn an_acl_that_denies_either_way_is_a_problem_with_a_rule_before_the_deny() {
        let mut answers = healthy();
        answers.acls[0].entries.push(AclEntry {
            number: 50,
            egress: false,
            protocol: "-1".into(),
            allow: false,
            cidr: Some(net("0.0.0.0/0")),
            ports: None,
        });
        let findings = run(&answers);
        assert_eq!(findings.len(), 2, "both destinations' replies: {findings:#?}");
        assert!(findings[0].message.contains("denies the replies from 172.31.0.0/16"), "{findings:#?}");
        assert!(findings[0].fix.contains("--ingress --rule-number 40 --protocol tcp"), "{}", findings[0].fix);
    }

    #[test]
    fn no_egress_rule_and_an_overlapping_client_cidr_are_problems() {
        let mut answers = healthy();
        answers.group_rules[0].cidr = Some(net("172.31.0.0/16"));
        let findings = run(&answers);
        assert_eq!(findings.len(), 1, "{findings:#?}");
        assert!(findings[0].fix.ends_with("--group-id sg-1 --protocol all --cidr 0.0.0.0/0"), "{}", findings[0].fix);
        let mut answers = healthy();
        answers.route_tables[0].routes.push(TableRoute {
            destination: Some(net("10.200.0.0/16")),
            target: "pcx-1".into(),
            blackhole: false,
        });
        let findings = run(&answers);
        assert!(
            findings.len() == 1 && findings[0].message.contains("overlaps the route destination 10.200.0.0/16"),
            "{findings:#?}"
        );
    }

    #[test]
    fn what_could_not_be_read_is_a_warning_not_a_verdict() {
        let mut answers = healthy();
        answers.route_tables.clear();
        answers.unread.push((Need::RouteTables, "UnauthorizedOperation: You are not authorized".into()));
        let findings = run(&answers);
        assert_eq!((findings.len(), findings[0].severity), (1, Severity::Warning), "{findings:#?}");
        assert!(findings[0].message.contains("ec2:DescribeRouteTables"));
    }
}
