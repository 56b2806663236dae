//! `--generate-cli-skeleton`: the request as a JSON or YAML template, as aws CLI v2 prints it,
//! built from the model (placeholders: "", 0, true, the first enumeration value).

use serde_json::{Map, Value};

use crate::api::model::{CREATE_CLIENT_VPN_ENDPOINT_REQUEST, Member, Shape};

fn placeholder(shape: &Shape) -> Value {
    match shape {
        Shape::String => Value::String(String::new()),
        Shape::Integer => Value::from(0),
        Shape::Boolean => Value::Bool(true),
        Shape::Enum(values) => Value::String(values[0].to_owned()),
        Shape::List(member) => Value::Array(vec![placeholder(member)]),
        Shape::Structure(members) => Value::Object(
            members.iter().map(|member| (member.name.to_owned(), placeholder(member.shape))).collect::<Map<_, _>>(),
        ),
    }
}

/// The input skeleton as a JSON value, members in model order.
pub fn input_skeleton() -> Value {
    input_skeleton_of(&CREATE_CLIENT_VPN_ENDPOINT_REQUEST)
}

/// Any operation's input skeleton.
pub fn input_skeleton_of(input: &Shape) -> Value {
    placeholder(input)
}

/// An answer as `--generate-cli-skeleton output` prints it: every text member filled with its own
/// name, numbers 0, booleans true, one element per list (botocore's ArgumentGenerator with
/// member names).
pub fn output_skeleton_of(output: &Shape) -> Value {
    fn sample(shape: &Shape, name: &str) -> Value {
        match shape {
            Shape::String | Shape::Enum(_) => Value::String(name.to_owned()),
            Shape::Integer => Value::from(0),
            Shape::Boolean => Value::Bool(true),
            Shape::List(member) => Value::Array(vec![sample(member, name)]),
            Shape::Structure(members) => Value::Object(
                members.iter().map(|member| (member.name.to_owned(), sample(member.shape, member.name))).collect(),
            ),
        }
    }
    sample(output, "")
}

fn comment(member: &Member) -> String {
    let mut text = String::new();
    if member.required {
        text.push_str("[REQUIRED] ");
    }
    text.push_str(member.doc);
    if let Shape::Enum(values) = member.shape
        && values.len() <= 10
    {
        text.push_str(&format!(" Valid values are: {}.", values.join(", ")));
    }
    text
}

fn scalar_yaml(shape: &Shape) -> String {
    match placeholder(shape) {
        Value::String(text) if text.is_empty() => "''".to_owned(),
        Value::String(text) => text,
        other => other.to_string(),
    }
}

/// Writes the members of a structure at `indent`; as a list element, the first line gets `- `.
fn write_members(out: &mut String, members: &[Member], indent: usize, list_element: bool) {
    for (index, member) in members.iter().enumerate() {
        let lead =
            if list_element && index == 0 { format!("{}- ", " ".repeat(indent - 2)) } else { " ".repeat(indent) };
        let note = comment(member);
        match member.shape {
            Shape::Structure(children) => {
                out.push_str(&format!("{lead}{}:  # {note}\n", member.name));
                write_members(out, children, indent + 2, false);
            }
            Shape::List(element) => {
                out.push_str(&format!("{lead}{}:  # {note}\n", member.name));
                match element {
                    Shape::Structure(children) => write_members(out, children, indent + 2, true),
                    scalar => out.push_str(&format!("{}- {}\n", " ".repeat(indent), scalar_yaml(scalar))),
                }
            }
            scalar => out.push_str(&format!("{lead}{}: {}  # {note}\n", member.name, scalar_yaml(scalar))),
        }
    }
}

/// The input skeleton as YAML with a comment on each member: `[REQUIRED]`, what it is, its values.
pub fn yaml_input_skeleton() -> String {
    yaml_input_skeleton_of(&CREATE_CLIENT_VPN_ENDPOINT_REQUEST)
}

/// Any operation's YAML input skeleton.
pub fn yaml_input_skeleton_of(input: &Shape) -> String {
    let mut out = String::new();
    write_members(&mut out, input.members(), 0, false);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::model::CREATE_CLIENT_VPN_ENDPOINT_REQUEST as CREATE;
    use crate::input::cli_input::{DocumentFormat, read_document};

    #[test]
    fn the_input_skeleton_has_every_member_with_deterministic_placeholders() {
        let skeleton = input_skeleton();
        let object = skeleton.as_object().unwrap();
        assert_eq!(object.len(), 24);
        assert_eq!(object.keys().next().map(String::as_str), Some("ClientCidrBlock"));
        assert_eq!(skeleton["AuthenticationOptions"][0]["Type"], "certificate-authentication");
        assert_eq!(skeleton["TransportProtocol"], "tcp");
        assert_eq!(skeleton["TagSpecifications"][0]["ResourceType"], "capacity-reservation");
        assert_eq!(skeleton["VpnPort"], 0);
        assert_eq!(skeleton["SplitTunnel"], true);
    }

    #[test]
    fn both_skeletons_read_back_as_input_documents() {
        let json = serde_json::to_string(&input_skeleton()).unwrap();
        let from_json = read_document(&CREATE, &json, DocumentFormat::Json).unwrap();
        assert_eq!(from_json, input_skeleton());
        let yaml = yaml_input_skeleton();
        let from_yaml =
            read_document(&CREATE, &yaml, DocumentFormat::Yaml).unwrap_or_else(|error| panic!("{error}\n{yaml}"));
        assert_eq!(from_yaml, from_json);
    }

    #[test]
    fn output_skeletons_name_every_member() {
        use crate::api::model::outputs::{
            OUT_CREATE_CLIENT_VPN_ENDPOINT_RESULT, OUT_DESCRIBE_CLIENT_VPN_ROUTES_RESULT,
        };
        assert_eq!(
            output_skeleton_of(&OUT_CREATE_CLIENT_VPN_ENDPOINT_RESULT),
            serde_json::json!({"ClientVpnEndpointId": "ClientVpnEndpointId",
                "Status": {"Code": "Code", "Message": "Message"}, "DnsName": "DnsName"})
        );
        let routes = output_skeleton_of(&OUT_DESCRIBE_CLIENT_VPN_ROUTES_RESULT);
        assert_eq!(routes["Routes"][0]["DestinationCidr"], "DestinationCidr");
        assert_eq!(routes["NextToken"], "NextToken");
    }

    #[test]
    fn the_yaml_skeleton_marks_required_members_and_lists_values() {
        let yaml = yaml_input_skeleton();
        assert!(yaml.starts_with("ClientCidrBlock: ''  # The IPv4 address range"), "{yaml}");
        assert!(yaml.contains("ServerCertificateArn: ''  # [REQUIRED] The ARN of the server certificate.\n"), "{yaml}");
        assert!(yaml.contains("AuthenticationOptions:  # [REQUIRED] "), "{yaml}");
        assert!(yaml.contains("\n- Type: certificate-authentication  # The type of client authentication to be used. Valid values are: certificate-authentication, directory-service-authentication, federated-authentication.\n"), "{yaml}");
        assert!(yaml.contains("\n  ActiveDirectory:  # "), "{yaml}");
        assert!(yaml.contains("\n    DirectoryId: ''  # "), "{yaml}");
        assert!(
            yaml.contains(
                "\n  Tags:  # The tags to apply to the resource.\n  - Key: ''  # The key of the tag.\n    Value: ''  # "
            ),
            "{yaml}"
        );
        assert!(
            yaml.contains("DnsServers:  # Information about the DNS servers to be used for DNS resolution.\n- ''\n"),
            "{yaml}"
        );
    }
}
