//! `cvpn pki check`'s reading of files people bring: PEM blocks sorted by label, private keys'
//! DER walked for their public half, certificates checked. Any bytes; and any DER armoured
//! under each label the sorting knows, so that the key walking sees more than broken base64.
#![no_main]

use base64::Engine;
use cvpn::pki::check::{PemFile, check_files};
use cvpn::pki::pem::{Block, blocks};
use libfuzzer_sys::fuzz_target;

const LABELS: [&str; 7] = [
    "CERTIFICATE",
    "PRIVATE KEY",
    "RSA PRIVATE KEY",
    "EC PRIVATE KEY",
    "ENCRYPTED PRIVATE KEY",
    "X509 CRL",
    "CERTIFICATE REQUEST",
];

fuzz_target!(|input: (u8, Vec<u8>, Vec<u8>)| {
    let (label, der, raw) = input;
    let label = LABELS[usize::from(label) % LABELS.len()];
    let armoured = format!(
        "-----BEGIN {label}-----\n{}\n-----END {label}-----\n",
        base64::engine::general_purpose::STANDARD.encode(&der)
    );
    for text in [armoured.as_bytes(), raw.as_slice()] {
        if let Ok(found) = blocks(text) {
            for block in found {
                if let Block::PrivateKey(key) = block {
                    let _ = key.public_half();
                }
            }
        }
    }
    let files = [
        PemFile { name: "armoured.pem".into(), text: armoured.into_bytes() },
        PemFile { name: "raw.pem".into(), text: raw },
    ];
    let _ = check_files(&files, None, 0);
});
