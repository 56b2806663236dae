//! `cvpn user add` against the local server, after `cvpn up` made the VPN.

use x509_parser::prelude::*;

use crate::common::{Hermetic, stderr_of, stdout_of};
use crate::server::{Ec2TestServer, network};

fn cvpn(env: &Hermetic, server: &Ec2TestServer, args: &[&str]) -> std::process::Output {
    let mut command = env.cvpn();
    command.arg("--endpoint-url").arg(&server.url).args(args);
    command.output().expect("run cvpn")
}

/// The PEM between `<tag>` and `</tag>`, parsed.
fn certificate_in(configuration: &str, tag: &str) -> Vec<u8> {
    let start = configuration.find(&format!("<{tag}>\n")).unwrap() + tag.len() + 3;
    let end = configuration.find(&format!("</{tag}>")).unwrap();
    parse_x509_pem(&configuration.as_bytes()[start..end]).unwrap().1.contents
}

/// A local server and a user (alice) who ran `cvpn up office` against it.
fn office_made_by_up() -> (Ec2TestServer, Hermetic) {
    let server = Ec2TestServer::start();
    let env = Hermetic::new().set("USER", "alice");
    let up = cvpn(&env, &server, &["up", "office", "--subnet-id", network::SUBNETS[0].0, "--poll-interval", "0.01"]);
    assert_eq!(up.status.code(), Some(0), "{}", stderr_of(&up));
    (server, env)
}

#[test]
fn a_user_gets_a_certificate_from_the_vpns_ca_once_and_a_new_one_on_renew() {
    let (server, env) = office_made_by_up();

    let output = cvpn(&env, &server, &["user", "add", "office", "bob", "--days", "30"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    let summary: serde_json::Value = serde_json::from_str(&stdout_of(&output)).unwrap();
    assert_eq!(
        (summary["User"].as_str(), summary["ConfigurationFile"].as_str()),
        (Some("bob"), Some("office-bob.ovpn"))
    );
    let path = env.home.path().join("office-bob.ovpn");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    let configuration = std::fs::read_to_string(&path).unwrap();
    let (ca_der, bob_der) = (certificate_in(&configuration, "ca"), certificate_in(&configuration, "cert"));
    let ca = X509Certificate::from_der(&ca_der).unwrap().1;
    let bob = X509Certificate::from_der(&bob_der).unwrap().1;
    assert_eq!(bob.subject().to_string(), "CN=bob");
    bob.verify_signature(Some(ca.public_key())).expect("issued by the VPN's CA");
    let days = (bob.validity().not_after.timestamp() - bob.validity().not_before.timestamp()) / 86_400;
    assert!((29..=31).contains(&days), "{days}");
    assert!(!stdout_of(&output).contains("PRIVATE KEY") && !stderr_of(&output).contains("PRIVATE KEY"));

    // Again: refused before anything is sent, naming --renew.
    let sent = server.requests().len();
    let again = cvpn(&env, &server, &["user", "add", "office", "bob"]);
    assert_eq!(again.status.code(), Some(252));
    assert!(stderr_of(&again).contains("--renew issues a new one"), "{}", stderr_of(&again));
    assert_eq!(server.requests().len(), sent);

    // --renew: a new pair; the old one is kept beside it, never overwritten.
    let renewed = cvpn(&env, &server, &["user", "add", "office", "bob", "--renew", "--force"]);
    assert_eq!(renewed.status.code(), Some(0), "{}", stderr_of(&renewed));
    let new_configuration = std::fs::read_to_string(&path).unwrap();
    assert_ne!(certificate_in(&new_configuration, "cert"), bob_der);
    let clients = env.home.path().join(".local/share/cvpn/office/clients");
    let kept: Vec<String> = std::fs::read_dir(&clients)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("bob.replaced-"))
        .collect();
    assert_eq!(kept.len(), 2, "{kept:?}");
}

#[test]
fn a_user_needs_a_vpn_with_a_ca_and_a_safe_name() {
    let server = Ec2TestServer::start();
    let env = Hermetic::new();
    let output = cvpn(&env, &server, &["user", "add", "office", "bob"]);
    assert_eq!(output.status.code(), Some(252));
    assert!(stderr_of(&output).contains("has no CA for office: `cvpn up office --subnet-id …` makes one"));
    let output = cvpn(&env, &server, &["user", "add", "office", "b/ob"]);
    assert_eq!(output.status.code(), Some(252));
    assert!(stderr_of(&output).contains("USER: user \"b/ob\""), "{}", stderr_of(&output));
    assert!(server.requests().is_empty());
}

#[test]
fn a_revoked_user_is_in_the_imported_list_and_cut_off_and_revoking_again_sends_nothing() {
    let (server, env) = office_made_by_up();
    assert_eq!(cvpn(&env, &server, &["user", "add", "office", "bob"]).status.code(), Some(0));
    let endpoint = server.endpoints()[0].id.clone();
    let bob_connection = server.add_connection(&endpoint, "bob");
    let alice_connection = server.add_connection(&endpoint, "alice");

    let output = cvpn(&env, &server, &["user", "revoke", "office", "bob"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    let summary: serde_json::Value = serde_json::from_str(&stdout_of(&output)).unwrap();
    assert_eq!(summary["TerminatedConnections"], serde_json::json!([bob_connection]));

    // The imported list is signed by the VPN's CA and names bob's serial, and only it.
    let bob_pem = std::fs::read_to_string(env.home.path().join(".local/share/cvpn/office/clients/bob.crt")).unwrap();
    let bob_serial = parse_x509_pem(bob_pem.as_bytes()).unwrap().1.parse_x509().unwrap().raw_serial().to_vec();
    assert_eq!(summary["Serial"].as_str().unwrap().len(), bob_serial.len() * 2);
    let (list, _) = server.revocation_list(&endpoint).expect("a list was imported");
    let (_, block) = parse_x509_pem(list.as_bytes()).unwrap();
    let (_, crl) = CertificateRevocationList::from_der(&block.contents).unwrap();
    let serials: Vec<Vec<u8>> = crl.iter_revoked_certificates().map(|entry| entry.raw_serial().to_vec()).collect();
    assert_eq!(serials, [bob_serial]);
    let ca_pem = std::fs::read_to_string(env.home.path().join(".local/share/cvpn/office/ca.crt")).unwrap();
    let ca = parse_x509_pem(ca_pem.as_bytes()).unwrap().1;
    let ca = ca.parse_x509().unwrap();
    crl.verify_signature(ca.public_key()).expect("signed by the VPN's CA");
    assert!(crl.next_update().is_some());

    // Bob's connection is ended; alice's is untouched.
    let states: Vec<(String, String)> =
        server.connections().into_iter().map(|connection| (connection.id, connection.state)).collect();
    assert!(states.iter().any(|(id, state)| *id == bob_connection && state != "active"), "{states:?}");
    assert!(states.iter().any(|(id, state)| *id == alice_connection && state == "active"), "{states:?}");

    // Again, and for a user without a certificate: said so, exit 0, nothing sent.
    let sent = server.requests().len();
    let again = cvpn(&env, &server, &["user", "revoke", "office", "bob"]);
    assert_eq!(again.status.code(), Some(0));
    assert!(stderr_of(&again).contains("is revoked already; nothing sent"), "{}", stderr_of(&again));
    let unknown = cvpn(&env, &server, &["user", "revoke", "office", "dave"]);
    assert_eq!(unknown.status.code(), Some(0));
    assert!(stderr_of(&unknown).contains("dave has no certificate in office: nothing to revoke"));
    // -q: the same answer by exit code alone.
    let quiet = cvpn(&env, &server, &["user", "revoke", "office", "dave", "-q"]);
    assert_eq!((quiet.status.code(), stderr_of(&quiet).as_str()), (Some(0), ""));
    assert_eq!(server.requests().len(), sent);
}

#[test]
fn the_list_shows_each_users_state_and_connection() {
    let (server, env) = office_made_by_up();
    for (user, days) in [("bob", "10"), ("carol", "400")] {
        assert_eq!(cvpn(&env, &server, &["user", "add", "office", user, "--days", days]).status.code(), Some(0));
    }
    assert_eq!(cvpn(&env, &server, &["user", "revoke", "office", "carol"]).status.code(), Some(0));
    server.add_connection(&server.endpoints()[0].id, "alice");
    let output = cvpn(&env, &server, &["user", "list", "office"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    let listed: serde_json::Value = serde_json::from_str(&stdout_of(&output)).unwrap();
    let rows: Vec<(String, String, bool)> = listed["Users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            (row["User"].as_str().unwrap().into(), row["State"].as_str().unwrap().into(), row["Connected"] == true)
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("alice".into(), "valid".into(), true),
            ("bob".into(), "expiring".into(), false),
            ("carol".into(), "revoked".into(), false)
        ]
    );
    assert!(listed["Users"][0]["NotAfter"].as_str().unwrap().ends_with('Z'));
    let table = cvpn(&env, &server, &["user", "list", "office", "-o", "table"]);
    assert!(stdout_of(&table).contains("expiring"), "{}", stdout_of(&table));
}
