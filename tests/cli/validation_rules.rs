//! Each documented rule of CreateClientVpnEndpoint, tested on both sides of its edge. These run
//! the pure validator on request documents; tests/cli/validation_cli.rs runs the binary.

use cvpn::validate::{Problem, Severity, validate};
use serde_json::{Map, Value, json};

const CERT: &str = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d";
const SAML: &str = "arn:aws:iam::123456789012:saml-provider/MyIdP";
const LAMBDA: &str = "arn:aws:lambda:us-east-1:123456789012:function:AWSClientVPN-handler";

type Request = Map<String, Value>;

fn certificate(arn: &str) -> Value {
    json!({"Type": "certificate-authentication", "MutualAuthentication": {"ClientRootCertificateChainArn": arn}})
}

fn directory(id: &str) -> Value {
    json!({"Type": "directory-service-authentication", "ActiveDirectory": {"DirectoryId": id}})
}

fn federated(provider: &str, portal: Option<&str>) -> Value {
    let mut federated = json!({"SAMLProviderArn": provider});
    if let Some(portal) = portal {
        federated["SelfServiceSAMLProviderArn"] = json!(portal);
    }
    json!({"Type": "federated-authentication", "FederatedAuthentication": federated})
}

/// A request that breaks no rule.
fn valid() -> Request {
    let Value::Object(request) = json!({
        "ClientCidrBlock": "10.0.0.0/22",
        "ServerCertificateArn": CERT,
        "AuthenticationOptions": [certificate(CERT)],
        "ConnectionLogOptions": {"Enabled": false},
    }) else {
        unreachable!()
    };
    request
}

fn errors(request: &Request) -> Vec<Problem> {
    validate(request).into_iter().filter(|problem| problem.severity == Severity::Error).collect()
}

fn warnings(request: &Request) -> Vec<Problem> {
    validate(request).into_iter().filter(|problem| problem.severity == Severity::Warning).collect()
}

fn accepted(request: Request) {
    let problems = errors(&request);
    assert!(problems.is_empty(), "unexpected problems: {problems:#?}");
}

/// Refused, with one error whose text contains each of `words`.
fn refused(request: Request, words: &[&str]) {
    let problems = errors(&request);
    assert!(!problems.is_empty(), "accepted, but should break a rule mentioning {words:?}");
    let texts: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert!(
        texts.iter().any(|text| words.iter().all(|word| text.contains(word))),
        "no error mentions {words:?}: {texts:#?}"
    );
}

/// The valid request with these members set; a null removes the member.
fn with(changes: Value) -> Request {
    let mut request = valid();
    for (name, value) in changes.as_object().expect("an object of members") {
        if value.is_null() {
            request.remove(name);
        } else {
            request.insert(name.clone(), value.clone());
        }
    }
    request
}

#[test]
fn the_valid_request_is_valid() {
    assert!(validate(&valid()).is_empty());
}

#[test]
fn client_cidr_prefix_from_12_to_22() {
    accepted(with(json!({"ClientCidrBlock": "172.16.0.0/12"})));
    accepted(with(json!({"ClientCidrBlock": "10.0.0.0/22"})));
    refused(
        with(json!({"ClientCidrBlock": "172.16.0.0/11"})),
        &["--client-cidr-block", "172.16.0.0/11", "/12 to /22", "too large"],
    );
    refused(
        with(json!({"ClientCidrBlock": "10.0.0.0/23"})),
        &["--client-cidr-block", "10.0.0.0/23", "/12 to /22", "too small"],
    );
    refused(with(json!({"ClientCidrBlock": "10.0.0/22"})), &["CIDR notation"]);
    refused(with(json!({"ClientCidrBlock": "fd00::/56"})), &["IPv4"]);
}

#[test]
fn client_cidr_host_bits_warn_with_the_network_meant() {
    let request = with(json!({"ClientCidrBlock": "10.0.1.7/22"}));
    assert!(errors(&request).is_empty());
    let warning = &warnings(&request)[0];
    assert!(warning.to_string().contains("10.0.0.0/22"), "{warning}");
}

#[test]
fn client_cidr_absent_exactly_for_ipv6_traffic() {
    refused(
        with(json!({"ClientCidrBlock": null})),
        &["--client-cidr-block", "required unless --traffic-ip-address-type is ipv6"],
    );
    accepted(with(json!({"ClientCidrBlock": null, "TrafficIpAddressType": "ipv6"})));
    refused(with(json!({"TrafficIpAddressType": "ipv6"})), &["--client-cidr-block", "must not be given"]);
    accepted(with(json!({"TrafficIpAddressType": "dual-stack"})));
    refused(with(json!({"ClientCidrBlock": null, "TrafficIpAddressType": "dual-stack"})), &["--client-cidr-block"]);
}

#[test]
fn arns_have_the_right_service_and_resource() {
    refused(
        with(json!({"ServerCertificateArn": "arn:aws:iam::123456789012:saml-provider/x"})),
        &["--server-certificate-arn", "acm certificate"],
    );
    refused(with(json!({"ServerCertificateArn": "not-an-arn"})), &["--server-certificate-arn", "not-an-arn"]);
    refused(
        with(json!({"ServerCertificateArn": "arn:aws:acm:us-east-1:12345:certificate/x"})),
        &["--server-certificate-arn"],
    );
    refused(
        with(json!({"ServerCertificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/"})),
        &["--server-certificate-arn"],
    );
    refused(with(json!({"ServerCertificateArn": null})), &["--server-certificate-arn", "is required"]);
    accepted(with(json!({"ServerCertificateArn": "arn:aws-cn:acm:cn-north-1:123456789012:certificate/x"})));
    accepted(with(json!({"AuthenticationOptions": [federated(SAML, Some(SAML))]})));
    refused(with(json!({"AuthenticationOptions": [federated(CERT, None)]})), &["SAMLProviderArn", "iam saml-provider"]);
    refused(
        with(json!({"AuthenticationOptions": [federated(SAML, Some("arn:aws:iam::123456789012:role/x"))]})),
        &["SelfServiceSAMLProviderArn"],
    );
    refused(
        with(json!({"AuthenticationOptions": [certificate("arn:aws:acm:us-east-1:123456789012:key/x")]})),
        &["ClientRootCertificateChainArn"],
    );
}

#[test]
fn one_or_two_authentication_options() {
    refused(with(json!({"AuthenticationOptions": []})), &["--authentication-options", "at least one"]);
    refused(with(json!({"AuthenticationOptions": null})), &["--authentication-options", "at least one"]);
    accepted(with(json!({"AuthenticationOptions": [certificate(CERT), directory("d-1234567890")]})));
    accepted(with(json!({"AuthenticationOptions": [certificate(CERT), federated(SAML, None)]})));
    refused(
        with(json!({"AuthenticationOptions": [certificate(CERT), directory("d-1"), federated(SAML, None)]})),
        &["at most 2", "3 given"],
    );
    refused(
        with(json!({"AuthenticationOptions": [directory("d-1"), federated(SAML, None)]})),
        &["certificate-authentication plus one user-based method"],
    );
    refused(with(json!({"AuthenticationOptions": [certificate(CERT), certificate(CERT)]})), &["given twice"]);
}

#[test]
fn each_authentication_type_needs_its_member() {
    let bare = |kind: &str| json!({"AuthenticationOptions": [{"Type": kind}]});
    refused(
        with(bare("certificate-authentication")),
        &["ClientRootCertificateChainArn", "required", "--client-root-cert"],
    );
    refused(with(bare("directory-service-authentication")), &["DirectoryId", "--directory-id"]);
    refused(with(bare("federated-authentication")), &["SAMLProviderArn", "--saml-provider"]);
    refused(with(bare("certificate-auth")), &["Type", "certificate-auth", "did you mean certificate-authentication?"]);
    refused(with(json!({"AuthenticationOptions": [{}]})), &["[0] Type", "is required"]);
}

#[test]
fn logging_on_needs_a_group_and_a_stream_needs_a_group() {
    accepted(with(json!({"ConnectionLogOptions": {"Enabled": true, "CloudwatchLogGroup": "g"}})));
    refused(with(json!({"ConnectionLogOptions": {"Enabled": true}})), &["CloudwatchLogGroup", "add --log-group NAME"]);
    refused(
        with(json!({"ConnectionLogOptions": {"Enabled": false, "CloudwatchLogStream": "s"}})),
        &["CloudwatchLogStream", "\"s\"", "needs a log group"],
    );
}

#[test]
fn at_most_two_dns_servers_each_an_address() {
    accepted(with(json!({"DnsServers": ["10.0.0.2", "fd00::53"]})));
    refused(
        with(json!({"DnsServers": ["10.0.0.2", "10.0.0.3", "10.0.0.4"]})),
        &["--dns-servers", "at most 2", "3 given"],
    );
    refused(with(json!({"DnsServers": ["10.0.0.2,10.0.0.3"]})), &["--dns-servers", "IPv4 or IPv6", "own word"]);
    refused(with(json!({"DnsServers": ["dns.example"]})), &["--dns-servers", "dns.example"]);
}

#[test]
fn fixed_choices_with_suggestions() {
    for protocol in ["tcp", "udp"] {
        accepted(with(json!({"TransportProtocol": protocol})));
    }
    refused(with(json!({"TransportProtocol": "sctp"})), &["--transport-protocol", "sctp", "tcp, udp"]);
    refused(with(json!({"TransportProtocol": "TCP"})), &["did you mean tcp?"]);
    for port in [443, 1194] {
        accepted(with(json!({"VpnPort": port})));
    }
    refused(with(json!({"VpnPort": 1195})), &["--vpn-port", "1195", "443, 1194", "did you mean 1194?"]);
    refused(with(json!({"VpnPort": 8443})), &["did you mean 443?"]);
    for hours in [8, 10, 12, 24] {
        accepted(with(json!({"SessionTimeoutHours": hours})));
    }
    refused(with(json!({"SessionTimeoutHours": 7})), &["--session-timeout-hours", "8, 10, 12, 24", "did you mean 8?"]);
    refused(with(json!({"SessionTimeoutHours": 25})), &["did you mean 24?"]);
    for kind in ["ipv4", "ipv6", "dual-stack"] {
        accepted(with(json!({"EndpointIpAddressType": kind})));
    }
    refused(
        with(json!({"EndpointIpAddressType": "dualstack"})),
        &["--endpoint-ip-address-type", "did you mean dual-stack?"],
    );
    refused(with(json!({"TrafficIpAddressType": "ip4"})), &["--traffic-ip-address-type", "did you mean ipv4?"]);
    accepted(with(json!({"SelfServicePortal": "disabled"})));
    refused(with(json!({"SelfServicePortal": "on"})), &["--self-service-portal", "enabled, disabled"]);
}

#[test]
fn self_service_portal_without_federated_authentication_is_a_warning() {
    let request = with(json!({"SelfServicePortal": "enabled"}));
    assert!(errors(&request).is_empty());
    assert!(warnings(&request)[0].to_string().contains("federated"));
    let federated =
        with(json!({"SelfServicePortal": "enabled", "AuthenticationOptions": [federated(SAML, Some(SAML))]}));
    assert!(validate(&federated).is_empty());
}

#[test]
fn security_groups_need_a_vpc_and_ids_have_their_form() {
    accepted(with(json!({
        "SecurityGroupIds": ["sg-0123456789abcdef0", "sg-01234567"],
        "VpcId": "vpc-0123456789abcdef0"
    })));
    refused(with(json!({"SecurityGroupIds": ["sg-0123456789abcdef0"]})), &["--security-group-ids", "add --vpc-id"]);
    refused(with(json!({"VpcId": "vpc-xyz"})), &["--vpc-id", "vpc-xyz"]);
    refused(
        with(json!({"SecurityGroupIds": ["group-1"], "VpcId": "vpc-01234567"})),
        &["--security-group-ids", "group-1"],
    );
}

fn tags<K: AsRef<str>, V: AsRef<str>>(pairs: &[(K, V)]) -> Value {
    let tags: Vec<Value> =
        pairs.iter().map(|(key, value)| json!({"Key": key.as_ref(), "Value": value.as_ref()})).collect();
    json!({"TagSpecifications": [{"ResourceType": "client-vpn-endpoint", "Tags": tags}]})
}

#[test]
fn tag_rules() {
    let key_127 = "k".repeat(127);
    let key_128 = "k".repeat(128);
    let value_256 = "v".repeat(256);
    let value_257 = "v".repeat(257);
    accepted(with(tags(&[(&key_127, &value_256)])));
    refused(with(tags(&[(key_128.as_str(), "v")])), &["tag key", "1 to 127", "not 128"]);
    refused(with(tags(&[("", "v")])), &["tag key", "1 to 127"]);
    refused(with(tags(&[("k", value_257.as_str())])), &["value", "at most 256", "not 257"]);
    accepted(with(tags(&[("ünïcode-✓", "✓✓")])));
    refused(with(tags(&[("aws:cloudformation", "x")])), &["aws:"]);
    refused(with(tags(&[("a", "1"), ("a", "2")])), &["given twice"]);
    let numbered =
        |count: usize| -> Vec<(String, String)> { (0..count).map(|i| (format!("k{i}"), "v".to_owned())).collect() };
    accepted(with(tags(&numbered(50))));
    refused(with(tags(&numbered(51))), &["at most 50 tags", "51 given"]);
    refused(
        with(json!({"TagSpecifications": [{"ResourceType": "vpc"}]})),
        &["ResourceType", "vpc", "client-vpn-endpoint"],
    );
    refused(with(json!({"TagSpecifications": [{"Tags": []}]})), &["ResourceType", "is required"]);
}

#[test]
fn banner_at_most_1400_characters_not_bytes() {
    let banner = |text: String| json!({"ClientLoginBannerOptions": {"Enabled": true, "BannerText": text}});
    accepted(with(banner("é".repeat(1400))));
    refused(with(banner("e".repeat(1401))), &["BannerText", "at most 1400", "not 1401"]);
}

#[test]
fn client_token_at_most_64_ascii_characters() {
    accepted(with(json!({"ClientToken": "t".repeat(64)})));
    refused(with(json!({"ClientToken": "t".repeat(65)})), &["--client-token", "64 ASCII"]);
    refused(with(json!({"ClientToken": "tök"})), &["--client-token"]);
}

#[test]
fn connect_handler_needs_an_aws_client_vpn_function() {
    let connect = |enabled: bool, arn: Option<&str>| {
        let mut options = json!({"Enabled": enabled});
        if let Some(arn) = arn {
            options["LambdaFunctionArn"] = json!(arn);
        }
        json!({"ClientConnectOptions": options})
    };
    accepted(with(connect(true, Some(LAMBDA))));
    accepted(with(connect(false, None)));
    refused(with(connect(true, None)), &["LambdaFunctionArn", "required", "--connect-handler"]);
    refused(
        with(connect(true, Some("arn:aws:lambda:us-east-1:123456789012:function:handler"))),
        &["must start with AWSClientVPN-", "rename"],
    );
    refused(with(connect(true, Some("arn:aws:iam::123456789012:role/x"))), &["lambda function"]);
}

#[test]
fn transit_gateway_excludes_vpc_and_security_groups() {
    let gateway = json!({"TransitGatewayId": "tgw-1"});
    accepted(with(json!({"TransitGatewayConfiguration": gateway})));
    refused(
        with(json!({"TransitGatewayConfiguration": gateway, "VpcId": "vpc-01234567"})),
        &["--vpc-id", "--transit-gateway-configuration"],
    );
    refused(
        with(json!({
            "TransitGatewayConfiguration": gateway,
            "VpcId": "vpc-01234567",
            "SecurityGroupIds": ["sg-01234567"]
        })),
        &["--security-group-ids", "--transit-gateway-configuration"],
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    let request = with(json!({
        "VpnPort": 80,
        "SessionTimeoutHours": 5,
        "TransportProtocol": "sctp",
        "ClientCidrBlock": "10.0.0.0/30"
    }));
    assert_eq!(errors(&request).len(), 4, "{:#?}", errors(&request));
}

#[test]
fn long_values_are_shortened_in_messages() {
    let problems = errors(&with(json!({"ClientToken": "x".repeat(500)})));
    let text = problems[0].to_string();
    assert!(text.len() < 200 && text.contains('…'), "{text}");
}
