//! Secrets Manager through aws-sdk-secretsmanager: the calls a PKI kept in one secret per VPN
//! makes (create with tags, read a version, describe its versions and tags, write a version
//! under a label of its own, move `AWSCURRENT` from the version a writer read, delete with a
//! recovery window), their answers as plain values and their errors sorted as EC2's are. A
//! secret's value never reaches `--debug` (the attempt log redacts `SecretString`).

use std::collections::BTreeMap;

use aws_sdk_secretsmanager as secretsmanager;
use secretsmanager::types::Tag;

use crate::aws::connection::Connection;
use crate::failure::Failure;

/// The label a writer puts on its new version, so that writing does not make it current:
/// `AWSCURRENT` moves only by `make_current`, from the version the writer read.
pub const PENDING_STAGE: &str = "cvpn-pending";

/// A secret's value at one version.
pub struct SecretValue {
    pub version_id: String,
    pub text: String,
}

impl std::fmt::Debug for SecretValue {
    /// The version only: the value is a VPN's PKI.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SecretValue").field("version_id", &self.version_id).finish_non_exhaustive()
    }
}

/// What DescribeSecret says of a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretFacts {
    pub arn: String,
    pub tags: Vec<(String, String)>,
    /// Version ID → its labels, for the versions that have one.
    pub stages: BTreeMap<String, Vec<String>>,
    /// Scheduled for deletion (DeleteSecret with a recovery window).
    pub deleted: bool,
}

impl SecretFacts {
    /// The version `AWSCURRENT` labels.
    pub fn current(&self) -> Option<&str> {
        self.stages
            .iter()
            .find(|(_, labels)| labels.iter().any(|label| label == "AWSCURRENT"))
            .map(|(id, _)| id.as_str())
    }
}

fn failed<E>(
    error: secretsmanager::error::SdkError<E, secretsmanager::config::http::HttpResponse>,
    operation: &'static str,
    connection: &Connection,
) -> Failure
where
    E: secretsmanager::error::ProvideErrorMetadata
        + secretsmanager::operation::RequestId
        + std::error::Error
        + Send
        + Sync
        + 'static,
{
    crate::aws::acm::service_failure(error, operation, connection.log(), "secretsmanager")
}

/// Whether `failure` is Secrets Manager's `code`.
pub fn is(failure: &Failure, code: &str) -> bool {
    crate::aws::acm::error_code(failure) == Some(code)
}

fn check_private(connection: &Connection) -> Result<(), Failure> {
    crate::aws::http_client::check_secrets_stay_private(connection.settings(), "SECRETS_MANAGER")
}

/// The secret `name`'s tags, versions and state; `None` when there is no such secret.
pub async fn describe(connection: &Connection, name: &str) -> Result<Option<SecretFacts>, Failure> {
    let answer = connection.secrets().describe_secret().secret_id(name).send().await;
    let answer = match answer {
        Ok(answer) => answer,
        Err(error) => {
            let failure = failed(error, "DescribeSecret", connection);
            return if is(&failure, "ResourceNotFoundException") { Ok(None) } else { Err(failure) };
        }
    };
    let tags = answer
        .tags()
        .iter()
        .map(|tag| (tag.key().unwrap_or_default().to_owned(), tag.value().unwrap_or_default().to_owned()))
        .collect();
    let stages = answer
        .version_ids_to_stages()
        .map(|map| map.iter().map(|(id, labels)| (id.clone(), labels.clone())).collect())
        .unwrap_or_default();
    Ok(Some(SecretFacts {
        arn: answer.arn().unwrap_or_default().to_owned(),
        tags,
        stages,
        deleted: answer.deleted_date().is_some(),
    }))
}

/// The secret's value at `version_id`, else its current one.
pub async fn read(connection: &Connection, name: &str, version_id: Option<&str>) -> Result<SecretValue, Failure> {
    check_private(connection)?;
    let answer = connection
        .secrets()
        .get_secret_value()
        .secret_id(name)
        .set_version_id(version_id.map(str::to_owned))
        .send()
        .await
        .map_err(|error| failed(error, "GetSecretValue", connection))?;
    let text = answer
        .secret_string()
        .ok_or_else(|| Failure::other(format!("the secret {name} holds no text (SecretString); it is not cvpn's")))?;
    Ok(SecretValue { version_id: answer.version_id().unwrap_or_default().to_owned(), text: text.to_owned() })
}

/// Makes the secret `name` with `text` as its first (current) version `token`, tagged, encrypted
/// with `kms_key_id` when given (else the account's `aws/secretsmanager` key).
pub async fn create(
    connection: &Connection,
    name: &str,
    text: &str,
    token: &str,
    kms_key_id: Option<&str>,
    tags: &[(&str, &str)],
) -> Result<String, Failure> {
    check_private(connection)?;
    let tags = tags.iter().map(|(key, value)| Tag::builder().key(*key).value(*value).build()).collect();
    let answer = connection
        .secrets()
        .create_secret()
        .name(name)
        .description("A cvpn VPN's PKI: its CA, certificates and revocations (cvpn pki pull makes a local copy)")
        .client_request_token(token)
        .secret_string(text)
        .set_kms_key_id(kms_key_id.map(str::to_owned))
        .set_tags(Some(tags))
        .send()
        .await
        .map_err(|error| failed(error, "CreateSecret", connection))?;
    Ok(answer.version_id().unwrap_or(token).to_owned())
}

/// Writes `text` as version `token` of `name`, labelled `PENDING_STAGE` only: nobody reads it as
/// current until `make_current` moves `AWSCURRENT` to it.
pub async fn write_pending(connection: &Connection, name: &str, text: &str, token: &str) -> Result<(), Failure> {
    check_private(connection)?;
    connection
        .secrets()
        .put_secret_value()
        .secret_id(name)
        .client_request_token(token)
        .secret_string(text)
        .version_stages(PENDING_STAGE)
        .send()
        .await
        .map_err(|error| failed(error, "PutSecretValue", connection))?;
    Ok(())
}

/// Moves `AWSCURRENT` to `version_id` from `read_version`, the version the writer started from;
/// `false` when another writer's version is current now (nothing was moved).
pub async fn make_current(
    connection: &Connection,
    name: &str,
    version_id: &str,
    read_version: &str,
) -> Result<bool, Failure> {
    let moved = connection
        .secrets()
        .update_secret_version_stage()
        .secret_id(name)
        .version_stage("AWSCURRENT")
        .move_to_version_id(version_id)
        .remove_from_version_id(read_version)
        .send()
        .await;
    match moved {
        Ok(_) => Ok(true),
        Err(error) => {
            let failure = failed(error, "UpdateSecretVersionStage", connection);
            if !is(&failure, "InvalidParameterException") {
                return Err(failure);
            }
            // Refused because the label is elsewhere, or for another reason: the secret says which.
            let facts = describe(connection, name).await?;
            match facts.as_ref().and_then(SecretFacts::current) {
                Some(current) if current != read_version => Ok(false),
                _ => Err(failure),
            }
        }
    }
}

/// Schedules the secret's deletion in `recovery_days` (7 to 30): until then
/// `aws secretsmanager restore-secret` brings it back.
pub async fn delete(connection: &Connection, name: &str, recovery_days: i64) -> Result<(), Failure> {
    connection
        .secrets()
        .delete_secret()
        .secret_id(name)
        .recovery_window_in_days(recovery_days)
        .send()
        .await
        .map_err(|error| failed(error, "DeleteSecret", connection))?;
    Ok(())
}
