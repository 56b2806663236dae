//! The operations' input models as data: member names, types, enumerations, limits, wire names
//! and the first sentence of each member's documentation (from the EC2 API reference and
//! botocore's `ec2/2016-11-15/service-2.json`). Shaping of parameter values, skeletons, completion
//! of keys and values, the generated flags and validation all read it; nothing else lists the
//! members again.

pub mod authorization;
pub mod clients;
pub mod endpoints;
pub mod outputs;
pub mod routes;
pub mod target_networks;
pub mod transit_gateway;

/// A shape of the API model.
#[derive(Debug)]
pub enum Shape {
    String,
    Integer,
    Boolean,
    /// A string with a closed set of values (EC2 may add more; they are not refused here).
    Enum(&'static [&'static str]),
    List(&'static Shape),
    Structure(&'static [Member]),
}

#[derive(Debug)]
pub struct Member {
    pub name: &'static str,
    pub shape: &'static Shape,
    pub required: bool,
    pub doc: &'static str,
    /// The EC2 Query name when it is not the member's own (`ClientVpnEndpointIds` goes on the wire
    /// as `ClientVpnEndpointId.N`).
    pub wire: Option<&'static str>,
    /// A documented limit, checked before sending and shown in `--help`.
    pub limit: Option<Limit>,
}

/// A documented limit on a member's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// An integer from `min` to `max`, both included.
    Range(i64, i64),
    /// An AWS resource ID: this prefix, then hexadecimal digits (`cvpn-endpoint-0123…`).
    Id(&'static str),
    /// Filters whose `Name` must be one of these.
    FilterNames(&'static [&'static str]),
    /// An IPv4 CIDR block whose prefix length is from `min` to `max`.
    PrefixLength(u8, u8),
    /// One of these integers.
    OneOf(&'static [i32]),
    /// Text of at most this many characters.
    MaxChars(usize),
    /// A list of at most this many elements.
    MaxItems(usize),
    /// An IPv4 CIDR block of any prefix length (`10.0.0.0/16`, `0.0.0.0/0`).
    Cidr,
    /// A subnet ID, or the word `local` (a route's target).
    SubnetOrLocal,
}

/// "a, b or c".
fn either(values: &[String]) -> String {
    match values {
        [] => String::new(),
        [only] => only.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

impl Limit {
    /// The limit as `--help` shows it, after the member's documentation.
    pub fn help(&self) -> String {
        match self {
            Limit::Range(min, max) => format!("{min} to {max}"),
            Limit::Id(prefix) => format!("{prefix}…"),
            Limit::FilterNames(names) => format!("names: {}", names.join(", ")),
            Limit::PrefixLength(min, max) => format!("/{min} to /{max}"),
            Limit::OneOf(values) => either(&values.iter().map(i32::to_string).collect::<Vec<_>>()),
            Limit::MaxChars(count) => format!("at most {count} characters"),
            Limit::MaxItems(count) => format!("at most {count}"),
            Limit::Cidr => "IPv4 CIDR".to_owned(),
            Limit::SubnetOrLocal => "subnet-… or local".to_owned(),
        }
    }
}

impl Member {
    /// The same member under another name on the wire.
    pub const fn on_wire(mut self, wire: &'static str) -> Member {
        self.wire = Some(wire);
        self
    }

    pub const fn limited(mut self, limit: Limit) -> Member {
        self.limit = Some(limit);
        self
    }

    /// The aws CLI's flag for the member, without its dashes.
    pub fn flag(&self) -> String {
        xform_name(self.name)
    }
}

/// botocore's `xform_name`, with `-`: `ClientCidrBlock` → `client-cidr-block`, `SAMLProviderArn`
/// → `saml-provider-arn`; the aws CLI names flags and commands with it.
pub fn xform_name(name: &str) -> String {
    // Model names are ASCII; each flag is named on every run, so no `Vec<char>` per name.
    let bytes = name.as_bytes();
    let mut flag = String::with_capacity(name.len() + 8);
    for (index, &byte) in bytes.iter().enumerate() {
        let previous = index.checked_sub(1).map(|at| bytes[at]);
        let next = bytes.get(index + 1);
        let starts_word = byte.is_ascii_uppercase()
            && previous.is_some_and(|previous| {
                previous.is_ascii_lowercase()
                    || previous.is_ascii_digit()
                    || (previous.is_ascii_uppercase() && next.is_some_and(u8::is_ascii_lowercase))
            });
        if starts_word {
            flag.push('-');
        }
        flag.push(char::from(byte.to_ascii_lowercase()));
    }
    flag
}

impl Shape {
    /// Structures, and lists of anything but scalars, are complex: only they take shorthand.
    pub fn is_complex(&self) -> bool {
        match self {
            Shape::Structure(_) => true,
            Shape::List(member) => matches!(member, Shape::Structure(_) | Shape::List(_)),
            _ => false,
        }
    }

    /// The shape of a list's elements; a non-list stands for itself.
    pub fn list_member(&'static self) -> &'static Shape {
        match self {
            Shape::List(member) => member,
            other => other,
        }
    }

    pub fn members(&self) -> &'static [Member] {
        match self {
            Shape::Structure(members) => members,
            _ => &[],
        }
    }
}

const fn member(name: &'static str, shape: &'static Shape, doc: &'static str) -> Member {
    Member { name, shape, required: false, doc, wire: None, limit: None }
}

const fn required(name: &'static str, shape: &'static Shape, doc: &'static str) -> Member {
    Member { name, shape, required: true, doc, wire: None, limit: None }
}

/// The endpoint an operation acts on: `ClientVpnEndpointId`, required.
const fn endpoint_id(doc: &'static str) -> Member {
    required("ClientVpnEndpointId", &STRING, doc).limited(Limit::Id(ENDPOINT_ID_PREFIX))
}

const DRY_RUN_DOC: &str = "Checks whether you have the required permissions for the action, without actually making the request, and provides an error response.";

const fn dry_run() -> Member {
    member("DryRun", &BOOLEAN, DRY_RUN_DOC)
}

const fn max_results() -> Member {
    member(
        "MaxResults",
        &INTEGER,
        "The maximum number of results to return for the request in a single page. The remaining results can be seen by sending another request with the nextToken value.",
    )
    .limited(Limit::Range(5, 1000))
}

const fn next_token() -> Member {
    member("NextToken", &STRING, "The token to retrieve the next page of results.")
}

const fn filters(names: &'static [&'static str]) -> Member {
    member("Filters", &FILTER_LIST, "One or more filters. Filter names and values are case-sensitive.")
        .on_wire("Filter")
        .limited(Limit::FilterNames(names))
}

const fn client_token() -> Member {
    member(
        "ClientToken",
        &STRING,
        "Unique, case-sensitive identifier that you provide to ensure the idempotency of the request.",
    )
}

pub const ENDPOINT_ID_PREFIX: &str = "cvpn-endpoint-";
pub const ASSOCIATION_ID_PREFIX: &str = "cvpn-assoc-";
pub const SUBNET_ID_PREFIX: &str = "subnet-";
pub const VPC_ID_PREFIX: &str = "vpc-";
pub const SECURITY_GROUP_ID_PREFIX: &str = "sg-";
pub const CONNECTION_ID_PREFIX: &str = "cvpn-connection-";
pub const TGW_ATTACHMENT_ID_PREFIX: &str = "tgw-attach-";
/// Security groups one target network takes (ApplySecurityGroupsToClientVpnTargetNetwork).
pub const MAX_SECURITY_GROUPS: usize = 5;

/// The limits AWS documents for CreateClientVpnEndpoint (EC2 API reference,
/// API_CreateClientVpnEndpoint), written once: the model, `--help` and validation read them.
pub const CIDR_PREFIX_MIN: u8 = 12;
pub const CIDR_PREFIX_MAX: u8 = 22;
pub const VPN_PORTS: [i32; 2] = [443, 1194];
pub const SESSION_TIMEOUT_HOURS: [i32; 4] = [8, 10, 12, 24];
pub const MAX_DNS_SERVERS: usize = 2;
pub const MAX_BANNER_CHARS: usize = 1400;
pub const MAX_CLIENT_TOKEN_CHARS: usize = 64;

static STRING: Shape = Shape::String;
static INTEGER: Shape = Shape::Integer;
static BOOLEAN: Shape = Shape::Boolean;
static STRING_LIST: Shape = Shape::List(&STRING);

pub const CERTIFICATE_AUTHENTICATION_TYPE: &str = "certificate-authentication";
pub const DIRECTORY_AUTHENTICATION_TYPE: &str = "directory-service-authentication";
pub const FEDERATED_AUTHENTICATION_TYPE: &str = "federated-authentication";
pub static AUTHENTICATION_TYPES: &[&str] =
    &[CERTIFICATE_AUTHENTICATION_TYPE, DIRECTORY_AUTHENTICATION_TYPE, FEDERATED_AUTHENTICATION_TYPE];
/// The resource type of a Client VPN endpoint in a TagSpecification.
pub const ENDPOINT_RESOURCE_TYPE: &str = "client-vpn-endpoint";
pub static TRANSPORT_PROTOCOLS: &[&str] = &["tcp", "udp"];
pub static SELF_SERVICE_PORTAL_STATES: &[&str] = &["enabled", "disabled"];
pub static IP_ADDRESS_TYPES: &[&str] = &["ipv4", "ipv6", "dual-stack"];
pub static TRUST_PROVIDER_TYPES: &[&str] = &["crowdstrike", "jamf", "jumpcloud"];
pub static RESOURCE_TYPES: &[&str] = &[
    "capacity-reservation",
    "client-vpn-endpoint",
    "customer-gateway",
    "carrier-gateway",
    "coip-pool",
    "declarative-policies-report",
    "dedicated-host",
    "dhcp-options",
    "egress-only-internet-gateway",
    "elastic-ip",
    "elastic-gpu",
    "export-image-task",
    "export-instance-task",
    "fleet",
    "fpga-image",
    "host-reservation",
    "image",
    "image-usage-report",
    "import-image-task",
    "import-snapshot-task",
    "instance",
    "instance-event-window",
    "internet-gateway",
    "ipam",
    "ipam-pool",
    "ipam-scope",
    "ipv4pool-ec2",
    "ipv6pool-ec2",
    "key-pair",
    "launch-template",
    "local-gateway",
    "local-gateway-route-table",
    "local-gateway-virtual-interface",
    "local-gateway-virtual-interface-group",
    "local-gateway-route-table-vpc-association",
    "local-gateway-route-table-virtual-interface-group-association",
    "natgateway",
    "network-acl",
    "network-interface",
    "network-insights-analysis",
    "network-insights-path",
    "network-insights-access-scope",
    "network-insights-access-scope-analysis",
    "outpost-lag",
    "placement-group",
    "prefix-list",
    "replace-root-volume-task",
    "reserved-instances",
    "route-table",
    "security-group",
    "security-group-rule",
    "service-link-virtual-interface",
    "snapshot",
    "spot-fleet-request",
    "spot-instances-request",
    "subnet",
    "subnet-cidr-reservation",
    "traffic-mirror-filter",
    "traffic-mirror-session",
    "traffic-mirror-target",
    "transit-gateway",
    "transit-gateway-attachment",
    "transit-gateway-connect-peer",
    "transit-gateway-multicast-domain",
    "transit-gateway-policy-table",
    "transit-gateway-metering-policy",
    "transit-gateway-route-table",
    "transit-gateway-route-table-announcement",
    "volume",
    "vpc",
    "vpc-endpoint",
    "vpc-endpoint-connection",
    "vpc-endpoint-service",
    "vpc-endpoint-service-permission",
    "vpc-peering-connection",
    "vpn-connection",
    "vpn-gateway",
    "vpc-flow-log",
    "capacity-reservation-fleet",
    "traffic-mirror-filter-rule",
    "vpc-endpoint-connection-device-type",
    "verified-access-instance",
    "verified-access-group",
    "verified-access-endpoint",
    "verified-access-policy",
    "verified-access-trust-provider",
    "vpn-connection-device-type",
    "vpc-block-public-access-exclusion",
    "vpc-encryption-control",
    "route-server",
    "route-server-endpoint",
    "route-server-peer",
    "ipam-resource-discovery",
    "ipam-resource-discovery-association",
    "instance-connect-endpoint",
    "verified-access-endpoint-target",
    "ipam-external-resource-verification-token",
    "capacity-block",
    "mac-modification-task",
    "ipam-prefix-list-resolver",
    "ipam-policy",
    "ipam-prefix-list-resolver-target",
    "secondary-interface",
    "secondary-network",
    "secondary-subnet",
    "capacity-manager-data-export",
    "vpn-concentrator",
];

static AUTHENTICATION_TYPE: Shape = Shape::Enum(AUTHENTICATION_TYPES);
static TRANSPORT_PROTOCOL: Shape = Shape::Enum(TRANSPORT_PROTOCOLS);
static SELF_SERVICE_PORTAL: Shape = Shape::Enum(SELF_SERVICE_PORTAL_STATES);
static IP_ADDRESS_TYPE: Shape = Shape::Enum(IP_ADDRESS_TYPES);
static TRUST_PROVIDER_TYPE: Shape = Shape::Enum(TRUST_PROVIDER_TYPES);
static RESOURCE_TYPE: Shape = Shape::Enum(RESOURCE_TYPES);

static DIRECTORY_SERVICE_AUTHENTICATION: Shape = Shape::Structure(&[member(
    "DirectoryId",
    &STRING,
    "The ID of the Active Directory to be used for authentication.",
)]);
static CERTIFICATE_AUTHENTICATION: Shape =
    Shape::Structure(&[member("ClientRootCertificateChainArn", &STRING, "The ARN of the client certificate.")]);
static FEDERATED_AUTHENTICATION: Shape = Shape::Structure(&[
    member("SAMLProviderArn", &STRING, "The Amazon Resource Name (ARN) of the IAM SAML identity provider."),
    member(
        "SelfServiceSAMLProviderArn",
        &STRING,
        "The Amazon Resource Name (ARN) of the IAM SAML identity provider for the self-service portal.",
    ),
]);
static AUTHENTICATION_REQUEST: Shape = Shape::Structure(&[
    member("Type", &AUTHENTICATION_TYPE, "The type of client authentication to be used."),
    member(
        "ActiveDirectory",
        &DIRECTORY_SERVICE_AUTHENTICATION,
        "Information about the Active Directory to be used, if applicable.",
    ),
    member(
        "MutualAuthentication",
        &CERTIFICATE_AUTHENTICATION,
        "Information about the authentication certificates to be used, if applicable.",
    ),
    member(
        "FederatedAuthentication",
        &FEDERATED_AUTHENTICATION,
        "Information about the IAM SAML identity provider to be used, if applicable.",
    ),
]);
static CONNECTION_LOG_OPTIONS: Shape = Shape::Structure(&[
    member("Enabled", &BOOLEAN, "Indicates whether connection logging is enabled."),
    member("CloudwatchLogGroup", &STRING, "The name of the CloudWatch Logs log group."),
    member(
        "CloudwatchLogStream",
        &STRING,
        "The name of the CloudWatch Logs log stream to which the connection data is published.",
    ),
    member(
        "IncludeAuthorizationPolicyContext",
        &BOOLEAN,
        "Indicates whether the authorization policy context is included in the connection logs.",
    ),
]);
static TAG: Shape = Shape::Structure(&[
    member("Key", &STRING, "The key of the tag."),
    member("Value", &STRING, "The value of the tag."),
]);
static TAG_SPECIFICATION: Shape = Shape::Structure(&[
    member("ResourceType", &RESOURCE_TYPE, "The type of resource to tag on creation."),
    member("Tags", &Shape::List(&TAG), "The tags to apply to the resource.").on_wire("Tag"),
]);
static CLIENT_CONNECT_OPTIONS: Shape = Shape::Structure(&[
    member("Enabled", &BOOLEAN, "Indicates whether client connect options are enabled."),
    member(
        "LambdaFunctionArn",
        &STRING,
        "The Amazon Resource Name (ARN) of the Lambda function used for connection authorization.",
    ),
]);
static CLIENT_LOGIN_BANNER_OPTIONS: Shape = Shape::Structure(&[
    member(
        "Enabled",
        &BOOLEAN,
        "Enable or disable a customizable text banner that will be displayed on Amazon Web Services provided clients when a VPN session is established.",
    ),
    member(
        "BannerText",
        &STRING,
        "Customizable text that will be displayed in a banner on Amazon Web Services provided clients when a VPN session is established.",
    )
    .limited(Limit::MaxChars(MAX_BANNER_CHARS)),
]);
static CLIENT_ROUTE_ENFORCEMENT_OPTIONS: Shape =
    Shape::Structure(&[member("Enforced", &BOOLEAN, "Enable or disable Client Route Enforcement.")]);
static TRANSIT_GATEWAY_CONFIGURATION: Shape = Shape::Structure(&[
    member("TransitGatewayId", &STRING, "The ID of the transit gateway to attach the Client VPN endpoint to."),
    member("AvailabilityZones", &STRING_LIST, "The Availability Zones for the transit gateway attachment.")
        .on_wire("AvailabilityZone"),
    member(
        "AvailabilityZoneIds",
        &STRING_LIST,
        "The IDs of the Availability Zones for the transit gateway attachment.",
    )
    .on_wire("AvailabilityZoneId"),
]);
static TRUST_PROVIDER: Shape = Shape::Structure(&[
    member("TrustProviderType", &TRUST_PROVIDER_TYPE, "The type of device trust provider."),
    member("TenantId", &STRING, "The tenant ID of the device trust provider."),
    member("PublicSigningKeyUrl", &STRING, "The URL of the public signing key of the device trust provider."),
]);
static DEVICE_POSTURE_OPTIONS: Shape = Shape::Structure(&[
    member(
        "TrustProviders",
        &Shape::List(&TRUST_PROVIDER),
        "The device trust providers to use for device posture checks.",
    )
    .on_wire("TrustProvider"),
    member("Enabled", &BOOLEAN, "Indicates whether device posture checks are enabled."),
]);

/// Members CreateClientVpnEndpoint and ModifyClientVpnEndpoint share, as both models state them.
const VPN_PORT_MEMBER: Member =
    member("VpnPort", &INTEGER, "The port number to assign to the Client VPN endpoint for TCP and UDP traffic.")
        .limited(Limit::OneOf(&VPN_PORTS));
const DESCRIPTION_MEMBER: Member = member("Description", &STRING, "A brief description of the Client VPN endpoint.");
const SELF_SERVICE_PORTAL_MEMBER: Member = member(
    "SelfServicePortal",
    &SELF_SERVICE_PORTAL,
    "Specify whether to enable the self-service portal for the Client VPN endpoint.",
);
const CLIENT_CONNECT_OPTIONS_MEMBER: Member = member(
    "ClientConnectOptions",
    &CLIENT_CONNECT_OPTIONS,
    "The options for managing connection authorization for new client connections.",
);
const SESSION_TIMEOUT_HOURS_MEMBER: Member =
    member("SessionTimeoutHours", &INTEGER, "The maximum VPN session duration time in hours.")
        .limited(Limit::OneOf(&SESSION_TIMEOUT_HOURS));
const CLIENT_LOGIN_BANNER_OPTIONS_MEMBER: Member = member(
    "ClientLoginBannerOptions",
    &CLIENT_LOGIN_BANNER_OPTIONS,
    "Options for enabling a customizable text banner that will be displayed on Amazon Web Services provided clients when a VPN session is established.",
);
const CLIENT_ROUTE_ENFORCEMENT_OPTIONS_MEMBER: Member = member(
    "ClientRouteEnforcementOptions",
    &CLIENT_ROUTE_ENFORCEMENT_OPTIONS,
    "Client route enforcement is a feature of the Client VPN service that helps enforce administrator defined routes on devices connected through the VPN.",
);
const DEVICE_POSTURE_OPTIONS_MEMBER: Member =
    member("DevicePostureOptions", &DEVICE_POSTURE_OPTIONS, "The device posture options for the Client VPN endpoint.");

/// CreateClientVpnEndpointRequest, members in the model's order.
pub static CREATE_CLIENT_VPN_ENDPOINT_REQUEST: Shape = Shape::Structure(&[
    member(
        "ClientCidrBlock",
        &STRING,
        "The IPv4 address range, in CIDR notation, from which to assign client IP addresses.",
    )
    .limited(Limit::PrefixLength(CIDR_PREFIX_MIN, CIDR_PREFIX_MAX)),
    required("ServerCertificateArn", &STRING, "The ARN of the server certificate."),
    required(
        "AuthenticationOptions",
        &Shape::List(&AUTHENTICATION_REQUEST),
        "Information about the authentication method to be used to authenticate clients.",
    )
    .on_wire("Authentication"),
    required(
        "ConnectionLogOptions",
        &CONNECTION_LOG_OPTIONS,
        "Information about the client connection logging options.",
    ),
    member("DnsServers", &STRING_LIST, "Information about the DNS servers to be used for DNS resolution.")
        .limited(Limit::MaxItems(MAX_DNS_SERVERS)),
    member("TransportProtocol", &TRANSPORT_PROTOCOL, "The transport protocol to be used by the VPN session."),
    VPN_PORT_MEMBER,
    DESCRIPTION_MEMBER,
    member("SplitTunnel", &BOOLEAN, "Indicates whether split-tunnel is enabled on the Client VPN endpoint."),
    member(
        "DryRun",
        &BOOLEAN,
        "Checks whether you have the required permissions for the action, without actually making the request, and provides an error response.",
    ),
    member(
        "ClientToken",
        &STRING,
        "Unique, case-sensitive identifier that you provide to ensure the idempotency of the request.",
    )
    .limited(Limit::MaxChars(MAX_CLIENT_TOKEN_CHARS)),
    member(
        "TagSpecifications",
        &Shape::List(&TAG_SPECIFICATION),
        "The tags to apply to the Client VPN endpoint during creation.",
    )
    .on_wire("TagSpecification"),
    member("SecurityGroupIds", &STRING_LIST, "The IDs of one or more security groups to apply to the target network.")
        .on_wire("SecurityGroupId"),
    member("VpcId", &STRING, "The ID of the VPC to associate with the Client VPN endpoint."),
    SELF_SERVICE_PORTAL_MEMBER,
    CLIENT_CONNECT_OPTIONS_MEMBER,
    SESSION_TIMEOUT_HOURS_MEMBER,
    CLIENT_LOGIN_BANNER_OPTIONS_MEMBER,
    CLIENT_ROUTE_ENFORCEMENT_OPTIONS_MEMBER,
    member(
        "DisconnectOnSessionTimeout",
        &BOOLEAN,
        "Indicates whether the client VPN session is disconnected after the maximum timeout specified in SessionTimeoutHours is reached.",
    ),
    member("EndpointIpAddressType", &IP_ADDRESS_TYPE, "The IP address type for the Client VPN endpoint."),
    member("TrafficIpAddressType", &IP_ADDRESS_TYPE, "The IP address type for traffic within the Client VPN tunnel."),
    member(
        "TransitGatewayConfiguration",
        &TRANSIT_GATEWAY_CONFIGURATION,
        "The configuration for attaching the Client VPN endpoint to a transit gateway.",
    ),
    DEVICE_POSTURE_OPTIONS_MEMBER,
]);

static FILTER: Shape = Shape::Structure(&[
    member("Name", &STRING, "The name of the filter. Filter names are case-sensitive."),
    member(
        "Values",
        &STRING_LIST,
        "The filter values. Filter values are case-sensitive. If you specify multiple values for a filter, the values are joined with an OR.",
    )
    .on_wire("Value"),
]);

static FILTER_LIST: Shape = Shape::List(&FILTER);

/// The filters DescribeClientVpnEndpoints documents.
pub static ENDPOINT_FILTER_NAMES: &[&str] = &["endpoint-id", "transport-protocol"];

/// DescribeClientVpnEndpointsRequest, members in the model's order.
pub static DESCRIBE_CLIENT_VPN_ENDPOINTS_REQUEST: Shape = Shape::Structure(&[
    member("ClientVpnEndpointIds", &STRING_LIST, "The ID of the Client VPN endpoint.")
        .on_wire("ClientVpnEndpointId")
        .limited(Limit::Id("cvpn-endpoint-")),
    member(
        "MaxResults",
        &INTEGER,
        "The maximum number of results to return for the request in a single page. The remaining results can be seen by sending another request with the nextToken value.",
    )
    .limited(Limit::Range(5, 1000)),
    member("NextToken", &STRING, "The token to retrieve the next page of results."),
    member("Filters", &Shape::List(&FILTER), "One or more filters. Filter names and values are case-sensitive.")
        .on_wire("Filter")
        .limited(Limit::FilterNames(ENDPOINT_FILTER_NAMES)),
    member(
        "DryRun",
        &BOOLEAN,
        "Checks whether you have the required permissions for the action, without actually making the request, and provides an error response.",
    ),
]);

/// The request member a parameter name refers to.
pub fn request_member(name: &str) -> Option<&'static Member> {
    CREATE_CLIENT_VPN_ENDPOINT_REQUEST.members().iter().find(|member| member.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_model_lists_every_request_member_in_order() {
        let names: Vec<&str> = CREATE_CLIENT_VPN_ENDPOINT_REQUEST.members().iter().map(|m| m.name).collect();
        assert_eq!(names.len(), 24);
        assert_eq!(names[0], "ClientCidrBlock");
        assert_eq!(names[23], "DevicePostureOptions");
        let required: Vec<&str> =
            CREATE_CLIENT_VPN_ENDPOINT_REQUEST.members().iter().filter(|m| m.required).map(|m| m.name).collect();
        assert_eq!(required, ["ServerCertificateArn", "AuthenticationOptions", "ConnectionLogOptions"]);
        assert!(RESOURCE_TYPES.contains(&"client-vpn-endpoint"));
        assert_eq!(RESOURCE_TYPES[0], "capacity-reservation");
    }

    #[test]
    fn flags_are_named_as_botocore_names_them() {
        let flag = |name: &'static str| member(name, &STRING, "").flag();
        assert_eq!(flag("ClientCidrBlock"), "client-cidr-block");
        assert_eq!(flag("SAMLProviderArn"), "saml-provider-arn");
        assert_eq!(flag("DryRun"), "dry-run");
        assert_eq!(flag("ClientVpnEndpointIds"), "client-vpn-endpoint-ids");
        assert_eq!(flag("SessionTimeoutHours"), "session-timeout-hours");
        assert_eq!(flag("Ipv6Address"), "ipv6-address");
    }

    #[test]
    fn only_structures_and_lists_of_structures_are_complex() {
        assert!(request_member("AuthenticationOptions").unwrap().shape.is_complex());
        assert!(request_member("ConnectionLogOptions").unwrap().shape.is_complex());
        assert!(!request_member("DnsServers").unwrap().shape.is_complex());
        assert!(!request_member("VpnPort").unwrap().shape.is_complex());
    }
}
