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

fn server_files(env: &Hermetic) -> Vec<String> {
    let dir = env.home.path().join(".local/share/cvpn/office");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("server"))
        .collect();
    names.sort();
    names
}

#[test]
fn renew_puts_a_new_server_certificate_into_the_same_arn_and_resumes_after_a_failure() {
    let (server, env) = office();
    let dir = env.home.path().join(".local/share/cvpn/office");
    let arn = server.certificates()[0].arn.clone();
    let endpoint = server.endpoints()[0].id.clone();
    let old = std::fs::read_to_string(dir.join("server.crt")).unwrap();

    // Nothing is due: the plan says so and nothing changes.
    let sent = server.requests().len();
    let plan = cvpn(&env, &server, &["pki", "renew", "office", "--dry-run"]);
    assert_eq!(plan.status.code(), Some(0), "{}", stderr_of(&plan));
    let plan: Value = serde_json::from_str(&stdout_of(&plan)).unwrap();
    assert_eq!(
        (plan["ServerCertificate"]["Renew"].as_bool(), plan["RevocationList"]["Renew"].as_bool()),
        (Some(false), Some(false))
    );
    let changes: Vec<String> =
        server.requests()[sent..].iter().map(|r| r.operation()).filter(|op| op.starts_with("Import")).collect();
    assert!(changes.is_empty(), "{changes:?}");

    // --server, with the re-import failing: the new pair is made and the old kept; the run says
    // how to resume.
    server.fail("ImportCertificate", vec![Reply::error(400, "ValidationException", "Not now."); 1]);
    let failed = cvpn(&env, &server, &["pki", "renew", "office", "--server"]);
    assert_ne!(failed.status.code(), Some(0));
    assert!(stderr_of(&failed).contains("run the same command again to resume"), "{}", stderr_of(&failed));
    assert_eq!(server_files(&env).len(), 4, "the new pair and the old one: {:?}", server_files(&env));
    assert_eq!(server.certificates()[0].certificate.trim(), old.trim(), "ACM still has the old one");
    // A plain renew finishes the job: the certificate on disk goes into the same ARN, nothing new is made.
    let output = cvpn(&env, &server, &["pki", "renew", "office"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    assert_eq!(server_files(&env).len(), 4, "not renewed twice: {:?}", server_files(&env));
    let new = std::fs::read_to_string(dir.join("server.crt")).unwrap();
    assert_ne!(new.trim(), old.trim());
    let certificates = server.certificates();
    assert_eq!(
        (certificates.len(), certificates[0].arn.as_str()),
        (1, arn.as_str()),
        "the same ARN, no second certificate"
    );
    assert_eq!(certificates[0].certificate.trim(), new.trim());
    let import = server.requests().into_iter().rev().find(|r| r.operation() == "ImportCertificate").unwrap();
    assert!(import.body.contains(&arn), "a re-import names the ARN");
    assert_eq!(server.endpoints()[0].id, endpoint);
    assert!(stderr_of(&output).contains("up to 24 hours"), "{}", stderr_of(&output));
    assert!(!stdout_of(&output).contains("PRIVATE KEY") && !stderr_of(&output).contains("PRIVATE KEY"));
    // Then nothing is due.
    let again = cvpn(&env, &server, &["pki", "renew", "office"]);
    assert_eq!(again.status.code(), Some(0));
    assert!(stderr_of(&again).contains("Nothing of office is due"), "{}", stderr_of(&again));
}

#[test]
fn renew_imports_a_list_that_misses_a_revocation() {
    let (server, env) = office();
    assert_eq!(cvpn(&env, &server, &["user", "add", "office", "carol"]).status.code(), Some(0));
    server.fail("ImportClientVpnClientCertificateRevocationList", [Reply::error(400, "InvalidParameterValue", "No.")]);
    assert_ne!(cvpn(&env, &server, &["user", "revoke", "office", "carol"]).status.code(), Some(0));
    assert_eq!(status(&env, &server, &[]).0, Some(1), "drift");
    let output = cvpn(&env, &server, &["pki", "renew", "office"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    let summary: Value = serde_json::from_str(&stdout_of(&output)).unwrap();
    assert_eq!(summary["RevocationList"]["Renew"], true);
    assert!(summary["RevocationList"]["NextUpdate"].as_str().unwrap().ends_with('Z'));
    let (code, items, _) = status(&env, &server, &[]);
    assert_eq!(code, Some(0), "{items:?}");
}

#[test]
fn a_server_certificate_near_its_end_is_warned_of_and_renewed_when_due() {
    let (server, env) = office();
    let dir = env.home.path().join(".local/share/cvpn/office");
    // The server certificate replaced by one of the same CA that ends in 10 days, as if up had
    // made it 815 days ago.
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
    let ca = cvpn::pki::Identity { certificate_pem: read("ca.crt"), key_pem: read("ca.key") };
    let role = cvpn::pki::Role::Server { dns_name: cvpn::pki::server_dns_name("office") };
    let short = cvpn::pki::issue(&ca, "office", &role, 10).unwrap();
    for (name, text) in [("server.crt", &short.certificate_pem), ("server.key", &short.key_pem)] {
        std::fs::remove_file(dir.join(name)).unwrap();
        cvpn::private_files::write_new(&dir.join(name), text).unwrap();
    }
    let arn = server.certificates()[0].arn.clone();
    let warned = cvpn(&env, &server, &["user", "list", "office"]);
    assert!(
        stderr_of(&warned).contains("office's server certificate expires")
            && stderr_of(&warned).contains("cvpn pki renew office"),
        "{}",
        stderr_of(&warned)
    );
    let (code, items, _) = status(&env, &server, &[]);
    assert_eq!(code, Some(1));
    assert!(items.contains(&("server certificate".to_owned(), "expiring".to_owned())), "{items:?}");
    // Due: a plain renew renews it, into the same ARN.
    let output = cvpn(&env, &server, &["pki", "renew", "office"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    let summary: Value = serde_json::from_str(&stdout_of(&output)).unwrap();
    assert_eq!(summary["ServerCertificate"]["Renew"], true, "{summary:#}");
    assert_eq!(summary["ServerCertificate"]["ImportInto"], arn.as_str());
    assert_eq!(server.certificates().len(), 1);
    assert_eq!(status(&env, &server, &[]).0, Some(0), "nothing due after the renewal");
}

#[test]
fn a_revocation_list_near_its_end_is_warned_of_by_the_commands_on_the_vpn() {
    let (server, env) = office();
    assert_eq!(cvpn(&env, &server, &["user", "add", "office", "bob"]).status.code(), Some(0));
    assert_eq!(cvpn(&env, &server, &["user", "revoke", "office", "bob", "--crl-days", "3"]).status.code(), Some(0));
    let listed = cvpn(&env, &server, &["user", "list", "office"]);
    let stderr = stderr_of(&listed);
    assert!(
        stderr.contains("office's revocation list expires") && stderr.contains("cvpn pki renew office --crl"),
        "{stderr}"
    );
    assert_eq!(cvpn(&env, &server, &["pki", "renew", "office"]).status.code(), Some(0), "due: renewed");
    let listed = cvpn(&env, &server, &["user", "list", "office"]);
    assert!(!stderr_of(&listed).contains("revocation list expires"), "{}", stderr_of(&listed));
}
