//! ACM through aws-sdk-acm: the calls `cvpn up` and `cvpn down` make on certificates (import with
//! tags, describe, find by tag, delete), their answers as plain values and their errors sorted as
//! EC2's are. The private key of an import never reaches `--debug` (the attempt log redacts it).

use acm::primitives::Blob;
use acm::types::Tag;
use aws_sdk_acm as acm;

use crate::aws::connection::Connection;
use crate::aws::ec2::{AttemptLog, Call, sort_error};
use crate::aws::session::Session;
use crate::failure::{Failure, FailureKind};
use crate::pki::check::CertificateFacts;

/// An ACM client on the command's session, its attempts seen by `log`.
pub(in crate::aws) fn client(
    session: &Session,
    http_client: Option<acm::config::SharedHttpClient>,
    log: &AttemptLog,
) -> acm::Client {
    let mut config = acm::config::Builder::from(&session.config)
        .credentials_provider(session.credentials.clone())
        .interceptor(log.clone());
    if let Some(http_client) = http_client {
        config = config.http_client(http_client);
    }
    acm::Client::from_conf(config.build())
}

/// An ACM failure, named as the aws CLI names it (`when calling the DeleteCertificate operation`).
fn failed<E>(
    error: acm::error::SdkError<E, acm::config::http::HttpResponse>,
    operation: &'static str,
    log: &AttemptLog,
) -> Failure
where
    E: acm::error::ProvideErrorMetadata + acm::operation::RequestId + std::error::Error + Send + Sync + 'static,
{
    service_failure(error, operation, log, "acm")
}

/// A failure of `service` (`acm`, `sts`: their errors are sorted as EC2's are, named for them).
pub(in crate::aws) fn service_failure<E>(
    error: acm::error::SdkError<E, acm::config::http::HttpResponse>,
    operation: &'static str,
    log: &AttemptLog,
    service: &'static str,
) -> Failure
where
    E: acm::error::ProvideErrorMetadata + acm::operation::RequestId + std::error::Error + Send + Sync + 'static,
{
    let call = Call { operation, log, dry_run: false, unknown_outcome_hint: None };
    let mut failure = match sort_error(error, &call) {
        Ok(_) => Failure::other(format!("{operation} answered as a dry run")),
        Err(failure) => failure,
    };
    if let FailureKind::Service(found) = &mut failure.kind {
        found.service = service;
    }
    failure
}

/// The code of an ACM service error, if that is what `failure` is.
pub fn error_code(failure: &Failure) -> Option<&str> {
    failure.service_error().and_then(|service| service.code.as_deref())
}

/// Imports a certificate with its chain and tags, one attempt; returns its ARN.
pub async fn import(
    connection: &Connection,
    certificate_pem: &str,
    key_pem: &str,
    chain_pem: &str,
    tags: &[(&str, &str)],
) -> Result<String, Failure> {
    // The import carries a private key: never over plain HTTP to another machine.
    crate::aws::http_client::check_secrets_stay_private(connection.settings(), "ACM")?;
    let tags = tags
        .iter()
        .map(|(key, value)| Tag::builder().key(*key).value(*value).build())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|error| Failure::other(format!("A tag could not be built: {error}")))?;
    let answer = connection
        .acm()
        .import_certificate()
        .certificate(Blob::new(certificate_pem.as_bytes()))
        .private_key(Blob::new(key_pem.as_bytes()))
        .certificate_chain(Blob::new(chain_pem.as_bytes()))
        .set_tags(Some(tags))
        // ImportCertificate takes no idempotency token: a retry after a lost answer would import
        // a second copy. The caller looks for the first before it sends again (`vpn::import_once`).
        .customize()
        .config_override(acm::config::Builder::default().retry_config(acm::config::retry::RetryConfig::disabled()))
        .send()
        .await
        .map_err(|error| failed(error, "ImportCertificate", connection.log()))?;
    answer.certificate_arn.ok_or_else(|| Failure::other("ImportCertificate answered without a CertificateArn"))
}

/// Imports a renewed certificate into the ARN it had, so that every endpoint using it keeps
/// working (ACM keeps the ARN and its tags); idempotent, so the SDK's retries are safe.
pub async fn reimport(
    connection: &Connection,
    arn: &str,
    certificate_pem: &str,
    key_pem: &str,
    chain_pem: &str,
) -> Result<(), Failure> {
    // The import carries a private key: never over plain HTTP to another machine.
    crate::aws::http_client::check_secrets_stay_private(connection.settings(), "ACM")?;
    connection
        .acm()
        .import_certificate()
        .certificate_arn(arn)
        .certificate(Blob::new(certificate_pem.as_bytes()))
        .private_key(Blob::new(key_pem.as_bytes()))
        .certificate_chain(Blob::new(chain_pem.as_bytes()))
        .send()
        .await
        .map_err(|error| failed(error, "ImportCertificate", connection.log()))?;
    Ok(())
}

/// What Client VPN needs to know of a certificate in ACM.
pub async fn describe(connection: &Connection, arn: &str) -> Result<CertificateFacts, Failure> {
    let answer = connection
        .acm()
        .describe_certificate()
        .certificate_arn(arn)
        .send()
        .await
        .map_err(|error| failed(error, "DescribeCertificate", connection.log()))?;
    let detail = answer.certificate.unwrap_or_else(|| acm::types::CertificateDetail::builder().build());
    Ok(CertificateFacts {
        serial: detail.serial().map(|serial| serial.replace(':', "").to_ascii_lowercase()),
        arn: arn.to_owned(),
        subject: detail.subject().map(str::to_owned),
        not_after: detail.not_after().map(|at| at.secs()),
        domain: detail.domain_name().map(str::to_owned),
        status: detail.status().map(|status| status.as_str().to_owned()),
        key_algorithm: detail.key_algorithm().map(|algorithm| algorithm.as_str().to_owned()),
        extended_key_usages: detail
            .extended_key_usages()
            .iter()
            .filter_map(|usage| usage.name().map(|name| name.as_str().to_owned()))
            .collect(),
    })
}

/// The ARNs of this region's certificates whose domain is `domain` (every page).
pub async fn with_domain(connection: &Connection, domain: &str) -> Result<Vec<String>, Failure> {
    let mut arns = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let page = connection
            .acm()
            .list_certificates()
            .set_next_token(token.take())
            .send()
            .await
            .map_err(|error| failed(error, "ListCertificates", connection.log()))?;
        arns.extend(
            page.certificate_summary_list()
                .iter()
                .filter(|summary| summary.domain_name() == Some(domain))
                .filter_map(|summary| summary.certificate_arn().map(str::to_owned)),
        );
        match page.next_token() {
            Some(next) if !next.is_empty() => token = Some(next.to_owned()),
            _ => return Ok(arns),
        }
    }
}

/// The value of tag `key` on a certificate, if it has one.
pub async fn tag(connection: &Connection, arn: &str, key: &str) -> Result<Option<String>, Failure> {
    let answer = connection
        .acm()
        .list_tags_for_certificate()
        .certificate_arn(arn)
        .send()
        .await
        .map_err(|error| failed(error, "ListTagsForCertificate", connection.log()))?;
    Ok(answer.tags().iter().find(|tag| tag.key() == key).and_then(|tag| tag.value().map(str::to_owned)))
}

/// A certificate's PEM and its chain's, as ACM holds them (GetCertificate; public parts only).
pub async fn certificate_pem(connection: &Connection, arn: &str) -> Result<(String, Option<String>), Failure> {
    let answer = connection
        .acm()
        .get_certificate()
        .certificate_arn(arn)
        .send()
        .await
        .map_err(|error| failed(error, "GetCertificate", connection.log()))?;
    let certificate = answer
        .certificate()
        .map(str::to_owned)
        .ok_or_else(|| Failure::other(format!("GetCertificate answered without the certificate of {arn}")))?;
    Ok((certificate, answer.certificate_chain().map(str::to_owned)))
}

/// Tags a certificate (AddTagsToCertificate; a tag it has already is set again).
pub async fn add_tag(connection: &Connection, arn: &str, key: &str, value: &str) -> Result<(), Failure> {
    let tag = Tag::builder()
        .key(key)
        .value(value)
        .build()
        .map_err(|error| Failure::other(format!("A tag could not be built: {error}")))?;
    connection
        .acm()
        .add_tags_to_certificate()
        .certificate_arn(arn)
        .tags(tag)
        .send()
        .await
        .map_err(|error| failed(error, "AddTagsToCertificate", connection.log()))?;
    Ok(())
}

/// Deletes a certificate; one already gone counts as deleted.
pub async fn delete(connection: &Connection, arn: &str) -> Result<(), Failure> {
    match connection.acm().delete_certificate().certificate_arn(arn).send().await {
        Ok(_) => Ok(()),
        Err(error) => {
            let failure = failed(error, "DeleteCertificate", connection.log());
            if error_code(&failure) == Some("ResourceNotFoundException") { Ok(()) } else { Err(failure) }
        }
    }
}
