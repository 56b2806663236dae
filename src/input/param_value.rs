//! The text of one flag, as typed, turned into the value the request model holds.
//!
//! Order as in the aws CLI: a value that is `file://PATH` is replaced by the file's text first;
//! then a structured value is JSON when it starts with `{` or `[`, and shorthand otherwise; then
//! it is shaped by the model (types checked, shorthand strings converted) into the value the
//! request document holds.

use serde_json::Value;

use crate::api::model::Member;
use crate::failure::Failure;
use crate::input::shape_value::{Origin, shape_value};
use crate::input::shorthand::{self, FileLoader};

/// The prefix of a value read from a file.
pub const FILE_PREFIX: &str = "file://";
const BINARY_FILE_PREFIX: &str = "fileb://";

fn parse_error(flag: &str, detail: impl std::fmt::Display) -> Failure {
    Failure::usage(format!("Error parsing parameter '--{flag}': {detail}"))
}

/// `~/…` under HOME, as the aws CLI expands it; any other path as given.
pub fn expand_home(path: &str) -> std::path::PathBuf {
    match (path.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => std::path::Path::new(&home).join(rest),
        _ => std::path::PathBuf::from(path),
    }
}

/// No parameter of this call comes near this size; anything larger is a mistake (or /dev/zero).
pub const MAX_PARAM_FILE_BYTES: u64 = 1024 * 1024;

/// Reads `file://PATH` references (`~/` is expanded) as UTF-8 text.
struct ParamFiles;

impl FileLoader for ParamFiles {
    fn load(&self, reference: &str) -> Result<String, String> {
        if reference.starts_with(BINARY_FILE_PREFIX) {
            return Err(format!(
                "{reference}: fileb:// gives bytes, and this parameter takes text: use file:// instead"
            ));
        }
        let Some(path) = reference.strip_prefix(FILE_PREFIX) else {
            return Ok(reference.to_owned());
        };
        let expanded = expand_home(path);
        if expanded.is_dir() {
            return Err(format!("Unable to load paramfile {reference}: {} is a directory", expanded.display()));
        }
        let bytes = crate::bounded_file::read(&expanded, MAX_PARAM_FILE_BYTES)
            .map_err(|error| format!("Unable to load paramfile {reference}: {error}"))?;
        String::from_utf8(bytes).map_err(|_| {
            format!("Unable to load paramfile ({reference}), text contents could not be decoded. The file must be UTF-8 text.")
        })
    }
}

/// Replaces `file://PATH` by the file's text; any other value is kept.
pub fn load_file_reference(flag: &str, raw: &str) -> Result<String, Failure> {
    ParamFiles.load(raw).map_err(|message| parse_error(flag, message))
}

/// A scalar flag: the text itself, or the text of the file it names.
pub fn scalar(flag: &str, raw: &str) -> Result<String, Failure> {
    load_file_reference(flag, raw)
}

fn looks_like_json(text: &str) -> bool {
    text.trim().starts_with(['{', '['])
}

fn from_json(flag: &str, text: &str) -> Result<Value, Failure> {
    serde_json::from_str(text)
        .map_err(|error| parse_error(flag, format!("Invalid JSON: {error}\nJSON received: {text}")))
}

fn from_shorthand(flag: &str, text: &str) -> Result<Value, Failure> {
    shorthand::parse(text, &ParamFiles).map(Value::Object).map_err(|error| parse_error(flag, error))
}

/// The value shaped by the member's model, as botocore shapes it.
fn shaped(member: &Member, value: Value, origin: Origin) -> Result<Value, Failure> {
    shape_value(value, member.shape, member.name, origin)
        .map_err(|problems| Failure::usage(format!("Parameter validation failed:\n{}", problems.join("\n"))))
}

/// A structure flag such as `--connection-log-options`: JSON, shorthand or `file://`.
pub fn structure_value(flag: &str, member: &Member, raw: &str) -> Result<Value, Failure> {
    let text = load_file_reference(flag, raw)?;
    if looks_like_json(&text) {
        return shaped(member, from_json(flag, &text)?, Origin::Json);
    }
    shaped(member, from_shorthand(flag, &text)?, Origin::Shorthand)
}

/// A list flag of structures (`--authentication-options`, `--filters`): one element per word, or
/// a single word holding a JSON list. The first word decides between JSON and shorthand for all
/// of them, as in the aws CLI.
pub fn structure_list_value(flag: &str, member: &Member, words: &[String]) -> Result<Value, Failure> {
    let words: Vec<String> = match words {
        [only] => vec![load_file_reference(flag, only)?],
        many => many.to_vec(),
    };
    let Some(first) = words.first() else {
        return Ok(Value::Array(Vec::new()));
    };
    if !looks_like_json(first) {
        let elements = words.iter().map(|word| from_shorthand(flag, word)).collect::<Result<Vec<_>, _>>()?;
        return shaped(member, Value::Array(elements), Origin::Shorthand);
    }
    if let [only] = words.as_slice()
        && only.trim_start().starts_with('[')
    {
        return shaped(member, from_json(flag, only)?, Origin::Json);
    }
    let elements = words
        .iter()
        .map(|word| {
            if word.trim_start().starts_with('{') {
                from_json(flag, word)
            } else {
                Err(parse_error(flag, format!("Invalid JSON:\n{word}")))
            }
        })
        .collect::<Result<Vec<_>, _>>()?;
    shaped(member, Value::Array(elements), Origin::Json)
}

/// A list flag of strings (`--dns-servers`, `--client-vpn-endpoint-ids`): one element per word,
/// or a single word holding a JSON list. Shorthand never applies here, as in the aws CLI.
pub fn scalar_list_value(flag: &str, member: &Member, words: &[String]) -> Result<Value, Failure> {
    if let [only] = words {
        let text = load_file_reference(flag, only)?;
        if text.trim_start().starts_with('[') {
            return shaped(member, from_json(flag, &text)?, Origin::Json);
        }
        return Ok(Value::Array(vec![Value::String(text)]));
    }
    Ok(Value::Array(words.iter().cloned().map(Value::String).collect()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::model::request_member;
    use serde_json::json;

    /// The CreateClientVpnEndpoint member a flag sets: `--connection-log-options` sets ConnectionLogOptions.
    fn member_for_flag(flag: &str) -> &'static Member {
        let name: String = flag
            .split('-')
            .map(|word| {
                let mut chars = word.chars();
                chars.next().map(|first| first.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
            })
            .collect();
        request_member(&name).unwrap_or_else(|| panic!("--{flag} names no request member"))
    }

    fn structure(flag: &str, raw: &str) -> Result<Value, Failure> {
        structure_value(flag, member_for_flag(flag), raw)
    }

    fn structure_list(flag: &str, words: &[String]) -> Result<Value, Failure> {
        structure_list_value(flag, member_for_flag(flag), words)
    }

    fn scalar_list(flag: &str, words: &[String]) -> Result<Value, Failure> {
        scalar_list_value(flag, member_for_flag(flag), words)
    }

    #[test]
    fn json_structures_are_read() {
        let options = structure("connection-log-options", r#" {"Enabled": true, "CloudwatchLogGroup": "g"}"#).unwrap();
        assert_eq!(options, json!({"Enabled": true, "CloudwatchLogGroup": "g"}));
    }

    #[test]
    fn errors_name_the_flag() {
        let error = structure("connection-log-options", r#"{"Enabled":}"#).unwrap_err();
        assert!(
            error.to_string().starts_with("Error parsing parameter '--connection-log-options': Invalid JSON"),
            "{error}"
        );
        let error = structure("connection-log-options", r#"{"Foo":1}"#).unwrap_err();
        assert!(error.to_string().contains("Unknown parameter in ConnectionLogOptions: \"Foo\""), "{error}");
        assert_eq!(error.exit_code(), 252);
    }

    #[test]
    fn list_flags_take_one_element_per_word_or_one_json_list() {
        let words = [r#"{"Type":"a"}"#.to_owned(), r#"{"Type":"b"}"#.to_owned()];
        let list = structure_list("authentication-options", &words).unwrap();
        assert_eq!(list, json!([{"Type": "a"}, {"Type": "b"}]));
        let list = structure_list("authentication-options", &[r#"[{"Type":"a"},{"Type":"b"}]"#.to_owned()]).unwrap();
        assert_eq!(list[1]["Type"], "b");
        assert_eq!(
            scalar_list("dns-servers", &[r#"["1.1.1.1","8.8.8.8"]"#.to_owned()]).unwrap(),
            json!(["1.1.1.1", "8.8.8.8"])
        );
        assert_eq!(scalar_list("dns-servers", &["1.1.1.1,8.8.8.8".to_owned()]).unwrap(), json!(["1.1.1.1,8.8.8.8"]));
    }

    #[test]
    fn file_references_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("clo.json");
        std::fs::write(&path, r#"{"Enabled":false}"#).unwrap();
        let options = structure("connection-log-options", &format!("file://{}", path.display())).unwrap();
        assert_eq!(options, json!({"Enabled": false}));
        let missing = scalar("description", "file:///no/such/file").unwrap_err();
        assert!(missing.to_string().contains("Unable to load paramfile file:///no/such/file"), "{missing}");
        let directory = scalar("description", &format!("file://{}", dir.path().display())).unwrap_err();
        assert!(directory.to_string().contains("is a directory"), "{directory}");
        let endless = scalar("description", "file:///dev/zero").unwrap_err();
        assert!(endless.to_string().contains("larger than 1 MiB"), "{endless}");
    }

    fn words(list: &[&str]) -> Vec<String> {
        list.iter().map(|word| word.to_string()).collect()
    }

    #[test]
    fn shorthand_structures_are_read_and_shaped() {
        let options =
            structure("connection-log-options", "Enabled=TRUE,CloudwatchLogGroup=grp,CloudwatchLogStream=strm")
                .unwrap();
        assert_eq!(options, json!({"Enabled": true, "CloudwatchLogGroup": "grp", "CloudwatchLogStream": "strm"}));
        let list = structure_list(
            "authentication-options",
            &words(&[
                "Type=certificate-authentication,MutualAuthentication={ClientRootCertificateChainArn=arn:c}",
                "Type=federated-authentication,FederatedAuthentication={SAMLProviderArn=arn:p}",
            ]),
        )
        .unwrap();
        assert_eq!(
            list,
            json!([
                {"Type": "certificate-authentication", "MutualAuthentication": {"ClientRootCertificateChainArn": "arn:c"}},
                {"Type": "federated-authentication", "FederatedAuthentication": {"SAMLProviderArn": "arn:p"}}
            ])
        );
    }

    /// What the aws CLI refuses before parsing (aws/aws-cli `awscli/argprocess.py`).
    #[test]
    fn the_aws_cli_refusals_are_refused_with_the_flag_named() {
        let error = structure("connection-log-options", "Enabled=true,").unwrap_err();
        assert_eq!(
            error.to_string(),
            "Error parsing parameter '--connection-log-options': Expected: '<second>', received: '<none>' for input:\nEnabled=true,\n             ^"
        );
        let error = structure_list("authentication-options", &words(&["certificate-authentication"])).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("Error parsing parameter '--authentication-options': Expected: '=', received: 'EOF'"),
            "{error}"
        );
        let error = structure_list("authentication-options", &words(&[r#"{"Type":"a"}"#, "Type=b"])).unwrap_err();
        assert_eq!(error.to_string(), "Error parsing parameter '--authentication-options': Invalid JSON:\nType=b");
        let error = structure_list("authentication-options", &words(&["Type=a", r#"{"Type":"b"}"#])).unwrap_err();
        assert!(error.to_string().contains("Expected: '=', received: '{'"), "{error}");
        let error = structure("connection-log-options", "Enabled=yes").unwrap_err();
        assert!(
            error.to_string().starts_with(
                "Parameter validation failed:\nInvalid type for parameter ConnectionLogOptions.Enabled, value: yes"
            ),
            "{error}"
        );
        let error = structure_list("authentication-options", &words(&["Type=x,Foo=y"])).unwrap_err();
        assert_eq!(
            error.to_string(),
            "Parameter validation failed:\nUnknown parameter in AuthenticationOptions[0]: \"Foo\", must be one of: Type, ActiveDirectory, MutualAuthentication, FederatedAuthentication"
        );
        assert_eq!(error.exit_code(), 252);
    }

    #[test]
    fn every_structured_flag_names_a_request_member() {
        for flag in [
            "authentication-options",
            "connection-log-options",
            "tag-specifications",
            "client-connect-options",
            "client-login-banner-options",
            "client-route-enforcement-options",
            "transit-gateway-configuration",
            "device-posture-options",
            "dns-servers",
            "security-group-ids",
        ] {
            assert_eq!(member_for_flag(flag).name.to_ascii_lowercase(), flag.replace('-', ""));
        }
    }
}
