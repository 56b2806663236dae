//! What each flag puts on the wire: the form fields the local EC2 server received.

use crate::common::{Hermetic, SERVER_CERT, create};
use crate::server::Ec2TestServer;

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected.iter().map(|(key, value)| (key.to_string(), value.to_string())).collect()
}

/// Runs `cvpn create` with the arguments against a fresh server and returns the form it got.
fn sent(args: &[&str]) -> crate::server::RecordedRequest {
    let env = Hermetic::new();
    let server = Ec2TestServer::start();
    // Wire mapping only: the values here need not pass cvpn's own checks.
    create(&env, &server.url, &[&["--no-validate"], args].concat()).assert().success();
    server.only_request()
}

#[test]
fn the_short_form_sends_certificate_authentication_and_logging_off() {
    let request = sent(&["--client-cidr", "10.0.0.0/22", "--server-cert", SERVER_CERT]);
    assert_eq!(request.method, "POST");
    assert_eq!(request.path, "/");
    assert!(request.header("content-type").unwrap().starts_with("application/x-www-form-urlencoded"));
    assert_eq!(request.field("Action").as_deref(), Some("CreateClientVpnEndpoint"));
    assert_eq!(request.field("Version").as_deref(), Some("2016-11-15"));
    assert_eq!(
        request.parameters(),
        pairs(&[
            ("ClientCidrBlock", "10.0.0.0/22"),
            ("ServerCertificateArn", SERVER_CERT),
            ("Authentication.1.Type", "certificate-authentication"),
            ("Authentication.1.MutualAuthentication.ClientRootCertificateChainArn", SERVER_CERT),
            ("ConnectionLogOptions.Enabled", "false"),
        ])
    );
}

#[test]
fn a_client_token_is_always_sent_and_a_given_one_passes_through() {
    let generated = sent(&["--server-cert", SERVER_CERT]).field("ClientToken").expect("a ClientToken");
    assert_eq!(generated.len(), 36, "a UUID: {generated}");
    assert_eq!(generated.as_bytes()[14], b'4', "a version-4 UUID: {generated}");
    let other = sent(&["--server-cert", SERVER_CERT]).field("ClientToken").unwrap();
    assert_ne!(generated, other, "each run makes a new token");
    let given = sent(&["--server-cert", SERVER_CERT, "--client-token", "tok-123"]);
    assert_eq!(given.field("ClientToken").as_deref(), Some("tok-123"));
}

/// Every parameter set, as the aws CLI sent it when recorded (aws-cli 1.46.3), with JSON values for
/// the structures.
#[test]
fn every_aws_flag_reaches_the_wire_under_its_ec2_name() {
    let request = sent(&[
        "--client-cidr-block",
        "10.0.0.0/22",
        "--server-certificate-arn",
        "arn:aws:acm:us-east-1:123456789012:certificate/server",
        "--authentication-options",
        r#"{"Type":"certificate-authentication","MutualAuthentication":{"ClientRootCertificateChainArn":"arn:aws:acm:us-east-1:123456789012:certificate/client"}}"#,
        r#"{"Type":"federated-authentication","FederatedAuthentication":{"SAMLProviderArn":"arn:aws:iam::123456789012:saml-provider/p","SelfServiceSAMLProviderArn":"arn:aws:iam::123456789012:saml-provider/ss"}}"#,
        r#"{"Type":"directory-service-authentication","ActiveDirectory":{"DirectoryId":"d-1234567890"}}"#,
        "--connection-log-options",
        r#"{"Enabled":true,"CloudwatchLogGroup":"grp","CloudwatchLogStream":"strm","IncludeAuthorizationPolicyContext":true}"#,
        "--dns-servers",
        "10.0.0.2",
        "8.8.8.8",
        "--transport-protocol",
        "tcp",
        "--vpn-port",
        "1194",
        "--description",
        "my endpoint, with comma & spaces",
        "--split-tunnel",
        "--no-dry-run",
        "--client-token",
        "tok-123",
        "--tag-specifications",
        r#"{"ResourceType":"client-vpn-endpoint","Tags":[{"Key":"a","Value":"b"},{"Key":"Name","Value":"x y"}]}"#,
        "--security-group-ids",
        "sg-1",
        "sg-2",
        "--vpc-id",
        "vpc-1",
        "--self-service-portal",
        "enabled",
        "--client-connect-options",
        r#"{"Enabled":true,"LambdaFunctionArn":"arn:aws:lambda:us-east-1:123456789012:function:f"}"#,
        "--session-timeout-hours",
        "12",
        "--client-login-banner-options",
        r#"{"Enabled":true,"BannerText":"Hello world"}"#,
        "--client-route-enforcement-options",
        r#"{"Enforced":true}"#,
        "--no-disconnect-on-session-timeout",
        "--endpoint-ip-address-type",
        "dual-stack",
        "--traffic-ip-address-type",
        "ipv4",
        "--transit-gateway-configuration",
        r#"{"TransitGatewayId":"tgw-1","AvailabilityZones":["us-east-1a","us-east-1b"],"AvailabilityZoneIds":["use1-az1","use1-az2"]}"#,
        "--device-posture-options",
        r#"{"TrustProviders":[{"TrustProviderType":"crowdstrike","TenantId":"t-1","PublicSigningKeyUrl":"https://k.example/key"}],"Enabled":true}"#,
    ]);
    let expected = pairs(&[
        ("Action", "CreateClientVpnEndpoint"),
        ("Version", "2016-11-15"),
        ("ClientCidrBlock", "10.0.0.0/22"),
        ("ServerCertificateArn", "arn:aws:acm:us-east-1:123456789012:certificate/server"),
        ("Authentication.1.Type", "certificate-authentication"),
        (
            "Authentication.1.MutualAuthentication.ClientRootCertificateChainArn",
            "arn:aws:acm:us-east-1:123456789012:certificate/client",
        ),
        ("Authentication.2.Type", "federated-authentication"),
        ("Authentication.2.FederatedAuthentication.SAMLProviderArn", "arn:aws:iam::123456789012:saml-provider/p"),
        (
            "Authentication.2.FederatedAuthentication.SelfServiceSAMLProviderArn",
            "arn:aws:iam::123456789012:saml-provider/ss",
        ),
        ("Authentication.3.Type", "directory-service-authentication"),
        ("Authentication.3.ActiveDirectory.DirectoryId", "d-1234567890"),
        ("ConnectionLogOptions.Enabled", "true"),
        ("ConnectionLogOptions.CloudwatchLogGroup", "grp"),
        ("ConnectionLogOptions.CloudwatchLogStream", "strm"),
        ("ConnectionLogOptions.IncludeAuthorizationPolicyContext", "true"),
        ("DnsServers.1", "10.0.0.2"),
        ("DnsServers.2", "8.8.8.8"),
        ("TransportProtocol", "tcp"),
        ("VpnPort", "1194"),
        ("Description", "my endpoint, with comma & spaces"),
        ("SplitTunnel", "true"),
        ("DryRun", "false"),
        ("ClientToken", "tok-123"),
        ("TagSpecification.1.ResourceType", "client-vpn-endpoint"),
        ("TagSpecification.1.Tag.1.Key", "a"),
        ("TagSpecification.1.Tag.1.Value", "b"),
        ("TagSpecification.1.Tag.2.Key", "Name"),
        ("TagSpecification.1.Tag.2.Value", "x y"),
        ("SecurityGroupId.1", "sg-1"),
        ("SecurityGroupId.2", "sg-2"),
        ("VpcId", "vpc-1"),
        ("SelfServicePortal", "enabled"),
        ("ClientConnectOptions.Enabled", "true"),
        ("ClientConnectOptions.LambdaFunctionArn", "arn:aws:lambda:us-east-1:123456789012:function:f"),
        ("SessionTimeoutHours", "12"),
        ("ClientLoginBannerOptions.Enabled", "true"),
        ("ClientLoginBannerOptions.BannerText", "Hello world"),
        ("ClientRouteEnforcementOptions.Enforced", "true"),
        ("DisconnectOnSessionTimeout", "false"),
        ("EndpointIpAddressType", "dual-stack"),
        ("TrafficIpAddressType", "ipv4"),
        ("TransitGatewayConfiguration.TransitGatewayId", "tgw-1"),
        ("TransitGatewayConfiguration.AvailabilityZone.1", "us-east-1a"),
        ("TransitGatewayConfiguration.AvailabilityZone.2", "us-east-1b"),
        ("TransitGatewayConfiguration.AvailabilityZoneId.1", "use1-az1"),
        ("TransitGatewayConfiguration.AvailabilityZoneId.2", "use1-az2"),
        ("DevicePostureOptions.TrustProvider.1.TrustProviderType", "crowdstrike"),
        ("DevicePostureOptions.TrustProvider.1.TenantId", "t-1"),
        ("DevicePostureOptions.TrustProvider.1.PublicSigningKeyUrl", "https://k.example/key"),
        ("DevicePostureOptions.Enabled", "true"),
    ]);
    assert_eq!(request.form(), expected);
}

#[test]
fn aws_names_aliases_and_flattened_flags_send_the_same_form() {
    let aws = sent(&[
        "--client-cidr-block",
        "10.0.0.0/22",
        "--server-certificate-arn",
        SERVER_CERT,
        "--authentication-options",
        r#"{"Type":"certificate-authentication","MutualAuthentication":{"ClientRootCertificateChainArn":"arn:c"}}"#,
        r#"{"Type":"federated-authentication","FederatedAuthentication":{"SAMLProviderArn":"arn:p","SelfServiceSAMLProviderArn":"arn:ss"}}"#,
        "--connection-log-options",
        r#"{"Enabled":true,"CloudwatchLogGroup":"g","CloudwatchLogStream":"s"}"#,
        "--tag-specifications",
        r#"{"ResourceType":"client-vpn-endpoint","Tags":[{"Key":"Name","Value":"office"},{"Key":"team","Value":"net"}]}"#,
        "--client-login-banner-options",
        r#"{"Enabled":true,"BannerText":"Authorised use only"}"#,
        "--client-connect-options",
        r#"{"Enabled":true,"LambdaFunctionArn":"arn:l"}"#,
    ]);
    let human = sent(&[
        "--client-cidr",
        "10.0.0.0/22",
        "--server-cert",
        SERVER_CERT,
        "--client-root-cert",
        "arn:c",
        "--saml-provider",
        "arn:p",
        "--self-service-saml-provider",
        "arn:ss",
        "--log-group",
        "g",
        "--log-stream",
        "s",
        "--tag",
        "Name=office",
        "--tag",
        "team=net",
        "--banner",
        "Authorised use only",
        "--connect-handler",
        "arn:l",
    ]);
    assert_eq!(aws.parameters(), human.parameters());
}

#[test]
fn directory_flag_alone_replaces_the_default_authentication() {
    let request = sent(&["--server-cert", SERVER_CERT, "--directory-id", "d-1"]);
    let auth: Vec<_> = request.parameters().into_iter().filter(|(key, _)| key.starts_with("Authentication.")).collect();
    assert_eq!(
        auth,
        pairs(&[
            ("Authentication.1.Type", "directory-service-authentication"),
            ("Authentication.1.ActiveDirectory.DirectoryId", "d-1")
        ])
    );
}

#[test]
fn list_flags_take_words_or_one_json_list_and_empty_lists_send_nothing() {
    let words = sent(&["--server-cert", SERVER_CERT, "--dns-servers", "1.1.1.1", "8.8.8.8"]);
    let json = sent(&["--server-cert", SERVER_CERT, "--dns-servers", r#"["1.1.1.1","8.8.8.8"]"#]);
    assert_eq!(words.field("DnsServers.2").as_deref(), Some("8.8.8.8"));
    assert_eq!(words.parameters(), json.parameters());
    let comma = sent(&["--server-cert", SERVER_CERT, "--dns-servers", "1.1.1.1,8.8.8.8"]);
    assert_eq!(comma.field("DnsServers.1").as_deref(), Some("1.1.1.1,8.8.8.8"));
    let empty = sent(&["--server-cert", SERVER_CERT, "--security-group-ids", "--vpc-id", "vpc-1"]);
    assert!(empty.parameters().iter().all(|(key, _)| !key.starts_with("SecurityGroupId")));
    assert_eq!(empty.field("VpcId").as_deref(), Some("vpc-1"));
}

#[test]
fn boolean_pairs_send_the_last_one_given_and_nothing_when_absent() {
    let request = sent(&[
        "--server-cert",
        SERVER_CERT,
        "--split-tunnel",
        "--no-split-tunnel",
        "--no-disconnect-on-session-timeout",
        "--disconnect-on-session-timeout",
    ]);
    assert_eq!(request.field("SplitTunnel").as_deref(), Some("false"));
    assert_eq!(request.field("DisconnectOnSessionTimeout").as_deref(), Some("true"));
    let plain = sent(&["--server-cert", SERVER_CERT]);
    for absent in ["SplitTunnel", "DryRun", "DisconnectOnSessionTimeout", "VpnPort", "TransportProtocol"] {
        assert_eq!(plain.field(absent), None, "{absent} was sent without its flag");
    }
}

#[test]
fn integers_are_read_as_the_aws_cli_reads_them() {
    let request = sent(&["--server-cert", SERVER_CERT, "--vpn-port", " 0443 ", "--session-timeout-hours", "+2_4"]);
    assert_eq!(request.field("VpnPort").as_deref(), Some("443"));
    assert_eq!(request.field("SessionTimeoutHours").as_deref(), Some("24"));
}

#[test]
fn values_can_come_from_files() {
    let env = Hermetic::new();
    let server = Ec2TestServer::start();
    std::fs::write(env.home.path().join("logging.json"), r#"{"Enabled":true,"CloudwatchLogGroup":"from-file"}"#)
        .unwrap();
    std::fs::write(env.home.path().join("description.txt"), "Hello from file\nline2").unwrap();
    create(
        &env,
        &server.url,
        &[
            "--no-validate",
            "--server-cert",
            SERVER_CERT,
            "--connection-log-options",
            "file://logging.json",
            "--description",
            "file://description.txt",
        ],
    )
    .assert()
    .success();
    let request = server.only_request();
    assert_eq!(request.field("ConnectionLogOptions.CloudwatchLogGroup").as_deref(), Some("from-file"));
    assert_eq!(request.field("Description").as_deref(), Some("Hello from file\nline2"));
}

#[test]
fn unicode_and_reserved_characters_survive_the_form_encoding() {
    let request = sent(&["--server-cert", SERVER_CERT, "--description", "héllo ✓ a=b&c+d%e/f"]);
    assert_eq!(request.field("Description").as_deref(), Some("héllo ✓ a=b&c+d%e/f"));
}

/// The aws CLI command line that set every parameter, shorthand and all, word for word.
#[test]
fn the_aws_cli_full_capture_in_shorthand_sends_the_same_fields() {
    let request = sent(&[
        "--client-cidr-block",
        "10.0.0.0/22",
        "--server-certificate-arn",
        "arn:aws:acm:us-east-1:123456789012:certificate/server",
        "--authentication-options",
        "Type=certificate-authentication,MutualAuthentication={ClientRootCertificateChainArn=arn:aws:acm:us-east-1:123456789012:certificate/client}",
        "Type=federated-authentication,FederatedAuthentication={SAMLProviderArn=arn:aws:iam::123456789012:saml-provider/p,SelfServiceSAMLProviderArn=arn:aws:iam::123456789012:saml-provider/ss}",
        "Type=directory-service-authentication,ActiveDirectory={DirectoryId=d-1234567890}",
        "--connection-log-options",
        "Enabled=true,CloudwatchLogGroup=grp,CloudwatchLogStream=strm",
        "--dns-servers",
        "10.0.0.2",
        "8.8.8.8",
        "--transport-protocol",
        "tcp",
        "--vpn-port",
        "1194",
        "--description",
        "my endpoint, with comma & spaces",
        "--split-tunnel",
        "--dry-run",
        "--client-token",
        "tok-123",
        "--tag-specifications",
        "ResourceType=client-vpn-endpoint,Tags=[{Key=a,Value=b},{Key=Name,Value=x y}]",
        "--security-group-ids",
        "sg-1",
        "sg-2",
        "--vpc-id",
        "vpc-1",
        "--self-service-portal",
        "enabled",
        "--client-connect-options",
        "Enabled=true,LambdaFunctionArn=arn:aws:lambda:us-east-1:123456789012:function:f",
        "--session-timeout-hours",
        "12",
        "--client-login-banner-options",
        "Enabled=true,BannerText=Hello world",
        "--client-route-enforcement-options",
        "Enforced=true",
        "--no-disconnect-on-session-timeout",
        "--endpoint-ip-address-type",
        "dual-stack",
        "--traffic-ip-address-type",
        "ipv4",
        "--transit-gateway-configuration",
        "TransitGatewayId=tgw-1,AvailabilityZones=us-east-1a,us-east-1b,AvailabilityZoneIds=use1-az1,use1-az2",
    ]);
    // The body the aws CLI sent for this command line when recorded, decoded.
    let aws_body = "Action=CreateClientVpnEndpoint&Version=2016-11-15&ClientCidrBlock=10.0.0.0%2F22\
        &ServerCertificateArn=arn%3Aaws%3Aacm%3Aus-east-1%3A123456789012%3Acertificate%2Fserver\
        &Authentication.1.Type=certificate-authentication\
        &Authentication.1.MutualAuthentication.ClientRootCertificateChainArn=arn%3Aaws%3Aacm%3Aus-east-1%3A123456789012%3Acertificate%2Fclient\
        &Authentication.2.Type=federated-authentication\
        &Authentication.2.FederatedAuthentication.SAMLProviderArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Asaml-provider%2Fp\
        &Authentication.2.FederatedAuthentication.SelfServiceSAMLProviderArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Asaml-provider%2Fss\
        &Authentication.3.Type=directory-service-authentication&Authentication.3.ActiveDirectory.DirectoryId=d-1234567890\
        &ConnectionLogOptions.Enabled=true&ConnectionLogOptions.CloudwatchLogGroup=grp&ConnectionLogOptions.CloudwatchLogStream=strm\
        &DnsServers.1=10.0.0.2&DnsServers.2=8.8.8.8&TransportProtocol=tcp&VpnPort=1194\
        &Description=my+endpoint%2C+with+comma+%26+spaces&SplitTunnel=true&DryRun=true&ClientToken=tok-123\
        &TagSpecification.1.ResourceType=client-vpn-endpoint&TagSpecification.1.Tag.1.Key=a&TagSpecification.1.Tag.1.Value=b\
        &TagSpecification.1.Tag.2.Key=Name&TagSpecification.1.Tag.2.Value=x+y\
        &SecurityGroupId.1=sg-1&SecurityGroupId.2=sg-2&VpcId=vpc-1&SelfServicePortal=enabled\
        &ClientConnectOptions.Enabled=true&ClientConnectOptions.LambdaFunctionArn=arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Af\
        &SessionTimeoutHours=12&ClientLoginBannerOptions.Enabled=true&ClientLoginBannerOptions.BannerText=Hello+world\
        &ClientRouteEnforcementOptions.Enforced=true&DisconnectOnSessionTimeout=false\
        &EndpointIpAddressType=dual-stack&TrafficIpAddressType=ipv4\
        &TransitGatewayConfiguration.TransitGatewayId=tgw-1\
        &TransitGatewayConfiguration.AvailabilityZone.1=us-east-1a&TransitGatewayConfiguration.AvailabilityZone.2=us-east-1b\
        &TransitGatewayConfiguration.AvailabilityZoneId.1=use1-az1&TransitGatewayConfiguration.AvailabilityZoneId.2=use1-az2";
    let aws_form: Vec<(String, String)> = form_urlencoded::parse(aws_body.as_bytes()).into_owned().collect();
    assert_eq!(request.form(), aws_form);
}

/// Every member of the model, from the model (the input skeleton fills each one): each reaches
/// the wire under its wire name.
#[test]
fn every_model_member_reaches_the_wire_under_its_wire_name() {
    let mut document = cvpn::api::skeleton::input_skeleton();
    // Values the SDK sends as they are; the skeleton's placeholders otherwise (DryRun aside, so
    // that the request is a create).
    document["DryRun"] = serde_json::json!(false);
    let env = Hermetic::new();
    let server = crate::server::Ec2TestServer::start();
    let output =
        crate::common::create(&env, &server.url, &["--no-validate", "--cli-input-json", &document.to_string()])
            .output()
            .unwrap();
    let request = server.only_request();
    let sent: Vec<String> = request.form().into_iter().map(|(key, _)| key).collect();
    for member in cvpn::api::model::CREATE_CLIENT_VPN_ENDPOINT_REQUEST.members() {
        let wire = member.wire.unwrap_or(member.name);
        assert!(
            sent.iter().any(|key| key == wire || key.starts_with(&format!("{wire}."))),
            "{} did not reach the wire as {wire}: {sent:?}\n{}",
            member.name,
            crate::common::stderr_of(&output)
        );
    }
}
