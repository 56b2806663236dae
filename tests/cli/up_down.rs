//! `cvpn up` and `cvpn down` against the stateful local server (EC2 and ACM), polls in
//! milliseconds: from nothing to a ready configuration, reruns that do nothing, kills and faults
//! at each step, the pre-flight refusals, teardown from every partial state.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use serde_json::Value;
use x509_parser::prelude::*;

use crate::common::{Hermetic, cvpn_binary, stderr_of, stdout_of};
use crate::server::{Ec2TestServer, Reply, network};

const SUBNET_A: &str = network::SUBNETS[0].0;
const SUBNET_B: &str = network::SUBNETS[1].0;
/// In the first subnet's Availability Zone.
const SUBNET_A2: &str = network::MORE_SUBNETS[0].0;
/// In another VPC.
const OTHER_VPC_SUBNET: &str = network::MORE_SUBNETS[1].0;

/// The operations of `up --internet` that change something, in order.
const CHANGING_STEPS: [&str; 6] = [
    "ImportCertificate",
    "CreateClientVpnEndpoint",
    "AssociateClientVpnTargetNetwork",
    "AuthorizeClientVpnIngress",
    "CreateClientVpnRoute",
    "ExportClientVpnClientConfiguration",
];

fn env() -> Hermetic {
    Hermetic::new().set("USER", "alice")
}

fn cvpn(env: &Hermetic, server: &Ec2TestServer, args: &[&str]) -> std::process::Output {
    let mut command = env.cvpn();
    command.arg("--endpoint-url").arg(&server.url).args(args).args(["--poll-interval", "0.01"]);
    command.output().expect("run cvpn")
}

fn up(env: &Hermetic, server: &Ec2TestServer, extra: &[&str]) -> std::process::Output {
    cvpn(env, server, &[&["up", "office", "--subnet-id", SUBNET_A][..], extra].concat())
}

fn down(env: &Hermetic, server: &Ec2TestServer, extra: &[&str]) -> std::process::Output {
    cvpn(env, server, &[&["down", "office"][..], extra].concat())
}

/// The operation of every request, EC2's Action or ACM's target, in order.
fn actions(server: &Ec2TestServer) -> Vec<String> {
    server.requests().iter().map(|request| request.operation()).collect()
}

/// The changes a run sent (what a rerun must not send again).
fn changes(actions: &[String]) -> Vec<&str> {
    actions
        .iter()
        .map(String::as_str)
        .filter(|action| {
            !action.starts_with("Describe") && !action.starts_with("List") && !action.starts_with("Export")
        })
        .collect()
}

fn pki_dir(env: &Hermetic) -> PathBuf {
    env.home.path().join(".local/share/cvpn/office")
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn json_of(output: &std::process::Output) -> Value {
    serde_json::from_str(&stdout_of(output)).unwrap_or_else(|error| panic!("{error}: {}", stdout_of(output)))
}

/// The text between `<tag>` and `</tag>` of a configuration.
fn block<'a>(configuration: &'a str, tag: &str) -> &'a str {
    let start = configuration.find(&format!("<{tag}>\n")).unwrap_or_else(|| panic!("no <{tag}>")) + tag.len() + 3;
    let end = configuration.find(&format!("</{tag}>")).unwrap_or_else(|| panic!("no </{tag}>"));
    &configuration[start..end]
}

/// Everything up made is there exactly once, in place.
fn assert_one_of_everything(server: &Ec2TestServer, subnets: usize, internet: bool) {
    let endpoints: Vec<_> = server.endpoints().into_iter().filter(|endpoint| endpoint.status != "deleted").collect();
    assert_eq!(endpoints.len(), 1, "{endpoints:#?}");
    let certificates = server.certificates();
    assert_eq!(certificates.len(), 1, "{certificates:#?}");
    let associations: Vec<_> = server.associations().into_iter().filter(|a| a.state == "associated").collect();
    assert_eq!(associations.len(), subnets, "{associations:#?}");
    let rules: Vec<_> = server.rules().into_iter().filter(|rule| rule.state == "active").collect();
    assert_eq!(rules.len(), 1 + usize::from(internet), "{rules:#?}");
    let manual: Vec<_> = server.routes().into_iter().filter(|route| route.origin == "add-route").collect();
    assert_eq!(manual.len(), if internet { subnets } else { 0 }, "{manual:#?}");
}

#[test]
fn up_from_nothing_makes_everything_once_and_writes_a_ready_configuration() {
    let server = Ec2TestServer::start();
    let env = env();
    let output = up(&env, &server, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));

    // At most 12 calls besides the polls: from nothing up reads nothing of the endpoint's parts
    // but through its waits, and the first endpoint describe is the search for NAME.
    let actions = actions(&server);
    let mut calls: Vec<&str> = actions
        .iter()
        .map(String::as_str)
        .filter(|action| {
            !matches!(
                *action,
                "DescribeClientVpnTargetNetworks" | "DescribeClientVpnAuthorizationRules" | "DescribeClientVpnRoutes"
            )
        })
        .collect();
    let first_endpoint_describe = calls.iter().position(|action| *action == "DescribeClientVpnEndpoints").unwrap();
    let mut index = 0;
    calls.retain(|action| {
        index += 1;
        *action != "DescribeClientVpnEndpoints" || index - 1 == first_endpoint_describe
    });
    assert_eq!(
        calls,
        [
            "DescribeSubnets",
            "DescribeVpcs",
            "DescribeClientVpnEndpoints",
            "ListCertificates",
            "ImportCertificate",
            "CreateClientVpnEndpoint",
            "AssociateClientVpnTargetNetwork",
            "AuthorizeClientVpnIngress",
            "ExportClientVpnClientConfiguration",
        ]
    );
    assert_one_of_everything(&server, 1, false);

    // The wire: the create is tagged Name=office, chained to the imported certificate, in the VPC,
    // with the first free client CIDR; the import is tagged and carries the CA as its chain.
    let create = server
        .requests()
        .into_iter()
        .find(|r| r.field("Action").as_deref() == Some("CreateClientVpnEndpoint"))
        .unwrap();
    let arn = server.certificates()[0].arn.clone();
    for (name, value) in [
        ("ClientCidrBlock", "10.100.0.0/22"),
        ("ServerCertificateArn", arn.as_str()),
        ("Authentication.1.Type", "certificate-authentication"),
        ("Authentication.1.MutualAuthentication.ClientRootCertificateChainArn", arn.as_str()),
        ("ConnectionLogOptions.Enabled", "false"),
        ("VpcId", network::VPC_ID),
        ("TagSpecification.1.ResourceType", "client-vpn-endpoint"),
        ("TagSpecification.1.Tag.1.Key", "Name"),
        ("TagSpecification.1.Tag.1.Value", "office"),
    ] {
        assert_eq!(create.field(name).as_deref(), Some(value), "{name}: {:#?}", create.form());
    }
    assert!(create.field("ClientToken").unwrap().starts_with("cvpn-up-"));
    let certificate = &server.certificates()[0];
    assert!(certificate.tags.contains(&("cvpn:vpn".to_owned(), "office".to_owned())), "{:?}", certificate.tags);
    let ca_pem = std::fs::read_to_string(pki_dir(&env).join("ca.crt")).unwrap();
    assert_eq!(certificate.chain.as_deref(), Some(ca_pem.as_str()));

    // What the user sees: a summary on stdout, and never a private key anywhere.
    let summary = json_of(&output);
    let endpoint_id = server.endpoints()[0].id.clone();
    assert_eq!(summary["Name"], "office");
    assert_eq!(summary["ClientVpnEndpointId"], endpoint_id.as_str());
    assert_eq!(summary["Status"], "available");
    assert_eq!(summary["ClientCidrBlock"], "10.100.0.0/22");
    assert_eq!(summary["ConfigurationFile"], "office.ovpn");
    assert_eq!(summary["ServerCertificateArn"], arn.as_str());
    let stderr = stderr_of(&output);
    for step in [
        "made CA, made server, made client alice",
        "imported the server certificate",
        "created endpoint",
        "wrote office.ovpn",
    ] {
        assert!(stderr.contains(step), "{step}: {stderr}");
    }
    assert!(!stdout_of(&output).contains("PRIVATE KEY") && !stderr.contains("PRIVATE KEY"));

    // The certificates: a private directory, private keys.
    let dir = pki_dir(&env);
    assert_eq!(mode(&dir), 0o700);
    for key in ["ca.key", "server.key", "clients/alice.key"] {
        assert_eq!(mode(&dir.join(key)), 0o600, "{key}");
    }

    // The configuration: every line of the export, then <cert> and <key>; the certificate is the
    // CA's and the key is its own.
    let path = env.home.path().join("office.ovpn");
    assert_eq!(mode(&path), 0o600);
    let configuration = std::fs::read_to_string(&path).unwrap();
    for directive in
        ["client", "dev tun", "proto udp", "remote-random-hostname", "nobind", "remote-cert-tls server", "reneg-sec 0"]
    {
        assert!(configuration.lines().any(|line| line == directive), "{directive}: {configuration}");
    }
    let remote = configuration.lines().find(|line| line.starts_with("remote ")).unwrap();
    let label = remote.trim_start_matches("remote ").split('.').next().unwrap();
    assert_eq!(label.len(), 12, "{remote}");
    assert!(remote.ends_with(&format!("{label}.{endpoint_id}.prod.clientvpn.us-east-1.amazonaws.com 443")), "{remote}");
    let ca_block = block(&configuration, "ca");
    assert_eq!(ca_block.trim(), ca_pem.trim(), "<ca> is the VPN's CA, as AWS exports the imported chain");
    let (_, ca) = parse_x509_pem(ca_block.as_bytes()).unwrap();
    let ca = ca.parse_x509().unwrap();
    let (_, client) = parse_x509_pem(block(&configuration, "cert").as_bytes()).unwrap();
    let client = client.parse_x509().unwrap();
    client.verify_signature(Some(ca.public_key())).expect("the client certificate is the CA's");
    assert_eq!(client.subject().to_string(), "CN=alice");
    let key = rcgen::KeyPair::from_pem(block(&configuration, "key")).expect("a PEM private key");
    assert_eq!(
        key.public_key_raw(),
        client.public_key().subject_public_key.data.as_ref(),
        "the key is the certificate's"
    );
}

#[test]
fn a_rerun_sends_no_change_and_rewrites_the_configuration() {
    let server = Ec2TestServer::start();
    let env = env();
    assert_eq!(up(&env, &server, &["--internet"]).status.code(), Some(0));
    let before = std::fs::read_to_string(env.home.path().join("office.ovpn")).unwrap();
    let sent_before = server.requests().len();
    let output = up(&env, &server, &["--internet"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    let rerun: Vec<String> = actions(&server)[sent_before..].to_vec();
    assert_eq!(changes(&rerun), Vec::<&str>::new(), "{rerun:?}");
    assert!(rerun.contains(&"ExportClientVpnClientConfiguration".to_owned()));
    assert_one_of_everything(&server, 1, true);
    let after = std::fs::read_to_string(env.home.path().join("office.ovpn")).unwrap();
    assert_eq!(block(&after, "key"), block(&before, "key"), "the same client key, kept");
    assert!(stderr_of(&output).contains("kept CA, kept server, kept client alice"), "{}", stderr_of(&output));
}

#[test]
fn up_with_two_subnets_and_the_internet_routes_through_each() {
    let server = Ec2TestServer::start();
    let env = env();
    let output = up(
        &env,
        &server,
        &["--subnet-id", SUBNET_B, "--internet", "--split-tunnel", "--vpn-port", "1194", "-o", "text"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    assert_one_of_everything(&server, 2, true);
    let routes: Vec<(String, String)> = server
        .routes()
        .into_iter()
        .filter(|route| route.origin == "add-route")
        .map(|route| (route.destination, route.subnet))
        .collect();
    assert_eq!(routes, [("0.0.0.0/0".to_owned(), SUBNET_A.to_owned()), ("0.0.0.0/0".to_owned(), SUBNET_B.to_owned())]);
    let create = server
        .requests()
        .into_iter()
        .find(|r| r.field("Action").as_deref() == Some("CreateClientVpnEndpoint"))
        .unwrap();
    assert_eq!(create.field("SplitTunnel").as_deref(), Some("true"));
    assert_eq!(create.field("VpnPort").as_deref(), Some("1194"));
    assert!(stdout_of(&output).contains("\toffice\t"), "{}", stdout_of(&output));
}

#[test]
fn up_killed_after_each_step_resumes_to_exactly_one_of_everything() {
    for action in ["ListCertificates"].into_iter().chain(CHANGING_STEPS) {
        let server = Ec2TestServer::start();
        let env = env();
        server.fail(action, [Reply::Hang]);
        let mut child = env
            .command(cvpn_binary())
            .args(["--endpoint-url", &server.url, "up", "office", "--subnet-id", SUBNET_A, "--internet"])
            .args(["--poll-interval", "0.01"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while !actions(&server).iter().any(|sent| sent == action) {
            assert!(std::time::Instant::now() < deadline, "{action} was never sent");
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        child.kill().unwrap(); // SIGKILL: nothing runs after it.
        child.wait().unwrap();
        let output = up(&env, &server, &["--internet"]);
        assert_eq!(output.status.code(), Some(0), "after a kill at {action}: {}", stderr_of(&output));
        assert_one_of_everything(&server, 1, true);
        assert!(env.home.path().join("office.ovpn").exists(), "{action}");
    }
}

#[test]
fn ctrl_c_says_what_is_done_and_how_to_resume() {
    let server = Ec2TestServer::start();
    let env = env();
    server.fail("AuthorizeClientVpnIngress", [Reply::Hang]);
    let child = env
        .command(cvpn_binary())
        .args(["--endpoint-url", &server.url, "up", "office", "--subnet-id", SUBNET_A, "--poll-interval", "0.01"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !actions(&server).iter().any(|sent| sent == "AuthorizeClientVpnIngress") {
        assert!(std::time::Instant::now() < deadline, "the rule was never sent");
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let interrupt = std::process::Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    assert!(interrupt.success());
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(130));
    let stderr = stderr_of(&output);
    assert!(stderr.contains("Interrupted."), "{stderr}");
    assert!(stderr.contains("Done: checked vpc-") && stderr.contains("created endpoint cvpn-endpoint-"), "{stderr}");
    assert!(stderr.contains("Failed while: Authorizing 172.31.0.0/16 for all groups."), "{stderr}");
    assert!(
        stderr.contains(&format!("  cvpn --endpoint-url {} up office --subnet-id {SUBNET_A}", server.url)),
        "{stderr}"
    );
    let resumed = up(&env, &server, &[]);
    assert_eq!(resumed.status.code(), Some(0), "{}", stderr_of(&resumed));
    assert_one_of_everything(&server, 1, false);
}

#[test]
fn faults_at_each_step_are_retried_or_reported_with_the_command_that_resumes() {
    // Faults the run recovers from by itself.
    for (action, reply) in [
        ("DescribeSubnets", Reply::error(503, "Unavailable", "Service unavailable")),
        ("ImportCertificate", Reply::error(400, "ThrottlingException", "Rate exceeded")),
        ("ImportCertificate", Reply::ActThenClose),
        ("CreateClientVpnEndpoint", Reply::ActThenClose),
        ("CreateClientVpnEndpoint", Reply::Close),
        (
            "AssociateClientVpnTargetNetwork",
            Reply::error(
                400,
                "ConcurrentMutationLimitExceeded",
                "Cannot initiate another change for this endpoint at this time. Please try again later.",
            ),
        ),
        ("AuthorizeClientVpnIngress", Reply::error(500, "InternalError", "An internal error has occurred")),
    ] {
        let server = Ec2TestServer::start();
        let env = env();
        server.fail(action, [reply.clone()]);
        let output = up(&env, &server, &[]);
        assert_eq!(output.status.code(), Some(0), "{action} {reply:?}: {}", stderr_of(&output));
        assert_one_of_everything(&server, 1, false);
    }
    // Faults that outlast the retries: reported with what is done and the command that resumes;
    // the same command then finishes the job.
    for action in CHANGING_STEPS {
        let server = Ec2TestServer::start();
        let env = env();
        server.fail(action, vec![Reply::error(500, "InternalError", "An internal error has occurred"); 5]);
        let failed = up(&env, &server, &["--internet"]);
        assert_eq!(failed.status.code(), Some(254), "{action}: {}", stderr_of(&failed));
        let stderr = stderr_of(&failed);
        assert!(stderr.contains(&format!("when calling the {action} operation")), "{stderr}");
        assert!(stderr.contains("Done: checked vpc-"), "{stderr}");
        assert!(stderr.contains("Failed while: "), "{stderr}");
        assert!(
            stderr.contains(&format!(
                "run the same command again to resume:\n  cvpn --endpoint-url {} up office --subnet-id {SUBNET_A} --internet --poll-interval 0.01",
                server.url
            )),
            "{stderr}"
        );
        let resumed = up(&env, &server, &["--internet"]);
        assert_eq!(resumed.status.code(), Some(0), "{action}: {}", stderr_of(&resumed));
        assert_one_of_everything(&server, 1, true);
    }
}

#[test]
fn preflight_refuses_every_mistake_at_once_and_creates_nothing() {
    let server = Ec2TestServer::start();
    let env = env();
    // A server certificate ACM gives no domain (CN `server`, no SAN) with an RSA 4096 key.
    let key = rcgen::KeyPair::generate_rsa_for(&rcgen::PKCS_RSA_SHA256, rcgen::RsaKeySize::_4096).unwrap();
    let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    params.distinguished_name.push(rcgen::DnType::CommonName, "server");
    params.extended_key_usages = vec![rcgen::ExtendedKeyUsagePurpose::ServerAuth];
    let certificate = params.self_signed(&key).unwrap();
    let arn = server.import_certificate(&certificate.pem(), &key.serialize_pem(), None);
    std::fs::write(env.home.path().join("alice.crt"), certificate.pem()).unwrap();
    std::fs::write(env.home.path().join("alice.key"), key.serialize_pem()).unwrap();
    let sent_before = server.requests().len();
    let output = cvpn(
        &env,
        &server,
        &[
            "up",
            "office",
            "--subnet-id",
            SUBNET_A,
            SUBNET_A2,
            OTHER_VPC_SUBNET,
            "--client-cidr",
            "172.31.4.0/22",
            "--server-cert",
            &arn,
            "--client-cert",
            "alice.crt",
            "--client-key",
            "alice.key",
        ],
    );
    assert_eq!(output.status.code(), Some(252), "{}", stderr_of(&output));
    let stderr = stderr_of(&output);
    for problem in [
        "belong to 2 VPCs",
        &format!("{SUBNET_A} and {SUBNET_A2} are both in us-east-1a"),
        "--client-cidr 172.31.4.0/22: overlaps 172.31.0.0/16",
        "ACM gives it no domain",
        "its key is RSA-4096",
        "Nothing was created or imported.",
    ] {
        assert!(stderr.contains(problem), "{problem}: {stderr}");
    }
    assert!(!stderr.contains("resume"), "a refusal has nothing to resume: {stderr}");
    let sent: Vec<String> = actions(&server)[sent_before..].to_vec();
    assert_eq!(changes(&sent), Vec::<&str>::new(), "{sent:?}");
    assert!(server.endpoints().is_empty());
    assert!(!pki_dir(&env).exists(), "no certificates are made before the checks pass");

    // Bad words are refused before anything is sent.
    let before = server.requests().len();
    let output = cvpn(
        &env,
        &server,
        &["up", "../office", "--subnet-id", "sub-1", "--client-cidr", "10.0.0.0/33", "--user", "a b"],
    );
    assert_eq!(output.status.code(), Some(252));
    let stderr = stderr_of(&output);
    for problem in [
        "NAME \"../office\"",
        "--subnet-id sub-1: is not a subnet ID",
        "--client-cidr 10.0.0.0/33",
        "--user: user \"a b\"",
    ] {
        assert!(stderr.contains(problem), "{problem}: {stderr}");
    }
    assert_eq!(server.requests().len(), before);

    // A certificate in another region is named as such, not looked up where it cannot be.
    let elsewhere = "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-4000-a000-000000000001";
    let before = server.requests().len();
    let output = cvpn(
        &env,
        &server,
        &[
            "up",
            "office",
            "--subnet-id",
            SUBNET_A,
            "--server-cert",
            elsewhere,
            "--client-cert",
            "alice.crt",
            "--client-key",
            "alice.key",
        ],
    );
    assert_eq!(output.status.code(), Some(252));
    assert!(
        stderr_of(&output).contains(&format!("--server-cert {elsewhere}: is in eu-west-1, the endpoint in us-east-1"))
    );
    assert!(!actions(&server)[before..].iter().any(|action| action == "DescribeCertificate"), "{:?}", actions(&server));
}

#[test]
fn dry_runs_plan_and_change_nothing() {
    let server = Ec2TestServer::start();
    let env = env();
    let output = up(&env, &server, &["--dry-run", "--internet"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    let plan = json_of(&output);
    assert_eq!(plan["ClientCidrBlock"], "10.100.0.0/22");
    assert_eq!(plan["VpcId"], network::VPC_ID);
    let steps: Vec<&str> =
        plan["Steps"].as_array().unwrap().iter().map(|step| step["Step"].as_str().unwrap()).collect();
    assert_eq!(steps, ["certificates", "import", "create-endpoint", "associate", "authorize", "routes", "export"]);
    assert_eq!(plan["Steps"][2]["Parameters"]["TagSpecifications"][0]["Tags"][0]["Value"], "office");
    assert_eq!(changes(&actions(&server)), Vec::<&str>::new());
    assert!(!pki_dir(&env).exists());

    // With the certificate in ACM, EC2 checks the create's permission.
    assert_eq!(up(&env, &server, &[]).status.code(), Some(0));
    assert_eq!(down(&env, &server, &[]).status.code(), Some(0));
    let (key, certificate) = {
        let key = rcgen::KeyPair::generate_rsa_for(&rcgen::PKCS_RSA_SHA256, rcgen::RsaKeySize::_2048).unwrap();
        let mut params = rcgen::CertificateParams::new(vec!["vpn.example.internal".to_owned()]).unwrap();
        params.extended_key_usages = vec![rcgen::ExtendedKeyUsagePurpose::ServerAuth];
        let certificate = params.self_signed(&key).unwrap();
        (key, certificate)
    };
    let arn = server.import_certificate(&certificate.pem(), &key.serialize_pem(), None);
    let client = pki_dir(&env).join("clients/alice");
    let before = server.requests().len();
    let output = up(
        &env,
        &server,
        &[
            "--dry-run",
            "--server-cert",
            &arn,
            "--client-cert",
            &format!("{}.crt", client.display()),
            "--client-key",
            &format!("{}.key", client.display()),
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    let create = server.requests()[before..]
        .iter()
        .find(|r| r.field("Action").as_deref() == Some("CreateClientVpnEndpoint"))
        .cloned()
        .expect("the create's dry run");
    assert_eq!(create.field("DryRun").as_deref(), Some("true"));
    assert_eq!(json_of(&output)["CreatePermission"]["Code"], "DryRunOperation");
    assert!(server.endpoints().iter().all(|endpoint| endpoint.status == "deleted"), "{:#?}", server.endpoints());

    // down --dry-run lists and removes nothing.
    assert_eq!(up(&env, &server, &[]).status.code(), Some(0));
    let before = server.requests().len();
    let output = down(&env, &server, &["--dry-run"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(changes(&actions(&server)[before..]), Vec::<&str>::new());
    assert_eq!(json_of(&output)["Endpoints"][0]["AuthorizationRules"][0], network::VPC_CIDR);
    let live = server.endpoints().into_iter().filter(|endpoint| endpoint.status != "deleted").count();
    assert_eq!((live, server.certificates().len()), (1, 2), "the VPN's and the brought certificate stay");
}

#[test]
fn down_removes_everything_in_order_from_every_partial_state() {
    for stop_at in
        ["ImportCertificate", "CreateClientVpnEndpoint", "AssociateClientVpnTargetNetwork", "CreateClientVpnRoute", ""]
    {
        let server = Ec2TestServer::start();
        let env = env();
        if !stop_at.is_empty() {
            server.fail(stop_at, vec![Reply::error(500, "InternalError", "An internal error has occurred"); 5]);
        }
        let _ = up(&env, &server, &["--subnet-id", SUBNET_B, "--internet"]);
        server.fail("DeleteCertificate", [Reply::error(400, "ResourceInUseException", "Certificate is in use.")]);
        let sent_before = server.requests().len();
        let output = down(&env, &server, &[]);
        assert_eq!(output.status.code(), Some(0), "{stop_at}: {}", stderr_of(&output));
        server.settle();
        assert!(server.endpoints().iter().all(|endpoint| endpoint.status == "deleted"), "{stop_at}");
        assert!(server.certificates().is_empty(), "{stop_at}");
        assert!(server.associations().iter().all(|a| a.state == "disassociated"), "{stop_at}");
        let sent: Vec<String> = actions(&server)[sent_before..].to_vec();
        let order: Vec<&str> = changes(&sent);
        let position = |action: &str| order.iter().position(|sent| *sent == action);
        if stop_at.is_empty() {
            // Routes, rules, networks, endpoint, certificate: the order AWS enforces.
            let positions: Vec<usize> = [
                "DeleteClientVpnRoute",
                "RevokeClientVpnIngress",
                "DisassociateClientVpnTargetNetwork",
                "DeleteClientVpnEndpoint",
                "DeleteCertificate",
            ]
            .iter()
            .map(|action| position(action).unwrap_or_else(|| panic!("{action}: {order:?}")))
            .collect();
            assert!(positions.windows(2).all(|pair| pair[0] < pair[1]), "{order:?}");
        }
        assert!(pki_dir(&env).join("ca.key").exists(), "the local certificates stay without --purge");
        // A rerun finds nothing and says so.
        let again = down(&env, &server, &["--purge"]);
        assert_eq!(again.status.code(), Some(0));
        assert!(stderr_of(&again).contains("no VPN named office in us-east-1"), "{}", stderr_of(&again));
        assert!(!pki_dir(&env).exists(), "--purge removes the local certificates");
    }
}

#[test]
fn quiet_runs_say_nothing_on_stderr_but_print_the_result() {
    let server = Ec2TestServer::start();
    let env = env();
    for run in [up(&env, &server, &["--quiet"]), down(&env, &server, &["-q"])] {
        assert_eq!(run.status.code(), Some(0), "{}", stderr_of(&run));
        assert_eq!(stderr_of(&run), "", "no progress with --quiet");
        assert_eq!(json_of(&run)["Name"], "office");
    }
}

#[test]
fn up_refuses_to_make_a_new_ca_for_a_vpn_aws_still_holds() {
    let server = Ec2TestServer::start();
    let env = env();
    assert_eq!(up(&env, &server, &[]).status.code(), Some(0));
    std::fs::remove_dir_all(pki_dir(&env)).unwrap();
    let sent = server.requests().len();
    let output = up(&env, &server, &[]);
    assert_eq!(output.status.code(), Some(252), "{}", stderr_of(&output));
    assert!(stderr_of(&output).contains("has no CA, but AWS holds office made with one"), "{}", stderr_of(&output));
    assert_eq!(changes(&actions(&server)[sent..]), Vec::<&str>::new());
    assert!(!pki_dir(&env).exists(), "no new CA was made");
}

#[test]
fn up_after_down_makes_a_new_endpoint_and_debug_never_shows_a_key() {
    let server = Ec2TestServer::start();
    let env = env();
    let output = up(&env, &server, &["--debug"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    let stderr = stderr_of(&output);
    assert!(stderr.contains(r#""PrivateKey":"<redacted>""#), "the import is shown without its key");
    let server_key = std::fs::read_to_string(pki_dir(&env).join("server.key")).unwrap();
    let key_line = server_key.lines().nth(1).unwrap();
    assert!(!stderr.contains(key_line) && !stderr.contains("PRIVATE KEY"), "no key material in --debug");
    let first = server.endpoints()[0].id.clone();
    assert_eq!(down(&env, &server, &[]).status.code(), Some(0));
    server.settle();
    let output = up(&env, &server, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    let live: Vec<String> = server
        .endpoints()
        .into_iter()
        .filter(|endpoint| endpoint.status != "deleted")
        .map(|endpoint| endpoint.id)
        .collect();
    assert_eq!(live.len(), 1);
    assert_ne!(live[0], first, "a new ClientToken after a down");
}

#[test]
fn up_never_replaces_a_configuration_it_did_not_write() {
    let server = Ec2TestServer::start();
    let env = env();
    let path = env.home.path().join("office.ovpn");
    let mine = "client\nremote vpn.example.com 1194\n# my own settings\n";
    std::fs::write(&path, mine).unwrap();
    let output = up(&env, &server, &[]);
    assert_eq!(output.status.code(), Some(252), "{}", stderr_of(&output));
    assert!(stderr_of(&output).contains("cvpn did not write it for VPN office"), "{}", stderr_of(&output));
    assert!(server.requests().is_empty(), "nothing sent");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), mine, "untouched");

    // Another file: up writes it, marked as the VPN's, and rewrites it on a rerun.
    let output = up(&env, &server, &["--config-out", "office-vpn.ovpn"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    let written = std::fs::read_to_string(env.home.path().join("office-vpn.ovpn")).unwrap();
    assert!(written.starts_with("# Written by cvpn for VPN office;"), "{written}");
    assert!(written.lines().any(|line| line == "client"), "{written}");
    let again = up(&env, &server, &["--config-out", "office-vpn.ovpn"]);
    assert_eq!(again.status.code(), Some(0), "{}", stderr_of(&again));
    // The hand-written file goes only with --force.
    let forced = up(&env, &server, &["--force"]);
    assert_eq!(forced.status.code(), Some(0), "{}", stderr_of(&forced));
    assert!(std::fs::read_to_string(&path).unwrap().starts_with("# Written by cvpn for VPN office;"));
    // A user's file is theirs too: user add does not take up's file, nor a stranger's.
    let taken = env
        .cvpn()
        .args(["--endpoint-url", &server.url, "user", "add", "office", "bob", "--config-out", "office.ovpn"])
        .output()
        .unwrap();
    assert_eq!(taken.status.code(), Some(252), "{}", stderr_of(&taken));
    assert!(stderr_of(&taken).contains("did not write it for VPN office, user bob"), "{}", stderr_of(&taken));
}

/// A `Name=NAME` endpoint cvpn did not make (Terraform's, or one made by hand).
fn stranger_named(server: &Ec2TestServer, name: &str) -> String {
    server.add_endpoint(&[
        ("TagSpecification.1.ResourceType", "client-vpn-endpoint"),
        ("TagSpecification.1.Tag.1.Key", "Name"),
        ("TagSpecification.1.Tag.1.Value", name),
    ])
}

fn live_endpoints(server: &Ec2TestServer) -> Vec<String> {
    server.endpoints().into_iter().filter(|endpoint| endpoint.status != "deleted").map(|endpoint| endpoint.id).collect()
}

#[test]
fn down_removes_only_an_endpoint_cvpn_made_for_the_vpn() {
    // Nothing of cvpn's: refused with the endpoint's ID and how to remove it; nothing removed.
    let server = Ec2TestServer::start();
    let env = env();
    let stranger = stranger_named(&server, "prod");
    let output = cvpn(&env, &server, &["down", "prod"]);
    assert_eq!(output.status.code(), Some(252), "{}", stderr_of(&output));
    let stderr = stderr_of(&output);
    assert!(stderr.contains(&format!("endpoint {stranger} is named prod, but cvpn did not make it")), "{stderr}");
    assert!(
        stderr.contains(&format!("`cvpn delete {stranger}`")) && stderr.contains("Nothing was removed."),
        "{stderr}"
    );
    assert!(!stderr.contains("resume"), "{stderr}");
    assert_eq!(changes(&actions(&server)), Vec::<&str>::new());
    assert_eq!(live_endpoints(&server), [stranger]);

    // up tags its endpoint cvpn:vpn=NAME; with a stranger of the same name beside it, down
    // refuses both ways and removes nothing.
    assert_eq!(up(&env, &server, &[]).status.code(), Some(0));
    let create = server.requests().into_iter().find(|r| r.operation() == "CreateClientVpnEndpoint").unwrap();
    assert_eq!(create.field("TagSpecification.1.Tag.2.Key").as_deref(), Some("cvpn:vpn"));
    assert_eq!(create.field("TagSpecification.1.Tag.2.Value").as_deref(), Some("office"));
    let office = stranger_named(&server, "office");
    let sent = server.requests().len();
    let output = down(&env, &server, &[]);
    assert_eq!(output.status.code(), Some(252), "{}", stderr_of(&output));
    assert!(stderr_of(&output).contains(&format!("endpoint {office} is named office")), "{}", stderr_of(&output));
    assert_eq!(changes(&actions(&server)[sent..]), Vec::<&str>::new());
    assert_eq!(live_endpoints(&server).len(), 3);
}

#[test]
fn down_knows_an_endpoint_an_earlier_cvpn_made_by_its_certificate_and_refuses_two() {
    let server = Ec2TestServer::start();
    let env = env();
    assert_eq!(up(&env, &server, &[]).status.code(), Some(0));
    let arn = server.certificates()[0].arn.clone();
    // Made by a cvpn from before the cvpn:vpn tag: Name=office, and the certificate cvpn imported.
    let older = server.add_endpoint(&[
        ("ServerCertificateArn", arn.as_str()),
        ("Authentication.1.MutualAuthentication.ClientRootCertificateChainArn", arn.as_str()),
        ("TagSpecification.1.ResourceType", "client-vpn-endpoint"),
        ("TagSpecification.1.Tag.1.Key", "Name"),
        ("TagSpecification.1.Tag.1.Value", "office"),
    ]);
    let output = down(&env, &server, &[]);
    assert_eq!(output.status.code(), Some(252), "{}", stderr_of(&output));
    let stderr = stderr_of(&output);
    assert!(stderr.contains("2 endpoints are office's") && stderr.contains(&older), "{stderr}");
    assert_eq!(live_endpoints(&server).len(), 2, "nothing removed");
    // Once one of them is gone by its ID, down removes the other: the older cvpn's is known as ours.
    let delete = cvpn(&env, &server, &["delete", &live_endpoints(&server)[0], "--wait"]);
    assert!(delete.status.code() != Some(0), "the endpoint up made has a network: {}", stderr_of(&delete));
    let output = cvpn(&env, &server, &["delete", &older, "--wait"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    let output = down(&env, &server, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    server.settle();
    assert!(live_endpoints(&server).is_empty());
}

#[test]
fn purge_removes_only_a_directory_cvpn_made_for_the_vpn_where_it_looked() {
    // A directory that is not a VPN's: refused before anything is sent, every file kept.
    let server = Ec2TestServer::start();
    let env = env();
    let precious = env.home.path().join("precious");
    std::fs::create_dir_all(&precious).unwrap();
    std::fs::set_permissions(&precious, std::fs::Permissions::from_mode(0o700)).unwrap();
    std::fs::write(precious.join("thesis.tex"), "years of work").unwrap();
    let output = cvpn(&env, &server, &["down", "nosuchvpn", "--purge", "--pki-dir", precious.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(252), "{}", stderr_of(&output));
    assert!(stderr_of(&output).contains("is not a directory cvpn made for nosuchvpn"), "{}", stderr_of(&output));
    assert!(precious.join("thesis.tex").exists());
    assert!(server.requests().is_empty(), "nothing sent");

    // The VPN's directory, with the wrong region: refused with what the record says.
    assert_eq!(up(&env, &server, &[]).status.code(), Some(0));
    let record: Value =
        serde_json::from_str(&std::fs::read_to_string(pki_dir(&env).join("vpn.json")).unwrap()).unwrap();
    assert_eq!(record, serde_json::json!({"Vpn": "office", "Region": "us-east-1", "Account": "123456789012"}));
    let sent = server.requests().len();
    let output = cvpn(&env, &server, &["--region", "eu-west-1", "down", "office", "--purge"]);
    assert_eq!(output.status.code(), Some(252), "{}", stderr_of(&output));
    assert!(stderr_of(&output).contains("endpoint in us-east-1 (its vpn.json says so)"), "{}", stderr_of(&output));
    assert!(pki_dir(&env).join("ca.key").exists(), "the live VPN's CA is kept");
    assert_eq!(server.requests().len(), sent, "nothing sent");
    // Another VPN's directory given as this one's: refused.
    let output = cvpn(&env, &server, &["down", "lab", "--purge", "--pki-dir", pki_dir(&env).to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(252));
    assert!(stderr_of(&output).contains("is VPN office's"), "{}", stderr_of(&output));

    // The right region: everything cvpn wrote goes, a file of the user's stays.
    std::fs::write(pki_dir(&env).join("notes.txt"), "mine").unwrap();
    let output = down(&env, &server, &["--purge"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    assert!(json_of(&output)["LocalCertificates"].as_str().unwrap().starts_with("removed cvpn's files; kept 1"));
    let left: Vec<String> = std::fs::read_dir(pki_dir(&env))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, ["notes.txt"]);
}

#[test]
fn a_client_token_left_by_a_vpn_that_is_gone_never_blocks_the_next_up() {
    let server = Ec2TestServer::start();
    let env = env();
    assert_eq!(up(&env, &server, &[]).status.code(), Some(0));
    let token = std::fs::read_to_string(pki_dir(&env).join("endpoint-client-token")).unwrap();
    // The endpoint deleted by hand: its association, then itself.
    let first = live_endpoints(&server)[0].clone();
    let association = server.associations()[0].id.clone();
    let output = cvpn(&env, &server, &["disassociate", &first, "--association-id", &association, "--wait"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    assert_eq!(cvpn(&env, &server, &["delete", &first, "--wait"]).status.code(), Some(0));
    let output = up(&env, &server, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    let live = live_endpoints(&server);
    assert!(live.len() == 1 && live[0] != first, "{live:?}");

    // A token put back after a down (its endpoint and certificate gone): EC2 refuses it as a
    // mismatch, and up makes a new endpoint.
    assert_eq!(down(&env, &server, &[]).status.code(), Some(0));
    server.settle();
    std::fs::write(pki_dir(&env).join("endpoint-client-token"), token).unwrap();
    let output = up(&env, &server, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    assert_eq!(live_endpoints(&server).len(), 1);
}

#[test]
fn purge_is_refused_with_the_credentials_of_another_account() {
    let server = Ec2TestServer::start();
    let env = env();
    assert_eq!(up(&env, &server, &[]).status.code(), Some(0));
    assert_eq!(down(&env, &server, &[]).status.code(), Some(0), "AWS's part removed, the directory kept");
    server.settle();
    // Another account's keys look in the same region, find nothing, and must not take the CA.
    let other = env.set("AWS_ACCESS_KEY_ID", "OTHERKEYEXAMPLE");
    let output = down(&other, &server, &["--purge"]);
    assert_eq!(output.status.code(), Some(252), "{}", stderr_of(&output));
    let stderr = stderr_of(&output);
    assert!(stderr.contains("account 123456789012") && stderr.contains(crate::server::OTHER_ACCOUNT), "{stderr}");
    assert!(pki_dir(&other).join("ca.key").exists(), "the CA is kept");
    // The VPN's own account: purged.
    let own = other.set("AWS_ACCESS_KEY_ID", crate::common::ACCESS_KEY_ID);
    let output = down(&own, &server, &["--purge"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    assert!(!pki_dir(&own).exists());
}
