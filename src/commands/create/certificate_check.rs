//! `cvpn create --check-certificates`: before the create is sent, ACM is asked about the server
//! certificate and every client root chain the request names, and the create is refused (exit
//! 252, nothing sent to EC2) when one cannot work. Off by default: without it create sends
//! exactly what the aws CLI sends.

use serde_json::{Map, Value};

/// The certificate ARNs a create request names, each once, as (how the flags give it, the ARN,
/// whether it is the server's); a client root chain that is the server certificate is checked as
/// the server's.
pub fn certificates_named(request: &Map<String, Value>) -> Vec<(String, String, bool)> {
    let mut named: Vec<(String, String, bool)> = Vec::new();
    if let Some(arn) = request.get("ServerCertificateArn").and_then(Value::as_str) {
        named.push((format!("--server-certificate-arn {arn}"), arn.to_owned(), true));
    }
    let options = request.get("AuthenticationOptions").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    for option in options {
        let chain = option.pointer("/MutualAuthentication/ClientRootCertificateChainArn").and_then(Value::as_str);
        if let Some(arn) = chain.filter(|arn| !named.iter().any(|(_, known, _)| known == arn)) {
            named.push((
                format!("--authentication-options ClientRootCertificateChainArn={arn}"),
                arn.to_owned(),
                false,
            ));
        }
    }
    named
}

/// Asks ACM about each certificate the request names; `Err` (usage, 252) listing every problem.
#[cfg(feature = "aws")]
pub async fn check(
    connection: &crate::aws::Connection,
    request: &Map<String, Value>,
) -> Result<(), crate::failure::Failure> {
    use crate::provision::brought_certificates::{Brought, problems};

    let brought: Vec<Brought> =
        certificates_named(request).into_iter().map(|(given, arn, server)| Brought { given, arn, server }).collect();
    let problems = problems(connection, &brought).await?;
    if problems.is_empty() {
        return Ok(());
    }
    Err(crate::failure::Failure::usage(format!(
        "--check-certificates: the endpoint cannot use these certificates:\n  {}\nNothing was sent to EC2.",
        problems.join("\n  ")
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_server_certificate_and_each_other_root_chain_once() {
        let request = serde_json::json!({
            "ServerCertificateArn": "arn:s",
            "AuthenticationOptions": [
                {"Type": "certificate-authentication", "MutualAuthentication": {"ClientRootCertificateChainArn": "arn:s"}},
                {"Type": "certificate-authentication", "MutualAuthentication": {"ClientRootCertificateChainArn": "arn:c"}},
                {"Type": "directory-service-authentication", "ActiveDirectory": {"DirectoryId": "d-1"}},
            ],
        });
        let named = certificates_named(request.as_object().unwrap());
        assert_eq!(named.len(), 2, "{named:?}");
        assert_eq!(named[0], ("--server-certificate-arn arn:s".to_owned(), "arn:s".to_owned(), true));
        let chain =
            ("--authentication-options ClientRootCertificateChainArn=arn:c".to_owned(), "arn:c".to_owned(), false);
        assert_eq!(named[1], chain);
        assert!(certificates_named(&Map::new()).is_empty());
    }
}
