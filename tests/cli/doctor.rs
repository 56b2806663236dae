//! `cvpn doctor` against the local server: a VPN `cvpn up` made is healthy (info only); a route
//! no rule authorizes is found, and running the fix doctor gives makes it go; an expiring list is
//! a warning (exit 0); the calls it makes, each once, after the endpoint is found.

use serde_json::Value;

use crate::common::{Hermetic, stderr_of, stdout_of};
use crate::server::{Ec2TestServer, network};

fn cvpn(env: &Hermetic, server: &Ec2TestServer, args: &[&str]) -> std::process::Output {
    env.cvpn().arg("--endpoint-url").arg(&server.url).args(args).output().expect("run cvpn")
}

fn doctor(env: &Hermetic, server: &Ec2TestServer, extra: &[&str]) -> (Option<i32>, Value) {
    let output = cvpn(env, server, &[&["doctor", "office"][..], extra].concat());
    let report = serde_json::from_str(&stdout_of(&output)).unwrap_or_else(|_| panic!("{}", stderr_of(&output)));
    (output.status.code(), report)
}

/// Runs the fix of the report's first finding as doctor gives it (`cvpn …`, a wait polling fast),
/// with `SUBNET` (the user's choice, where doctor names one) given; it must succeed.
fn run_first_fix(env: &Hermetic, server: &Ec2TestServer, report: &Value) {
    let fix = report["Findings"][0]["Fix"].as_str().unwrap().replace("SUBNET", network::SUBNETS[0].0);
    let words: Vec<&str> = fix.split_whitespace().skip(1).chain(["--poll-interval", "0.01"]).collect();
    let fixed = cvpn(env, server, &words);
    assert_eq!(fixed.status.code(), Some(0), "{fix}: {}", stderr_of(&fixed));
}

fn checks_with(report: &Value, severity: &str) -> Vec<String> {
    report["Findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|finding| finding["Severity"] == severity)
        .map(|finding| format!("{}: {}", finding["Check"].as_str().unwrap(), finding["Message"].as_str().unwrap()))
        .collect()
}

#[test]
fn a_vpn_up_made_is_healthy_and_a_broken_route_is_found_and_fixed_by_its_fix() {
    let server = Ec2TestServer::start();
    let env = Hermetic::new().set("USER", "alice");
    let up = cvpn(&env, &server, &["up", "office", "--subnet-id", network::SUBNETS[0].0, "--poll-interval", "0.01"]);
    assert_eq!(up.status.code(), Some(0), "{}", stderr_of(&up));
    let sent = server.requests().len();
    let (code, report) = doctor(&env, &server, &[]);
    assert_eq!(code, Some(0), "{report:#}");
    assert_eq!((report["Problems"].as_u64(), report["Warnings"].as_u64()), (Some(0), Some(0)), "{report:#}");
    assert!(checks_with(&report, "info").iter().any(|info| info.contains("connection logging is off")));
    // The endpoint search, then what the checks need: each once.
    let calls: Vec<String> = server.requests()[sent..].iter().map(|request| request.operation()).collect();
    assert_eq!(calls[0], "DescribeClientVpnEndpoints", "{calls:?}");
    let mut rest = calls[1..].to_vec();
    rest.sort();
    assert_eq!(
        rest,
        [
            "DescribeCertificate",
            "DescribeClientVpnAuthorizationRules",
            "DescribeClientVpnRoutes",
            "DescribeClientVpnTargetNetworks",
            "DescribeNetworkAcls",
            "DescribeRouteTables",
            "DescribeSecurityGroupRules",
            "DescribeSubnets",
            "DescribeVpcAttribute",
            "DescribeVpcs",
            "ExportClientVpnClientCertificateRevocationList",
        ],
        "{calls:?}"
    );

    // A route to a network no rule authorizes: connected, and reaching nothing there.
    let endpoint = server.endpoints()[0].id.clone();
    let routed = cvpn(
        &env,
        &server,
        &[
            "route-add",
            &endpoint,
            "--destination-cidr-block",
            "10.50.0.0/16",
            "--target-vpc-subnet-id",
            network::SUBNETS[0].0,
            "--wait",
            "--poll-interval",
            "0.01",
        ],
    );
    assert_eq!(routed.status.code(), Some(0), "{}", stderr_of(&routed));
    let (code, report) = doctor(&env, &server, &[]);
    assert_eq!(code, Some(1), "{report:#}");
    let problems = checks_with(&report, "problem");
    assert_eq!(problems.len(), 1, "nothing unrelated: {problems:#?}");
    assert!(
        problems[0].contains("traffic to 10.50.0.0/16 is routed, but no authorization rule allows it"),
        "{problems:#?}"
    );
    // The fix, run as doctor gives it, makes the finding go.
    run_first_fix(&env, &server, &report);
    let (code, report) = doctor(&env, &server, &[]);
    assert_eq!((code, report["Problems"].as_u64()), (Some(0), Some(0)), "{report:#}");

    // A table for a person; one check by name; the list of checks without asking AWS.
    let table = cvpn(&env, &server, &["doctor", "office", "-o", "table"]);
    assert!(
        stdout_of(&table).ends_with("No problem found.\n") || stdout_of(&table).contains("No problem"),
        "{}",
        stdout_of(&table)
    );
    let (_, one) = doctor(&env, &server, &["--check", "certificates"]);
    assert!(one["Findings"].as_array().unwrap().iter().all(|finding| finding["Check"] == "certificates"));
    let unknown = cvpn(&env, &server, &["doctor", "office", "--check", "nope"]);
    assert_eq!(unknown.status.code(), Some(252));
    assert!(stderr_of(&unknown).contains("--check nope: no such check"), "{}", stderr_of(&unknown));
    let sent = server.requests().len();
    let listed = cvpn(&env, &server, &["doctor", "--list-checks"]);
    assert_eq!(listed.status.code(), Some(0));
    assert!(stdout_of(&listed).contains("rules-and-routes"), "{}", stdout_of(&listed));
    assert_eq!(server.requests().len(), sent, "--list-checks asks AWS nothing");
}

#[test]
fn an_expiring_revocation_list_is_a_warning_and_an_endpoint_without_a_subnet_a_problem() {
    let server = Ec2TestServer::start();
    let env = Hermetic::new().set("USER", "alice");
    let up = cvpn(&env, &server, &["up", "office", "--subnet-id", network::SUBNETS[0].0, "--poll-interval", "0.01"]);
    assert_eq!(up.status.code(), Some(0), "{}", stderr_of(&up));
    assert_eq!(cvpn(&env, &server, &["user", "add", "office", "bob"]).status.code(), Some(0));
    assert_eq!(cvpn(&env, &server, &["user", "revoke", "office", "bob", "--crl-days", "5"]).status.code(), Some(0));
    let (code, report) = doctor(&env, &server, &[]);
    assert_eq!(code, Some(0), "warnings alone exit 0: {report:#}");
    let warnings = checks_with(&report, "warning");
    assert!(
        warnings.len() == 1 && warnings[0].starts_with("revocation-list: the revocation list expires in"),
        "{warnings:#?}"
    );

    // An endpoint made by hand with nothing associated, by its ID.
    let bare = server.add_endpoint(&[]);
    let output = cvpn(&env, &server, &["doctor", &bare, "--check", "endpoint"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr_of(&output));
    let report: Value = serde_json::from_str(&stdout_of(&output)).unwrap();
    assert!(checks_with(&report, "problem")[0].contains("no associated subnet yet"), "{report:#}");
}

#[test]
fn a_dns_server_the_vpn_does_not_reach_is_found_and_each_fix_clears_its_part() {
    let server = Ec2TestServer::start();
    let env = Hermetic::new().set("USER", "alice");
    let up = cvpn(&env, &server, &["up", "office", "--subnet-id", network::SUBNETS[0].0, "--poll-interval", "0.01"]);
    assert_eq!(up.status.code(), Some(0), "{}", stderr_of(&up));
    let endpoint = server.endpoints()[0].id.clone();
    let modified =
        cvpn(&env, &server, &["modify", &endpoint, "--dns-servers", "CustomDnsServers=192.168.1.1,Enabled=true"]);
    assert_eq!(modified.status.code(), Some(0), "{}", stderr_of(&modified));
    let (code, report) = doctor(&env, &server, &["--check", "dns"]);
    assert_eq!(code, Some(1), "{report:#}");
    let problems = checks_with(&report, "problem");
    assert!(problems.len() == 1 && problems[0].contains("192.168.1.1, but no route leads to it"), "{problems:#?}");
    assert!(checks_with(&report, "info")[0].contains("the only DNS server"), "{report:#}");
    // The route doctor names (its SUBNET is the user's to choose), then the rule it names.
    run_first_fix(&env, &server, &report);
    let (_, report) = doctor(&env, &server, &["--check", "dns"]);
    let problems = checks_with(&report, "problem");
    assert!(problems.len() == 1 && problems[0].contains("no authorization rule allows it"), "{problems:#?}");
    run_first_fix(&env, &server, &report);
    let (code, report) = doctor(&env, &server, &[]);
    assert_eq!((code, report["Problems"].as_u64()), (Some(0), Some(0)), "{report:#}");
}
