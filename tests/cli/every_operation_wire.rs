//! Every operation's SDK mapping, proved complete from the model: a request that sets every
//! member (nested ones too) goes through the real binary and the real SDK, and each member must
//! reach the wire under its EC2 Query name (`Filter.1.Value.1`). A mapping that drops or
//! misspells a member fails here, whichever operation it is.

use serde_json::{Map, Value, json};

use cvpn::api::model::{Member, Shape};

use crate::common::{Hermetic, stderr_of};
use crate::server::Ec2TestServer;

/// A value of `shape` for every member it holds: text, 5, true, one element per list.
fn sample(shape: &Shape) -> Value {
    match shape {
        Shape::String => json!("x"),
        Shape::Enum(values) => json!(values[0]),
        Shape::Integer => json!(5),
        Shape::Boolean => json!(true),
        Shape::List(item) => json!([sample(item)]),
        Shape::Structure(members) => {
            Value::Object(members.iter().map(|m| (m.name.to_owned(), sample(m.shape))).collect())
        }
    }
}

fn wire_name(member: &Member) -> &str {
    member.wire.unwrap_or(member.name)
}

/// The form keys a value of `shape` under `prefix` goes on the wire as (EC2 Query: lists
/// numbered from 1, structure members under their wire names).
fn wire_keys(prefix: &str, shape: &Shape, keys: &mut Vec<String>) {
    match shape {
        Shape::List(item) => wire_keys(&format!("{prefix}.1"), item, keys),
        Shape::Structure(members) => {
            for member in members.iter() {
                wire_keys(&format!("{prefix}.{}", wire_name(member)), member.shape, keys);
            }
        }
        _ => keys.push(prefix.to_owned()),
    }
}

#[test]
fn every_member_of_every_operation_reaches_the_wire_under_its_wire_name() {
    let env = Hermetic::new();
    let mut checked = 0;
    for operation in cvpn::api::operations::ALL {
        let document: Map<String, Value> =
            operation.members().iter().map(|member| (member.name.to_owned(), sample(member.shape))).collect();
        let mut expected = Vec::new();
        for member in operation.members() {
            wire_keys(wire_name(member), member.shape, &mut expected);
        }
        let server = Ec2TestServer::start();
        let output = env
            .cvpn()
            .args([&operation.command(), "--endpoint-url", &server.url, "--no-validate", "--cli-input-json"])
            .arg(Value::Object(document).to_string())
            .output()
            .unwrap();
        let request = server.only_request();
        assert_eq!(request.field("Action").as_deref(), Some(operation.name), "{}", stderr_of(&output));
        let sent: Vec<String> = request.form().into_iter().map(|(key, _)| key).collect();
        let missing: Vec<&String> = expected.iter().filter(|key| !sent.contains(key)).collect();
        assert!(
            missing.is_empty(),
            "{}: {missing:?} did not reach the wire; sent {sent:?}\n{}",
            operation.name,
            stderr_of(&output)
        );
        checked += 1;
    }
    assert_eq!(checked, 25, "every operation");
}

#[test]
fn the_wire_keys_follow_the_query_protocol() {
    let mut keys = Vec::new();
    let filters = cvpn::api::operations::DESCRIBE_CLIENT_VPN_ROUTES.member("Filters").unwrap();
    wire_keys(wire_name(filters), filters.shape, &mut keys);
    assert_eq!(keys, ["Filter.1.Name", "Filter.1.Value.1"]);
}
