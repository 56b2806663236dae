//! The conformance suite: every argument list recorded from the real aws CLI
//! (tests/conformance/recordings.json, made by tests/conformance/record.py) is replayed through
//! `cvpn create`. What the aws CLI accepts, cvpn sends with the same form fields and values
//! (ClientToken aside when none was given) and prints with the same JSON; what the aws CLI
//! refuses, cvpn refuses with exit 252 and sends nothing.
//!
//! The replay passes --no-validate: cvpn's own checks of AWS's documented rules (tests/cli/
//! validation_*.rs) refuse some requests the aws CLI sends as they are, such as one without a
//! client CIDR. This suite is about reading arguments and putting them on the wire.

use std::path::Path;

use crate::common::{CREATE_RESPONSE_XML, Hermetic, stderr_of, stdout_of};
use crate::server::{Ec2TestServer, Reply};

struct Recording {
    name: String,
    args: Vec<String>,
    exit_code: i64,
    /// The form of each request the aws CLI sent.
    requests: Vec<Vec<(String, String)>>,
    stdout: String,
}

fn recordings() -> Vec<Recording> {
    recordings_in("recordings.json")
}

fn document_in(file: &str) -> serde_json::Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance").join(file);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn recordings_in(file: &str) -> Vec<Recording> {
    let document = document_in(file);
    let strings = |value: &serde_json::Value| -> Vec<String> {
        value.as_array().unwrap().iter().map(|item| item.as_str().unwrap().to_owned()).collect()
    };
    document["recordings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|recording| Recording {
            name: recording["name"].as_str().unwrap().to_owned(),
            args: strings(&recording["args"]),
            exit_code: recording["exit_code"].as_i64().unwrap(),
            requests: recording["requests"]
                .as_array()
                .unwrap()
                .iter()
                .map(|form| {
                    form.as_array()
                        .unwrap()
                        .iter()
                        .map(|pair| {
                            let pair = strings(pair);
                            (pair[0].clone(), pair[1].clone())
                        })
                        .collect()
                })
                .collect(),
            stdout: recording["stdout"].as_str().unwrap().to_owned(),
        })
        .collect()
}

/// The fields to compare, sorted: the aws CLI orders --cli-input-json members after the flags.
fn comparable(form: &[(String, String)], token_given: bool) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> =
        form.iter().filter(|(key, _)| token_given || key != "ClientToken").cloned().collect();
    fields.sort();
    fields
}

/// Replays one recording; returns what differs, if anything.
fn replay(recording: &Recording) -> Option<String> {
    let env = Hermetic::new();
    let server = Ec2TestServer::start();
    let aws_dry_run = recording.requests.iter().flatten().any(|(key, value)| key == "DryRun" && value == "true");
    if !aws_dry_run {
        server.script([Reply::Raw {
            status: 200,
            content_type: "text/xml;charset=UTF-8".into(),
            body: CREATE_RESPONSE_XML.into(),
        }]);
    }
    let output = env
        .cvpn()
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance/files"))
        .arg("create")
        .arg("--endpoint-url")
        .arg(&server.url)
        .arg("--no-validate")
        .args(&recording.args)
        .output()
        .unwrap();
    let code = output.status.code();
    let sent: Vec<Vec<(String, String)>> = server.requests().iter().map(|request| request.form()).collect();
    let name = &recording.name;

    if recording.requests.is_empty() {
        if code != Some(252) || !sent.is_empty() || stderr_of(&output).trim().is_empty() {
            return Some(format!(
                "{name}: the aws CLI refused it; cvpn exited {code:?}, sent {} request(s), said {:?}",
                sent.len(),
                stderr_of(&output)
            ));
        }
        return None;
    }
    let token_given = recording.args.iter().any(|arg| arg.starts_with("--client-token"));
    if sent.len() != 1 {
        return Some(format!("{name}: cvpn sent {} requests (exit {code:?}): {}", sent.len(), stderr_of(&output)));
    }
    let expected = comparable(&recording.requests[0], token_given);
    let actual = comparable(&sent[0], token_given);
    if expected != actual {
        let missing: Vec<_> = expected.iter().filter(|field| !actual.contains(field)).collect();
        let extra: Vec<_> = actual.iter().filter(|field| !expected.contains(field)).collect();
        return Some(format!(
            "{name}: form differs; aws sent and cvpn did not: {missing:?}; cvpn sent and aws did not: {extra:?}"
        ));
    }
    if aws_dry_run {
        // Deliberately better than the aws CLI: a permitted dry run is a success.
        return (code != Some(0)).then(|| format!("{name}: a permitted dry run exited {code:?}"));
    }
    if code != Some(recording.exit_code as i32) || stdout_of(&output) != recording.stdout {
        return Some(format!(
            "{name}: exit {code:?} (aws {}), stdout {:?} (aws {:?})",
            recording.exit_code,
            stdout_of(&output),
            recording.stdout
        ));
    }
    None
}

#[test]
fn cvpn_sends_and_prints_what_the_aws_cli_does_for_every_recorded_case() {
    let recordings = recordings();
    assert!(recordings.len() >= 70, "the recordings are incomplete");
    let failures: Vec<String> = recordings.iter().filter_map(replay).collect();
    assert!(failures.is_empty(), "{} of {} cases differ:\n{}", failures.len(), recordings.len(), failures.join("\n"));
}

/// botocore's `xform_name` for the top-level members: `ClientCidrBlock` → `client-cidr-block`.
fn flag_name(member: &str) -> String {
    let mut flag = String::from("--");
    let mut previous_lower = false;
    for character in member.chars() {
        if character.is_ascii_uppercase() && previous_lower {
            flag.push('-');
        }
        previous_lower = character.is_ascii_lowercase() || character.is_ascii_digit();
        flag.push(character.to_ascii_lowercase());
    }
    flag
}

/// The aws CLI's flags for CreateClientVpnEndpoint, derived from the model: one per member, a
/// `--no-` twin for each boolean, and the input documents.
fn aws_create_flags() -> Vec<String> {
    let mut flags = Vec::new();
    for member in cvpn::api::model::CREATE_CLIENT_VPN_ENDPOINT_REQUEST.members() {
        let flag = flag_name(member.name);
        if matches!(member.shape, cvpn::api::model::Shape::Boolean) {
            flags.push(format!("--no-{}", &flag[2..]));
        }
        flags.push(flag);
    }
    flags.extend(["--cli-input-json".to_owned(), "--cli-input-yaml".to_owned()]);
    flags
}

/// Flags the recording aws CLI (v1, the one PyPI installs) does not have, so no recording can
/// use them, and where they are tested instead.
const NOT_RECORDABLE: [(&str, &str); 2] = [
    ("--cli-input-yaml", "aws CLI v2 only; tests/cli/input_documents.rs"),
    ("--device-posture-options", "not in botocore 1.43.62's model; tests/cli/create_wire.rs"),
];

#[test]
fn every_aws_flag_of_create_is_a_cvpn_flag() {
    use clap::CommandFactory;
    let command = cvpn::commands::Cli::command();
    let create = command.find_subcommand("create").expect("cvpn create");
    let longs: Vec<String> =
        create.get_arguments().filter_map(|arg| arg.get_long()).map(|l| format!("--{l}")).collect();
    let flags = aws_create_flags();
    assert_eq!(flags.len(), 24 + 3 + 2, "24 members, 3 boolean twins, 2 input documents: {flags:?}");
    for flag in flags {
        assert!(longs.contains(&flag), "cvpn create has no {flag}");
    }
}

#[test]
fn the_recordings_cover_every_create_flag() {
    let recordings = recordings();
    let used: Vec<&str> = recordings.iter().flat_map(|recording| recording.args.iter().map(String::as_str)).collect();
    let is_used = |flag: &str| used.iter().any(|arg| *arg == flag || arg.starts_with(&format!("{flag}=")));
    for flag in aws_create_flags() {
        match NOT_RECORDABLE.iter().find(|(name, _)| *name == flag) {
            // Once the recording CLI knows it, it belongs in the recordings.
            Some((_, reason)) => {
                assert!(!is_used(&flag), "{flag} is recorded now; drop it from NOT_RECORDABLE ({reason})")
            }
            None => assert!(is_used(&flag), "no recorded case uses {flag}"),
        }
    }
}

/// Replays one describe recording against a server seeded as it was when recorded; returns what
/// differs. Every form must match exactly (describe has no generated token), and stdout and the
/// exit code too; a refused case must send nothing and exit 252.
fn replay_describe(recording: &Recording, seed: &[Vec<String>]) -> Option<String> {
    let env = Hermetic::new();
    let server = Ec2TestServer::start();
    for args in seed {
        let created = env.cvpn().arg("create").arg("--endpoint-url").arg(&server.url).args(args).output().unwrap();
        assert_eq!(created.status.code(), Some(0), "seeding: {}", stderr_of(&created));
    }
    let seeded = server.requests().len();
    let output = env
        .cvpn()
        .arg("describe-client-vpn-endpoints")
        .arg("--endpoint-url")
        .arg(&server.url)
        .args(&recording.args)
        .output()
        .unwrap();
    let code = output.status.code();
    let sent: Vec<Vec<(String, String)>> = server.requests()[seeded..].iter().map(|request| request.form()).collect();
    let name = &recording.name;
    if recording.requests.is_empty() {
        return (code != Some(252) || !sent.is_empty()).then(|| {
            format!("{name}: the aws CLI refused it; cvpn exited {code:?} and sent {} request(s)", sent.len())
        });
    }
    // The aws CLI orders form fields as its arguments came, the SDK as the model lists them; EC2
    // reads them by name.
    let sorted = |forms: &[Vec<(String, String)>]| -> Vec<Vec<(String, String)>> {
        forms.iter().map(|form| comparable(form, true)).collect()
    };
    if sorted(&sent) != sorted(&recording.requests) {
        return Some(format!("{name}: forms differ\n aws: {:?}\ncvpn: {sent:?}", recording.requests));
    }
    if code != Some(recording.exit_code as i32) || stdout_of(&output) != recording.stdout {
        return Some(format!(
            "{name}: exit {code:?} (aws {}), stdout differs:\n{}\n--- aws ---\n{}",
            recording.exit_code,
            stdout_of(&output),
            recording.stdout
        ));
    }
    None
}

#[test]
fn describe_sends_and_prints_what_the_aws_cli_does_for_every_recorded_case() {
    let recordings = recordings_in("describe_recordings.json");
    let seed: Vec<Vec<String>> = document_in("describe_recordings.json")["seed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|args| args.as_array().unwrap().iter().map(|arg| arg.as_str().unwrap().to_owned()).collect())
        .collect();
    assert!(recordings.len() >= 30, "the describe recordings are incomplete");
    let failures: Vec<String> = recordings.iter().filter_map(|recording| replay_describe(recording, &seed)).collect();
    assert!(failures.is_empty(), "{} of {} cases differ:\n{}", failures.len(), recordings.len(), failures.join("\n"));
}

#[test]
fn the_describe_recordings_cover_every_aws_flag_of_the_model() {
    let recordings = recordings_in("describe_recordings.json");
    let used: Vec<&str> = recordings.iter().flat_map(|recording| recording.args.iter().map(String::as_str)).collect();
    let operation = &cvpn::api::operations::DESCRIBE_CLIENT_VPN_ENDPOINTS;
    let mut flags: Vec<String> = operation.members().iter().map(|member| format!("--{}", member.flag())).collect();
    flags.extend(
        ["--no-dry-run", "--cli-input-json", "--page-size", "--max-items", "--starting-token", "--no-paginate"]
            .map(String::from),
    );
    for flag in flags.iter().filter(|flag| *flag != "--dry-run") {
        assert!(used.contains(&flag.as_str()), "no recorded describe case uses {flag}");
    }
}

/// One step of the recorded lifecycle, with what the aws CLI did.
struct Step {
    recording: Recording,
    command: String,
    stderr: String,
    /// Why cvpn refuses before sending what the aws CLI sent, when it does.
    cvpn_refuses: Option<String>,
}

/// Replays the lifecycle steps in order against one server seeded as when recorded; returns what
/// differs. The recording aws CLI is v1: it exits 255 where v2 and cvpn exit 254 (the service
/// answered with an error) and 252 (refused before sending).
fn replay_lifecycle(steps: &[Step], seed: &[String]) -> Vec<String> {
    let env = Hermetic::new();
    let server = Ec2TestServer::start();
    let files = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance/files");
    let created = env.cvpn().arg("create").arg("--endpoint-url").arg(&server.url).args(seed).output().unwrap();
    assert_eq!(created.status.code(), Some(0), "seeding: {}", stderr_of(&created));
    let mut failures = Vec::new();
    for step in steps {
        let recording = &step.recording;
        let before = server.requests().len();
        let output = env
            .cvpn()
            .current_dir(&files)
            .arg(&step.command)
            .arg("--endpoint-url")
            .arg(&server.url)
            .args(&recording.args)
            .output()
            .unwrap();
        let code = output.status.code();
        let sent: Vec<Vec<(String, String)>> =
            server.requests()[before..].iter().map(|request| request.form()).collect();
        let name = &recording.name;
        if recording.requests.is_empty() || step.cvpn_refuses.is_some() {
            if code != Some(252) || !sent.is_empty() {
                failures.push(format!("{name}: refused before sending by aws or cvpn, but cvpn exited {code:?} and sent {} request(s): {}", sent.len(), stderr_of(&output)));
            }
            continue;
        }
        let token_given = recording.args.iter().any(|arg| arg == "--client-token");
        let sorted = |forms: &[Vec<(String, String)>]| -> Vec<Vec<(String, String)>> {
            forms.iter().map(|form| comparable(form, token_given)).collect()
        };
        if sorted(&sent) != sorted(&recording.requests) {
            failures.push(format!("{name}: forms differ\n aws: {:?}\ncvpn: {sent:?}", recording.requests));
            continue;
        }
        let dry_run = recording.args.iter().any(|arg| arg == "--dry-run");
        let service_error = step.stderr.contains("An error occurred (");
        let expected_code = match (dry_run, service_error, recording.exit_code) {
            // Deliberately better than the aws CLI: a permitted dry run is a success.
            (true, _, _) => 0,
            (false, true, _) => 254,
            (false, false, code) => code as i32,
        };
        if code != Some(expected_code) {
            failures.push(format!("{name}: exit {code:?}, expected {expected_code}: {}", stderr_of(&output)));
        } else if !dry_run && stdout_of(&output) != recording.stdout {
            failures.push(format!(
                "{name}: stdout differs:\n{}\n--- aws ---\n{}",
                stdout_of(&output),
                recording.stdout
            ));
        } else if service_error && !dry_run {
            let line = step.stderr.trim();
            if !stderr_of(&output).contains(line) {
                failures
                    .push(format!("{name}: stderr lacks the aws CLI's error line {line:?}: {}", stderr_of(&output)));
            }
        }
    }
    failures
}

fn lifecycle_steps() -> (Vec<Step>, Vec<String>) {
    let document = document_in("lifecycle_recordings.json");
    let recordings = recordings_in("lifecycle_recordings.json");
    let steps = recordings
        .into_iter()
        .zip(document["recordings"].as_array().unwrap())
        .map(|(recording, raw)| Step {
            recording,
            command: raw["command"].as_str().unwrap().to_owned(),
            stderr: raw["stderr"].as_str().unwrap().to_owned(),
            cvpn_refuses: raw.get("cvpn_refuses").and_then(|reason| reason.as_str()).map(str::to_owned),
        })
        .collect();
    let seed = document["seed"].as_array().unwrap().iter().map(|arg| arg.as_str().unwrap().to_owned()).collect();
    (steps, seed)
}

#[test]
fn every_operation_sends_and_prints_what_the_aws_cli_does_through_an_endpoints_life() {
    let (steps, seed) = lifecycle_steps();
    assert!(steps.len() >= 60, "the lifecycle recordings are incomplete");
    let failures = replay_lifecycle(&steps, &seed);
    assert!(failures.is_empty(), "{} of {} steps differ:\n{}", failures.len(), steps.len(), failures.join("\n"));
}

#[test]
fn the_lifecycle_recordings_cover_every_operation_the_recording_cli_knows() {
    let (steps, _) = lifecycle_steps();
    // Not in botocore 1.43.62's model, so not recordable; tests/cli/operations.rs covers them.
    let not_recordable = [
        "GetClientVpnEndpointAuthorizationPolicy",
        "ModifyClientVpnEndpointAuthorizationPolicy",
        "DeleteClientVpnEndpointAuthorizationPolicy",
    ];
    for operation in cvpn::api::operations::ALL {
        if operation.name == "CreateClientVpnEndpoint" || not_recordable.contains(&operation.name) {
            continue;
        }
        let command = operation.command();
        let steps: Vec<&Step> = steps.iter().filter(|step| step.command == command).collect();
        assert!(!steps.is_empty(), "no recorded step runs {command}");
        assert!(
            steps
                .iter()
                .any(|step| step.recording.exit_code == 0 && !step.recording.args.contains(&"--dry-run".to_owned())),
            "no recorded step of {command} succeeds"
        );
    }
}

/// Whether `value` holds only members of `shape`, in the shape's order, all the way down.
fn follows(value: &serde_json::Value, shape: &cvpn::api::model::Shape, path: &str) -> Result<(), String> {
    use cvpn::api::model::Shape;
    match (shape, value) {
        (Shape::Structure(members), serde_json::Value::Object(object)) => {
            let mut last = 0;
            for (key, item) in object {
                let Some(index) = members.iter().position(|member| member.name == key) else {
                    return Err(format!("{path}.{key} is not in the output model"));
                };
                if index < last {
                    return Err(format!("{path}.{key} comes before a member the model lists first"));
                }
                last = index;
                follows(item, members[index].shape, &format!("{path}.{key}"))?;
            }
            Ok(())
        }
        (Shape::List(member), serde_json::Value::Array(items)) => {
            items.iter().try_for_each(|item| follows(item, member, &format!("{path}[]")))
        }
        (Shape::Structure(_) | Shape::List(_), other) => Err(format!("{path} is {other}, not what the model says")),
        _ => Ok(()),
    }
}

#[test]
fn the_output_models_hold_what_the_aws_cli_printed_in_its_order() {
    let (steps, _) = lifecycle_steps();
    let mut checked = 0;
    for step in &steps {
        let recording = &step.recording;
        let Ok(printed) = serde_json::from_str::<serde_json::Value>(&recording.stdout) else { continue };
        if recording.exit_code != 0 || recording.args.iter().any(|arg| arg == "--query") {
            continue;
        }
        let operation = cvpn::api::operations::ALL
            .iter()
            .find(|operation| operation.command() == step.command)
            .unwrap_or_else(|| panic!("no operation {}", step.command));
        if let Err(problem) = follows(&printed, operation.output, &step.command) {
            panic!("{}: {problem}", recording.name);
        }
        checked += 1;
    }
    assert!(checked >= 25, "only {checked} answers checked");
}

#[test]
fn every_operation_prints_a_sample_answer_without_sending() {
    let env = Hermetic::new();
    let server = Ec2TestServer::start();
    for operation in cvpn::api::operations::ALL {
        let mut args = vec![operation.command(), "--generate-cli-skeleton".to_owned(), "output".to_owned()];
        for member in operation.members().iter().filter(|member| member.required) {
            args.extend([format!("--{}", member.flag()), "x".to_owned()]);
        }
        if operation.name == "AuthorizeClientVpnIngress" || operation.name == "CreateClientVpnEndpoint" {
            args.push("--no-validate".to_owned());
        }
        let output = env.cvpn().arg("--endpoint-url").arg(&server.url).args(&args).output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{}: {}", operation.name, stderr_of(&output));
        let sample: serde_json::Value = serde_json::from_str(&stdout_of(&output)).unwrap();
        assert_eq!(sample, cvpn::api::skeleton::output_skeleton_of(operation.output), "{}", operation.name);
        follows(&sample, operation.output, operation.name).unwrap();
    }
    let missing = env.cvpn().args(["routes", "--generate-cli-skeleton", "output"]).output().unwrap();
    assert_eq!(missing.status.code(), Some(252));
    assert!(stderr_of(&missing).contains("--client-vpn-endpoint-id"), "{}", stderr_of(&missing));
    assert!(server.requests().is_empty());
}
