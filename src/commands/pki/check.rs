//! `cvpn pki check (FILE… | ARN…)`: will these certificates work with Client VPN? PEM files in
//! any order (certificates, keys and chains, sorted by their content) are checked here without a
//! request; ACM ARNs through DescribeCertificate. Exit 0 when every one is usable, 252 when not,
//! each problem with its fix, so that a script can gate on it.

use clap::{Args, ValueEnum};

#[cfg(feature = "aws")]
use crate::failure::Failure;
#[cfg(feature = "aws")]
use crate::pki::check::{Checked, PemFile, Purpose, Report, check_files};

pub const EXAMPLES: &str = "Examples:
  cvpn pki check server.crt server.key ca.crt            # a server certificate from easy-rsa
  cvpn pki check alice.crt --role client                 # a client certificate
  cvpn pki check arn:aws:acm:us-east-1:123456789012:certificate/abcd   # one in ACM
Exit 0 when every certificate is usable, 252 when one is not.";

/// What to check a certificate as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RoleChoice {
    Server,
    Client,
}

/// The arguments of `cvpn pki check`.
#[derive(Debug, Args)]
pub struct PkiCheckArgs {
    /// PEM files (certificates, private keys, chains, in any order) or ACM certificate ARNs.
    #[arg(value_name = "FILE|ARN", required = true, value_hint = clap::ValueHint::FilePath)]
    pub sources: Vec<String>,
    /// Check every certificate as this, instead of by its extended key usage (clientAuth alone:
    /// client; anything else: server).
    #[arg(long, value_enum, value_name = "ROLE")]
    pub role: Option<RoleChoice>,
}

#[cfg(feature = "aws")]
/// Reads the files, refusing what is not a file or not a well-formed ARN before anything runs.
fn sorted_sources(sources: &[String]) -> Result<(Vec<PemFile>, Vec<String>), Failure> {
    let mut files = Vec::new();
    let mut arns = Vec::new();
    for source in sources {
        if source.starts_with("arn:") {
            if !crate::validate::is_acm_certificate_arn(source) {
                return Err(Failure::usage(format!(
                    "{source}: is not an ACM certificate ARN (arn:aws:acm:REGION:ACCOUNT:certificate/ID)"
                )));
            }
            arns.push(source.clone());
            continue;
        }
        let text = crate::bounded_file::read(std::path::Path::new(source), crate::bounded_file::PEM_FILE_BYTES)
            .map_err(|error| {
                Failure::usage(format!("{source}: cannot be read ({error}); give PEM files or ACM certificate ARNs"))
            })?;
        files.push(PemFile { name: source.clone(), text });
    }
    Ok((files, arns))
}

#[cfg(feature = "aws")]
fn as_json(checked: &Checked) -> serde_json::Value {
    serde_json::json!({
        "Certificate": checked.source,
        "Subject": checked.subject,
        "Role": checked.purpose.name(),
        "Usable": checked.findings.problems.is_empty(),
        "Problems": checked.findings.problems,
        "Warnings": checked.findings.warnings,
    })
}

/// The ARNs checked in ACM, in the session's region.
#[cfg(feature = "aws")]
fn check_in_acm(
    global: &crate::cli::GlobalArgs,
    printing: &mut crate::commands::global_options::Printing,
    arns: &[String],
    purpose: Option<Purpose>,
) -> Result<Vec<Checked>, Failure> {
    use crate::pki::check::{Findings, check_acm};

    crate::runtime::run_async(
        async {
            use crate::provision::brought_certificates::{InAcm, look_up};
            let connection = crate::commands::global_options::connect(global, printing).await?;
            let region = connection.region();
            let now = time::OffsetDateTime::now_utc().unix_timestamp();
            let mut checked = Vec::new();
            for arn in arns {
                let refused = |problem: String| Checked {
                    source: arn.clone(),
                    subject: String::new(),
                    purpose: purpose.unwrap_or(Purpose::Server),
                    findings: Findings { problems: vec![problem], warnings: Vec::new() },
                };
                checked.push(match look_up(&connection, arn).await? {
                    InAcm::Found(facts) => check_acm(&facts, purpose, now),
                    InAcm::Elsewhere(elsewhere) => refused(format!(
                        "it is in {elsewhere}, and an endpoint in {region} cannot use it; import it into {region}, \
                         or check it with --region {elsewhere}"
                    )),
                    InAcm::Missing => refused(format!("ACM has no such certificate in {region}")),
                });
            }
            Ok(checked)
        },
        || Failure::interrupted("Interrupted; checking changes nothing."),
    )
}

#[cfg(feature = "aws")]
pub fn run(global: &crate::cli::GlobalArgs, args: &PkiCheckArgs) -> Result<u8, Failure> {
    use crate::output::printer;

    let mut printing = crate::commands::global_options::printing(global)?;
    let purpose = args.role.map(|role| match role {
        RoleChoice::Server => Purpose::Server,
        RoleChoice::Client => Purpose::Client,
    });
    let (files, arns) = sorted_sources(&args.sources)?;
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let mut report = if files.is_empty() { Report::default() } else { check_files(&files, purpose, now) };
    if !arns.is_empty() {
        report.checked.extend(check_in_acm(global, &mut printing, &arns, purpose)?);
    }
    let answer = serde_json::json!({
        "Certificates": report.checked.iter().map(as_json).collect::<Vec<_>>(),
        "Problems": report.problems,
        "Warnings": report.warnings,
    });
    printer::result(&crate::output::render(&answer, "pki check", &printing.options)?);
    for checked in &report.checked {
        for warning in &checked.findings.warnings {
            printer::warning(&format!("{}: {warning}", checked.source));
        }
    }
    for warning in &report.warnings {
        printer::warning(warning);
    }
    if report.usable() {
        return Ok(0);
    }
    let mut lines: Vec<String> = report.problems.clone();
    for checked in &report.checked {
        let role = checked.purpose.name();
        lines.extend(
            checked.findings.problems.iter().map(|problem| format!("{} (as {role}): {problem}", checked.source)),
        );
    }
    Err(Failure::usage(format!(
        "{} cannot work with Client VPN:\n  {}",
        if lines.len() == 1 { "A certificate" } else { "These certificates" },
        lines.join("\n  ")
    )))
}
