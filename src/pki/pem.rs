//! PEM text people bring, sorted by what each block holds: certificates (leaf or CA), private
//! keys (PKCS#8, PKCS#1 RSA, SEC1 EC, encrypted), revocation lists, anything else. A key's public
//! half is read out of its DER so that it can be matched to a certificate without the key ever
//! being used or shown, for RSA keys of any size (aws-lc-rs, which rcgen signs with, refuses RSA
//! keys under 2048 bits, and Client VPN takes 1024).

use x509_parser::asn1_rs::{Any, FromDer, Tag};

/// One PEM block, by what it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A certificate's DER.
    Certificate(Vec<u8>),
    /// An unencrypted private key.
    PrivateKey(PrivateKey),
    /// `ENCRYPTED PRIVATE KEY`, or a PKCS#1/SEC1 key with a `Proc-Type: 4,ENCRYPTED` header.
    EncryptedKey,
    /// `X509 CRL`.
    RevocationList(Vec<u8>),
    /// Any other label (`CERTIFICATE REQUEST`, `PUBLIC KEY`, ...).
    Other(String),
}

/// How a private key is wrapped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyFormat {
    /// `PRIVATE KEY`: PKCS#8 (RFC 5208), any algorithm.
    Pkcs8,
    /// `RSA PRIVATE KEY`: PKCS#1 (RFC 8017, A.1.2).
    Rsa,
    /// `EC PRIVATE KEY`: SEC1 (RFC 5915).
    Ec,
}

/// A private key's DER; never printed (`Debug` says only its format).
#[derive(Clone, PartialEq, Eq)]
pub struct PrivateKey {
    pub format: KeyFormat,
    der: Vec<u8>,
}

impl std::fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PrivateKey({:?}, <redacted>)", self.format)
    }
}

/// The public half of a key, as a certificate carries it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PublicHalf {
    /// The RSA modulus, big-endian without leading zeros.
    Rsa(Vec<u8>),
    /// The EC point (`04 || X || Y`), when the key carries it.
    Ec(Option<Vec<u8>>),
    /// Another algorithm, by its OID's DER bytes.
    Other,
}

/// The blocks of a PEM text, in order; lines outside blocks (openssl's `Bag Attributes`, a text
/// dump) are skipped. `Err` when a block is cut short or its base64 is broken.
pub fn blocks(text: &[u8]) -> Result<Vec<Block>, String> {
    let mut found = Vec::new();
    for (index, pem) in x509_parser::pem::Pem::iter_from_buffer(text).enumerate() {
        let pem = pem.map_err(|error| format!("PEM block {} cannot be read: {error}", index + 1))?;
        // `Proc-Type: 4,ENCRYPTED` puts header lines in the block; they are not base64, so such
        // a block fails to decode above unless it is one of the labels that says so itself.
        let block = match pem.label.as_str() {
            "CERTIFICATE" | "X509 CERTIFICATE" | "TRUSTED CERTIFICATE" => Block::Certificate(pem.contents),
            "PRIVATE KEY" => Block::PrivateKey(PrivateKey { format: KeyFormat::Pkcs8, der: pem.contents }),
            "RSA PRIVATE KEY" => Block::PrivateKey(PrivateKey { format: KeyFormat::Rsa, der: pem.contents }),
            "EC PRIVATE KEY" => Block::PrivateKey(PrivateKey { format: KeyFormat::Ec, der: pem.contents }),
            "ENCRYPTED PRIVATE KEY" => Block::EncryptedKey,
            "X509 CRL" => Block::RevocationList(pem.contents),
            other => Block::Other(other.to_owned()),
        };
        found.push(block);
    }
    Ok(found)
}

/// `der` as a PEM block labelled `label`, 64 characters a line (RFC 7468).
pub fn pem_text(label: &str, der: &[u8]) -> String {
    use base64::Engine;
    let text = base64::engine::general_purpose::STANDARD.encode(der);
    let lines: Vec<&str> =
        text.as_bytes().chunks(64).map(|line| std::str::from_utf8(line).unwrap_or_default()).collect();
    format!("-----BEGIN {label}-----\n{}\n-----END {label}-----\n", lines.join("\n"))
}

/// Whether a PEM text has a block cut short by encryption headers (`Proc-Type: 4,ENCRYPTED`).
pub fn has_encryption_header(text: &[u8]) -> bool {
    text.windows(b"Proc-Type: 4,ENCRYPTED".len()).any(|window| window == b"Proc-Type: 4,ENCRYPTED")
}

/// The DER elements inside a constructed value's content.
fn elements(mut content: &[u8]) -> Option<Vec<Any<'_>>> {
    let mut found = Vec::new();
    while !content.is_empty() {
        let (rest, element) = Any::from_der(content).ok()?;
        found.push(element);
        content = rest;
    }
    Some(found)
}

/// The content of the single DER value `der` must be, if it has `tag`.
fn sole(der: &[u8], tag: Tag) -> Option<Any<'_>> {
    let (rest, value) = Any::from_der(der).ok()?;
    (rest.is_empty() && value.tag() == tag).then_some(value)
}

fn unsigned(bytes: &[u8]) -> Vec<u8> {
    let start = bytes.iter().position(|byte| *byte != 0).unwrap_or(bytes.len());
    bytes[start..].to_vec()
}

/// rsaEncryption (1.2.840.113549.1.1.1) and id-ecPublicKey (1.2.840.10045.2.1), as DER content.
const RSA_ENCRYPTION: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
const EC_PUBLIC_KEY: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];

/// Whether `der` reads as a PKCS#1 RSAPrivateKey (a sequence with its modulus).
pub fn is_pkcs1_rsa_key(der: &[u8]) -> bool {
    rsa_modulus(der).is_some()
}

/// RSAPrivateKey ::= SEQUENCE { version, modulus, publicExponent, ... }
fn rsa_modulus(der: &[u8]) -> Option<PublicHalf> {
    let sequence = sole(der, Tag::Sequence)?;
    let fields = elements(sequence.data)?;
    let modulus = fields.get(1).filter(|field| field.tag() == Tag::Integer)?;
    Some(PublicHalf::Rsa(unsigned(modulus.data)))
}

/// ECPrivateKey ::= SEQUENCE { version, privateKey, [0] parameters OPTIONAL, [1] publicKey OPTIONAL }
fn ec_point(der: &[u8]) -> Option<PublicHalf> {
    let sequence = sole(der, Tag::Sequence)?;
    let fields = elements(sequence.data)?;
    let public = fields.iter().find(|field| field.header.is_contextspecific() && field.tag() == Tag(1));
    let point = public
        .and_then(|field| sole(field.data, Tag::BitString))
        // A BIT STRING's first content byte counts the unused bits.
        .and_then(|bits| bits.data.split_first().map(|(_, point)| point.to_vec()));
    Some(PublicHalf::Ec(point))
}

impl PrivateKey {
    /// The key's public half; `None` when its DER is not what its label says.
    pub fn public_half(&self) -> Option<PublicHalf> {
        match self.format {
            KeyFormat::Rsa => rsa_modulus(&self.der),
            KeyFormat::Ec => ec_point(&self.der),
            // PrivateKeyInfo ::= SEQUENCE { version, AlgorithmIdentifier, privateKey OCTET STRING, ... }
            KeyFormat::Pkcs8 => {
                let sequence = sole(&self.der, Tag::Sequence)?;
                let fields = elements(sequence.data)?;
                let algorithm = fields.get(1).filter(|field| field.tag() == Tag::Sequence)?;
                let oid = elements(algorithm.data)?.into_iter().next().filter(|oid| oid.tag() == Tag::Oid)?;
                let inner = fields.get(2).filter(|field| field.tag() == Tag::OctetString)?;
                match oid.data {
                    RSA_ENCRYPTION => rsa_modulus(inner.data),
                    EC_PUBLIC_KEY => ec_point(inner.data),
                    _ => Some(PublicHalf::Other),
                }
            }
        }
    }
}

/// The public half of a certificate's key (its SubjectPublicKeyInfo).
pub fn certificate_public_half(certificate: &x509_parser::certificate::X509Certificate<'_>) -> PublicHalf {
    use x509_parser::public_key::PublicKey;
    match certificate.public_key().parsed() {
        Ok(PublicKey::RSA(rsa)) => PublicHalf::Rsa(unsigned(rsa.modulus)),
        Ok(PublicKey::EC(point)) => PublicHalf::Ec(Some(point.data().to_vec())),
        _ => PublicHalf::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pki::{CLIENT_DAYS, Role, issue, new_ca};
    use x509_parser::prelude::*;

    fn public_half_of_certificate(pem: &str) -> PublicHalf {
        let (_, block) = x509_parser::pem::parse_x509_pem(pem.as_bytes()).unwrap();
        let (_, certificate) = X509Certificate::from_der(&block.contents).unwrap();
        certificate_public_half(&certificate)
    }

    #[test]
    fn blocks_are_sorted_by_content_and_a_key_matches_its_certificate() {
        let ca = new_ca("office").unwrap();
        let bob = issue(&ca, "office", &Role::Client { user: "bob".into() }, CLIENT_DAYS).unwrap();
        let text = format!("Bag Attributes\n{}\nsome text\n{}{}", bob.key_pem, bob.certificate_pem, ca.certificate_pem);
        let found = blocks(text.as_bytes()).unwrap();
        assert_eq!(found.len(), 3);
        let Block::PrivateKey(key) = &found[0] else { panic!("{found:?}") };
        assert_eq!(key.format, KeyFormat::Pkcs8);
        assert!(matches!(found[1], Block::Certificate(_)) && matches!(found[2], Block::Certificate(_)));
        let half = key.public_half().unwrap();
        assert!(matches!(half, PublicHalf::Rsa(ref modulus) if modulus.len() == 256));
        assert_eq!(half, public_half_of_certificate(&bob.certificate_pem));
        assert_ne!(half, public_half_of_certificate(&ca.certificate_pem));
        assert!(!format!("{key:?}").contains(&bob.key_pem[40..60]), "Debug shows no key material");
    }

    #[test]
    fn an_ec_key_in_pkcs8_carries_its_point() {
        let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
        let certificate = rcgen::CertificateParams::new(vec!["a.example".into()]).unwrap().self_signed(&key).unwrap();
        let found = blocks(key.serialize_pem().as_bytes()).unwrap();
        let Block::PrivateKey(private) = &found[0] else { panic!("{found:?}") };
        assert_eq!(private.public_half().unwrap(), public_half_of_certificate(&certificate.pem()));
    }

    /// The PKCS#1 or SEC1 key inside a PKCS#8 one, as `openssl pkey -traditional` writes it.
    fn traditional(key: &PrivateKey, format: KeyFormat) -> PrivateKey {
        let sequence = sole(&key.der, Tag::Sequence).unwrap();
        let inner = elements(sequence.data).unwrap()[2].data.to_vec();
        PrivateKey { format, der: inner }
    }

    #[test]
    fn pkcs1_and_sec1_keys_give_the_same_public_half() {
        let ca = new_ca("office").unwrap();
        let Block::PrivateKey(pkcs8) = &blocks(ca.key_pem.as_bytes()).unwrap()[0] else { panic!() };
        assert_eq!(traditional(pkcs8, KeyFormat::Rsa).public_half(), pkcs8.public_half());
        let ec = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P384_SHA384).unwrap();
        let Block::PrivateKey(pkcs8) = &blocks(ec.serialize_pem().as_bytes()).unwrap()[0] else { panic!() };
        let half = traditional(pkcs8, KeyFormat::Ec).public_half();
        assert!(matches!(&half, Some(PublicHalf::Ec(Some(point))) if point.len() == 97), "{half:?}");
        assert_eq!(half, pkcs8.public_half());
    }

    #[test]
    fn other_labels_encrypted_keys_and_broken_blocks() {
        let text = "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n\
                    -----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n";
        assert_eq!(blocks(text.as_bytes()).unwrap(), [Block::EncryptedKey, Block::Other("CERTIFICATE REQUEST".into())]);
        assert!(blocks(b"-----BEGIN CERTIFICATE-----\nAAAA\n").is_err(), "cut short");
        assert!(blocks(b"-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n").is_err(), "bad base64");
        assert_eq!(blocks(b"no PEM here").unwrap(), []);
        let rsa = PrivateKey { format: KeyFormat::Rsa, der: vec![0x30, 0x03, 0x02, 0x01, 0x00] };
        assert_eq!(rsa.public_half(), None, "a PKCS#1 key without a modulus");
        assert!(has_encryption_header(b"-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

        /// A real key's DER with bytes changed or cut short: the walk answers or gives up, never
        /// panics (fuzz/fuzz_targets/pem.rs does the same on any input).
        #[test]
        fn a_damaged_key_never_panics(changes in proptest::collection::vec((0usize..1300, 0u8..=255), 1..8), cut in 0usize..1300) {
            let der = RSA_PKCS8.with(|der| der.clone());
            let mut damaged = der.clone();
            for (at, byte) in changes {
                let at = at % damaged.len();
                damaged[at] = byte;
            }
            damaged.truncate(cut.max(1));
            for format in [KeyFormat::Pkcs8, KeyFormat::Rsa, KeyFormat::Ec] {
                let _ = PrivateKey { format, der: damaged.clone() }.public_half();
            }
        }
    }

    thread_local! {
        static RSA_PKCS8: Vec<u8> = {
            let key = rcgen::KeyPair::generate_rsa_for(&rcgen::PKCS_RSA_SHA256, rcgen::RsaKeySize::_2048).unwrap();
            key.serialize_der()
        };
    }
}
