//! `cvpn up NAME --subnet-id SUBNET…`: from nothing to a ready .ovpn file. Certificates made
//! in-process, the server certificate imported into ACM once, the endpoint created (tagged
//! Name=NAME), its subnets associated, the VPC authorized (and with `--internet` a default route
//! per subnet), every change waited for, the configuration exported with the client's
//! certificate and key. Every run finds what exists and does only what is missing.

#[cfg(feature = "aws")]
mod plan;
#[cfg(feature = "aws")]
mod preflight;
#[cfg(feature = "aws")]
mod steps;

use std::path::PathBuf;

use clap::Args;

use crate::failure::Failure;

pub const EXAMPLES: &str = "Examples:
  cvpn up office --subnet-id subnet-0abc subnet-0def       # office.ovpn, the VPC reachable
  cvpn up office --subnet-id subnet-0abc --internet        # all traffic through the VPN
  cvpn up office --subnet-id subnet-0abc --dry-run         # the plan and the checks only
Run it again after any failure: it finds what exists and does only what is missing.";

/// The arguments of `cvpn up`.
#[derive(Debug, Args)]
pub struct UpArgs {
    /// The VPN's name: the endpoint's Name tag, its certificates' directory, NAME.ovpn.
    #[arg(value_name = "NAME")]
    pub name: String,
    /// The subnets clients land in, one per Availability Zone, all in one VPC.
    #[arg(long = "subnet-id", value_name = "SUBNET", num_args = 1.., required = true)]
    pub subnet_ids: Vec<String>,
    /// The clients' address block (/12 to /22, not overlapping the VPC); default: the first of
    /// 10.100.0.0/22, 10.200.0.0/22, 172.20.0.0/22, 192.168.252.0/22, 10.255.252.0/22 that misses the VPC.
    #[arg(long, value_name = "CIDR")]
    pub client_cidr: Option<String>,
    /// Whom the first client certificate is for (its CN); default: the login name, else `client`.
    #[arg(long, value_name = "USER")]
    pub user: Option<String>,
    /// Where the VPN's certificates live; default $XDG_DATA_HOME/cvpn/NAME, else ~/.local/share/cvpn/NAME.
    #[arg(long, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub pki_dir: Option<PathBuf>,
    /// Also route the internet through the VPN: a 0.0.0.0/0 route per subnet and its rule.
    #[arg(long)]
    pub internet: bool,
    /// With --pki-store secretsmanager: the KMS key that encrypts the VPN's new secret (else the
    /// account's aws/secretsmanager key).
    #[arg(long, value_name = "KEY_ID")]
    pub kms_key_id: Option<String>,
    /// Write the configuration here (mode 0600; up's own file, rewritten on a rerun). Default NAME.ovpn.
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub config_out: Option<PathBuf>,
    /// Replace --config-out even when cvpn did not write it (a file cvpn wrote for NAME is rewritten anyway).
    #[arg(long)]
    pub force: bool,
    /// Print the plan and run the checks, including EC2's permission check of the create; change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// No progress on stderr.
    #[arg(short, long)]
    pub quiet: bool,
    #[command(flatten)]
    pub endpoint: EndpointOptions,
    #[command(flatten)]
    pub certificates: BroughtCertificates,
    #[command(flatten)]
    pub waiting: crate::cli::WaitTiming,
}

/// What passes through to the create.
#[derive(Debug, Args)]
#[command(next_help_heading = "Endpoint")]
pub struct EndpointOptions {
    /// Send only the VPC's traffic (and the internet's with --internet) through the VPN.
    #[arg(long)]
    pub split_tunnel: bool,
    /// DNS servers for the clients (at most two).
    #[arg(long, value_name = "IP", num_args = 1..=2)]
    pub dns_servers: Vec<String>,
    /// The tunnel's transport (default udp).
    #[arg(long, value_name = "PROTOCOL", value_parser = ["udp", "tcp"])]
    pub transport_protocol: Option<String>,
    /// The port clients connect to (default 443).
    #[arg(long, value_name = "PORT", value_parser = ["443", "1194"])]
    pub vpn_port: Option<String>,
    /// The endpoint's description.
    #[arg(long, value_name = "TEXT")]
    pub description: Option<String>,
}

/// Certificates brought instead of made.
#[derive(Debug, Args)]
#[command(next_help_heading = "Bring your own certificates")]
pub struct BroughtCertificates {
    /// The server certificate, already in ACM; nothing is made or imported. Needs --client-cert and --client-key.
    #[arg(long, value_name = "ARN", requires_all = ["client_cert", "client_key"])]
    pub server_cert: Option<String>,
    /// The ACM certificate of the CA that issued the client certificates, when not the server's.
    #[arg(long, value_name = "ARN", requires = "server_cert")]
    pub client_root_cert: Option<String>,
    /// The client certificate (PEM) the configuration carries, instead of one made for --user.
    #[arg(long, value_name = "FILE", requires = "client_key", value_hint = clap::ValueHint::FilePath)]
    pub client_cert: Option<PathBuf>,
    /// Its private key (PEM).
    #[arg(long, value_name = "FILE", requires = "client_cert", value_hint = clap::ValueHint::FilePath)]
    pub client_key: Option<PathBuf>,
}

/// What the command line settles before anything is sent.
#[cfg_attr(not(feature = "aws"), allow(dead_code))]
struct Settled {
    dir: PathBuf,
    user: String,
    config_out: PathBuf,
    /// The client certificate and key brought as files.
    client_identity: Option<(String, String)>,
}

/// Shown without the brought key.
impl std::fmt::Debug for Settled {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("Settled")
            .field("dir", &self.dir)
            .field("user", &self.user)
            .field("config_out", &self.config_out)
            .field("client_identity", &self.client_identity.as_ref().map(|_| "<certificate and key>"))
            .finish()
    }
}

/// Every problem of the command line at once, before anything is sent.
#[cfg_attr(not(feature = "aws"), allow(dead_code))]
fn settle(args: &UpArgs) -> Result<Settled, Failure> {
    use crate::api::model::SUBNET_ID_PREFIX;
    use crate::validate::model_rules::is_id;
    let mut problems = Vec::new();
    if let Err(problem) = crate::provision::check_vpn_name(&args.name) {
        problems.push(problem);
    }
    for subnet in args.subnet_ids.iter().filter(|subnet| !is_id(subnet, SUBNET_ID_PREFIX)) {
        problems.push(format!("--subnet-id {subnet}: is not a subnet ID (subnet- followed by hexadecimal digits)"));
    }
    let mut seen = Vec::new();
    for subnet in &args.subnet_ids {
        if seen.contains(&subnet) {
            problems.push(format!("--subnet-id {subnet}: given twice"));
        }
        seen.push(subnet);
    }
    if let Some(cidr) = &args.client_cidr
        && cidr.parse::<ipnet::Ipv4Net>().is_err()
    {
        problems.push(format!("--client-cidr {cidr}: is not an IPv4 CIDR block (e.g. 10.100.0.0/22)"));
    }
    for server in args.endpoint.dns_servers.iter().filter(|server| server.parse::<std::net::Ipv4Addr>().is_err()) {
        problems.push(format!("--dns-servers {server}: is not an IPv4 address"));
    }
    for (flag, arn) in
        [("server-cert", &args.certificates.server_cert), ("client-root-cert", &args.certificates.client_root_cert)]
    {
        if let Some(arn) = arn
            && !(arn.starts_with("arn:") && arn.split(':').nth(2) == Some("acm"))
        {
            problems.push(format!(
                "--{flag} {arn}: is not an ACM certificate ARN (arn:aws:acm:REGION:ACCOUNT:certificate/ID)"
            ));
        }
    }
    let user = args.user.clone().unwrap_or_else(crate::provision::default_user);
    if let Err(problem) = crate::pki::store::check_user(&user) {
        problems.push(format!("--user: {problem}"));
    }
    let dir = crate::provision::vpn_dir(args.pki_dir.as_deref(), &args.name).unwrap_or_else(|problem| {
        problems.push(problem);
        PathBuf::new()
    });
    let client_identity = match (&args.certificates.client_cert, &args.certificates.client_key) {
        (Some(cert), Some(key)) => {
            use crate::provision::configuration_file::read_pem;
            match (read_pem("client-cert", cert, "CERTIFICATE-----"), read_pem("client-key", key, "PRIVATE KEY-----")) {
                (Ok(cert), Ok(key)) => Some((cert, key)),
                (cert, key) => {
                    problems.extend(cert.err().into_iter().chain(key.err()).map(|failure| failure.message));
                    None
                }
            }
        }
        _ => None,
    };
    let config_out = args.config_out.clone().unwrap_or_else(|| PathBuf::from(format!("{}.ovpn", args.name)));
    let whom = format!("VPN {}", args.name);
    if let Err(problem) = crate::provision::configuration_file::check_replaceable(&config_out, &whom, args.force) {
        problems.push(problem);
    }
    if !problems.is_empty() {
        return Err(Failure::usage(format!("{}\nNothing was sent.", problems.join("\n"))));
    }
    Ok(Settled { dir, user, config_out, client_identity })
}

/// The command line's problems, all at once, before anything is sent (the PKI store is read
/// only after this).
pub fn check(args: &UpArgs) -> Result<(), Failure> {
    settle(args).map(|_| ())
}

#[cfg(feature = "aws")]
pub fn run(global: &crate::cli::GlobalArgs, args: &UpArgs) -> Result<u8, Failure> {
    use crate::provision::endpoint_scope::EndpointScope;
    use steps::{connect_networks, create_endpoint, import_server_certificate, make_certificates, write_configuration};

    crate::output::printer::set_quiet(args.quiet);
    let mut printing = crate::commands::global_options::printing(global)?;
    let settled = settle(args)?;
    if args.certificates.server_cert.is_none() {
        // up imports the server certificate with its key.
        crate::aws::http_client::check_secrets_stay_private(&global.session_settings(), "ACM")?;
    }
    // Held for the whole run (a dry run changes nothing, so it takes no lock and makes no
    // directory); a directory this run made is removed again if it was refused before making anything.
    let made_directory = !settled.dir.exists();
    let lock = if args.dry_run { None } else { crate::provision::lock_vpn(&settled.dir, &args.name, true)? };
    crate::provision::check_vpn_keys(&settled.dir)?;
    let outcome = crate::provision::journal::run_resumable(async |journal| {
        let connection = crate::commands::global_options::connect(global, &mut printing).await?;
        let found = preflight::check(&connection, journal, args, &settled.dir).await?;
        if args.dry_run {
            return plan::print(&connection, args, &settled, &found, &printing.options).await;
        }
        let made = make_certificates(journal, args, &settled, connection.region())?;
        let server_arn = import_server_certificate(&connection, journal, args, &found, &made).await?;
        let endpoint = create_endpoint(&connection, journal, args, &settled, &found, &server_arn).await?;
        let waiting = args.waiting.settings();
        let scope = EndpointScope { connection: &connection, id: endpoint.id.clone(), waiting: &waiting };
        connect_networks(&scope, journal, args, &found, endpoint.fresh).await?;
        write_configuration(&scope, journal, &args.name, &settled, made.client).await?;
        let mut summary = serde_json::json!({
            "Name": args.name,
            "ClientVpnEndpointId": endpoint.id,
            "Status": "available",
            "DnsName": endpoint.dns_name,
            "ClientCidrBlock": found.client_cidr,
            "ConfigurationFile": settled.config_out.display().to_string(),
            "ServerCertificateArn": server_arn,
        });
        // With the store, the directory was this run's private copy: the secret is where the PKI is.
        let (kept, place) = match global.pki_store {
            Some(crate::cli::PkiStore::Secretsmanager) => {
                ("PkiSecret", crate::commands::pki_store::secret_name(&args.name))
            }
            _ => ("CertificateDirectory", settled.dir.display().to_string()),
        };
        summary[kept] = place.into();
        crate::output::printer::result(&crate::output::render(&summary, "up", &printing.options)?);
        Ok(0)
    });
    if outcome.is_err() && made_directory {
        drop(lock);
        crate::provision::remove_if_unused(&settled.dir);
    }
    outcome
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    #[derive(Parser)]
    struct Up {
        #[command(flatten)]
        args: UpArgs,
    }

    fn settled(words: &[&str]) -> Result<Settled, Failure> {
        let up = Up::try_parse_from([&["up"][..], words].concat()).expect("clap accepts the words");
        settle(&up.args)
    }

    #[test]
    fn every_bad_word_is_named_at_once_and_the_defaults_follow_the_name() {
        let failure = settled(&[
            "a/b",
            "--subnet-id",
            "subnet-0abc",
            "subnet-0abc",
            "x",
            "--dns-servers",
            "1.1.1",
            "--user",
            "a b",
        ])
        .unwrap_err();
        assert_eq!(failure.exit_code(), crate::failure::EXIT_USAGE);
        for expected in [
            "NAME \"a/b\"",
            "--subnet-id subnet-0abc: given twice",
            "--subnet-id x: is not a subnet ID",
            "--dns-servers 1.1.1: is not an IPv4 address",
            "--user: user \"a b\"",
            "Nothing was sent.",
        ] {
            assert!(failure.message.contains(expected), "{expected}: {}", failure.message);
        }
        let good =
            settled(&["office", "--subnet-id", "subnet-0abc", "--pki-dir", "/tmp/pki", "--user", "bob"]).unwrap();
        assert_eq!(good.config_out, PathBuf::from("office.ovpn"));
        assert_eq!((good.dir, good.user), (PathBuf::from("/tmp/pki"), "bob".to_owned()));
    }
}
