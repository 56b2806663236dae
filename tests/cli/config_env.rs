//! Settings read as the aws CLI v2 reads them: flags, environment variables and the AWS config
//! files of the temporary HOME. Region and credentials are read off the signed request.

use crate::common::{ACCESS_KEY_ID, CLIENT_CIDR, Hermetic, SERVER_CERT, run_short_form, stderr_of};
use crate::server::Ec2TestServer;

/// The region and access key id the request was signed with, from its Authorization header.
fn signed_with(server: &Ec2TestServer) -> (String, String) {
    let request = server.only_request();
    let authorization = request.header("authorization").expect("a signed request").to_owned();
    let credential = authorization.split("Credential=").nth(1).unwrap().split(',').next().unwrap();
    let parts: Vec<&str> = credential.split('/').collect();
    (parts[2].to_owned(), parts[0].to_owned())
}

fn run(env: &Hermetic, args: &[&str]) -> (String, String) {
    let server = Ec2TestServer::start();
    let output = run_short_form(env, &server.url, args);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    signed_with(&server)
}

#[test]
fn region_comes_from_the_flag_then_aws_region_then_aws_default_region_then_the_profile() {
    let env = Hermetic::new().set("AWS_REGION", "eu-west-1").set("AWS_DEFAULT_REGION", "us-west-2");
    env.write_config("[default]\nregion = ap-south-1\n");
    assert_eq!(run(&env, &["--region", "ca-central-1"]).0, "ca-central-1");
    assert_eq!(run(&env, &[]).0, "eu-west-1");
    let env = Hermetic::new().unset("AWS_REGION").set("AWS_DEFAULT_REGION", "us-west-2");
    env.write_config("[default]\nregion = ap-south-1\n");
    assert_eq!(run(&env, &[]).0, "us-west-2");
    let env = Hermetic::new().unset("AWS_REGION");
    env.write_config("[default]\nregion = ap-south-1\n");
    assert_eq!(run(&env, &[]).0, "ap-south-1");
}

#[test]
fn global_options_work_after_the_subcommand_and_before_it() {
    let env = Hermetic::new();
    let server = Ec2TestServer::start();
    env.cvpn()
        .args([
            "--region",
            "eu-north-1",
            "--endpoint-url",
            &server.url,
            "create",
            "--client-cidr",
            CLIENT_CIDR,
            "--server-cert",
            SERVER_CERT,
        ])
        .assert()
        .success();
    assert_eq!(signed_with(&server).0, "eu-north-1");
}

#[test]
fn credentials_come_from_the_selected_profile() {
    let env = Hermetic::new().unset("AWS_ACCESS_KEY_ID").unset("AWS_SECRET_ACCESS_KEY");
    env.write_credentials(
        "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = s1\n\n\
         [ops]\naws_access_key_id = AKIDOPS\naws_secret_access_key = s2\n\n\
         [legacy]\naws_access_key_id = AKIDLEGACY\naws_secret_access_key = s3\n",
    );
    assert_eq!(run(&env, &[]).1, "AKIDDEFAULT");
    assert_eq!(run(&env, &["--profile", "ops"]).1, "AKIDOPS");
    let by_env = Hermetic::new()
        .unset("AWS_ACCESS_KEY_ID")
        .unset("AWS_SECRET_ACCESS_KEY")
        .set("AWS_PROFILE", "ops")
        .set("AWS_DEFAULT_PROFILE", "legacy");
    by_env.write_credentials(&std::fs::read_to_string(env.credentials_file()).unwrap());
    assert_eq!(run(&by_env, &[]).1, "AKIDOPS", "AWS_PROFILE wins over AWS_DEFAULT_PROFILE");
    let legacy_only =
        Hermetic::new().unset("AWS_ACCESS_KEY_ID").unset("AWS_SECRET_ACCESS_KEY").set("AWS_DEFAULT_PROFILE", "legacy");
    legacy_only.write_credentials(&std::fs::read_to_string(env.credentials_file()).unwrap());
    assert_eq!(run(&legacy_only, &[]).1, "AKIDLEGACY");
}

#[test]
fn environment_credentials_are_used_first() {
    assert_eq!(run(&Hermetic::new(), &[]).1, ACCESS_KEY_ID);
}

#[test]
fn credential_process_is_run() {
    let env = Hermetic::new().unset("AWS_ACCESS_KEY_ID").unset("AWS_SECRET_ACCESS_KEY");
    let script = env.home.path().join("creds.sh");
    std::fs::write(
        &script,
        "#!/bin/sh\necho '{\"Version\": 1, \"AccessKeyId\": \"AKIDPROCESS\", \"SecretAccessKey\": \"sp\"}'\n",
    )
    .unwrap();
    std::process::Command::new("chmod").arg("+x").arg(&script).status().unwrap();
    env.write_config(&format!("[profile tool]\ncredential_process = {}\n", script.display()));
    assert_eq!(run(&env, &["--profile", "tool"]).1, "AKIDPROCESS");
}

#[test]
fn endpoint_comes_from_aws_endpoint_url_ec2_then_aws_endpoint_url() {
    let ec2 = Ec2TestServer::start();
    let general = Ec2TestServer::start();
    let env = Hermetic::new().set("AWS_ENDPOINT_URL_EC2", &ec2.url).set("AWS_ENDPOINT_URL", &general.url);
    env.cvpn().args(["create", "--client-cidr", CLIENT_CIDR, "--server-cert", SERVER_CERT]).assert().success();
    assert_eq!(ec2.requests().len(), 1);
    assert!(general.requests().is_empty());
    let env = Hermetic::new().set("AWS_ENDPOINT_URL", &general.url);
    env.cvpn().args(["create", "--client-cidr", CLIENT_CIDR, "--server-cert", SERVER_CERT]).assert().success();
    assert_eq!(general.requests().len(), 1);
}

#[test]
fn endpoint_can_come_from_the_profile() {
    let server = Ec2TestServer::start();
    let env = Hermetic::new();
    env.write_config(&format!("[default]\nendpoint_url = {}\n", server.url));
    env.cvpn().args(["create", "--client-cidr", CLIENT_CIDR, "--server-cert", SERVER_CERT]).assert().success();
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn endpoint_can_come_from_the_profiles_services_section_per_service() {
    let ec2 = Ec2TestServer::start();
    let general = Ec2TestServer::start();
    let env = Hermetic::new();
    env.write_config(&format!(
        "[default]\nendpoint_url = {}\nservices = local\n\n[services local]\nec2 =\n  endpoint_url = {}\n",
        general.url, ec2.url
    ));
    env.cvpn().args(["describe-client-vpn-endpoints"]).assert().success();
    assert_eq!(ec2.requests().len(), 1, "the ec2 entry of the services section wins");
    assert!(general.requests().is_empty());
}

#[test]
fn the_endpoint_url_flag_applies_to_every_command_over_the_environment() {
    let flagged = Ec2TestServer::start();
    let ec2 = Ec2TestServer::start();
    let env = Hermetic::new().set("AWS_ENDPOINT_URL_EC2", &ec2.url);
    env.cvpn().args(["ls", "--endpoint-url", &flagged.url]).assert().success();
    env.cvpn()
        .args(["create", "--endpoint-url", &flagged.url, "--client-cidr", CLIENT_CIDR, "--server-cert", SERVER_CERT])
        .assert()
        .success();
    assert_eq!(flagged.requests().len(), 2);
    assert!(ec2.requests().is_empty());
}

#[test]
fn an_empty_or_schemeless_endpoint_variable_is_a_usage_error_before_anything_is_sent() {
    let server = Ec2TestServer::start();
    for (name, value, said) in [
        ("AWS_ENDPOINT_URL", "", "AWS_ENDPOINT_URL is set but empty"),
        ("AWS_ENDPOINT_URL_EC2", " ", "AWS_ENDPOINT_URL_EC2 is set but empty"),
        ("AWS_ENDPOINT_URL_ACM", "", "AWS_ENDPOINT_URL_ACM is set but empty"),
        ("AWS_ENDPOINT_URL", "127.0.0.1:9", "Bad value for AWS_ENDPOINT_URL \"127.0.0.1:9\": scheme is missing"),
    ] {
        let env = Hermetic::new().set(name, value);
        let output = env.cvpn().args(["describe-client-vpn-endpoints"]).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(252), "{name}={value:?}: {stderr}");
        assert!(stderr.contains(said) && !stderr.contains("panicked"), "{name}={value:?}: {stderr}");
    }
    // The flag wins over the environment, as everywhere.
    let env = Hermetic::new().set("AWS_ENDPOINT_URL", "");
    env.cvpn().args(["describe-client-vpn-endpoints", "--endpoint-url", &server.url]).assert().success();
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn an_empty_endpoint_url_in_the_profile_is_a_usage_error() {
    let env = Hermetic::new();
    env.write_config("[default]\nendpoint_url =\n");
    let output = env.cvpn().args(["describe-client-vpn-endpoints"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(252), "{stderr}");
    assert!(stderr.contains("Bad value for endpoint_url \"\" in the profile 'default'"), "{stderr}");
}
