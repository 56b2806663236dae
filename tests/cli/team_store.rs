//! `--pki-store secretsmanager` against the local server: a VPN's PKI kept in the secret
//! `cvpn/NAME` (tagged `cvpn:vpn=NAME`) with no key left on the administrator's disk; four
//! administrators with four HOMEs adding, then revoking, users at once on one secret lose
//! nothing; `pki push` and `pki pull`; and the refusals (no permission, a secret cvpn did not
//! make, `--pki-dir` beside the store), each with nothing changed.

use std::path::{Path, PathBuf};

use serde_json::Value;
use x509_parser::pem::parse_x509_pem;
use x509_parser::prelude::FromDer;
use x509_parser::revocation_list::CertificateRevocationList;

use crate::common::{Hermetic, stderr_of, stdout_of};
use crate::server::{Ec2TestServer, network};

const SUBNET: &str = network::SUBNETS[0].0;
const SECRET: &str = "cvpn/office";

/// A HOME whose runs use the store, with its private copies under a runtime directory of its
/// own, so a test can see that each run removed its copy.
pub fn administrator() -> (Hermetic, PathBuf) {
    let probe = Hermetic::new();
    let runtime = probe.home.path().join("run");
    std::fs::create_dir_all(&runtime).unwrap();
    let env = probe.set("CVPN_PKI_STORE", "secretsmanager").set("XDG_RUNTIME_DIR", runtime.to_str().unwrap());
    (env, runtime)
}

fn cvpn(env: &Hermetic, server: &Ec2TestServer, args: &[&str]) -> std::process::Output {
    let mut command = env.cvpn();
    command.arg("--endpoint-url").arg(&server.url).args(args);
    command.output().expect("run cvpn")
}

fn ok(env: &Hermetic, server: &Ec2TestServer, args: &[&str]) -> Value {
    let output = cvpn(env, server, args);
    assert_eq!(output.status.code(), Some(0), "{args:?}: {}", stderr_of(&output));
    serde_json::from_str(&stdout_of(&output)).unwrap_or(Value::Null)
}

/// Every file under `dir`, as paths relative to it.
fn files_under(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                found.push(path.strip_prefix(dir).unwrap().display().to_string());
            }
        }
    }
    found.sort();
    found
}

/// The files the secret's current version holds.
fn stored_files(server: &Ec2TestServer) -> serde_json::Map<String, Value> {
    let text = server.secret_value(SECRET).expect("the secret has a current version");
    let document: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(document["Vpn"], "office");
    document["Files"].as_object().unwrap().clone()
}

fn users(env: &Hermetic, server: &Ec2TestServer) -> Vec<(String, String)> {
    let listed = ok(env, server, &["user", "list", "office"]);
    let mut rows: Vec<(String, String)> = listed["Users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| (row["User"].as_str().unwrap().to_owned(), row["State"].as_str().unwrap().to_owned()))
        .collect();
    rows.sort();
    rows
}

/// `office` made with the store by `env`, its .ovpn written to `config`.
fn office(env: &Hermetic, server: &Ec2TestServer, config: &Path) -> Value {
    ok(
        env,
        server,
        &["up", "office", "--subnet-id", SUBNET, "--poll-interval", "0.01", "--config-out", config.to_str().unwrap()],
    )
}

#[test]
fn up_keeps_the_pki_in_a_tagged_secret_and_leaves_no_key_on_disk() {
    let server = Ec2TestServer::start();
    let (env, runtime) = administrator();
    let config = env.home.path().join("office.ovpn");
    let summary = office(&env, &server, &config);
    assert_eq!(summary["PkiSecret"], SECRET, "{summary}");
    assert!(summary.get("CertificateDirectory").is_none(), "no directory that is gone: {summary}");

    let secrets = server.secrets();
    assert_eq!(secrets.len(), 1);
    assert_eq!(secrets[0].name, SECRET);
    assert!(secrets[0].tags.contains(&("cvpn:vpn".to_owned(), "office".to_owned())), "{:?}", secrets[0].tags);
    let files = stored_files(&server);
    for kept in ["ca.crt", "ca.key", "server.crt", "server.key"] {
        assert!(files.contains_key(kept), "{kept} is in the secret: {:?}", files.keys());
    }
    assert!(files.keys().all(|path| path != ".lock"), "the lock is not shared");

    // The .ovpn asked for is the only file written; the run's copy is gone.
    let home_files = files_under(env.home.path());
    assert!(home_files.iter().all(|path| !path.ends_with(".key") && !path.contains("cvpn/office")), "{home_files:?}");
    assert!(home_files.contains(&"office.ovpn".to_owned()), "{home_files:?}");
    assert_eq!(files_under(&runtime), Vec::<String>::new(), "the private copy was removed");

    // Another administrator, on another machine, works on the same VPN.
    let (other, _) = administrator();
    ok(&other, &server, &["user", "add", "office", "dana", "--config-out", "dana.ovpn"]);
    assert!(stored_files(&server).contains_key("clients/dana.crt"));
    assert_eq!(users(&env, &server).iter().filter(|(user, _)| user == "dana").count(), 1);
}

#[test]
fn four_administrators_adding_then_revoking_at_once_lose_nothing() {
    let server = Ec2TestServer::start();
    let (first, _) = administrator();
    office(&first, &server, &first.home.path().join("office.ovpn"));
    let admins: Vec<(Hermetic, PathBuf)> = (0..4).map(|_| administrator()).collect();
    let names = ["ann", "ben", "cat", "dan"];

    let at_once = |verb: &str| {
        let children: Vec<_> = admins
            .iter()
            .zip(names)
            .map(|((env, _), user)| {
                let mut command = env.command(crate::common::cvpn_binary());
                command.arg("--endpoint-url").arg(&server.url).args(["user", verb, "office", user]);
                if verb == "add" {
                    command.args(["--config-out", &format!("{user}.ovpn")]);
                }
                command.stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped()).spawn().unwrap()
            })
            .collect();
        for child in children {
            let output = child.wait_with_output().unwrap();
            assert_eq!(output.status.code(), Some(0), "user {verb}: {}", stderr_of(&output));
        }
    };

    at_once("add");
    let after_adds = users(&first, &server);
    for user in names {
        assert!(after_adds.contains(&(user.to_owned(), "valid".to_owned())), "{user}: {after_adds:?}");
    }

    at_once("revoke");
    let after_revokes = users(&first, &server);
    for user in names {
        assert!(after_revokes.contains(&(user.to_owned(), "revoked".to_owned())), "{user}: {after_revokes:?}");
    }
    // The list on the endpoint names all four, whichever run imported last.
    let files = stored_files(&server);
    let (list, _) = server.revocation_list(&server.endpoints()[0].id).expect("a list was imported");
    let der = parse_x509_pem(list.as_bytes()).unwrap().1.contents;
    let (_, crl) = CertificateRevocationList::from_der(&der).unwrap();
    let listed: Vec<Vec<u8>> = crl.iter_revoked_certificates().map(|entry| entry.raw_serial().to_vec()).collect();
    for user in names {
        let pem = files[&format!("clients/{user}.crt")].as_str().unwrap();
        let der = parse_x509_pem(pem.as_bytes()).unwrap().1.contents;
        let (_, certificate) = x509_parser::parse_x509_certificate(&der).unwrap();
        assert!(listed.contains(&certificate.raw_serial().to_vec()), "{user} is in the endpoint's list");
    }
}

#[test]
fn debug_shows_neither_the_secret_nor_a_key() {
    let server = Ec2TestServer::start();
    let (env, _) = administrator();
    office(&env, &server, &env.home.path().join("office.ovpn"));
    let output = cvpn(&env, &server, &["--debug", "user", "add", "office", "erin", "--config-out", "erin.ovpn"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    let (stdout, stderr) = (stdout_of(&output), stderr_of(&output));
    assert!(stderr.contains(r#""SecretString":"<redacted>""#), "the secret's answer and write are redacted: {stderr}");
    let files = stored_files(&server);
    let key_lines: Vec<&str> = files
        .iter()
        .filter(|(path, _)| path.ends_with(".key"))
        .flat_map(|(_, text)| text.as_str().unwrap().lines().filter(|line| !line.starts_with("-----")))
        .collect();
    assert!(key_lines.len() > 20, "the CA's and the server's keys are in the secret");
    for shown in [&stdout, &stderr] {
        assert!(!shown.contains("PRIVATE KEY"), "no key is shown");
        assert!(key_lines.iter().all(|line| !shown.contains(line)), "no line of a stored key is shown");
    }
}

#[test]
fn a_run_without_permission_to_the_secret_fails_clearly_and_changes_nothing() {
    let server = Ec2TestServer::start();
    let (env, _) = administrator();
    office(&env, &server, &env.home.path().join("office.ovpn"));
    let before = server.secret_value(SECRET);
    let (denied, _) = administrator();
    let denied = denied.set("AWS_ACCESS_KEY_ID", "DENIEDEXAMPLE");
    let sent = server.requests().len();
    let output = cvpn(&denied, &server, &["user", "add", "office", "fay"]);
    assert_eq!(output.status.code(), Some(254), "{}", stderr_of(&output));
    let stderr = stderr_of(&output);
    assert!(stderr.contains("AccessDeniedException"), "{stderr}");
    assert!(stderr.contains("secretsmanager:DescribeSecret, GetSecretValue, PutSecretValue"), "{stderr}");
    assert!(stderr.contains(SECRET), "{stderr}");
    assert_eq!(server.secret_value(SECRET), before);
    let operations: Vec<String> = server.requests()[sent..].iter().map(|request| request.operation()).collect();
    assert_eq!(operations, ["DescribeSecret"], "nothing after the refusal");
    assert!(files_under(denied.home.path()).iter().all(|path| !path.contains("fay")));
}

#[test]
fn a_secret_cvpn_did_not_make_is_neither_read_nor_replaced() {
    let server = Ec2TestServer::start();
    server.add_secret(SECRET, "{\"password\":\"hunter2\"}", &[("team", "billing")]);
    let (env, _) = administrator();
    let output = cvpn(&env, &server, &["user", "list", "office"]);
    assert_eq!(output.status.code(), Some(252), "{}", stderr_of(&output));
    let stderr = stderr_of(&output);
    assert!(stderr.contains("has no cvpn:vpn tag") && stderr.contains(SECRET), "{stderr}");
    assert!(!stderr.contains("hunter2"));
    assert_eq!(server.secret_value(SECRET).as_deref(), Some("{\"password\":\"hunter2\"}"));
    let operations: Vec<String> = server.requests().iter().map(|request| request.operation()).collect();
    assert_eq!(operations, ["DescribeSecret"], "its value is not even read");

    // `up` does not take it over either.
    let up = cvpn(&env, &server, &["up", "office", "--subnet-id", SUBNET]);
    assert_eq!(up.status.code(), Some(252), "{}", stderr_of(&up));
    assert!(server.endpoints().is_empty());
}

#[test]
fn pki_dir_beside_the_store_and_a_missing_secret_are_refused_with_nothing_changed() {
    let server = Ec2TestServer::start();
    let (env, _) = administrator();
    let output = cvpn(&env, &server, &["user", "add", "office", "gil", "--pki-dir", "somewhere"]);
    assert_eq!(output.status.code(), Some(252), "{}", stderr_of(&output));
    assert!(stderr_of(&output).contains("--pki-dir"), "{}", stderr_of(&output));
    assert!(server.requests().is_empty(), "nothing sent");

    let output = cvpn(&env, &server, &["user", "add", "office", "gil"]);
    assert_eq!(output.status.code(), Some(252), "{}", stderr_of(&output));
    assert!(stderr_of(&output).contains("cvpn pki push office"), "{}", stderr_of(&output));
    assert!(server.secrets().is_empty());
}

#[test]
fn a_profile_can_choose_the_store_and_up_encrypts_with_the_key_given() {
    let server = Ec2TestServer::start();
    let runtime = tempfile::tempdir().unwrap();
    let env = Hermetic::new().unset("CVPN_PKI_STORE").set("XDG_RUNTIME_DIR", runtime.path().to_str().unwrap());
    env.write_config("[default]\nregion = us-east-1\ncvpn_pki_store = secretsmanager\n");
    let config = env.home.path().join("office.ovpn");
    let summary = ok(
        &env,
        &server,
        &[
            "up",
            "office",
            "--subnet-id",
            SUBNET,
            "--poll-interval",
            "0.01",
            "--kms-key-id",
            "alias/team-vpn",
            "--config-out",
            config.to_str().unwrap(),
        ],
    );
    assert_eq!(summary["PkiSecret"], SECRET, "{summary}");
    let secrets = server.secrets();
    assert_eq!(secrets[0].kms_key_id.as_deref(), Some("alias/team-vpn"), "CreateSecret named the key");
    assert!(!env.home.path().join(".local/share/cvpn/office").exists(), "nothing kept on disk");
    ok(&env, &server, &["user", "add", "office", "erin", "--config-out", "erin.ovpn"]);
    assert!(stored_files(&server).contains_key("clients/erin.crt"));

    // A store the profile names wrongly is a usage error naming the setting, before anything is sent.
    env.write_config("[default]\nregion = us-east-1\ncvpn_pki_store = s3\n");
    let sent = server.requests().len();
    let output = cvpn(&env, &server, &["user", "list", "office"]);
    assert_eq!(output.status.code(), Some(252), "{}", stderr_of(&output));
    let stderr = stderr_of(&output);
    assert!(stderr.contains("cvpn_pki_store") && stderr.contains("\"s3\""), "{stderr}");
    assert_eq!(server.requests().len(), sent, "nothing sent");
}

#[test]
fn down_purge_schedules_the_secret_for_deletion() {
    let server = Ec2TestServer::start();
    let (env, _) = administrator();
    office(&env, &server, &env.home.path().join("office.ovpn"));
    let output = cvpn(&env, &server, &["down", "office", "--purge", "--poll-interval", "0.01"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    assert!(stderr_of(&output).contains("restore-secret"), "{}", stderr_of(&output));
    let secrets = server.secrets();
    assert!(secrets[0].deleted, "scheduled for deletion");
    assert_eq!(secrets[0].recovery_days, Some(30));
    assert!(server.endpoints().iter().all(|endpoint| endpoint.status == "deleted"), "the endpoint went too");
}

#[test]
fn push_moves_a_local_pki_into_the_store_and_pull_copies_it_back_without_overwriting() {
    use std::os::unix::fs::PermissionsExt;
    let server = Ec2TestServer::start();
    // A VPN made the local way, with a user.
    let local = Hermetic::new();
    let up = ["up", "office", "--subnet-id", SUBNET, "--poll-interval", "0.01"];
    ok(&local, &server, &up);
    ok(&local, &server, &["user", "add", "office", "hal"]);
    let dir = local.home.path().join(".local/share/cvpn/office");
    let before: Vec<(String, String)> = files_under(&dir)
        .into_iter()
        .filter(|path| path != ".lock" && !(path.starts_with("clients/") && path.ends_with(".key")))
        .map(|path| (path.clone(), std::fs::read_to_string(dir.join(&path)).unwrap()))
        .collect();

    let pushed = ok(&local, &server, &["pki", "push", "office"]);
    assert_eq!(pushed["Created"], true, "{pushed}");
    assert_eq!(pushed["LocalRemoved"], true, "{pushed}");
    let stored = stored_files(&server);
    for (path, text) in &before {
        assert_eq!(stored.get(path).and_then(Value::as_str), Some(text.as_str()), "{path} is stored as it was");
    }
    assert!(files_under(&dir).iter().all(|path| !path.ends_with(".key")), "no key is left: {:?}", files_under(&dir));
    assert!(stored.keys().all(|path| !path.starts_with("clients/") || !path.ends_with(".key")), "users' keys stay out");

    // Another administrator works through the store, then a third pulls a copy.
    let (team, _) = administrator();
    ok(&team, &server, &["user", "add", "office", "ida", "--config-out", "ida.ovpn"]);
    let puller = Hermetic::new();
    let pulled = ok(&puller, &server, &["pki", "pull", "office"]);
    let copy = puller.home.path().join(".local/share/cvpn/office");
    for (path, text) in &before {
        assert_eq!(&std::fs::read_to_string(copy.join(path)).unwrap(), text, "{path}");
        let mode = std::fs::metadata(copy.join(path)).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{path}");
    }
    assert!(copy.join("clients/ida.crt").exists(), "the store's newer user too");
    assert_eq!(std::fs::metadata(&copy).unwrap().permissions().mode() & 0o777, 0o700);
    assert_eq!(pulled["Written"].as_u64(), Some(stored_files(&server).len() as u64), "{pulled}");
    let again = ok(&puller, &server, &["pki", "pull", "office"]);
    assert_eq!(again["Written"], 0, "{again}");

    // A file that differs is never overwritten.
    std::fs::write(copy.join("clients/hal.crt"), "mine").unwrap();
    let refused = cvpn(&puller, &server, &["pki", "pull", "office"]);
    assert_eq!(refused.status.code(), Some(252), "{}", stderr_of(&refused));
    assert!(stderr_of(&refused).contains("clients/hal.crt"), "{}", stderr_of(&refused));
    assert_eq!(std::fs::read_to_string(copy.join("clients/hal.crt")).unwrap(), "mine");

    // The puller's local user, pushed back, joins the store's: nobody's user is lost.
    std::fs::write(copy.join("clients/hal.crt"), &before.iter().find(|(p, _)| p == "clients/hal.crt").unwrap().1)
        .unwrap();
    ok(&puller, &server, &["user", "add", "office", "joy"]);
    ok(&team, &server, &["user", "add", "office", "kim", "--config-out", "kim.ovpn"]);
    let joined = ok(&puller, &server, &["pki", "push", "office", "--keep-local"]);
    assert_eq!(joined["Created"], false, "{joined}");
    assert!(copy.join("ca.key").exists(), "--keep-local keeps the copy");
    let stored = stored_files(&server);
    for user in ["hal", "ida", "joy", "kim"] {
        assert!(stored.contains_key(&format!("clients/{user}.crt")), "{user}: {:?}", stored.keys());
    }
}

/// The Secrets Manager actions of the README's team-store policy.
fn readme_policy_actions() -> Vec<String> {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let after = readme.split("<!-- team-store-policy -->").nth(1).expect("README marks the policy");
    let block = after.split("```json").nth(1).and_then(|rest| rest.split("```").next()).expect("a JSON block");
    let policy: Value = serde_json::from_str(block).expect("the policy is JSON");
    let mut actions: Vec<String> = policy["Statement"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|statement| statement["Action"].as_array().unwrap().iter())
        .map(|action| action.as_str().unwrap().to_owned())
        .collect();
    actions.sort();
    actions
}

#[test]
fn the_readmes_policy_allows_exactly_the_secrets_manager_calls_the_commands_make() {
    let server = Ec2TestServer::start();
    let (env, _) = administrator();
    office(&env, &server, &env.home.path().join("office.ovpn"));
    ok(&env, &server, &["user", "add", "office", "lea", "--config-out", "lea.ovpn"]);
    ok(&env, &server, &["user", "revoke", "office", "lea"]);
    ok(&env, &server, &["pki", "status", "office"]).to_string();
    let puller = Hermetic::new();
    ok(&puller, &server, &["pki", "pull", "office"]);
    ok(&puller, &server, &["user", "add", "office", "max"]);
    ok(&puller, &server, &["pki", "push", "office"]);
    let down = cvpn(&env, &server, &["down", "office", "--purge", "--poll-interval", "0.01"]);
    assert_eq!(down.status.code(), Some(0), "{}", stderr_of(&down));

    let mut made: Vec<String> = server
        .requests()
        .iter()
        .filter(|request| {
            request
                .headers
                .iter()
                .any(|(name, value)| name.eq_ignore_ascii_case("x-amz-target") && value.starts_with("secretsmanager."))
        })
        .map(|request| format!("secretsmanager:{}", request.operation()))
        .collect();
    // CreateSecret with tags also needs TagResource:
    // https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html
    made.push("secretsmanager:TagResource".to_owned());
    made.sort();
    made.dedup();
    assert_eq!(readme_policy_actions(), made);
}
