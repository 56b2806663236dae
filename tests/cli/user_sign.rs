//! `cvpn user sign`: a certificate for a signing request a user made on their own machine, so
//! that their key never reaches cvpn. The requests are made with rcgen here (and with openssl
//! where it is installed, as a user would); what cvpn signs is checked with x509-parser.

use rcgen::{
    CertificateParams, DistinguishedName, DnType, KeyPair, PKCS_ECDSA_P256_SHA256, PKCS_RSA_SHA256, PublicKeyData,
    RsaKeySize,
};
use x509_parser::prelude::*;

use crate::common::{Hermetic, stderr_of, stdout_of};
use crate::users::{cvpn, office_made_by_up};

fn rsa(size: RsaKeySize) -> KeyPair {
    KeyPair::generate_rsa_for(&PKCS_RSA_SHA256, size).unwrap()
}

/// A signing request for `common_name` on `key`, written to `HOME/NAME.csr`; its path.
fn request_file(env: &Hermetic, key: &KeyPair, common_name: &str, name: &str) -> String {
    let mut params = CertificateParams::default();
    let mut subject = DistinguishedName::new();
    subject.push(DnType::CommonName, common_name);
    params.distinguished_name = subject;
    let path = env.home.path().join(format!("{name}.csr"));
    std::fs::write(&path, params.serialize_request(key).unwrap().pem().unwrap()).unwrap();
    path.display().to_string()
}

fn parsed(pem: &[u8]) -> X509Certificate<'static> {
    let der = parse_x509_pem(pem).unwrap().1.contents;
    X509Certificate::from_der(Box::leak(der.into_boxed_slice())).unwrap().1
}

/// The PEM between `<tag>` and `</tag>`.
fn block<'a>(configuration: &'a str, tag: &str) -> &'a str {
    let start = configuration.find(&format!("<{tag}>\n")).unwrap() + tag.len() + 3;
    &configuration[start..configuration.find(&format!("</{tag}>")).unwrap()]
}

#[test]
fn a_signed_request_gets_a_client_certificate_on_its_own_key_and_the_ovpn_has_no_key() {
    let (server, env) = office_made_by_up();
    let key = rsa(RsaKeySize::_2048);
    let csr = request_file(&env, &key, "carol", "carol");

    let output = cvpn(&env, &server, &["user", "sign", "office", "--csr", &csr]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    let summary: serde_json::Value = serde_json::from_str(&stdout_of(&output)).unwrap();
    assert_eq!(
        (summary["User"].as_str(), summary["ConfigurationFile"].as_str(), summary["KeyBits"].as_u64()),
        (Some("carol"), Some("office-carol.ovpn"), Some(2048))
    );
    assert!(stderr_of(&output).contains("the key is its owner's to add"), "{}", stderr_of(&output));

    // The certificate: the VPN's CA signed it, on the request's key, for client authentication.
    let configuration = std::fs::read_to_string(env.home.path().join("office-carol.ovpn")).unwrap();
    let (ca, carol) =
        (parsed(block(&configuration, "ca").as_bytes()), parsed(block(&configuration, "cert").as_bytes()));
    carol.verify_signature(Some(ca.public_key())).expect("signed by the VPN's CA");
    assert_eq!(carol.subject().to_string(), "CN=carol");
    assert_eq!(carol.public_key().raw, &key.subject_public_key_info()[..], "the request's key, not one cvpn made");
    let usage = carol.extended_key_usage().unwrap().unwrap().value;
    assert!(usage.client_auth && !usage.server_auth);
    assert!(configuration.starts_with("# Written by cvpn for VPN office, user carol"), "{configuration}");
    assert!(!configuration.lines().any(|line| line == "<key>"), "no key block: {configuration}");
    assert!(configuration.contains("paste it here between a <key>"), "{configuration}");
    let clients = env.home.path().join(".local/share/cvpn/office/clients");
    assert!(clients.join("carol.crt").exists() && !clients.join("carol.key").exists(), "no key is kept");

    // user list and user revoke treat carol as any other user.
    let listed = cvpn(&env, &server, &["user", "list", "office"]);
    assert_eq!(listed.status.code(), Some(0), "{}", stderr_of(&listed));
    let users: serde_json::Value = serde_json::from_str(&stdout_of(&listed)).unwrap();
    let carol_row = users["Users"].as_array().unwrap().iter().find(|user| user["User"] == "carol").cloned();
    assert_eq!(carol_row.as_ref().and_then(|row| row["State"].as_str()), Some("valid"), "{users}");
    let revoked = cvpn(&env, &server, &["user", "revoke", "office", "carol"]);
    assert_eq!(revoked.status.code(), Some(0), "{}", stderr_of(&revoked));
    let (list, _) = server.revocation_list(&server.endpoints()[0].id).expect("a list was imported");
    let list_der = parse_x509_pem(list.as_bytes()).unwrap().1.contents;
    let (_, crl) = CertificateRevocationList::from_der(&list_der).unwrap();
    let serials: Vec<_> = crl.iter_revoked_certificates().map(|entry| entry.raw_serial().to_vec()).collect();
    assert!(serials.contains(&carol.raw_serial().to_vec()), "carol's serial is in the list");

    // A second request for carol is refused without --renew, nothing sent; with it, the old one
    // is kept beside the new.
    let sent = server.requests().len();
    let again = cvpn(&env, &server, &["user", "sign", "office", "--csr", &csr]);
    assert_eq!(again.status.code(), Some(252), "{}", stderr_of(&again));
    assert!(stderr_of(&again).contains("--renew"), "{}", stderr_of(&again));
    assert_eq!(server.requests().len(), sent);
    let renewed = cvpn(&env, &server, &["user", "sign", "office", "--csr", &csr, "--renew", "--user", "carol"]);
    assert_eq!(renewed.status.code(), Some(0), "{}", stderr_of(&renewed));
    let kept = std::fs::read_dir(&clients)
        .unwrap()
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.file_name().to_string_lossy().starts_with("carol.replaced-"));
    assert_eq!(kept.count(), 1, "the old certificate, and no key, set aside");
}

#[test]
fn requests_client_vpn_cannot_take_or_that_do_not_verify_are_refused_before_anything_is_sent() {
    let (server, env) = office_made_by_up();
    let rsa_2048 = rsa(RsaKeySize::_2048);
    let tampered = {
        let path = request_file(&env, &rsa_2048, "dave", "tampered");
        let pem = std::fs::read_to_string(&path).unwrap();
        let mut der = parse_x509_pem(pem.as_bytes()).unwrap().1.contents;
        let at = der.windows(4).position(|window| window == b"dave").unwrap();
        der[at] = b'e';
        use base64::Engine;
        let text = base64::engine::general_purpose::STANDARD.encode(&der);
        std::fs::write(
            &path,
            format!("-----BEGIN CERTIFICATE REQUEST-----\n{text}\n-----END CERTIFICATE REQUEST-----\n"),
        )
        .unwrap();
        path
    };
    let ec = request_file(&env, &KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256).unwrap(), "dave", "ec");
    let big = request_file(&env, &rsa(RsaKeySize::_4096), "dave", "big");
    let dave = request_file(&env, &rsa_2048, "dave", "dave");
    let not_a_request = env.home.path().join("office.ovpn").display().to_string();
    let sent = server.requests().len();
    for (args, says) in [
        (vec!["--csr", &ec], "EC key"),
        (vec!["--csr", &big], "RSA key of 4096 bits"),
        (vec!["--csr", &tampered], "signature does not verify"),
        (vec!["--csr", &dave, "--user", "erin"], "--user is \"erin\""),
        (vec!["--csr", &not_a_request], "--csr"),
        (vec!["--csr", "/nonexistent/dave.csr"], "cannot be read"),
    ] {
        let output = cvpn(&env, &server, &[&["user", "sign", "office"][..], &args].concat());
        assert_eq!(output.status.code(), Some(252), "{args:?}: {}", stderr_of(&output));
        let stderr = stderr_of(&output);
        assert!(stderr.contains(says) && stderr.contains("--csr"), "{args:?}: {stderr}");
    }
    assert_eq!(server.requests().len(), sent, "nothing was sent");
    assert!(!env.home.path().join(".local/share/cvpn/office/clients/dave.crt").exists());
    assert!(!env.home.path().join("office-dave.ovpn").exists());

    // A request from openssl, as the README tells a user to make it, is signed.
    let Ok(openssl) = std::process::Command::new("openssl")
        .current_dir(env.home.path())
        .args(["req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", "frank.key", "-subj", "/CN=frank"])
        .args(["-out", "frank.csr"])
        .output()
    else {
        eprintln!("openssl is not installed: its request was not tried");
        return;
    };
    assert!(openssl.status.success(), "{}", String::from_utf8_lossy(&openssl.stderr));
    let output = cvpn(&env, &server, &["user", "sign", "office", "--csr", "frank.csr", "--user", "frank", "-q"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    assert_eq!(stderr_of(&output), "", "-q prints no notes");
}
