//! `cvpn user add` against the local server, after `cvpn up` made the VPN.

use x509_parser::prelude::*;

use crate::common::{Hermetic, stderr_of, stdout_of};
use crate::server::{Ec2TestServer, network};

pub(crate) fn cvpn(env: &Hermetic, server: &Ec2TestServer, args: &[&str]) -> std::process::Output {
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
pub(crate) fn office_made_by_up() -> (Ec2TestServer, Hermetic) {
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

/// The serials the list the endpoint holds names, lowercase hex, and the list itself.
fn listed_serials(server: &Ec2TestServer) -> (Vec<String>, Vec<u8>) {
    let endpoint = server.endpoints()[0].id.clone();
    let (list, _) = server.revocation_list(&endpoint).expect("a list was imported");
    let (_, block) = parse_x509_pem(list.as_bytes()).unwrap();
    let (_, crl) = CertificateRevocationList::from_der(&block.contents).unwrap();
    let hex = |bytes: &[u8]| bytes.iter().map(|byte| format!("{byte:02x}")).collect::<String>();
    (crl.iter_revoked_certificates().map(|entry| hex(entry.raw_serial())).collect(), block.contents.clone())
}

fn serial_of_file(path: &std::path::Path) -> String {
    let pem = std::fs::read_to_string(path).unwrap();
    let serial = parse_x509_pem(pem.as_bytes()).unwrap().1.parse_x509().unwrap().raw_serial().to_vec();
    serial.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Every `USER.crt` and `USER.replaced-*.crt` of `user` in the VPN's directory.
fn certificate_files(env: &Hermetic, user: &str) -> Vec<std::path::PathBuf> {
    let clients = env.home.path().join(".local/share/cvpn/office/clients");
    let mut files: Vec<_> = std::fs::read_dir(&clients)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            name.ends_with(".crt") && (name == format!("{user}.crt") || name.starts_with(&format!("{user}.replaced-")))
        })
        .collect();
    files.sort();
    files
}

fn users_listed(env: &Hermetic, server: &Ec2TestServer) -> Vec<(String, String)> {
    let output = cvpn(env, server, &["user", "list", "office"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    let listed: serde_json::Value = serde_json::from_str(&stdout_of(&output)).unwrap();
    listed["Users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| (row["User"].as_str().unwrap().into(), row["State"].as_str().unwrap().into()))
        .collect()
}

#[test]
fn revoking_a_user_revokes_every_certificate_they_were_issued_renewed_ones_too() {
    let (server, env) = office_made_by_up();
    assert_eq!(cvpn(&env, &server, &["user", "add", "office", "bob"]).status.code(), Some(0));
    let renewed = cvpn(&env, &server, &["user", "add", "office", "bob", "--renew", "--force"]);
    assert_eq!(renewed.status.code(), Some(0), "{}", stderr_of(&renewed));
    let bob: Vec<String> = certificate_files(&env, "bob").iter().map(|path| serial_of_file(path)).collect();
    assert_eq!(bob.len(), 2, "the current certificate and the one set aside");
    // The one set aside still connects until it is revoked: the list says so.
    let alice = ("alice".to_owned(), "valid".to_owned());
    let before = [alice.clone(), ("bob".into(), "valid".into()), ("bob".into(), "replaced".into())];
    assert_eq!(users_listed(&env, &server), before);

    let output = cvpn(&env, &server, &["user", "revoke", "office", "bob"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    let summary: serde_json::Value = serde_json::from_str(&stdout_of(&output)).unwrap();
    let mut revoked: Vec<String> =
        summary["Serials"].as_array().unwrap().iter().map(|serial| serial.as_str().unwrap().to_owned()).collect();
    revoked.sort();
    let mut expected = bob.clone();
    expected.sort();
    assert_eq!(revoked, expected, "both of bob's certificates");
    let (mut listed, first_list) = listed_serials(&server);
    listed.sort();
    assert_eq!(listed, expected, "the imported list names both");
    let after = [alice, ("bob".into(), "revoked".into()), ("bob".into(), "revoked".into())];
    assert_eq!(users_listed(&env, &server), after);

    // One certificate by --serial: carol's old one, not her new one.
    assert_eq!(cvpn(&env, &server, &["user", "add", "office", "carol"]).status.code(), Some(0));
    let old_carol = serial_of_file(&certificate_files(&env, "carol")[0]);
    assert_eq!(cvpn(&env, &server, &["user", "add", "office", "carol", "--renew", "--force"]).status.code(), Some(0));
    let sent = server.requests().len();
    let wrong = cvpn(&env, &server, &["user", "revoke", "office", "carol", "--serial", &bob[0]]);
    assert_eq!(wrong.status.code(), Some(252), "another user's serial is refused");
    assert!(stderr_of(&wrong).contains("is not one of carol's certificates"), "{}", stderr_of(&wrong));
    assert_eq!(server.requests().len(), sent, "nothing sent");
    let one = cvpn(&env, &server, &["user", "revoke", "office", "carol", "--serial", &old_carol.to_uppercase()]);
    assert_eq!(one.status.code(), Some(0), "{}", stderr_of(&one));
    let (listed, second_list) = listed_serials(&server);
    assert_eq!(listed.len(), 3, "bob's two and carol's old one: {listed:?}");
    assert!(listed.contains(&old_carol));
    let states: Vec<(String, String)> =
        users_listed(&env, &server).into_iter().filter(|(user, _)| user == "carol").collect();
    assert_eq!(states, [("carol".into(), "valid".into()), ("carol".into(), "revoked".into())]);

    // The list's number grows with each list, and it is valid ten years.
    let number = |der: &[u8]| {
        let (_, crl) = CertificateRevocationList::from_der(der).unwrap();
        (crl.crl_number().cloned().expect("a CRL number"), crl.next_update().unwrap().timestamp())
    };
    let ((first, _), (second, next_update)) = (number(&first_list), number(&second_list));
    assert!(second > first, "{first} then {second}");
    let days = (next_update - ::time::OffsetDateTime::now_utc().unix_timestamp()) / 86_400;
    assert!((3648..=3650).contains(&days), "{days}");
    let short = cvpn(&env, &server, &["user", "revoke", "office", "carol", "--crl-days", "30"]);
    assert_eq!(short.status.code(), Some(0), "{}", stderr_of(&short));
    let (_, third_list) = listed_serials(&server);
    let (third, next_update) = number(&third_list);
    assert!(third > second);
    let days = (next_update - ::time::OffsetDateTime::now_utc().unix_timestamp()) / 86_400;
    assert!((29..=30).contains(&days), "{days}");
}

#[test]
fn revocations_started_together_all_end_up_in_the_list() {
    let (server, env) = office_made_by_up();
    let users = ["u1", "u2", "u3", "u4", "u5", "u6"];
    for user in users {
        assert_eq!(cvpn(&env, &server, &["user", "add", "office", user]).status.code(), Some(0));
    }
    let running: Vec<std::process::Child> = users
        .iter()
        .map(|user| {
            env.command(crate::common::cvpn_binary())
                .args(["--endpoint-url", &server.url, "user", "revoke", "office", user])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in running {
        let output = child.wait_with_output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    }
    let record = std::fs::read_to_string(env.home.path().join(".local/share/cvpn/office/revoked.json")).unwrap();
    let record: serde_json::Value = serde_json::from_str(&record).unwrap();
    assert_eq!(record.as_array().unwrap().len(), 6, "{record:#}");
    assert_eq!(listed_serials(&server).0.len(), 6, "the last list imported names every revocation");
}

#[test]
fn a_second_run_on_a_vpn_waits_for_the_first_then_says_so() {
    let (server, env) = office_made_by_up();
    let lock_path = env.home.path().join(".local/share/cvpn/office/.lock");
    let held =
        std::fs::OpenOptions::new().read(true).write(true).create(true).truncate(false).open(&lock_path).unwrap();
    held.lock().unwrap();
    let sent = server.requests().len();
    let env = env.set("CVPN_LOCK_TIMEOUT", "0.3");
    let output = cvpn(&env, &server, &["user", "revoke", "office", "alice"]);
    assert_eq!(output.status.code(), Some(255), "{}", stderr_of(&output));
    let stderr = stderr_of(&output);
    assert!(
        stderr.contains("Another cvpn run is working on office") && stderr.contains("waiting up to 0.3s"),
        "{stderr}"
    );
    assert!(stderr.contains("is still working on office") && stderr.contains(".lock is locked"), "{stderr}");
    assert_eq!(server.requests().len(), sent, "nothing sent");
    assert!(!env.home.path().join(".local/share/cvpn/office/revoked.json").exists(), "nothing recorded");
    held.unlock().unwrap();
    let output = cvpn(&env, &server, &["user", "revoke", "office", "alice"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
}

#[test]
fn a_vpn_directory_or_key_open_to_others_is_refused_with_the_fix() {
    use std::os::unix::fs::PermissionsExt;
    let (server, env) = office_made_by_up();
    let dir = env.home.path().join(".local/share/cvpn/office");
    let sent = server.requests().len();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o777)).unwrap();
    let output = cvpn(&env, &server, &["user", "add", "office", "bob"]);
    assert_eq!(output.status.code(), Some(252), "{}", stderr_of(&output));
    assert!(stderr_of(&output).contains(&format!("chmod 700 {}", dir.display())), "{}", stderr_of(&output));
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).unwrap();
    std::fs::set_permissions(dir.join("ca.key"), std::fs::Permissions::from_mode(0o644)).unwrap();
    let output = cvpn(&env, &server, &["user", "add", "office", "bob"]);
    assert_eq!(output.status.code(), Some(252), "{}", stderr_of(&output));
    assert!(stderr_of(&output).contains("chmod 600"), "{}", stderr_of(&output));
    std::fs::set_permissions(dir.join("ca.key"), std::fs::Permissions::from_mode(0o600)).unwrap();
    // A symbolic link to the directory is not used either.
    let link = env.home.path().join("office-link");
    std::os::unix::fs::symlink(&dir, &link).unwrap();
    let output = cvpn(&env, &server, &["user", "add", "office", "bob", "--pki-dir", link.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(252), "{}", stderr_of(&output));
    assert!(stderr_of(&output).contains("is a symbolic link"), "{}", stderr_of(&output));
    assert_eq!(server.requests().len(), sent, "nothing sent");
    assert!(!dir.join("clients/bob.crt").exists(), "nothing made");
}

#[test]
fn bad_input_is_bounded_and_said() {
    let (server, env) = office_made_by_up();
    let sent = server.requests().len();
    // Files that are endless, or FIFOs nobody writes to, do not hang or exhaust memory.
    let output = cvpn(&env, &server, &["--ca-bundle", "/dev/zero", "user", "list", "office"]);
    assert_eq!(output.status.code(), Some(252), "{}", stderr_of(&output));
    assert!(stderr_of(&output).contains("--ca-bundle /dev/zero") && stderr_of(&output).contains("larger than"));
    let output = cvpn(&env, &server, &["pki", "check", "/dev/zero"]);
    assert_eq!(output.status.code(), Some(252), "{}", stderr_of(&output));
    assert!(stderr_of(&output).contains("larger than"), "{}", stderr_of(&output));
    // A query nested thousands deep is refused, not a stack overflow.
    let deep = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
    let output = cvpn(&env, &server, &["--query", &deep, "user", "list", "office"]);
    assert_eq!(output.status.code(), Some(252), "{}", stderr_of(&output));
    assert!(stderr_of(&output).contains("nests 5000 deep"), "{}", stderr_of(&output));
    // A poll interval of 0 would poll AWS in a tight loop.
    let output = cvpn(&env, &server, &["up", "office", "--subnet-id", network::SUBNETS[0].0, "--poll-interval", "0"]);
    assert_eq!(output.status.code(), Some(252), "{}", stderr_of(&output));
    assert!(stderr_of(&output).contains("too short a pause between polls"), "{}", stderr_of(&output));
    // The server's private key never goes over plain HTTP to another machine.
    let output = env
        .cvpn()
        .args(["--endpoint-url", "http://192.0.2.1:1", "up", "lab", "--subnet-id", network::SUBNETS[0].0])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(252), "{}", stderr_of(&output));
    assert!(stderr_of(&output).contains("plain HTTP to another machine"), "{}", stderr_of(&output));
    assert_eq!(server.requests().len(), sent, "nothing sent");
    // One row per user in a table.
    let output = cvpn(&env, &server, &["user", "list", "office", "-o", "table"]);
    let table = stdout_of(&output);
    assert!(table.starts_with("Users of office\n") && !table.contains("[1]"), "{table}");
    let alice = table.lines().find(|line| line.contains("alice")).expect("a row for alice");
    assert!(alice.contains("valid") && alice.contains("no"), "{alice}");
}
