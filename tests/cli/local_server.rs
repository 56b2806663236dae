//! The local AWS server's own contract, for what no cvpn command calls yet: ACM over JSON 1.1 by
//! `X-Amz-Target`, the seeded VPC and subnets, and each region kept apart. Raw HTTP, as an SDK
//! would send it.

use std::io::{Read, Write};
use std::net::TcpStream;

use base64::Engine;
use serde_json::{Value, json};

use crate::server::{Ec2TestServer, Reply, network};

/// POSTs `body` with these headers, signed (as far as the server looks) for `region`; the status
/// and the body of the answer.
fn post(server: &Ec2TestServer, region: &str, headers: &[(&str, &str)], body: &str) -> (u16, String) {
    let address = server.url.trim_start_matches("http://");
    let mut stream = TcpStream::connect(address).unwrap();
    let mut request = format!(
        "POST / HTTP/1.1\r\nHost: {address}\r\nAuthorization: AWS4-HMAC-SHA256 Credential=AKIDTEST/20261128/{region}/x/aws4_request, SignedHeaders=host, Signature=0\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    request.push_str(body);
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let status = answer.split_whitespace().nth(1).unwrap().parse().unwrap();
    let body = answer.split_once("\r\n\r\n").map(|(_, body)| body.to_owned()).unwrap_or_default();
    (status, body)
}

fn acm(server: &Ec2TestServer, region: &str, operation: &str, body: Value) -> (u16, Value) {
    let target = format!("CertificateManager.{operation}");
    let headers = [("X-Amz-Target", target.as_str()), ("Content-Type", "application/x-amz-json-1.1")];
    let (status, text) = post(server, region, &headers, &body.to_string());
    (status, serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text}")))
}

fn blob(text: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(text)
}

const PEM: &str = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
const KEY: &str = "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n";

/// A server certificate as `cvpn up` makes it, and its CA.
fn server_identity() -> (cvpn::pki::Identity, cvpn::pki::Identity) {
    use cvpn::pki::{Role, SERVER_DAYS, issue, new_ca, server_dns_name};
    let ca = new_ca("office").unwrap();
    let server = issue(&ca, "office", &Role::Server { dns_name: server_dns_name("office") }, SERVER_DAYS).unwrap();
    (ca, server)
}

/// A certificate with this CN and no SAN (as easy-rsa 3.2 builds `build-server-full server`).
fn without_san(common_name: &str) -> (String, String) {
    let key = rcgen::KeyPair::generate().unwrap();
    let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    params.distinguished_name.push(rcgen::DnType::CommonName, common_name);
    (params.self_signed(&key).unwrap().pem(), key.serialize_pem())
}

#[test]
fn acm_reads_the_domain_key_and_usages_out_of_the_certificate() {
    let server = Ec2TestServer::start();
    let (ca, identity) = server_identity();
    let import = json!({"Certificate": blob(&identity.certificate_pem), "PrivateKey": blob(&identity.key_pem),
        "CertificateChain": blob(&ca.certificate_pem)});
    let (status, imported) = acm(&server, "us-east-1", "ImportCertificate", import);
    assert_eq!(status, 200, "{imported}");
    let arn = imported["CertificateArn"].as_str().unwrap().to_owned();
    let (_, described) = acm(&server, "us-east-1", "DescribeCertificate", json!({"CertificateArn": arn}));
    let certificate = &described["Certificate"];
    assert_eq!(certificate["DomainName"], "server.office.cvpn.internal");
    assert_eq!(certificate["SubjectAlternativeNames"], json!(["server.office.cvpn.internal"]));
    assert_eq!(certificate["KeyAlgorithm"], "RSA-2048", "hyphenated, as DescribeCertificate spells it");
    assert_eq!(certificate["ExtendedKeyUsages"][0]["Name"], "TLS_WEB_SERVER_AUTHENTICATION");
    assert_eq!(certificate["Issuer"], "CN=cvpn office CA");
    assert!(certificate["NotAfter"].as_f64().unwrap() > certificate["NotBefore"].as_f64().unwrap());

    for (common_name, domain) in
        [("server", None), ("vpn_server.example.com", None), ("vpn.example.com", Some("vpn.example.com"))]
    {
        let (pem, key) = without_san(common_name);
        let (_, imported) = acm(
            &server,
            "us-east-1",
            "ImportCertificate",
            json!({"Certificate": blob(&pem), "PrivateKey": blob(&key)}),
        );
        let arn = imported["CertificateArn"].as_str().unwrap();
        let (_, described) = acm(&server, "us-east-1", "DescribeCertificate", json!({"CertificateArn": arn}));
        assert_eq!(described["Certificate"]["DomainName"].as_str(), domain, "CN {common_name}");
        assert_eq!(described["Certificate"]["KeyAlgorithm"], "EC-prime256v1");
    }
    let (_, listed) = acm(&server, "us-east-1", "ListCertificates", json!({}));
    assert_eq!(
        listed["CertificateSummaryList"].as_array().unwrap().len(),
        2,
        "only certificates with a domain: {listed}"
    );
    let two = format!("{}{}", identity.certificate_pem, ca.certificate_pem);
    let (status, refused) = acm(
        &server,
        "us-east-1",
        "ImportCertificate",
        json!({"Certificate": blob(&two), "PrivateKey": blob(&identity.key_pem)}),
    );
    assert_eq!(status, 400);
    assert!(refused["message"].as_str().unwrap().contains("more than one certificate"), "{refused}");
}

#[test]
fn an_endpoint_refuses_a_server_certificate_without_a_domain() {
    let server = Ec2TestServer::start();
    let (pem, key) = without_san("server");
    let (_, imported) =
        acm(&server, "us-east-1", "ImportCertificate", json!({"Certificate": blob(&pem), "PrivateKey": blob(&key)}));
    let arn = imported["CertificateArn"].as_str().unwrap().to_owned();
    let env = crate::common::Hermetic::new();
    let output = env
        .cvpn()
        .args(["create", "--endpoint-url", &server.url, "--client-cidr", "10.0.0.0/22", "--server-cert", &arn])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(254));
    let stderr = crate::common::stderr_of(&output);
    assert!(
        stderr.contains("(InvalidParameterValue)")
            && stderr.contains(&format!("Certificate {arn} does not have a domain")),
        "{stderr}"
    );
    assert!(server.endpoints().is_empty());
}

#[test]
fn acm_imports_describes_lists_and_deletes_per_region() {
    let server = Ec2TestServer::start();
    let (_, identity) = server_identity();
    let import = json!({"Certificate": blob(&identity.certificate_pem), "PrivateKey": blob(&identity.key_pem),
        "Tags": [{"Key": "cvpn", "Value": "office"}]});
    let (status, imported) = acm(&server, "eu-west-1", "ImportCertificate", import);
    assert_eq!(status, 200, "{imported}");
    let arn = imported["CertificateArn"].as_str().unwrap().to_owned();
    assert!(arn.starts_with("arn:aws:acm:eu-west-1:123456789012:certificate/"), "{arn}");
    assert_eq!(server.certificates()[0].certificate, identity.certificate_pem);
    assert_eq!(server.certificates()[0].tags, [("cvpn".to_owned(), "office".to_owned())]);

    let (_, described) = acm(&server, "eu-west-1", "DescribeCertificate", json!({"CertificateArn": arn}));
    assert_eq!(described["Certificate"]["Status"], "ISSUED");
    assert_eq!(described["Certificate"]["Type"], "IMPORTED");
    let (status, elsewhere) = acm(&server, "us-east-1", "DescribeCertificate", json!({"CertificateArn": arn}));
    assert_eq!((status, elsewhere["__type"].as_str()), (400, Some("ResourceNotFoundException")));
    let (_, listed) = acm(&server, "eu-west-1", "ListCertificates", json!({}));
    assert_eq!(listed["CertificateSummaryList"][0]["CertificateArn"], arn.as_str());

    let (status, _) = acm(&server, "eu-west-1", "DeleteCertificate", json!({"CertificateArn": arn}));
    assert_eq!(status, 200);
    assert!(server.certificates().is_empty());
}

#[test]
fn acm_refuses_what_acm_refuses_and_fails_on_demand() {
    let server = Ec2TestServer::start();
    let (status, answer) = acm(&server, "us-east-1", "ImportCertificate", json!({"Certificate": blob(PEM)}));
    assert_eq!((status, answer["__type"].as_str()), (400, Some("ValidationException")));
    let (_, answer) = acm(&server, "us-east-1", "RequestCertificate", json!({}));
    assert_eq!(answer["__type"], "UnknownOperationException");
    server.fail("ImportCertificate", [Reply::error(400, "LimitExceededException", "too many")]);
    let (status, answer) =
        acm(&server, "us-east-1", "ImportCertificate", json!({"Certificate": blob(PEM), "PrivateKey": blob(KEY)}));
    assert_eq!(
        (status, answer["__type"].as_str(), answer["message"].as_str()),
        (400, Some("LimitExceededException"), Some("too many"))
    );
    let (status, answer) =
        acm(&server, "us-east-1", "ImportCertificate", json!({"Certificate": blob(PEM), "PrivateKey": blob(KEY)}));
    assert_eq!(status, 400);
    assert!(answer["message"].as_str().unwrap().contains("Unable to parse certificate"), "{answer}");
}

#[test]
fn every_region_has_a_vpc_with_subnets_in_two_zones() {
    let server = Ec2TestServer::start();
    let form = "Action=DescribeSubnets&Version=2016-11-15";
    let (status, body) = post(&server, "eu-west-1", &[("Content-Type", "application/x-www-form-urlencoded")], form);
    assert_eq!(status, 200, "{body}");
    for (id, cidr, zone) in network::SUBNETS {
        assert!(body.contains(&format!("<subnetId>{id}</subnetId>")), "{body}");
        assert!(body.contains(&format!("<cidrBlock>{cidr}</cidrBlock>")), "{body}");
        assert!(body.contains(&format!("<availabilityZone>eu-west-1{zone}</availabilityZone>")), "{body}");
    }
    let form = "Action=DescribeVpcs&Version=2016-11-15&VpcId.1=vpc-0000000000000000f";
    let (status, body) = post(&server, "eu-west-1", &[("Content-Type", "application/x-www-form-urlencoded")], form);
    assert_eq!(status, 400);
    assert!(body.contains("<Code>InvalidVpcID.NotFound</Code>"), "{body}");
    let form = format!("Action=DescribeVpcs&Version=2016-11-15&VpcId.1={}", network::VPC_ID);
    let (_, body) = post(&server, "eu-west-1", &[("Content-Type", "application/x-www-form-urlencoded")], &form);
    assert!(body.contains(&format!("<cidrBlock>{}</cidrBlock>", network::VPC_CIDR)), "{body}");
}
