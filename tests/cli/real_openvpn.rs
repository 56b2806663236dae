//! A real OpenVPN 2.6 client and server on loopback (`--dev null`: no tun device) with what cvpn
//! made: the client's .ovpn as `up` and `user add` write it (only its `remote` pointed at
//! 127.0.0.1), the server holding the server certificate and CA cvpn made. The handshake must
//! complete; once the server holds the revocation list cvpn imported, every certificate of a
//! revoked user must be refused, the one a renewal set aside included. Skipped, with a message,
//! where `openvpn` is missing, unless `CVPN_REQUIRE_OPENVPN=1` (set by `.ci/run`, which installs it).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{Hermetic, stderr_of};
use crate::server::{Ec2TestServer, network};

pub(crate) fn openvpn() -> Option<PathBuf> {
    let found = ["/usr/sbin/openvpn", "/usr/bin/openvpn", "/usr/local/sbin/openvpn"]
        .into_iter()
        .map(PathBuf::from)
        .find(|path| path.exists());
    if found.is_none() {
        assert!(
            std::env::var_os("CVPN_REQUIRE_OPENVPN").is_none(),
            "CVPN_REQUIRE_OPENVPN is set and openvpn is not installed"
        );
        eprintln!("skipped: openvpn is not installed (apt-get install openvpn)");
    }
    found
}

fn cvpn(env: &Hermetic, server: &Ec2TestServer, args: &[&str]) {
    let output = env.cvpn().arg("--endpoint-url").arg(&server.url).args(args).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{args:?}: {}", stderr_of(&output));
}

/// A UDP port nobody listens on now.
fn free_port() -> u16 {
    std::net::UdpSocket::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// An openvpn process whose log is a file, killed when dropped.
struct Running {
    child: Child,
    log: PathBuf,
}

impl Running {
    fn start(openvpn: &Path, log: PathBuf, args: &[&str]) -> Running {
        let child = Command::new(openvpn)
            .args(args)
            .args(["--log", log.to_str().unwrap(), "--verb", "3"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        Running { child, log }
    }

    fn log(&self) -> String {
        let mut text = String::new();
        if let Ok(mut file) = std::fs::File::open(&self.log) {
            let _ = file.read_to_string(&mut text);
        }
        text
    }

    /// Waits until the log holds one of `lines`; which one, or `None` after `within`.
    fn wait_for(&self, lines: &[&str], within: Duration) -> Option<String> {
        let deadline = Instant::now() + within;
        while Instant::now() < deadline {
            let log = self.log();
            if let Some(line) = lines.iter().find(|line| log.contains(**line)) {
                return Some((*line).to_owned());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        None
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The configuration cvpn wrote, aimed at the local server: its `remote` on 127.0.0.1, no tun.
fn local_client_configuration(written: &str, port: u16) -> String {
    written
        .lines()
        .filter(|line| *line != "remote-random-hostname")
        .map(|line| match line {
            line if line.starts_with("remote ") => format!("remote 127.0.0.1 {port}"),
            "dev tun" => "dev null".to_owned(),
            "proto udp" => "proto udp4".to_owned(),
            line => line.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Whether a client with configuration `written` completes a TLS handshake with a server holding
/// the VPN's certificates (and `crl`), and the server's log.
pub(crate) fn handshake(
    openvpn: &Path,
    work: &Path,
    pki: &Path,
    written: &str,
    crl: Option<&Path>,
    tag: &str,
) -> (bool, String) {
    let port = free_port();
    let mut server_args: Vec<String> = [
        "--dev",
        "null",
        "--proto",
        "udp4",
        "--local",
        "127.0.0.1",
        "--lport",
        &port.to_string(),
        "--tls-server",
        "--dh",
        "none",
        "--ping-exit",
        "30",
    ]
    .iter()
    .map(|word| (*word).to_owned())
    .collect();
    for (flag, file) in [("--ca", "ca.crt"), ("--cert", "server.crt"), ("--key", "server.key")] {
        server_args.extend([flag.to_owned(), pki.join(file).display().to_string()]);
    }
    if let Some(crl) = crl {
        server_args.extend(["--crl-verify".to_owned(), crl.display().to_string()]);
    }
    let words: Vec<&str> = server_args.iter().map(String::as_str).collect();
    let server = Running::start(openvpn, work.join(format!("{tag}-server.log")), &words);
    server.wait_for(&["Initialization Sequence Completed", "UDPv4 link local"], Duration::from_secs(10));
    let config = work.join(format!("{tag}.ovpn"));
    std::fs::write(&config, local_client_configuration(written, port)).unwrap();
    let client =
        Running::start(openvpn, work.join(format!("{tag}-client.log")), &["--config", config.to_str().unwrap()]);
    let peer = "Peer Connection Initiated";
    let refused = ["certificate revoked", "TLS Error", "VERIFY ERROR"];
    let done = [&[peer][..], &refused[..]].concat();
    let seen = server.wait_for(&done, Duration::from_secs(20));
    let connected = seen.as_deref() == Some(peer) && client.wait_for(&[peer], Duration::from_secs(10)).is_some();
    (connected, format!("server:\n{}\nclient:\n{}", server.log(), client.log()))
}

#[test]
fn a_real_openvpn_client_connects_with_what_cvpn_wrote_and_a_revoked_user_is_refused() {
    let Some(openvpn) = openvpn() else { return };
    let server = Ec2TestServer::start();
    let env = Hermetic::new().set("USER", "alice");
    cvpn(&env, &server, &["up", "office", "--subnet-id", network::SUBNETS[0].0, "--poll-interval", "0.01"]);
    cvpn(&env, &server, &["user", "add", "office", "bob"]);
    let old_bob = std::fs::read_to_string(env.home.path().join("office-bob.ovpn")).unwrap();
    cvpn(&env, &server, &["user", "add", "office", "bob", "--renew"]);
    let pki = env.home.path().join(".local/share/cvpn/office");
    let work = tempfile::tempdir().unwrap();
    let read = |name: &str| std::fs::read_to_string(env.home.path().join(name)).unwrap();

    // Before any revocation: alice's, bob's new and bob's old configurations all connect.
    for (tag, written) in
        [("alice", read("office.ovpn")), ("bob", read("office-bob.ovpn")), ("old-bob", old_bob.clone())]
    {
        let (connected, logs) = handshake(&openvpn, work.path(), &pki, &written, None, tag);
        assert!(connected, "{tag} did not connect:\n{logs}");
    }

    // Bob revoked: the list cvpn imported refuses both of his certificates, and only his.
    cvpn(&env, &server, &["user", "revoke", "office", "bob"]);
    let (list, _) = server.revocation_list(&server.endpoints()[0].id).expect("a list was imported");
    let crl = work.path().join("crl.pem");
    std::fs::write(&crl, list).unwrap();
    for (tag, written) in [("bob-revoked", read("office-bob.ovpn")), ("old-bob-revoked", old_bob)] {
        let (connected, logs) = handshake(&openvpn, work.path(), &pki, &written, Some(&crl), tag);
        assert!(!connected, "{tag} connected though revoked:\n{logs}");
        assert!(logs.contains("certificate revoked"), "{tag}:\n{logs}");
    }
    let (connected, logs) = handshake(&openvpn, work.path(), &pki, &read("office.ovpn"), Some(&crl), "alice-after");
    assert!(connected, "alice is not revoked:\n{logs}");
}

#[test]
fn a_user_who_signed_their_own_request_connects_once_they_add_their_key() {
    let Some(openvpn) = openvpn() else { return };
    let server = Ec2TestServer::start();
    let env = Hermetic::new().set("USER", "alice");
    cvpn(&env, &server, &["up", "office", "--subnet-id", network::SUBNETS[0].0, "--poll-interval", "0.01"]);
    // carol's key is made on "her machine" and never given to cvpn, only the request.
    let key = rcgen::KeyPair::generate_rsa_for(&rcgen::PKCS_RSA_SHA256, rcgen::RsaKeySize::_2048).unwrap();
    let mut params = rcgen::CertificateParams::default();
    params.distinguished_name.push(rcgen::DnType::CommonName, "carol");
    let csr = env.home.path().join("carol.csr");
    std::fs::write(&csr, params.serialize_request(&key).unwrap().pem().unwrap()).unwrap();
    cvpn(&env, &server, &["user", "sign", "office", "--csr", csr.to_str().unwrap()]);
    let written = std::fs::read_to_string(env.home.path().join("office-carol.ovpn")).unwrap();
    let pki = env.home.path().join(".local/share/cvpn/office");
    let work = tempfile::tempdir().unwrap();

    // Her key pasted where the file says: the handshake completes.
    let with_key: String = written
        .lines()
        .map(|line| {
            if line.contains("paste it here") {
                format!("<key>\n{}</key>", key.serialize_pem())
            } else {
                line.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let (connected, logs) = handshake(&openvpn, work.path(), &pki, &with_key, None, "carol");
    assert!(connected, "carol did not connect:\n{logs}");
}
