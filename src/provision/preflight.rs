//! What `cvpn up` checks before it creates or imports anything, on facts EC2 and ACM gave: the
//! subnets, the VPC, the client CIDR, a certificate someone brought. Every problem is found at
//! once, each with its fix. The rules are AWS's (AWS Client VPN administrator guide, "Rules and
//! best practices" and "Mutual authentication"), found before AWS finds them.

use ipnet::Ipv4Net;

use crate::pki::check::{CertificateFacts, Purpose, check_acm};

/// A subnet, as DescribeSubnets lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subnet {
    pub id: String,
    pub vpc_id: String,
    pub availability_zone: String,
    pub cidr_block: String,
    /// AvailableIpAddressCount.
    pub free_addresses: i32,
}

/// A VPC and its associated IPv4 CIDR blocks (the primary first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vpc {
    pub id: String,
    pub cidr_blocks: Vec<String>,
}

/// The client CIDRs `cvpn up` chooses from, in order, when `--client-cidr` is not given: the
/// first that overlaps none of the VPC's blocks. /22 is the smallest block Client VPN takes.
pub const CLIENT_CIDR_CHOICES: [&str; 5] =
    ["10.100.0.0/22", "10.200.0.0/22", "172.20.0.0/22", "192.168.252.0/22", "10.255.252.0/22"];

fn overlaps(a: &Ipv4Net, b: &Ipv4Net) -> bool {
    a.contains(&b.network()) || b.contains(&a.network())
}

fn parsed(blocks: &[String]) -> Vec<Ipv4Net> {
    blocks.iter().filter_map(|block| block.parse().ok()).collect()
}

/// The first of `CLIENT_CIDR_CHOICES` that overlaps none of `vpc_blocks`.
pub fn choose_client_cidr(vpc_blocks: &[String]) -> Option<&'static str> {
    let vpc = parsed(vpc_blocks);
    CLIENT_CIDR_CHOICES.into_iter().find(|choice| {
        let choice: Ipv4Net = choice.parse().expect("a valid CIDR");
        !vpc.iter().any(|block| overlaps(block, &choice))
    })
}

/// The subnets given must exist (`found` lists those that do), share one VPC and sit one per
/// Availability Zone.
pub fn check_subnets(given: &[String], found: &[Subnet]) -> Vec<String> {
    let mut problems = Vec::new();
    for id in given.iter().filter(|id| !found.iter().any(|subnet| &subnet.id == *id)) {
        problems.push(format!(
            "--subnet-id {id}: no such subnet in this region; `aws ec2 describe-subnets` lists them (check --region)"
        ));
    }
    let mut vpcs: Vec<&str> = found.iter().map(|subnet| subnet.vpc_id.as_str()).collect();
    vpcs.dedup();
    vpcs.sort_unstable();
    vpcs.dedup();
    if vpcs.len() > 1 {
        let each: Vec<String> = found.iter().map(|subnet| format!("{} in {}", subnet.id, subnet.vpc_id)).collect();
        problems.push(format!(
            "--subnet-id: the subnets belong to {} VPCs ({}); an endpoint serves one VPC: give subnets of one",
            vpcs.len(),
            each.join(", ")
        ));
    }
    for (index, subnet) in found.iter().enumerate() {
        if let Some(first) = found[..index].iter().find(|other| other.availability_zone == subnet.availability_zone) {
            problems.push(format!(
                "--subnet-id: {} and {} are both in {}; Client VPN takes one subnet per Availability Zone: drop one",
                first.id, subnet.id, subnet.availability_zone
            ));
        }
    }
    problems
}

/// The client CIDR must not overlap the VPC (Client VPN refuses it, and it cannot change later).
pub fn check_client_cidr(client_cidr: &str, vpc: &Vpc) -> Vec<String> {
    let Ok(client) = client_cidr.parse::<Ipv4Net>() else {
        return vec![format!("--client-cidr {client_cidr}: is not an IPv4 CIDR block (e.g. 10.100.0.0/22)")];
    };
    let mut problems = Vec::new();
    if !(12..=22).contains(&client.prefix_len()) {
        problems.push(format!(
            "--client-cidr {client_cidr}: Client VPN takes a block from /12 to /22, e.g. {}",
            choose_client_cidr(&vpc.cidr_blocks).unwrap_or("10.100.0.0/22")
        ));
    }
    for block in &vpc.cidr_blocks {
        if let Ok(parsed) = block.parse::<Ipv4Net>()
            && overlaps(&parsed, &client)
        {
            let fix = choose_client_cidr(&vpc.cidr_blocks)
                .map(|free| {
                    format!("use one that does not, e.g. --client-cidr {free}, or leave it out and cvpn picks one")
                })
                .unwrap_or_else(|| "use one that does not".to_owned());
            problems.push(format!("--client-cidr {client_cidr}: overlaps {block} of {}; {fix}", vpc.id));
        }
    }
    problems
}

/// The ARN's region: `arn:aws:acm:REGION:ACCOUNT:certificate/ID`.
pub fn arn_region(arn: &str) -> Option<&str> {
    arn.split(':').nth(3)
}

/// A certificate an endpoint uses must be in the endpoint's region. `given` names it as the user
/// gave it (`--server-cert ARN`).
pub fn check_region(given: &str, arn: &str, region: &str) -> Option<String> {
    let certificate_region = arn_region(arn).filter(|certificate_region| *certificate_region != region)?;
    Some(format!(
        "{given}: is in {certificate_region}, the endpoint in {region}; import the certificate into {region} \
         (or give --region {certificate_region})"
    ))
}

/// A certificate brought as `given` (`--server-cert ARN`) must serve as an endpoint's server
/// certificate: a domain, ISSUED, RSA 1024 or 2048, serverAuth, in the endpoint's region.
pub fn check_server_certificate(given: &str, facts: &CertificateFacts, region: &str) -> Vec<String> {
    let mut problems: Vec<String> = check_region(given, &facts.arn, region).into_iter().collect();
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let checked = check_acm(facts, Some(Purpose::Server), now);
    problems.extend(checked.findings.problems.iter().map(|problem| format!("{given}: {problem}")));
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subnet(id: &str, vpc: &str, zone: &str) -> Subnet {
        Subnet {
            id: id.into(),
            vpc_id: vpc.into(),
            availability_zone: zone.into(),
            cidr_block: "10.0.0.0/24".into(),
            free_addresses: 251,
        }
    }

    #[test]
    fn the_client_cidr_is_the_first_choice_that_misses_the_vpc() {
        assert_eq!(choose_client_cidr(&["172.31.0.0/16".into()]), Some("10.100.0.0/22"));
        assert_eq!(choose_client_cidr(&["10.0.0.0/8".into()]), Some("172.20.0.0/22"));
        assert_eq!(choose_client_cidr(&["10.0.0.0/8".into(), "172.16.0.0/12".into()]), Some("192.168.252.0/22"));
        let everything = ["0.0.0.0/0".to_owned()];
        assert_eq!(choose_client_cidr(&everything), None);
    }

    #[test]
    fn subnets_must_exist_share_a_vpc_and_sit_one_per_zone() {
        let given = ["subnet-1".to_owned(), "subnet-2".to_owned(), "subnet-9".to_owned()];
        let found = [subnet("subnet-1", "vpc-a", "us-east-1a"), subnet("subnet-2", "vpc-b", "us-east-1a")];
        let problems = check_subnets(&given, &found);
        assert_eq!(problems.len(), 3, "{problems:#?}");
        assert!(problems[0].contains("--subnet-id subnet-9: no such subnet"));
        assert!(problems[1].contains("2 VPCs (subnet-1 in vpc-a, subnet-2 in vpc-b)"));
        assert!(problems[2].contains("subnet-1 and subnet-2 are both in us-east-1a"));
        assert!(check_subnets(&given[..1], &found[..1]).is_empty());
    }

    #[test]
    fn a_client_cidr_that_overlaps_the_vpc_is_refused_with_a_free_one() {
        let vpc = Vpc { id: "vpc-a".into(), cidr_blocks: vec!["10.0.0.0/16".into(), "10.100.0.0/16".into()] };
        let problems = check_client_cidr("10.0.4.0/22", &vpc);
        assert_eq!(problems.len(), 1, "{problems:#?}");
        assert!(problems[0].contains("overlaps 10.0.0.0/16 of vpc-a"), "{}", problems[0]);
        assert!(problems[0].contains("--client-cidr 10.200.0.0/22"), "{}", problems[0]);
        assert!(check_client_cidr("10.200.0.0/22", &vpc).is_empty());
        assert!(check_client_cidr("10.200.0.0/24", &vpc)[0].contains("/12 to /22"));
        assert!(check_client_cidr("nonsense", &vpc)[0].contains("not an IPv4 CIDR"));
    }

    #[test]
    fn a_brought_server_certificate_must_have_what_client_vpn_needs() {
        let good = CertificateFacts {
            arn: "arn:aws:acm:us-east-1:123456789012:certificate/a".into(),
            domain: Some("server.example.internal".into()),
            status: Some("ISSUED".into()),
            key_algorithm: Some("RSA-2048".into()),
            extended_key_usages: vec!["TLS_WEB_SERVER_AUTHENTICATION".into()],
            ..CertificateFacts::default()
        };
        assert!(check_server_certificate(&format!("--server-cert {}", good.arn), &good, "us-east-1").is_empty());
        let bad = CertificateFacts {
            arn: "arn:aws:acm:eu-west-1:123456789012:certificate/b".into(),
            domain: None,
            status: Some("EXPIRED".into()),
            key_algorithm: Some("RSA-4096".into()),
            extended_key_usages: vec!["TLS_WEB_CLIENT_AUTHENTICATION".into()],
            ..CertificateFacts::default()
        };
        let problems = check_server_certificate(&format!("--server-cert {}", bad.arn), &bad, "us-east-1");
        assert_eq!(problems.len(), 5, "{problems:#?}");
        for expected in ["is in eu-west-1", "no domain", "EXPIRED", "RSA-4096", "serverAuth"] {
            assert!(problems.iter().any(|problem| problem.contains(expected)), "{expected}: {problems:#?}");
        }
    }
}
