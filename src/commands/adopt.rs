//! `cvpn adopt NAME ENDPOINT-ID (--easyrsa DIR | --ca-cert FILE --ca-key FILE)`: an endpoint made
//! outside cvpn (AWS's easy-rsa guide, the console, Terraform) put under NAME, so that the user,
//! pki, doctor, sleep/wake and down commands work on it as on a VPN `up` made. The CA given must
//! have signed the endpoint's server certificate and its client root chain (read from ACM); its
//! certificate, its key (opened with its passphrase), the endpoint's server certificate, every
//! client certificate easy-rsa issued and every revocation in its `index.txt` are copied into the
//! VPN's directory (0700/0600). DIR is only read. Then the endpoint is tagged `cvpn:vpn=NAME`,
//! `cvpn:adopted=true` (and `Name=NAME` when it has no name) and its server certificate
//! `cvpn:vpn=NAME`. Every step is idempotent: a run cut short is run again.

use std::path::PathBuf;

use clap::Args;

use crate::failure::Failure;
use crate::pki::easyrsa::EasyRsa;

/// The tag that says cvpn adopted an endpoint rather than made it: `down` removes it only with
/// `--adopted`.
pub const ADOPTED_TAG: &str = "cvpn:adopted";

/// Examples shown by `cvpn adopt --help`.
pub const EXAMPLES: &str = "Examples:
  cvpn adopt office cvpn-endpoint-0123456789abcdef0 --easyrsa ~/easy-rsa/easyrsa3
  cvpn adopt office cvpn-endpoint-0123456789abcdef0 --ca-cert ca.crt --ca-key ca.key --passphrase-file pass.txt
  cvpn user add office bob        # then as for any VPN cvpn made
  cvpn down office --adopted      # removes the endpoint (cvpn did not make it)";

/// The arguments of `cvpn adopt`.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("ca_source").required(true).args(["easyrsa", "ca_cert"])))]
pub struct AdoptArgs {
    /// The name the VPN gets (as `cvpn up` names VPNs).
    #[arg(value_name = "NAME")]
    pub name: String,
    /// The endpoint to adopt (cvpn-endpoint-…).
    #[arg(value_name = "ENDPOINT_ID")]
    pub endpoint_id: String,
    /// An easy-rsa 3 PKI directory (DIR/pki is looked in too): its CA, issued users and
    /// revocations come in; DIR is only read.
    #[arg(long, value_name = "DIR", value_hint = clap::ValueHint::DirPath, conflicts_with_all = ["ca_cert", "ca_key"])]
    pub easyrsa: Option<PathBuf>,
    /// The CA certificate (PEM), with --ca-key, for a CA from elsewhere.
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath, requires = "ca_key")]
    pub ca_cert: Option<PathBuf>,
    /// The CA's private key (PEM: PKCS#8, encrypted PKCS#8 or PKCS#1).
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath, requires = "ca_cert")]
    pub ca_key: Option<PathBuf>,
    /// A file whose first line opens an encrypted CA key (else it is asked on the terminal).
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub passphrase_file: Option<PathBuf>,
    /// Where cvpn keeps the VPN's certificates, if not the default (see `cvpn up --pki-dir`).
    #[arg(long, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub pki_dir: Option<PathBuf>,
    /// With --pki-store secretsmanager: the KMS key that encrypts the VPN's new secret (else the
    /// account's aws/secretsmanager key).
    #[arg(long, value_name = "KEY_ID")]
    pub kms_key_id: Option<String>,
    /// No progress on stderr.
    #[arg(short, long)]
    pub quiet: bool,
}

/// What is brought in, read and checked before anything is sent.
#[cfg_attr(not(feature = "aws"), allow(dead_code))]
struct Brought {
    ca: crate::pki::Identity,
    easyrsa: Option<EasyRsa>,
    dir: PathBuf,
}

fn read_file(flag: &str, path: &std::path::Path) -> Result<String, Failure> {
    crate::bounded_file::read_text(path, crate::bounded_file::PEM_FILE_BYTES).map_err(|error| {
        Failure::usage(format!("{flag} {}: cannot be read: {error}. Nothing was sent.", path.display()))
    })
}

/// The CA, opened with the passphrase file, else with one asked on the terminal.
fn open_ca(args: &AdoptArgs, certificate: &str, key: &str, key_flag: &str) -> Result<crate::pki::Identity, Failure> {
    use crate::pki::brought_ca::{CaProblem, read_ca};
    let given = match &args.passphrase_file {
        Some(path) => Some(crate::passphrase::from_file(path).map_err(|error| {
            Failure::usage(format!("--passphrase-file {}: cannot be read: {error}. Nothing was sent.", path.display()))
        })?),
        None => None,
    };
    let refused = |problem: String| Failure::usage(format!("{key_flag}: {problem}. Nothing was sent."));
    match read_ca(certificate, key, given.as_ref().map(|passphrase| &passphrase.0[..])) {
        Ok(ca) => Ok(ca),
        Err(CaProblem::Refused(problem)) => Err(refused(problem)),
        Err(CaProblem::NeedsPassphrase) => {
            let asked = crate::passphrase::ask("Passphrase of the CA key: ").ok_or_else(|| {
                Failure::usage(format!(
                    "{key_flag}: the CA key is encrypted and there is no terminal to ask its passphrase on: give \
                     --passphrase-file FILE. Nothing was sent."
                ))
            })?;
            read_ca(certificate, key, Some(&asked.0)).map_err(|problem| match problem {
                CaProblem::Refused(problem) => refused(problem),
                CaProblem::NeedsPassphrase => refused("the CA key needs a passphrase".to_owned()),
            })
        }
    }
}

/// The VPN's name and the endpoint ID, checked before anything is read or sent.
pub fn check_names(args: &AdoptArgs) -> Result<(), Failure> {
    let mut problems = Vec::new();
    if let Err(problem) = crate::provision::check_vpn_name(&args.name) {
        problems.push(problem);
    }
    if !crate::validate::model_rules::is_id(&args.endpoint_id, crate::api::model::ENDPOINT_ID_PREFIX) {
        problems.push(format!(
            "ENDPOINT_ID: {:?} is not an endpoint ID (cvpn-endpoint- and 17 hex digits; `cvpn ls` lists them)",
            args.endpoint_id
        ));
    }
    if !problems.is_empty() {
        return Err(Failure::usage(format!("{}\nNothing was sent.", problems.join("\n"))));
    }
    Ok(())
}

#[cfg_attr(not(feature = "aws"), allow(dead_code))]
fn check(args: &AdoptArgs) -> Result<Brought, Failure> {
    check_names(args)?;
    let (ca, easyrsa) = match (&args.easyrsa, &args.ca_cert, &args.ca_key) {
        (Some(dir), _, _) => {
            let pki = crate::pki::easyrsa::read(dir)
                .map_err(|problem| Failure::usage(format!("--easyrsa: {problem}. Nothing was sent.")))?;
            (open_ca(args, &pki.ca_certificate, &pki.ca_key, "--easyrsa")?, Some(pki))
        }
        (None, Some(certificate), Some(key)) => {
            let (certificate, key) = (read_file("--ca-cert", certificate)?, read_file("--ca-key", key)?);
            (open_ca(args, &certificate, &key, "--ca-key")?, None)
        }
        _ => return Err(Failure::usage("--easyrsa DIR, or --ca-cert FILE with --ca-key FILE, is needed")),
    };
    let dir = crate::provision::vpn_dir(args.pki_dir.as_deref(), &args.name).map_err(Failure::usage)?;
    if let Ok(held) = std::fs::read_to_string(dir.join("ca.crt"))
        && held != ca.certificate_pem
    {
        return Err(Failure::usage(format!(
            "{} holds another CA for {}; adopt under another NAME, or give --pki-dir. Nothing was sent.",
            dir.display(),
            args.name
        )));
    }
    Ok(Brought { ca, easyrsa, dir })
}

#[cfg(feature = "aws")]
pub fn run(global: &crate::cli::GlobalArgs, args: &AdoptArgs) -> Result<u8, Failure> {
    crate::output::printer::set_quiet(args.quiet);
    let mut printing = crate::commands::global_options::printing(global)?;
    let brought = check(args)?;
    crate::provision::journal::run_resumable(async |journal| {
        let connection = crate::commands::global_options::connect(global, &mut printing).await?;
        let unchanged = "Nothing was changed.";
        let endpoint = crate::aws::vpn::the_endpoint(&connection, &args.endpoint_id, unchanged).await?;
        check_ownership(&connection, &endpoint, &args.name).await?;
        let signed = check_signed(&connection, &endpoint, &brought.ca).await?;
        let lock = crate::provision::lock_vpn(&brought.dir, &args.name, true)?;
        let pki = crate::pki::store::VpnPki::open(brought.dir.clone(), &args.name)
            .map_err(|error| Failure::other(error.0))?;
        journal.start(&format!("Copying the CA into {}", pki.dir.display()));
        let copied = copy_in(&pki, &brought, &signed.server_pem, connection.region())?;
        let account = signed.server_arn.split(':').nth(4).unwrap_or_default();
        pki.record_account(account).map_err(|error| Failure::other(error.0))?;
        journal.done(&format!("copied the CA and {} user(s) into {}", copied.users.len(), pki.dir.display()));
        journal.start("Tagging the endpoint and its server certificate");
        let mut tags = vec![(crate::provision::VPN_TAG.to_owned(), args.name.clone())];
        tags.push((ADOPTED_TAG.to_owned(), "true".to_owned()));
        if crate::aws::vpn::tag(&endpoint, crate::provision::NAME_TAG).is_none() {
            tags.push((crate::provision::NAME_TAG.to_owned(), args.name.clone()));
        }
        crate::aws::ec2::tags::create_tags(&connection, &args.endpoint_id, &tags).await?;
        crate::aws::acm::add_tag(&connection, &signed.server_arn, crate::provision::VPN_TAG, &args.name).await?;
        journal.done("tagged");
        drop(lock);
        let summary = serde_json::json!({
            "Name": args.name,
            "ClientVpnEndpointId": args.endpoint_id,
            "Directory": crate::commands::pki_store::shown(global, &args.name, &pki.dir, &pki.dir),
            "ServerCertificateArn": signed.server_arn,
            "RootChainsChecked": signed.root_chains,
            "Users": copied.users,
            "Revoked": copied.revoked,
            "Tags": tags.iter().map(|(key, value)| serde_json::json!({"Key": key, "Value": value})).collect::<Vec<_>>(),
        });
        crate::output::printer::note(&format!(
            "{} is cvpn's now: `cvpn user add {} USER`, `cvpn pki status {}`, `cvpn doctor {}`.",
            args.endpoint_id, args.name, args.name, args.name
        ));
        crate::output::printer::result(&crate::output::render(&summary, "adopt", &printing.options)?);
        Ok(0)
    })
}

/// Refuses an endpoint another VPN has, and a NAME another endpoint is already.
#[cfg(feature = "aws")]
async fn check_ownership(
    connection: &crate::aws::Connection,
    endpoint: &serde_json::Value,
    name: &str,
) -> Result<(), Failure> {
    use crate::aws::vpn::{tag, text};
    let id = text(endpoint, "ClientVpnEndpointId");
    if let Some(other) = tag(endpoint, crate::provision::VPN_TAG).filter(|vpn| *vpn != name) {
        return Err(Failure::usage(format!(
            "{id} is VPN {other}'s already (its cvpn:vpn tag); cvpn does not move an endpoint between VPNs. Nothing \
             was changed."
        )));
    }
    for other in crate::aws::vpn::endpoints_named(connection, name).await? {
        let other_id = text(&other, "ClientVpnEndpointId");
        if other_id != id && crate::aws::vpn::is_vpns(connection, &other, name).await? {
            return Err(Failure::usage(format!(
                "VPN {name} is endpoint {other_id} already; adopt {id} under another NAME. Nothing was changed."
            )));
        }
    }
    Ok(())
}

/// What the endpoint's certificates are, once the CA is proved to have signed them.
#[cfg(feature = "aws")]
struct Signed {
    server_arn: String,
    server_pem: String,
    root_chains: Vec<String>,
}

/// The endpoint's server certificate and every mutual-authentication root chain, read from ACM,
/// must be the CA's: refused, naming the certificate and its issuer, otherwise.
#[cfg(feature = "aws")]
async fn check_signed(
    connection: &crate::aws::Connection,
    endpoint: &serde_json::Value,
    ca: &crate::pki::Identity,
) -> Result<Signed, Failure> {
    use crate::pki::brought_ca::check_signed_by;
    let server_arn = crate::aws::vpn::text(endpoint, "ServerCertificateArn").to_owned();
    let refused = |problem: String| Failure::usage(format!("{problem}. Nothing was changed."));
    let (server_pem, _) = crate::aws::acm::certificate_pem(connection, &server_arn).await?;
    check_signed_by(&ca.certificate_pem, &server_pem, &format!("the endpoint's server certificate {server_arn}"))
        .map_err(refused)?;
    let mut root_chains = Vec::new();
    let options = endpoint.get("AuthenticationOptions").and_then(serde_json::Value::as_array);
    for option in options.into_iter().flatten() {
        let Some(arn) = option.pointer("/MutualAuthentication/ClientRootCertificateChain").and_then(|arn| arn.as_str())
        else {
            continue;
        };
        let (chain_pem, _) = crate::aws::acm::certificate_pem(connection, arn).await?;
        check_signed_by(&ca.certificate_pem, &chain_pem, &format!("the client root chain {arn}")).map_err(refused)?;
        root_chains.push(arn.to_owned());
    }
    if root_chains.is_empty() {
        return Err(refused(format!(
            "{} uses no certificate (mutual) authentication, so no CA signs its users; cvpn adopts endpoints \
             whose users have certificates",
            crate::aws::vpn::text(endpoint, "ClientVpnEndpointId")
        )));
    }
    Ok(Signed { server_arn, server_pem, root_chains })
}

/// What was copied into the VPN's directory.
#[cfg(feature = "aws")]
struct Copied {
    users: Vec<String>,
    revoked: usize,
}

/// The CA, the record, the endpoint's server certificate (and its key, when easy-rsa has it), each
/// client certificate easy-rsa issued, its revocations and its list number.
#[cfg(feature = "aws")]
fn copy_in(
    pki: &crate::pki::store::VpnPki,
    brought: &Brought,
    server_pem: &str,
    region: &str,
) -> Result<Copied, Failure> {
    use crate::pki::easyrsa::Issued;
    use crate::pki::store::Brought as Outcome;
    let local = |error: crate::pki::PkiError| Failure::other(error.0);
    pki.bring("ca.key", &brought.ca.key_pem).map_err(local)?;
    pki.bring("ca.crt", &brought.ca.certificate_pem).map_err(local)?;
    pki.record(region).map_err(local)?;
    let Some(easyrsa) = &brought.easyrsa else { return Ok(Copied { users: Vec::new(), revoked: 0 }) };
    let server_serial = crate::pki::revocation::serial_of(server_pem).map_err(local)?;
    if let Some(Issued { key_pem: Some(key), certificate_pem, .. }) =
        easyrsa.servers.iter().find(|server| server.serial == server_serial)
    {
        // An encrypted server key stays with easy-rsa: cvpn could not use it to renew.
        if let Some(key) = crate::pki::brought_ca::normal_key(key) {
            pki.bring("server.key", &key).map_err(local)?;
            pki.bring("server.crt", certificate_pem).map_err(local)?;
        }
    }
    let mut users = Vec::new();
    for client in &easyrsa.clients {
        if crate::pki::store::check_user(&client.common_name).is_err() {
            crate::output::printer::warning(&format!(
                "{}'s certificate (serial {}) stays with easy-rsa: its CN is not a user name cvpn takes",
                client.common_name, client.serial
            ));
            continue;
        }
        let file = format!("clients/{}.crt", client.common_name);
        if pki.bring(&file, &client.certificate_pem).map_err(local)? == Outcome::Kept {
            crate::output::printer::note(&format!("{} has a certificate in cvpn already; kept it", client.common_name));
        }
        users.push(client.common_name.clone());
    }
    let revoked = pki.merge_revocations(&easyrsa.revoked).map_err(local)?;
    if let Some(next) = easyrsa.next_crl_number {
        pki.raise_crl_number(next).map_err(local)?;
    }
    Ok(Copied { users, revoked })
}
