//! --generate-cli-skeleton, --cli-input-json and --cli-input-yaml as a user runs them.

use crate::common::{Hermetic, create, stderr_of, stdout_of};
use crate::server::Ec2TestServer;

#[test]
fn skeletons_print_and_send_nothing() {
    let server = Ec2TestServer::start();
    let env = Hermetic::new();
    let input = create(&env, &server.url, &["--generate-cli-skeleton"]).output().unwrap();
    assert_eq!(input.status.code(), Some(0), "{}", stderr_of(&input));
    let skeleton: serde_json::Value = serde_json::from_slice(&input.stdout).unwrap();
    assert_eq!(skeleton["AuthenticationOptions"][0]["Type"], "certificate-authentication");
    assert!(stdout_of(&input).starts_with("{\n    \"ClientCidrBlock\": \"\",\n    \"ServerCertificateArn\": \"\",\n"));
    let yaml = create(&env, &server.url, &["--generate-cli-skeleton", "yaml-input"]).output().unwrap();
    assert!(stdout_of(&yaml).contains("ServerCertificateArn: ''  # [REQUIRED] The ARN of the server certificate."));
    let output =
        create(&env, &server.url, &["--generate-cli-skeleton", "output", "--output", "yaml"]).output().unwrap();
    assert_eq!(
        stdout_of(&output),
        "ClientVpnEndpointId: ClientVpnEndpointId\nDnsName: DnsName\nStatus:\n  Code: Code\n  Message: Message\n"
    );
    assert!(server.requests().is_empty());
}

#[test]
fn a_yaml_skeleton_filled_in_is_a_request_and_flags_override_it() {
    let server = Ec2TestServer::start();
    let env = Hermetic::new();
    std::fs::write(
        env.home.path().join("endpoint.yaml"),
        "ClientCidrBlock: 10.0.0.0/22\n\
         ServerCertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/server\n\
         ConnectionLogOptions:\n  Enabled: false\n\
         Description: from the document\n\
         DnsServers:\n- 10.0.0.2\n",
    )
    .unwrap();
    let output =
        create(&env, &server.url, &["--cli-input-yaml", "file://endpoint.yaml", "--description", "from the flag"])
            .output()
            .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    let request = server.only_request();
    assert_eq!(request.field("Description").as_deref(), Some("from the flag"));
    assert_eq!(request.field("DnsServers.1").as_deref(), Some("10.0.0.2"));
    assert_eq!(
        request.field("Authentication.1.Type").as_deref(),
        Some("certificate-authentication"),
        "the default still applies"
    );
}

#[test]
fn a_document_with_unknown_members_is_refused_before_sending() {
    let server = Ec2TestServer::start();
    let output = create(&Hermetic::new(), &server.url, &["--cli-input-yaml", "Bogus: 1\nServerCertificateArn: x\n"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(252));
    assert!(
        stderr_of(&output).contains("Unknown parameter in input: \"Bogus\", must be one of: ClientCidrBlock"),
        "{}",
        stderr_of(&output)
    );
    assert!(server.requests().is_empty());
}
