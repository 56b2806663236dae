//! The Client VPN operations beyond create and describe-endpoints, against the local server's
//! state: short names and the endpoint as a first word, `--wait` (done, failed, timed out),
//! busy-endpoint retries, what is refused before sending, the next step after an error, export
//! into a private file with the client's certificate and key, and the authorization-policy
//! operations the recording aws CLI does not know yet.

use serde_json::{Value, json};

use crate::common::{Hermetic, stderr_of, stdout_of};
use crate::server::{Ec2TestServer, Reply};

const SUBNET_A: &str = "subnet-0a1b2c3d4e5f60001";
const VPC: &str = "vpc-0a1b2c3d4e5f60718";

fn run(env: &Hermetic, server: &Ec2TestServer, args: &[&str]) -> std::process::Output {
    env.cvpn().arg("--endpoint-url").arg(&server.url).args(args).output().unwrap()
}

fn json_of(output: &std::process::Output) -> Value {
    serde_json::from_str(&stdout_of(output)).unwrap_or_else(|error| panic!("{error}: {}", stdout_of(output)))
}

/// A server with one endpoint; its ID.
fn endpoint() -> (Ec2TestServer, String) {
    let server = Ec2TestServer::start();
    let id = server.add_endpoint(&[]);
    (server, id)
}

/// A server with one endpoint whose subnet A is associated already.
fn associated() -> (Ec2TestServer, String, String) {
    let (server, id) = endpoint();
    let env = Hermetic::new();
    let output = run(&env, &server, &["associate", &id, "--subnet-id", SUBNET_A]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    server.settle();
    let association = server.associations()[0].id.clone();
    (server, id, association)
}

fn forms_of(server: &Ec2TestServer, action: &str) -> Vec<Vec<(String, String)>> {
    server
        .requests()
        .iter()
        .map(|request| request.form())
        .filter(|form| form.contains(&("Action".into(), action.into())))
        .collect()
}

#[test]
fn short_names_and_the_endpoint_as_a_first_word_send_what_the_aws_names_send() {
    let (server, id) = endpoint();
    let env = Hermetic::new();
    let short = run(&env, &server, &["associate", &id, "--subnet-id", SUBNET_A, "--client-token", "t1"]);
    assert_eq!(short.status.code(), Some(0), "{}", stderr_of(&short));
    let long = run(
        &env,
        &server,
        &[
            "associate-client-vpn-target-network",
            "--client-vpn-endpoint-id",
            &id,
            "--subnet-id",
            SUBNET_A,
            "--client-token",
            "t1",
        ],
    );
    assert_eq!(long.status.code(), Some(0), "{}", stderr_of(&long));
    let forms = forms_of(&server, "AssociateClientVpnTargetNetwork");
    assert_eq!(forms[0], forms[1]);
    assert_eq!(stdout_of(&short), stdout_of(&long));
    assert_eq!(server.associations().len(), 1, "the same ClientToken made one association");
    let both = run(&env, &server, &["networks", &id, "--client-vpn-endpoint-id", &id]);
    assert_eq!(both.status.code(), Some(252));
    assert!(stderr_of(&both).contains("drop one of them"), "{}", stderr_of(&both));
}

#[test]
fn human_aliases_are_the_aws_flags() {
    let (server, id, _) = associated();
    let env = Hermetic::new();
    let output = run(&env, &server, &["route-add", &id, "--cidr", "0.0.0.0/0", "--subnet", SUBNET_A]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    let form = forms_of(&server, "CreateClientVpnRoute").remove(0);
    assert!(form.contains(&("DestinationCidrBlock".into(), "0.0.0.0/0".into())), "{form:?}");
    assert!(form.contains(&("TargetVpcSubnetId".into(), SUBNET_A.into())), "{form:?}");
    assert!(form.iter().any(|(key, _)| key == "ClientToken"), "a token is generated as the aws CLI does: {form:?}");
    let output = run(&env, &server, &["authorize", &id, "--cidr", "172.31.0.0/16", "--all-groups"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    assert_eq!(server.rules()[0].cidr, "172.31.0.0/16");
    assert_eq!(server.rules()[0].group, None);
}

#[test]
fn wait_polls_until_associated_and_the_endpoint_is_available() {
    let (server, id) = endpoint();
    let env = Hermetic::new();
    server.settle_after(3);
    let output = run(&env, &server, &["associate", &id, "--subnet-id", SUBNET_A, "--wait", "--poll-interval", "0.01"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    assert_eq!(json_of(&output)["Status"]["Code"], "associating", "stdout is the aws answer");
    let stderr = stderr_of(&output);
    assert!(stderr.contains("associating after") && stderr.contains("Done: associated"), "{stderr}");
    assert_eq!(server.associations()[0].state, "associated");
    assert_eq!(server.endpoints()[0].status, "available");
    let polls = forms_of(&server, "DescribeClientVpnTargetNetworks");
    assert_eq!(polls.len(), 3, "polled until associated: {polls:?}");
    let association = &server.associations()[0].id;
    assert!(polls[0].contains(&("AssociationIds.1".into(), association.clone())), "{:?}", polls[0]);
    let routes = server.routes();
    assert_eq!(routes.len(), 1, "associating adds the VPC's route");
    assert_eq!((routes[0].destination.as_str(), routes[0].origin.as_str()), ("172.31.0.0/16", "associate"));
}

#[test]
fn every_change_waits_for_its_own_resource() {
    let (server, id, association) = associated();
    let env = Hermetic::new();
    let wait = ["--wait", "--poll-interval", "0.01"];
    for args in [
        vec!["authorize", &id, "--target-network-cidr", "172.31.0.0/16", "--authorize-all-groups"],
        vec!["route-add", &id, "--destination-cidr-block", "0.0.0.0/0", "--target-vpc-subnet-id", SUBNET_A],
        vec!["route-delete", &id, "--destination-cidr-block", "0.0.0.0/0", "--target-vpc-subnet-id", SUBNET_A],
        vec!["revoke", &id, "--target-network-cidr", "172.31.0.0/16", "--revoke-all-groups"],
        vec!["disassociate", &id, "--association-id", &association],
        vec!["delete", &id],
    ] {
        let args: Vec<&str> = args.into_iter().chain(wait).collect();
        let output = run(&env, &server, &args);
        assert_eq!(output.status.code(), Some(0), "{args:?}: {}", stderr_of(&output));
        assert!(stderr_of(&output).contains("Done:"), "{args:?}: {}", stderr_of(&output));
    }
    assert!(server.rules().is_empty() && server.routes().is_empty(), "revoked, deleted, disassociated");
    let statuses: Vec<String> = server.endpoints().into_iter().map(|endpoint| endpoint.status).collect();
    assert_eq!(statuses, ["deleted"], "the wait ends when the endpoint is deleted");
}

#[test]
fn a_failed_state_exits_254_with_the_state_and_a_timeout_255_with_the_last_state() {
    let (server, id) = endpoint();
    let env = Hermetic::new();
    server.fail_transitions();
    let failed = run(&env, &server, &["associate", &id, "--subnet-id", SUBNET_A, "--wait", "--poll-interval", "0.01"]);
    assert_eq!(failed.status.code(), Some(254), "{}", stderr_of(&failed));
    assert!(stderr_of(&failed).contains("association-failed"), "{}", stderr_of(&failed));

    let (server, id) = endpoint();
    server.freeze_transitions();
    let timed_out = run(
        &env,
        &server,
        &["associate", &id, "--subnet-id", SUBNET_A, "--wait", "--poll-interval", "0.02", "--wait-timeout", "0.1"],
    );
    assert_eq!(timed_out.status.code(), Some(255), "{}", stderr_of(&timed_out));
    let stderr = stderr_of(&timed_out);
    assert!(stderr.contains("Timed out") && stderr.contains("the last state seen was associating"), "{stderr}");
    assert!(stderr.contains("cvpn networks"), "names the describe to look with: {stderr}");
}

#[test]
fn wait_flags_need_wait_and_only_changes_take_them() {
    let (server, id) = endpoint();
    let env = Hermetic::new();
    let output = run(&env, &server, &["associate", &id, "--subnet-id", SUBNET_A, "--poll-interval", "1"]);
    assert_eq!(output.status.code(), Some(252));
    let output = run(&env, &server, &["routes", &id, "--wait"]);
    assert_eq!(output.status.code(), Some(252), "a describe has nothing to wait for");
    let output = run(&env, &server, &["associate", &id, "--subnet-id", SUBNET_A, "--wait", "--poll-interval", "-1"]);
    assert_eq!(output.status.code(), Some(252));
    assert!(server.requests().is_empty());
}

#[test]
fn a_busy_endpoint_is_retried_and_then_the_change_goes_through() {
    let (server, id) = endpoint();
    let env = Hermetic::new();
    let busy = || {
        Reply::error(
            400,
            "ConcurrentMutationLimitExceeded",
            "Cannot initiate another change for this endpoint at this time. Please try again later.",
        )
    };
    server.fail("AssociateClientVpnTargetNetwork", [busy(), Reply::error(400, "IncorrectState", "busy")]);
    let output = run(&env, &server, &["associate", &id, "--subnet-id", SUBNET_A]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    assert!(stderr_of(&output).contains("The endpoint is busy"), "{}", stderr_of(&output));
    let forms = forms_of(&server, "AssociateClientVpnTargetNetwork");
    assert_eq!(forms.len(), 3);
    let token = |form: &Vec<(String, String)>| form.iter().find(|(key, _)| key == "ClientToken").cloned();
    assert!(forms.iter().all(|form| token(form) == token(&forms[0])), "every retry repeats the ClientToken");
    assert_eq!(server.associations().len(), 1);

    let (server, id) = endpoint();
    server.fail("DescribeClientVpnRoutes", [busy()]);
    let describe = run(&env, &server, &["routes", &id]);
    assert_eq!(describe.status.code(), Some(254), "a describe is not a change: not retried");
}

#[test]
fn a_lifecycle_error_keeps_its_exit_code_and_says_what_to_run_next() {
    let (server, id, _) = associated();
    let env = Hermetic::new();
    let duplicate = run(&env, &server, &["route-add", &id, "--cidr", "172.31.0.0/16", "--subnet", SUBNET_A]);
    assert_eq!(duplicate.status.code(), Some(254));
    let stderr = stderr_of(&duplicate);
    assert!(stderr.contains("(InvalidClientVpnDuplicateRoute)"), "{stderr}");
    assert!(stderr.contains(&format!("cvpn routes {id}")), "{stderr}");
    let in_use = run(&env, &server, &["delete", &id]);
    assert_eq!(in_use.status.code(), Some(254));
    assert!(stderr_of(&in_use).contains(&format!("cvpn disassociate {id}")), "{}", stderr_of(&in_use));
    let missing = run(&env, &server, &["rules", "cvpn-endpoint-0123456789abcdef0"]);
    assert_eq!(missing.status.code(), Some(254));
    assert!(stderr_of(&missing).contains("cvpn ls"), "{}", stderr_of(&missing));
    let json = run(&env, &server, &["--cli-error-format", "json", "delete", &id]);
    let error: Value = serde_json::from_str(&stderr_of(&json)).unwrap();
    assert_eq!(error["Code"], "ClientVpnEndpointAssociationExists");
    assert!(error["Hints"][0].as_str().unwrap().contains("cvpn disassociate"), "{error}");
}

#[test]
fn documented_rules_are_checked_before_anything_is_sent() {
    let (server, id) = endpoint();
    let env = Hermetic::new();
    for (args, words) in [
        (vec!["authorize", id.as_str(), "--cidr", "10.0.0.0/16"], vec!["--access-group-id or --authorize-all-groups"]),
        (
            vec!["authorize", &id, "--cidr", "10.0.0.0/16", "--access-group-id", "g", "--authorize-all-groups"],
            vec!["cannot be combined"],
        ),
        (vec!["authorize", &id, "--cidr", "10.0.0/16", "--all-groups"], vec!["--target-network-cidr", "IPv4 CIDR"]),
        (
            vec!["route-add", &id, "--cidr", "0.0.0.0/0", "--subnet", "sub-1"],
            vec!["--target-vpc-subnet-id", "or local"],
        ),
        (vec!["associate", "endpoint-1", "--subnet-id", SUBNET_A], vec!["--client-vpn-endpoint-id", "cvpn-endpoint-"]),
        (vec!["associate", &id], vec!["--subnet-id", "is required"]),
        (vec!["disassociate", &id, "--association-id", "assoc-1"], vec!["--association-id", "cvpn-assoc-"]),
        (vec!["networks", &id, "--max-results", "4"], vec!["--max-results", "5 to 1000"]),
        (vec!["routes", &id, "--filters", "Name=state,Values=active"], vec!["not a filter of this operation"]),
        (
            vec![
                "security-groups",
                &id,
                "--vpc-id",
                VPC,
                "--security-group-ids",
                "sg-1",
                "sg-2",
                "sg-3",
                "sg-4",
                "sg-5",
                "sg-6",
            ],
            vec!["at most 5"],
        ),
        (vec!["import-crl", &id, "--certificate-revocation-list", "not a crl"], vec!["PEM"]),
        (vec!["terminate", &id], vec!["--connection-id or --username"]),
        (vec!["modify", &id, "--vpn-port", "8443"], vec!["--vpn-port", "443 or 1194"]),
        (vec!["networks"], vec!["--client-vpn-endpoint-id", "is required"]),
    ] {
        let output = run(&env, &server, &args);
        assert_eq!(output.status.code(), Some(252), "{args:?}: {}", stderr_of(&output));
        let stderr = stderr_of(&output);
        for word in words {
            assert!(stderr.contains(word), "{args:?}: {stderr}");
        }
    }
    assert!(server.requests().is_empty(), "nothing was sent: {:?}", server.requests());
    let all_at_once = run(&env, &server, &["route-add", "e-1", "--cidr", "x", "--subnet", "y"]);
    assert!(stderr_of(&all_at_once).contains("3 problems found"), "{}", stderr_of(&all_at_once));
}

#[test]
fn dry_runs_answer_by_exit_code_on_every_operation() {
    let (server, id) = endpoint();
    let env = Hermetic::new();
    for command in ["networks", "rules", "routes", "export", "export-crl", "connections", "policy", "delete"] {
        let output = run(&env, &server, &[command, &id, "--dry-run"]);
        assert_eq!(output.status.code(), Some(0), "{command}: {}", stderr_of(&output));
        assert_eq!(json_of(&output)["DryRun"], "permitted", "{command}");
    }
    server.fail(
        "AssociateClientVpnTargetNetwork",
        [Reply::error(403, "UnauthorizedOperation", "You are not authorized to perform this operation.")],
    );
    let denied = run(&env, &server, &["associate", &id, "--subnet-id", SUBNET_A, "--dry-run"]);
    assert_eq!(denied.status.code(), Some(1), "{}", stderr_of(&denied));
    assert!(server.associations().is_empty());
}

#[test]
fn describes_page_as_the_aws_cli_pages() {
    let (server, id) = endpoint();
    let env = Hermetic::new();
    for n in 0..7 {
        server.add_connection(&id, &format!("user-{n}"));
    }
    let all = run(&env, &server, &["connections", &id, "--page-size", "5"]);
    assert_eq!(all.status.code(), Some(0), "{}", stderr_of(&all));
    assert_eq!(json_of(&all)["Connections"].as_array().unwrap().len(), 7);
    assert_eq!(forms_of(&server, "DescribeClientVpnConnections").len(), 2, "two pages of at most 5");
    let first = run(&env, &server, &["connections", &id, "--max-items", "3"]);
    let token = json_of(&first)["NextToken"].as_str().unwrap().to_owned();
    let rest = run(&env, &server, &["connections", &id, "--starting-token", &token]);
    let names = |output: &std::process::Output| -> Vec<String> {
        json_of(output)["Connections"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["CommonName"].as_str().unwrap().to_owned())
            .collect()
    };
    let mut seen = names(&first);
    seen.extend(names(&rest));
    assert_eq!(seen, (0..7).map(|n| format!("user-{n}")).collect::<Vec<_>>());
}

#[test]
fn terminate_ends_a_users_connections_only() {
    let (server, id) = endpoint();
    let env = Hermetic::new();
    server.add_connection(&id, "alice");
    server.add_connection(&id, "bob");
    let output = run(&env, &server, &["terminate", &id, "--username", "alice"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    let answer = json_of(&output);
    assert_eq!(answer["ConnectionStatuses"][0]["PreviousStatus"]["Code"], "active");
    assert_eq!(answer["ConnectionStatuses"][0]["CurrentStatus"]["Code"], "terminating");
    let states: Vec<(String, String)> = server.connections().into_iter().map(|c| (c.common_name, c.state)).collect();
    assert_eq!(states, [("alice".into(), "terminating".into()), ("bob".into(), "active".into())]);
}

#[test]
fn the_authorization_policy_operations_round_trip() {
    let (server, id) = endpoint();
    let env = Hermetic::new();
    let policy = "permit(principal, action, resource);";
    let set = run(&env, &server, &["set-policy", &id, "--policy-document", policy, "--shadow-mode", "enabled"]);
    assert_eq!(set.status.code(), Some(0), "{}", stderr_of(&set));
    assert_eq!(json_of(&set), json!({"Status": "creating"}));
    server.settle();
    let shown = run(&env, &server, &["policy", &id]);
    assert_eq!(
        json_of(&shown),
        json!({"ClientVpnEndpointId": id, "PolicyDocument": policy, "ShadowMode": "enabled", "Status": "active"})
    );
    let bad = run(&env, &server, &["set-policy", &id, "--shadow-mode", "maybe"]);
    assert_eq!(bad.status.code(), Some(252), "{}", stderr_of(&bad));
    let deleted = run(&env, &server, &["delete-policy", &id, "-o", "text"]);
    assert_eq!(stdout_of(&deleted), "deleting\n");
}

#[test]
fn export_writes_a_private_file_with_the_identity_embedded() {
    let (server, id) = endpoint();
    let env = Hermetic::new();
    let tls = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tls");
    let directory = tempfile::tempdir().unwrap();
    let out = directory.path().join("office.ovpn");
    let output = env
        .cvpn()
        .args(["--endpoint-url", &server.url, "export", &id, "--config-out"])
        .arg(&out)
        .arg("--cert")
        .arg(tls.join("localhost.crt"))
        .arg("--key")
        .arg(tls.join("localhost.key"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    assert_eq!(stdout_of(&output), "", "nothing on stdout: the key never reaches a terminal");
    assert!(!stderr_of(&output).contains("PRIVATE KEY"), "{}", stderr_of(&output));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&out).unwrap().permissions().mode() & 0o777, 0o600);
    }
    let text = std::fs::read_to_string(&out).unwrap();
    let certificate = std::fs::read_to_string(tls.join("localhost.crt")).unwrap();
    let key = std::fs::read_to_string(tls.join("localhost.key")).unwrap();
    assert!(text.contains(&format!("<cert>\n{}\n</cert>", certificate.trim_end())), "{text}");
    assert!(text.contains(&format!("<key>\n{}\n</key>", key.trim_end())), "{text}");
    let remote = text.lines().find(|line| line.starts_with("remote ")).unwrap();
    let label = remote["remote ".len()..].split('.').next().unwrap();
    assert_eq!(label.len(), 12, "a random host label before the endpoint's name: {remote}");
    assert!(remote.contains(&format!(".{id}.prod.clientvpn.us-east-1.amazonaws.com 443")), "{remote}");
    assert!(text.contains("\nremote-random-hostname\n") && text.contains("<ca>\n"), "AWS's lines stay: {text}");

    let again =
        env.cvpn().args(["--endpoint-url", &server.url, "export", &id, "--config-out"]).arg(&out).output().unwrap();
    assert_eq!(again.status.code(), Some(252), "an existing file is not replaced without --force");
    assert!(stderr_of(&again).contains("--force"), "{}", stderr_of(&again));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), text);
    let exports = forms_of(&server, "ExportClientVpnClientConfiguration").len();
    assert_eq!(exports, 1, "the refusal came before sending");
    let forced = env
        .cvpn()
        .args(["--endpoint-url", &server.url, "export", &id, "--force", "--config-out"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(forced.status.code(), Some(0), "{}", stderr_of(&forced));
    assert!(!std::fs::read_to_string(&out).unwrap().contains("<key>"));
    let key_alone = env
        .cvpn()
        .args(["--endpoint-url", &server.url, "export", &id, "--key"])
        .arg(tls.join("localhost.key"))
        .output()
        .unwrap();
    assert_eq!(key_alone.status.code(), Some(252), "a key is only ever written to a file");
}

#[test]
fn export_prints_the_bare_file_with_text_output() {
    let (server, id) = endpoint();
    let env = Hermetic::new();
    let output = run(&env, &server, &["export", &id, "-o", "text"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    assert!(stdout_of(&output).starts_with("client\ndev tun\nproto udp\n"), "{}", stdout_of(&output));
}

#[test]
fn transit_gateway_attachments_are_answered_by_their_owner() {
    let server = Ec2TestServer::start();
    let id = server.add_endpoint(&[("TransitGatewayConfiguration.TransitGatewayId", "tgw-0a1b2c3d4e5f60718")]);
    let attachment = server.attachments()[0].id.clone();
    let env = Hermetic::new();
    let accepted = run(&env, &server, &["accept-transit-gateway-client-vpn-attachment", &attachment]);
    assert_eq!(accepted.status.code(), Some(0), "{}", stderr_of(&accepted));
    assert_eq!(json_of(&accepted)["TransitGatewayClientVpnAttachment"]["ClientVpnEndpointId"], id);
    assert_eq!(server.attachments()[0].state, "pending");
    let again = run(&env, &server, &["reject-transit-gateway-client-vpn-attachment", &attachment]);
    assert_eq!(again.status.code(), Some(254), "IncorrectState of an attachment is not retried");
    assert_eq!(forms_of(&server, "RejectTransitGatewayClientVpnAttachment").len(), 1);
}

#[test]
fn help_lists_commands_by_group_with_short_names() {
    let output = Hermetic::new().cvpn().arg("--help").output().unwrap();
    let help = stdout_of(&output);
    let position = |text: &str| help.find(text).unwrap_or_else(|| panic!("--help lacks {text}: {help}"));
    assert!(position("Endpoints:") < position("  ls ") && position("Networks:") < position("  associate "));
    assert!(position("Routes:") < position("  route-add ") && position("Certificates:") < position("  import-crl "));
    for operation in cvpn::api::operations::ALL {
        let shown = operation.short.map(str::to_owned).unwrap_or_else(|| operation.command());
        let shown = if operation.name == "CreateClientVpnEndpoint" { "create".to_owned() } else { shown };
        assert!(help.contains(&format!("  {shown} ")) || help.contains(&format!("  {shown}\n")), "{shown}");
    }
    let associate = run(&Hermetic::new(), &Ec2TestServer::start(), &["associate", "--help"]);
    assert!(stdout_of(&associate).contains("[ENDPOINT_ID]"), "{}", stdout_of(&associate));
}

#[test]
fn show_gathers_the_endpoint_and_what_it_holds_in_one_object() {
    let (server, id, association) = associated();
    let env = Hermetic::new();
    server.add_connection(&id, "alice");
    let output = run(&env, &server, &["show", &id]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    let view = json_of(&output);
    let keys: Vec<&String> = view.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["ClientVpnEndpoint", "ClientVpnTargetNetworks", "AuthorizationRules", "Routes", "Connections"]);
    assert_eq!(view["ClientVpnEndpoint"]["ClientVpnEndpointId"], id);
    assert_eq!(view["ClientVpnTargetNetworks"][0]["AssociationId"], association);
    assert_eq!(view["Routes"][0]["Origin"], "associate");
    assert_eq!(view["Connections"][0]["CommonName"], "alice");
    assert_eq!(view["AuthorizationRules"], json!([]));
    let actions: Vec<String> = server.requests().iter().filter_map(|request| request.field("Action")).collect();
    for action in [
        "DescribeClientVpnEndpoints",
        "DescribeClientVpnTargetNetworks",
        "DescribeClientVpnAuthorizationRules",
        "DescribeClientVpnRoutes",
        "DescribeClientVpnConnections",
    ] {
        assert_eq!(actions.iter().filter(|sent| *sent == action).count(), 1, "{action} once: {actions:?}");
    }
    let table = run(&env, &server, &["show", &id, "-o", "table"]);
    let text = stdout_of(&table);
    for heading in ["Target networks\n", "Authorization rules: none\n", "Routes\n", "Connections\n"] {
        assert!(text.contains(heading), "{heading:?} in {text}");
    }
    let missing = run(&env, &server, &["show", "cvpn-endpoint-0123456789abcdef0"]);
    assert_eq!(missing.status.code(), Some(254));
    assert!(stderr_of(&missing).contains("cvpn ls"), "{}", stderr_of(&missing));
    let malformed = run(&env, &server, &["show", "office"]);
    assert_eq!(malformed.status.code(), Some(252));
}
