//! The endpoint's target networks: an association that failed (with AWS's message) or is still
//! changing; an associated subnet with few free addresses (Client VPN places its network
//! interfaces there and needs at least 20 free: AWS Client VPN administrator guide, "Target
//! networks"); every associated subnet in one Availability Zone (info: no failover).

use crate::doctor::{Answers, Check, Finding, Need, Severity, finding, status, text, unread};

pub const CHECK: Check = Check {
    name: "associations",
    about: "no association failed or is stuck; each subnet has 20 free addresses; subnets in more than one zone",
    needs: &[Need::Networks, Need::Subnets],
    run,
};

/// The fewest free addresses Client VPN asks of a target subnet.
pub const FREE_ADDRESSES: i32 = 20;

fn run(answers: &Answers) -> Vec<Finding> {
    let id = answers.endpoint_id();
    let mut findings = Vec::new();
    for network in &answers.networks {
        let (state, message) = status(network);
        if state == "association-failed" {
            let (association, subnet) = (text(network, "AssociationId"), text(network, "TargetNetworkId"));
            let why = if message.is_empty() { String::new() } else { format!(": {message}") };
            findings.push(finding(
                Severity::Problem,
                CHECK.name,
                format!("the association of {subnet} failed{why}"),
                format!(
                    "cvpn disassociate {id} --association-id {association} --wait, then cvpn associate {id} --subnet-id {subnet} --wait"
                ),
                vec![association.to_owned(), subnet.to_owned()],
            ));
        }
    }
    for network in
        answers.networks.iter().filter(|network| matches!(status(network).0, "associating" | "disassociating"))
    {
        let (association, subnet) = (text(network, "AssociationId"), text(network, "TargetNetworkId"));
        findings.push(finding(
            Severity::Warning,
            CHECK.name,
            format!(
                "{subnet} is still {}: clients cannot use it until it settles (minutes); one that stays so is stuck",
                status(network).0
            ),
            format!("cvpn networks {id} --association-ids {association}"),
            vec![association.to_owned(), subnet.to_owned()],
        ));
    }
    let associated: Vec<&str> = answers
        .networks
        .iter()
        .filter(|network| status(network).0 == "associated")
        .map(|network| text(network, "TargetNetworkId"))
        .collect();
    let subnets: Vec<_> = answers.subnets.iter().filter(|subnet| associated.contains(&subnet.id.as_str())).collect();
    for subnet in subnets.iter().filter(|subnet| subnet.free_addresses < FREE_ADDRESSES) {
        findings.push(finding(
            Severity::Warning,
            CHECK.name,
            format!(
                "{} has {} free addresses: Client VPN needs {FREE_ADDRESSES} to add network interfaces as clients connect",
                subnet.id, subnet.free_addresses
            ),
            format!("free addresses in {}, or cvpn associate {id} --subnet-id SUBNET-WITH-ROOM --wait", subnet.id),
            vec![subnet.id.clone()],
        ));
    }
    let mut zones: Vec<&str> = subnets.iter().map(|subnet| subnet.availability_zone.as_str()).collect();
    zones.sort_unstable();
    zones.dedup();
    let one_zone = if subnets.is_empty() { associated.len() == 1 } else { zones.len() == 1 };
    if one_zone {
        let zone = zones.first().map(|zone| format!(" ({zone})")).unwrap_or_default();
        findings.push(finding(
            Severity::Info,
            CHECK.name,
            format!(
                "every associated subnet ({}) is in one Availability Zone{zone}: no failover if it has trouble",
                associated.join(", ")
            ),
            format!("cvpn associate {id} --subnet-id SUBNET-IN-ANOTHER-ZONE --wait"),
            associated.iter().map(|subnet| (*subnet).to_owned()).collect(),
        ));
    }
    findings.extend(unread(answers, CHECK.name, &[Need::Subnets]));
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_failed_association_is_a_problem_with_awss_message() {
        let answers = Answers {
            endpoint: json!({"ClientVpnEndpointId": "cvpn-endpoint-1"}),
            networks: vec![
                json!({"AssociationId": "a-1", "TargetNetworkId": "subnet-1", "Status": {"Code": "associated"}}),
                json!({"AssociationId": "a-2", "TargetNetworkId": "subnet-2",
                       "Status": {"Code": "association-failed", "Message": "Subnet has no free addresses"}}),
            ],
            ..Answers::default()
        };
        let findings = run(&answers);
        assert_eq!(findings.len(), 2, "{findings:#?}");
        assert!(findings[0].message.contains("subnet-2 failed: Subnet has no free addresses"));
        assert_eq!(findings[1].severity, Severity::Info, "one subnet is left associated");
    }

    fn subnet(id: &str, zone: &str, free: i32) -> crate::provision::preflight::Subnet {
        crate::provision::preflight::Subnet {
            id: id.into(),
            vpc_id: "vpc-1".into(),
            availability_zone: zone.into(),
            cidr_block: "10.0.0.0/24".into(),
            free_addresses: free,
        }
    }

    #[test]
    fn few_free_addresses_are_a_warning_and_one_zone_is_info_however_many_subnets() {
        let associated = |subnet: &str| json!({"AssociationId": format!("a-{subnet}"), "TargetNetworkId": subnet, "Status": {"Code": "associated"}});
        let answers = Answers {
            endpoint: json!({"ClientVpnEndpointId": "cvpn-endpoint-1"}),
            networks: vec![associated("subnet-1"), associated("subnet-2")],
            subnets: vec![subnet("subnet-1", "us-east-1a", 4000), subnet("subnet-2", "us-east-1a", 12)],
            ..Answers::default()
        };
        let findings = run(&answers);
        assert_eq!(findings.len(), 2, "{findings:#?}");
        assert!(findings[0].message.starts_with("subnet-2 has 12 free addresses"), "{findings:#?}");
        assert!(findings[1].message.contains("one Availability Zone (us-east-1a)"), "{findings:#?}");
        let spread = Answers {
            subnets: vec![subnet("subnet-1", "us-east-1a", 4000), subnet("subnet-2", "us-east-1b", 4000)],
            ..answers
        };
        assert!(run(&spread).is_empty(), "{:#?}", run(&spread));
    }

    #[test]
    fn an_association_still_changing_is_a_warning() {
        let answers = Answers {
            endpoint: json!({"ClientVpnEndpointId": "cvpn-endpoint-1"}),
            networks: vec![
                json!({"AssociationId": "a-1", "TargetNetworkId": "subnet-1", "Status": {"Code": "associating"}}),
            ],
            ..Answers::default()
        };
        let findings = run(&answers);
        assert_eq!((findings.len(), findings[0].severity), (1, Severity::Warning), "{findings:#?}");
    }
}
