//! `cvpn export-client-vpn-client-configuration` (`cvpn export`): the aws command, and the
//! configuration written to a file ready for any OpenVPN client.

use clap::Args;

use crate::cli::file_values;

/// Where the configuration goes, and what it gets beyond AWS's text.
#[derive(Debug, Args)]
#[command(next_help_heading = "Configuration file")]
pub struct ConfigurationFileArgs {
    /// Write the configuration to this file (mode 0600) instead of printing it.
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub config_out: Option<std::path::PathBuf>,
    /// Embed this client certificate (PEM) as a <cert> block; needs --key.
    #[arg(long, value_name = "FILE", requires = "key", add = file_values())]
    pub cert: Option<std::path::PathBuf>,
    /// Embed this private key (PEM) as a <key> block; needs --cert and --config-out.
    #[arg(long, value_name = "FILE", requires_all = ["cert", "config_out"], add = file_values())]
    pub key: Option<std::path::PathBuf>,
    /// Replace --config-out when it exists.
    #[arg(long, requires = "config_out")]
    pub force: bool,
}

/// The configuration file to write, checked before anything is sent: no file is replaced without
/// `--force`, and the certificate and key read as PEM.
#[derive(Debug)]
pub struct Delivery {
    path: std::path::PathBuf,
    force: bool,
    identity: Option<(String, String)>,
}

pub fn read_pem(flag: &str, path: &std::path::Path, marker: &str) -> Result<String, crate::failure::Failure> {
    let text = std::fs::read_to_string(path).map_err(|error| {
        crate::failure::Failure::usage(format!("--{flag} {}: cannot be read: {error}", path.display()))
    })?;
    if !text.contains("-----BEGIN ") || !text.contains(marker) {
        return Err(crate::failure::Failure::usage(format!(
            "--{flag} {}: is not a PEM file with a {marker} block",
            path.display()
        )));
    }
    Ok(text.trim_end().to_owned())
}

/// What `args` asks for beyond printing, checked now; `None` prints the answer as aws does.
pub fn prepare(extra: Option<&dyn std::any::Any>) -> Result<Option<Delivery>, crate::failure::Failure> {
    let Some(args) = extra.and_then(|extra| extra.downcast_ref::<ConfigurationFileArgs>()) else { return Ok(None) };
    let Some(path) = &args.config_out else { return Ok(None) };
    if path.exists() && !args.force {
        return Err(crate::failure::Failure::usage(format!(
            "--config-out {}: the file exists; nothing was sent. Add --force to replace it.",
            path.display()
        )));
    }
    let identity = match (&args.cert, &args.key) {
        (Some(cert), Some(key)) => {
            Some((read_pem("cert", cert, "CERTIFICATE-----")?, read_pem("key", key, "PRIVATE KEY-----")?))
        }
        _ => None,
    };
    Ok(Some(Delivery { path: path.clone(), force: args.force, identity }))
}

/// A fresh random label for the start of the `remote` host name: the endpoint's DNS name is a
/// wildcard, and clients that do not honour `remote-random-hostname` cannot resolve the bare
/// name (AWS Client VPN administrator guide, "Export and configure the client configuration file").
pub fn host_label() -> String {
    uuid::Uuid::new_v4().simple().to_string()[..12].to_owned()
}

/// AWS's configuration with the client's certificate and key embedded and a random host label,
/// so that it imports into any OpenVPN client as it is. AWS's lines stay as they are, in order.
pub fn complete_configuration(configuration: &str, identity: Option<&(String, String)>, label: &str) -> String {
    let mut lines: Vec<String> = configuration
        .lines()
        .map(|line| match line.strip_prefix("remote ") {
            Some(rest) if identity.is_some() && rest.starts_with("cvpn-endpoint-") => format!("remote {label}.{rest}"),
            _ => line.to_owned(),
        })
        .collect();
    if let Some((cert, key)) = identity {
        lines.push(format!("<cert>\n{cert}\n</cert>"));
        lines.push(format!("<key>\n{key}\n</key>"));
    }
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

impl Delivery {
    /// A configuration file for `cvpn up` and `cvpn user add`: their own file, with a client's
    /// certificate and key (PEM) embedded.
    pub fn new(path: std::path::PathBuf, replace: bool, identity: (String, String)) -> Delivery {
        Delivery { path, force: replace, identity: Some(identity) }
    }

    /// The configuration an export answered, or why there is none.
    pub fn configuration_of(
        answer: &serde_json::Map<String, serde_json::Value>,
    ) -> Result<&str, crate::failure::Failure> {
        answer.get("ClientConfiguration").and_then(serde_json::Value::as_str).ok_or_else(|| {
            crate::failure::Failure::other("The answer holds no ClientConfiguration; no file was written.")
        })
    }

    /// Writes the answer's configuration, completed, with mode 0600.
    pub fn write(&self, answer: &serde_json::Map<String, serde_json::Value>) -> Result<(), crate::failure::Failure> {
        let configuration = Delivery::configuration_of(answer)?;
        let text = complete_configuration(configuration, self.identity.as_ref(), &host_label());
        crate::private_files::write(&self.path, &text, self.force).map_err(|error| {
            crate::failure::Failure::other(format!(
                "--config-out {}: could not be written: {error}",
                self.path.display()
            ))
        })
    }

    /// Writes the answer's configuration; says where on stderr.
    pub fn deliver(&self, answer: &serde_json::Map<String, serde_json::Value>) -> Result<(), crate::failure::Failure> {
        self.write(answer)?;
        let embedded = if self.identity.is_some() { ", certificate and key embedded" } else { "" };
        crate::output::printer::note(&format!("Wrote {} (mode 0600{embedded})", self.path.display()));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const AWS: &str = "client\ndev tun\nproto udp\nremote cvpn-endpoint-0123456789abcdef0.prod.clientvpn.us-east-1.amazonaws.com 443\nremote-random-hostname\n<ca>\nCA\n</ca>\nreneg-sec 0\n";

    #[test]
    fn the_identity_is_embedded_after_aws_lines_with_a_host_label() {
        let identity = ("-----BEGIN CERTIFICATE-----\nC\n-----END CERTIFICATE-----".to_owned(), "KEY".to_owned());
        let text = complete_configuration(AWS, Some(&identity), "a1b2c3d4e5f6");
        assert!(text.contains(
            "\nremote a1b2c3d4e5f6.cvpn-endpoint-0123456789abcdef0.prod.clientvpn.us-east-1.amazonaws.com 443\n"
        ));
        assert!(text.contains("remote-random-hostname\n"), "{text}");
        assert!(text.ends_with("reneg-sec 0\n<cert>\n-----BEGIN CERTIFICATE-----\nC\n-----END CERTIFICATE-----\n</cert>\n<key>\nKEY\n</key>\n"), "{text}");
        assert_eq!(complete_configuration(AWS, None, "x"), AWS);
    }

    #[test]
    fn labels_are_fresh_and_twelve_hex_digits() {
        let (first, second) = (host_label(), host_label());
        assert_eq!(first.len(), 12);
        assert!(first.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
        assert_ne!(first, second);
    }
}
