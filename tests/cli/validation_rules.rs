//! Each documented rule of CreateClientVpnEndpoint, tested on both sides of its edge. These run
//! the pure validator on request models; tests/cli/validation_cli.rs runs the binary.

use cvpn::api::create_request::*;
use cvpn::validate::{Problem, Severity, validate};

const CERT: &str = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d";
const SAML: &str = "arn:aws:iam::123456789012:saml-provider/MyIdP";
const LAMBDA: &str = "arn:aws:lambda:us-east-1:123456789012:function:AWSClientVPN-handler";

/// A request that breaks no rule.
fn valid() -> CreateClientVpnEndpointRequest {
    CreateClientVpnEndpointRequest {
        client_cidr_block: Some("10.0.0.0/22".into()),
        server_certificate_arn: Some(CERT.into()),
        authentication_options: Some(vec![AuthenticationRequest::certificate(CERT)]),
        connection_log_options: Some(ConnectionLogOptions { enabled: Some(false), ..Default::default() }),
        ..Default::default()
    }
}

fn errors(request: &CreateClientVpnEndpointRequest) -> Vec<Problem> {
    validate(request).into_iter().filter(|problem| problem.severity == Severity::Error).collect()
}

fn warnings(request: &CreateClientVpnEndpointRequest) -> Vec<Problem> {
    validate(request).into_iter().filter(|problem| problem.severity == Severity::Warning).collect()
}

fn accepted(request: CreateClientVpnEndpointRequest) {
    let problems = errors(&request);
    assert!(problems.is_empty(), "unexpected problems: {problems:#?}");
}

/// Refused, with one error whose text contains each of `words`.
fn refused(request: CreateClientVpnEndpointRequest, words: &[&str]) {
    let problems = errors(&request);
    assert!(!problems.is_empty(), "accepted, but should break a rule mentioning {words:?}");
    let texts: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert!(
        texts.iter().any(|text| words.iter().all(|word| text.contains(word))),
        "no error mentions {words:?}: {texts:#?}"
    );
}

fn with(change: impl FnOnce(&mut CreateClientVpnEndpointRequest)) -> CreateClientVpnEndpointRequest {
    let mut request = valid();
    change(&mut request);
    request
}

#[test]
fn the_valid_request_is_valid() {
    assert!(validate(&valid()).is_empty());
}

#[test]
fn client_cidr_prefix_from_12_to_22() {
    accepted(with(|r| r.client_cidr_block = Some("172.16.0.0/12".into())));
    accepted(with(|r| r.client_cidr_block = Some("10.0.0.0/22".into())));
    refused(
        with(|r| r.client_cidr_block = Some("172.16.0.0/11".into())),
        &["--client-cidr-block", "172.16.0.0/11", "/12 to /22", "too large"],
    );
    refused(
        with(|r| r.client_cidr_block = Some("10.0.0.0/23".into())),
        &["--client-cidr-block", "10.0.0.0/23", "/12 to /22", "too small"],
    );
    refused(with(|r| r.client_cidr_block = Some("10.0.0/22".into())), &["CIDR notation"]);
    refused(with(|r| r.client_cidr_block = Some("fd00::/56".into())), &["IPv4"]);
}

#[test]
fn client_cidr_host_bits_warn_with_the_network_meant() {
    let request = with(|r| r.client_cidr_block = Some("10.0.1.7/22".into()));
    assert!(errors(&request).is_empty());
    let warning = &warnings(&request)[0];
    assert!(warning.to_string().contains("10.0.0.0/22"), "{warning}");
}

#[test]
fn client_cidr_absent_exactly_for_ipv6_traffic() {
    refused(
        with(|r| r.client_cidr_block = None),
        &["--client-cidr-block", "required unless --traffic-ip-address-type is ipv6"],
    );
    accepted(with(|r| {
        r.client_cidr_block = None;
        r.traffic_ip_address_type = Some("ipv6".into());
    }));
    refused(with(|r| r.traffic_ip_address_type = Some("ipv6".into())), &["--client-cidr-block", "must not be given"]);
    accepted(with(|r| r.traffic_ip_address_type = Some("dual-stack".into())));
    refused(
        with(|r| {
            r.client_cidr_block = None;
            r.traffic_ip_address_type = Some("dual-stack".into());
        }),
        &["--client-cidr-block"],
    );
}

#[test]
fn arns_have_the_right_service_and_resource() {
    refused(
        with(|r| r.server_certificate_arn = Some("arn:aws:iam::123456789012:saml-provider/x".into())),
        &["--server-certificate-arn", "acm certificate"],
    );
    refused(
        with(|r| r.server_certificate_arn = Some("not-an-arn".into())),
        &["--server-certificate-arn", "not-an-arn"],
    );
    refused(
        with(|r| r.server_certificate_arn = Some("arn:aws:acm:us-east-1:12345:certificate/x".into())),
        &["--server-certificate-arn"],
    );
    refused(
        with(|r| r.server_certificate_arn = Some("arn:aws:acm:us-east-1:123456789012:certificate/".into())),
        &["--server-certificate-arn"],
    );
    accepted(with(|r| r.server_certificate_arn = Some("arn:aws-cn:acm:cn-north-1:123456789012:certificate/x".into())));
    accepted(with(|r| r.authentication_options = Some(vec![AuthenticationRequest::federated(SAML, Some(SAML))])));
    refused(
        with(|r| r.authentication_options = Some(vec![AuthenticationRequest::federated(CERT, None)])),
        &["SAMLProviderArn", "iam saml-provider"],
    );
    refused(
        with(|r| {
            r.authentication_options =
                Some(vec![AuthenticationRequest::federated(SAML, Some("arn:aws:iam::123456789012:role/x"))])
        }),
        &["SelfServiceSAMLProviderArn"],
    );
    refused(
        with(|r| {
            r.authentication_options =
                Some(vec![AuthenticationRequest::certificate("arn:aws:acm:us-east-1:123456789012:key/x")])
        }),
        &["ClientRootCertificateChainArn"],
    );
}

#[test]
fn one_or_two_authentication_options() {
    refused(with(|r| r.authentication_options = Some(vec![])), &["--authentication-options", "at least one"]);
    accepted(with(|r| {
        r.authentication_options =
            Some(vec![AuthenticationRequest::certificate(CERT), AuthenticationRequest::directory("d-1234567890")])
    }));
    accepted(with(|r| {
        r.authentication_options =
            Some(vec![AuthenticationRequest::certificate(CERT), AuthenticationRequest::federated(SAML, None)])
    }));
    refused(
        with(|r| {
            r.authentication_options = Some(vec![
                AuthenticationRequest::certificate(CERT),
                AuthenticationRequest::directory("d-1"),
                AuthenticationRequest::federated(SAML, None),
            ])
        }),
        &["at most 2", "3 given"],
    );
    refused(
        with(|r| {
            r.authentication_options =
                Some(vec![AuthenticationRequest::directory("d-1"), AuthenticationRequest::federated(SAML, None)])
        }),
        &["certificate-authentication plus one user-based method"],
    );
    refused(
        with(|r| {
            r.authentication_options =
                Some(vec![AuthenticationRequest::certificate(CERT), AuthenticationRequest::certificate(CERT)])
        }),
        &["given twice"],
    );
}

#[test]
fn each_authentication_type_needs_its_member() {
    let bare = |kind: &str| AuthenticationRequest { r#type: Some(kind.into()), ..Default::default() };
    refused(
        with(|r| r.authentication_options = Some(vec![bare(CERTIFICATE_AUTHENTICATION)])),
        &["ClientRootCertificateChainArn", "required", "--client-root-cert"],
    );
    refused(
        with(|r| r.authentication_options = Some(vec![bare(DIRECTORY_SERVICE_AUTHENTICATION)])),
        &["DirectoryId", "--directory-id"],
    );
    refused(
        with(|r| r.authentication_options = Some(vec![bare(FEDERATED_AUTHENTICATION)])),
        &["SAMLProviderArn", "--saml-provider"],
    );
    refused(
        with(|r| r.authentication_options = Some(vec![bare("certificate-auth")])),
        &["Type", "certificate-auth", "did you mean certificate-authentication?"],
    );
}

#[test]
fn logging_on_needs_a_group_and_a_stream_needs_a_group() {
    accepted(with(|r| {
        r.connection_log_options = Some(ConnectionLogOptions {
            enabled: Some(true),
            cloudwatch_log_group: Some("g".into()),
            ..Default::default()
        })
    }));
    refused(
        with(|r| r.connection_log_options = Some(ConnectionLogOptions { enabled: Some(true), ..Default::default() })),
        &["CloudwatchLogGroup", "add --log-group NAME"],
    );
    refused(
        with(|r| {
            r.connection_log_options = Some(ConnectionLogOptions {
                enabled: Some(false),
                cloudwatch_log_stream: Some("s".into()),
                ..Default::default()
            })
        }),
        &["CloudwatchLogStream", "\"s\"", "needs a log group"],
    );
}

#[test]
fn at_most_two_dns_servers_each_an_address() {
    accepted(with(|r| r.dns_servers = Some(vec!["10.0.0.2".into(), "fd00::53".into()])));
    refused(
        with(|r| r.dns_servers = Some(vec!["10.0.0.2".into(), "10.0.0.3".into(), "10.0.0.4".into()])),
        &["--dns-servers", "at most 2", "3 given"],
    );
    refused(
        with(|r| r.dns_servers = Some(vec!["10.0.0.2,10.0.0.3".into()])),
        &["--dns-servers", "IPv4 or IPv6", "own word"],
    );
    refused(with(|r| r.dns_servers = Some(vec!["dns.example".into()])), &["--dns-servers", "dns.example"]);
}

#[test]
fn fixed_choices_with_suggestions() {
    for protocol in ["tcp", "udp"] {
        accepted(with(|r| r.transport_protocol = Some(protocol.into())));
    }
    refused(with(|r| r.transport_protocol = Some("sctp".into())), &["--transport-protocol", "sctp", "tcp, udp"]);
    refused(with(|r| r.transport_protocol = Some("TCP".into())), &["did you mean tcp?"]);
    for port in [443, 1194] {
        accepted(with(|r| r.vpn_port = Some(port)));
    }
    refused(with(|r| r.vpn_port = Some(1195)), &["--vpn-port", "1195", "443, 1194", "did you mean 1194?"]);
    refused(with(|r| r.vpn_port = Some(8443)), &["did you mean 443?"]);
    for hours in [8, 10, 12, 24] {
        accepted(with(|r| r.session_timeout_hours = Some(hours)));
    }
    refused(
        with(|r| r.session_timeout_hours = Some(7)),
        &["--session-timeout-hours", "8, 10, 12, 24", "did you mean 8?"],
    );
    refused(with(|r| r.session_timeout_hours = Some(25)), &["did you mean 24?"]);
    for kind in ["ipv4", "ipv6", "dual-stack"] {
        accepted(with(|r| r.endpoint_ip_address_type = Some(kind.into())));
    }
    refused(
        with(|r| r.endpoint_ip_address_type = Some("dualstack".into())),
        &["--endpoint-ip-address-type", "did you mean dual-stack?"],
    );
    refused(
        with(|r| r.traffic_ip_address_type = Some("ip4".into())),
        &["--traffic-ip-address-type", "did you mean ipv4?"],
    );
    accepted(with(|r| r.self_service_portal = Some("disabled".into())));
    refused(with(|r| r.self_service_portal = Some("on".into())), &["--self-service-portal", "enabled, disabled"]);
}

#[test]
fn self_service_portal_without_federated_authentication_is_a_warning() {
    let request = with(|r| r.self_service_portal = Some("enabled".into()));
    assert!(errors(&request).is_empty());
    assert!(warnings(&request)[0].to_string().contains("federated"));
    let federated = with(|r| {
        r.self_service_portal = Some("enabled".into());
        r.authentication_options = Some(vec![AuthenticationRequest::federated(SAML, Some(SAML))]);
    });
    assert!(validate(&federated).is_empty());
}

#[test]
fn security_groups_need_a_vpc_and_ids_have_their_form() {
    accepted(with(|r| {
        r.security_group_ids = Some(vec!["sg-0123456789abcdef0".into(), "sg-01234567".into()]);
        r.vpc_id = Some("vpc-0123456789abcdef0".into());
    }));
    refused(
        with(|r| r.security_group_ids = Some(vec!["sg-0123456789abcdef0".into()])),
        &["--security-group-ids", "add --vpc-id"],
    );
    refused(with(|r| r.vpc_id = Some("vpc-xyz".into())), &["--vpc-id", "vpc-xyz"]);
    refused(
        with(|r| {
            r.security_group_ids = Some(vec!["group-1".into()]);
            r.vpc_id = Some("vpc-01234567".into());
        }),
        &["--security-group-ids", "group-1"],
    );
}

fn tags(pairs: &[(&str, &str)]) -> Option<Vec<TagSpecification>> {
    Some(vec![TagSpecification {
        resource_type: Some(ENDPOINT_RESOURCE_TYPE.into()),
        tags: Some(pairs.iter().map(|(k, v)| Tag { key: Some(k.to_string()), value: Some(v.to_string()) }).collect()),
    }])
}

#[test]
fn tag_rules() {
    let key_127 = "k".repeat(127);
    let key_128 = "k".repeat(128);
    let value_256 = "v".repeat(256);
    let value_257 = "v".repeat(257);
    accepted(with(|r| r.tag_specifications = tags(&[(&key_127, &value_256)])));
    refused(with(|r| r.tag_specifications = tags(&[(&key_128, "v")])), &["tag key", "1 to 127", "not 128"]);
    refused(with(|r| r.tag_specifications = tags(&[("", "v")])), &["tag key", "1 to 127"]);
    refused(with(|r| r.tag_specifications = tags(&[("k", &value_257)])), &["value", "at most 256", "not 257"]);
    accepted(with(|r| r.tag_specifications = tags(&[("ünïcode-✓", "✓✓")])));
    refused(with(|r| r.tag_specifications = tags(&[("aws:cloudformation", "x")])), &["aws:"]);
    refused(with(|r| r.tag_specifications = tags(&[("a", "1"), ("a", "2")])), &["given twice"]);
    let fifty: Vec<(String, String)> = (0..50).map(|i| (format!("k{i}"), "v".to_owned())).collect();
    let fifty_one: Vec<(String, String)> = (0..51).map(|i| (format!("k{i}"), "v".to_owned())).collect();
    let as_refs = |list: &[(String, String)]| -> Vec<(String, String)> { list.to_vec() };
    let spec = |list: Vec<(String, String)>| {
        let borrowed: Vec<(&str, &str)> = list.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        tags(&borrowed)
    };
    accepted(with(|r| r.tag_specifications = spec(as_refs(&fifty))));
    refused(with(|r| r.tag_specifications = spec(as_refs(&fifty_one))), &["at most 50 tags", "51 given"]);
    refused(
        with(|r| r.tag_specifications = Some(vec![TagSpecification { resource_type: Some("vpc".into()), tags: None }])),
        &["ResourceType", "vpc", "client-vpn-endpoint"],
    );
}

#[test]
fn banner_at_most_1400_characters_not_bytes() {
    let banner = |text: String| Some(ClientLoginBannerOptions { enabled: Some(true), banner_text: Some(text) });
    accepted(with(|r| r.client_login_banner_options = banner("é".repeat(1400))));
    refused(
        with(|r| r.client_login_banner_options = banner("e".repeat(1401))),
        &["BannerText", "at most 1400", "not 1401"],
    );
}

#[test]
fn client_token_at_most_64_ascii_characters() {
    accepted(with(|r| r.client_token = Some("t".repeat(64))));
    refused(with(|r| r.client_token = Some("t".repeat(65))), &["--client-token", "64 ASCII"]);
    refused(with(|r| r.client_token = Some("tök".into())), &["--client-token"]);
}

#[test]
fn connect_handler_needs_an_aws_client_vpn_function() {
    let connect = |enabled: bool, arn: Option<&str>| {
        Some(ClientConnectOptions { enabled: Some(enabled), lambda_function_arn: arn.map(str::to_owned) })
    };
    accepted(with(|r| r.client_connect_options = connect(true, Some(LAMBDA))));
    accepted(with(|r| r.client_connect_options = connect(false, None)));
    refused(
        with(|r| r.client_connect_options = connect(true, None)),
        &["LambdaFunctionArn", "required", "--connect-handler"],
    );
    refused(
        with(|r| {
            r.client_connect_options = connect(true, Some("arn:aws:lambda:us-east-1:123456789012:function:handler"))
        }),
        &["must start with AWSClientVPN-", "rename"],
    );
    refused(
        with(|r| r.client_connect_options = connect(true, Some("arn:aws:iam::123456789012:role/x"))),
        &["lambda function"],
    );
}

#[test]
fn transit_gateway_excludes_vpc_and_security_groups() {
    let gateway =
        || Some(TransitGatewayConfiguration { transit_gateway_id: Some("tgw-1".into()), ..Default::default() });
    accepted(with(|r| r.transit_gateway_configuration = gateway()));
    refused(
        with(|r| {
            r.transit_gateway_configuration = gateway();
            r.vpc_id = Some("vpc-01234567".into());
        }),
        &["--vpc-id", "--transit-gateway-configuration"],
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    let request = with(|r| {
        r.vpn_port = Some(80);
        r.session_timeout_hours = Some(5);
        r.transport_protocol = Some("sctp".into());
        r.client_cidr_block = Some("10.0.0.0/30".into());
    });
    assert_eq!(errors(&request).len(), 4, "{:#?}", errors(&request));
}

#[test]
fn long_values_are_shortened_in_messages() {
    let problems = errors(&with(|r| r.client_token = Some("x".repeat(500))));
    let text = problems[0].to_string();
    assert!(text.len() < 200 && text.contains('…'), "{text}");
}
