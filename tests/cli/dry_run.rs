//! --dry-run answers scripts by exit code, with a result object on stdout.

use crate::common::{Hermetic, SERVER_CERT, run_short_form, stderr_of, stdout_of};
use crate::server::{Ec2TestServer, Reply};

#[test]
fn a_permitted_dry_run_exits_0_with_the_verdict_on_stdout() {
    let server = Ec2TestServer::start();
    let output = run_short_form(&Hermetic::new(), &server.url, &["--dry-run"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    assert_eq!(
        stdout_of(&output),
        "{\n    \"DryRun\": \"permitted\",\n    \"Code\": \"DryRunOperation\",\n    \"Message\": \"Request would have succeeded, but DryRun flag is set.\",\n    \"RequestId\": \"00000000-0000-4000-8000-000000000001\"\n}\n"
    );
    assert!(stderr_of(&output).is_empty(), "{}", stderr_of(&output));
    assert_eq!(server.only_request().field("DryRun").as_deref(), Some("true"));
}

#[test]
fn a_denied_dry_run_exits_1_and_hints_how_to_decode_the_reason() {
    let server = Ec2TestServer::start();
    let message = "You are not authorized to perform this operation. Encoded authorization failure message: AbC123-xyz";
    server.script([Reply::error(403, "UnauthorizedOperation", message)]);
    let output = run_short_form(&Hermetic::new(), &server.url, &["--dry-run"]);
    assert_eq!(output.status.code(), Some(1));
    let stdout = stdout_of(&output);
    assert!(
        stdout.starts_with("{\n    \"DryRun\": \"denied\",\n    \"Code\": \"UnauthorizedOperation\",\n"),
        "{stdout}"
    );
    let stderr = stderr_of(&output);
    assert!(stderr.contains(message), "{stderr}");
    assert!(stderr.contains("aws sts decode-authorization-message --encoded-message AbC123-xyz"), "{stderr}");
}

#[test]
fn a_denial_without_an_encoded_message_has_no_decode_hint() {
    let server = Ec2TestServer::start();
    server.script([Reply::error(403, "UnauthorizedOperation", "You are not authorized to perform this operation.")]);
    let output = run_short_form(&Hermetic::new(), &server.url, &["--dry-run"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(!stderr_of(&output).contains("decode-authorization-message"));
}

#[test]
fn other_errors_during_a_dry_run_keep_their_class() {
    let server = Ec2TestServer::start();
    server.script([Reply::error(400, "InvalidParameterValue", "bad")]);
    let output = run_short_form(&Hermetic::new(), &server.url, &["--dry-run"]);
    assert_eq!(output.status.code(), Some(254));
    assert!(stdout_of(&output).is_empty());
}

#[test]
fn the_dry_run_idiom_works_in_a_shell() {
    let server = Ec2TestServer::start();
    let env = Hermetic::new();
    let script = format!(
        "if \"$CVPN\" create --endpoint-url {} --client-cidr 10.0.0.0/22 --server-cert {SERVER_CERT} --dry-run >/dev/null; then echo allowed; else echo refused; fi",
        server.url
    );
    assert_eq!(String::from_utf8_lossy(&env.shell(&script).stdout), "allowed\n");
    server.script([Reply::error(403, "UnauthorizedOperation", "You are not authorized to perform this operation.")]);
    assert_eq!(String::from_utf8_lossy(&env.shell(&script).stdout), "refused\n");
}
