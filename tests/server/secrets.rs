//! Secrets Manager over JSON 1.1 (`X-Amz-Target: secretsmanager.<Op>`): secrets kept per region
//! with their versions and staging labels, as
//! <https://docs.aws.amazon.com/secretsmanager/latest/userguide/whats-in-a-secret.html> describes
//! them. A new version takes the labels it is given (`AWSCURRENT` when none), each taken from the
//! version that had it; when `AWSCURRENT` moves, `AWSPREVIOUS` goes to the version it left.
//! UpdateSecretVersionStage moves a label only from the version `RemoveFromVersionId` names, so
//! a writer can make its version current only on top of the one it read. A ClientRequestToken is
//! the version's ID: repeated with the same value it answers as before, with another value it is
//! refused. Callers whose access key starts with `DENIED` are refused every call, as an identity
//! without a policy is.

use serde_json::{Value, json};

use super::State;
use super::acm::ACCOUNT;

/// One secret.
#[derive(Debug, Clone)]
pub struct Secret {
    pub region: String,
    pub name: String,
    pub arn: String,
    pub kms_key_id: Option<String>,
    pub tags: Vec<(String, String)>,
    /// In the order they were made.
    pub versions: Vec<Version>,
    /// Set by DeleteSecret with a recovery window.
    pub deleted: bool,
    pub recovery_days: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct Version {
    pub id: String,
    pub value: String,
    pub stages: Vec<String>,
    pub created: u64,
}

impl Secret {
    /// The value `AWSCURRENT` labels.
    pub fn current(&self) -> Option<&Version> {
        self.with_stage("AWSCURRENT")
    }

    fn with_stage(&self, stage: &str) -> Option<&Version> {
        self.versions.iter().find(|version| version.stages.iter().any(|label| label == stage))
    }

    /// Puts `stage` on version `to`, taking it from the version that has it; `AWSCURRENT` leaves
    /// `AWSPREVIOUS` on the version it left.
    fn move_stage(&mut self, stage: &str, to: &str) {
        let from = self.with_stage(stage).map(|version| version.id.clone());
        if from.as_deref() == Some(to) {
            return;
        }
        for version in &mut self.versions {
            version.stages.retain(|label| label != stage);
        }
        if stage == "AWSCURRENT"
            && let Some(from) = &from
        {
            for version in &mut self.versions {
                version.stages.retain(|label| label != "AWSPREVIOUS");
            }
            if let Some(left) = self.versions.iter_mut().find(|version| version.id == *from) {
                left.stages.push("AWSPREVIOUS".to_owned());
            }
        }
        if let Some(version) = self.versions.iter_mut().find(|version| version.id == to) {
            version.stages.push(stage.to_owned());
        }
    }

    fn stages_by_version(&self) -> Value {
        let mut map = serde_json::Map::new();
        for version in self.versions.iter().filter(|version| !version.stages.is_empty()) {
            map.insert(version.id.clone(), json!(version.stages));
        }
        Value::Object(map)
    }

    fn tags_json(&self) -> Value {
        json!(self.tags.iter().map(|(key, value)| json!({"Key": key, "Value": value})).collect::<Vec<_>>())
    }
}

pub(super) fn error(code: &str, message: &str) -> (u16, String, String) {
    (400, "application/x-amz-json-1.1".to_owned(), json!({"__type": code, "Message": message}).to_string())
}

fn ok(body: Value) -> (u16, String, String) {
    (200, "application/x-amz-json-1.1".to_owned(), body.to_string())
}

fn now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs()
}

fn not_found() -> (u16, String, String) {
    error("ResourceNotFoundException", "Secrets Manager can't find the specified secret.")
}

fn text<'a>(body: &'a Value, name: &str) -> Option<&'a str> {
    body.get(name).and_then(Value::as_str)
}

fn tags_of(body: &Value) -> Vec<(String, String)> {
    body.get("Tags")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|tag| {
            let field = |name| text(tag, name).unwrap_or_default().to_owned();
            (field("Key"), field("Value"))
        })
        .collect()
}

/// The caller's access key, from the SigV4 credential scope.
fn access_key(authorization: Option<&str>) -> &str {
    authorization
        .and_then(|value| value.split("Credential=").nth(1))
        .and_then(|scope| scope.split('/').next())
        .unwrap_or_default()
}

pub(super) fn answer(
    operation: &str,
    body: &str,
    region: &str,
    authorization: Option<&str>,
    state: &mut State,
) -> (u16, String, String) {
    let Ok(body) = serde_json::from_str::<Value>(if body.is_empty() { "{}" } else { body }) else {
        return error("SerializationException", "The request body is not JSON");
    };
    if access_key(authorization).starts_with("DENIED") {
        let resource = text(&body, "SecretId").or_else(|| text(&body, "Name")).unwrap_or("*");
        return error(
            "AccessDeniedException",
            &format!(
                "User: arn:aws:iam::{ACCOUNT}:user/denied is not authorized to perform: secretsmanager:{operation} \
                 on resource: {resource} because no identity-based policy allows the secretsmanager:{operation} action"
            ),
        );
    }
    if operation == "CreateSecret" {
        return create(&body, region, state);
    }
    if operation == "ListSecrets" {
        return list(&body, region, state);
    }
    let Some(id) = text(&body, "SecretId") else {
        return error("InvalidParameterException", "You must provide a value for the SecretId parameter.");
    };
    let Some(index) =
        state.secrets.iter().position(|secret| secret.region == region && (secret.name == id || secret.arn == id))
    else {
        return not_found();
    };
    let secret = &mut state.secrets[index];
    if operation == "DescribeSecret" {
        let mut described = json!({
            "ARN": secret.arn,
            "Name": secret.name,
            "Tags": secret.tags_json(),
            "VersionIdsToStages": secret.stages_by_version(),
            "CreatedDate": secret.versions.first().map(|version| version.created).unwrap_or_else(now) as f64,
            "LastChangedDate": secret.versions.last().map(|version| version.created).unwrap_or_else(now) as f64,
        });
        if let Some(key) = &secret.kms_key_id {
            described["KmsKeyId"] = json!(key);
        }
        if secret.deleted {
            described["DeletedDate"] = json!(now() as f64);
        }
        return ok(described);
    }
    if secret.deleted {
        return error(
            "InvalidRequestException",
            "You can't perform this operation on the secret because it was marked for deletion.",
        );
    }
    match operation {
        "GetSecretValue" => {
            let version = match (text(&body, "VersionId"), text(&body, "VersionStage")) {
                (Some(id), _) => secret.versions.iter().find(|version| version.id == id),
                (None, stage) => secret.with_stage(stage.unwrap_or("AWSCURRENT")),
            };
            let Some(version) = version else {
                return error(
                    "ResourceNotFoundException",
                    "Secrets Manager can't find the specified secret value for the version or staging label given.",
                );
            };
            ok(json!({
                "ARN": secret.arn,
                "Name": secret.name,
                "VersionId": version.id,
                "SecretString": version.value,
                "VersionStages": version.stages,
                "CreatedDate": version.created as f64,
            }))
        }
        "PutSecretValue" => {
            let Some(value) = text(&body, "SecretString") else {
                return error("InvalidParameterException", "You must provide either SecretString or SecretBinary.");
            };
            let Some(token) = text(&body, "ClientRequestToken") else {
                return error("InvalidParameterException", "You must provide a ClientRequestToken.");
            };
            let stages: Vec<String> = match body.get("VersionStages").and_then(Value::as_array) {
                Some(stages) => stages.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
                None => vec!["AWSCURRENT".to_owned()],
            };
            if let Some(existing) = secret.versions.iter().find(|version| version.id == token) {
                if existing.value != value {
                    return error(
                        "ResourceExistsException",
                        "You can't modify an existing version, you can only create a new version.",
                    );
                }
                return ok(
                    json!({"ARN": secret.arn, "Name": secret.name, "VersionId": token, "VersionStages": existing.stages}),
                );
            }
            secret.versions.push(Version {
                id: token.to_owned(),
                value: value.to_owned(),
                stages: Vec::new(),
                created: now(),
            });
            for stage in &stages {
                secret.move_stage(stage, token);
            }
            let stages = &secret.versions.last().expect("just pushed").stages;
            ok(json!({"ARN": secret.arn, "Name": secret.name, "VersionId": token, "VersionStages": stages}))
        }
        "UpdateSecretVersionStage" => {
            let Some(stage) = text(&body, "VersionStage") else {
                return error("InvalidParameterException", "You must provide a value for the VersionStage parameter.");
            };
            let holder = secret.with_stage(stage).map(|version| version.id.clone());
            let remove_from = text(&body, "RemoveFromVersionId");
            match (text(&body, "MoveToVersionId"), holder) {
                (Some(to), _) if !secret.versions.iter().any(|version| version.id == to) => error(
                    "ResourceNotFoundException",
                    &format!("Secrets Manager can't find the specified secret value for VersionId: {to}"),
                ),
                (Some(to), Some(holder)) if holder != to && remove_from != Some(holder.as_str()) => error(
                    "InvalidParameterException",
                    &format!(
                        "The staging label {stage} is currently attached to version {holder}, not to the version \
                         specified in RemoveFromVersionId."
                    ),
                ),
                (Some(to), _) => {
                    secret.move_stage(stage, to);
                    ok(json!({"ARN": secret.arn, "Name": secret.name}))
                }
                (None, holder)
                    if holder.as_deref() == remove_from && remove_from.is_some() && stage != "AWSCURRENT" =>
                {
                    for version in &mut secret.versions {
                        version.stages.retain(|label| label != stage);
                    }
                    ok(json!({"ARN": secret.arn, "Name": secret.name}))
                }
                (None, _) => error(
                    "InvalidParameterException",
                    "You must specify MoveToVersionId, or RemoveFromVersionId naming the version the label is on.",
                ),
            }
        }
        "ListSecretVersionIds" => {
            let deprecated = body.get("IncludeDeprecated").and_then(Value::as_bool).unwrap_or(false);
            let versions: Vec<Value> = secret
                .versions
                .iter()
                .filter(|version| deprecated || !version.stages.is_empty())
                .map(|version| {
                    json!({"VersionId": version.id, "VersionStages": version.stages, "CreatedDate": version.created as f64})
                })
                .collect();
            ok(json!({"ARN": secret.arn, "Name": secret.name, "Versions": versions}))
        }
        "TagResource" => {
            for (key, value) in tags_of(&body) {
                match secret.tags.iter_mut().find(|(existing, _)| *existing == key) {
                    Some(existing) => existing.1 = value,
                    None => secret.tags.push((key, value)),
                }
            }
            ok(json!({}))
        }
        "DeleteSecret" => {
            let force = body.get("ForceDeleteWithoutRecovery").and_then(Value::as_bool).unwrap_or(false);
            let days = body.get("RecoveryWindowInDays").and_then(Value::as_i64);
            if force && days.is_some() {
                return error(
                    "InvalidParameterException",
                    "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.",
                );
            }
            let days = days.unwrap_or(30);
            if !force && !(7..=30).contains(&days) {
                return error(
                    "InvalidParameterException",
                    "The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).",
                );
            }
            let answer =
                json!({"ARN": secret.arn, "Name": secret.name, "DeletionDate": (now() + days as u64 * 86_400) as f64});
            if force {
                state.secrets.remove(index);
            } else {
                secret.deleted = true;
                secret.recovery_days = Some(days);
            }
            ok(answer)
        }
        other => error("UnknownOperationException", &format!("Unknown operation {other}")),
    }
}

fn create(body: &Value, region: &str, state: &mut State) -> (u16, String, String) {
    let Some(name) = text(body, "Name") else {
        return error("InvalidParameterException", "You must provide a value for the Name parameter.");
    };
    if let Some(existing) = state.secrets.iter().find(|secret| secret.region == region && secret.name == name) {
        if existing.deleted {
            return error(
                "InvalidRequestException",
                "You can't create this secret because a secret with this name is already scheduled for deletion.",
            );
        }
        // The same token and value again: the answer of the first call.
        let token = text(body, "ClientRequestToken");
        if let (Some(token), Some(version)) = (token, existing.versions.first())
            && version.id == token
            && text(body, "SecretString") == Some(version.value.as_str())
        {
            return ok(json!({"ARN": existing.arn, "Name": existing.name, "VersionId": token}));
        }
        return error(
            "ResourceExistsException",
            &format!("The operation failed because the secret {name} already exists."),
        );
    }
    let suffix: String = format!("{:06x}", state.secrets.len() * 7919 + 0xa1b2c3).chars().take(6).collect();
    let arn = format!("arn:aws:secretsmanager:{region}:{ACCOUNT}:secret:{name}-{suffix}");
    let mut secret = Secret {
        region: region.to_owned(),
        name: name.to_owned(),
        arn: arn.clone(),
        kms_key_id: text(body, "KmsKeyId").map(str::to_owned),
        tags: tags_of(body),
        versions: Vec::new(),
        deleted: false,
        recovery_days: None,
    };
    let mut answer = json!({"ARN": arn, "Name": name});
    if let Some(value) = text(body, "SecretString") {
        let token =
            text(body, "ClientRequestToken").map(str::to_owned).unwrap_or_else(|| uuid_like(state.secrets.len()));
        secret.versions.push(Version {
            id: token.clone(),
            value: value.to_owned(),
            stages: vec!["AWSCURRENT".to_owned()],
            created: now(),
        });
        answer["VersionId"] = json!(token);
    }
    state.secrets.push(secret);
    ok(answer)
}

fn list(body: &Value, region: &str, state: &State) -> (u16, String, String) {
    let filters: Vec<(String, Vec<String>)> = body
        .get("Filters")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|filter| {
            let values = filter.get("Values").and_then(Value::as_array).into_iter().flatten();
            (
                text(filter, "Key").unwrap_or_default().to_owned(),
                values.filter_map(Value::as_str).map(str::to_owned).collect(),
            )
        })
        .collect();
    let matches = |secret: &Secret| {
        filters.iter().all(|(key, values)| {
            values.iter().any(|value| match key.as_str() {
                "name" => secret.name.starts_with(value.as_str()),
                "tag-key" => secret.tags.iter().any(|(tag, _)| tag == value),
                "tag-value" => secret.tags.iter().any(|(_, tag)| tag == value),
                _ => false,
            })
        })
    };
    let listed: Vec<Value> = state
        .secrets
        .iter()
        .filter(|secret| secret.region == region && !secret.deleted && matches(secret))
        .map(|secret| {
            json!({"ARN": secret.arn, "Name": secret.name, "Tags": secret.tags_json(), "SecretVersionsToStages": secret.stages_by_version()})
        })
        .collect();
    ok(json!({"SecretList": listed}))
}

fn uuid_like(n: usize) -> String {
    format!("00000000-0000-4000-b000-{n:012}")
}
