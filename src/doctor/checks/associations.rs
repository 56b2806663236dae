//! The endpoint's target networks: an association that failed (with AWS's message), and a single
//! associated subnet (info: one Availability Zone, no failover).

use crate::doctor::{Answers, Check, Finding, Need, Severity, finding, status, text};

pub const CHECK: Check = Check {
    name: "associations",
    about: "no association failed; more than one subnet is associated (failover across zones)",
    needs: &[Need::Networks],
    run,
};

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
    let associated: Vec<&str> = answers
        .networks
        .iter()
        .filter(|network| status(network).0 == "associated")
        .map(|network| text(network, "TargetNetworkId"))
        .collect();
    if associated.len() == 1 {
        findings.push(finding(
            Severity::Info,
            CHECK.name,
            format!("only {} is associated: one Availability Zone, no failover if it has trouble", associated[0]),
            format!("cvpn associate {id} --subnet-id SUBNET-IN-ANOTHER-ZONE --wait"),
            vec![associated[0].to_owned()],
        ));
    }
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
}
