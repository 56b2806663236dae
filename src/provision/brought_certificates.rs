//! Certificates someone brought in ACM, checked before an endpoint is asked to use them: the one
//! place `cvpn up --server-cert`, `cvpn create --check-certificates` and `cvpn pki check ARN` ask
//! ACM. A certificate of another region is named as such before ACM is asked (ACM answers for its
//! own region only, and an endpoint takes certificates of its region only).

use crate::aws::Connection;
use crate::failure::Failure;
use crate::pki::check::CertificateFacts;
use crate::provision::preflight::{arn_region, check_region, check_server_certificate};

/// What ACM holds of a certificate in the connection's region.
pub enum InAcm {
    Found(CertificateFacts),
    /// The ARN names another region (this one).
    Elsewhere(String),
    /// ACM has no such certificate in this region.
    Missing,
}

/// Asks ACM about `arn`, unless it is of another region.
pub async fn look_up(connection: &Connection, arn: &str) -> Result<InAcm, Failure> {
    if let Some(elsewhere) = arn_region(arn).filter(|elsewhere| *elsewhere != connection.region()) {
        return Ok(InAcm::Elsewhere(elsewhere.to_owned()));
    }
    match crate::aws::acm::describe(connection, arn).await {
        Ok(facts) => Ok(InAcm::Found(facts)),
        Err(failure) if crate::aws::acm::error_code(&failure) == Some("ResourceNotFoundException") => {
            Ok(InAcm::Missing)
        }
        Err(failure) => Err(failure),
    }
}

/// A certificate an endpoint is to use: how the user gave it (`--server-cert ARN`), its ARN, and
/// whether it is the server's (else a client root chain).
pub struct Brought {
    pub given: String,
    pub arn: String,
    pub server: bool,
}

/// Every problem the brought certificates have: the server's must serve as a server certificate
/// (a domain, ISSUED, RSA 1024 or 2048, serverAuth), a root chain must be ISSUED, and each must
/// be in ACM in the endpoint's region.
pub async fn problems(connection: &Connection, brought: &[Brought]) -> Result<Vec<String>, Failure> {
    let region = connection.region();
    let mut problems = Vec::new();
    for certificate in brought {
        let given = &certificate.given;
        match look_up(connection, &certificate.arn).await? {
            InAcm::Elsewhere(_) => problems.extend(check_region(given, &certificate.arn, region)),
            InAcm::Missing => problems.push(format!("{given}: ACM has no such certificate in {region}")),
            InAcm::Found(facts) if certificate.server => {
                problems.extend(check_server_certificate(given, &facts, region))
            }
            InAcm::Found(facts) => {
                if let Some(status) = facts.status.as_deref().filter(|status| *status != "ISSUED") {
                    problems.push(format!("{given}: its status is {status}, not ISSUED; import a valid certificate"));
                }
            }
        }
    }
    Ok(problems)
}
