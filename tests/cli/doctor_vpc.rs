//! `cvpn doctor`'s view past the endpoint, against the local server: a VPC broken the ways the
//! AWS guide lists (no way to the internet in the subnet's route table, a network ACL that drops
//! the replies, a security group with no egress, the VPC resolver with DNS support off, a subnet
//! short of addresses, a group rule shadowed by a longer one) is found with no unrelated
//! problem, and the fix doctor prints, sent as the aws CLI sends it, makes the finding go.

use serde_json::Value;

use crate::common::{Hermetic, stderr_of, stdout_of};
use crate::server::{Ec2TestServer, network};

fn cvpn(env: &Hermetic, server: &Ec2TestServer, args: &[&str]) -> std::process::Output {
    env.cvpn().arg("--endpoint-url").arg(&server.url).args(args).output().expect("run cvpn")
}

fn up(env: &Hermetic, server: &Ec2TestServer, extra: &[&str]) {
    let args = [&["up", "office", "--subnet-id", network::SUBNETS[0].0, "--poll-interval", "0.01"][..], extra].concat();
    let up = cvpn(env, server, &args);
    assert_eq!(up.status.code(), Some(0), "{}", stderr_of(&up));
}

fn doctor(env: &Hermetic, server: &Ec2TestServer) -> (Option<i32>, Value) {
    let output = cvpn(env, server, &["doctor", "office"]);
    let report = serde_json::from_str(&stdout_of(&output)).unwrap_or_else(|_| panic!("{}", stderr_of(&output)));
    (output.status.code(), report)
}

fn findings(report: &Value, severity: &str) -> Vec<Value> {
    report["Findings"].as_array().unwrap().iter().filter(|finding| finding["Severity"] == severity).cloned().collect()
}

/// The Query form the aws CLI sends for `aws ec2 OPERATION --flags…` (the fixes doctor gives):
/// the operation and each flag in PascalCase; `--egress`/`--ingress` as `Egress`; shorthand
/// `Key=Value,…` as members of the flag's structure; authorize-security-group-egress's
/// `--protocol`/`--cidr` as the one permission they stand for.
fn aws_cli_form(command: &str) -> Vec<(String, String)> {
    let pascal = |words: &str| -> String {
        words.split('-').map(|word| word[..1].to_uppercase() + &word[1..]).collect::<String>()
    };
    let words: Vec<&str> = command.split_whitespace().collect();
    assert_eq!(&words[..2], ["aws", "ec2"], "{command}");
    let operation = words[2];
    let mut form = vec![("Action".to_owned(), pascal(operation)), ("Version".to_owned(), "2016-11-15".to_owned())];
    let mut rest = words[3..].iter();
    while let Some(flag) = rest.next() {
        let name = flag.strip_prefix("--").unwrap_or_else(|| panic!("{flag} in {command}"));
        match name {
            "egress" | "ingress" => form.push(("Egress".into(), (name == "egress").to_string())),
            "protocol" if operation == "authorize-security-group-egress" => {
                let protocol = rest.next().unwrap();
                form.push((
                    "IpPermissions.1.IpProtocol".into(),
                    if *protocol == "all" { "-1" } else { protocol }.into(),
                ));
            }
            "cidr" => form.push(("IpPermissions.1.IpRanges.1.CidrIp".into(), rest.next().unwrap().to_string())),
            _ => {
                let value = rest.next().unwrap_or_else(|| panic!("{flag} has no value in {command}"));
                if value.contains('=') {
                    for pair in value.split(',') {
                        let (key, member) = pair.split_once('=').unwrap();
                        form.push((format!("{}.{key}", pascal(name)), member.to_owned()));
                    }
                } else {
                    form.push((pascal(name), (*value).to_owned()));
                }
            }
        }
    }
    form
}

/// Sends the fix of the first problem (an aws CLI command) to the local server; it must succeed.
fn send_aws_fix(server: &Ec2TestServer, fix: &str) {
    let body = form_urlencoded::Serializer::new(String::new()).extend_pairs(aws_cli_form(fix)).finish();
    let answer = post(server, "Content-Type: application/x-www-form-urlencoded; charset=utf-8", &body);
    assert!(answer.starts_with("HTTP/1.1 200"), "{fix}:\n{answer}");
}

/// POSTs `body` with `headers` (CRLF-separated) to the server; its whole answer.
fn post(server: &Ec2TestServer, headers: &str, body: &str) -> String {
    use std::io::{Read, Write};
    let address = server.url.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    write!(
        stream,
        "POST / HTTP/1.1\r\nHost: {address}\r\n{headers}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    answer
}

/// The one problem doctor finds, by its check, and its fix with the placeholder filled.
fn the_problem(report: &Value, check: &str, placeholder: (&str, &str)) -> (String, String) {
    let problems = findings(report, "problem");
    assert_eq!(problems.len(), 1, "nothing unrelated: {report:#}");
    assert_eq!(problems[0]["Check"], check, "{report:#}");
    let fix = problems[0]["Fix"].as_str().unwrap().replace(placeholder.0, placeholder.1);
    (problems[0]["Message"].as_str().unwrap().to_owned(), fix)
}

#[test]
fn a_route_table_with_no_way_to_the_internet_is_found_and_its_create_route_clears_it() {
    let server = Ec2TestServer::start();
    let env = Hermetic::new().set("USER", "alice");
    up(&env, &server, &["--internet"]);
    let (code, report) = doctor(&env, &server);
    assert_eq!((code, report["Problems"].as_u64()), (Some(0), Some(0)), "{report:#}");
    server.break_as("no-internet-route").unwrap();
    let (code, report) = doctor(&env, &server);
    assert_eq!(code, Some(1), "{report:#}");
    let (message, fix) = the_problem(&report, "vpc-path", ("INTERNET-GATEWAY-ID", network::INTERNET_GATEWAY));
    assert!(
        message.contains(&format!("route table {} has no route for 0.0.0.0/0", network::MAIN_ROUTE_TABLE)),
        "{message}"
    );
    send_aws_fix(&server, &fix);
    let (code, report) = doctor(&env, &server);
    assert_eq!((code, report["Problems"].as_u64()), (Some(0), Some(0)), "{report:#}");
    let table = &server.network().route_tables[0];
    assert!(
        table
            .routes
            .iter()
            .any(|route| route.destination == "0.0.0.0/0" && route.target.1 == network::INTERNET_GATEWAY)
    );
}

#[test]
fn a_network_acl_that_drops_the_replies_is_found_and_the_entry_it_names_clears_it() {
    let server = Ec2TestServer::start();
    let env = Hermetic::new().set("USER", "alice");
    up(&env, &server, &[]);
    server.break_as("acl-drops-replies").unwrap();
    let (code, report) = doctor(&env, &server);
    assert_eq!(code, Some(1), "{report:#}");
    let (message, fix) = the_problem(&report, "vpc-path", ("", ""));
    assert!(message.contains(&format!(
        "network ACL {} denies the replies from {}",
        network::DEFAULT_ACL,
        network::VPC_CIDR
    )));
    assert!(message.contains("(rule 50)"), "{message}");
    assert!(fix.contains("--ingress --rule-number 40 --protocol tcp --port-range From=1024,To=65535"), "{fix}");
    send_aws_fix(&server, &fix);
    let (code, report) = doctor(&env, &server);
    assert_eq!((code, report["Problems"].as_u64()), (Some(0), Some(0)), "{report:#}");
}

#[test]
fn a_security_group_without_egress_is_found_and_authorizing_egress_clears_it() {
    let server = Ec2TestServer::start();
    let env = Hermetic::new().set("USER", "alice");
    up(&env, &server, &[]);
    let endpoint = cvpn(&env, &server, &["ls"]);
    assert!(
        stdout_of(&endpoint).contains(network::DEFAULT_GROUP),
        "AWS applies the VPC's default group: {}",
        stdout_of(&endpoint)
    );
    server.break_as("no-egress").unwrap();
    let (code, report) = doctor(&env, &server);
    assert_eq!(code, Some(1), "{report:#}");
    let (message, fix) = the_problem(&report, "vpc-path", ("", ""));
    assert!(message.contains(&format!(
        "security groups ({}) allow no traffic out to {}",
        network::DEFAULT_GROUP,
        network::VPC_CIDR
    )));
    send_aws_fix(&server, &fix);
    let (code, report) = doctor(&env, &server);
    assert_eq!((code, report["Problems"].as_u64()), (Some(0), Some(0)), "{report:#}");
}

#[test]
fn the_vpc_resolver_with_dns_support_off_is_found_and_turning_it_on_clears_it() {
    let server = Ec2TestServer::start();
    let env = Hermetic::new().set("USER", "alice");
    up(&env, &server, &["--dns-servers", "172.31.0.2", "--dns-servers", "172.31.0.3"]);
    let (_, report) = doctor(&env, &server);
    assert_eq!(report["Problems"].as_u64(), Some(0), "{report:#}");
    server.break_as("dns-support-off").unwrap();
    let (code, report) = doctor(&env, &server);
    assert_eq!(code, Some(1), "{report:#}");
    let (message, fix) = the_problem(&report, "dns", ("", ""));
    assert!(
        message.contains(&format!("VPC resolver 172.31.0.2, but {} has DNS support off", network::VPC_ID)),
        "{message}"
    );
    send_aws_fix(&server, &fix);
    assert!(server.network().vpcs[0].dns_support);
    let (code, report) = doctor(&env, &server);
    assert_eq!((code, report["Problems"].as_u64()), (Some(0), Some(0)), "{report:#}");
}

#[test]
fn a_subnet_short_of_addresses_and_a_shadowed_group_are_warnings_a_refused_read_too() {
    let server = Ec2TestServer::start();
    let env = Hermetic::new().set("USER", "alice");
    up(&env, &server, &[]);
    server.break_as("few-addresses").unwrap();
    let endpoint = server.endpoints()[0].id.clone();
    let authorized = cvpn(
        &env,
        &server,
        &[
            "authorize",
            &endpoint,
            "--target-network-cidr",
            "172.31.5.0/24",
            "--access-group-id",
            "admins",
            "--wait",
            "--poll-interval",
            "0.01",
        ],
    );
    assert_eq!(authorized.status.code(), Some(0), "{}", stderr_of(&authorized));
    let (code, report) = doctor(&env, &server);
    assert_eq!(code, Some(0), "warnings alone exit 0: {report:#}");
    let warnings: Vec<String> = findings(&report, "warning")
        .iter()
        .map(|finding| format!("{}: {}", finding["Check"].as_str().unwrap(), finding["Message"].as_str().unwrap()))
        .collect();
    assert_eq!(warnings.len(), 2, "{warnings:#?}");
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with(&format!("associations: {} has 7 free addresses", network::SUBNETS[0].0)))
    );
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("access-groups: every user is authorized for a network holding 172.31.5.0/24"))
    );
    // The fix for the shadowed group: every user gets the longer rule too.
    let fix = findings(&report, "warning")
        .into_iter()
        .find(|finding| finding["Check"] == "access-groups")
        .map(|finding| finding["Fix"].as_str().unwrap().to_owned())
        .unwrap();
    let words: Vec<&str> = fix.split_whitespace().skip(1).chain(["--poll-interval", "0.01"]).collect();
    assert_eq!(cvpn(&env, &server, &words).status.code(), Some(0), "{fix}");
    let (_, report) = doctor(&env, &server);
    assert!(findings(&report, "warning").iter().all(|finding| finding["Check"] != "access-groups"), "{report:#}");

    // Without the permission to read route tables: said, and the rest still checked.
    server.fail(
        "DescribeRouteTables",
        [crate::server::Reply::error(
            403,
            "UnauthorizedOperation",
            "You are not authorized to perform this operation.",
        )],
    );
    let (code, report) = doctor(&env, &server);
    assert_eq!(code, Some(0), "{report:#}");
    let refused = findings(&report, "warning");
    assert!(
        refused.iter().any(|finding| finding["Message"].as_str().unwrap().contains(
            "could not read the VPC's route tables (ec2:DescribeRouteTables), so this was not checked: UnauthorizedOperation"
        )),
        "{report:#}"
    );
}

#[test]
fn expiring_certificates_and_a_failed_association_are_found_and_an_unknown_state_is_refused() {
    let server = Ec2TestServer::start();
    let env = Hermetic::new().set("USER", "alice");
    up(&env, &server, &[]);
    server.break_as("certificates-expiring").unwrap();
    let (code, report) = doctor(&env, &server);
    assert_eq!(code, Some(0), "warnings alone exit 0: {report:#}");
    let warnings = findings(&report, "warning");
    assert!(
        warnings
            .iter()
            .any(|finding| finding["Check"] == "certificates"
                && finding["Message"].as_str().unwrap().contains("in 10 days")),
        "{report:#}"
    );
    server.break_as("certificates-expired").unwrap();
    let (code, report) = doctor(&env, &server);
    assert_eq!(code, Some(1), "{report:#}");
    assert!(findings(&report, "problem").iter().all(|finding| finding["Check"] == "certificates"), "{report:#}");

    server.break_as("associations-fail").unwrap();
    let endpoint = server.endpoints()[0].id.clone();
    let associated = cvpn(&env, &server, &["associate", &endpoint, "--subnet-id", network::SUBNETS[1].0]);
    assert_eq!(associated.status.code(), Some(0), "{}", stderr_of(&associated));
    let _ = cvpn(&env, &server, &["networks", &endpoint]);
    let (_, report) = doctor(&env, &server);
    assert!(
        findings(&report, "problem").iter().any(|finding| finding["Check"] == "associations"
            && finding["Message"]
                .as_str()
                .unwrap()
                .contains(&format!("the association of {} failed", network::SUBNETS[1].0))),
        "{report:#}"
    );
    assert!(server.break_as("nope").unwrap_err().contains("no broken state nope; the states are no-internet-route"));
}

/// Re-imports `dir`'s server certificate, key and CA into the certificate `arn` as a hand-run
/// `aws acm import-certificate --certificate-arn` does (ACM's JSON protocol, over HTTP).
fn reimport_server_certificate(server: &Ec2TestServer, arn: &str, dir: &std::path::Path) {
    use base64::Engine;
    let blob = |name: &str| base64::engine::general_purpose::STANDARD.encode(std::fs::read(dir.join(name)).unwrap());
    let body = serde_json::json!({
        "CertificateArn": arn, "Certificate": blob("server.crt"), "PrivateKey": blob("server.key"),
        "CertificateChain": blob("ca.crt"),
    })
    .to_string();
    let answer = post(
        server,
        "Content-Type: application/x-amz-json-1.1\r\nX-Amz-Target: CertificateManager.ImportCertificate",
        &body,
    );
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

#[test]
fn a_root_chain_another_ca_signed_is_found_and_renewing_the_server_certificate_clears_it() {
    let server = Ec2TestServer::start();
    let env = Hermetic::new().set("USER", "alice");
    up(&env, &server, &[]);
    let other = cvpn(&env, &server, &["up", "other", "--subnet-id", network::SUBNETS[1].0, "--poll-interval", "0.01"]);
    assert_eq!(other.status.code(), Some(0), "{}", stderr_of(&other));
    // office's endpoint trusts its server certificate's chain; a certificate of another VPN goes
    // into that ARN by hand, so the CA cvpn signs office's users with is trusted no more.
    let listed = cvpn(&env, &server, &["describe-client-vpn-endpoints"]);
    let listed: Value = serde_json::from_str(&stdout_of(&listed)).unwrap();
    let office = listed["ClientVpnEndpoints"]
        .as_array()
        .unwrap()
        .iter()
        .find(|endpoint| endpoint["Tags"].as_array().unwrap().iter().any(|tag| tag["Value"] == "office"))
        .unwrap();
    let arn = office["ServerCertificateArn"].as_str().unwrap();
    assert_eq!(office["AuthenticationOptions"][0]["MutualAuthentication"]["ClientRootCertificateChain"], arn);
    reimport_server_certificate(&server, arn, &env.home.path().join(".local/share/cvpn/other"));
    let (code, report) = doctor(&env, &server);
    assert_eq!(code, Some(1), "{report:#}");
    let (message, fix) = the_problem(&report, "authentication", ("", ""));
    assert!(message.contains("which is neither the CA cvpn holds for office"), "{message}");
    assert_eq!(fix, "cvpn pki renew office --server");
    let words: Vec<&str> = fix.split_whitespace().skip(1).collect();
    let renewed = cvpn(&env, &server, &words);
    assert_eq!(renewed.status.code(), Some(0), "{fix}: {}", stderr_of(&renewed));
    let (code, report) = doctor(&env, &server);
    assert_eq!((code, findings(&report, "problem").len()), (Some(0), 0), "{report:#}");
}
