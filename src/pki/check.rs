//! Will a certificate someone brought work with Client VPN? The rules AWS documents and the ones
//! people learn from failures (AWS Client VPN administrator guide, "Mutual authentication"; ACM
//! user guide, "Prerequisites for importing certificates"; cloudposse/terraform-aws-ec2-client-vpn
//! #57, #117), checked on PEM files or on what ACM's DescribeCertificate says, each problem with
//! its fix. Nothing here touches the network.

use x509_parser::prelude::{FromDer, GeneralName, X509Certificate, X509Version};

use super::pem::{Block, PrivateKey, PublicHalf, blocks, certificate_public_half, has_encryption_header};
use super::revocation::EXPIRING_DAYS;

/// What a certificate is checked as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// The endpoint's certificate: a domain, serverAuth, keyUsage.
    Server,
    /// A person's: a CN, clientAuth.
    Client,
}

impl Purpose {
    pub fn name(self) -> &'static str {
        match self {
            Purpose::Server => "server",
            Purpose::Client => "client",
        }
    }

    /// A certificate whose extended key usage is clientAuth alone is a client's; any other is
    /// checked as a server's.
    fn of_usages(server_auth: bool, client_auth: bool) -> Purpose {
        if client_auth && !server_auth { Purpose::Client } else { Purpose::Server }
    }

    /// easy-rsa's command that issues one.
    fn easyrsa_build(self) -> &'static str {
        match self {
            Purpose::Server => "build-server-full",
            Purpose::Client => "build-client-full",
        }
    }
}

/// What DescribeCertificate says of a certificate that Client VPN cares about.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CertificateFacts {
    pub arn: String,
    pub subject: Option<String>,
    pub domain: Option<String>,
    pub status: Option<String>,
    /// As DescribeCertificate spells it: `RSA-2048` (the model's enum says `RSA_2048`).
    pub key_algorithm: Option<String>,
    /// `TLS_WEB_SERVER_AUTHENTICATION`, ...
    pub extended_key_usages: Vec<String>,
    /// Seconds since the epoch.
    pub not_after: Option<i64>,
    /// The certificate's serial, lowercase hex without separators (ACM writes `0a:1b:…`).
    pub serial: Option<String>,
}

/// What is wrong with a certificate (it cannot work) and what may be (it works for now).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Findings {
    pub problems: Vec<String>,
    pub warnings: Vec<String>,
}

/// One certificate checked: where it came from (a file, a block of a file, an ARN), as what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    pub source: String,
    pub subject: String,
    pub purpose: Purpose,
    pub findings: Findings,
}

/// Everything checked, and the problems that belong to no one certificate (an unreadable file,
/// a key that matches nothing).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    pub checked: Vec<Checked>,
    pub problems: Vec<String>,
    pub warnings: Vec<String>,
}

impl Report {
    pub fn usable(&self) -> bool {
        self.problems.is_empty() && self.checked.iter().all(|checked| checked.findings.problems.is_empty())
    }
}

/// A file given to check, by the name the user gave it.
pub struct PemFile {
    pub name: String,
    pub text: Vec<u8>,
}

/// `2026-11-29`.
pub fn date_of(epoch_seconds: i64) -> String {
    match super::utc_timestamp(epoch_seconds) {
        Some(timestamp) => timestamp[..10].to_owned(),
        None => epoch_seconds.to_string(),
    }
}

/// A name ACM records as a certificate's domain: two or more labels of letters, digits and `-`
/// (a single word, or one with `_`, gets none: cloudposse/terraform-aws-ec2-client-vpn #117, #126).
pub fn is_host_name(name: &str) -> bool {
    let labels: Vec<&str> = name.split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

fn domain_fix() -> &'static str {
    "issue it with a DNS name in the subjectAltName (easy-rsa: \
     `easyrsa --san=DNS:server.example.internal build-server-full server nopass`)"
}

fn validity(findings: &mut Findings, not_before: Option<i64>, not_after: Option<i64>, now: i64, renew: &str) {
    if let Some(not_before) = not_before.filter(|not_before| *not_before > now) {
        findings.problems.push(format!(
            "it is not valid before {}; ACM imports only a certificate valid now: wait, or issue one valid from today",
            date_of(not_before)
        ));
    }
    let Some(not_after) = not_after else { return };
    if not_after < now {
        findings.problems.push(format!("it expired on {}; {renew}", date_of(not_after)));
    } else if not_after - now < EXPIRING_DAYS * 86_400 {
        findings.warnings.push(format!(
            "it expires on {}, in {} days; {renew} before then",
            date_of(not_after),
            (not_after - now) / 86_400
        ));
    }
}

/// A key Client VPN takes: RSA 1024 or 2048 bits (DescribeCertificate's spelling `RSA-2048` or
/// the model's `RSA_2048`).
fn key_problem(algorithm: &str, shown: &str, purpose: Purpose) -> Option<String> {
    let normal = algorithm.replace('-', "_");
    (normal != "RSA_1024" && normal != "RSA_2048").then(|| {
        format!(
            "its key is {shown}; Client VPN takes RSA 1024 or 2048 bit keys only: issue it with an RSA 2048 key \
             (easy-rsa: `easyrsa --use-algo=rsa --keysize=2048 {} …`)",
            purpose.easyrsa_build()
        )
    })
}

fn usage_problem(purpose: Purpose) -> String {
    match purpose {
        Purpose::Server => "it lacks the extended key usage serverAuth (TLS Web Server Authentication), which \
                            OpenVPN's `remote-cert-tls server` requires; issue it as a server certificate \
                            (easy-rsa: build-server-full)"
            .to_owned(),
        Purpose::Client => "it lacks the extended key usage clientAuth (TLS Web Client Authentication); issue it \
                            as a client certificate (easy-rsa: build-client-full)"
            .to_owned(),
    }
}

/// What ACM says of a certificate, checked as `purpose` (inferred from its usages when `None`).
pub fn check_acm(facts: &CertificateFacts, purpose: Option<Purpose>, now: i64) -> Checked {
    let has = |usage: &str| facts.extended_key_usages.iter().any(|name| name == usage);
    let server_auth = has("TLS_WEB_SERVER_AUTHENTICATION");
    let client_auth = has("TLS_WEB_CLIENT_AUTHENTICATION");
    let purpose = purpose.unwrap_or_else(|| Purpose::of_usages(server_auth, client_auth));
    let mut findings = Findings::default();
    if purpose == Purpose::Server && facts.domain.is_none() {
        let subject =
            facts.subject.as_deref().map(|subject| format!(" (its subject is {subject})")).unwrap_or_default();
        findings.problems.push(format!(
            "ACM gives it no domain{subject}, and Client VPN refuses a server certificate without one; {}",
            domain_fix()
        ));
    }
    match facts.status.as_deref() {
        Some("ISSUED") | None => {}
        Some("EXPIRED") => findings.problems.push(format!(
            "its status is EXPIRED, not ISSUED{}; import a new certificate (re-import with --certificate-arn keeps \
             the ARN)",
            facts.not_after.map(|at| format!(" (since {})", date_of(at))).unwrap_or_default()
        )),
        Some(status) => {
            findings.problems.push(format!("its status is {status}, not ISSUED; import a valid certificate"))
        }
    }
    if facts.status.as_deref() != Some("EXPIRED") {
        validity(&mut findings, None, facts.not_after, now, "re-import a new one with the same ARN");
    }
    let algorithm = facts.key_algorithm.as_deref().unwrap_or("of an unknown algorithm");
    if let Some(problem) = key_problem(algorithm, algorithm, purpose) {
        findings.problems.push(problem);
    }
    let needed = match purpose {
        Purpose::Server => server_auth,
        Purpose::Client => client_auth,
    };
    if !needed {
        findings.problems.push(usage_problem(purpose));
    }
    Checked { source: facts.arn.clone(), subject: facts.subject.clone().unwrap_or_default(), purpose, findings }
}

/// The key's algorithm as ACM names it (`RSA_2048`), and as a person reads it (`RSA 4096`,
/// `EC P-256`).
fn key_name(certificate: &X509Certificate<'_>) -> (String, String) {
    use x509_parser::public_key::PublicKey;
    match certificate.public_key().parsed() {
        Ok(PublicKey::RSA(rsa)) => (format!("RSA_{}", rsa.key_size()), format!("RSA {}", rsa.key_size())),
        Ok(PublicKey::EC(point)) => ("EC".to_owned(), format!("EC P-{}", point.key_size())),
        _ => ("OTHER".to_owned(), "of an algorithm Client VPN does not take".to_owned()),
    }
}

/// The family of a certificate's key (RSA, EC, ...), by its algorithm's OID.
fn key_family(certificate: &X509Certificate<'_>) -> String {
    certificate.public_key().algorithm.algorithm.to_id_string()
}

fn family_name(oid: &str) -> &'static str {
    match oid {
        "1.2.840.113549.1.1.1" => "RSA",
        "1.2.840.10045.2.1" => "EC",
        "1.3.101.112" => "Ed25519",
        _ => "another algorithm",
    }
}

struct Leaf<'a> {
    source: String,
    certificate: X509Certificate<'a>,
}

/// One leaf checked: its own rules, its key among `keys`, its issuer among `authorities`.
fn check_leaf(
    leaf: &Leaf<'_>,
    authorities: &[Leaf<'_>],
    key_matches: Option<&str>,
    purpose: Option<Purpose>,
    now: i64,
) -> Checked {
    let certificate = &leaf.certificate;
    let usages = certificate.extended_key_usage().ok().flatten().map(|usage| usage.value);
    let server_auth = usages.is_some_and(|usage| usage.server_auth || usage.any);
    let client_auth = usages.is_some_and(|usage| usage.client_auth || usage.any);
    let purpose = purpose.unwrap_or_else(|| Purpose::of_usages(server_auth, client_auth));
    let mut findings = Findings::default();
    if certificate.version() != X509Version::V3 {
        findings.problems.push(
            "it is not an X.509 v3 certificate; ACM imports v3 only: issue it again (easy-rsa and openssl `-extensions` \
             make v3)"
                .to_owned(),
        );
    }
    let (key, shown) = key_name(certificate);
    if let Some(problem) = key_problem(&key, &shown, purpose) {
        findings.problems.push(problem);
    }
    let common_name =
        certificate.subject().iter_common_name().next().and_then(|cn| cn.as_str().ok()).map(str::to_owned);
    match purpose {
        Purpose::Server => {
            let dns_names: Vec<String> = certificate
                .subject_alternative_name()
                .ok()
                .flatten()
                .map(|san| {
                    san.value
                        .general_names
                        .iter()
                        .filter_map(|name| match name {
                            GeneralName::DNSName(dns) => Some((*dns).to_owned()),
                            _ => None,
                        })
                        .collect()
                })
                .unwrap_or_default();
            if dns_names.is_empty() {
                let why = match common_name.as_deref() {
                    None => "it has neither a subjectAltName DNS name nor a CN".to_owned(),
                    Some(cn) if cn.contains('_') => {
                        format!("its CN `{cn}` has `_`, which no host name has, and it has no subjectAltName DNS name")
                    }
                    Some(cn) if !is_host_name(cn) => format!(
                        "its CN `{cn}` is not a host name of two or more labels, and it has no subjectAltName DNS name"
                    ),
                    Some(_) => String::new(),
                };
                if !why.is_empty() {
                    findings.problems.push(format!(
                        "{why}: ACM gives it no domain, and Client VPN refuses a server certificate without one \
                         (\"does not have a domain\"); {}",
                        domain_fix()
                    ));
                }
            }
            if certificate.key_usage().ok().flatten().is_none() {
                findings.problems.push(
                    "it has no keyUsage extension, which OpenVPN's `remote-cert-tls server` (in every exported \
                     configuration) requires; issue it as a server certificate (easy-rsa: build-server-full)"
                        .to_owned(),
                );
            }
            if !server_auth {
                findings.problems.push(usage_problem(purpose));
            }
        }
        Purpose::Client => {
            if common_name.is_none() {
                findings.problems.push(
                    "it has no CN, and Client VPN requires one in a client certificate's subject; issue it with one \
                     (easy-rsa names it after the request: `easyrsa build-client-full alice nopass`)"
                        .to_owned(),
                );
            }
            if !client_auth {
                findings.problems.push(usage_problem(purpose));
            }
        }
    }
    if let Some(problem) = key_matches {
        findings.problems.push(problem.to_owned());
    }
    let self_signed = certificate.issuer().as_raw() == certificate.subject().as_raw();
    if !self_signed && !authorities.is_empty() {
        match authorities.iter().find(|ca| ca.certificate.subject().as_raw() == certificate.issuer().as_raw()) {
            Some(ca) if key_family(&ca.certificate) != key_family(certificate) => findings.problems.push(format!(
                "its issuer ({}, in {}) has an {} key and it an {} key; ACM imports a chain only when the CA that \
                 signed the certificate uses the certificate's algorithm: issue it from an RSA CA (easy-rsa: \
                 `easyrsa --use-algo=rsa build-ca`)",
                ca.certificate.subject(),
                ca.source,
                family_name(&key_family(&ca.certificate)),
                family_name(&key_family(certificate)),
            )),
            Some(_) => {}
            None => findings.warnings.push(format!(
                "the chain given does not hold its issuer ({}); ACM's chain starts with the CA that signed it",
                certificate.issuer()
            )),
        }
    }
    let renew = match purpose {
        Purpose::Server => "issue a new one (easy-rsa: build-server-full again) and re-import it",
        Purpose::Client => "issue a new one (for a cvpn user: `cvpn user add VPN USER --renew`)",
    };
    validity(
        &mut findings,
        Some(certificate.validity().not_before.timestamp()),
        Some(certificate.validity().not_after.timestamp()),
        now,
        renew,
    );
    Checked { source: leaf.source.clone(), subject: certificate.subject().to_string(), purpose, findings }
}

/// Checks the certificates among `files` (certificates, keys and chains in any order, sorted by
/// their content), as `purpose` or as their usages say.
pub fn check_files(files: &[PemFile], purpose: Option<Purpose>, now: i64) -> Report {
    let mut report = Report::default();
    let mut certificates: Vec<(String, Vec<u8>)> = Vec::new();
    let mut keys: Vec<(String, PrivateKey)> = Vec::new();
    for file in files {
        let name = &file.name;
        if has_encryption_header(&file.text) {
            report.problems.push(format!(
                "{name}: its private key is encrypted; ACM takes an unencrypted key \
                 (`openssl pkey -in {name} -out {name}.plain`, then keep that file 0600)"
            ));
            continue;
        }
        let found = match blocks(&file.text) {
            Ok(found) => found,
            Err(error) => {
                report.problems.push(format!("{name}: {error}"));
                continue;
            }
        };
        if found.is_empty() {
            report.problems.push(format!(
                "{name}: holds no PEM block; ACM takes PEM only (a DER certificate converts with \
                 `openssl x509 -inform der -in {name} -out {name}.pem`)"
            ));
            continue;
        }
        let count = found.iter().filter(|block| matches!(block, Block::Certificate(_))).count();
        let key_count = found.iter().filter(|block| matches!(block, Block::PrivateKey(_))).count();
        for block in found {
            match block {
                Block::Certificate(der) => {
                    let source = if count > 1 {
                        format!("{name} (certificate {})", certificates.len() + 1)
                    } else {
                        name.clone()
                    };
                    certificates.push((source, der));
                }
                Block::PrivateKey(key) => {
                    let source = if key_count > 1 { format!("{name} (key {})", keys.len() + 1) } else { name.clone() };
                    keys.push((source, key));
                }
                Block::EncryptedKey => report.problems.push(format!(
                    "{name}: its private key is encrypted; ACM takes an unencrypted key \
                     (`openssl pkey -in {name} -out {name}.plain`, then keep that file 0600)"
                )),
                Block::RevocationList(_) => {
                    report.warnings.push(format!("{name}: a revocation list, not checked"));
                }
                Block::Other(label) => report.warnings.push(format!("{name}: a {label} block, not checked")),
            }
        }
    }
    let mut leaves = Vec::new();
    let mut authorities = Vec::new();
    for (source, der) in &certificates {
        match X509Certificate::from_der(der) {
            Ok((_, certificate)) => {
                let is_ca =
                    certificate.basic_constraints().ok().flatten().is_some_and(|constraints| constraints.value.ca);
                let parsed = Leaf { source: source.clone(), certificate };
                if is_ca { authorities.push(parsed) } else { leaves.push(parsed) }
            }
            Err(error) => report.problems.push(format!("{source}: not a certificate X.509 can read: {error}")),
        }
    }
    if leaves.is_empty() && !authorities.is_empty() {
        // `openssl req -x509` marks a self-signed certificate as a CA's; people use those as
        // server certificates, so each is checked as one would be used.
        report.warnings.push(
            "every certificate given is a CA's (basicConstraints CA:TRUE), so each is checked as the certificate \
             itself; if that was the chain, give the server or client certificate too"
                .to_owned(),
        );
        leaves = std::mem::take(&mut authorities);
    }
    if leaves.is_empty() {
        if report.problems.is_empty() {
            report.problems.push("no certificate given; give a PEM certificate (with its key and chain)".to_owned());
        }
        return report;
    }
    let leaf_halves: Vec<PublicHalf> = leaves.iter().map(|leaf| certificate_public_half(&leaf.certificate)).collect();
    let every_half: Vec<PublicHalf> = leaf_halves
        .iter()
        .cloned()
        .chain(authorities.iter().map(|ca| certificate_public_half(&ca.certificate)))
        .collect();
    let mut key_halves = Vec::new();
    let mut stray = Vec::new();
    for (source, key) in &keys {
        match key.public_half() {
            None => report.problems.push(format!(
                "{source}: its private key cannot be read (its DER is not what its PEM label says); export it again \
                 (`openssl pkey -in {source} -out key.pem`)"
            )),
            Some(half) => {
                // A CA's key given with its certificate is not a mistake; it is simply not needed.
                if !every_half.contains(&half) {
                    stray.push(source.as_str());
                }
                key_halves.push(half);
            }
        }
    }
    // One certificate without its key, and a key that is no one's: that key was meant to be its own.
    let lone_without_key = leaves.len() == 1 && !key_halves.contains(&leaf_halves[0]);
    let mismatched = stray.first().copied().filter(|_| lone_without_key);
    let mismatch = mismatched.map(|key_source| {
        format!(
            "the private key in {key_source} is not its key, and ACM refuses the pair: give the key made with this \
             certificate's request (`openssl x509 -noout -pubkey -in CERT` and `openssl pkey -pubout -in KEY` print \
             the same key when they match)"
        )
    });
    for leaf in &leaves {
        report.checked.push(check_leaf(leaf, &authorities, mismatch.as_deref(), purpose, now));
    }
    for source in stray.iter().skip(usize::from(mismatched.is_some())) {
        report.problems.push(format!(
            "{source}: this private key belongs to none of the certificates given; give each certificate's own key"
        ));
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pki::{CLIENT_DAYS, Role, SERVER_DAYS, issue, new_ca};
    use time::OffsetDateTime;

    fn now() -> i64 {
        OffsetDateTime::now_utc().unix_timestamp()
    }

    fn file(name: &str, text: &str) -> PemFile {
        PemFile { name: name.into(), text: text.as_bytes().to_vec() }
    }

    #[test]
    fn what_cvpn_issues_passes_and_the_role_comes_from_the_usages() {
        let ca = new_ca("office").unwrap();
        let server =
            issue(&ca, "office", &Role::Server { dns_name: "server.office.example".into() }, SERVER_DAYS).unwrap();
        let alice = issue(&ca, "office", &Role::Client { user: "alice".into() }, CLIENT_DAYS).unwrap();
        let files = [
            file("ca.crt", &ca.certificate_pem),
            file("server.key", &server.key_pem),
            file("server.crt", &server.certificate_pem),
        ];
        let report = check_files(&files, None, now());
        assert!(report.usable(), "{report:#?}");
        assert_eq!(report.checked.len(), 1, "the CA is the chain, not checked as a leaf");
        assert_eq!((report.checked[0].source.as_str(), report.checked[0].purpose), ("server.crt", Purpose::Server));
        assert!(report.checked[0].findings.warnings.is_empty(), "{report:#?}");
        let bundle = format!("{}{}", alice.certificate_pem, alice.key_pem);
        let report = check_files(&[file("alice.pem", &bundle)], None, now());
        assert!(report.usable(), "{report:#?}");
        assert_eq!(report.checked[0].purpose, Purpose::Client);
        let report = check_files(&[file("alice.pem", &bundle)], Some(Purpose::Server), now());
        let problems = &report.checked[0].findings.problems;
        assert!(problems.iter().any(|problem| problem.contains("serverAuth")), "{problems:#?}");
        assert!(problems.iter().any(|problem| problem.contains("CN `alice` is not a host name")), "{problems:#?}");
    }

    #[test]
    fn a_key_of_another_certificate_and_a_certificate_near_expiry() {
        let ca = new_ca("office").unwrap();
        let alice = issue(&ca, "office", &Role::Client { user: "alice".into() }, 10).unwrap();
        let bob = issue(&ca, "office", &Role::Client { user: "bob".into() }, CLIENT_DAYS).unwrap();
        let report =
            check_files(&[file("alice.crt", &alice.certificate_pem), file("bob.key", &bob.key_pem)], None, now());
        assert!(!report.usable());
        let findings = &report.checked[0].findings;
        assert!(findings.problems[0].contains("the private key in bob.key is not its key"), "{findings:#?}");
        assert!(
            findings.warnings[0].contains("in 9 days") || findings.warnings[0].contains("in 10 days"),
            "{findings:#?}"
        );
        // Its own key with the CA's pair beside it: nothing wrong. A key of no one's beside two
        // certificates: named on its own.
        let own = [
            file("alice.crt", &alice.certificate_pem),
            file("alice.key", &alice.key_pem),
            file("ca.crt", &ca.certificate_pem),
            file("ca.key", &ca.key_pem),
        ];
        assert!(check_files(&own, None, now()).problems.is_empty(), "{:#?}", check_files(&own, None, now()));
        let carol = issue(&ca, "office", &Role::Client { user: "carol".into() }, CLIENT_DAYS).unwrap();
        let two = [
            file("alice.crt", &alice.certificate_pem),
            file("carol.crt", &carol.certificate_pem),
            file("bob.key", &bob.key_pem),
        ];
        let report = check_files(&two, None, now());
        assert_eq!(report.problems.len(), 1, "{report:#?}");
        assert!(report.problems[0].starts_with("bob.key: this private key belongs to none"), "{report:#?}");
        let later = now() + 11 * 86_400;
        let report = check_files(&[file("alice.crt", &alice.certificate_pem)], None, later);
        assert!(report.checked[0].findings.problems[0].contains("it expired on"), "{report:#?}");
    }

    #[test]
    fn files_without_a_certificate_say_what_they_hold() {
        let report = check_files(&[file("a.der", "\u{30}\u{82}binary")], None, now());
        assert!(report.problems[0].contains("a.der: holds no PEM block"), "{report:#?}");
        let ca = new_ca("office").unwrap();
        let report = check_files(&[file("ca.crt", &ca.certificate_pem)], None, now());
        assert!(report.warnings[0].contains("every certificate given is a CA's"), "{report:#?}");
        assert_eq!(report.checked.len(), 1, "checked as the certificate itself: {report:#?}");
        assert!(!report.usable(), "a CA certificate lacks serverAuth and a domain: {report:#?}");
        // What `openssl req -x509` makes: self-signed, CA:TRUE, and otherwise a fine server certificate.
        let key = rcgen::KeyPair::generate_rsa_for(&rcgen::PKCS_RSA_SHA256, rcgen::RsaKeySize::_2048).unwrap();
        let mut params = rcgen::CertificateParams::new(vec!["vpn.example.com".into()]).unwrap();
        params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        params.key_usages = vec![rcgen::KeyUsagePurpose::DigitalSignature, rcgen::KeyUsagePurpose::KeyEncipherment];
        params.extended_key_usages = vec![rcgen::ExtendedKeyUsagePurpose::ServerAuth];
        let self_signed = params.self_signed(&key).unwrap().pem();
        let report = check_files(&[file("vpn.crt", &self_signed), file("vpn.key", &key.serialize_pem())], None, now());
        assert!(report.usable(), "{report:#?}");
        assert_eq!(report.warnings.len(), 1, "{report:#?}");
        let encrypted = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nAAAA\n-----END RSA PRIVATE KEY-----\n";
        let report = check_files(&[file("k.pem", encrypted)], None, now());
        assert!(report.problems[0].contains("k.pem: its private key is encrypted"), "{report:#?}");
        let unreadable = "-----BEGIN PRIVATE KEY-----\nMAA=\n-----END PRIVATE KEY-----\n";
        let report = check_files(&[file("ca.crt", &ca.certificate_pem), file("bad.key", unreadable)], None, now());
        assert!(report.problems[0].starts_with("bad.key: its private key cannot be read"), "{report:#?}");
    }

    #[test]
    fn acm_facts_are_checked_as_the_usages_say() {
        let server = CertificateFacts {
            arn: "arn:aws:acm:us-east-1:123456789012:certificate/a".into(),
            domain: Some("server.example.internal".into()),
            status: Some("ISSUED".into()),
            key_algorithm: Some("RSA-2048".into()),
            extended_key_usages: vec!["TLS_WEB_SERVER_AUTHENTICATION".into()],
            not_after: Some(now() + 400 * 86_400),
            ..CertificateFacts::default()
        };
        let checked = check_acm(&server, None, now());
        assert_eq!((checked.purpose, checked.findings.clone()), (Purpose::Server, Findings::default()));
        let client = CertificateFacts {
            domain: None,
            key_algorithm: Some("EC_prime256v1".into()),
            extended_key_usages: vec!["TLS_WEB_CLIENT_AUTHENTICATION".into()],
            not_after: Some(now() + 5 * 86_400),
            ..server.clone()
        };
        let checked = check_acm(&client, None, now());
        assert_eq!(checked.purpose, Purpose::Client);
        assert_eq!(checked.findings.problems.len(), 1, "{checked:#?}");
        assert!(checked.findings.problems[0].contains("its key is EC_prime256v1"));
        assert!(
            checked.findings.warnings[0].contains("in 4 days") || checked.findings.warnings[0].contains("in 5 days")
        );
        let expired = CertificateFacts { status: Some("EXPIRED".into()), not_after: Some(now() - 86_400), ..server };
        let checked = check_acm(&expired, None, now());
        assert_eq!(checked.findings.problems.len(), 1, "{checked:#?}");
        assert!(checked.findings.problems[0].contains("EXPIRED, not ISSUED (since"));
    }

    #[test]
    fn host_names_have_two_labels_and_no_underscore() {
        assert!(is_host_name("server.example.internal") && is_host_name("a-b.c"));
        assert!(!is_host_name("server") && !is_host_name("vpn_server.example.com") && !is_host_name("-a.b"));
        assert!(!is_host_name("a..b") && !is_host_name(""));
    }
}
