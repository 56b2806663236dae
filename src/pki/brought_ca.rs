//! A CA made elsewhere (easy-rsa, openssl, another team's tool), brought in by `cvpn adopt`: its
//! certificate must be a CA's, its key must be the certificate's (compared by public half, the
//! key never used for that), and an encrypted key is opened with its passphrase (PKCS#8
//! `ENCRYPTED PRIVATE KEY`, as easy-rsa 3 writes it with OpenSSL 3). Also: whether that CA signed
//! a given certificate (the endpoint's server certificate and client root chain).

use x509_parser::prelude::*;

use super::Identity;
use super::pem::{Block, certificate_public_half, pem_text};

/// Why a CA cannot be brought in.
#[derive(Debug, PartialEq, Eq)]
pub enum CaProblem {
    /// The key is encrypted and no passphrase was given.
    NeedsPassphrase,
    /// Anything else, in words that name the rule.
    Refused(String),
}

fn refused(text: impl Into<String>) -> CaProblem {
    CaProblem::Refused(text.into())
}

/// The CA certificate in `certificate_text` (its first certificate) and its key in `key_text`,
/// opened with `passphrase` when it is encrypted; the key comes back as PKCS#8 PEM.
pub fn read_ca(certificate_text: &str, key_text: &str, passphrase: Option<&[u8]>) -> Result<Identity, CaProblem> {
    let (_, pem) = x509_parser::pem::parse_x509_pem(certificate_text.as_bytes())
        .map_err(|_| refused("the CA certificate is not PEM (-----BEGIN CERTIFICATE-----)"))?;
    if pem.label != "CERTIFICATE" {
        return Err(refused(format!("the CA certificate file holds a {} block, not a CERTIFICATE", pem.label)));
    }
    let certificate =
        pem.parse_x509().map_err(|error| refused(format!("the CA certificate does not parse: {error}")))?;
    if !certificate.is_ca() {
        return Err(refused(format!(
            "{} is not a CA certificate (no basicConstraints CA:TRUE): it cannot sign users",
            certificate.subject()
        )));
    }
    let key_der = key_der(key_text, passphrase)?;
    let key = rcgen::KeyPair::try_from(&key_der[..]).map_err(|_| {
        refused("the CA key cannot sign here: cvpn signs with RSA keys of 2048 bits or more, or EC P-256/P-384 keys")
    })?;
    let same = super::pem::blocks(key.serialize_pem().as_bytes()).ok().and_then(|blocks| match blocks.first() {
        Some(Block::PrivateKey(private)) => private.public_half(),
        _ => None,
    });
    if same != Some(certificate_public_half(&certificate)) {
        return Err(refused(format!("the key is not the key of the CA certificate {}", certificate.subject())));
    }
    let certificate_pem = pem_text("CERTIFICATE", &pem.contents);
    Ok(Identity { certificate_pem, key_pem: key.serialize_pem() })
}

/// An unencrypted key (PKCS#8 or PKCS#1) as PKCS#8 PEM, as cvpn keeps keys; `None` otherwise.
pub fn normal_key(key_text: &str) -> Option<String> {
    let der = key_der(key_text, None).ok()?;
    rcgen::KeyPair::try_from(&der[..]).ok().map(|key| key.serialize_pem())
}

/// The key's PKCS#8 DER: PKCS#8 as it is, PKCS#1 RSA wrapped, encrypted PKCS#8 opened.
fn key_der(key_text: &str, passphrase: Option<&[u8]>) -> Result<Vec<u8>, CaProblem> {
    if super::pem::has_encryption_header(key_text.as_bytes()) {
        return Err(refused(
            "the CA key is encrypted in OpenSSL's old format (Proc-Type: 4,ENCRYPTED); convert it with `openssl \
             pkcs8 -topk8 -in ca.key -out ca-pkcs8.key` and give that",
        ));
    }
    for pem in Pem::iter_from_buffer(key_text.as_bytes()) {
        let pem = pem.map_err(|_| refused("the CA key file is not PEM"))?;
        match pem.label.as_str() {
            "PRIVATE KEY" => return Ok(pem.contents),
            "RSA PRIVATE KEY" => return wrap_pkcs1(&pem.contents),
            "ENCRYPTED PRIVATE KEY" => {
                let passphrase = passphrase.ok_or(CaProblem::NeedsPassphrase)?;
                let encrypted = pkcs8::EncryptedPrivateKeyInfo::try_from(&pem.contents[..])
                    .map_err(|error| refused(format!("the encrypted CA key does not parse: {error}")))?;
                let opened = encrypted.decrypt(passphrase).map_err(|_| {
                    refused("the passphrase does not open the CA key (or its cipher is not one cvpn knows)")
                })?;
                return Ok(opened.as_bytes().to_vec());
            }
            "EC PRIVATE KEY" => {
                return Err(refused(
                    "the CA key is a SEC1 EC key; convert it with `openssl pkcs8 -topk8 -nocrypt -in ca.key -out \
                     ca-pkcs8.key` and give that",
                ));
            }
            _ => continue,
        }
    }
    Err(refused("the CA key file holds no private key"))
}

/// PKCS#1 RSAPrivateKey inside a PKCS#8 PrivateKeyInfo (RFC 5208), rsaEncryption with NULL.
fn wrap_pkcs1(pkcs1: &[u8]) -> Result<Vec<u8>, CaProblem> {
    use pkcs8::der::Encode;
    if !super::pem::is_pkcs1_rsa_key(pkcs1) {
        return Err(refused("the CA's RSA key does not parse"));
    }
    let algorithm = pkcs8::AlgorithmIdentifierRef {
        oid: pkcs8::ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1"),
        parameters: Some(pkcs8::der::asn1::AnyRef::NULL),
    };
    pkcs8::PrivateKeyInfo::new(algorithm, pkcs1).to_der().map_err(|error| refused(format!("the CA's RSA key: {error}")))
}

/// Whether `ca_pem` signed `certificate_pem` (a self-signed CA signed itself); the reason when
/// it did not, naming both.
pub fn check_signed_by(ca_pem: &str, certificate_pem: &str, what: &str) -> Result<(), String> {
    let (_, ca_block) = x509_parser::pem::parse_x509_pem(ca_pem.as_bytes()).map_err(|error| error.to_string())?;
    let ca = ca_block.parse_x509().map_err(|error| error.to_string())?;
    let (_, block) = x509_parser::pem::parse_x509_pem(certificate_pem.as_bytes())
        .map_err(|_| format!("{what} is not a PEM certificate"))?;
    let certificate = block.parse_x509().map_err(|error| format!("{what} does not parse: {error}"))?;
    certificate.verify_signature(Some(ca.public_key())).map_err(|_| {
        format!(
            "the CA given ({}) did not sign {what} ({}, issued by {})",
            ca.subject(),
            certificate.subject(),
            certificate.issuer()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pki::{CLIENT_DAYS, Role, issue, new_ca};

    #[test]
    fn a_ca_and_its_key_come_in_and_another_key_or_a_leaf_is_refused() {
        let ca = new_ca("office").unwrap();
        let brought = read_ca(&ca.certificate_pem, &ca.key_pem, None).unwrap();
        assert_eq!(brought.certificate_pem, ca.certificate_pem);
        let other = new_ca("other").unwrap();
        let CaProblem::Refused(problem) = read_ca(&ca.certificate_pem, &other.key_pem, None).unwrap_err() else {
            panic!()
        };
        assert!(problem.contains("not the key of the CA certificate"), "{problem}");
        let bob = issue(&ca, "office", &Role::Client { user: "bob".into() }, CLIENT_DAYS).unwrap();
        let CaProblem::Refused(problem) = read_ca(&bob.certificate_pem, &bob.key_pem, None).unwrap_err() else {
            panic!()
        };
        assert!(problem.contains("not a CA certificate"), "{problem}");
        assert!(read_ca(&ca.certificate_pem, "nothing", None).is_err());
    }

    #[test]
    fn an_encrypted_key_needs_its_passphrase() {
        use pkcs8::der::Decode;
        let ca = new_ca("office").unwrap();
        let der = x509_parser::pem::parse_x509_pem(ca.key_pem.as_bytes()).unwrap().1.contents;
        let info = pkcs8::PrivateKeyInfo::from_der(&der).unwrap();
        let params = pkcs8::pkcs5::pbes2::Parameters::pbkdf2_sha256_aes256cbc(2048, &[7; 16], &[9; 16]).unwrap();
        let encrypted = info.encrypt_with_params(params, b"secret words").unwrap();
        let text = pem_text("ENCRYPTED PRIVATE KEY", encrypted.as_bytes());
        assert_eq!(read_ca(&ca.certificate_pem, &text, None).unwrap_err(), CaProblem::NeedsPassphrase);
        let CaProblem::Refused(problem) = read_ca(&ca.certificate_pem, &text, Some(b"wrong")).unwrap_err() else {
            panic!()
        };
        assert!(problem.contains("passphrase does not open"), "{problem}");
        let opened = read_ca(&ca.certificate_pem, &text, Some(b"secret words")).unwrap();
        assert_eq!(opened.key_pem, ca.key_pem);
    }

    #[test]
    fn a_pkcs1_key_is_wrapped_and_openssls_old_encrypted_format_is_refused_with_the_conversion() {
        use pkcs8::der::Decode;
        let ca = new_ca("office").unwrap();
        let der = x509_parser::pem::parse_x509_pem(ca.key_pem.as_bytes()).unwrap().1.contents;
        // easy-rsa 2 and `openssl genrsa` of OpenSSL 1.x write the bare RSAPrivateKey.
        let pkcs1 = pem_text("RSA PRIVATE KEY", pkcs8::PrivateKeyInfo::from_der(&der).unwrap().private_key);
        let opened = read_ca(&ca.certificate_pem, &pkcs1, None).unwrap();
        assert_eq!(opened.key_pem, ca.key_pem, "the same key, kept as PKCS#8");
        assert_eq!(normal_key(&pkcs1).as_deref(), Some(ca.key_pem.as_str()));
        let old = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,00112233445566778899AABBCCDDEEFF\n\nAAAA\n-----END RSA PRIVATE KEY-----\n";
        let CaProblem::Refused(problem) = read_ca(&ca.certificate_pem, old, Some(b"secret words")).unwrap_err() else {
            panic!()
        };
        assert!(problem.contains("Proc-Type") && problem.contains("openssl pkcs8 -topk8"), "{problem}");
        let sec1 = "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n";
        let CaProblem::Refused(problem) = read_ca(&ca.certificate_pem, sec1, None).unwrap_err() else { panic!() };
        assert!(problem.contains("-nocrypt"), "{problem}");
        let broken = pem_text("RSA PRIVATE KEY", b"not a key");
        let CaProblem::Refused(problem) = read_ca(&ca.certificate_pem, &broken, None).unwrap_err() else { panic!() };
        assert!(problem.contains("does not parse"), "{problem}");
    }

    #[test]
    fn what_the_ca_signed_is_told_from_what_another_did() {
        let ca = new_ca("office").unwrap();
        let other = new_ca("other").unwrap();
        let server = issue(&ca, "office", &Role::Server { dns_name: "server".into() }, 30).unwrap();
        assert!(check_signed_by(&ca.certificate_pem, &server.certificate_pem, "the server certificate").is_ok());
        assert!(check_signed_by(&ca.certificate_pem, &ca.certificate_pem, "the root chain").is_ok());
        let problem = check_signed_by(&other.certificate_pem, &server.certificate_pem, "the server certificate");
        assert!(problem.unwrap_err().contains("did not sign the server certificate"));
    }
}
