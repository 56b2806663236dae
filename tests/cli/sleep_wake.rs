//! `cvpn sleep` and `cvpn wake` against the local server: a VPN with two subnets, a security group
//! of its own, routes through each subnet and to the internet sleeps (no association left, the
//! record in the endpoint's tags) and wakes from another HOME to exactly what it had; kills
//! during either converge on a rerun; the refusals; the calls each makes.

use serde_json::Value;

use crate::common::{Hermetic, cvpn_binary, stderr_of, stdout_of};
use crate::server::{Ec2TestServer, Reply, network};

const SUBNET_A: &str = network::SUBNETS[0].0;
const SUBNET_B: &str = network::SUBNETS[1].0;
const GROUP: &str = "sg-0a1b2c3d4e5f6beef";

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

/// (associations with their groups, routes, the endpoint's groups, its ID, its record tags).
type Snapshot = (Vec<(String, Vec<String>)>, Vec<String>, Vec<String>, String, Vec<String>);

/// What a VPN is made of that sleep and wake must keep: the live associations with their groups,
/// every route (destination, subnet, origin, description, state), the endpoint's groups, its DNS
/// name, and the record tags it holds.
fn snapshot(server: &Ec2TestServer) -> Snapshot {
    let mut associations: Vec<(String, Vec<String>)> = server
        .associations()
        .into_iter()
        .filter(|a| a.state != "disassociated")
        .map(|a| (format!("{} {}", a.subnet, a.state), a.security_groups))
        .collect();
    associations.sort();
    let mut routes: Vec<String> = server
        .routes()
        .into_iter()
        .map(|r| format!("{} {} {} {:?} {}", r.destination, r.subnet, r.origin, r.description, r.state))
        .collect();
    routes.sort();
    let endpoint = server.endpoints().into_iter().next().unwrap();
    let groups: Vec<String> = (1..)
        .map_while(|n| endpoint.parameters.iter().find(|(k, _)| *k == format!("SecurityGroupId.{n}")).cloned())
        .map(|(_, group)| group)
        .collect();
    let records: Vec<String> =
        endpoint.tags().into_iter().filter(|(key, _)| key.starts_with("cvpn:asleep")).map(|(key, _)| key).collect();
    (associations, routes, groups, endpoint.id.clone(), records)
}

/// `office` with two subnets, the internet, a route of its own through the second subnet and a
/// security group applied; returns its endpoint ID.
fn office(env: &Hermetic, server: &Ec2TestServer) -> String {
    let up = ["up", "office", "--subnet-id", SUBNET_A, "--subnet-id", SUBNET_B, "--internet"];
    ok(env, server, &[&up[..], &["--poll-interval", "0.01"]].concat());
    let id = server.endpoints()[0].id.clone();
    ok(
        env,
        server,
        &[
            "create-client-vpn-route",
            "--client-vpn-endpoint-id",
            &id,
            "--destination-cidr-block",
            "10.50.0.0/16",
            "--target-vpc-subnet-id",
            SUBNET_B,
            "--description",
            "peered: billing (prod) €",
        ],
    );
    ok(
        env,
        server,
        &[
            "apply-security-groups-to-client-vpn-target-network",
            "--client-vpn-endpoint-id",
            &id,
            "--vpc-id",
            network::VPC_ID,
            "--security-group-ids",
            GROUP,
        ],
    );
    server.settle();
    id
}

fn sleep(env: &Hermetic, server: &Ec2TestServer, extra: &[&str]) -> std::process::Output {
    cvpn(env, server, &[&["sleep", "office", "--poll-interval", "0.01"][..], extra].concat())
}

fn wake(env: &Hermetic, server: &Ec2TestServer, target: &str) -> std::process::Output {
    cvpn(env, server, &["wake", target, "--poll-interval", "0.01"])
}

fn exported(env: &Hermetic, server: &Ec2TestServer, id: &str) -> String {
    let output = cvpn(env, server, &["export-client-vpn-client-configuration", "--client-vpn-endpoint-id", id]);
    stdout_of(&output)
}

fn actions_since(server: &Ec2TestServer, from: usize) -> Vec<String> {
    server.requests()[from..].iter().map(|request| request.operation()).collect()
}

#[test]
fn sleep_then_wake_from_another_home_restores_exactly_what_the_vpn_had() {
    let server = Ec2TestServer::start();
    let env = Hermetic::new().set("USER", "alice");
    let id = office(&env, &server);
    let before = snapshot(&server);
    let configuration = exported(&env, &server, &id);
    assert_eq!(before.0.len(), 2);
    assert!(before.0.iter().all(|(_, groups)| groups == &[GROUP]), "{before:?}");
    assert_eq!(before.1.iter().filter(|route| route.contains("add-route")).count(), 3, "{before:?}");

    let sent = server.requests().len();
    let output = sleep(&env, &server, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    let slept: Value = serde_json::from_str(&stdout_of(&output)).unwrap();
    assert_eq!(slept["Disassociated"].as_array().unwrap().len(), 2, "{slept:#}");
    assert_eq!(slept["Recorded"]["Routes"].as_array().unwrap().len(), 3, "{slept:#}");
    server.settle();
    let asleep = snapshot(&server);
    assert!(asleep.0.is_empty() && asleep.1.is_empty(), "no association and no route left: {asleep:?}");
    assert!(asleep.4.contains(&"cvpn:asleep".to_owned()), "{asleep:?}");
    let mut changes: Vec<String> =
        actions_since(&server, sent).into_iter().filter(|action| !action.starts_with("Describe")).collect();
    changes.dedup();
    assert_eq!(changes, ["CreateTags", "DisassociateClientVpnTargetNetwork"], "sleep's calls besides reads");

    // Asleep again: said, nothing sent but reads.
    let sent = server.requests().len();
    let output = sleep(&env, &server, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    assert!(stderr_of(&output).contains("office is asleep already"), "{}", stderr_of(&output));
    assert!(actions_since(&server, sent).iter().all(|action| action.starts_with("Describe")));

    // Another administrator, another machine: only the endpoint's tags to go by.
    let elsewhere = Hermetic::new();
    let sent = server.requests().len();
    let output = wake(&elsewhere, &server, &id);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    let woke: Value = serde_json::from_str(&stdout_of(&output)).unwrap();
    assert_eq!(woke["Status"], "available", "{woke:#}");
    let mut changes: Vec<String> =
        actions_since(&server, sent).into_iter().filter(|action| !action.starts_with("Describe")).collect();
    changes.dedup();
    assert_eq!(
        changes,
        [
            "AssociateClientVpnTargetNetwork",
            "ApplySecurityGroupsToClientVpnTargetNetwork",
            "CreateClientVpnRoute",
            "DeleteTags"
        ],
        "wake's calls besides reads"
    );
    let after = snapshot(&server);
    assert_eq!(after, before, "exactly the subnets, groups, routes and DNS name, and no record left");
    assert_eq!(exported(&env, &server, &id), configuration, "every user's .ovpn still fits");

    // Awake: said, exit 0.
    let output = wake(&env, &server, "office");
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    assert!(stderr_of(&output).contains("office is awake"), "{}", stderr_of(&output));
}

/// Runs `args` until `action` is sent (the server never answers it), then kills cvpn (SIGKILL).
fn killed_at(env: &Hermetic, server: &Ec2TestServer, args: &[&str], action: &str) {
    killed_at_nth(env, server, args, action, 1);
}

/// Runs `args` until `action` is sent the `nth` time (answered as EC2 would before, never
/// then), then kills cvpn (SIGKILL).
fn killed_at_nth(env: &Hermetic, server: &Ec2TestServer, args: &[&str], action: &str, nth: usize) {
    server.fail(action, (1..nth).map(|_| Reply::Ec2).chain([Reply::Hang]));
    let sent = server.requests().len();
    let mut child = env
        .command(cvpn_binary())
        .args(["--endpoint-url", &server.url])
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while actions_since(server, sent).iter().filter(|sent| *sent == action).count() < nth {
        assert!(std::time::Instant::now() < deadline, "{action} was never sent");
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn a_sleep_or_a_wake_killed_halfway_converges_when_run_again() {
    for action in ["CreateTags", "DisassociateClientVpnTargetNetwork"] {
        let server = Ec2TestServer::start();
        let env = Hermetic::new().set("USER", "alice");
        let id = office(&env, &server);
        let before = snapshot(&server);
        killed_at(&env, &server, &["sleep", "office", "--poll-interval", "0.01"], action);
        let output = sleep(&env, &server, &[]);
        assert_eq!(output.status.code(), Some(0), "after a kill at {action}: {}", stderr_of(&output));
        server.settle();
        assert!(snapshot(&server).0.is_empty(), "{action}");
        let output = wake(&env, &server, &id);
        assert_eq!(output.status.code(), Some(0), "after a kill at {action}: {}", stderr_of(&output));
        assert_eq!(snapshot(&server), before, "after a kill at {action} during sleep");
    }
    // Killed between the two disassociations: the first subnet and its routes are gone when the
    // rerun reads the VPN, and only the record still names them.
    let server = Ec2TestServer::start();
    let env = Hermetic::new().set("USER", "alice");
    let id = office(&env, &server);
    let before = snapshot(&server);
    killed_at_nth(&env, &server, &["sleep", "office"], "DisassociateClientVpnTargetNetwork", 2);
    server.settle();
    assert_eq!(snapshot(&server).0.len(), 1, "one subnet left");
    assert_eq!(sleep(&env, &server, &[]).status.code(), Some(0));
    server.settle();
    assert_eq!(wake(&env, &server, &id).status.code(), Some(0));
    assert_eq!(snapshot(&server), before, "the first subnet and its routes came back from the record");
    for action in [
        "AssociateClientVpnTargetNetwork",
        "ApplySecurityGroupsToClientVpnTargetNetwork",
        "CreateClientVpnRoute",
        "DeleteTags",
    ] {
        let server = Ec2TestServer::start();
        let env = Hermetic::new().set("USER", "alice");
        let id = office(&env, &server);
        let before = snapshot(&server);
        assert_eq!(sleep(&env, &server, &[]).status.code(), Some(0));
        server.settle();
        killed_at(&env, &server, &["wake", "office", "--poll-interval", "0.01"], action);
        server.settle();
        let output = wake(&env, &server, &id);
        assert_eq!(output.status.code(), Some(0), "after a kill at {action}: {}", stderr_of(&output));
        assert_eq!(snapshot(&server), before, "after a kill at {action} during wake: no duplicate, none missing");
    }
}

#[test]
fn connected_clients_refuse_a_sleep_unless_forced_and_an_unknown_vpn_is_refused() {
    let server = Ec2TestServer::start();
    let env = Hermetic::new().set("USER", "alice");
    let id = office(&env, &server);
    server.add_connection(&id, "bob");
    server.add_connection(&id, "carol");
    let sent = server.requests().len();
    let output = sleep(&env, &server, &[]);
    assert_eq!(output.status.code(), Some(252), "{}", stderr_of(&output));
    let stderr = stderr_of(&output);
    assert!(
        stderr.contains("2 client(s) are connected to office (bob, carol)") && stderr.contains("--force"),
        "{stderr}"
    );
    assert!(actions_since(&server, sent).iter().all(|action| action.starts_with("Describe")), "nothing changed");

    let dry: Value = serde_json::from_str(&stdout_of(&sleep(&env, &server, &["--force", "--dry-run"]))).unwrap();
    assert_eq!((dry["DryRun"].as_bool(), dry["ConnectionsEnded"].as_u64()), (Some(true), Some(2)), "{dry:#}");
    assert_eq!(snapshot(&server).0.len(), 2, "a dry run changes nothing");

    let output = sleep(&env, &server, &["--force"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    assert!(stderr_of(&output).contains("2 connected client(s) were cut off"), "{}", stderr_of(&output));
    server.settle();
    assert!(server.connections().iter().all(|connection| connection.state != "active"), "disassociation ends them");

    for target in ["nowhere", "cvpn-endpoint-0123456789abcdef0"] {
        for command in ["sleep", "wake"] {
            let output = cvpn(&env, &server, &[command, target]);
            assert_ne!(output.status.code(), Some(0), "{command} {target}");
            assert!(stderr_of(&output).contains(target), "{command} {target}: {}", stderr_of(&output));
        }
    }
    let output = cvpn(&env, &server, &["sleep", "bad/name"]);
    assert_eq!(output.status.code(), Some(252), "{}", stderr_of(&output));
}

#[test]
fn a_vpn_never_put_to_sleep_and_without_subnets_is_not_woken() {
    let server = Ec2TestServer::start();
    let env = Hermetic::new().set("USER", "alice");
    let id = office(&env, &server);
    for association in server.associations() {
        ok(
            &env,
            &server,
            &[
                "disassociate-client-vpn-target-network",
                "--client-vpn-endpoint-id",
                &id,
                "--association-id",
                &association.id,
            ],
        );
    }
    server.settle();
    let output = wake(&env, &server, "office");
    assert_eq!(output.status.code(), Some(252), "{}", stderr_of(&output));
    assert!(stderr_of(&output).contains("no record of `cvpn sleep`"), "{}", stderr_of(&output));
    let output = sleep(&env, &server, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    assert!(stderr_of(&output).contains("has no associated subnet"), "{}", stderr_of(&output));
}

/// The actions of the IAM policy README gives for sleeping and waking.
fn readme_policy_actions() -> Vec<String> {
    let readme = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let after = readme.split("<!-- sleep-wake-policy -->").nth(1).expect("README marks the policy");
    let block = after.split("```json").nth(1).and_then(|rest| rest.split("```").next()).expect("a JSON block");
    let policy: Value = serde_json::from_str(block).expect("the policy is JSON");
    let mut actions: Vec<String> = policy["Statement"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|statement| statement["Action"].as_array().unwrap().iter())
        .map(|action| action.as_str().unwrap().trim_start_matches("ec2:").to_owned())
        .collect();
    actions.sort();
    actions
}

#[test]
fn the_readmes_policy_allows_exactly_the_calls_sleep_and_wake_make() {
    let server = Ec2TestServer::start();
    let env = Hermetic::new().set("USER", "alice");
    let id = office(&env, &server);
    let sent = server.requests().len();
    assert_eq!(sleep(&env, &server, &[]).status.code(), Some(0));
    server.settle();
    assert_eq!(wake(&Hermetic::new(), &server, &id).status.code(), Some(0));
    let mut made = actions_since(&server, sent);
    made.sort();
    made.dedup();
    assert_eq!(readme_policy_actions(), made, "README's policy against the calls sleep and wake made");
}
