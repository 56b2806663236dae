//! `cvpn adopt` with a PKI made by real easy-rsa (Debian's `easy-rsa`, which `.ci/run` installs)
//! for an endpoint made outside cvpn, as AWS's guide makes it: the server certificate imported by
//! hand, the endpoint created with it as server and root chain. Skipped, with a message, where
//! easy-rsa is missing, unless `CVPN_REQUIRE_EASYRSA=1`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::common::{Hermetic, stderr_of, stdout_of};
use crate::server::Ec2TestServer;
use crate::users::cvpn;

fn easyrsa() -> Option<PathBuf> {
    let found = ["/usr/share/easy-rsa/easyrsa", "/usr/bin/easyrsa", "/usr/local/bin/easyrsa"]
        .into_iter()
        .map(PathBuf::from)
        .find(|path| path.exists());
    let openssl = std::process::Command::new("openssl").arg("version").output().is_ok();
    if found.is_none() || !openssl {
        assert!(
            std::env::var_os("CVPN_REQUIRE_EASYRSA").is_none(),
            "CVPN_REQUIRE_EASYRSA is set and easy-rsa (or openssl) is not installed"
        );
        eprintln!("skipped: easy-rsa is not installed (apt-get install easy-rsa)");
        return None;
    }
    found
}

/// A PKI as AWS's guide makes one: a CA, `server` (SAN DNS:server), alice, and mallory revoked;
/// then the CA key encrypted with a passphrase, as easy-rsa's `build-ca` without `nopass` leaves it.
fn guide_pki(easyrsa: &Path, work: &Path) -> PathBuf {
    let pki = work.join("pki");
    let run = |args: &[&str]| {
        let output = std::process::Command::new(easyrsa)
            .current_dir(work)
            .env("EASYRSA_BATCH", "1")
            .env("EASYRSA_PKI", &pki)
            .args(args)
            .output()
            .unwrap();
        assert!(output.status.success(), "easyrsa {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    };
    run(&["init-pki"]);
    run(&["--req-cn=Office CA", "build-ca", "nopass"]);
    run(&["--san=DNS:server", "build-server-full", "server", "nopass"]);
    run(&["build-client-full", "alice", "nopass"]);
    run(&["build-client-full", "mallory", "nopass"]);
    run(&["revoke", "mallory"]);
    run(&["gen-crl"]);
    let key = pki.join("private/ca.key");
    let encrypted = pki.join("private/ca.key.encrypted");
    let output = std::process::Command::new("openssl")
        .args(["pkcs8", "-topk8", "-v2", "aes-256-cbc", "-passout", "pass:secret words", "-in"])
        .args([&key, Path::new("-out"), &encrypted])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    std::fs::rename(&encrypted, &key).unwrap();
    pki
}

/// Every file under `dir` with its bytes, to show that adopt wrote nothing there.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(next) = stack.pop() {
        for entry in std::fs::read_dir(next).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path)
            } else {
                files.insert(path.clone(), std::fs::read(&path).unwrap());
            }
        }
    }
    files
}

/// The endpoint another tool made with the guide's server certificate as server and root chain.
fn endpoint_made_outside_cvpn(server: &Ec2TestServer, pki: &Path) -> (String, String) {
    let read = |file: &str| std::fs::read_to_string(pki.join(file)).unwrap();
    let arn = server.import_certificate(&read("issued/server.crt"), &read("private/server.key"), Some(&read("ca.crt")));
    let root = "Authentication.1.MutualAuthentication.ClientRootCertificateChainArn";
    let id = server.add_endpoint(&[
        ("ServerCertificateArn", &arn),
        (root, &arn),
        ("TagSpecification.1.ResourceType", "client-vpn-endpoint"),
        ("TagSpecification.1.Tag.1.Key", "Name"),
        ("TagSpecification.1.Tag.1.Value", "guide-vpn"),
    ]);
    (id, arn)
}

/// An endpoint made outside cvpn as AWS's guide makes it, with its easy-rsa PKI.
struct Guide {
    /// Holds the PKI (`pki`) and whatever else a test writes beside it.
    work: tempfile::TempDir,
    pki: PathBuf,
    server: Ec2TestServer,
    id: String,
    arn: String,
}

/// The guide's endpoint and PKI; `None` (the test skipped) where easy-rsa is missing.
fn guide() -> Option<Guide> {
    let easyrsa = easyrsa()?;
    let work = tempfile::tempdir().unwrap();
    let pki = guide_pki(&easyrsa, work.path());
    let server = Ec2TestServer::start();
    let (id, arn) = endpoint_made_outside_cvpn(&server, &pki);
    Some(Guide { work, pki, server, id, arn })
}

/// mallory's serial, from her certificate where easy-rsa moved it on revoking her.
fn mallorys_serial(pki: &Path) -> String {
    let file = std::fs::read_dir(pki.join("revoked/certs_by_serial")).unwrap().next().unwrap().unwrap().path();
    serial_of(&std::fs::read_to_string(file).unwrap())
}

fn serial_of(pem: &str) -> String {
    let (_, block) = x509_parser::pem::parse_x509_pem(pem.as_bytes()).unwrap();
    block.parse_x509().unwrap().raw_serial().iter().map(|byte| format!("{byte:02x}")).collect()
}

fn listed_serials(list: &str) -> Vec<String> {
    use x509_parser::prelude::*;
    let der = parse_x509_pem(list.as_bytes()).unwrap().1.contents;
    let (_, crl) = CertificateRevocationList::from_der(&der).unwrap();
    crl.iter_revoked_certificates()
        .map(|entry| entry.raw_serial().iter().map(|b| format!("{b:02x}")).collect())
        .collect()
}

#[test]
fn an_endpoint_made_with_easyrsa_is_adopted_and_its_users_and_revocations_carry_on() {
    let Some(Guide { work, pki, server, id, arn }) = guide() else { return };
    let env = Hermetic::new().set("USER", "admin");
    let passphrase = env.home.path().join("passphrase");
    std::fs::write(&passphrase, "secret words\n").unwrap();
    let before = snapshot(&pki);
    let dir = pki.display().to_string();

    // The encrypted key without a passphrase and no terminal: refused, nothing sent.
    let sent = server.requests().len();
    let asked = cvpn(&env, &server, &["adopt", "office", &id, "--easyrsa", &dir]);
    assert_eq!(asked.status.code(), Some(252), "{}", stderr_of(&asked));
    assert!(stderr_of(&asked).contains("--passphrase-file"), "{}", stderr_of(&asked));
    assert_eq!(server.requests().len(), sent);

    let adopted = cvpn(
        &env,
        &server,
        &["adopt", "office", &id, "--easyrsa", &dir, "--passphrase-file", passphrase.to_str().unwrap()],
    );
    assert_eq!(adopted.status.code(), Some(0), "{}", stderr_of(&adopted));
    let summary: serde_json::Value = serde_json::from_str(&stdout_of(&adopted)).unwrap();
    assert_eq!(summary["Users"], serde_json::json!(["alice"]), "{summary}");
    assert_eq!(summary["Revoked"], 1);
    assert!(!stdout_of(&adopted).contains("PRIVATE KEY") && !stderr_of(&adopted).contains("PRIVATE KEY"));
    assert_eq!(snapshot(&pki), before, "easy-rsa's directory is only read");

    // Tagged as NAME's, adopted, and its given Name kept; the certificate tagged for the VPN.
    let described = cvpn(&env, &server, &["describe-client-vpn-endpoints", "--client-vpn-endpoint-ids", &id]);
    let described: serde_json::Value = serde_json::from_str(&stdout_of(&described)).unwrap();
    let tags: BTreeMap<String, String> = described["ClientVpnEndpoints"][0]["Tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|tag| (tag["Key"].as_str().unwrap().to_owned(), tag["Value"].as_str().unwrap().to_owned()))
        .collect();
    assert_eq!(tags.get("cvpn:vpn").map(String::as_str), Some("office"), "{tags:?}");
    assert_eq!(tags.get("cvpn:adopted").map(String::as_str), Some("true"));
    assert_eq!(tags.get("Name").map(String::as_str), Some("guide-vpn"), "a name it had is kept");
    let certificate = server.certificates().into_iter().find(|certificate| certificate.arn == arn).unwrap();
    assert!(certificate.tags.contains(&("cvpn:vpn".to_owned(), "office".to_owned())));

    // The VPN's directory: private, the CA's key opened, the server pair and alice's certificate.
    use std::os::unix::fs::PermissionsExt;
    let held = env.home.path().join(".local/share/cvpn/office");
    assert_eq!(std::fs::metadata(&held).unwrap().permissions().mode() & 0o777, 0o700);
    for key in ["ca.key", "server.key"] {
        assert_eq!(std::fs::metadata(held.join(key)).unwrap().permissions().mode() & 0o777, 0o600, "{key}");
    }
    assert!(held.join("clients/alice.crt").exists() && !held.join("clients/alice.key").exists());
    assert!(!held.join("clients/mallory.crt").exists(), "a revoked certificate is no user");

    // Adopting again changes nothing and says the same.
    let again = cvpn(
        &env,
        &server,
        &["adopt", "office", &id, "--easyrsa", &dir, "--passphrase-file", passphrase.to_str().unwrap()],
    );
    assert_eq!(again.status.code(), Some(0), "{}", stderr_of(&again));

    // A new user from the adopted CA; then alice (easy-rsa's) revoked: the list names her and
    // mallory, whom easy-rsa revoked before, and cvpn's new serials are none of easy-rsa's.
    let added = cvpn(&env, &server, &["user", "add", "office", "bob"]);
    assert_eq!(added.status.code(), Some(0), "{}", stderr_of(&added));
    let bob_pem = std::fs::read_to_string(held.join("clients/bob.crt")).unwrap();
    let index = std::fs::read_to_string(pki.join("index.txt")).unwrap().to_ascii_lowercase();
    assert!(!index.contains(&serial_of(&bob_pem)), "a serial of easy-rsa's");
    let revoked = cvpn(&env, &server, &["user", "revoke", "office", "alice"]);
    assert_eq!(revoked.status.code(), Some(0), "{}", stderr_of(&revoked));
    let (list, _) = server.revocation_list(&id).expect("a list was imported");
    let serials = listed_serials(&list);
    let alice = serial_of(&std::fs::read_to_string(pki.join("issued/alice.crt")).unwrap());
    let mallory = mallorys_serial(&pki);
    assert!(serials.contains(&alice) && serials.contains(&mallory), "{serials:?}");

    // A real OpenVPN server with easy-rsa's server pair and cvpn's list: bob connects, alice
    // (revoked by cvpn) does not.
    if let Some(openvpn) = crate::real_openvpn::openvpn() {
        let crl = work.path().join("cvpn-crl.pem");
        std::fs::write(&crl, &list).unwrap();
        let bob = std::fs::read_to_string(env.home.path().join("office-bob.ovpn")).unwrap();
        let (connected, logs) = crate::real_openvpn::handshake(&openvpn, work.path(), &held, &bob, Some(&crl), "bob");
        assert!(connected, "bob did not connect:\n{logs}");
        let alice_ovpn = bob
            .split("<cert>")
            .next()
            .map(|head| {
                format!(
                    "{head}<cert>\n{}</cert>\n<key>\n{}</key>\n",
                    std::fs::read_to_string(pki.join("issued/alice.crt")).unwrap(),
                    std::fs::read_to_string(pki.join("private/alice.key")).unwrap()
                )
            })
            .unwrap();
        let (connected, logs) =
            crate::real_openvpn::handshake(&openvpn, work.path(), &held, &alice_ovpn, Some(&crl), "alice");
        assert!(!connected && logs.contains("certificate revoked"), "alice connected though revoked:\n{logs}");
    }

    // down keeps an adopted endpoint unless --adopted.
    let kept = cvpn(&env, &server, &["down", "office", "--poll-interval", "0.01"]);
    assert_eq!(kept.status.code(), Some(252), "{}", stderr_of(&kept));
    assert!(stderr_of(&kept).contains("--adopted"), "{}", stderr_of(&kept));
    let removed = cvpn(&env, &server, &["down", "office", "--adopted", "--poll-interval", "0.01"]);
    assert_eq!(removed.status.code(), Some(0), "{}", stderr_of(&removed));
    assert!(server.endpoints().iter().all(|endpoint| endpoint.id != id || endpoint.status == "deleted"));
    assert!(server.certificates().iter().any(|certificate| certificate.arn == arn), "its certificate stays in ACM");
}

#[test]
fn a_ca_that_did_not_sign_the_endpoint_is_refused_and_nothing_changes() {
    let Some(easyrsa) = easyrsa() else { return };
    let work = tempfile::tempdir().unwrap();
    let guide = work.path().join("guide");
    std::fs::create_dir(&guide).unwrap();
    let pki = guide_pki(&easyrsa, &guide);
    let server = Ec2TestServer::start();
    let (id, _) = endpoint_made_outside_cvpn(&server, &pki);
    let env = Hermetic::new();
    // Another CA, from elsewhere, as files.
    let other = rcgen::KeyPair::generate_rsa_for(&rcgen::PKCS_RSA_SHA256, rcgen::RsaKeySize::_2048).unwrap();
    let mut params = rcgen::CertificateParams::default();
    params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    params.distinguished_name.push(rcgen::DnType::CommonName, "Another CA");
    let certificate = params.self_signed(&other).unwrap();
    let (cert_file, key_file) = (env.home.path().join("other.crt"), env.home.path().join("other.key"));
    std::fs::write(&cert_file, certificate.pem()).unwrap();
    std::fs::write(&key_file, other.serialize_pem()).unwrap();

    let output = cvpn(
        &env,
        &server,
        &["adopt", "office", &id, "--ca-cert", cert_file.to_str().unwrap(), "--ca-key", key_file.to_str().unwrap()],
    );
    assert_eq!(output.status.code(), Some(252), "{}", stderr_of(&output));
    let stderr = stderr_of(&output);
    assert!(
        stderr.contains("did not sign the endpoint's server certificate") && stderr.contains("Office CA"),
        "{stderr}"
    );
    assert!(server.requests().iter().all(|request| request.operation() != "CreateTags"), "nothing tagged");
    assert!(!env.home.path().join(".local/share/cvpn/office").exists(), "nothing kept");

    // A key that is not the certificate's, and bad input: refused before anything is sent.
    let sent = server.requests().len();
    let ca = pki.join("ca.crt").display().to_string();
    for (args, says) in [
        (
            vec!["adopt", "office", &id, "--ca-cert", &ca, "--ca-key", key_file.to_str().unwrap()],
            "not the key of the CA certificate",
        ),
        (vec!["adopt", "office", "cvpn-endpoint-nope", "--easyrsa", &work.path().display().to_string()], "ENDPOINT_ID"),
        (vec!["adopt", "office", &id, "--easyrsa", env.home.path().to_str().unwrap()], "not an easy-rsa 3 PKI"),
        (vec!["adopt", "office", &id], "--easyrsa"),
    ] {
        let output = cvpn(&env, &server, &args);
        assert!(matches!(output.status.code(), Some(2 | 252)), "{args:?}: {}", stderr_of(&output));
        assert!(stderr_of(&output).contains(says), "{args:?}: {}", stderr_of(&output));
    }
    assert_eq!(server.requests().len(), sent, "nothing was sent");
}

#[test]
fn an_adopted_pki_lives_in_the_team_store_another_administrator_revokes_and_renews_and_no_other_vpn_takes_it() {
    let Some(Guide { work, pki, server, id, arn }) = guide() else { return };
    let ca_text = std::fs::read_to_string(pki.join("ca.crt")).unwrap();
    let (env, _) = crate::team_store::administrator();
    let passphrase = work.path().join("passphrase");
    std::fs::write(&passphrase, "secret words\n").unwrap();
    let dir = pki.display().to_string();
    let adopt = ["adopt", "office", &id, "--easyrsa", &dir, "--passphrase-file", passphrase.to_str().unwrap()];
    let adopted = cvpn(&env, &server, &adopt);
    assert_eq!(adopted.status.code(), Some(0), "{}", stderr_of(&adopted));

    // The CA, easy-rsa's user and its revocation are in the secret; nothing is on this disk.
    let secrets = server.secrets();
    assert_eq!(secrets.len(), 1, "one secret");
    assert!(secrets[0].tags.contains(&("cvpn:vpn".to_owned(), "office".to_owned())));
    let document: serde_json::Value = serde_json::from_str(&server.secret_value("cvpn/office").unwrap()).unwrap();
    let files = document["Files"].as_object().unwrap();
    assert!(files.contains_key("ca.key") && files.contains_key("clients/alice.crt"), "{:?}", files.keys());
    let mallory = mallorys_serial(&pki);
    assert!(files["revoked.json"].as_str().unwrap().contains(&mallory), "easy-rsa's revocation is kept");
    assert!(!env.home.path().join(".local/share/cvpn/office").exists(), "no copy left on disk");

    // Another administrator, with nothing of this VPN on their disk, revokes easy-rsa's alice.
    let (other, _) = crate::team_store::administrator();
    let revoked = cvpn(&other, &server, &["user", "revoke", "office", "alice"]);
    assert_eq!(revoked.status.code(), Some(0), "{}", stderr_of(&revoked));
    let (list, _) = server.revocation_list(&id).expect("a list was imported");
    let alice = serial_of(&std::fs::read_to_string(pki.join("issued/alice.crt")).unwrap());
    let serials = listed_serials(&list);
    assert!(serials.contains(&alice) && serials.contains(&mallory), "{serials:?}");

    // The server certificate easy-rsa made is renewed by the adopted CA, into the same ARN.
    let renewed = cvpn(&other, &server, &["pki", "renew", "office", "--server"]);
    assert_eq!(renewed.status.code(), Some(0), "{}", stderr_of(&renewed));
    let imported = server.certificates().into_iter().find(|certificate| certificate.arn == arn).unwrap();
    let before = std::fs::read_to_string(pki.join("issued/server.crt")).unwrap();
    assert_ne!(serial_of(&imported.certificate), serial_of(&before), "a new server certificate");
    let (_, block) = x509_parser::pem::parse_x509_pem(imported.certificate.as_bytes()).unwrap();
    let (_, ca_block) = x509_parser::pem::parse_x509_pem(ca_text.as_bytes()).unwrap();
    let (certificate, ca) = (block.parse_x509().unwrap(), ca_block.parse_x509().unwrap());
    assert!(certificate.verify_signature(Some(ca.public_key())).is_ok(), "signed by easy-rsa's CA");
    let stored: serde_json::Value = serde_json::from_str(&server.secret_value("cvpn/office").unwrap()).unwrap();
    assert_eq!(stored["Files"]["server.crt"].as_str(), Some(imported.certificate.as_str()), "and kept in the store");

    // The endpoint is office's now: another NAME cannot adopt it, and nothing changes.
    let sent_tags = server.requests().iter().filter(|request| request.operation() == "CreateTags").count();
    let taken = cvpn(
        &other,
        &server,
        &["adopt", "lab", &id, "--easyrsa", &dir, "--passphrase-file", passphrase.to_str().unwrap()],
    );
    assert_eq!(taken.status.code(), Some(252), "{}", stderr_of(&taken));
    assert!(stderr_of(&taken).contains("VPN office's already"), "{}", stderr_of(&taken));
    assert_eq!(
        server.requests().iter().filter(|request| request.operation() == "CreateTags").count(),
        sent_tags,
        "nothing tagged"
    );
    assert_eq!(server.secrets().len(), 1, "no secret made for lab");
}

/// Runs `command` with a new pseudo-terminal as its controlling terminal (stdin from nothing,
/// stdout and stderr piped), answers `answer` once `prompt` shows on the terminal, and returns
/// the output and everything the terminal showed.
fn on_a_terminal(mut command: std::process::Command, prompt: &str, answer: &str) -> (std::process::Output, String) {
    use std::io::{Read, Write};
    use std::os::fd::FromRawFd;
    use std::os::unix::process::CommandExt;
    let (mut master, mut slave) = (0, 0);
    // SAFETY: openpty writes two descriptors into the integers given; the other arguments may be null.
    let opened =
        unsafe { libc::openpty(&mut master, &mut slave, std::ptr::null_mut(), std::ptr::null(), std::ptr::null()) };
    assert_eq!(opened, 0, "openpty: {}", std::io::Error::last_os_error());
    command
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    // SAFETY: between fork and exec only async-signal-safe calls: a new session whose controlling
    // terminal is the pseudo-terminal's slave.
    unsafe {
        command.pre_exec(move || {
            if libc::setsid() < 0 || libc::ioctl(slave, libc::TIOCSCTTY as _, 0) < 0 {
                return Err(std::io::Error::last_os_error());
            }
            libc::close(master);
            Ok(())
        });
    }
    let child = command.spawn().expect("run cvpn on a terminal");
    // SAFETY: the parent's copy of the slave is closed once, here, so reads end when the child's do.
    unsafe { libc::close(slave) };
    // SAFETY: master is an open descriptor this function owns from here on.
    let mut terminal = unsafe { std::fs::File::from_raw_fd(master) };
    let mut shown = Vec::new();
    let mut answered = false;
    let mut buffer = [0u8; 1024];
    // A read fails (EIO) once the child has closed the terminal.
    while let Ok(read) = terminal.read(&mut buffer) {
        if read == 0 {
            break;
        }
        shown.extend_from_slice(&buffer[..read]);
        if !answered && String::from_utf8_lossy(&shown).contains(prompt) {
            terminal.write_all(format!("{answer}\n").as_bytes()).unwrap();
            answered = true;
        }
    }
    let output = child.wait_with_output().unwrap();
    (output, String::from_utf8_lossy(&shown).into_owned())
}

#[test]
fn an_encrypted_ca_key_is_opened_with_a_passphrase_asked_on_the_terminal_without_echo() {
    let Some(Guide { work: _work, pki, server, id, .. }) = guide() else { return };
    let env = Hermetic::new();
    let adopt = || {
        let mut command = env.command(crate::common::cvpn_binary());
        command.args(["--endpoint-url", &server.url, "adopt", "office", &id, "--easyrsa", pki.to_str().unwrap()]);
        command
    };
    let prompt = "Passphrase of the CA key: ";

    // A wrong passphrase is refused, nothing tagged or kept.
    let (output, shown) = on_a_terminal(adopt(), prompt, "wrong words");
    assert_eq!(output.status.code(), Some(252), "{}\n{shown}", stderr_of(&output));
    assert!(stderr_of(&output).contains("passphrase does not open"), "{}", stderr_of(&output));
    assert!(!env.home.path().join(".local/share/cvpn/office").exists());

    let (output, shown) = on_a_terminal(adopt(), prompt, "secret words");
    assert_eq!(output.status.code(), Some(0), "{}\n{shown}", stderr_of(&output));
    assert!(shown.contains(prompt), "asked on the terminal: {shown:?}");
    assert!(!shown.contains("secret words"), "the passphrase was echoed: {shown:?}");
    assert!(!stdout_of(&output).contains("secret words") && !stderr_of(&output).contains("secret words"));
    let summary: serde_json::Value = serde_json::from_str(&stdout_of(&output)).unwrap();
    assert_eq!(summary["Users"], serde_json::json!(["alice"]), "{summary}");
    let key = std::fs::read_to_string(env.home.path().join(".local/share/cvpn/office/ca.key")).unwrap();
    assert!(key.contains("BEGIN PRIVATE KEY"), "the CA key is kept opened, 0600 in its 0700 directory");
}
