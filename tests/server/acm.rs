//! ACM over JSON 1.1 (`X-Amz-Target: CertificateManager.<Op>`): imported certificates, kept per
//! region, with ACM's member names and error shape (`{"__type": Code, "message": …}`).
//! DescribeCertificate answers what ACM reads out of the certificate: the domain (the first SAN
//! DNS name, else a CN that is a multi-label host name), the key algorithm as DescribeCertificate
//! spells it (`RSA-2048`), the validity (Status EXPIRED once NotAfter has passed), key usages and
//! extended key usages.

use serde_json::{Value, json};

use super::State;

pub const ACCOUNT: &str = "123456789012";

/// An imported certificate.
#[derive(Debug, Clone)]
pub struct Certificate {
    pub region: String,
    pub arn: String,
    /// The PEM text, decoded from the request's base64 blob.
    pub certificate: String,
    pub chain: Option<String>,
    pub tags: Vec<(String, String)>,
    /// Import order, as epoch seconds on the server's own clock.
    pub imported_at: u64,
}

/// What ACM reads out of a certificate.
#[derive(Debug, Clone, PartialEq)]
pub struct Facts {
    pub domain: Option<String>,
    pub subject_alternative_names: Vec<String>,
    pub subject: String,
    pub issuer: String,
    pub serial: String,
    pub key_algorithm: String,
    pub not_before: i64,
    pub not_after: i64,
    pub key_usages: Vec<&'static str>,
    pub extended_key_usages: Vec<(&'static str, String)>,
}

/// A host name ACM takes for a domain: two or more labels of letters, digits and `-`. Written
/// apart from cvpn's own rule (`pki::check::is_host_name`) on purpose: this server plays ACM, and
/// a mistake in cvpn's rule must show up against it, not be mirrored by it.
fn is_host_name(name: &str) -> bool {
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

/// Reads a PEM certificate as ACM does; `Err` with ACM's complaint when it cannot.
pub fn facts(pem: &str) -> Result<Facts, String> {
    use x509_parser::prelude::*;
    if pem.matches("-----BEGIN CERTIFICATE-----").count() > 1 {
        return Err("The certificate field contains more than one certificate. You can specify only one certificate in this field.".into());
    }
    let (_, block) = x509_parser::pem::parse_x509_pem(pem.as_bytes())
        .map_err(|_| "Unable to parse certificate. Please ensure the certificate is in PEM format.".to_owned())?;
    let (_, certificate) = X509Certificate::from_der(&block.contents)
        .map_err(|_| "Unable to parse certificate. Please ensure the certificate is in PEM format.".to_owned())?;
    let sans: Vec<String> = certificate
        .subject_alternative_name()
        .ok()
        .flatten()
        .map(|san| {
            san.value
                .general_names
                .iter()
                .filter_map(|name| match name {
                    GeneralName::DNSName(dns) => Some(dns.to_string()),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    let common_name =
        certificate.subject().iter_common_name().next().and_then(|cn| cn.as_str().ok()).map(str::to_owned);
    let domain = sans.first().cloned().or_else(|| common_name.filter(|cn| is_host_name(cn)));
    let key_algorithm = match certificate.public_key().parsed() {
        Ok(x509_parser::public_key::PublicKey::RSA(rsa)) => format!("RSA-{}", rsa.key_size()),
        Ok(x509_parser::public_key::PublicKey::EC(point)) => match point.key_size() {
            256 => "EC-prime256v1".to_owned(),
            384 => "EC-secp384r1".to_owned(),
            _ => "EC-secp521r1".to_owned(),
        },
        _ => "UNKNOWN".to_owned(),
    };
    let mut key_usages = Vec::new();
    if let Ok(Some(usage)) = certificate.key_usage() {
        for (set, name) in [
            (usage.value.digital_signature(), "DIGITAL_SIGNATURE"),
            (usage.value.key_encipherment(), "KEY_ENCIPHERMENT"),
            (usage.value.key_cert_sign(), "CERTIFICATE_SIGNING"),
            (usage.value.crl_sign(), "CRL_SIGNING"),
        ] {
            if set {
                key_usages.push(name);
            }
        }
    }
    let mut extended_key_usages = Vec::new();
    if let Ok(Some(usage)) = certificate.extended_key_usage() {
        if usage.value.server_auth {
            extended_key_usages.push(("TLS_WEB_SERVER_AUTHENTICATION", "1.3.6.1.5.5.7.3.1".to_owned()));
        }
        if usage.value.client_auth {
            extended_key_usages.push(("TLS_WEB_CLIENT_AUTHENTICATION", "1.3.6.1.5.5.7.3.2".to_owned()));
        }
    }
    let serial = certificate.raw_serial().iter().map(|byte| format!("{byte:02x}")).collect::<Vec<_>>().join(":");
    Ok(Facts {
        domain,
        subject_alternative_names: sans,
        subject: certificate.subject().to_string(),
        issuer: certificate.issuer().to_string(),
        serial,
        key_algorithm,
        not_before: certificate.validity().not_before.timestamp(),
        not_after: certificate.validity().not_after.timestamp(),
        key_usages,
        extended_key_usages,
    })
}

pub(super) fn error(code: &str, message: &str) -> (u16, String, String) {
    (400, "application/x-amz-json-1.1".to_owned(), json!({"__type": code, "message": message}).to_string())
}

fn ok(body: Value) -> (u16, String, String) {
    (200, "application/x-amz-json-1.1".to_owned(), body.to_string())
}

fn decoded_blob(body: &Value, name: &str) -> Result<Option<String>, (u16, String, String)> {
    use base64::Engine;
    let Some(text) = body.get(name).and_then(Value::as_str) else { return Ok(None) };
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(text)
        .map_err(|_| error("ValidationException", &format!("Invalid base64 in {name}")))?;
    Ok(Some(String::from_utf8_lossy(&bytes).into_owned()))
}

pub(super) fn answer(operation: &str, body: &str, region: &str, state: &mut State) -> (u16, String, String) {
    let Ok(body) = serde_json::from_str::<Value>(if body.is_empty() { "{}" } else { body }) else {
        return error("SerializationException", "The request body is not JSON");
    };
    let arn_of = |body: &Value| body.get("CertificateArn").and_then(Value::as_str).map(str::to_owned);
    match operation {
        "ImportCertificate" => {
            let certificate = match decoded_blob(&body, "Certificate") {
                Ok(Some(pem)) if pem.contains("-----BEGIN CERTIFICATE-----") => pem,
                Ok(_) => return error("ValidationException", "The certificate field must contain a PEM certificate"),
                Err(answer) => return answer,
            };
            if let Err(complaint) = facts(&certificate) {
                return error("ValidationException", &complaint);
            }
            match decoded_blob(&body, "PrivateKey") {
                Ok(Some(key)) if key.contains("PRIVATE KEY-----") => {}
                Ok(_) => return error("ValidationException", "The private key field must contain a PEM private key"),
                Err(answer) => return answer,
            }
            let chain = match decoded_blob(&body, "CertificateChain") {
                Ok(chain) => chain,
                Err(answer) => return answer,
            };
            let tags = body
                .get("Tags")
                .and_then(Value::as_array)
                .map(|tags| {
                    tags.iter()
                        .map(|tag| {
                            let field = |name| tag.get(name).and_then(Value::as_str).unwrap_or_default().to_owned();
                            (field("Key"), field("Value"))
                        })
                        .collect()
                })
                .unwrap_or_default();
            let imported_at = 1_795_000_000 + state.certificates.len() as u64;
            let arn = match arn_of(&body) {
                // A re-import keeps the ARN; it must be one of this region's.
                Some(arn) => {
                    let Some(existing) = state.certificates.iter_mut().find(|c| c.arn == arn && c.region == region)
                    else {
                        return error("ResourceNotFoundException", &format!("Could not find certificate {arn}."));
                    };
                    existing.certificate = certificate;
                    existing.chain = chain;
                    existing.imported_at = imported_at;
                    arn
                }
                None => {
                    let arn = format!(
                        "arn:aws:acm:{region}:{ACCOUNT}:certificate/00000000-0000-4000-a000-{:012}",
                        state.certificates.len() + 1
                    );
                    state.certificates.push(Certificate {
                        region: region.to_owned(),
                        arn: arn.clone(),
                        certificate,
                        chain,
                        tags,
                        imported_at,
                    });
                    arn
                }
            };
            ok(json!({"CertificateArn": arn}))
        }
        "DescribeCertificate" | "DeleteCertificate" => {
            let Some(arn) = arn_of(&body) else {
                return error(
                    "ValidationException",
                    "1 validation error detected: Value null at 'certificateArn' failed to satisfy constraint: Member must not be null",
                );
            };
            let Some(index) = state.certificates.iter().position(|c| c.arn == arn && c.region == region) else {
                return error("ResourceNotFoundException", &format!("Could not find certificate {arn}."));
            };
            if operation == "DeleteCertificate" {
                // As ACM: a certificate an endpoint still uses cannot be deleted.
                let in_use = state.endpoints.iter().any(|endpoint| {
                    endpoint.region == region
                        && endpoint.status != "deleted"
                        && endpoint.parameters.iter().any(|(key, value)| {
                            (key == "ServerCertificateArn" || key.ends_with("ClientRootCertificateChainArn"))
                                && *value == arn
                        })
                });
                if in_use {
                    return error(
                        "ResourceInUseException",
                        &format!("Certificate {arn} in account {ACCOUNT} is in use."),
                    );
                }
                state.certificates.remove(index);
                return ok(json!({}));
            }
            let certificate = &state.certificates[index];
            let mut facts = facts(&certificate.certificate).expect("checked on import");
            let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
            if let Some(days) = state.certificates_expire_in_days {
                facts.not_after = now + days * 86_400;
            }
            let status = if facts.not_after < now { "EXPIRED" } else { "ISSUED" };
            let mut described = json!({
                "CertificateArn": certificate.arn,
                "SubjectAlternativeNames": facts.subject_alternative_names,
                "Serial": facts.serial,
                "Subject": facts.subject,
                "Issuer": facts.issuer,
                "ImportedAt": certificate.imported_at as f64,
                "Status": status,
                "NotBefore": facts.not_before as f64,
                "NotAfter": facts.not_after as f64,
                "KeyAlgorithm": facts.key_algorithm,
                "SignatureAlgorithm": "SHA256WITHRSA",
                "InUseBy": [],
                "Type": "IMPORTED",
                "KeyUsages": facts.key_usages.iter().map(|name| json!({"Name": name})).collect::<Vec<_>>(),
                "ExtendedKeyUsages": facts.extended_key_usages.iter().map(|(name, oid)| json!({"Name": name, "OID": oid})).collect::<Vec<_>>(),
            });
            if let Some(domain) = &facts.domain {
                described["DomainName"] = json!(domain);
            }
            ok(json!({"Certificate": described}))
        }
        "ListCertificates" => {
            let summaries: Vec<Value> = state
                .certificates
                .iter()
                .filter(|certificate| certificate.region == region)
                .filter_map(|certificate| {
                    // As ACM by default: only certificates that have a domain are listed.
                    let domain = facts(&certificate.certificate).ok()?.domain?;
                    Some(json!({"CertificateArn": certificate.arn, "DomainName": domain, "Status": "ISSUED", "Type": "IMPORTED"}))
                })
                .collect();
            ok(json!({"CertificateSummaryList": summaries}))
        }
        "ListTagsForCertificate" => {
            let Some(arn) = arn_of(&body) else {
                return error(
                    "ValidationException",
                    "1 validation error detected: Value null at 'certificateArn' failed to satisfy constraint: Member must not be null",
                );
            };
            match state.certificates.iter().find(|c| c.arn == arn && c.region == region) {
                Some(certificate) => ok(
                    json!({"Tags": certificate.tags.iter().map(|(key, value)| json!({"Key": key, "Value": value})).collect::<Vec<_>>()}),
                ),
                None => error("ResourceNotFoundException", &format!("Could not find certificate {arn}.")),
            }
        }
        "GetCertificate" | "AddTagsToCertificate" => {
            let Some(arn) = arn_of(&body) else {
                return error(
                    "ValidationException",
                    "1 validation error detected: Value null at 'certificateArn' failed to satisfy constraint: Member must not be null",
                );
            };
            let Some(certificate) = state.certificates.iter_mut().find(|c| c.arn == arn && c.region == region) else {
                return error("ResourceNotFoundException", &format!("Could not find certificate {arn}."));
            };
            if operation == "GetCertificate" {
                let mut answer = json!({"Certificate": certificate.certificate.trim_end()});
                if let Some(chain) = &certificate.chain {
                    answer["CertificateChain"] = json!(chain.trim_end());
                }
                return ok(answer);
            }
            for tag in body.get("Tags").and_then(Value::as_array).into_iter().flatten() {
                let field = |name| tag.get(name).and_then(Value::as_str).unwrap_or_default().to_owned();
                let (key, value) = (field("Key"), field("Value"));
                match certificate.tags.iter_mut().find(|(existing, _)| *existing == key) {
                    Some(existing) => existing.1 = value,
                    None => certificate.tags.push((key, value)),
                }
            }
            ok(json!({}))
        }
        other => error("UnknownOperationException", &format!("Unknown operation {other}")),
    }
}
