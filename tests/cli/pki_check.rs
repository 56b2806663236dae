//! `cvpn pki check` on a matrix of certificates made here (each mistake people make with easy-rsa,
//! a corporate CA or ACM), as PEM files and imported into the local ACM; and
//! `cvpn create --check-certificates`, which asks ACM before it sends the create.

use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose, PKCS_ECDSA_P256_SHA256, PKCS_RSA_SHA256, RsaKeySize, SanType,
};
use time::{Duration, OffsetDateTime};

use crate::common::{Hermetic, stderr_of, stdout_of};
use crate::server::Ec2TestServer;

fn rsa(bits: RsaKeySize) -> KeyPair {
    KeyPair::generate_rsa_for(&PKCS_RSA_SHA256, bits).unwrap()
}

/// A CA of the given key, and its certificate's PEM.
fn authority(key: KeyPair) -> (Issuer<'static, KeyPair>, String) {
    let mut params = CertificateParams::default();
    params.distinguished_name = DistinguishedName::new();
    params.distinguished_name.push(DnType::CommonName, "Test CA");
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    let pem = params.self_signed(&key).unwrap().pem();
    (Issuer::new(params, key), pem)
}

/// A server certificate as easy-rsa's build-server-full makes it, then `change`d.
fn server_certificate(
    issuer: &Issuer<'_, KeyPair>,
    key: &KeyPair,
    change: impl FnOnce(&mut CertificateParams),
) -> String {
    let mut params = CertificateParams::default();
    params.distinguished_name = DistinguishedName::new();
    params.distinguished_name.push(DnType::CommonName, "server.example.internal");
    params.subject_alt_names = vec![SanType::DnsName("server.example.internal".try_into().unwrap())];
    params.key_usages = vec![KeyUsagePurpose::DigitalSignature, KeyUsagePurpose::KeyEncipherment];
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    let now = OffsetDateTime::now_utc();
    params.not_before = now - Duration::days(1);
    params.not_after = now + Duration::days(365);
    change(&mut params);
    params.signed_by(key, issuer).unwrap().pem()
}

/// One case of the matrix: the files, and the words its one problem must have (None: usable).
struct Case {
    name: &'static str,
    certificate: String,
    key: String,
    chain: String,
    /// What a local check says, and what a check of the same certificate in ACM says.
    local: Option<&'static str>,
    acm: Option<&'static str>,
}

fn matrix() -> Vec<Case> {
    let (rsa_ca, rsa_ca_pem) = authority(rsa(RsaKeySize::_2048));
    let (ec_ca, ec_ca_pem) = authority(KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256).unwrap());
    let key = rsa(RsaKeySize::_2048);
    let case = |name, change: &dyn Fn(&mut CertificateParams), local, acm| Case {
        name,
        certificate: server_certificate(&rsa_ca, &key, change),
        key: key.serialize_pem(),
        chain: rsa_ca_pem.clone(),
        local,
        acm,
    };
    let no_san = |cn: &'static str| {
        move |params: &mut CertificateParams| {
            params.distinguished_name = DistinguishedName::new();
            params.distinguished_name.push(DnType::CommonName, cn);
            params.subject_alt_names.clear();
        }
    };
    let mut cases = vec![
        case("good", &|_| {}, None, None),
        case(
            "cn-server-without-san",
            &no_san("server"),
            Some("its CN `server` is not a host name of two or more labels"),
            Some("ACM gives it no domain (its subject is CN=server)"),
        ),
        case(
            "underscore",
            &no_san("vpn_server.staging.example.com"),
            Some("its CN `vpn_server.staging.example.com` has `_`"),
            Some("ACM gives it no domain (its subject is CN=vpn_server.staging.example.com)"),
        ),
        case(
            "no-server-auth",
            &|params| params.extended_key_usages.clear(),
            Some("lacks the extended key usage serverAuth"),
            Some("lacks the extended key usage serverAuth"),
        ),
        case(
            "expired",
            &|params| {
                let now = OffsetDateTime::now_utc();
                params.not_before = now - Duration::days(400);
                params.not_after = now - Duration::days(2);
            },
            Some("it expired on"),
            Some("its status is EXPIRED, not ISSUED"),
        ),
    ];
    let big = rsa(RsaKeySize::_4096);
    cases.push(Case {
        name: "rsa-4096",
        certificate: server_certificate(&rsa_ca, &big, |_| {}),
        key: big.serialize_pem(),
        chain: rsa_ca_pem.clone(),
        local: Some("its key is RSA 4096; Client VPN takes RSA 1024 or 2048 bit keys only"),
        acm: Some("its key is RSA-4096; Client VPN takes RSA 1024 or 2048 bit keys only"),
    });
    let ec = KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256).unwrap();
    cases.push(Case {
        name: "ec-p256",
        certificate: server_certificate(&ec_ca, &ec, |_| {}),
        key: ec.serialize_pem(),
        chain: ec_ca_pem.clone(),
        local: Some("its key is EC P-256; Client VPN takes RSA 1024 or 2048 bit keys only"),
        acm: Some("its key is EC-prime256v1"),
    });
    // ACM refuses these two pairs at import; only a local check can see them.
    cases.push(Case {
        name: "key-mismatch",
        certificate: server_certificate(&rsa_ca, &key, |_| {}),
        key: rsa(RsaKeySize::_2048).serialize_pem(),
        chain: rsa_ca_pem.clone(),
        local: Some("is not its key, and ACM refuses the pair"),
        acm: None,
    });
    cases.push(Case {
        name: "chain-algorithm-mismatch",
        certificate: server_certificate(&ec_ca, &key, |_| {}),
        key: key.serialize_pem(),
        chain: ec_ca_pem,
        local: Some("has an EC key and it an RSA key"),
        acm: None,
    });
    cases
}

fn cvpn(env: &Hermetic, server: &Ec2TestServer, args: &[&str]) -> std::process::Output {
    let mut command = env.cvpn();
    command.arg("--endpoint-url").arg(&server.url).args(args);
    command.output().expect("run cvpn")
}

/// The one certificate a check reported on, and the exit code.
fn checked(output: &std::process::Output) -> (Option<i32>, serde_json::Value) {
    let report: serde_json::Value = serde_json::from_str(&stdout_of(output)).expect("a JSON report");
    let certificates = report["Certificates"].as_array().expect("Certificates").clone();
    assert_eq!(certificates.len(), 1, "{report:#}");
    (output.status.code(), certificates[0].clone())
}

fn assert_one_problem(case: &str, certificate: &serde_json::Value, expected: &str, stderr: &str) {
    let problems = certificate["Problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{case}: exactly its own problem: {certificate:#}");
    let problem = problems[0].as_str().unwrap();
    assert!(problem.contains(expected), "{case}: {problem}");
    assert_eq!(certificate["Usable"], false, "{case}");
    assert!(stderr.contains(problem), "{case}: the problem and its fix reach stderr: {stderr}");
}

#[test]
fn every_mistake_in_the_matrix_is_found_in_files_and_in_acm_each_with_its_own_message() {
    let server = Ec2TestServer::start();
    let env = Hermetic::new();
    let directory = env.home.path();
    for case in matrix() {
        // Local: the three files in an order of their own, sorted by their content.
        let file = |what: &str, text: &str| {
            let path = directory.join(format!("{}.{what}", case.name));
            std::fs::write(&path, text).unwrap();
            path.to_string_lossy().into_owned()
        };
        let (chain, key, certificate) =
            (file("ca", &case.chain), file("key", &case.key), file("crt", &case.certificate));
        let output = cvpn(&env, &server, &["pki", "check", &chain, &key, &certificate]);
        let (code, report) = checked(&output);
        assert_eq!(report["Certificate"], certificate.as_str(), "{}: the leaf, not the CA", case.name);
        assert_eq!(report["Role"], "server", "{}", case.name);
        match case.local {
            None => {
                assert_eq!(code, Some(0), "{}: {}", case.name, stderr_of(&output));
                assert_eq!(report["Usable"], true);
                assert_eq!(report["Problems"], serde_json::json!([]));
            }
            Some(expected) => {
                assert_eq!(code, Some(252), "{}", case.name);
                assert_one_problem(case.name, &report, expected, &stderr_of(&output));
            }
        }
        assert!(!stdout_of(&output).contains("PRIVATE KEY") && !stderr_of(&output).contains("PRIVATE KEY"));

        // ACM: the same certificate, as DescribeCertificate sees it.
        if case.local.is_some() && case.acm.is_none() {
            continue;
        }
        let arn = if case.name == "expired" {
            server.plant_certificate(&case.certificate, Some(&case.chain))
        } else {
            server.import_certificate(&case.certificate, &case.key, Some(&case.chain))
        };
        let sent = server.requests().len();
        let output = cvpn(&env, &server, &["pki", "check", &arn]);
        let (code, report) = checked(&output);
        assert_eq!(report["Certificate"], arn.as_str());
        let asked: Vec<String> = server.requests()[sent..].iter().map(|request| request.operation()).collect();
        assert_eq!(asked, ["DescribeCertificate"], "{}", case.name);
        match case.acm {
            None => assert_eq!(code, Some(0), "{}: {}", case.name, stderr_of(&output)),
            Some(expected) => {
                assert_eq!(code, Some(252), "{}", case.name);
                assert_one_problem(case.name, &report, expected, &stderr_of(&output));
            }
        }
    }
}

#[test]
fn client_certificates_keys_in_bundles_and_what_cannot_be_checked() {
    let server = Ec2TestServer::start();
    let env = Hermetic::new();
    let (ca, ca_pem) = authority(rsa(RsaKeySize::_2048));
    let key = rsa(RsaKeySize::_2048);
    let alice = server_certificate(&ca, &key, |params| {
        params.distinguished_name = DistinguishedName::new();
        params.distinguished_name.push(DnType::CommonName, "alice");
        params.subject_alt_names.clear();
        params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
        params.not_after = OffsetDateTime::now_utc() + Duration::days(10);
    });
    // One file holding the key, the certificate and the chain, as some tools write it.
    let bundle = env.home.path().join("alice.pem");
    std::fs::write(&bundle, format!("Bag Attributes\n{}{alice}{ca_pem}", key.serialize_pem())).unwrap();
    let bundle = bundle.to_string_lossy().into_owned();

    let output = cvpn(&env, &server, &["pki", "check", &bundle]);
    let (code, report) = checked(&output);
    assert_eq!(code, Some(0), "{}", stderr_of(&output));
    assert_eq!((report["Role"].as_str(), report["Subject"].as_str()), (Some("client"), Some("CN=alice")));
    assert!(report["Warnings"][0].as_str().unwrap().contains("it expires on"), "{report:#}");
    assert!(stderr_of(&output).contains("warning: ") && stderr_of(&output).contains("it expires on"));

    // --role server: the same certificate as an endpoint's.
    let output = cvpn(&env, &server, &["pki", "check", &bundle, "--role", "server", "--output", "text"]);
    assert_eq!(output.status.code(), Some(252));
    assert!(stdout_of(&output).starts_with("CERTIFICATES\t"), "{}", stdout_of(&output));
    assert!(stderr_of(&output).contains("(as server): it lacks the extended key usage serverAuth"));

    // Refused before anything runs: a file that is not there, an ARN that is not one, a bad role.
    for (args, expected) in [
        (vec!["pki", "check", "missing.crt"], "missing.crt: cannot be read"),
        (vec!["pki", "check", "arn:aws:acm:us-east-1:1:certificate/x"], "is not an ACM certificate ARN"),
        (vec!["pki", "check", &bundle, "--role", "ca"], "invalid value 'ca' for '--role <ROLE>'"),
        (vec!["pki", "check"], "FILE|ARN"),
    ] {
        let output = cvpn(&env, &server, &args);
        assert_eq!(output.status.code(), Some(252), "{args:?}");
        assert!(stderr_of(&output).contains(expected), "{args:?}: {}", stderr_of(&output));
    }
    // Files with nothing to check say so.
    let der = env.home.path().join("server.der");
    std::fs::write(&der, [0x30, 0x82, 0x01, 0x00]).unwrap();
    let ca_only = env.home.path().join("ca.crt");
    std::fs::write(&ca_only, &ca_pem).unwrap();
    for (path, expected) in
        [(&der, "holds no PEM block; ACM takes PEM only"), (&ca_only, "every certificate given is a CA's")]
    {
        let output = cvpn(&env, &server, &["pki", "check", &path.to_string_lossy()]);
        assert_eq!(output.status.code(), Some(252));
        assert!(stderr_of(&output).contains(expected), "{}", stderr_of(&output));
    }
    assert!(server.requests().is_empty(), "files are checked without a request");

    // ARNs: one of another region, one ACM does not hold.
    let elsewhere = "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-4000-a000-000000000009";
    let missing = "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-4000-a000-000000000009";
    let output = cvpn(&env, &server, &["pki", "check", elsewhere, missing]);
    assert_eq!(output.status.code(), Some(252));
    let stderr = stderr_of(&output);
    assert!(stderr.contains("it is in eu-west-1, and an endpoint in us-east-1 cannot use it"), "{stderr}");
    assert!(stderr.contains("ACM has no such certificate in us-east-1"), "{stderr}");
}

#[test]
fn create_checks_certificates_in_acm_only_when_asked() {
    let server = Ec2TestServer::start();
    let env = Hermetic::new();
    let cases = matrix();
    let good = &cases[0];
    let without_domain = &cases[1];
    let good_arn = server.import_certificate(&good.certificate, &good.key, Some(&good.chain));
    let bad_arn = server.import_certificate(&without_domain.certificate, &without_domain.key, Some(&good.chain));
    let create = |server_arn: &str, extra: &[&str]| {
        let mut command = crate::common::create(&env, &server.url, &["--client-cidr", "10.100.0.0/22"]);
        command.args(["--server-certificate-arn", server_arn]).args(extra);
        command.output().unwrap()
    };

    // Refused before EC2 hears of it, with the fix.
    let output = create(&bad_arn, &["--check-certificates"]);
    assert_eq!(output.status.code(), Some(252), "{}", stderr_of(&output));
    let stderr = stderr_of(&output);
    assert!(stderr.contains(&format!("--server-certificate-arn {bad_arn}: ACM gives it no domain")), "{stderr}");
    assert!(stderr.contains("easyrsa --san=DNS:") && stderr.contains("Nothing was sent to EC2."), "{stderr}");
    let asked: Vec<String> = server.requests().iter().map(|request| request.operation()).collect();
    assert_eq!(asked, ["DescribeCertificate"]);

    // A client root chain of another region is named by the flag it came in.
    let elsewhere = "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-4000-a000-000000000009";
    let output = create(&good_arn, &["--client-root-cert", elsewhere, "--check-certificates"]);
    assert_eq!(output.status.code(), Some(252), "{}", stderr_of(&output));
    assert!(stderr_of(&output).contains("is in eu-west-1, the endpoint in us-east-1"), "{}", stderr_of(&output));
    assert!(server.endpoints().is_empty());

    // A client root chain ACM holds as EXPIRED.
    let expired_case = cases.iter().find(|case| case.name == "expired").unwrap();
    let expired = server.plant_certificate(&expired_case.certificate, None);
    let output = create(&good_arn, &["--client-root-cert", &expired, "--check-certificates"]);
    assert_eq!(output.status.code(), Some(252), "{}", stderr_of(&output));
    let expected = format!("--authentication-options ClientRootCertificateChainArn={expired}: its status is EXPIRED");
    assert!(stderr_of(&output).contains(&expected), "{}", stderr_of(&output));
    assert!(server.endpoints().is_empty());

    // A usable certificate: asked about, then created.
    let sent = server.requests().len();
    let output = create(&good_arn, &["--check-certificates"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    let asked: Vec<String> = server.requests()[sent..].iter().map(|request| request.operation()).collect();
    assert_eq!(asked, ["DescribeCertificate", "CreateClientVpnEndpoint"]);

    // Without the flag create stays drop-in: the bad certificate goes to EC2 as aws would send it.
    let sent = server.requests().len();
    let _ = create(&bad_arn, &[]);
    let asked: Vec<String> = server.requests()[sent..].iter().map(|request| request.operation()).collect();
    assert_eq!(asked, ["CreateClientVpnEndpoint"]);
}
