//! `cvpn create` (`aws ec2 create-client-vpn-endpoint`): its flags, and the run from flags to the
//! printed answer.

pub mod request_from_flags;

use clap::{ArgAction, Args};

use crate::cli::{SkeletonKind, file_values, member_values, parse_integer};

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

/// Flags → request → validation → EC2 → printed answer; the exit code, or the failure.
#[cfg(feature = "aws")]
pub fn run(global: &crate::cli::GlobalArgs, args: &CreateArgs) -> Result<u8, crate::failure::Failure> {
    use crate::api::skeleton;
    use crate::aws::ec2::create_client_vpn_endpoint::Outcome;
    use crate::commands::global_options::{open_session, printing};
    use crate::failure::OPERATION;
    use crate::output::{printer, render, render_json};

    let mut printing = printing(global)?;
    if let Some(kind) = args.generate_cli_skeleton {
        let text = match kind {
            SkeletonKind::Input => render_json(&skeleton::input_skeleton()),
            SkeletonKind::YamlInput => skeleton::yaml_input_skeleton(),
            SkeletonKind::Output => render(&skeleton::output_skeleton(), OPERATION, &printing.options)?,
        };
        printer::result(&text);
        return Ok(0);
    }
    let mut request = request_from_flags::assemble_request(args)?;
    if !args.no_validate {
        for warning in crate::validate::check(&request)? {
            printer::warning(&warning.to_string());
        }
    }
    if let Some(url) = &global.endpoint_url {
        crate::aws::session::check_endpoint_url(url)?;
    }
    // Chosen here, not by the SDK, so that every attempt carries it and it can be named when the
    // outcome is unknown.
    let token = request.client_token.get_or_insert_with(|| uuid::Uuid::new_v4().to_string()).clone();
    let outcome = crate::app::run_async(
        async {
            let session = open_session(global, &mut printing).await?;
            let client = crate::aws::http_client::http_client(&global.session_settings(), "EC2")?;
            crate::aws::ec2::create_client_vpn_endpoint::create_endpoint(&session, &request, client, global.debug).await
        },
        || {
            crate::failure::Failure::interrupted("Interrupted.")
                .with_hint(crate::aws::ec2::create_client_vpn_endpoint::retry_safely_note(&token))
        },
    )?;
    match outcome {
        Outcome::Created(result) => {
            printer::result(&render(&result, OPERATION, &printing.options)?);
            Ok(0)
        }
        Outcome::DryRun(result) => crate::commands::dry_run::report(&result, OPERATION, &printing.options),
    }
}
