//! Every output format for the create response, both dry-run verdicts and an error, as the
//! binary prints them (snapshots in tests/snapshots), and how the format is chosen.

use crate::common::{CREATE_RESPONSE_XML, Hermetic, run_short_form, stderr_of, stdout_of};
use crate::server::{Ec2TestServer, Reply};

const FORMATS: [&str; 6] = ["json", "yaml", "yaml-stream", "text", "table", "off"];

fn run(env: &Hermetic, reply: Option<Reply>, extra: &[&str]) -> std::process::Output {
    let server = Ec2TestServer::start();
    server.script(reply);
    run_short_form(env, &server.url, extra)
}

fn created(extra: &[&str]) -> std::process::Output {
    let reply = Reply::Raw { status: 200, content_type: "text/xml".into(), body: CREATE_RESPONSE_XML.into() };
    run(&Hermetic::new(), Some(reply), extra)
}

#[test]
fn the_create_response_in_every_format() {
    for format in FORMATS {
        let output = created(&["--output", format]);
        assert_eq!(output.status.code(), Some(0), "{format}: {}", stderr_of(&output));
        insta::assert_snapshot!(format!("create_{format}"), stdout_of(&output));
    }
}

#[test]
fn a_piped_table_keeps_every_value_whole() {
    let output = created(&["--output", "table"]);
    let dns = "cvpn-endpoint-123456789123abcde.prod.clientvpn.us-east-1.amazonaws.com";
    let text = stdout_of(&output);
    assert!(text.lines().any(|line| line.contains(dns) && line.contains("DnsName")), "{text}");
}

#[test]
fn a_permitted_dry_run_in_every_format() {
    for format in FORMATS {
        let output = run(&Hermetic::new(), None, &["--dry-run", "--output", format]);
        assert_eq!(output.status.code(), Some(0), "{format}");
        insta::assert_snapshot!(format!("dry_run_permitted_{format}"), stdout_of(&output));
    }
}

#[test]
fn a_denied_dry_run_in_every_format() {
    for format in FORMATS {
        let reply = Reply::error(403, "UnauthorizedOperation", "You are not authorized to perform this operation.");
        let output = run(&Hermetic::new(), Some(reply), &["--dry-run", "--output", format]);
        assert_eq!(output.status.code(), Some(1), "{format}");
        insta::assert_snapshot!(format!("dry_run_denied_{format}"), stdout_of(&output));
    }
}

#[test]
fn a_service_error_in_every_error_format() {
    for format in ["legacy", "json", "yaml", "text"] {
        let reply = Reply::error(400, "InvalidParameterValue", "Certificate arn:x does not have a domain");
        let output = run(&Hermetic::new(), Some(reply), &["--cli-error-format", format]);
        assert_eq!(output.status.code(), Some(254), "{format}");
        assert!(stdout_of(&output).is_empty());
        insta::assert_snapshot!(format!("service_error_{format}"), stderr_of(&output));
    }
}

#[test]
fn the_error_format_can_come_from_the_environment() {
    let env = Hermetic::new().set("AWS_CLI_ERROR_FORMAT", "json");
    let output = run(&env, Some(Reply::error(400, "InvalidParameterValue", "bad")), &[]);
    let error: serde_json::Value = serde_json::from_slice(&output.stderr).unwrap();
    assert_eq!(error["Code"], "InvalidParameterValue");
    assert_eq!(error["RequestId"], "00000000-0000-4000-8000-000000000001");
}

#[test]
fn the_format_comes_from_the_flag_then_aws_default_output_then_the_profile() {
    let env = Hermetic::new().set("AWS_DEFAULT_OUTPUT", "text");
    env.write_config("[default]\noutput = yaml\n");
    let reply = || Some(Reply::Raw { status: 200, content_type: "text/xml".into(), body: CREATE_RESPONSE_XML.into() });
    assert!(stdout_of(&run(&env, reply(), &["--output", "json"])).starts_with('{'));
    assert!(stdout_of(&run(&env, reply(), &[])).starts_with("cvpn-endpoint-123456789123abcde\t"));
    let profile_only = Hermetic::new();
    profile_only.write_config("[default]\noutput = yaml\n");
    assert!(stdout_of(&run(&profile_only, reply(), &[])).starts_with("ClientVpnEndpointId: "));
    let named = Hermetic::new().set("AWS_PROFILE", "ops");
    named.write_config("[default]\noutput = yaml\n\n[profile ops]\noutput = text\n");
    assert!(stdout_of(&run(&named, reply(), &[])).starts_with("cvpn-endpoint-"));
}

#[test]
fn unknown_formats_and_bad_queries_are_usage_errors_before_sending() {
    let server = Ec2TestServer::start();
    let env = Hermetic::new();
    for args in [vec!["--output", "xml"], vec!["--query", "Status.["]] {
        let output = run_short_form(&env, &server.url, &args);
        assert_eq!(output.status.code(), Some(252), "{args:?}");
    }
    let bad_query = run_short_form(&env, &server.url, &["--query", "Status.["]);
    assert!(stderr_of(&bad_query).contains("Bad value for --query Status.["), "{}", stderr_of(&bad_query));
    let from_env = Hermetic::new().set("AWS_DEFAULT_OUTPUT", "xml");
    let output = run_short_form(&from_env, &server.url, &[]);
    assert_eq!(output.status.code(), Some(252));
    assert!(stderr_of(&output).contains("'xml'") && stderr_of(&output).contains("AWS_DEFAULT_OUTPUT"));
    assert!(server.requests().is_empty());
}

#[test]
fn query_results_print_as_the_aws_cli_prints_them() {
    let text = |query: &str| stdout_of(&created(&["--query", query, "--output", "text"]));
    assert_eq!(text("ClientVpnEndpointId"), "cvpn-endpoint-123456789123abcde\n");
    assert_eq!(text("[ClientVpnEndpointId,Status.Code]"), "cvpn-endpoint-123456789123abcde\tpending-associate\n");
    assert_eq!(text("Nothing"), "None\n");
}

#[test]
fn colour_only_when_asked_and_never_with_no_color() {
    let has_escape = |output: std::process::Output| stdout_of(&output).contains('\u{1b}');
    assert!(!has_escape(created(&["--output", "table"])), "piped output is never coloured by default");
    assert!(has_escape(created(&["--output", "table", "--color", "on"])));
    // NO_COLOR wins even over --color on.
    let reply = Reply::Raw { status: 200, content_type: "text/xml".into(), body: CREATE_RESPONSE_XML.into() };
    assert!(!has_escape(run(
        &Hermetic::new().set("NO_COLOR", "1"),
        Some(reply),
        &["--output", "table", "--color", "on"]
    )));
}

#[test]
fn off_prints_nothing_and_keeps_the_exit_code() {
    let output = run(&Hermetic::new(), Some(Reply::error(400, "InvalidParameterValue", "bad")), &["--output", "off"]);
    assert_eq!(output.status.code(), Some(254));
    assert!(stdout_of(&output).is_empty());
    assert!(!stderr_of(&output).is_empty());
}
