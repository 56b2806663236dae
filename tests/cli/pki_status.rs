//! `cvpn pki status NAME` against the local server, after `cvpn up` made the VPN: what expires
//! and when, by dates made near or past on purpose (never by waiting), the revocation list's drift
//! from what cvpn recorded, the exit code a cron job reads, and the calls it makes.

use serde_json::Value;

use crate::common::{Hermetic, stderr_of, stdout_of};
use crate::server::{Ec2TestServer, Reply, network};

fn cvpn(env: &Hermetic, server: &Ec2TestServer, args: &[&str]) -> std::process::Output {
    env.cvpn().arg("--endpoint-url").arg(&server.url).args(args).output().expect("run cvpn")
}

fn office() -> (Ec2TestServer, Hermetic) {
    let server = Ec2TestServer::start();
    let env = Hermetic::new().set("USER", "alice");
    let up = cvpn(&env, &server, &["up", "office", "--subnet-id", network::SUBNETS[0].0, "--poll-interval", "0.01"]);
    assert_eq!(up.status.code(), Some(0), "{}", stderr_of(&up));
    (server, env)
}

/// (item, state) of every item, and the whole answer.
fn status(env: &Hermetic, server: &Ec2TestServer, extra: &[&str]) -> (Option<i32>, Vec<(String, String)>, Value) {
    let output = cvpn(env, server, &[&["pki", "status", "office"][..], extra].concat());
    let answer: Value = serde_json::from_str(&stdout_of(&output)).unwrap_or_else(|_| panic!("{}", stderr_of(&output)));
    let items = answer["Items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| (item["Item"].as_str().unwrap().to_owned(), item["State"].as_str().unwrap().to_owned()))
        .collect();
    (output.status.code(), items, answer)
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(item, state)| ((*item).to_owned(), (*state).to_owned())).collect()
}

#[test]
fn status_says_what_expires_and_exits_1_when_something_is_due() {
    let (server, env) = office();
    let sent = server.requests().len();
    let (code, items, answer) = status(&env, &server, &[]);
    assert_eq!(code, Some(0), "{answer:#}");
    assert_eq!(
        items,
        pairs(&[
            ("CA", "ok"),
            ("server certificate", "ok"),
            ("server certificate in ACM", "ok"),
            ("revocation list", "ok"),
            ("user alice", "ok"),
        ])
    );
    assert_eq!(answer["NeedsAttention"], 0);
    assert!(answer["Items"][0]["DaysLeft"].as_i64().unwrap() > 3000, "{answer:#}");
    // The endpoint is found first; then ACM and the list are asked at once, each once.
    let calls: Vec<String> = server.requests()[sent..].iter().map(|request| request.operation()).collect();
    assert_eq!(calls[0], "DescribeClientVpnEndpoints", "{calls:?}");
    let mut rest = calls[1..].to_vec();
    rest.sort();
    assert_eq!(rest, ["DescribeCertificate", "ExportClientVpnClientCertificateRevocationList"], "{calls:?}");

    // A certificate made to expire in 10 days is due within the default 30, not within 5.
    assert_eq!(cvpn(&env, &server, &["user", "add", "office", "bob", "--days", "10"]).status.code(), Some(0));
    let (code, items, answer) = status(&env, &server, &[]);
    assert_eq!(code, Some(1), "{answer:#}");
    assert!(items.contains(&("user bob".to_owned(), "expiring".to_owned())), "{items:?}");
    let bob = answer["Items"].as_array().unwrap().iter().find(|item| item["Item"] == "user bob").unwrap();
    assert!(bob["Note"].as_str().unwrap().contains("cvpn user add office bob --renew"), "{bob:#}");
    assert!((9..=10).contains(&bob["DaysLeft"].as_i64().unwrap()), "{bob:#}");
    assert_eq!(status(&env, &server, &["--warn-days", "5"]).0, Some(0));

    // A list made to expire in 5 days: every client would be locked out then.
    assert_eq!(cvpn(&env, &server, &["user", "revoke", "office", "bob", "--crl-days", "5"]).status.code(), Some(0));
    let (code, items, _) = status(&env, &server, &["--warn-days", "5"]);
    assert_eq!(code, Some(1));
    assert!(items.contains(&("revocation list".to_owned(), "expiring".to_owned())), "{items:?}");
    assert!(items.contains(&("user bob".to_owned(), "info".to_owned())), "a revoked user is not due: {items:?}");
}

#[test]
fn a_revocation_the_endpoint_does_not_hold_is_drift() {
    let (server, env) = office();
    assert_eq!(cvpn(&env, &server, &["user", "add", "office", "carol"]).status.code(), Some(0));
    // The import fails after the revocation is recorded: the endpoint still admits carol.
    server.fail("ImportClientVpnClientCertificateRevocationList", [Reply::error(400, "InvalidParameterValue", "No.")]);
    let revoke = cvpn(&env, &server, &["user", "revoke", "office", "carol"]);
    assert_ne!(revoke.status.code(), Some(0));
    let (code, items, answer) = status(&env, &server, &[]);
    assert_eq!(code, Some(1), "{answer:#}");
    assert!(items.contains(&("revocation list".to_owned(), "drift".to_owned())), "{items:?}");
    let list = answer["Items"].as_array().unwrap().iter().find(|item| item["Item"] == "revocation list").unwrap();
    assert!(list["Note"].as_str().unwrap().contains("they can still connect"), "{list:#}");
    // A table for a person, with the verdict.
    let table = cvpn(&env, &server, &["pki", "status", "office", "-o", "table"]);
    assert_eq!(table.status.code(), Some(1));
    let text = stdout_of(&table);
    assert!(text.contains("drift") && text.ends_with("1 item(s) need attention.\n"), "{text}");
    assert!(stderr_of(&table).contains("1 item(s) of office need attention"), "{}", stderr_of(&table));
}
