//! Every rule AWS documents for CreateClientVpnEndpoint (EC2 API reference,
//! API_CreateClientVpnEndpoint, and the Client VPN administrator guide), checked before anything
//! is sent. A pure function of the request document.

use std::net::IpAddr;

use ipnet::Ipv4Net;
use serde_json::{Map, Value};

use super::{Problem, Report, one_of, one_of_numbers, verdict};
use crate::api::model::{
    AUTHENTICATION_TYPES, CERTIFICATE_AUTHENTICATION_TYPE, DIRECTORY_AUTHENTICATION_TYPE, ENDPOINT_RESOURCE_TYPE,
    FEDERATED_AUTHENTICATION_TYPE, IP_ADDRESS_TYPES, SELF_SERVICE_PORTAL_STATES, TRANSPORT_PROTOCOLS,
};
use crate::failure::Failure;
use crate::input::document::Members;

/// A CreateClientVpnEndpoint request document, members under their API names.
type Request = Map<String, Value>;

/// The text at a path of nested structures, such as MutualAuthentication.ClientRootCertificateChainArn.
fn nested(structure: &Request, outer: &str, inner: &str) -> Option<String> {
    structure.object(outer).and_then(|outer| outer.text(inner))
}

pub use crate::api::model::{
    CIDR_PREFIX_MAX, CIDR_PREFIX_MIN, MAX_BANNER_CHARS, MAX_CLIENT_TOKEN_CHARS, MAX_DNS_SERVERS, SESSION_TIMEOUT_HOURS,
    VPN_PORTS,
};
pub const MAX_AUTHENTICATION_OPTIONS: usize = 2;
pub const MAX_TAGS: usize = 50;
pub const MAX_TAG_KEY_CHARS: usize = 127;
pub const MAX_TAG_VALUE_CHARS: usize = 256;
pub const CONNECT_HANDLER_PREFIX: &str = "AWSClientVPN-";

/// What an ARN must be: its service and the start of its resource.
struct ArnRule {
    service: &'static str,
    resource_prefix: &'static str,
    regional: bool,
    example: &'static str,
}

const ACM_CERTIFICATE: ArnRule = ArnRule {
    service: "acm",
    resource_prefix: "certificate/",
    regional: true,
    example: "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-...",
};
const IAM_SAML_PROVIDER: ArnRule = ArnRule {
    service: "iam",
    resource_prefix: "saml-provider/",
    regional: false,
    example: "arn:aws:iam::123456789012:saml-provider/MyIdP",
};
const LAMBDA_FUNCTION: ArnRule = ArnRule {
    service: "lambda",
    resource_prefix: "function:",
    regional: true,
    example: "arn:aws:lambda:us-east-1:123456789012:function:AWSClientVPN-handler",
};

/// Checks an ARN's form; returns its resource part when it is well formed.
fn check_arn<'a>(flag: &str, arn: &'a str, rule: &ArnRule, report: &mut Report) -> Option<&'a str> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let what = format!("{} {}", rule.service, rule.resource_prefix.trim_end_matches(['/', ':']));
    let expected = format!("must be the ARN of an {what}, like {}", rule.example);
    let [prefix, partition, service, region, account, resource] = parts.as_slice() else {
        report.error(flag, arn, expected, None);
        return None;
    };
    let partition_ok = *prefix == "arn" && partition.starts_with("aws");
    let account_ok = account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit());
    let region_ok = if rule.regional { !region.is_empty() } else { region.is_empty() };
    if !partition_ok || !account_ok || !region_ok {
        report.error(flag, arn, expected, None);
        return None;
    }
    if *service != rule.service
        || !resource.starts_with(rule.resource_prefix)
        || resource.len() == rule.resource_prefix.len()
    {
        let hint = Some(format!("this is the ARN of {service} {}", resource.split(['/', ':']).next().unwrap_or("")));
        report.error(flag, arn, expected, hint);
        return None;
    }
    Some(&resource[rule.resource_prefix.len()..])
}

/// Whether `arn` is a well-formed ACM certificate ARN, by the rule create's flags are checked with.
pub fn is_acm_certificate_arn(arn: &str) -> bool {
    check_arn("", arn, &ACM_CERTIFICATE, &mut Report::default()).is_some()
}

fn check_client_cidr(request: &Request, report: &mut Report) {
    const FLAG: &str = "--client-cidr-block";
    let ipv6_traffic = request.text("TrafficIpAddressType").as_deref() == Some("ipv6");
    let Some(cidr) = request.text("ClientCidrBlock") else {
        if !ipv6_traffic {
            report.missing(
                FLAG,
                "is required unless --traffic-ip-address-type is ipv6",
                Some(format!(
                    "add --client-cidr 10.0.0.0/{CIDR_PREFIX_MAX}, or a range of your own from /{CIDR_PREFIX_MIN} to /{CIDR_PREFIX_MAX}"
                )),
            );
        }
        return;
    };
    if ipv6_traffic {
        report.error(
            FLAG,
            &cidr,
            "must not be given when --traffic-ip-address-type is ipv6: AWS assigns IPv6 client addresses",
            Some("drop --client-cidr-block".into()),
        );
        return;
    }
    let Ok(network) = cidr.parse::<Ipv4Net>() else {
        report.error(FLAG, &cidr, "must be an IPv4 range in CIDR notation, like 10.0.0.0/22", None);
        return;
    };
    let prefix = network.prefix_len();
    if !(CIDR_PREFIX_MIN..=CIDR_PREFIX_MAX).contains(&prefix) {
        let hint = if prefix > CIDR_PREFIX_MAX {
            format!(
                "/{prefix} is too small; use /{CIDR_PREFIX_MAX} or larger, e.g. {}",
                Ipv4Net::new(network.addr(), CIDR_PREFIX_MAX).map(|n| n.trunc().to_string()).unwrap_or_default()
            )
        } else {
            format!("/{prefix} is too large; use /{CIDR_PREFIX_MIN} or smaller")
        };
        report.error(
            FLAG,
            &cidr,
            format!("the prefix must be from /{CIDR_PREFIX_MIN} to /{CIDR_PREFIX_MAX}"),
            Some(hint),
        );
        return;
    }
    if network.trunc() != network {
        report.warning(FLAG, &cidr, "has host bits set", Some(format!("EC2 uses the network {}", network.trunc())));
    }
}

fn check_authentication(request: &Request, report: &mut Report) {
    const FLAG: &str = "--authentication-options";
    let options = request.objects("AuthenticationOptions");
    if options.is_empty() {
        report.missing(
            FLAG,
            "at least one authentication option is required",
            Some("add --client-root-cert ARN, --directory-id ID or --saml-provider ARN".into()),
        );
        return;
    }
    if options.len() > MAX_AUTHENTICATION_OPTIONS {
        report.missing(
            FLAG,
            format!("at most {MAX_AUTHENTICATION_OPTIONS} authentication options, {} given", options.len()),
            None,
        );
    }
    let mut types = Vec::new();
    for (index, option) in options.iter().enumerate() {
        let at = format!("{FLAG} [{index}]");
        let Some(kind) = option.text("Type") else {
            report.missing(
                format!("{at} Type"),
                format!("is required: one of {}", AUTHENTICATION_TYPES.join(", ")),
                None,
            );
            continue;
        };
        one_of(&format!("{at} Type"), &kind, AUTHENTICATION_TYPES, report);
        match kind.as_str() {
            CERTIFICATE_AUTHENTICATION_TYPE => {
                match nested(option, "MutualAuthentication", "ClientRootCertificateChainArn") {
                    Some(arn) => {
                        check_arn(
                            &format!("{at} MutualAuthentication.ClientRootCertificateChainArn"),
                            &arn,
                            &ACM_CERTIFICATE,
                            report,
                        );
                    }
                    None => report.missing(
                        format!("{at} MutualAuthentication.ClientRootCertificateChainArn"),
                        "is required for certificate-authentication",
                        Some("use --client-root-cert ARN".into()),
                    ),
                }
            }
            DIRECTORY_AUTHENTICATION_TYPE if nested(option, "ActiveDirectory", "DirectoryId").is_none() => {
                report.missing(
                    format!("{at} ActiveDirectory.DirectoryId"),
                    "is required for directory-service-authentication",
                    Some("use --directory-id ID".into()),
                );
            }
            FEDERATED_AUTHENTICATION_TYPE => {
                match nested(option, "FederatedAuthentication", "SAMLProviderArn") {
                    Some(arn) => {
                        check_arn(
                            &format!("{at} FederatedAuthentication.SAMLProviderArn"),
                            &arn,
                            &IAM_SAML_PROVIDER,
                            report,
                        );
                    }
                    None => report.missing(
                        format!("{at} FederatedAuthentication.SAMLProviderArn"),
                        "is required for federated-authentication",
                        Some("use --saml-provider ARN".into()),
                    ),
                }
                if let Some(arn) = nested(option, "FederatedAuthentication", "SelfServiceSAMLProviderArn") {
                    check_arn(
                        &format!("{at} FederatedAuthentication.SelfServiceSAMLProviderArn"),
                        &arn,
                        &IAM_SAML_PROVIDER,
                        report,
                    );
                }
            }
            _ => {}
        }
        types.push(kind);
    }
    for (index, kind) in types.iter().enumerate() {
        if types[..index].contains(kind) {
            report.error(format!("{FLAG} [{index}] Type"), kind, "is given twice: each method may appear once", None);
        }
    }
    let certificate = types.iter().any(|kind| kind == CERTIFICATE_AUTHENTICATION_TYPE);
    let user_based = types.iter().filter(|kind| *kind != CERTIFICATE_AUTHENTICATION_TYPE).count();
    if types.len() == 2 && (user_based != 1 || !certificate) && types[0] != types[1] {
        report.missing(
            FLAG,
            format!(
                "two methods must be certificate-authentication plus one user-based method, not {} and {}",
                types[0], types[1]
            ),
            None,
        );
    }
}

/// Connection logging on needs its log group: the same rule for create and modify.
pub(super) fn check_connection_logging(request: &Request, report: &mut Report) {
    const FLAG: &str = "--connection-log-options";
    let Some(options) = request.object("ConnectionLogOptions") else { return };
    if options.text("CloudwatchLogGroup").is_some_and(|group| !group.is_empty()) {
        return;
    }
    if options.boolean("Enabled") == Some(true) {
        report.missing(
            format!("{FLAG} CloudwatchLogGroup"),
            "is required when connection logging is enabled",
            Some("add --log-group NAME".into()),
        );
    } else if let Some(stream) = options.text("CloudwatchLogStream") {
        report.error(
            format!("{FLAG} CloudwatchLogStream"),
            &stream,
            "needs a log group",
            Some("add --log-group NAME".into()),
        );
    }
}

fn check_dns_servers(request: &Request, report: &mut Report) {
    const FLAG: &str = "--dns-servers";
    let servers = request.texts("DnsServers").unwrap_or_default();
    if servers.len() > MAX_DNS_SERVERS {
        report.error(
            FLAG,
            &servers.join(" "),
            format!("at most {MAX_DNS_SERVERS} DNS servers, {} given", servers.len()),
            None,
        );
    }
    for server in &servers {
        if server.parse::<IpAddr>().is_err() {
            let hint = server
                .contains(',')
                .then(|| "give each server as its own word: --dns-servers 10.0.0.2 10.0.0.3".to_owned());
            report.error(FLAG, server, "must be an IPv4 or IPv6 address", hint);
        }
    }
}

fn check_id(flag: &str, id: &str, prefix: &str, report: &mut Report) {
    let hex = id.strip_prefix(prefix);
    let ok = hex.is_some_and(|hex| {
        matches!(hex.len(), 8 | 17) && hex.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
    });
    if !ok {
        report.error(
            flag,
            id,
            format!("must look like {prefix}0123456789abcdef0 ({prefix} and 8 or 17 lower-case hex digits)"),
            None,
        );
    }
}

/// Security groups need the VPC that holds them ("You must also specify the ID of the VPC"), and a
/// transit gateway excludes both: the same rules for create and modify.
pub(super) fn check_network(request: &Request, report: &mut Report) {
    let groups = request.texts("SecurityGroupIds").unwrap_or_default();
    let vpc = request.text("VpcId");
    for group in &groups {
        check_id("--security-group-ids", group, "sg-", report);
    }
    if let Some(vpc) = &vpc {
        check_id("--vpc-id", vpc, "vpc-", report);
    }
    if !groups.is_empty() && vpc.is_none() {
        report.error(
            "--security-group-ids",
            &groups.join(" "),
            "needs the VPC that holds the groups",
            Some("add --vpc-id vpc-…".into()),
        );
    }
    if request.contains_key("TransitGatewayConfiguration") {
        if let Some(vpc) = &vpc {
            report.error(
                "--vpc-id",
                vpc,
                "cannot be combined with --transit-gateway-configuration",
                Some("drop one of them".into()),
            );
        }
        if !groups.is_empty() {
            report.error(
                "--security-group-ids",
                &groups.join(" "),
                "cannot be combined with --transit-gateway-configuration",
                Some("drop one of them".into()),
            );
        }
    }
}

fn check_tags(request: &Request, report: &mut Report) {
    const FLAG: &str = "--tag-specifications";
    let mut keys: Vec<String> = Vec::new();
    for (index, specification) in request.objects("TagSpecifications").into_iter().enumerate() {
        match specification.text("ResourceType").as_deref() {
            Some(ENDPOINT_RESOURCE_TYPE) => {}
            Some(other) => report.error(
                format!("{FLAG} [{index}] ResourceType"),
                other,
                format!("must be {ENDPOINT_RESOURCE_TYPE}: this call tags only the endpoint"),
                None,
            ),
            None => report.missing(
                format!("{FLAG} [{index}] ResourceType"),
                format!("is required: {ENDPOINT_RESOURCE_TYPE}"),
                Some("or use --tag KEY=VALUE".into()),
            ),
        }
        for tag in specification.objects("Tags") {
            let key = tag.text("Key").unwrap_or_default();
            let key_chars = key.chars().count();
            if key_chars == 0 || key_chars > MAX_TAG_KEY_CHARS {
                report.error(
                    format!("{FLAG} tag key"),
                    &key,
                    format!("must be 1 to {MAX_TAG_KEY_CHARS} characters, not {key_chars}"),
                    None,
                );
            }
            if key.to_ascii_lowercase().starts_with("aws:") {
                report.error(format!("{FLAG} tag key"), &key, "must not start with aws: (reserved for AWS)", None);
            }
            if let Some(value) = tag.text("Value") {
                let value_chars = value.chars().count();
                if value_chars > MAX_TAG_VALUE_CHARS {
                    report.error(
                        format!("{FLAG} tag {key:?} value"),
                        &value,
                        format!("must be at most {MAX_TAG_VALUE_CHARS} characters, not {value_chars}"),
                        None,
                    );
                }
            }
            if keys.contains(&key) {
                report.error(format!("{FLAG} tag key"), &key, "is given twice: keys must be unique", None);
            }
            keys.push(key);
        }
    }
    if keys.len() > MAX_TAGS {
        report.missing(FLAG, format!("at most {MAX_TAGS} tags, {} given", keys.len()), None);
    }
}

fn check_options(request: &Request, report: &mut Report) {
    if let Some(protocol) = request.text("TransportProtocol") {
        one_of("--transport-protocol", &protocol, TRANSPORT_PROTOCOLS, report);
    }
    if let Some(port) = request.integer("VpnPort") {
        one_of_numbers("--vpn-port", port, &VPN_PORTS, report);
    }
    if let Some(hours) = request.integer("SessionTimeoutHours") {
        one_of_numbers("--session-timeout-hours", hours, &SESSION_TIMEOUT_HOURS, report);
    }
    if let Some(kind) = request.text("EndpointIpAddressType") {
        one_of("--endpoint-ip-address-type", &kind, IP_ADDRESS_TYPES, report);
    }
    if let Some(kind) = request.text("TrafficIpAddressType") {
        one_of("--traffic-ip-address-type", &kind, IP_ADDRESS_TYPES, report);
    }
    if let Some(portal) = request.text("SelfServicePortal") {
        one_of("--self-service-portal", &portal, SELF_SERVICE_PORTAL_STATES, report);
        let federated = request
            .objects("AuthenticationOptions")
            .iter()
            .any(|option| option.text("Type").as_deref() == Some(FEDERATED_AUTHENTICATION_TYPE));
        if portal == "enabled" && !federated {
            report.warning(
                "--self-service-portal",
                &portal,
                "serves federated users, and this endpoint has no federated authentication",
                Some("add --saml-provider ARN".into()),
            );
        }
    }
    if let Some(token) = request.text("ClientToken")
        && (token.chars().count() > MAX_CLIENT_TOKEN_CHARS || !token.is_ascii())
    {
        report.error(
            "--client-token",
            &token,
            format!("must be at most {MAX_CLIENT_TOKEN_CHARS} ASCII characters"),
            None,
        );
    }
    check_client_options(request, report);
}

/// The login banner's length and the connect handler's function: the same rules for create and
/// modify.
pub(super) fn check_client_options(request: &Request, report: &mut Report) {
    if let Some(banner) = nested(request, "ClientLoginBannerOptions", "BannerText") {
        let chars = banner.chars().count();
        if chars > MAX_BANNER_CHARS {
            report.error(
                "--client-login-banner-options BannerText",
                &banner,
                format!("must be at most {MAX_BANNER_CHARS} characters, not {chars}"),
                None,
            );
        }
    }
    if let Some(connect) = request.object("ClientConnectOptions") {
        const FLAG: &str = "--client-connect-options LambdaFunctionArn";
        match connect.text("LambdaFunctionArn") {
            Some(arn) => {
                if let Some(function) = check_arn(FLAG, &arn, &LAMBDA_FUNCTION, report)
                    && !function.starts_with(CONNECT_HANDLER_PREFIX)
                {
                    report.error(
                        FLAG,
                        &arn,
                        format!("the function's name must start with {CONNECT_HANDLER_PREFIX}"),
                        Some(format!("rename the function to {CONNECT_HANDLER_PREFIX}{function}")),
                    );
                }
            }
            None if connect.boolean("Enabled") == Some(true) => report.missing(
                FLAG,
                "is required when the client connect handler is enabled",
                Some("use --connect-handler ARN".into()),
            ),
            None => {}
        }
    }
}

/// Every problem with the request, errors and warnings, in flag order.
pub fn validate(request: &Request) -> Vec<Problem> {
    let mut report = Report::default();
    check_client_cidr(request, &mut report);
    match request.text("ServerCertificateArn") {
        Some(arn) => {
            check_arn("--server-certificate-arn", &arn, &ACM_CERTIFICATE, &mut report);
        }
        None => report.missing("--server-certificate-arn", "is required", None),
    }
    check_authentication(request, &mut report);
    check_connection_logging(request, &mut report);
    check_dns_servers(request, &mut report);
    check_network(request, &mut report);
    check_tags(request, &mut report);
    check_options(request, &mut report);
    report.problems
}

/// The request's warnings when it may be sent; a usage failure listing every error otherwise.
pub fn check(request: &Request) -> Result<Vec<Problem>, Failure> {
    verdict(validate(request))
}

#[cfg(test)]
mod tests {
    use super::is_acm_certificate_arn;

    #[test]
    fn acm_certificate_arns_are_told_from_others() {
        assert!(is_acm_certificate_arn("arn:aws:acm:us-east-1:123456789012:certificate/abcd-1234"));
        assert!(is_acm_certificate_arn("arn:aws-us-gov:acm:us-gov-west-1:123456789012:certificate/x"));
        assert!(!is_acm_certificate_arn("arn:aws:iam::123456789012:server-certificate/x"));
        assert!(!is_acm_certificate_arn("arn:aws:acm:us-east-1:1234:certificate/x"));
        assert!(!is_acm_certificate_arn("arn:aws:acm:us-east-1:123456789012:certificate/"));
    }
}
