//! `cvpn up`'s first step, read-only: the subnets and their VPC, the endpoint if one exists, the
//! client CIDR, the server certificate (brought, or imported by a run before). Every problem is
//! found at once and refused before anything is made (exit 252).

use std::path::Path;

use serde_json::Value;

use super::UpArgs;
use crate::aws::Connection;
use crate::aws::vpn::text;
use crate::failure::Failure;
use crate::provision::journal::Journal;
use crate::provision::preflight::{Subnet, Vpc, check_client_cidr, check_subnets, choose_client_cidr};

/// What the pre-flight found: the network, the endpoint if it exists, the certificate to use.
pub struct Found {
    pub vpc: Vpc,
    pub subnets: Vec<Subnet>,
    pub endpoint: Option<Value>,
    pub client_cidr: String,
    /// The server certificate in ACM, when it is there already (brought, or imported by a run before).
    pub server_arn: Option<String>,
    pub client_root_arn: Option<String>,
}

impl Found {
    pub fn endpoint_id(&self) -> Option<String> {
        self.endpoint.as_ref().map(|endpoint| text(endpoint, "ClientVpnEndpointId").to_owned())
    }
}

/// Everything `up` checks before it changes anything, as the journal's first step.
pub async fn check(connection: &Connection, journal: &Journal, args: &UpArgs, dir: &Path) -> Result<Found, Failure> {
    journal.start(&format!("Checking the subnets, the VPC, the endpoint and the certificate of {}", args.name));
    let mut problems = Vec::new();
    let (subnets, vpc) = network(connection, args, &mut problems).await?;
    let endpoint = endpoint(connection, args, &subnets, &vpc, &mut problems).await?;
    let client_cidr = client_cidr(args, endpoint.as_ref(), &subnets, &vpc, &mut problems);
    let (server_arn, client_root_arn) = certificates(connection, args, dir, endpoint.as_ref(), &mut problems).await?;
    if !problems.is_empty() {
        return Err(Failure::usage(format!(
            "cvpn up {} cannot go ahead:\n  {}\nNothing was created or imported.",
            args.name,
            problems.join("\n  ")
        )));
    }
    let found = Found { vpc, subnets, endpoint, client_cidr, server_arn, client_root_arn };
    journal.done(&format!(
        "checked {} ({}), {} subnet(s), client CIDR {}{}",
        found.vpc.id,
        found.vpc.cidr_blocks.join(", "),
        found.subnets.len(),
        found.client_cidr,
        found.endpoint_id().map(|id| format!(", endpoint {id} exists")).unwrap_or_default()
    ));
    Ok(found)
}

/// The subnets given (they exist, share one VPC, one per zone) and their VPC.
async fn network(
    connection: &Connection,
    args: &UpArgs,
    problems: &mut Vec<String>,
) -> Result<(Vec<Subnet>, Vpc), Failure> {
    let subnets = match crate::aws::ec2::network::subnets(connection, &args.subnet_ids).await {
        Ok(subnets) => subnets,
        Err(failure) if failure.service_error().and_then(|e| e.code.as_deref()) == Some("InvalidSubnetID.NotFound") => {
            problems.push(format!("--subnet-id: {} (check --region)", failure.message));
            Vec::new()
        }
        Err(failure) => return Err(failure),
    };
    problems.extend(check_subnets(&args.subnet_ids, &subnets).into_iter().filter(|problem| {
        // EC2 named the missing subnet already.
        subnets.len() == args.subnet_ids.len() || !problem.contains("no such subnet")
    }));
    let vpc = match subnets.first() {
        Some(subnet) => crate::aws::ec2::network::vpc(connection, &subnet.vpc_id).await?,
        None => Vpc { id: "(unknown)".into(), cidr_blocks: Vec::new() },
    };
    Ok((subnets, vpc))
}

/// The endpoint named NAME, if there is one (and only one), serving the subnets' VPC.
async fn endpoint(
    connection: &Connection,
    args: &UpArgs,
    subnets: &[Subnet],
    vpc: &Vpc,
    problems: &mut Vec<String>,
) -> Result<Option<Value>, Failure> {
    let mut endpoints = crate::aws::vpn::endpoints_named(connection, &args.name).await?;
    if endpoints.len() > 1 {
        let ids: Vec<&str> = endpoints.iter().map(|endpoint| text(endpoint, "ClientVpnEndpointId")).collect();
        problems.push(format!(
            "{} endpoints are tagged Name={} ({}); cvpn cannot tell which is the VPN's: delete the others or rename their tag",
            ids.len(),
            args.name,
            ids.join(", ")
        ));
    }
    let endpoint = endpoints.pop();
    if let Some(endpoint) = &endpoint
        && !subnets.is_empty()
        && text(endpoint, "VpcId") != vpc.id
    {
        let serves = text(endpoint, "VpcId");
        problems.push(format!(
            "endpoint {} (Name={}) serves {serves}, the subnets are in {}; give subnets of {serves} or `cvpn down {}` first",
            text(endpoint, "ClientVpnEndpointId"),
            args.name,
            vpc.id,
            args.name
        ));
    }
    Ok(endpoint)
}

/// The endpoint's client CIDR (it cannot change), else the one given, else the first choice that
/// misses the VPC.
fn client_cidr(
    args: &UpArgs,
    endpoint: Option<&Value>,
    subnets: &[Subnet],
    vpc: &Vpc,
    problems: &mut Vec<String>,
) -> String {
    if let Some(endpoint) = endpoint {
        let kept = text(endpoint, "ClientCidrBlock").to_owned();
        if let Some(given) = args.client_cidr.as_ref().filter(|given| **given != kept) {
            problems.push(format!(
                "--client-cidr {given}: endpoint {} (Name={}) has {kept}, and a client CIDR cannot change; leave \
                 --client-cidr out, or `cvpn down {}` first",
                text(endpoint, "ClientVpnEndpointId"),
                args.name,
                args.name
            ));
        }
        return kept;
    }
    let chosen = match &args.client_cidr {
        Some(given) => given.clone(),
        None => match choose_client_cidr(&vpc.cidr_blocks) {
            Some(choice) => choice.to_owned(),
            None => {
                problems.push(format!("every client CIDR cvpn would choose overlaps {}; give --client-cidr", vpc.id));
                String::new()
            }
        },
    };
    if !chosen.is_empty() && !subnets.is_empty() {
        problems.extend(check_client_cidr(&chosen, vpc));
    }
    chosen
}

/// The server certificate and client root chain: brought ones checked in ACM; else the
/// endpoint's, or the one a run before imported, which only the VPN's own CA can serve.
async fn certificates(
    connection: &Connection,
    args: &UpArgs,
    dir: &Path,
    endpoint: Option<&Value>,
    problems: &mut Vec<String>,
) -> Result<(Option<String>, Option<String>), Failure> {
    use crate::provision::brought_certificates::{Brought, problems as brought_problems};

    let certificates = &args.certificates;
    if let Some(arn) = &certificates.server_cert {
        let mut brought = vec![Brought { given: format!("--server-cert {arn}"), arn: arn.clone(), server: true }];
        if let Some(root) = &certificates.client_root_cert {
            brought.push(Brought { given: format!("--client-root-cert {root}"), arn: root.clone(), server: false });
        }
        problems.extend(brought_problems(connection, &brought).await?);
        return Ok((Some(arn.clone()), certificates.client_root_cert.clone()));
    }
    let in_use = endpoint.map(|endpoint| text(endpoint, "ServerCertificateArn").to_owned());
    let arn = match in_use.filter(|arn| !arn.is_empty()) {
        Some(arn) => Some(arn),
        None => crate::aws::vpn::imported_certificates(connection, &args.name).await?.into_iter().next(),
    };
    // A new CA would sign client certificates the endpoint does not trust.
    if let Some(arn) = arn.as_ref().filter(|_| !dir.join("ca.key").exists()) {
        problems.push(format!(
            "{} has no CA, but AWS holds {} made with one ({arn}); a new CA's clients could not connect: \
             restore the directory (or give --pki-dir), or `cvpn down {}` first",
            dir.display(),
            args.name,
            args.name
        ));
    }
    Ok((arn, None))
}
