//! A hermetic environment for running the cvpn binary: fake credentials, a region, a temporary
//! HOME with its own AWS config files, and the instance metadata service switched off, so that
//! nothing a test runs can leave loopback or read the developer's own AWS setup.

#![allow(dead_code)]

use std::path::PathBuf;

use assert_cmd::Command;
use tempfile::TempDir;

pub const ACCESS_KEY_ID: &str = "AKIDCVPNTEST";
pub const SECRET_ACCESS_KEY: &str = "cvpn-test-secret-key-never-printed";
pub const SERVER_CERT: &str = "arn:aws:acm:us-east-1:123456789012:certificate/server";
pub const CLIENT_CIDR: &str = "10.0.0.0/22";

/// A CreateClientVpnEndpoint answer as EC2 sends it (the EC2 API reference's example, status
/// message included).
pub const CREATE_RESPONSE_XML: &str = r#"<CreateClientVpnEndpointResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
    <requestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</requestId>
    <clientVpnEndpointId>cvpn-endpoint-123456789123abcde</clientVpnEndpointId>
    <status><code>pending-associate</code><message>Waiting for target network association</message></status>
    <dnsName>cvpn-endpoint-123456789123abcde.prod.clientvpn.us-east-1.amazonaws.com</dnsName>
</CreateClientVpnEndpointResponse>"#;

pub struct Hermetic {
    pub home: TempDir,
    /// Variables set on top of the hermetic base; `None` removes one.
    overrides: Vec<(String, Option<String>)>,
}

impl Hermetic {
    pub fn new() -> Hermetic {
        let home = tempfile::tempdir().expect("temporary HOME");
        std::fs::create_dir_all(home.path().join(".aws")).unwrap();
        Hermetic { home, overrides: Vec::new() }
    }

    pub fn config_file(&self) -> PathBuf {
        self.home.path().join(".aws/config")
    }

    pub fn credentials_file(&self) -> PathBuf {
        self.home.path().join(".aws/credentials")
    }

    pub fn write_config(&self, text: &str) {
        std::fs::write(self.config_file(), text).unwrap();
    }

    pub fn write_credentials(&self, text: &str) {
        std::fs::write(self.credentials_file(), text).unwrap();
    }

    pub fn set(mut self, name: &str, value: &str) -> Hermetic {
        self.overrides.push((name.to_owned(), Some(value.to_owned())));
        self
    }

    pub fn unset(mut self, name: &str) -> Hermetic {
        self.overrides.push((name.to_owned(), None));
        self
    }

    /// A program with a cleared environment and only the hermetic variables.
    pub fn command(&self, program: impl AsRef<std::ffi::OsStr>) -> std::process::Command {
        let mut command = std::process::Command::new(program);
        command
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.home.path())
            .env("AWS_CONFIG_FILE", self.config_file())
            .env("AWS_SHARED_CREDENTIALS_FILE", self.credentials_file())
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID)
            .env("AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY)
            .env("AWS_REGION", "us-east-1")
            .current_dir(self.home.path());
        for (name, value) in &self.overrides {
            match value {
                Some(value) => command.env(name, value),
                None => command.env_remove(name),
            };
        }
        command
    }

    /// The cvpn binary in the hermetic environment.
    pub fn cvpn(&self) -> Command {
        Command::from_std(self.command(cvpn_binary()))
    }

    /// `sh -c SCRIPT` in the hermetic environment, with `$CVPN` naming the binary.
    pub fn shell(&self, script: &str) -> std::process::Output {
        self.command("sh").arg("-c").arg(script).env("CVPN", cvpn_binary()).output().expect("run sh")
    }
}

pub fn cvpn_binary() -> PathBuf {
    assert_cmd::cargo::cargo_bin!("cvpn").to_path_buf()
}

/// The short form most tests start from: a client CIDR and the server certificate.
pub const SHORT_FORM: [&str; 4] = ["--client-cidr", CLIENT_CIDR, "--server-cert", SERVER_CERT];

/// `cvpn create --endpoint-url URL`, the short form and `extra`, run to completion.
pub fn run_short_form(env: &Hermetic, server_url: &str, extra: &[&str]) -> std::process::Output {
    create(env, server_url, &[&SHORT_FORM[..], extra].concat()).output().expect("run cvpn")
}

/// `cvpn create --endpoint-url URL` plus the arguments, in the hermetic environment.
pub fn create(env: &Hermetic, server_url: &str, args: &[&str]) -> Command {
    let mut command = env.cvpn();
    command.arg("create").arg("--endpoint-url").arg(server_url).args(args);
    command
}

pub fn stdout_of(output: &std::process::Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

pub fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}
