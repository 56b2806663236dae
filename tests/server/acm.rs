//! ACM over JSON 1.1 (`X-Amz-Target: CertificateManager.<Op>`): imported certificates, kept per
//! region, with ACM's member names and error shape (`{"__type": Code, "message": …}`).
//! What ACM reads out of a certificate (DomainName, KeyAlgorithm, key usages) is not derived here
//! yet: DescribeCertificate answers the import's own facts.

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
                state.certificates.remove(index);
                return ok(json!({}));
            }
            let certificate = &state.certificates[index];
            ok(json!({"Certificate": {
                "CertificateArn": certificate.arn,
                "Status": "ISSUED",
                "Type": "IMPORTED",
                "ImportedAt": certificate.imported_at as f64,
                "InUseBy": [],
            }}))
        }
        "ListCertificates" => {
            let summaries: Vec<Value> = state
                .certificates
                .iter()
                .filter(|certificate| certificate.region == region)
                .map(|certificate| json!({"CertificateArn": certificate.arn, "Status": "ISSUED", "Type": "IMPORTED"}))
                .collect();
            ok(json!({"CertificateSummaryList": summaries}))
        }
        other => error("UnknownOperationException", &format!("Unknown operation {other}")),
    }
}
