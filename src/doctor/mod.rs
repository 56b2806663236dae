//! `cvpn doctor`'s checks as data: each is a name, one line of what it looks at, the answers it
//! needs, and a pure function from those answers to findings, in a file of its own
//! (`checks/`). The command (`src/commands/doctor.rs`) asks AWS for what the chosen checks need,
//! at once, and runs them; here nothing touches the network, so every check is unit-tested.

pub mod checks;
pub mod vpc;

use ipnet::Ipv4Net;
use serde::Serialize;
use serde_json::Value;

use crate::pki::check::CertificateFacts;
use crate::pki::status::HeldList;
use crate::provision::preflight::Subnet;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Broken now, or for some clients.
    Problem,
    /// Will break, or breaks in some cases.
    Warning,
    Info,
}

/// One thing found: what it means, the fix as a command, the resources it is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Finding {
    pub severity: Severity,
    pub check: &'static str,
    pub message: String,
    pub fix: String,
    pub resources: Vec<String>,
}

/// What a check needs asked of AWS (each asked at most once per run, whatever needs it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// DescribeClientVpnTargetNetworks.
    Networks,
    /// DescribeClientVpnAuthorizationRules.
    Rules,
    /// DescribeClientVpnRoutes.
    Routes,
    /// ACM's DescribeCertificate of the server certificate and each client root chain.
    Certificates,
    /// ExportClientVpnClientCertificateRevocationList.
    RevocationList,
    /// DescribeSubnets of the endpoint's VPC (zones, free addresses).
    Subnets,
    /// DescribeVpcs of the endpoint's VPC (its CIDR blocks).
    Vpc,
    /// DescribeVpcAttribute `enableDnsSupport` of the endpoint's VPC.
    DnsSupport,
    /// DescribeRouteTables of the endpoint's VPC.
    RouteTables,
    /// DescribeNetworkAcls of the endpoint's VPC.
    NetworkAcls,
    /// DescribeSecurityGroupRules of the endpoint's security groups.
    GroupRules,
    /// The CA and server certificate cvpn holds for the VPN (files; nothing is asked).
    HeldCertificates,
}

impl Need {
    /// What it reads, for a finding that it could not be read.
    pub fn what(self) -> &'static str {
        match self {
            Need::Networks => "the target networks (ec2:DescribeClientVpnTargetNetworks)",
            Need::Rules => "the authorization rules (ec2:DescribeClientVpnAuthorizationRules)",
            Need::Routes => "the routes (ec2:DescribeClientVpnRoutes)",
            Need::Certificates => "the certificates (acm:DescribeCertificate)",
            Need::RevocationList => "the revocation list (ec2:ExportClientVpnClientCertificateRevocationList)",
            Need::Subnets => "the VPC's subnets (ec2:DescribeSubnets)",
            Need::Vpc => "the VPC (ec2:DescribeVpcs)",
            Need::DnsSupport => "the VPC's DNS support (ec2:DescribeVpcAttribute)",
            Need::RouteTables => "the VPC's route tables (ec2:DescribeRouteTables)",
            Need::NetworkAcls => "the VPC's network ACLs (ec2:DescribeNetworkAcls)",
            Need::GroupRules => "the security group rules (ec2:DescribeSecurityGroupRules)",
            Need::HeldCertificates => "the certificates cvpn holds for the VPN",
        }
    }
}

/// The serials of the CA and server certificate cvpn holds for the VPN (lowercase hex).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HeldCertificates {
    pub vpn: String,
    pub dir: String,
    pub ca_serial: String,
    pub server_serial: Option<String>,
}

/// What AWS answered, for the checks. The endpoint (DescribeClientVpnEndpoints) is always there.
#[derive(Debug, Default)]
pub struct Answers {
    pub endpoint: Value,
    pub networks: Vec<Value>,
    pub rules: Vec<Value>,
    pub routes: Vec<Value>,
    /// The server certificate's facts, when ACM has it.
    pub server_certificate: Option<CertificateFacts>,
    /// Each client root chain the endpoint names, with ACM's facts when it has them.
    pub root_chains: Vec<(String, Option<CertificateFacts>)>,
    /// The list the endpoint holds, when it holds one.
    pub revocation_list: Option<HeldList>,
    /// The subnets of the endpoint's VPC.
    pub subnets: Vec<Subnet>,
    /// The VPC's IPv4 CIDR blocks, the primary first.
    pub vpc_blocks: Vec<Ipv4Net>,
    /// The VPC's `enableDnsSupport`, when read.
    pub dns_support: Option<bool>,
    pub route_tables: Vec<vpc::RouteTable>,
    pub acls: Vec<vpc::NetworkAcl>,
    pub group_rules: Vec<vpc::GroupRule>,
    /// What cvpn holds for the VPN, when it holds its CA.
    pub held: Option<HeldCertificates>,
    /// What AWS would not answer (a permission missing, ...), and its error: the checks that
    /// need it say it was not checked.
    pub unread: Vec<(Need, String)>,
    /// Seconds since the epoch.
    pub now: i64,
}

impl Answers {
    pub fn endpoint_id(&self) -> &str {
        self.endpoint.get("ClientVpnEndpointId").and_then(Value::as_str).unwrap_or_default()
    }

    /// Whether `need` was answered (asked and not refused).
    pub fn read(&self, need: Need) -> bool {
        !self.unread.iter().any(|(unread, _)| *unread == need)
    }

    /// The endpoint's list of `name` (`DnsServers`, `SecurityGroupIds`, ...).
    pub fn endpoint_list(&self, name: &str) -> Vec<String> {
        texts(&self.endpoint, name)
    }
}

/// Warnings that what `needs` names could not be read, for a check to report instead of a
/// finding it cannot make.
pub fn unread(answers: &Answers, check: &'static str, needs: &[Need]) -> Vec<Finding> {
    answers
        .unread
        .iter()
        .filter(|(need, _)| needs.contains(need))
        .map(|(need, why)| {
            finding(
                Severity::Warning,
                check,
                format!("could not read {}, so this was not checked: {why}", need.what()),
                "grant the read permission named, then run doctor again".to_owned(),
                Vec::new(),
            )
        })
        .collect()
}

/// One check.
pub struct Check {
    pub name: &'static str,
    /// What it looks at, in a line (`--list-checks`).
    pub about: &'static str,
    pub needs: &'static [Need],
    pub run: fn(&Answers) -> Vec<Finding>,
}

/// Every check, in the order findings of equal severity are shown.
pub const CHECKS: [&Check; 10] = [
    &checks::endpoint::CHECK,
    &checks::associations::CHECK,
    &checks::certificates::CHECK,
    &checks::revocation_list::CHECK,
    &checks::authentication::CHECK,
    &checks::rules_and_routes::CHECK,
    &checks::access_groups::CHECK,
    &checks::quotas::CHECK,
    &checks::vpc_path::CHECK,
    &checks::dns::CHECK,
];

/// The checks named (all when none is), or the names that are not checks.
pub fn chosen(names: &[String]) -> Result<Vec<&'static Check>, Vec<String>> {
    if names.is_empty() {
        return Ok(CHECKS.to_vec());
    }
    let unknown: Vec<String> =
        names.iter().filter(|name| !CHECKS.iter().any(|check| check.name == name.as_str())).cloned().collect();
    if !unknown.is_empty() {
        return Err(unknown);
    }
    Ok(CHECKS.iter().copied().filter(|check| names.iter().any(|name| name == check.name)).collect())
}

/// Every finding of `checks`, problems first.
pub fn run(checks: &[&Check], answers: &Answers) -> Vec<Finding> {
    let mut findings: Vec<Finding> = checks.iter().flat_map(|check| (check.run)(answers)).collect();
    findings.sort_by_key(|finding| finding.severity);
    findings
}

/// A finding, for the checks to make.
pub fn finding(
    severity: Severity,
    check: &'static str,
    message: String,
    fix: String,
    resources: Vec<String>,
) -> Finding {
    Finding { severity, check, message, fix, resources }
}

/// The text of member `name` of an item.
pub fn text<'a>(item: &'a Value, name: &str) -> &'a str {
    item.get(name).and_then(Value::as_str).unwrap_or_default()
}

/// The texts of an item's list `name`.
pub fn texts(item: &Value, name: &str) -> Vec<String> {
    item.get(name)
        .and_then(Value::as_array)
        .map(|items| items.iter().filter_map(Value::as_str).map(str::to_owned).collect())
        .unwrap_or_default()
}

/// The value of an item's tag `key`.
pub fn tag<'a>(item: &'a Value, key: &str) -> Option<&'a str> {
    let tags = item.get("Tags").and_then(Value::as_array)?;
    tags.iter().find(|tag| text(tag, "Key") == key).map(|tag| text(tag, "Value"))
}

/// An item's `Status.Code` and `Status.Message`.
pub fn status(item: &Value) -> (&str, &str) {
    let status = item.get("Status");
    let field = |name: &str| status.and_then(|status| status.get(name)).and_then(Value::as_str).unwrap_or_default();
    (field("Code"), field("Message"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_are_chosen_by_name_and_unknown_names_are_refused() {
        assert_eq!(chosen(&[]).unwrap().len(), CHECKS.len());
        let one = chosen(&["certificates".to_owned()]).unwrap();
        assert_eq!(one.iter().map(|check| check.name).collect::<Vec<_>>(), ["certificates"]);
        assert_eq!(chosen(&["nope".to_owned()]).err().unwrap(), ["nope"]);
        let mut names: Vec<&str> = CHECKS.iter().map(|check| check.name).collect();
        names.dedup();
        assert_eq!(names.len(), CHECKS.len(), "names are unique");
    }
}
