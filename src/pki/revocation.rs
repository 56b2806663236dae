//! Revoking a VPN's users: the record of who is revoked (`revoked.json` in the VPN's directory,
//! by certificate serial, since a revocation list names serials) and the certificate revocation
//! list the CA signs over all of them. Client VPN's import replaces the list it holds, so every
//! list names every revoked serial (AWS Client VPN administrator guide, "Client certificate
//! revocation lists").

use rcgen::{CertificateRevocationListParams, RevocationReason, RevokedCertParams, SerialNumber};
use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

use super::{Identity, PkiError};

/// How long a revocation list is valid by default: an expired list stops every client from
/// connecting (AWS Client VPN administrator guide, Troubleshooting, "Client software returns TLS
/// error"), so lists are signed for ten years, as DataBiosphere/azul#4871 settled on, and signed
/// again on every change.
pub const CRL_DAYS: i64 = 3650;

/// One revoked certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revoked {
    pub user: String,
    /// The certificate's serial, lowercase hex without separators.
    pub serial: String,
    /// Seconds since the epoch.
    pub revoked_at: i64,
    /// Whether the endpoint has a list that names it.
    pub imported: bool,
}

/// A serial as cvpn records it: the DER integer's bytes, lowercase hex.
pub fn serial_hex(raw: &[u8]) -> String {
    raw.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// The serial of a PEM certificate, lowercase hex.
pub fn serial_of(certificate_pem: &str) -> Result<String, PkiError> {
    let (_, pem) = x509_parser::pem::parse_x509_pem(certificate_pem.as_bytes())
        .map_err(|error| PkiError(format!("not a PEM certificate: {error}")))?;
    let certificate = pem.parse_x509().map_err(|error| PkiError(format!("not an X.509 certificate: {error}")))?;
    Ok(serial_hex(certificate.raw_serial()))
}

/// What `cvpn user list` shows of a user's certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserCertificate {
    pub user: String,
    pub serial: String,
    /// Seconds since the epoch.
    pub not_after: i64,
    /// When a renewal set it aside (seconds since the epoch); `None` for the user's current one.
    pub set_aside: Option<u64>,
}

/// The serial and expiry of a PEM certificate.
pub fn certificate_facts(user: &str, certificate_pem: &str) -> Result<UserCertificate, PkiError> {
    let (_, pem) = x509_parser::pem::parse_x509_pem(certificate_pem.as_bytes())
        .map_err(|error| PkiError(format!("{user}: not a PEM certificate: {error}")))?;
    let certificate =
        pem.parse_x509().map_err(|error| PkiError(format!("{user}: not an X.509 certificate: {error}")))?;
    Ok(UserCertificate {
        user: user.to_owned(),
        serial: serial_hex(certificate.raw_serial()),
        not_after: certificate.validity().not_after.timestamp(),
        set_aside: None,
    })
}

/// Days before expiry from which a certificate is shown as expiring.
pub const EXPIRING_DAYS: i64 = 30;

/// A certificate's state at `now`: revoked, expired, replaced (set aside by a renewal, still
/// valid: it still connects until it is revoked), expiring (within `EXPIRING_DAYS`) or valid.
pub fn state_of(certificate: &UserCertificate, revoked: &[Revoked], now: i64) -> &'static str {
    if revoked.iter().any(|entry| entry.serial == certificate.serial) {
        "revoked"
    } else if certificate.not_after <= now {
        "expired"
    } else if certificate.set_aside.is_some() {
        "replaced"
    } else if certificate.not_after <= now + EXPIRING_DAYS * 86_400 {
        "expiring"
    } else {
        "valid"
    }
}

fn serial_bytes(hex: &str) -> Result<Vec<u8>, PkiError> {
    if hex.is_empty() || !hex.len().is_multiple_of(2) {
        return Err(PkiError(format!("serial {hex:?} is not hexadecimal bytes")));
    }
    (0..hex.len())
        .step_by(2)
        .map(|at| {
            u8::from_str_radix(&hex[at..at + 2], 16).map_err(|_| PkiError(format!("serial {hex:?} is not hexadecimal")))
        })
        .collect()
}

/// The revocation list of `vpn`'s CA naming every certificate in `revoked`, valid `days` from
/// `now`; `number` orders it after the lists before it.
pub fn revocation_list(
    ca: &Identity,
    vpn: &str,
    revoked: &[Revoked],
    now: OffsetDateTime,
    days: i64,
    number: u64,
) -> Result<String, PkiError> {
    let issuer = super::ca_issuer(ca, vpn, now)?;
    let revoked_certs = revoked
        .iter()
        .map(|entry| {
            Ok(RevokedCertParams {
                serial_number: SerialNumber::from_slice(&serial_bytes(&entry.serial)?),
                revocation_time: OffsetDateTime::from_unix_timestamp(entry.revoked_at).unwrap_or(now),
                reason_code: Some(RevocationReason::CessationOfOperation),
                invalidity_date: None,
            })
        })
        .collect::<Result<Vec<_>, PkiError>>()?;
    let params = CertificateRevocationListParams {
        this_update: now,
        next_update: now + Duration::days(days),
        crl_number: SerialNumber::from_slice(&number.to_be_bytes()),
        issuing_distribution_point: None,
        revoked_certs,
        key_identifier_method: super::ca_key_identifier(ca),
    };
    let list = params.signed_by(&issuer).map_err(|error| PkiError(format!("signing the revocation list: {error}")))?;
    list.pem().map_err(|error| PkiError(format!("the revocation list as PEM: {error}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pki::{CLIENT_DAYS, Role, issue, new_ca};
    use x509_parser::prelude::*;

    #[test]
    fn the_list_names_every_revoked_serial_and_verifies_against_the_ca() {
        let ca = new_ca("office").unwrap();
        let bob = issue(&ca, "office", &Role::Client { user: "bob".into() }, CLIENT_DAYS).unwrap();
        let carol = issue(&ca, "office", &Role::Client { user: "carol".into() }, CLIENT_DAYS).unwrap();
        let now = OffsetDateTime::now_utc();
        let revoked: Vec<Revoked> = [("bob", &bob), ("carol", &carol)]
            .iter()
            .map(|(user, identity)| Revoked {
                user: (*user).into(),
                serial: serial_of(&identity.certificate_pem).unwrap(),
                revoked_at: now.unix_timestamp(),
                imported: false,
            })
            .collect();
        let pem = revocation_list(&ca, "office", &revoked, now, CRL_DAYS, 7).unwrap();
        assert!(pem.starts_with("-----BEGIN X509 CRL-----"), "{pem}");
        let (_, block) = x509_parser::pem::parse_x509_pem(pem.as_bytes()).unwrap();
        let (_, crl) = CertificateRevocationList::from_der(&block.contents).unwrap();
        let listed: Vec<String> = crl.iter_revoked_certificates().map(|entry| serial_hex(entry.raw_serial())).collect();
        assert_eq!(listed, [revoked[0].serial.clone(), revoked[1].serial.clone()]);
        let next = crl.next_update().expect("a next update").timestamp();
        assert!((next - now.unix_timestamp() - CRL_DAYS * 86_400).abs() < 5);
        let (_, ca_block) = x509_parser::pem::parse_x509_pem(ca.certificate_pem.as_bytes()).unwrap();
        let ca_certificate = ca_block.parse_x509().unwrap();
        assert_eq!(crl.issuer(), ca_certificate.subject());
        assert!(serial_bytes("0g").is_err() && serial_bytes("abc").is_err());
    }

    #[test]
    fn a_certificate_is_revoked_expired_expiring_or_valid() {
        let ca = new_ca("office").unwrap();
        let bob = issue(&ca, "office", &Role::Client { user: "bob".into() }, 10).unwrap();
        let facts = certificate_facts("bob", &bob.certificate_pem).unwrap();
        assert_eq!(facts.serial, serial_of(&bob.certificate_pem).unwrap());
        let now = OffsetDateTime::now_utc().unix_timestamp();
        assert_eq!(state_of(&facts, &[], now), "expiring");
        assert_eq!(state_of(&facts, &[], now - 40 * 86_400), "valid");
        assert_eq!(state_of(&facts, &[], now + 11 * 86_400), "expired");
        let revoked = Revoked { user: "bob".into(), serial: facts.serial.clone(), revoked_at: now, imported: true };
        assert_eq!(state_of(&facts, &[revoked], now - 40 * 86_400), "revoked");
        let replaced = UserCertificate { set_aside: Some(1), ..facts.clone() };
        assert_eq!(state_of(&replaced, &[], now - 40 * 86_400), "replaced");
        assert_eq!(state_of(&replaced, &[], now + 11 * 86_400), "expired");
        assert!(certificate_facts("x", "not a certificate").is_err());
    }
}
