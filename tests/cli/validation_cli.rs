//! Validation as a user meets it: every problem at once, before anything is sent, and
//! --no-validate to send a request as given.

use crate::common::{Hermetic, SERVER_CERT, create, run_short_form, stderr_of};
use crate::server::Ec2TestServer;

#[test]
fn every_problem_is_reported_at_once_and_nothing_is_sent() {
    let server = Ec2TestServer::start();
    // No credentials: validation must come before they are looked for.
    let env = Hermetic::new().unset("AWS_ACCESS_KEY_ID").unset("AWS_SECRET_ACCESS_KEY");
    let output = create(
        &env,
        &server.url,
        &[
            "--client-cidr",
            "10.0.0.0/24",
            "--server-cert",
            SERVER_CERT,
            "--vpn-port",
            "1195",
            "--session-timeout-hours",
            "7",
            "--transport-protocol",
            "TCP",
            "--dns-servers",
            "10.0.0.2",
            "10.0.0.3",
            "10.0.0.4",
            "--log-stream",
            "s",
        ],
    )
    .output()
    .unwrap();
    assert_eq!(output.status.code(), Some(252));
    let stderr = stderr_of(&output);
    assert!(stderr.starts_with("6 problems found; nothing was sent:\n"), "{stderr}");
    for expected in [
        "--client-cidr-block \"10.0.0.0/24\": the prefix must be from /12 to /22",
        "--vpn-port \"1195\": must be one of 443, 1194 (did you mean 1194?)",
        "--session-timeout-hours \"7\": must be one of 8, 10, 12, 24 (did you mean 8?)",
        "--transport-protocol \"TCP\": must be one of tcp, udp (did you mean tcp?)",
        "--dns-servers \"10.0.0.2 10.0.0.3 10.0.0.4\": at most 2 DNS servers, 3 given",
        "--connection-log-options CloudwatchLogGroup: is required when connection logging is enabled (add --log-group NAME)",
        "--no-validate",
    ] {
        assert!(stderr.contains(expected), "missing {expected:?} in:\n{stderr}");
    }
    assert!(server.requests().is_empty());
}

#[test]
fn no_validate_sends_the_request_as_given() {
    let server = Ec2TestServer::start();
    create(
        &Hermetic::new(),
        &server.url,
        &["--no-validate", "--server-cert", "arn:whatever", "--vpn-port", "8443", "--transport-protocol", "sctp"],
    )
    .assert()
    .success();
    let request = server.only_request();
    assert_eq!(request.field("VpnPort").as_deref(), Some("8443"));
    assert_eq!(request.field("TransportProtocol").as_deref(), Some("sctp"));
    assert_eq!(request.field("ClientCidrBlock"), None);
}

#[test]
fn warnings_are_printed_and_the_request_is_sent() {
    let server = Ec2TestServer::start();
    let output = create(&Hermetic::new(), &server.url, &["--client-cidr", "10.0.1.7/22", "--server-cert", SERVER_CERT])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    assert!(
        stderr_of(&output).contains(
            "cvpn: warning: --client-cidr-block \"10.0.1.7/22\": has host bits set (EC2 uses the network 10.0.0.0/22)"
        ),
        "{}",
        stderr_of(&output)
    );
    assert_eq!(server.only_request().field("ClientCidrBlock").as_deref(), Some("10.0.1.7/22"));
}

#[test]
fn a_valid_short_form_passes() {
    let server = Ec2TestServer::start();
    let output = run_short_form(&Hermetic::new(), &server.url, &[]);
    assert_eq!(output.status.code(), Some(0));
    assert!(stderr_of(&output).is_empty(), "{}", stderr_of(&output));
}
