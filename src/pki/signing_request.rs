//! A certificate signing request a user made on their own machine (`openssl req -new -newkey
//! rsa:2048 -nodes …`), checked before cvpn signs it: a PEM `CERTIFICATE REQUEST` whose
//! signature verifies with its own key (so whoever made it holds the key), an RSA key of 1024 or
//! 2048 bits (Client VPN's rule for client certificates, AWS Client VPN administrator guide,
//! "Client authentication"), and a CN that is a user name cvpn accepts. Whatever extensions it
//! asks for, the certificate cvpn issues is a client certificate and nothing more.

use x509_parser::prelude::*;

/// A request that passed every check: the user it is for and its public key.
#[derive(Debug, Clone)]
pub struct SigningRequest {
    pub user: String,
    pub key_bits: usize,
    /// The request's SubjectPublicKeyInfo, DER.
    pub public_key_der: Vec<u8>,
}

/// The request in `pem`, checked; `user`, when given, must be its CN. The problem otherwise, in
/// words that name the rule.
pub fn read_request(pem: &str, user: Option<&str>) -> Result<SigningRequest, String> {
    let (_, block) = x509_parser::pem::parse_x509_pem(pem.as_bytes())
        .map_err(|_| "is not PEM: a signing request starts with -----BEGIN CERTIFICATE REQUEST-----".to_owned())?;
    if !block.label.ends_with("CERTIFICATE REQUEST") {
        return Err(format!("holds a {} block, not a CERTIFICATE REQUEST", block.label));
    }
    let (_, request) = X509CertificationRequest::from_der(&block.contents)
        .map_err(|error| format!("is not a readable certificate signing request ({error})"))?;
    request.verify_signature().map_err(|_| {
        "its signature does not verify with its own key: it was altered, or not made with that key".to_owned()
    })?;
    let info = &request.certification_request_info;
    let key_bits = match info.subject_pki.parsed() {
        Ok(x509_parser::public_key::PublicKey::RSA(rsa)) => rsa.key_size(),
        Ok(x509_parser::public_key::PublicKey::EC(_)) => {
            return Err("asks for an EC key; Client VPN takes RSA 1024 or 2048-bit client keys only (openssl req \
                        -new -newkey rsa:2048 -nodes …)"
                .to_owned());
        }
        _ => return Err("has a key Client VPN does not take: RSA 1024 or 2048 bits only".to_owned()),
    };
    if key_bits != 1024 && key_bits != 2048 {
        return Err(format!(
            "has an RSA key of {key_bits} bits; Client VPN takes RSA 1024 or 2048-bit client keys only"
        ));
    }
    let common_name = info.subject.iter_common_name().next().and_then(|cn| cn.as_str().ok()).unwrap_or_default();
    if common_name.is_empty() {
        return Err("has no CN: the CN names the user (openssl req … -subj /CN=USER)".to_owned());
    }
    crate::pki::store::check_user(common_name).map_err(|problem| format!("its CN {common_name:?}: {problem}"))?;
    if let Some(user) = user.filter(|user| *user != common_name) {
        return Err(format!("is for CN {common_name:?}, and --user is {user:?}: they must be the same"));
    }
    Ok(SigningRequest { user: common_name.to_owned(), key_bits, public_key_der: info.subject_pki.raw.to_vec() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rcgen::{
        CertificateParams, DistinguishedName, DnType, KeyPair, PKCS_ECDSA_P256_SHA256, PKCS_RSA_SHA256, RsaKeySize,
    };

    fn request(key: &KeyPair, common_name: &str) -> String {
        let mut params = CertificateParams::default();
        let mut name = DistinguishedName::new();
        name.push(DnType::CommonName, common_name);
        params.distinguished_name = name;
        params.serialize_request(key).unwrap().pem().unwrap()
    }

    fn rsa(size: RsaKeySize) -> KeyPair {
        KeyPair::generate_rsa_for(&PKCS_RSA_SHA256, size).unwrap()
    }

    #[test]
    fn a_request_is_signed_as_a_client_certificate_on_its_own_key() {
        let key = rsa(RsaKeySize::_2048);
        let checked = read_request(&request(&key, "bob"), None).unwrap();
        assert_eq!((checked.user.as_str(), checked.key_bits), ("bob", 2048));
        assert!(read_request(&request(&key, "bob"), Some("bob")).is_ok());
        let ca = crate::pki::new_ca("office").unwrap();
        let pem = crate::pki::issue_for_public_key(&ca, "office", "bob", &checked.public_key_der, 30).unwrap();
        let (_, block) = x509_parser::pem::parse_x509_pem(pem.as_bytes()).unwrap();
        let (_, certificate) = X509Certificate::from_der(&block.contents).unwrap();
        let (_, ca_block) = x509_parser::pem::parse_x509_pem(ca.certificate_pem.as_bytes()).unwrap();
        let (_, ca_certificate) = X509Certificate::from_der(&ca_block.contents).unwrap();
        certificate.verify_signature(Some(ca_certificate.public_key())).expect("signed by the CA");
        assert_eq!(certificate.subject().to_string(), "CN=bob");
        assert_eq!(certificate.public_key().raw, &checked.public_key_der[..], "the request's key, not a new one");
        let usage = certificate.extended_key_usage().unwrap().unwrap();
        assert!(usage.value.client_auth && !usage.value.server_auth);
    }

    #[test]
    fn requests_client_vpn_cannot_use_or_cvpn_cannot_trust_are_refused_with_the_rule() {
        let key = rsa(RsaKeySize::_2048);
        let problem = read_request(&request(&key, "bob"), Some("alice")).unwrap_err();
        assert!(problem.contains("CN \"bob\"") && problem.contains("--user is \"alice\""), "{problem}");
        let ec = KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256).unwrap();
        assert!(read_request(&request(&ec, "bob"), None).unwrap_err().contains("EC key"));
        let big = rsa(RsaKeySize::_4096);
        assert!(read_request(&request(&big, "bob"), None).unwrap_err().contains("4096 bits"));
        assert!(read_request(&request(&key, "bob smith!"), None).unwrap_err().contains("its CN"));
        // One byte of the signed part changed: the signature no longer verifies.
        let pem = request(&key, "bob");
        let (_, block) = x509_parser::pem::parse_x509_pem(pem.as_bytes()).unwrap();
        let mut der = block.contents.clone();
        let at = der.windows(3).position(|window| window == b"bob").unwrap();
        der[at] = b'r';
        let tampered = crate::pki::pem::pem_text("CERTIFICATE REQUEST", &der);
        let problem = read_request(&tampered, None).unwrap_err();
        assert!(problem.contains("signature does not verify"), "{problem}");
        assert!(read_request("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", None).is_err());
        assert!(read_request("not pem", None).unwrap_err().contains("not PEM"));
    }
}
