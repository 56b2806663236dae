//! What Tab offers for a flag's value: the fixed choices, `file://` paths, and inside shorthand
//! the member names and enumeration values of the model (`Type=<Tab>`,
//! `MutualAuthentication={<Tab>`). Pure functions of the word typed so far: no configuration is
//! read and nothing touches the network.

use crate::api::model::{Limit, Member, Shape};
use crate::input::param_value::FILE_PREFIX;

/// A completion for a whole word: the shell replaces the word typed with it.
pub type Candidates = Vec<String>;

fn starts_with_ignoring_case(candidate: &str, typed: &str) -> bool {
    candidate.len() >= typed.len() && candidate[..typed.len()].eq_ignore_ascii_case(typed)
}

fn matching<'a>(prefix: &str, typed: &str, words: impl IntoIterator<Item = &'a str>, suffix: &str) -> Candidates {
    words
        .into_iter()
        .filter(|word| starts_with_ignoring_case(word, typed))
        .map(|word| format!("{prefix}{word}{suffix}"))
        .collect()
}

/// Numbers a member takes, where the API fixes them.
/// The integers a member takes, when the model says which.
fn fixed_numbers(member: &Member) -> Option<&'static [i32]> {
    match member.limit {
        Some(Limit::OneOf(values)) => Some(values),
        _ => None,
    }
}

/// Candidates for the value of the flag that sets `member`, given the word typed so far.
/// `file://` words are left to path completion (see `file_reference_path`).
pub fn value_candidates(member: &Member, typed: &str) -> Candidates {
    if let Some(numbers) = fixed_numbers(member) {
        let texts: Vec<String> = numbers.iter().map(i32::to_string).collect();
        return matching("", typed, texts.iter().map(String::as_str), "");
    }
    match member.shape {
        Shape::Enum(values) => matching("", typed, values.iter().copied(), ""),
        Shape::Boolean => matching("", typed, ["true", "false"], ""),
        shape if shape.is_complex() => shorthand_candidates(shape.list_member(), typed),
        _ => Vec::new(),
    }
}

/// The path part of a `file://` word, when the word is one.
pub fn file_reference_path(typed: &str) -> Option<&str> {
    typed.strip_prefix(FILE_PREFIX)
}

/// Where the cursor is inside a shorthand value.
enum Position<'s> {
    /// Typing a member name of this structure, from this byte offset.
    Key { structure: &'static [Member], start: usize },
    /// Typing the value of a member of this shape, from this byte offset.
    Value { shape: &'s Shape, start: usize },
    /// Inside quotes or past a closing bracket: nothing to offer.
    Nowhere,
}

/// A context opened by `{` or `[`.
enum Open {
    Structure(&'static [Member]),
    List(&'static Shape),
}

/// Follows the shorthand typed so far and finds what is being typed at its end.
fn position(structure: &'static [Member], typed: &str) -> Position<'static> {
    let mut stack: Vec<Open> = vec![Open::Structure(structure)];
    let mut current = Position::Key { structure, start: 0 };
    let mut quote: Option<char> = None;
    for (index, c) in typed.char_indices() {
        if let Some(open) = quote {
            if c == open {
                quote = None;
            }
            continue;
        }
        let next = index + c.len_utf8();
        match (&current, c) {
            (_, '\'' | '"') => quote = Some(c),
            (Position::Key { structure, start }, '=') => {
                let name = typed[*start..index].trim().trim_end_matches('@').trim();
                current = match structure.iter().find(|member| member.name == name) {
                    Some(member) => Position::Value { shape: member.shape, start: next },
                    None => Position::Nowhere,
                };
            }
            (Position::Value { shape: Shape::Structure(members), .. }, '{') => {
                stack.push(Open::Structure(members));
                current = Position::Key { structure: members, start: next };
            }
            (Position::Value { shape: Shape::List(element), .. }, '[') => {
                stack.push(Open::List(element));
                current = Position::Value { shape: element, start: next };
            }
            (_, ',') => {
                current = match stack.last() {
                    Some(Open::List(element)) => Position::Value { shape: element, start: next },
                    Some(Open::Structure(members)) => Position::Key { structure: members, start: next },
                    None => Position::Nowhere,
                };
            }
            (_, '}' | ']') => {
                stack.pop();
                current = Position::Nowhere;
            }
            _ => {}
        }
    }
    if quote.is_some() { Position::Nowhere } else { current }
}

fn shorthand_candidates(shape: &'static Shape, typed: &str) -> Candidates {
    let Shape::Structure(members) = shape else { return Vec::new() };
    match position(members, typed) {
        Position::Key { structure, start } => {
            let partial = typed[start..].trim_start();
            let prefix = &typed[..typed.len() - partial.len()];
            matching(prefix, partial, structure.iter().map(|member| member.name), "=")
        }
        Position::Value { shape, start } => {
            let (prefix, partial) = typed.split_at(start);
            match shape {
                Shape::Enum(values) => matching(prefix, partial, values.iter().copied(), ""),
                Shape::Boolean => matching(prefix, partial, ["true", "false"], ""),
                Shape::Structure(members) if partial.is_empty() => {
                    members.iter().map(|member| format!("{prefix}{{{}=", member.name)).collect()
                }
                Shape::List(element) if partial.is_empty() => match element {
                    Shape::Structure(members) => {
                        members.iter().map(|member| format!("{prefix}[{{{}=", member.name)).collect()
                    }
                    _ => vec![format!("{prefix}[")],
                },
                _ => Vec::new(),
            }
        }
        Position::Nowhere => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::model::request_member;

    fn complete(member: &str, typed: &str) -> Candidates {
        value_candidates(request_member(member).unwrap(), typed)
    }

    #[test]
    fn fixed_choices() {
        assert_eq!(complete("TransportProtocol", ""), ["tcp", "udp"]);
        assert_eq!(complete("VpnPort", ""), ["443", "1194"]);
        assert_eq!(complete("VpnPort", "11"), ["1194"]);
        assert_eq!(complete("SessionTimeoutHours", "1"), ["10", "12"]);
        assert_eq!(complete("EndpointIpAddressType", "d"), ["dual-stack"]);
        assert_eq!(complete("SelfServicePortal", ""), ["enabled", "disabled"]);
        assert!(complete("Description", "").is_empty());
    }

    #[test]
    fn shorthand_keys_and_enum_values() {
        assert_eq!(
            complete("AuthenticationOptions", "Type="),
            [
                "Type=certificate-authentication",
                "Type=directory-service-authentication",
                "Type=federated-authentication"
            ]
        );
        assert_eq!(complete("AuthenticationOptions", "Type=fed"), ["Type=federated-authentication"]);
        assert_eq!(
            complete("AuthenticationOptions", "Type=certificate-authentication,MutualAuthentication={"),
            ["Type=certificate-authentication,MutualAuthentication={ClientRootCertificateChainArn="]
        );
        assert_eq!(
            complete("AuthenticationOptions", "Type=certificate-authentication,Mu"),
            ["Type=certificate-authentication,MutualAuthentication="]
        );
        assert_eq!(complete("ConnectionLogOptions", "Enabled="), ["Enabled=true", "Enabled=false"]);
        assert_eq!(complete("ConnectionLogOptions", "Enabled=true,Cloud").len(), 2);
        assert_eq!(complete("ConnectionLogOptions", "").len(), 4);
    }

    #[test]
    fn nested_lists_and_structures() {
        assert_eq!(
            complete("TagSpecifications", "ResourceType=client-vpn-endpoint,Tags="),
            ["ResourceType=client-vpn-endpoint,Tags=[{Key=", "ResourceType=client-vpn-endpoint,Tags=[{Value="]
        );
        assert_eq!(
            complete("TagSpecifications", "ResourceType=client-vpn-endpoint,Tags=[{Key=a,"),
            [
                "ResourceType=client-vpn-endpoint,Tags=[{Key=a,Key=",
                "ResourceType=client-vpn-endpoint,Tags=[{Key=a,Value="
            ]
        );
        assert_eq!(complete("TagSpecifications", "ResourceType=client-vpn"), ["ResourceType=client-vpn-endpoint"]);
        assert_eq!(
            complete("DevicePostureOptions", "TrustProviders=[{TrustProviderType="),
            [
                "TrustProviders=[{TrustProviderType=crowdstrike",
                "TrustProviders=[{TrustProviderType=jamf",
                "TrustProviders=[{TrustProviderType=jumpcloud"
            ]
        );
    }

    #[test]
    fn nothing_inside_quotes_or_for_unknown_keys() {
        assert!(complete("ClientLoginBannerOptions", "BannerText='Hi, ").is_empty());
        assert!(complete("ConnectionLogOptions", "Bogus=").is_empty());
    }

    #[test]
    fn file_references_go_to_path_completion() {
        assert_eq!(file_reference_path("file://conf/a"), Some("conf/a"));
        assert_eq!(file_reference_path("Type="), None);
    }
}
