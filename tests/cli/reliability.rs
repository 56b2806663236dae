//! A bad network, a bad server, hostile input: every case ends in a clear message and the right
//! exit code, never a panic; retries carry one ClientToken; secrets never reach --debug.

use std::process::{Command, Stdio};

use crate::common::{
    CLIENT_CIDR, Hermetic, SECRET_ACCESS_KEY, SERVER_CERT, SHORT_FORM, run_short_form, stderr_of, stdout_of,
};
use crate::server::{Ec2TestServer, Reply};

fn run(env: &Hermetic, server: &Ec2TestServer, extra: &[&str]) -> std::process::Output {
    run_short_form(env, &server.url, extra)
}

fn tokens(server: &Ec2TestServer) -> Vec<String> {
    server.requests().iter().map(|request| request.field("ClientToken").expect("a ClientToken")).collect()
}

fn assert_no_crash(output: &std::process::Output) {
    let stderr = stderr_of(output);
    for sign in ["panicked", "RUST_BACKTRACE", "DispatchFailure", "ResponseError {", "SdkError"] {
        assert!(!stderr.contains(sign), "{sign} in stderr:\n{stderr}");
    }
}

#[test]
fn server_errors_are_retried_with_one_client_token() {
    let server = Ec2TestServer::start();
    server.script([
        Reply::error(500, "InternalError", "An internal error has occurred"),
        Reply::error(503, "RequestLimitExceeded", "Request limit exceeded."),
    ]);
    let output = run(&Hermetic::new(), &server, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    let sent = tokens(&server);
    assert_eq!(sent.len(), 3);
    assert!(sent.iter().all(|token| *token == sent[0]), "{sent:?}");
    let attempts: Vec<String> =
        server.requests().iter().map(|r| r.header("amz-sdk-request").unwrap_or("").to_owned()).collect();
    assert!(attempts[2].contains("attempt=3"), "{attempts:?}");
}

#[test]
fn client_errors_are_not_retried() {
    for (status, code) in [(400, "InvalidParameterValue"), (403, "UnauthorizedOperation"), (401, "AuthFailure")] {
        let server = Ec2TestServer::start();
        server.script([Reply::error(status, code, "no")]);
        let output = run(&Hermetic::new(), &server, &[]);
        assert_eq!(output.status.code(), Some(254));
        assert_eq!(server.requests().len(), 1, "{code} was retried");
        assert!(!stderr_of(&output).contains("--client-token"), "a refused request needs no retry advice");
    }
}

#[test]
fn after_the_last_retry_the_token_to_retry_with_is_named() {
    let server = Ec2TestServer::start();
    server.script(vec![Reply::error(503, "Unavailable", "The service is unavailable."); 3]);
    let output = run(&Hermetic::new(), &server, &[]);
    assert_eq!(output.status.code(), Some(254));
    let token = &tokens(&server)[0];
    let stderr = stderr_of(&output);
    assert!(stderr.contains("operation (reached max retries: 2): The service is unavailable."), "{stderr}");
    assert!(stderr.contains(&format!("--client-token {token}")), "{stderr}");
    assert_eq!(server.requests().len(), 3);
}

#[test]
fn max_attempts_come_from_the_environment_and_the_profile() {
    let server = Ec2TestServer::start();
    server.script(vec![Reply::error(500, "InternalError", "boom"); 5]);
    let output = run(&Hermetic::new().set("AWS_MAX_ATTEMPTS", "1"), &server, &[]);
    assert_eq!(output.status.code(), Some(254));
    assert_eq!(server.requests().len(), 1);
    let server = Ec2TestServer::start();
    server.script(vec![Reply::error(500, "InternalError", "boom"); 5]);
    let env = Hermetic::new();
    env.write_config("[default]\nmax_attempts = 2\n");
    let output = run(&env, &server, &[]);
    assert_eq!(server.requests().len(), 2);
    assert!(stderr_of(&output).contains("(reached max retries: 1)"), "{}", stderr_of(&output));
}

#[test]
fn a_hung_server_ends_in_a_read_timeout() {
    let server = Ec2TestServer::start();
    server.script([Reply::Hang]);
    let output = run(&Hermetic::new().set("AWS_MAX_ATTEMPTS", "1"), &server, &["--cli-read-timeout", "1"]);
    assert_eq!(output.status.code(), Some(255), "{}", stderr_of(&output));
    let stderr = stderr_of(&output);
    assert!(stderr.contains(&format!("Read timeout on endpoint URL: \"{}/\"", server.url)), "{stderr}");
    assert!(stderr.contains("--client-token"), "{stderr}");
    assert_no_crash(&output);
}

#[test]
fn answers_that_are_not_ec2_end_in_255_naming_the_endpoint() {
    let raw = |status: u16, content_type: &str, body: &str| Reply::Raw {
        status,
        content_type: content_type.into(),
        body: body.into(),
    };
    let cases = [
        ("not XML", raw(200, "text/plain", "this is not xml")),
        (
            "truncated XML",
            raw(200, "text/xml", "<CreateClientVpnEndpointResponse><clientVpnEndpointId>cvpn-endpoint-0"),
        ),
        ("an HTML error page", raw(502, "text/html", "<html><body><h1>502 Bad Gateway</h1></body></html>")),
        ("an empty answer", raw(200, "text/xml", "")),
        ("a closed connection", Reply::Close),
    ];
    for (what, reply) in cases {
        let server = Ec2TestServer::start();
        server.script(vec![reply; 3]);
        let output = run(&Hermetic::new(), &server, &[]);
        assert_eq!(output.status.code(), Some(255), "{what}: {}", stderr_of(&output));
        assert!(stderr_of(&output).contains(&server.url), "{what}: {}", stderr_of(&output));
        assert!(stdout_of(&output).is_empty(), "{what}: {}", stdout_of(&output));
        assert_no_crash(&output);
    }
}

#[test]
fn ctrl_c_exits_130_naming_the_token() {
    let server = Ec2TestServer::start();
    server.script([Reply::Hang]);
    let env = Hermetic::new();
    let child = env
        .command(crate::common::cvpn_binary())
        .args(["create", "--endpoint-url", &server.url])
        .args(SHORT_FORM)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    server.wait_for_requests(1);
    assert!(Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap().success());
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(130), "{}", stderr_of(&output));
    assert!(stderr_of(&output).contains(&format!("--client-token {}", tokens(&server)[0])), "{}", stderr_of(&output));
    assert_no_crash(&output);
}

#[test]
fn a_closed_stdout_is_a_quiet_success() {
    let server = Ec2TestServer::start();
    let env = Hermetic::new();
    let script = format!(
        "\"$CVPN\" create --endpoint-url {} -c {CLIENT_CIDR} -s {SERVER_CERT} | head -c0; echo \"exit=${{PIPESTATUS[0]}}\"",
        server.url
    );
    let output = env.command("bash").arg("-c").arg(&script).env("CVPN", crate::common::cvpn_binary()).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&output.stdout), "exit=0\n");
    assert!(output.stderr.is_empty(), "{}", String::from_utf8_lossy(&output.stderr));
}

#[test]
fn debug_shows_what_happened_and_never_a_secret() {
    let server = Ec2TestServer::start();
    server.script([Reply::error(500, "InternalError", "boom")]);
    let session_token = "cvpn-test-session-token-never-printed";
    let env = Hermetic::new().set("AWS_SESSION_TOKEN", session_token);
    let output = run(&env, &server, &["--debug"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    let stderr = stderr_of(&output);
    for shown in [
        "region us-east-1",
        "credentials from Environment",
        "attempt 1: POST",
        "attempt 1: HTTP 500",
        "attempt 2: HTTP 200",
        "request id 00000000-0000-4000-8000-000000000002",
        "request body: Action=CreateClientVpnEndpoint",
        "response body: <?xml",
    ] {
        assert!(stderr.contains(shown), "--debug lacks {shown:?}:\n{stderr}");
    }
    for secret in [SECRET_ACCESS_KEY, session_token, "Signature=", "Authorization", "X-Amz-Security-Token"] {
        assert!(!stderr.contains(secret), "--debug shows {secret:?}:\n{stderr}");
    }
    let sent_token = server.requests()[0].header("x-amz-security-token").map(str::to_owned);
    assert_eq!(sent_token.as_deref(), Some(session_token), "the session token is used, just never shown");
}

#[test]
fn hostile_input_is_refused_quickly_and_clearly() {
    use std::os::unix::ffi::OsStrExt;
    let server = Ec2TestServer::start();
    let env = Hermetic::new();
    let invalid_utf8 = std::ffi::OsStr::from_bytes(b"bad\xff\xfe");
    let output = env
        .cvpn()
        .args(["create", "--endpoint-url", &server.url])
        .args(SHORT_FORM)
        .arg("--description")
        .arg(invalid_utf8)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(252), "{}", stderr_of(&output));
    assert!(String::from_utf8_lossy(&output.stderr).contains("UTF-8"), "{}", String::from_utf8_lossy(&output.stderr));

    let deep_shorthand = format!("Enabled={}", "[".repeat(10_000));
    let deep_json = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    std::fs::write(env.home.path().join("big.txt"), "x".repeat(5 * 1024 * 1024)).unwrap();
    let cases: [(&[&str], &str); 4] = [
        (&["--connection-log-options", &deep_shorthand], "Nesting deeper than 32"),
        (&["--authentication-options", &deep_json], "recursion limit"),
        (&["--description", "file://big.txt"], "larger than 1 MiB"),
        (&["--description", "file://."], "is a directory"),
    ];
    for (args, expected) in cases {
        let output = run(&env, &server, args);
        assert_eq!(output.status.code(), Some(252), "{expected}: {}", stderr_of(&output));
        assert!(stderr_of(&output).contains(expected), "{expected}: {}", stderr_of(&output));
        assert_no_crash(&output);
    }
    assert!(server.requests().is_empty());
}

fn tls_certificate() -> String {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tls/ca.crt").display().to_string()
}

#[test]
fn a_ca_bundle_makes_a_self_signed_endpoint_trusted() {
    let server = Ec2TestServer::start_tls();
    let output = run(&Hermetic::new(), &server, &["--ca-bundle", &tls_certificate()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    assert_eq!(server.requests().len(), 1);
    let server = Ec2TestServer::start_tls();
    let output = run(&Hermetic::new().set("AWS_CA_BUNDLE", &tls_certificate()), &server, &[]);
    assert_eq!(output.status.code(), Some(0), "AWS_CA_BUNDLE: {}", stderr_of(&output));
}

#[test]
fn a_ca_bundle_is_read_but_not_needed_for_a_plain_http_endpoint() {
    let server = Ec2TestServer::start();
    let output = run(&Hermetic::new().set("AWS_CA_BUNDLE", &tls_certificate()), &server, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    assert_eq!(server.requests().len(), 1);
    let output = run(&Hermetic::new().set("AWS_CA_BUNDLE", "/no/such/bundle.pem"), &server, &[]);
    assert_eq!(output.status.code(), Some(252), "a wrong path is still said: {}", stderr_of(&output));
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn an_untrusted_certificate_is_refused() {
    let server = Ec2TestServer::start_tls();
    let output = run(&Hermetic::new().set("AWS_MAX_ATTEMPTS", "1"), &server, &[]);
    assert_eq!(output.status.code(), Some(255), "{}", stderr_of(&output));
    let stderr = stderr_of(&output);
    assert!(stderr.contains(&server.url) && stderr.to_lowercase().contains("certificate"), "{stderr}");
    assert!(stderr.contains("nothing was sent") && !stderr.contains("--client-token"), "{stderr}");
    assert!(server.requests().is_empty());
    assert_no_crash(&output);
}

#[test]
fn a_missing_ca_bundle_is_a_usage_error() {
    let server = Ec2TestServer::start_tls();
    let output = run(&Hermetic::new(), &server, &["--ca-bundle", "/no/such/bundle.pem"]);
    assert_eq!(output.status.code(), Some(252));
    assert!(stderr_of(&output).contains("--ca-bundle /no/such/bundle.pem"), "{}", stderr_of(&output));
}

#[test]
fn no_verify_ssl_connects_and_warns_every_time() {
    for _ in 0..2 {
        let server = Ec2TestServer::start_tls();
        let output = run(&Hermetic::new(), &server, &["--no-verify-ssl"]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
        assert!(stderr_of(&output).contains("warning: --no-verify-ssl"), "{}", stderr_of(&output));
        assert_eq!(server.requests().len(), 1);
    }
}
