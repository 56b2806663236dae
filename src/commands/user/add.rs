//! `cvpn user add NAME USER`: a client certificate for USER from the CA `cvpn up NAME` made
//! (RSA 2048, CN=USER, clientAuth), and the endpoint's configuration with it embedded, written
//! to NAME-USER.ovpn (mode 0600). A user who has a certificate keeps it unless `--renew`, which
//! sets the old pair aside (never overwritten) and issues a new one.

use clap::Args;

/// The arguments of `cvpn user add`.
#[derive(Debug, Args)]
pub struct UserAddArgs {
    /// The VPN, as given to `cvpn up`.
    #[arg(value_name = "NAME")]
    pub name: String,
    /// The user: the certificate's CN (letters, digits, '.', '-', '_', '@'; at most 64).
    #[arg(value_name = "USER")]
    pub user: String,
    #[command(flatten)]
    pub issue: super::issuing::IssueArgs,
}

#[cfg(feature = "aws")]
pub fn run(global: &crate::cli::GlobalArgs, args: &UserAddArgs) -> Result<u8, crate::failure::Failure> {
    use serde_json::json;

    use crate::failure::Failure;

    use crate::output::printer;
    use crate::provision::configuration_file::Delivery;

    let issue = &args.issue;
    printer::set_quiet(issue.quiet);
    let mut printing = crate::commands::global_options::printing(global)?;
    let checked = super::issuing::check(&args.name, &args.user, issue)?;
    crate::runtime::run_async(
        async {
            let untouched = "No certificate was issued.";
            let (id, exported) =
                super::issuing::endpoint_configuration(global, &mut printing, &args.name, untouched).await?;
            // The certificate is made once the endpoint answered, so a refusal leaves nothing behind.
            let pki = &checked.pki;
            let set_aside = if issue.renew { pki.set_aside_client(&args.user) } else { Ok(Vec::new()) }
                .map_err(|error| Failure::other(error.0))?;
            let client = pki
                .client_for_days(&checked.ca, &args.user, issue.days)
                .map_err(|error| Failure::other(error.0))?
                .identity;
            let identity = (client.certificate_pem, client.key_pem);
            for old in &set_aside {
                printer::note(&format!("Kept the old {}", old.display()));
            }
            Delivery::marked(checked.config_out.clone(), &checked.whom, identity).deliver(&exported)?;
            let summary = json!({
                "Name": args.name,
                "User": args.user,
                "ClientVpnEndpointId": id,
                "ConfigurationFile": checked.config_out.display().to_string(),
                "Certificate": crate::commands::pki_store::shown(global, &args.name, &pki.dir, &pki.dir.join(format!("clients/{}.crt", args.user))),
                "Days": issue.days,
                "Renewed": issue.renew && !set_aside.is_empty(),
            });
            printer::result(&crate::output::render(&summary, "user add", &printing.options)?);
            Ok(0)
        },
        || Failure::interrupted("Interrupted; run the same command again."),
    )
}
