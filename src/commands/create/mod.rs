//! `cvpn create` (`aws ec2 create-client-vpn-endpoint`): its flags, and the run from flags to the
//! printed answer.

pub mod certificate_check;
pub mod request_from_flags;

use clap::{ArgAction, Args};

use crate::cli::flags::{RequestFlags, RequestOf};
use crate::cli::{SkeletonKind, file_values};

pub const AFTER_HELP: &str = "\
Defaults:
  With no authentication flag, clients use mutual certificate authentication with the server
  certificate as the client root chain (one CA issued both). With no logging flag, connection
  logging is off (ConnectionLogOptions Enabled=false).

Dry run in scripts:
  if cvpn create --client-cidr 10.0.0.0/22 --server-cert ARN --dry-run; then
      echo \"allowed\"
  fi
  --dry-run exits 0 when EC2 answers DryRunOperation (permitted) and 1 when it answers
  UnauthorizedOperation (denied); a result object is printed on stdout either way.

Structured flags (--authentication-options, --connection-log-options, --tag-specifications, ...)
take the aws CLI's shorthand syntax or JSON, and any value can be file://PATH. List flags take
several words, one element each:
  --dns-servers 10.0.0.2 10.0.0.3
  --connection-log-options Enabled=true,CloudwatchLogGroup=vpn-logs
  --authentication-options \\
      Type=certificate-authentication,MutualAuthentication={ClientRootCertificateChainArn=ARN} \\
      Type=directory-service-authentication,ActiveDirectory={DirectoryId=d-1234567890}
  --tag-specifications 'ResourceType=client-vpn-endpoint,Tags=[{Key=Name,Value=office}]'
";

/// The request whose flags `cvpn create` takes.
#[derive(Debug)]
pub struct CreateRequest;

impl RequestOf for CreateRequest {
    const OPERATION: &'static crate::api::operation::Operation = &crate::api::operations::CREATE_CLIENT_VPN_ENDPOINT;
}

/// Flags of `cvpn create`: every member of CreateClientVpnEndpointRequest under its aws name
/// (built from the model), plus flattened flags for the usual cases.
#[derive(Debug, Args)]
pub struct CreateArgs {
    #[command(flatten)]
    pub aws: RequestFlags<CreateRequest>,

    /// Add mutual certificate authentication with this client root certificate chain ARN.
    #[arg(long, value_name = "ARN", help_heading = "Authentication")]
    pub client_root_cert: Option<String>,

    /// Add Active Directory authentication with this directory ID.
    #[arg(long, value_name = "ID", help_heading = "Authentication")]
    pub directory_id: Option<String>,

    /// Add federated (SAML) authentication with this IAM SAML provider ARN.
    #[arg(long, value_name = "ARN", help_heading = "Authentication")]
    pub saml_provider: Option<String>,

    /// SAML provider ARN for the self-service portal (with --saml-provider).
    #[arg(long, value_name = "ARN", help_heading = "Authentication")]
    pub self_service_saml_provider: Option<String>,

    /// Turn connection logging on, into this CloudWatch Logs group.
    #[arg(long, value_name = "NAME", help_heading = "Connection logging")]
    pub log_group: Option<String>,

    /// CloudWatch Logs stream for connection logging (with --log-group).
    #[arg(long, value_name = "NAME", help_heading = "Connection logging")]
    pub log_stream: Option<String>,

    /// Tag the endpoint (repeatable).
    #[arg(short = 't', long = "tag", value_name = "KEY=VALUE", action = ArgAction::Append, help_heading = "Tags")]
    pub tags: Vec<String>,

    /// Enable the client connect handler with this Lambda function ARN.
    #[arg(long, value_name = "ARN", help_heading = "Client connect handler")]
    pub connect_handler: Option<String>,

    #[arg(long, value_name = "TEXT", help = banner_help(), help_heading = "Login banner", add = file_values())]
    pub banner: Option<String>,

    /// Skip cvpn's checks of the documented rules and send the request as given.
    #[arg(long, help_heading = "Input")]
    pub no_validate: bool,

    /// Before sending, ask ACM whether the server certificate and every client root chain can
    /// work (a domain, ISSUED, RSA 1024 or 2048, serverAuth, this region); exit 252 if not.
    #[arg(long, help_heading = "Input")]
    pub check_certificates: bool,

    /// The whole request as JSON in the API's shape (inline or file://PATH); flags override it.
    #[arg(long, value_name = "JSON", conflicts_with = "cli_input_yaml", help_heading = "Input", add = file_values())]
    pub cli_input_json: Option<String>,

    /// The whole request as YAML in the API's shape (inline or file://PATH); flags override it.
    #[arg(long, value_name = "YAML", help_heading = "Input", add = file_values())]
    pub cli_input_yaml: Option<String>,

    /// Print a request skeleton (input, yaml-input) or a sample answer (output); send nothing.
    #[arg(
        long,
        value_enum,
        num_args = 0..=1,
        default_missing_value = "input",
        value_name = "KIND",
        help_heading = "Input"
    )]
    pub generate_cli_skeleton: Option<SkeletonKind>,
}

/// The banner's help, with the limit the model holds.
fn banner_help() -> String {
    format!(
        "Show this text to clients when a session starts (at most {} characters).",
        crate::api::model::MAX_BANNER_CHARS
    )
}

/// Flags → request → validation → EC2 → printed answer; the exit code, or the failure.
#[cfg(feature = "aws")]
pub fn run(global: &crate::cli::GlobalArgs, args: &CreateArgs) -> Result<u8, crate::failure::Failure> {
    use crate::api::operations::CREATE_CLIENT_VPN_ENDPOINT;
    use crate::api::skeleton;
    use crate::commands::operation::{Sending, send_and_print};
    use crate::output::{printer, render, render_json};

    let mut printing = crate::commands::global_options::printing(global)?;
    if let Some(kind) = args.generate_cli_skeleton {
        let text = match kind {
            SkeletonKind::Input => render_json(&skeleton::input_skeleton()),
            SkeletonKind::YamlInput => skeleton::yaml_input_skeleton(),
            SkeletonKind::Output => render(
                &skeleton::output_skeleton_of(CREATE_CLIENT_VPN_ENDPOINT.output),
                CREATE_CLIENT_VPN_ENDPOINT.name,
                &printing.options,
            )?,
        };
        printer::result(&text);
        return Ok(0);
    }
    let request = request_from_flags::assemble_request(args)?;
    if !args.no_validate {
        for warning in crate::validate::check(&request)? {
            printer::warning(&warning.to_string());
        }
    }
    let sending = Sending::new(&CREATE_CLIENT_VPN_ENDPOINT, request);
    crate::runtime::run_async(
        async {
            let connection = crate::commands::global_options::connect(global, &mut printing).await?;
            if args.check_certificates {
                certificate_check::check(&connection, &sending.request).await?;
            }
            send_and_print(&connection, &sending, &printing.options).await
        },
        || sending.interrupted(),
    )
}
