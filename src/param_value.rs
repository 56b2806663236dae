//! The text of one flag, as typed, turned into the value the request model holds.
//!
//! Order as in the aws CLI: a value that is `file://PATH` is replaced by the file's text first;
//! then structured values are parsed. This is where the shorthand syntax plugs in: today a
//! structured value must be JSON.

use serde::de::DeserializeOwned;

use crate::failure::Failure;

const FILE_PREFIX: &str = "file://";
const BINARY_FILE_PREFIX: &str = "fileb://";

fn parse_error(flag: &str, detail: impl std::fmt::Display) -> Failure {
    Failure::usage(format!("Error parsing parameter '--{flag}': {detail}"))
}

/// Replaces `file://PATH` by the file's text (`~` is expanded); any other value is kept.
pub fn load_file_reference(flag: &str, raw: &str) -> Result<String, Failure> {
    if raw.starts_with(BINARY_FILE_PREFIX) {
        return Err(parse_error(flag, "fileb:// gives bytes, and this parameter takes text: use file:// instead"));
    }
    let Some(path) = raw.strip_prefix(FILE_PREFIX) else {
        return Ok(raw.to_owned());
    };
    let expanded = match (path.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => std::path::Path::new(&home).join(rest),
        _ => std::path::PathBuf::from(path),
    };
    if expanded.is_dir() {
        return Err(parse_error(flag, format!("Unable to load paramfile {raw}: {} is a directory", expanded.display())));
    }
    let bytes = std::fs::read(&expanded)
        .map_err(|error| parse_error(flag, format!("Unable to load paramfile {raw}: {error}")))?;
    String::from_utf8(bytes).map_err(|_| {
        parse_error(
            flag,
            format!("Unable to load paramfile ({raw}), text contents could not be decoded. The file must be UTF-8 text."),
        )
    })
}

/// A scalar flag: the text itself, or the text of the file it names.
pub fn scalar(flag: &str, raw: &str) -> Result<String, Failure> {
    load_file_reference(flag, raw)
}

fn looks_like_json(text: &str) -> bool {
    text.trim_start().starts_with(['{', '['])
}

fn from_json<T: DeserializeOwned>(flag: &str, text: &str) -> Result<T, Failure> {
    serde_json::from_str(text).map_err(|error| {
        if error.is_data() {
            parse_error(flag, format!("{error}\nJSON received: {text}"))
        } else {
            parse_error(flag, format!("Invalid JSON: {error}\nJSON received: {text}"))
        }
    })
}

/// A structure flag such as `--connection-log-options`.
pub fn structure<T: DeserializeOwned>(flag: &str, raw: &str) -> Result<T, Failure> {
    let text = load_file_reference(flag, raw)?;
    if !looks_like_json(&text) {
        return Err(parse_error(flag, format!("Invalid JSON:\n{text}\nGive the value as a JSON object, e.g. '{{\"Enabled\":false}}'.")));
    }
    from_json(flag, &text)
}

/// A list flag of structures (`--authentication-options`, `--tag-specifications`): one element
/// per word, or a single word holding a JSON list.
pub fn structure_list<T: DeserializeOwned>(flag: &str, words: &[String]) -> Result<Vec<T>, Failure> {
    if let [only] = words {
        let text = load_file_reference(flag, only)?;
        if text.trim_start().starts_with('[') {
            return from_json(flag, &text);
        }
        return Ok(vec![structure(flag, &text)?]);
    }
    words.iter().map(|word| structure(flag, word)).collect()
}

/// A list flag of strings (`--dns-servers`, `--security-group-ids`): one element per word, or a
/// single word holding a JSON list. Shorthand never applies here, as in the aws CLI.
pub fn scalar_list(flag: &str, words: &[String]) -> Result<Vec<String>, Failure> {
    if let [only] = words {
        let text = load_file_reference(flag, only)?;
        if text.trim_start().starts_with('[') {
            return from_json(flag, &text);
        }
        return Ok(vec![text]);
    }
    Ok(words.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::{AuthenticationRequest, ConnectionLogOptions};

    #[test]
    fn json_structures_are_read() {
        let options: ConnectionLogOptions = structure("connection-log-options", r#" {"Enabled": true, "CloudwatchLogGroup": "g"}"#).unwrap();
        assert_eq!(options.enabled, Some(true));
        assert_eq!(options.cloudwatch_log_group.as_deref(), Some("g"));
    }

    #[test]
    fn errors_name_the_flag() {
        let error = structure::<ConnectionLogOptions>("connection-log-options", r#"{"Enabled":}"#).unwrap_err();
        assert!(error.to_string().starts_with("Error parsing parameter '--connection-log-options': Invalid JSON"), "{error}");
        let error = structure::<ConnectionLogOptions>("connection-log-options", r#"{"Foo":1}"#).unwrap_err();
        assert!(error.to_string().contains("unknown field `Foo`"), "{error}");
        assert_eq!(error.exit_code(), 252);
    }

    #[test]
    fn list_flags_take_one_element_per_word_or_one_json_list() {
        let words = [r#"{"Type":"a"}"#.to_owned(), r#"{"Type":"b"}"#.to_owned()];
        let list: Vec<AuthenticationRequest> = structure_list("authentication-options", &words).unwrap();
        assert_eq!(list.len(), 2);
        let list: Vec<AuthenticationRequest> =
            structure_list("authentication-options", &[r#"[{"Type":"a"},{"Type":"b"}]"#.to_owned()]).unwrap();
        assert_eq!(list[1].r#type.as_deref(), Some("b"));
        assert_eq!(scalar_list("dns-servers", &[r#"["1.1.1.1","8.8.8.8"]"#.to_owned()]).unwrap(), ["1.1.1.1", "8.8.8.8"]);
        assert_eq!(scalar_list("dns-servers", &["1.1.1.1,8.8.8.8".to_owned()]).unwrap(), ["1.1.1.1,8.8.8.8"]);
    }

    #[test]
    fn file_references_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("clo.json");
        std::fs::write(&path, r#"{"Enabled":false}"#).unwrap();
        let options: ConnectionLogOptions = structure("connection-log-options", &format!("file://{}", path.display())).unwrap();
        assert_eq!(options.enabled, Some(false));
        let missing = scalar("description", "file:///no/such/file").unwrap_err();
        assert!(missing.to_string().contains("Unable to load paramfile file:///no/such/file"), "{missing}");
        let directory = scalar("description", &format!("file://{}", dir.path().display())).unwrap_err();
        assert!(directory.to_string().contains("is a directory"), "{directory}");
    }
}
