//! The endpoint's rules and routes beside their quotas (AWS Client VPN administrator guide,
//! "Quotas", https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/limits.html): 200
//! authorization rules per endpoint and 100 routes per target network association; past them
//! AuthorizeClientVpnIngress and CreateClientVpnRoute are refused (`…LimitExceeded`). A warning
//! from 90 % of either. Their Service Quotas codes: the rules' is L-9A1BC94B (the guide links
//! it); the routes' is found by its name, as the fix does.

use crate::doctor::{Answers, Check, Finding, Need, Severity, finding, text};

pub const CHECK: Check = Check {
    name: "quotas",
    about: "authorization rules (200 per endpoint) and routes (100 per associated subnet) below 90 % of their quotas",
    needs: &[Need::Rules, Need::Routes],
    run,
};

pub const RULES_PER_ENDPOINT: usize = 200;
pub const ROUTES_PER_ASSOCIATION: usize = 100;
const RULES_QUOTA_CODE: &str = "L-9A1BC94B";
const ROUTES_QUOTA_NAME: &str = "Routes per Client VPN target network association";

fn near(count: usize, quota: usize) -> bool {
    count * 10 >= quota * 9
}

fn run(answers: &Answers) -> Vec<Finding> {
    let mut findings = Vec::new();
    let rules = answers.rules.len();
    if near(rules, RULES_PER_ENDPOINT) {
        findings.push(finding(
            Severity::Warning,
            CHECK.name,
            format!(
                "{rules} of {RULES_PER_ENDPOINT} authorization rules: past the quota AuthorizeClientVpnIngress is refused (ClientVpnAuthorizationRuleLimitExceeded)"
            ),
            format!(
                "aws service-quotas request-service-quota-increase --service-code ec2 --quota-code {RULES_QUOTA_CODE} --desired-value {} (or merge rules into wider CIDRs)",
                RULES_PER_ENDPOINT * 2
            ),
            Vec::new(),
        ));
    }
    let mut subnets: Vec<&str> = answers.routes.iter().map(|route| text(route, "TargetSubnet")).collect();
    subnets.sort_unstable();
    subnets.dedup();
    for subnet in subnets {
        let routes = answers.routes.iter().filter(|route| text(route, "TargetSubnet") == subnet).count();
        if near(routes, ROUTES_PER_ASSOCIATION) {
            findings.push(finding(
                Severity::Warning,
                CHECK.name,
                format!(
                    "{routes} of {ROUTES_PER_ASSOCIATION} routes through {subnet}: past the quota CreateClientVpnRoute is refused (ClientVpnRouteLimitExceeded)"
                ),
                format!(
                    "aws service-quotas list-service-quotas --service-code ec2 --query \"Quotas[?QuotaName=='{ROUTES_QUOTA_NAME}'].[QuotaCode,Value]\" (then request-service-quota-increase with that code; or merge routes into wider CIDRs)"
                ),
                vec![subnet.to_owned()],
            ));
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ninety_percent_of_a_quota_is_a_warning() {
        let rule = |n: usize| json!({"DestinationCidr": format!("10.{n}.0.0/16"), "Status": {"Code": "active"}});
        let route = |n: usize| json!({"DestinationCidr": format!("10.{n}.0.0/16"), "TargetSubnet": "subnet-1"});
        let answers = |rules: usize, routes: usize| Answers {
            endpoint: json!({"ClientVpnEndpointId": "cvpn-endpoint-1"}),
            rules: (0..rules).map(rule).collect(),
            routes: (0..routes).map(route).collect(),
            ..Answers::default()
        };
        assert!(run(&answers(179, 89)).is_empty());
        let findings = run(&answers(180, 90));
        assert_eq!(findings.len(), 2, "{findings:#?}");
        assert!(findings[0].message.starts_with("180 of 200 authorization rules"));
        assert!(findings[1].message.starts_with("90 of 100 routes through subnet-1"));
        assert!(findings[0].fix.starts_with(
            "aws service-quotas request-service-quota-increase --service-code ec2 --quota-code L-9A1BC94B --desired-value 400"
        ));
        assert!(findings[1].fix.contains("Quotas[?QuotaName=='Routes per Client VPN target network association']"));
    }
}
