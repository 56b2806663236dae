//! One test per exit-code class, each asserting what the user sees and what was (not) sent.

use crate::common::{CLIENT_CIDR, Hermetic, SERVER_CERT, create, run_short_form, stderr_of, stdout_of};
use crate::server::{Ec2TestServer, Reply};

fn assert_nothing_sent(server: &Ec2TestServer) {
    assert!(server.requests().is_empty(), "a request was sent: {:#?}", server.requests());
}

#[test]
fn success_exits_0() {
    let server = Ec2TestServer::start();
    create(&Hermetic::new(), &server.url, &["--client-cidr", CLIENT_CIDR, "--server-cert", SERVER_CERT])
        .assert()
        .code(0);
}

#[test]
fn help_and_version_exit_0_and_send_nothing() {
    let env = Hermetic::new();
    let help = env.cvpn().args(["create", "--help"]).output().unwrap();
    assert_eq!(help.status.code(), Some(0));
    let text = stdout_of(&help);
    for documented in [
        "--client-cidr-block",
        "--dry-run",
        "Exit codes:",
        "252",
        "if cvpn create",
        "mutual certificate authentication",
    ] {
        assert!(text.contains(documented), "create --help lacks {documented:?}");
    }
    let version = env.cvpn().arg("--version").output().unwrap();
    assert_eq!(version.status.code(), Some(0));
    assert!(stdout_of(&version).starts_with("cvpn "));
}

#[test]
fn usage_errors_exit_252_and_send_nothing() {
    let server = Ec2TestServer::start();
    let env = Hermetic::new();
    let cases: &[(&[&str], &str)] = &[
        (&["--client-cidr", CLIENT_CIDR, "--server-cert", SERVER_CERT, "--no-such-flag"], "--no-such-flag"),
        (&["--client-cidr", "10.0.0.0/22"], "--server-certificate-arn"),
        (&["--client-cidr", CLIENT_CIDR, "--server-cert", SERVER_CERT, "--dry-run", "true"], "true"),
        (&["--client-cidr", CLIENT_CIDR, "--server-cert", SERVER_CERT, "--vpn-port", "abc"], "'abc' is not an integer"),
        (&["--client-cidr", CLIENT_CIDR, "--server-cert", SERVER_CERT, "--vpn-port"], "--vpn-port"),
        (
            &["--client-cidr", CLIENT_CIDR, "--server-cert", SERVER_CERT, "--connection-log-options", "{\"Enabled\":}"],
            "--connection-log-options",
        ),
        (
            &[
                "--client-cidr",
                CLIENT_CIDR,
                "--server-cert",
                SERVER_CERT,
                "--authentication-options",
                "{\"Type\":\"x\",\"Foo\":1}",
            ],
            "Foo",
        ),
        (
            &["--client-cidr", CLIENT_CIDR, "--server-cert", SERVER_CERT, "--description", "file://missing.txt"],
            "Unable to load paramfile file://missing.txt",
        ),
        (
            &[
                "--client-cidr",
                CLIENT_CIDR,
                "--server-cert",
                SERVER_CERT,
                "--directory-id",
                "d-1",
                "--authentication-options",
                "{}",
            ],
            "cannot be combined",
        ),
        (&["--client-cidr", CLIENT_CIDR, "--server-cert", SERVER_CERT, "--tag", "novalue"], "KEY=VALUE"),
    ];
    for (args, mentioned) in cases {
        let output = create(&env, &server.url, args).output().unwrap();
        assert_eq!(output.status.code(), Some(252), "{args:?}: {}", stderr_of(&output));
        assert!(
            stderr_of(&output).contains(mentioned),
            "{args:?}: stderr does not mention {mentioned:?}: {}",
            stderr_of(&output)
        );
        assert!(stdout_of(&output).is_empty(), "{args:?}: stdout: {}", stdout_of(&output));
    }
    let no_scheme = env
        .cvpn()
        .args(["create", "--client-cidr", CLIENT_CIDR, "--server-cert", SERVER_CERT, "--endpoint-url", "127.0.0.1:1"])
        .output()
        .unwrap();
    assert_eq!(no_scheme.status.code(), Some(252));
    assert!(stderr_of(&no_scheme).contains("Bad value for --endpoint-url \"127.0.0.1:1\": scheme is missing"));
    let no_command = env.cvpn().output().unwrap();
    assert_eq!(no_command.status.code(), Some(252));
    assert_nothing_sent(&server);
}

#[test]
fn missing_region_exits_253_and_sends_nothing() {
    let server = Ec2TestServer::start();
    let env = Hermetic::new().unset("AWS_REGION");
    let output = run_short_form(&env, &server.url, &[]);
    assert_eq!(output.status.code(), Some(253), "{}", stderr_of(&output));
    assert!(stderr_of(&output).contains("You must specify a region"), "{}", stderr_of(&output));
    assert_nothing_sent(&server);
}

#[test]
fn missing_credentials_exit_253_say_where_cvpn_looked_and_send_nothing() {
    let server = Ec2TestServer::start();
    let env = Hermetic::new().unset("AWS_ACCESS_KEY_ID").unset("AWS_SECRET_ACCESS_KEY");
    let output = run_short_form(&env, &server.url, &[]);
    assert_eq!(output.status.code(), Some(253), "{}", stderr_of(&output));
    let stderr = stderr_of(&output);
    assert!(stderr.contains("Unable to locate credentials"), "{stderr}");
    assert!(stderr.contains("AWS_ACCESS_KEY_ID"), "{stderr}");
    assert!(stderr.contains(&env.credentials_file().display().to_string()), "{stderr}");
    assert_nothing_sent(&server);
}

#[test]
fn an_unknown_profile_exits_253_and_sends_nothing() {
    let server = Ec2TestServer::start();
    // Credentials in the environment must not stand in for the profile the user named.
    let env = Hermetic::new();
    env.write_config("[profile real]\nregion = us-east-1\n");
    let output = run_short_form(&env, &server.url, &["--profile", "nosuch"]);
    assert_eq!(output.status.code(), Some(253), "{}", stderr_of(&output));
    assert!(stderr_of(&output).contains("The config profile (nosuch) could not be found"), "{}", stderr_of(&output));
    assert!(stderr_of(&output).contains("defined: real"), "{}", stderr_of(&output));
    let from_env = Hermetic::new().set("AWS_PROFILE", "ghost");
    let output = run_short_form(&from_env, &server.url, &[]);
    assert_eq!(output.status.code(), Some(253), "{}", stderr_of(&output));
    assert!(stderr_of(&output).contains("(ghost)"), "{}", stderr_of(&output));
    assert_nothing_sent(&server);
}

#[test]
fn a_service_error_exits_254_with_the_aws_line_and_the_request_id() {
    let server = Ec2TestServer::start();
    server.script([Reply::error(400, "InvalidParameterValue", "Certificate arn:x does not have a domain")]);
    let output = run_short_form(&Hermetic::new(), &server.url, &[]);
    assert_eq!(output.status.code(), Some(254));
    assert_eq!(
        stderr_of(&output),
        "\nAn error occurred (InvalidParameterValue) when calling the CreateClientVpnEndpoint operation: \
         Certificate arn:x does not have a domain\nRequest ID: 00000000-0000-4000-8000-000000000001\n"
    );
    assert!(stdout_of(&output).is_empty());
    assert_eq!(server.requests().len(), 1, "a 400 is not retried");
}

#[test]
fn without_dry_run_a_dry_run_answer_is_a_service_error() {
    let server = Ec2TestServer::start();
    server.script([Reply::error(412, "DryRunOperation", crate::server::DRY_RUN_MESSAGE)]);
    let output = run_short_form(&Hermetic::new(), &server.url, &[]);
    assert_eq!(output.status.code(), Some(254));
}

#[test]
fn connection_refused_exits_255_naming_the_endpoint() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let url = format!("http://127.0.0.1:{port}");
    let env = Hermetic::new().set("AWS_MAX_ATTEMPTS", "1");
    let output = run_short_form(&env, &url, &[]);
    assert_eq!(output.status.code(), Some(255), "{}", stderr_of(&output));
    assert!(
        stderr_of(&output).contains(&format!("Could not connect to the endpoint URL: \"{url}/\"")),
        "{}",
        stderr_of(&output)
    );
}

#[test]
fn an_answer_that_is_not_ec2_xml_exits_255() {
    let server = Ec2TestServer::start();
    server.script([Reply::Raw {
        status: 200,
        content_type: "text/html".into(),
        body: "<html>this is not ec2</html>".into(),
    }]);
    let output = run_short_form(&Hermetic::new(), &server.url, &[]);
    assert_eq!(output.status.code(), Some(255), "{}", stderr_of(&output));
    assert!(stderr_of(&output).contains(&server.url), "{}", stderr_of(&output));
    assert!(!stderr_of(&output).contains("panicked"));
}
