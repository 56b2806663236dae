//! The command line as clap sees it: global options, the `create` command and its flags.
//!
//! Every flag is defined here once; help text, completion and the man page come from these
//! definitions. Nothing in this module reads configuration, starts a runtime or touches the SDK.

pub mod completion;

use std::ffi::OsStr;

use clap::{ArgAction, Args, Parser, Subcommand, ValueEnum};
use clap_complete::engine::{ArgValueCompleter, CompletionCandidate, PathCompleter, ValueCompleter};

use crate::api::model::request_member;
use crate::cli::completion::{file_reference_path, value_candidates};
use crate::input::param_value::FILE_PREFIX;
use crate::input::shape_value::integer_from_text;

/// Exit codes, documented once and shown in `--help`.
pub const EXIT_CODES_HELP: &str = "\
Exit codes:
  0    success; with --dry-run: the request would have succeeded (DryRunOperation)
  1    --dry-run: the request was denied (UnauthorizedOperation)
  130  interrupted
  252  usage error or invalid input (nothing was sent)
  253  configuration error: no region, no credentials, unknown profile (nothing was sent)
  254  the service answered with an error
  255  anything else: connection refused, timeout, an answer that could not be read";

const CREATE_AFTER_HELP: &str = "\
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

/// cvpn: create AWS Client VPN endpoints. A drop-in for `aws ec2 create-client-vpn-endpoint`.
#[derive(Debug, Parser)]
#[command(name = "cvpn", version, about, after_help = EXIT_CODES_HELP)]
#[command(propagate_version = true, subcommand_required = true, arg_required_else_help = true)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a Client VPN endpoint (aws ec2 create-client-vpn-endpoint).
    #[command(after_help = CREATE_AFTER_HELP, after_long_help = format!("{CREATE_AFTER_HELP}\n{EXIT_CODES_HELP}"))]
    #[command(args_override_self = true)]
    Create(Box<CreateArgs>),
    /// Print the completion script for a shell (see README: Shell completion).
    Completions {
        #[arg(value_enum)]
        shell: CompletionShell,
    },
}

/// Shells cvpn completes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CompletionShell {
    Bash,
    Zsh,
    Fish,
    Powershell,
    Elvish,
}

impl CompletionShell {
    pub fn name(self) -> &'static str {
        match self {
            CompletionShell::Bash => "bash",
            CompletionShell::Zsh => "zsh",
            CompletionShell::Fish => "fish",
            CompletionShell::Powershell => "powershell",
            CompletionShell::Elvish => "elvish",
        }
    }
}

/// Completes `file://PATH` words with paths; `fi<Tab>` offers `file://`.
fn file_candidates(typed: &str) -> Option<Vec<CompletionCandidate>> {
    if let Some(path) = file_reference_path(typed) {
        let paths = PathCompleter::any().complete(OsStr::new(path));
        return Some(paths.into_iter().map(|candidate| candidate.add_prefix(FILE_PREFIX)).collect());
    }
    None
}

/// Tab for the value of the flag that sets a request member: choices, shorthand keys and values,
/// `file://` paths.
fn member_values(member: &'static str) -> ArgValueCompleter {
    let member = request_member(member).expect("a request member");
    ArgValueCompleter::new(move |current: &OsStr| {
        let lossy = current.to_string_lossy();
        // An opening quote is the shell's business: complete what is inside it.
        let typed = lossy.strip_prefix(['\'', '"']).unwrap_or(&lossy);
        if let Some(paths) = file_candidates(typed) {
            return paths;
        }
        let mut candidates: Vec<CompletionCandidate> =
            value_candidates(member, typed).into_iter().map(CompletionCandidate::new).collect();
        if !typed.is_empty() && FILE_PREFIX.starts_with(typed) {
            candidates.push(CompletionCandidate::new(FILE_PREFIX));
        }
        candidates
    })
}

/// Tab for a free-text value: only `file://` paths.
fn file_values() -> ArgValueCompleter {
    ArgValueCompleter::new(|current: &OsStr| file_candidates(&current.to_string_lossy()).unwrap_or_default())
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// JSON as the aws CLI prints it.
    Json,
    /// YAML, keys sorted, as aws CLI v2 prints it.
    Yaml,
    /// YAML, each response an element of one list.
    YamlStream,
    /// Tab-separated text as the aws CLI prints it.
    Text,
    /// A table for a person to read.
    Table,
    /// Nothing on stdout; the exit code tells.
    Off,
}

/// When tables are coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    On,
    Off,
    /// Only on a terminal, and never with NO_COLOR set.
    Auto,
}

/// How failures are written to stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ErrorFormat {
    /// The aws CLI's line: `An error occurred (Code) when calling ...`.
    Legacy,
    Json,
    Yaml,
    Text,
}

/// What --generate-cli-skeleton prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SkeletonKind {
    /// The request as JSON.
    Input,
    /// The request as YAML, each member commented.
    YamlInput,
    /// A sample answer.
    Output,
}

/// Options accepted before or after the subcommand, as in the aws CLI.
#[derive(Debug, Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// Send the request to this URL instead of the regional EC2 endpoint.
    #[arg(long, global = true, value_name = "URL")]
    pub endpoint_url: Option<String>,
    /// AWS Region (else AWS_REGION, AWS_DEFAULT_REGION, the profile's region).
    #[arg(short, long, global = true, value_name = "REGION")]
    pub region: Option<String>,
    /// Named profile from the AWS config files (else AWS_PROFILE, AWS_DEFAULT_PROFILE).
    #[arg(short, long, global = true, value_name = "NAME")]
    pub profile: Option<String>,
    /// Output format (else AWS_DEFAULT_OUTPUT, the profile's output, json).
    #[arg(short, long, global = true, value_enum, value_name = "FORMAT")]
    pub output: Option<OutputFormat>,
    /// JMESPath expression applied to the result before it is printed.
    #[arg(long, global = true, value_name = "EXPRESSION")]
    pub query: Option<String>,
    /// Colour in tables.
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value = "auto")]
    pub color: ColorChoice,
    /// How errors are written to stderr (else AWS_CLI_ERROR_FORMAT, legacy).
    #[arg(long, global = true, value_enum, value_name = "FORMAT")]
    pub cli_error_format: Option<ErrorFormat>,
    /// Log what happens (settings, request, response) to stderr; secrets are never printed.
    #[arg(long, global = true)]
    pub debug: bool,
    /// Do not verify TLS certificates (a warning is printed every time).
    #[arg(long, global = true)]
    pub no_verify_ssl: bool,
    /// PEM file of certificate authorities to trust for TLS (else AWS_CA_BUNDLE).
    #[arg(long, global = true, value_name = "PATH", value_hint = clap::ValueHint::FilePath)]
    pub ca_bundle: Option<String>,
    /// Seconds to wait for a response; 0 waits forever. Default 60.
    #[arg(long, global = true, value_name = "SECONDS", value_parser = parse_seconds)]
    pub cli_read_timeout: Option<u64>,
    /// Seconds to wait for a connection; 0 waits forever. Default 60.
    #[arg(long, global = true, value_name = "SECONDS", value_parser = parse_seconds)]
    pub cli_connect_timeout: Option<u64>,
}

/// Flags of `cvpn create`: every member of CreateClientVpnEndpointRequest under its aws name,
/// plus flattened flags for the usual cases.
#[derive(Debug, Args)]
pub struct CreateArgs {
    /// IPv4 address range, in CIDR notation, from which client addresses are assigned (/12 to /22).
    #[arg(short = 'c', long = "client-cidr-block", visible_alias = "client-cidr", value_name = "CIDR")]
    pub client_cidr_block: Option<String>,

    /// ARN of the server certificate (ACM).
    #[arg(
        short = 's',
        long = "server-certificate-arn",
        visible_alias = "server-cert",
        value_name = "ARN",
        required_unless_present_any = ["cli_input_json", "cli_input_yaml", "generate_cli_skeleton"]
    )]
    pub server_certificate_arn: Option<String>,

    /// Authentication methods, one per word, in shorthand or JSON.
    #[arg(long, num_args = 0.., action = ArgAction::Set, value_name = "OPTION", help_heading = "Authentication", add = member_values("AuthenticationOptions"))]
    pub authentication_options: Option<Vec<String>>,
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

    /// Connection logging: Enabled=BOOL,CloudwatchLogGroup=NAME,CloudwatchLogStream=NAME.
    #[arg(long, value_name = "OPTIONS", help_heading = "Connection logging", add = member_values("ConnectionLogOptions"))]
    pub connection_log_options: Option<String>,
    /// Turn connection logging on, into this CloudWatch Logs group.
    #[arg(long, value_name = "NAME", help_heading = "Connection logging")]
    pub log_group: Option<String>,
    /// CloudWatch Logs stream for connection logging (with --log-group).
    #[arg(long, value_name = "NAME", help_heading = "Connection logging")]
    pub log_stream: Option<String>,

    /// Up to two DNS servers, one per word.
    #[arg(long, num_args = 0.., action = ArgAction::Set, value_name = "IP")]
    pub dns_servers: Option<Vec<String>>,
    /// Transport protocol: tcp or udp (EC2 default udp).
    #[arg(long, value_name = "PROTOCOL", add = member_values("TransportProtocol"))]
    pub transport_protocol: Option<String>,
    /// Port for VPN traffic: 443 or 1194 (EC2 default 443).
    #[arg(long, value_name = "PORT", allow_negative_numbers = true, value_parser = parse_integer, add = member_values("VpnPort"))]
    pub vpn_port: Option<i32>,
    /// A description of the endpoint.
    #[arg(long, value_name = "TEXT", add = file_values())]
    pub description: Option<String>,
    /// Enable split tunnel.
    #[arg(long, overrides_with = "no_split_tunnel")]
    pub split_tunnel: bool,
    /// Disable split tunnel.
    #[arg(long, overrides_with = "split_tunnel")]
    pub no_split_tunnel: bool,
    /// Only check permissions: exit 0 if the request would succeed, 1 if it is denied.
    #[arg(long, overrides_with = "no_dry_run")]
    pub dry_run: bool,
    /// Send DryRun=false.
    #[arg(long, overrides_with = "dry_run")]
    pub no_dry_run: bool,
    /// Idempotency token (at most 64 ASCII characters); a UUID is generated when not given.
    #[arg(long, value_name = "TOKEN")]
    pub client_token: Option<String>,

    /// Tag specifications, one per word: ResourceType=client-vpn-endpoint,Tags=[{Key=K,Value=V}].
    #[arg(long, num_args = 0.., action = ArgAction::Set, value_name = "SPEC", help_heading = "Tags", add = member_values("TagSpecifications"))]
    pub tag_specifications: Option<Vec<String>>,
    /// Tag the endpoint (repeatable).
    #[arg(short = 't', long = "tag", value_name = "KEY=VALUE", action = ArgAction::Append, help_heading = "Tags")]
    pub tags: Vec<String>,

    /// Security group IDs, one per word (needs --vpc-id).
    #[arg(long, num_args = 0.., action = ArgAction::Set, value_name = "ID")]
    pub security_group_ids: Option<Vec<String>>,
    /// ID of the VPC to associate with the endpoint.
    #[arg(long, value_name = "ID")]
    pub vpc_id: Option<String>,
    /// Self-service portal: enabled or disabled.
    #[arg(long, value_name = "STATE", add = member_values("SelfServicePortal"))]
    pub self_service_portal: Option<String>,

    /// Client connect handler: Enabled=BOOL,LambdaFunctionArn=ARN.
    #[arg(long, value_name = "OPTIONS", help_heading = "Client connect handler", add = member_values("ClientConnectOptions"))]
    pub client_connect_options: Option<String>,
    /// Enable the client connect handler with this Lambda function ARN.
    #[arg(long, value_name = "ARN", help_heading = "Client connect handler")]
    pub connect_handler: Option<String>,

    /// Maximum VPN session duration in hours: 8, 10, 12 or 24 (EC2 default 24).
    #[arg(long, value_name = "HOURS", allow_negative_numbers = true, value_parser = parse_integer, add = member_values("SessionTimeoutHours"))]
    pub session_timeout_hours: Option<i32>,

    /// Login banner: Enabled=BOOL,BannerText=TEXT.
    #[arg(long, value_name = "OPTIONS", help_heading = "Login banner", add = member_values("ClientLoginBannerOptions"))]
    pub client_login_banner_options: Option<String>,
    /// Show this text to clients when a session starts (at most 1400 characters).
    #[arg(long, value_name = "TEXT", help_heading = "Login banner", add = file_values())]
    pub banner: Option<String>,

    /// Client route enforcement: Enforced=BOOL.
    #[arg(long, value_name = "OPTIONS", add = member_values("ClientRouteEnforcementOptions"))]
    pub client_route_enforcement_options: Option<String>,
    /// Disconnect clients when the session timeout is reached (EC2 default).
    #[arg(long, overrides_with = "no_disconnect_on_session_timeout")]
    pub disconnect_on_session_timeout: bool,
    /// Let clients reconnect after the session timeout without disconnecting.
    #[arg(long, overrides_with = "disconnect_on_session_timeout")]
    pub no_disconnect_on_session_timeout: bool,
    /// IP address type of the endpoint: ipv4, ipv6 or dual-stack.
    #[arg(long, value_name = "TYPE", add = member_values("EndpointIpAddressType"))]
    pub endpoint_ip_address_type: Option<String>,
    /// IP address type of the traffic: ipv4, ipv6 or dual-stack.
    #[arg(long, value_name = "TYPE", add = member_values("TrafficIpAddressType"))]
    pub traffic_ip_address_type: Option<String>,
    /// Transit gateway: TransitGatewayId=ID,AvailabilityZones=[A,B] (or AvailabilityZoneIds=[...]).
    #[arg(long, value_name = "OPTIONS", add = member_values("TransitGatewayConfiguration"))]
    pub transit_gateway_configuration: Option<String>,
    /// Skip cvpn's checks of the documented rules and send the request as given.
    #[arg(long, help_heading = "Input")]
    pub no_validate: bool,

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

    /// Device posture: Enabled=BOOL,TrustProviders=[{TrustProviderType=T,TenantId=ID,PublicSigningKeyUrl=URL}].
    #[arg(long, value_name = "OPTIONS", add = member_values("DevicePostureOptions"))]
    pub device_posture_options: Option<String>,
}

/// An integer as the aws CLI reads one (Python `int()`).
pub fn parse_integer(text: &str) -> Result<i32, String> {
    let value = integer_from_text(text).ok_or_else(|| format!("'{text}' is not an integer"))?;
    i32::try_from(value).map_err(|_| format!("'{text}' is out of range for a 32-bit integer"))
}

fn parse_seconds(text: &str) -> Result<u64, String> {
    let value = parse_integer(text)?;
    u64::try_from(value).map_err(|_| format!("'{text}' is negative; give seconds, or 0 for no limit"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn integers_parse_like_python_int() {
        assert_eq!(parse_integer(" 0443 "), Ok(443));
        assert_eq!(parse_integer("+443"), Ok(443));
        assert_eq!(parse_integer("4_43"), Ok(443));
        assert_eq!(parse_integer("-1"), Ok(-1));
        for bad in ["443.0", "0x1bb", "1e3", "", "abc", "_443", "44__3", "4_", "99999999999999999999"] {
            assert!(parse_integer(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn global_options_go_before_or_after_the_subcommand() {
        let before = Cli::try_parse_from(["cvpn", "--region", "eu-west-1", "create", "--server-cert", "a"]).unwrap();
        let after = Cli::try_parse_from(["cvpn", "create", "--server-cert", "a", "--region", "eu-west-1"]).unwrap();
        assert_eq!(before.global.region.as_deref(), Some("eu-west-1"));
        assert_eq!(after.global.region.as_deref(), Some("eu-west-1"));
    }

    fn create(args: &[&str]) -> CreateArgs {
        let argv = ["cvpn", "create"].iter().chain(args);
        match Cli::try_parse_from(argv).unwrap().command {
            Command::Create(args) => *args,
            other => panic!("not create: {other:?}"),
        }
    }

    #[test]
    fn list_flags_take_several_words_and_the_last_occurrence_wins() {
        let args = create(&["--server-cert", "a", "--dns-servers", "1.1.1.1", "8.8.8.8"]);
        assert_eq!(args.dns_servers.unwrap(), ["1.1.1.1", "8.8.8.8"]);
        let args = create(&["--server-cert", "a", "--dns-servers", "1.1.1.1", "--dns-servers", "9.9.9.9"]);
        assert_eq!(args.dns_servers.unwrap(), ["9.9.9.9"]);
        let args = create(&["--server-cert", "a", "--authentication-options", "--vpc-id", "v"]);
        assert_eq!(args.authentication_options.unwrap(), Vec::<String>::new());
    }

    #[test]
    fn boolean_pairs_and_scalars_are_last_wins() {
        let args = create(&["--server-cert", "a", "--dry-run", "--no-dry-run", "--vpc-id", "a", "--vpc-id", "b"]);
        assert!(!args.dry_run && args.no_dry_run);
        assert_eq!(args.vpc_id.as_deref(), Some("b"));
        let args = create(&["--server-cert", "a", "--no-split-tunnel", "--split-tunnel"]);
        assert!(args.split_tunnel && !args.no_split_tunnel);
    }

    #[test]
    fn short_flags_for_the_usual_case() {
        let cli = Cli::try_parse_from([
            "cvpn",
            "-o",
            "text",
            "-r",
            "eu-west-1",
            "create",
            "-c",
            "10.0.0.0/22",
            "-s",
            "arn:s",
            "-t",
            "a=b",
        ])
        .unwrap();
        assert_eq!(cli.global.output, Some(OutputFormat::Text));
        let Command::Create(args) = cli.command else { panic!("not create") };
        assert_eq!(args.client_cidr_block.as_deref(), Some("10.0.0.0/22"));
        assert_eq!(args.server_certificate_arn.as_deref(), Some("arn:s"));
        assert_eq!(args.tags, ["a=b"]);
    }

    #[test]
    fn tags_accumulate() {
        let args = create(&["--server-cert", "a", "--tag", "a=1", "--tag", "b=2"]);
        assert_eq!(args.tags, ["a=1", "b=2"]);
    }

    #[test]
    fn boolean_flags_take_no_value() {
        assert!(Cli::try_parse_from(["cvpn", "create", "--server-cert", "a", "--dry-run", "true"]).is_err());
    }
}
