//! `cvpn describe-client-vpn-endpoints` (`cvpn ls`) against the local server's state: what goes
//! on the wire, the aws CLI's pagination, the output formats, validation and dry runs.

use serde_json::{Value, json};

use crate::common::{Hermetic, stderr_of, stdout_of};
use crate::server::{Ec2TestServer, Reply};

fn describe(server: &Ec2TestServer, args: &[&str]) -> std::process::Output {
    Hermetic::new()
        .cvpn()
        .args(["describe-client-vpn-endpoints", "--endpoint-url", &server.url])
        .args(args)
        .output()
        .unwrap()
}

/// A server holding `count` endpoints, the n-th named office-n.
fn server_with(count: usize) -> (Ec2TestServer, Vec<String>) {
    let server = Ec2TestServer::start();
    let ids = (1..=count)
        .map(|n| {
            server.add_endpoint(&[
                ("TagSpecification.1.ResourceType", "client-vpn-endpoint"),
                ("TagSpecification.1.Tag.1.Key", "Name"),
                ("TagSpecification.1.Tag.1.Value", &format!("office-{n}")),
            ])
        })
        .collect();
    (server, ids)
}

fn json_of(output: &std::process::Output) -> Value {
    serde_json::from_str(&stdout_of(output)).unwrap_or_else(|error| panic!("{error}: {}", stdout_of(output)))
}

fn listed_ids(output: &std::process::Output) -> Vec<String> {
    json_of(output)["ClientVpnEndpoints"]
        .as_array()
        .unwrap()
        .iter()
        .map(|endpoint| endpoint["ClientVpnEndpointId"].as_str().unwrap().to_owned())
        .collect()
}

/// A value of the member's shape that the local server accepts.
fn sample(member: &cvpn::api::model::Member) -> Value {
    use cvpn::api::model::Shape;
    match (member.name, member.shape) {
        ("NextToken", _) => json!("AAEAA00000000cvpnpage"),
        (_, Shape::Integer) => json!(5),
        (_, Shape::Boolean) => json!(false),
        (_, Shape::List(Shape::Structure(_))) => json!([{"Name": "transport-protocol", "Values": ["udp"]}]),
        (_, Shape::List(_)) => json!(["cvpn-endpoint-0123456789abcdef0"]),
        _ => json!("x"),
    }
}

/// Every member of the model, from the model: each reaches the wire under its wire name, from
/// an input document and from the flags alike.
#[test]
fn every_member_reaches_the_wire_under_its_wire_name() {
    let operation = &cvpn::api::operations::DESCRIBE_CLIENT_VPN_ENDPOINTS;
    let document: serde_json::Map<String, Value> =
        operation.members().iter().map(|member| (member.name.to_owned(), sample(member))).collect();
    let mut flags: Vec<String> = Vec::new();
    for member in operation.members() {
        flags.push(format!("--{}", member.flag()));
        match sample(member) {
            Value::Bool(true) => {}
            Value::Bool(false) => *flags.last_mut().unwrap() = format!("--no-{}", member.flag()),
            Value::Array(items) if member.name == "Filters" => flags.push(Value::Array(items).to_string()),
            Value::Array(items) => flags.extend(items.iter().map(|item| item.as_str().unwrap().to_owned())),
            Value::String(text) => flags.push(text),
            other => flags.push(other.to_string()),
        }
    }
    let input = Value::Object(document).to_string();
    for args in [vec!["--cli-input-json".to_owned(), input], flags] {
        let server = Ec2TestServer::start();
        let words: Vec<&str> = args.iter().map(String::as_str).collect();
        let output = describe(&server, &[&["--no-validate"], &words[..]].concat());
        let request = server.only_request();
        let sent: Vec<String> = request.form().into_iter().map(|(key, _)| key).collect();
        for member in operation.members() {
            let wire = member.wire.unwrap_or(member.name);
            assert!(
                sent.iter().any(|key| key == wire || key.starts_with(&format!("{wire}."))),
                "{} did not reach the wire as {wire} ({args:?}): {sent:?}\n{}",
                member.name,
                stderr_of(&output)
            );
        }
        assert_eq!(request.field("Action").as_deref(), Some("DescribeClientVpnEndpoints"));
    }
}

#[test]
fn every_page_is_fetched_and_merged_by_default() {
    let (server, ids) = server_with(7);
    let output = describe(&server, &["--page-size", "5"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    assert_eq!(listed_ids(&output), ids);
    assert!(json_of(&output).get("NextToken").is_none());
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].field("MaxResults").as_deref(), Some("5"));
    assert_eq!(requests[0].field("NextToken"), None);
    assert_eq!(requests[1].field("MaxResults").as_deref(), Some("5"));
    assert!(requests[1].field("NextToken").is_some());
}

#[test]
fn max_items_stops_early_and_starting_token_resumes() {
    let (server, ids) = server_with(7);
    let first = describe(&server, &["--page-size", "5", "--max-items", "6"]);
    assert_eq!(listed_ids(&first), ids[..6]);
    let token = json_of(&first)["NextToken"].as_str().unwrap().to_owned();
    let rest = describe(&server, &["--page-size", "5", "--starting-token", &token]);
    assert_eq!(listed_ids(&rest), ids[6..]);
    assert!(json_of(&rest).get("NextToken").is_none());
}

#[test]
fn asking_for_a_page_by_hand_sends_one_request_and_prints_its_token() {
    let (server, ids) = server_with(7);
    let output = describe(&server, &["--max-results", "5"]);
    assert_eq!(listed_ids(&output), ids[..5]);
    let token = json_of(&output)["NextToken"].as_str().unwrap().to_owned();
    assert_eq!(server.requests().len(), 1);
    let next = describe(&server, &["--max-results", "5", "--next-token", &token]);
    assert_eq!(listed_ids(&next), ids[5..]);
    let unpaged = describe(&server, &["--no-paginate", "--page-size", "5"]);
    assert_eq!(listed_ids(&unpaged), ids, "--page-size does not apply without pagination");
}

#[test]
fn ids_as_words_and_filters_go_on_the_wire() {
    let (server, ids) = server_with(3);
    // List flags take every word after them, as in the aws CLI: the IDs come first.
    let output = describe(&server, &[&ids[2], &ids[0], "--filters", "Name=transport-protocol,Values=udp,tcp"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    assert_eq!(listed_ids(&output), [ids[0].clone(), ids[2].clone()]);
    let request = server.only_request();
    assert_eq!(request.field("ClientVpnEndpointId.1"), Some(ids[2].clone()));
    assert_eq!(request.field("ClientVpnEndpointId.2"), Some(ids[0].clone()));
    assert_eq!(request.field("Filter.1.Name").as_deref(), Some("transport-protocol"));
    assert_eq!(request.field("Filter.1.Value.2").as_deref(), Some("tcp"));
}

#[test]
fn the_table_has_a_row_per_endpoint_and_keeps_values_whole() {
    let (server, ids) = server_with(2);
    let output = describe(&server, &["--output", "table"]);
    let text = stdout_of(&output);
    for (n, id) in ids.iter().enumerate() {
        let row = text.lines().find(|line| line.contains(id.as_str())).unwrap_or_else(|| panic!("{text}"));
        assert!(row.contains(&format!("office-{}", n + 1)) && row.contains("pending-associate"), "{row}");
        assert!(row.contains(&format!("*.{id}.prod.clientvpn.us-east-1.amazonaws.com")), "{row}");
    }
    assert!(text.starts_with("DescribeClientVpnEndpoints\n"), "{text}");
}

#[test]
fn text_prints_page_by_page_with_the_resume_token_last() {
    let (server, _) = server_with(3);
    let output = describe(
        &server,
        &["--output", "text", "--max-items", "2", "--query", "ClientVpnEndpoints[].ClientVpnEndpointId"],
    );
    let lines: Vec<String> = stdout_of(&output).lines().map(str::to_owned).collect();
    // As aws-cli prints it: the query applies to the token's page as well, which prints None.
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(lines[0].split('\t').count(), 2);
    assert_eq!(lines[1], "None");
}

#[test]
fn broken_rules_are_refused_before_sending() {
    let server = Ec2TestServer::start();
    let output = describe(&server, &["--max-results", "4", "vpn-1", "--filters", "Name=state,Values=available"]);
    assert_eq!(output.status.code(), Some(252));
    let stderr = stderr_of(&output);
    assert!(stderr.starts_with("3 problems found; nothing was sent:"), "{stderr}");
    assert!(stderr.contains("--max-results \"4\": must be from 5 to 1000"), "{stderr}");
    assert!(stderr.contains("\"vpn-1\": is not an ID: cvpn-endpoint-"), "{stderr}");
    assert!(stderr.contains("endpoint-id, transport-protocol"), "{stderr}");
    let page_size = describe(&server, &["--page-size", "1001"]);
    assert_eq!(page_size.status.code(), Some(252));
    assert!(stderr_of(&page_size).contains("--page-size \"1001\": must be from 5 to 1000"));
    let both = describe(&server, &["cvpn-endpoint-1", "--client-vpn-endpoint-ids", "cvpn-endpoint-2"]);
    assert_eq!(both.status.code(), Some(252));
    assert!(server.requests().is_empty());
}

#[test]
fn an_unknown_endpoint_is_a_service_error_naming_the_operation() {
    let server = Ec2TestServer::start();
    let output = describe(&server, &["cvpn-endpoint-0123456789abcdef0"]);
    assert_eq!(output.status.code(), Some(254));
    assert!(
        stderr_of(&output).contains(
            "An error occurred (InvalidClientVpnEndpointId.NotFound) when calling the DescribeClientVpnEndpoints operation: Endpoint cvpn-endpoint-0123456789abcdef0 does not exist"
        ),
        "{}",
        stderr_of(&output)
    );
}

#[test]
fn dry_run_answers_by_exit_code() {
    let server = Ec2TestServer::start();
    let permitted = describe(&server, &["--dry-run"]);
    assert_eq!(permitted.status.code(), Some(0), "{}", stderr_of(&permitted));
    assert_eq!(json_of(&permitted)["DryRun"], "permitted");
    server.fail(
        "DescribeClientVpnEndpoints",
        [Reply::error(403, "UnauthorizedOperation", "You are not authorized to perform this operation.")],
    );
    let denied = describe(&server, &["--dry-run"]);
    assert_eq!(denied.status.code(), Some(1));
    assert_eq!(json_of(&denied)["DryRun"], "denied");
}

#[test]
fn an_empty_account_lists_nothing() {
    let server = Ec2TestServer::start();
    let output = describe(&server, &[]);
    assert_eq!(stdout_of(&output), "{\n    \"ClientVpnEndpoints\": []\n}\n");
    let table = describe(&server, &["-o", "table"]);
    assert!(stdout_of(&table).contains("No Client VPN endpoints."));
}

#[test]
fn the_aws_command_names_work_for_a_script() {
    let server = Ec2TestServer::start();
    let env = Hermetic::new();
    let created = env
        .cvpn()
        .args(["create-client-vpn-endpoint", "--endpoint-url", &server.url])
        .args(["--client-cidr-block", "10.0.0.0/22", "--server-certificate-arn", crate::common::SERVER_CERT])
        .output()
        .unwrap();
    assert_eq!(created.status.code(), Some(0), "{}", stderr_of(&created));
    let id = json_of(&created)["ClientVpnEndpointId"].as_str().unwrap().to_owned();
    let listed = env.cvpn().args(["ls", "--endpoint-url", &server.url]).output().unwrap();
    assert_eq!(listed_ids(&listed), [id]);
    assert_eq!(server.endpoints().len(), 1);
}

#[test]
fn each_region_has_its_own_endpoints() {
    let server = Ec2TestServer::start();
    let env = Hermetic::new();
    let create = |region: &str| {
        env.cvpn()
            .args(["create", "--endpoint-url", &server.url, "--region", region])
            .args(["--client-cidr", "10.0.0.0/22", "--server-cert", crate::common::SERVER_CERT])
            .output()
            .unwrap()
    };
    assert_eq!(create("eu-west-1").status.code(), Some(0));
    let list =
        |region: &str| env.cvpn().args(["ls", "--endpoint-url", &server.url, "--region", region]).output().unwrap();
    assert_eq!(listed_ids(&list("eu-west-1")).len(), 1);
    assert!(listed_ids(&list("us-east-1")).is_empty());
    assert_eq!(server.endpoints()[0].region, "eu-west-1");
}

#[test]
fn an_input_document_sets_the_page_size_and_paging_goes_on() {
    let (server, ids) = server_with(7);
    let output = describe(&server, &["--cli-input-yaml", "MaxResults: 5\n"]);
    assert_eq!(listed_ids(&output), ids, "{}", stderr_of(&output));
    let requests = server.requests();
    assert_eq!(requests.len(), 2, "as the aws CLI: a document's MaxResults is each page's size");
    assert!(requests.iter().all(|request| request.field("MaxResults").as_deref() == Some("5")));
}

#[test]
fn skeletons_come_from_the_model_and_send_nothing() {
    let server = Ec2TestServer::start();
    let input = describe(&server, &["--generate-cli-skeleton"]);
    let skeleton = json_of(&input);
    let members: Vec<&str> = skeleton.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(members, ["ClientVpnEndpointIds", "MaxResults", "NextToken", "Filters", "DryRun"]);
    let yaml = describe(&server, &["--generate-cli-skeleton", "yaml-input"]);
    assert!(stdout_of(&yaml).contains("MaxResults: 0  # The maximum number of results"), "{}", stdout_of(&yaml));
    let output = describe(&server, &["--generate-cli-skeleton", "output"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    let sample = json_of(&output);
    assert_eq!(sample["ClientVpnEndpoints"][0]["ClientVpnEndpointId"], "ClientVpnEndpointId");
    assert_eq!(sample["ClientVpnEndpoints"][0]["VpnPort"], 0);
    assert_eq!(sample["NextToken"], "NextToken");
    assert!(server.requests().is_empty());
}
