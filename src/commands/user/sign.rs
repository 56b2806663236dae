//! `cvpn user sign NAME --csr FILE`: a client certificate from NAME's CA for a signing request a
//! person made on their own machine, so that their key never leaves it. The request is checked
//! first (`pki::signing_request`: its signature, an RSA 1024/2048 key, the CN is the user); the
//! certificate is a client certificate whatever the request asks for. It is kept as
//! `clients/USER.crt` (no key beside it) and written into NAME-USER.ovpn, which says where the key
//! goes. `user revoke` and `user list` treat the user as any other.

use std::path::PathBuf;

use clap::Args;

use crate::failure::Failure;
use crate::pki::signing_request::SigningRequest;

/// The arguments of `cvpn user sign`.
#[derive(Debug, Args)]
pub struct UserSignArgs {
    /// The VPN, as given to `cvpn up`.
    #[arg(value_name = "NAME")]
    pub name: String,
    /// The signing request (PEM), made with e.g. `openssl req -new -newkey rsa:2048 -nodes -keyout
    /// me.key -subj /CN=USER -out me.csr`.
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub csr: PathBuf,
    /// The user; must be the request's CN (default: the CN).
    #[arg(long, value_name = "USER")]
    pub user: Option<String>,
    #[command(flatten)]
    pub issue: super::issuing::IssueArgs,
}

/// The request, checked before anything is sent or signed, and what issuing checked.
#[cfg_attr(not(feature = "aws"), allow(dead_code))]
fn check(args: &UserSignArgs) -> Result<(SigningRequest, super::issuing::Issuing), Failure> {
    let csr = args.csr.display();
    let pem = crate::bounded_file::read_text(&args.csr, crate::bounded_file::PEM_FILE_BYTES)
        .map_err(|error| Failure::usage(format!("--csr {csr}: cannot be read: {error}. Nothing was sent.")))?;
    let request = crate::pki::signing_request::read_request(&pem, args.user.as_deref())
        .map_err(|problem| Failure::usage(format!("--csr {csr}: {problem}. Nothing was sent or signed.")))?;
    let issuing = super::issuing::check(&args.name, &request.user, &args.issue)?;
    Ok((request, issuing))
}

#[cfg(feature = "aws")]
pub fn run(global: &crate::cli::GlobalArgs, args: &UserSignArgs) -> Result<u8, Failure> {
    use serde_json::json;

    use crate::output::printer;
    use crate::provision::configuration_file::Delivery;

    let issue = &args.issue;
    printer::set_quiet(issue.quiet);
    let mut printing = crate::commands::global_options::printing(global)?;
    let (request, checked) = check(args)?;
    let user = &request.user;
    crate::runtime::run_async(
        async {
            let untouched = "Nothing was signed.";
            let (id, exported) =
                super::issuing::endpoint_configuration(global, &mut printing, &args.name, untouched).await?;
            // Signed once the endpoint answered, so a refusal leaves nothing behind.
            let pki = &checked.pki;
            let failed = |error: crate::pki::PkiError| Failure::other(error.0);
            let set_aside = if issue.renew { pki.set_aside_client(user).map_err(failed)? } else { Vec::new() };
            let public_key = &request.public_key_der;
            let certificate = crate::pki::issue_for_public_key(&checked.ca, &args.name, user, public_key, issue.days)
                .map_err(failed)?;
            let kept = pki.keep_signed_client(user, &certificate).map_err(failed)?;
            for old in &set_aside {
                printer::note(&format!("Kept the old {}", old.display()));
            }
            Delivery::marked_without_key(checked.config_out.clone(), &checked.whom, certificate).deliver(&exported)?;
            let summary = json!({
                "Name": args.name,
                "User": user,
                "ClientVpnEndpointId": id,
                "ConfigurationFile": checked.config_out.display().to_string(),
                "Certificate": crate::commands::pki_store::shown(global, &args.name, &pki.dir, &kept),
                "KeyBits": request.key_bits,
                "Days": issue.days,
                "Renewed": !set_aside.is_empty(),
            });
            printer::result(&crate::output::render(&summary, "user sign", &printing.options)?);
            Ok(0)
        },
        || Failure::interrupted("Interrupted; run the same command again."),
    )
}
