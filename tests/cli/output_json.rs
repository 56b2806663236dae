//! The JSON printed for a created endpoint is the aws CLI's, byte for byte.

use crate::common::{Hermetic, run_short_form, stderr_of, stdout_of};
use crate::server::{Ec2TestServer, Reply};

fn answer(xml: &str) -> String {
    let server = Ec2TestServer::start();
    server.script([Reply::Raw { status: 200, content_type: "text/xml;charset=UTF-8".into(), body: xml.into() }]);
    let output = run_short_form(&Hermetic::new(), &server.url, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    stdout_of(&output)
}

/// An EC2 answer, and what aws-cli 1.46.3 prints for it.
#[test]
fn json_is_byte_identical_to_the_aws_cli() {
    let xml = r#"<CreateClientVpnEndpointResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
    <requestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</requestId>
    <clientVpnEndpointId>cvpn-endpoint-123456789123abcde</clientVpnEndpointId>
    <status><code>pending-associate</code><message>Waiting for target network association</message></status>
    <dnsName>cvpn-endpoint-123456789123abcde.prod.clientvpn.us-east-1.amazonaws.com</dnsName>
</CreateClientVpnEndpointResponse>"#;
    assert_eq!(
        answer(xml),
        r#"{
    "ClientVpnEndpointId": "cvpn-endpoint-123456789123abcde",
    "Status": {
        "Code": "pending-associate",
        "Message": "Waiting for target network association"
    },
    "DnsName": "cvpn-endpoint-123456789123abcde.prod.clientvpn.us-east-1.amazonaws.com"
}
"#
    );
}

/// The official API reference sample: elements in another order, no message, and an unknown
/// element that is dropped.
#[test]
fn members_print_in_model_order_whatever_the_xml_order() {
    let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<CreateClientVpnEndpointResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
    <requestId>c11b2aa2-c48d-4711-a394-43cbe8961c46</requestId>
    <dnsName>cvpn-endpoint-00c5d11fc4729f2a5.prod.clientvpn.us-east-1.amazonaws.com</dnsName>
    <futureMember>ignored</futureMember>
    <status>
        <code>pending-associate</code>
    </status>
    <clientVpnEndpointId>cvpn-endpoint-00c5d11fc4729f2a5</clientVpnEndpointId>
</CreateClientVpnEndpointResponse>"#;
    assert_eq!(
        answer(xml),
        "{\n    \"ClientVpnEndpointId\": \"cvpn-endpoint-00c5d11fc4729f2a5\",\n    \"Status\": {\n        \"Code\": \"pending-associate\"\n    },\n    \"DnsName\": \"cvpn-endpoint-00c5d11fc4729f2a5.prod.clientvpn.us-east-1.amazonaws.com\"\n}\n"
    );
}

#[test]
fn non_ascii_is_printed_as_is() {
    let xml = r#"<CreateClientVpnEndpointResponse><clientVpnEndpointId>cvpn-endpoint-0abc</clientVpnEndpointId><status><code>available</code><message>Méssäge ✓ &amp; &lt;tag&gt;</message></status><dnsName>d.example</dnsName></CreateClientVpnEndpointResponse>"#;
    assert!(answer(xml).contains("\"Message\": \"Méssäge ✓ & <tag>\""));
}

#[test]
fn the_default_server_answer_round_trips() {
    let server = Ec2TestServer::start();
    let output = run_short_form(&Hermetic::new(), &server.url, &["--client-token", "t-1"]);
    let printed: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let id = printed["ClientVpnEndpointId"].as_str().unwrap();
    assert!(id.starts_with("cvpn-endpoint-") && id.len() == "cvpn-endpoint-".len() + 17, "{id}");
    assert_eq!(printed["Status"]["Code"], "pending-associate");
    assert_eq!(printed["DnsName"], format!("{id}.prod.clientvpn.us-east-1.amazonaws.com"));
}
