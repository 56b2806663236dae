//! The configuration file a client imports: AWS's exported configuration with the client's
//! certificate and key embedded and a random host label, written with mode 0600. `cvpn export
//! --config-out`, `cvpn up` and `cvpn user add` all write it here. A file `up` or `user add`
//! writes starts with a comment naming its VPN (and user): the mark by which a later run knows the
//! file is its own to rewrite. A file without it is someone's and is never replaced unasked.

use std::io::Read;

/// The configuration file to write, checked before anything is sent: no file is replaced without
/// `--force` (or, for a VPN's own file, its mark), and the certificate and key read as PEM.
pub struct Delivery {
    path: std::path::PathBuf,
    force: bool,
    identity: Option<(String, Option<String>)>,
    /// The first line that marks the file as cvpn's, for the VPN's own files.
    mark: Option<String>,
}

/// Shown without the certificate and key it carries.
impl std::fmt::Debug for Delivery {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("Delivery")
            .field("path", &self.path)
            .field("force", &self.force)
            .field("identity", &self.identity.as_ref().map(|_| "<certificate and key>"))
            .field("mark", &self.mark)
            .finish()
    }
}

/// The first line of the configuration cvpn writes for `whom` (`VPN office`, `VPN office, user
/// bob`).
pub fn mark_for(whom: &str) -> String {
    format!("# Written by cvpn for {whom}; cvpn rewrites it. Delete this line to keep the file as yours.")
}

/// Whether the configuration at `path` may be written for `whom`: it does not exist, it carries
/// cvpn's mark for `whom`, or `force`. The problem otherwise, to refuse before anything is sent.
pub fn check_replaceable(path: &std::path::Path, whom: &str, force: bool) -> Result<(), String> {
    if force || std::fs::symlink_metadata(path).is_err() {
        return Ok(());
    }
    // The mark is the first line: a bounded read, whatever the file is.
    let mut start = Vec::new();
    let read = std::fs::File::open(path).and_then(|file| file.take(4096).read_to_end(&mut start));
    let first_line = String::from_utf8_lossy(&start).lines().next().unwrap_or_default().to_owned();
    if read.is_ok() && first_line == mark_for(whom) {
        return Ok(());
    }
    Err(format!(
        "--config-out {}: the file exists and cvpn did not write it for {whom} (its first line is not cvpn's \
         mark); give another --config-out, or add --force to replace it",
        path.display()
    ))
}

pub fn read_pem(flag: &str, path: &std::path::Path, marker: &str) -> Result<String, crate::failure::Failure> {
    let text = crate::bounded_file::read_text(path, crate::bounded_file::PEM_FILE_BYTES).map_err(|error| {
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

/// A fresh random label for the start of the `remote` host name: the endpoint's DNS name is a
/// wildcard, and clients that do not honour `remote-random-hostname` cannot resolve the bare
/// name (AWS Client VPN administrator guide, "Export and configure the client configuration file").
pub fn host_label() -> String {
    uuid::Uuid::new_v4().simple().to_string()[..12].to_owned()
}

/// Where the key goes in a configuration whose key stays with its owner (`cvpn user sign`).
pub const KEY_STAYS_WITH_ITS_OWNER: &str = "# The private key stays with whoever made the signing request: paste it here \
between a <key> and a </key> line, or write the file with `cvpn export-client-vpn-client-configuration \
--client-vpn-endpoint-id ENDPOINT-ID --cert CERT --key KEY --config-out FILE`.";

/// AWS's configuration with the client's certificate and key embedded (or, with no key, where it
/// goes) and a random host label, so that it imports into any OpenVPN client as it is. AWS's
/// lines stay as they are, in order.
pub fn complete_configuration(configuration: &str, identity: Option<(&str, Option<&str>)>, label: &str) -> String {
    let mut lines: Vec<String> = configuration
        .lines()
        .map(|line| match line.strip_prefix("remote ") {
            Some(rest) if identity.is_some() && rest.starts_with("cvpn-endpoint-") => format!("remote {label}.{rest}"),
            _ => line.to_owned(),
        })
        .collect();
    if let Some((cert, key)) = identity {
        lines.push(format!("<cert>\n{cert}\n</cert>"));
        match key {
            Some(key) => lines.push(format!("<key>\n{key}\n</key>")),
            None => lines.push(KEY_STAYS_WITH_ITS_OWNER.to_owned()),
        }
    }
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

impl Delivery {
    /// A file to write at `path`, checked now: it is not replaced without `force`, and the
    /// certificate and key files to embed read as PEM.
    pub fn prepare(
        path: &std::path::Path,
        force: bool,
        identity_files: Option<(&std::path::Path, &std::path::Path)>,
    ) -> Result<Delivery, crate::failure::Failure> {
        if path.exists() && !force {
            return Err(crate::failure::Failure::usage(format!(
                "--config-out {}: the file exists; nothing was sent. Add --force to replace it.",
                path.display()
            )));
        }
        let identity = match identity_files {
            Some((cert, key)) => {
                Some((read_pem("cert", cert, "CERTIFICATE-----")?, Some(read_pem("key", key, "PRIVATE KEY-----")?)))
            }
            None => None,
        };
        Ok(Delivery { path: path.to_path_buf(), force, identity, mark: None })
    }

    /// A configuration file for `cvpn up` and `cvpn user add`: their own file for `whom`, marked
    /// as such, with a client's certificate and key (PEM) embedded; `check_replaceable` said it
    /// may be written.
    pub fn marked(path: std::path::PathBuf, whom: &str, identity: (String, String)) -> Delivery {
        Delivery { path, force: true, identity: Some((identity.0, Some(identity.1))), mark: Some(mark_for(whom)) }
    }

    /// The same with the certificate only: the key stays with the user who made the signing
    /// request, and the file says where it goes.
    pub fn marked_without_key(path: std::path::PathBuf, whom: &str, certificate: String) -> Delivery {
        Delivery { path, force: true, identity: Some((certificate, None)), mark: Some(mark_for(whom)) }
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
        let identity = self.identity.as_ref().map(|(cert, key)| (cert.as_str(), key.as_deref()));
        let mut text = complete_configuration(configuration, identity, &host_label());
        if let Some(mark) = &self.mark {
            text.insert_str(0, &format!("{mark}\n"));
        }
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
        let embedded = match &self.identity {
            Some((_, Some(_))) => ", certificate and key embedded",
            Some((_, None)) => ", certificate embedded; the key is its owner's to add",
            None => "",
        };
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
        let text = complete_configuration(AWS, Some((&identity.0, Some(&identity.1))), "a1b2c3d4e5f6");
        assert!(text.contains(
            "\nremote a1b2c3d4e5f6.cvpn-endpoint-0123456789abcdef0.prod.clientvpn.us-east-1.amazonaws.com 443\n"
        ));
        assert!(text.contains("remote-random-hostname\n"), "{text}");
        assert!(text.ends_with("reneg-sec 0\n<cert>\n-----BEGIN CERTIFICATE-----\nC\n-----END CERTIFICATE-----\n</cert>\n<key>\nKEY\n</key>\n"), "{text}");
        assert_eq!(complete_configuration(AWS, None, "x"), AWS);
        let signed = complete_configuration(AWS, Some((&identity.0, None)), "x");
        assert!(
            signed.ends_with(&format!("</cert>\n{KEY_STAYS_WITH_ITS_OWNER}\n"))
                && !signed.lines().any(|line| line == "<key>"),
            "{signed}"
        );
    }

    #[test]
    fn only_a_missing_file_or_cvpns_own_is_replaced_unasked() {
        let root = tempfile::tempdir().unwrap();
        let path = root.path().join("office.ovpn");
        assert!(check_replaceable(&path, "VPN office", false).is_ok(), "a missing file");
        std::fs::write(&path, "client\nremote vpn.example.com 1194\n").unwrap();
        let refused = check_replaceable(&path, "VPN office", false).unwrap_err();
        assert!(refused.contains("cvpn did not write it for VPN office"), "{refused}");
        assert!(check_replaceable(&path, "VPN office", true).is_ok(), "--force");
        std::fs::write(&path, format!("{}\nclient\n", mark_for("VPN office"))).unwrap();
        assert!(check_replaceable(&path, "VPN office", false).is_ok(), "cvpn's own");
        assert!(check_replaceable(&path, "VPN lab", false).is_err(), "another VPN's");
        let delivery = Delivery::marked(path, "VPN office", ("CERT".into(), "SECRET KEY".into()));
        assert!(!format!("{delivery:?}").contains("SECRET"), "{delivery:?}");
    }

    #[test]
    fn labels_are_fresh_and_twelve_hex_digits() {
        let (first, second) = (host_label(), host_label());
        assert_eq!(first.len(), 12);
        assert!(first.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
        assert_ne!(first, second);
    }
}
