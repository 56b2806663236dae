//! The certificates of one VPN, made in-process: a private CA, the server certificate Client VPN
//! needs and a certificate per client, RSA 2048 (Client VPN takes RSA 1024 and 2048 only: AWS
//! Client VPN administrator guide, "Mutual authentication"). `store.rs` keeps them on disk.

pub mod brought_ca;
pub mod check;
pub mod easyrsa;
pub mod pem;
pub mod revocation;
pub mod secret_document;
pub mod signing_request;
pub mod status;
pub mod store;

use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose, PKCS_RSA_SHA256, RsaKeySize, SanType, SerialNumber,
};
use time::{Duration, OffsetDateTime};

/// A certificate and its private key, both PEM.
#[derive(Clone)]
pub struct Identity {
    pub certificate_pem: String,
    pub key_pem: String,
}

impl std::fmt::Debug for Identity {
    /// The key never reaches a log or a terminal.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Identity")
            .field("certificate_pem", &self.certificate_pem)
            .field("key_pem", &"<redacted>")
            .finish()
    }
}

/// What a certificate is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// The endpoint's: a DNS name in CN and SAN, EKU serverAuth.
    Server { dns_name: String },
    /// A person's: CN the user, EKU clientAuth.
    Client { user: String },
}

/// How long each certificate is valid, in days.
pub const CA_DAYS: i64 = 3650;
pub const SERVER_DAYS: i64 = 825;
pub const CLIENT_DAYS: i64 = 825;

#[derive(Debug)]
pub struct PkiError(pub String);

impl std::fmt::Display for PkiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn failed(what: &str) -> impl Fn(rcgen::Error) -> PkiError + '_ {
    move |error| PkiError(format!("{what}: {error}"))
}

/// A certificate time as ISO 8601 in UTC (`2026-11-29T08:00:00Z`), as certificate listings show it.
pub fn utc_timestamp(epoch_seconds: i64) -> Option<String> {
    let at = OffsetDateTime::from_unix_timestamp(epoch_seconds).ok()?;
    let (date, clock) = (at.date(), at.time());
    Some(format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        date.year(),
        u8::from(date.month()),
        date.day(),
        clock.hour(),
        clock.minute(),
        clock.second()
    ))
}

/// The server certificate's DNS name for a VPN: a multi-label name ACM records as the domain
/// (a single word, or one with `_`, gets no domain and Client VPN refuses the certificate).
pub fn server_dns_name(vpn: &str) -> String {
    let label: String = vpn
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
        .collect::<String>()
        .trim_matches('-')
        .chars()
        .take(63)
        .collect();
    let label = if label.is_empty() { "vpn".to_owned() } else { label };
    format!("server.{label}.cvpn.internal")
}

/// The CA's subject: `CN=cvpn <vpn> CA`.
fn ca_name(vpn: &str) -> DistinguishedName {
    let mut name = DistinguishedName::new();
    name.push(DnType::CommonName, format!("cvpn {vpn} CA"));
    name
}

fn ca_params(vpn: &str, now: OffsetDateTime) -> CertificateParams {
    let mut params = CertificateParams::default();
    params.distinguished_name = ca_name(vpn);
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign, KeyUsagePurpose::DigitalSignature];
    params.not_before = now - Duration::hours(1);
    params.not_after = now + Duration::days(CA_DAYS);
    params
}

/// A positive random serial of 16 bytes.
fn serial() -> SerialNumber {
    let mut bytes = *uuid::Uuid::new_v4().as_bytes();
    bytes[0] &= 0x7f;
    bytes[0] |= 0x01;
    SerialNumber::from_slice(&bytes)
}

/// The key given (a key kept from an interrupted run), or a new RSA 2048 key.
fn rsa_key(existing: Option<&str>) -> Result<KeyPair, PkiError> {
    match existing {
        Some(pem) => KeyPair::from_pem(pem).map_err(failed("reading the kept key")),
        None => {
            KeyPair::generate_rsa_for(&PKCS_RSA_SHA256, RsaKeySize::_2048).map_err(failed("generating an RSA 2048 key"))
        }
    }
}

/// A new private CA for `vpn`.
pub fn new_ca(vpn: &str) -> Result<Identity, PkiError> {
    new_ca_for_key(vpn, None)
}

/// A new private CA for `vpn`, for this key when one is kept.
pub fn new_ca_for_key(vpn: &str, existing_key: Option<&str>) -> Result<Identity, PkiError> {
    let key = rsa_key(existing_key)?;
    let mut params = ca_params(vpn, OffsetDateTime::now_utc());
    params.serial_number = Some(serial());
    let certificate = params.self_signed(&key).map_err(failed("signing the CA certificate"))?;
    Ok(Identity { certificate_pem: certificate.pem(), key_pem: key.serialize_pem() })
}

/// `ca` as the signer of what it issues (certificates, revocation lists).
/// Its name, key usages and key identifier are read from its certificate, so that what it
/// signs chains to it whoever made it (cvpn, or easy-rsa for a VPN `cvpn adopt` brought in).
fn ca_issuer(ca: &Identity, vpn: &str, now: OffsetDateTime) -> Result<Issuer<'static, KeyPair>, PkiError> {
    let ca_key = || KeyPair::from_pem(&ca.key_pem).map_err(failed("reading the CA key"));
    match Issuer::from_ca_cert_pem(&ca.certificate_pem, ca_key()?) {
        Ok(issuer) => Ok(issuer),
        Err(_) => Ok(Issuer::new(ca_params(vpn, now), ca_key()?)),
    }
}

/// How what `ca` signs names its key: the CA certificate's subject key identifier when it has
/// one (OpenSSL, and so easy-rsa, uses a SHA-1 one), else SHA-256 as cvpn's CAs do.
fn ca_key_identifier(ca: &Identity) -> rcgen::KeyIdMethod {
    use x509_parser::extensions::ParsedExtension;
    let from_certificate = x509_parser::pem::parse_x509_pem(ca.certificate_pem.as_bytes()).ok().and_then(|(_, pem)| {
        let certificate = pem.parse_x509().ok()?;
        certificate.extensions().iter().find_map(|extension| match extension.parsed_extension() {
            ParsedExtension::SubjectKeyIdentifier(identifier) => Some(identifier.0.to_vec()),
            _ => None,
        })
    });
    from_certificate.map_or(rcgen::KeyIdMethod::Sha256, rcgen::KeyIdMethod::PreSpecified)
}

/// A certificate for `role`, signed by `ca` (the CA of `vpn`), valid for `days`.
pub fn issue(ca: &Identity, vpn: &str, role: &Role, days: i64) -> Result<Identity, PkiError> {
    issue_for_key(ca, vpn, role, days, None)
}

/// The same, for this key when one is kept.
pub fn issue_for_key(
    ca: &Identity,
    vpn: &str,
    role: &Role,
    days: i64,
    existing_key: Option<&str>,
) -> Result<Identity, PkiError> {
    let now = OffsetDateTime::now_utc();
    let issuer = ca_issuer(ca, vpn, now)?;
    let key = rsa_key(existing_key)?;
    let params = leaf_params(role, days, now)?;
    let certificate = params.signed_by(&key, &issuer).map_err(failed("signing the certificate"))?;
    Ok(Identity { certificate_pem: certificate.pem(), key_pem: key.serialize_pem() })
}

/// A client certificate for `user` on the key of a signing request (`public_key_der`, its
/// SubjectPublicKeyInfo), signed by `ca`, valid for `days`: the key never leaves its owner.
pub fn issue_for_public_key(
    ca: &Identity,
    vpn: &str,
    user: &str,
    public_key_der: &[u8],
    days: i64,
) -> Result<String, PkiError> {
    let now = OffsetDateTime::now_utc();
    let issuer = ca_issuer(ca, vpn, now)?;
    let public_key =
        rcgen::SubjectPublicKeyInfo::from_der(public_key_der).map_err(failed("reading the request's key"))?;
    let params = leaf_params(&Role::Client { user: user.to_owned() }, days, now)?;
    let certificate = params.signed_by(&public_key, &issuer).map_err(failed("signing the certificate"))?;
    Ok(certificate.pem())
}

/// What a certificate for `role` says: its name, usages and validity.
fn leaf_params(role: &Role, days: i64, now: OffsetDateTime) -> Result<CertificateParams, PkiError> {
    let mut params = CertificateParams::default();
    params.serial_number = Some(serial());
    params.not_before = now - Duration::hours(1);
    params.not_after = now + Duration::days(days);
    params.use_authority_key_identifier_extension = true;
    let mut name = DistinguishedName::new();
    match role {
        Role::Server { dns_name } => {
            name.push(DnType::CommonName, dns_name.as_str());
            let san = dns_name.clone().try_into().map_err(failed("the server's DNS name"))?;
            params.subject_alt_names = vec![SanType::DnsName(san)];
            params.key_usages = vec![KeyUsagePurpose::DigitalSignature, KeyUsagePurpose::KeyEncipherment];
            params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        }
        Role::Client { user } => {
            name.push(DnType::CommonName, user.as_str());
            params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
            params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
        }
    }
    params.distinguished_name = name;
    Ok(params)
}

#[cfg(test)]
mod tests {
    use super::*;
    use x509_parser::prelude::*;

    fn parsed(pem: &str) -> Vec<u8> {
        let (_, pem) = x509_parser::pem::parse_x509_pem(pem.as_bytes()).unwrap();
        pem.contents
    }

    #[test]
    fn the_server_name_is_multi_label_without_underscores() {
        assert_eq!(server_dns_name("office"), "server.office.cvpn.internal");
        assert_eq!(server_dns_name("Team_VPN 2"), "server.team-vpn-2.cvpn.internal");
        assert_eq!(server_dns_name("__"), "server.vpn.cvpn.internal");
    }

    #[test]
    fn a_ca_a_server_and_a_client_as_client_vpn_needs_them() {
        let started = std::time::Instant::now();
        let ca = new_ca("office").unwrap();
        let dns = server_dns_name("office");
        let server = issue(&ca, "office", &Role::Server { dns_name: dns.clone() }, SERVER_DAYS).unwrap();
        let client = issue(&ca, "office", &Role::Client { user: "alice".into() }, CLIENT_DAYS).unwrap();
        eprintln!("CA + server + client: {:?}", started.elapsed());
        let ca_der = parsed(&ca.certificate_pem);
        let (_, ca_cert) = X509Certificate::from_der(&ca_der).unwrap();
        assert!(ca_cert.is_ca());
        assert_eq!(ca_cert.subject().to_string(), "CN=cvpn office CA");

        let server_der = parsed(&server.certificate_pem);
        let (_, server_cert) = X509Certificate::from_der(&server_der).unwrap();
        assert_eq!(server_cert.subject().to_string(), format!("CN={dns}"));
        assert_eq!(server_cert.issuer(), ca_cert.subject());
        server_cert.verify_signature(Some(ca_cert.public_key())).expect("signed by the CA");
        let san = server_cert.subject_alternative_name().unwrap().unwrap();
        assert_eq!(san.value.general_names, vec![GeneralName::DNSName(&dns)]);
        let eku = server_cert.extended_key_usage().unwrap().unwrap();
        assert!(eku.value.server_auth && !eku.value.client_auth);
        match server_cert.public_key().parsed().unwrap() {
            x509_parser::public_key::PublicKey::RSA(rsa) => assert_eq!(rsa.key_size(), 2048),
            other => panic!("not RSA: {other:?}"),
        }
        assert!(server_cert.validity().is_valid());

        let client_der = parsed(&client.certificate_pem);
        let (_, client_cert) = X509Certificate::from_der(&client_der).unwrap();
        assert_eq!(client_cert.subject().to_string(), "CN=alice");
        client_cert.verify_signature(Some(ca_cert.public_key())).expect("signed by the CA");
        let eku = client_cert.extended_key_usage().unwrap().unwrap();
        assert!(eku.value.client_auth && !eku.value.server_auth);
        assert_ne!(server_cert.raw_serial(), client_cert.raw_serial());
        assert!(client.key_pem.starts_with("-----BEGIN PRIVATE KEY-----"));
        assert!(!format!("{client:?}").contains("PRIVATE KEY"), "Debug never shows a key");
    }
}
