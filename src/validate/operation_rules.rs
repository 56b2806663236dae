//! Documented rules of the Client VPN operations beyond what their models state: which members
//! go together, list sizes, and values with a form of their own.

use serde_json::{Map, Value};

use super::{Problem, Report};
use crate::api::model::MAX_SECURITY_GROUPS;
use crate::input::document::Members;

/// `-----BEGIN X509 CRL-----`, base64, `-----END X509 CRL-----`: what ImportClientVpnClientCertificateRevocationList takes.
fn is_pem_crl(text: &str) -> bool {
    let text = text.trim();
    let Some(body) =
        text.strip_prefix("-----BEGIN X509 CRL-----").and_then(|rest| rest.strip_suffix("-----END X509 CRL-----"))
    else {
        return false;
    };
    let encoded: String = body.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    use base64::Engine;
    !encoded.is_empty() && base64::engine::general_purpose::STANDARD.decode(encoded).is_ok()
}

/// The operation's own rules, in member order.
pub fn validate(operation: &str, request: &Map<String, Value>) -> Vec<Problem> {
    let mut report = Report::default();
    match operation {
        "AuthorizeClientVpnIngress" | "RevokeClientVpnIngress" => {
            let all_flag = if operation == "AuthorizeClientVpnIngress" {
                ("--authorize-all-groups", "AuthorizeAllGroups")
            } else {
                ("--revoke-all-groups", "RevokeAllGroups")
            };
            let group = request.text("AccessGroupId");
            let all = request.boolean(all_flag.1) == Some(true);
            match (group, all) {
                (None, false) => report.missing(
                    format!("--access-group-id or {}", all_flag.0),
                    "one is required: the rule is for one group or for all",
                    Some(format!("with certificate authentication there are no groups: add {}", all_flag.0)),
                ),
                (Some(group), true) => report.error(
                    "--access-group-id",
                    &group,
                    format!("cannot be combined with {}", all_flag.0),
                    Some("drop one of them".into()),
                ),
                _ => {}
            }
        }
        "ApplySecurityGroupsToClientVpnTargetNetwork" | "ModifyClientVpnEndpoint" => {
            if operation == "ModifyClientVpnEndpoint" {
                // What modify takes of create's members follows create's documented rules: EC2
                // answers "Security Groups cannot be modified without specifying Vpc Id".
                use super::create_client_vpn_endpoint::{
                    check_client_options, check_connection_logging, check_network,
                };
                check_network(request, &mut report);
                check_connection_logging(request, &mut report);
                check_client_options(request, &mut report);
            }
            let groups = request.texts("SecurityGroupIds").unwrap_or_default();
            if groups.len() > MAX_SECURITY_GROUPS {
                report.error(
                    "--security-group-ids",
                    &groups.join(" "),
                    format!("at most {MAX_SECURITY_GROUPS} security groups, {} given", groups.len()),
                    None,
                );
            }
        }
        "AssociateClientVpnTargetNetwork" => {
            let given: Vec<&str> = [("SubnetId", "--subnet-id"), ("AvailabilityZone", "--availability-zone")]
                .into_iter()
                .chain([("AvailabilityZoneId", "--availability-zone-id")])
                .filter(|(member, _)| request.contains_key(*member))
                .map(|(_, flag)| flag)
                .collect();
            match given.as_slice() {
                [] => report.missing(
                    "--subnet-id",
                    "is required (or, for a transit gateway endpoint, --availability-zone or --availability-zone-id)",
                    None,
                ),
                [_] => {}
                [first, rest @ ..] => report.missing(
                    *first,
                    format!("cannot be combined with {}: give one of them", rest.join(", ")),
                    None,
                ),
            }
        }
        "TerminateClientVpnConnections"
            if !request.contains_key("ConnectionId") && !request.contains_key("Username") =>
        {
            report.missing(
                "--connection-id or --username",
                "one is required: the connection to end, or the user whose connections to end",
                Some("`cvpn connections ENDPOINT_ID` lists them".into()),
            );
        }
        "ImportClientVpnClientCertificateRevocationList" => {
            if let Some(crl) = request.text("CertificateRevocationList")
                && !is_pem_crl(&crl)
            {
                report.error(
                    "--certificate-revocation-list",
                    &crl,
                    "must be a certificate revocation list in PEM (-----BEGIN X509 CRL----- …)",
                    Some("give the file: --certificate-revocation-list file://crl.pem".into()),
                );
            }
        }
        _ => {}
    }
    report.problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn problems(operation: &str, request: Value) -> Vec<String> {
        let Value::Object(request) = request else { unreachable!() };
        validate(operation, &request).iter().map(ToString::to_string).collect()
    }

    #[test]
    fn authorize_needs_one_group_choice() {
        assert_eq!(problems("AuthorizeClientVpnIngress", json!({"AuthorizeAllGroups": true})), Vec::<String>::new());
        assert_eq!(problems("AuthorizeClientVpnIngress", json!({"AccessGroupId": "g"})), Vec::<String>::new());
        let none = problems("AuthorizeClientVpnIngress", json!({"AuthorizeAllGroups": false}));
        assert!(none[0].contains("--access-group-id or --authorize-all-groups"), "{none:?}");
        let both = problems("RevokeClientVpnIngress", json!({"AccessGroupId": "g", "RevokeAllGroups": true}));
        assert!(both[0].contains("cannot be combined with --revoke-all-groups"), "{both:?}");
    }

    #[test]
    fn modify_follows_creates_documented_rules_for_what_it_shares() {
        let ok = json!({"SecurityGroupIds": ["sg-0123456789abcdef0"], "VpcId": "vpc-0123456789abcdef0"});
        assert_eq!(problems("ModifyClientVpnEndpoint", ok), Vec::<String>::new());
        let groups = problems("ModifyClientVpnEndpoint", json!({"SecurityGroupIds": ["sg-0123456789abcdef0"]}));
        assert!(groups.len() == 1 && groups[0].contains("needs the VPC that holds the groups"), "{groups:?}");
        let logging = problems("ModifyClientVpnEndpoint", json!({"ConnectionLogOptions": {"Enabled": true}}));
        assert!(logging[0].contains("CloudwatchLogGroup"), "{logging:?}");
        let handler = problems("ModifyClientVpnEndpoint", json!({"ClientConnectOptions": {"Enabled": true}}));
        assert!(handler[0].contains("LambdaFunctionArn"), "{handler:?}");
    }

    #[test]
    fn a_crl_must_be_pem() {
        let good = "-----BEGIN X509 CRL-----\nMIIB\n-----END X509 CRL-----\n";
        assert!(
            problems("ImportClientVpnClientCertificateRevocationList", json!({"CertificateRevocationList": good}))
                .is_empty()
        );
        for bad in [
            "crl.pem",
            "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
            "-----BEGIN X509 CRL-----\n*\n-----END X509 CRL-----",
        ] {
            let found =
                problems("ImportClientVpnClientCertificateRevocationList", json!({"CertificateRevocationList": bad}));
            assert!(found[0].contains("PEM"), "{bad}: {found:?}");
        }
    }

    #[test]
    fn associate_takes_one_target_and_terminate_one_selector() {
        assert!(problems("AssociateClientVpnTargetNetwork", json!({"SubnetId": "subnet-1"})).is_empty());
        assert!(!problems("AssociateClientVpnTargetNetwork", json!({})).is_empty());
        assert!(
            !problems("AssociateClientVpnTargetNetwork", json!({"SubnetId": "s", "AvailabilityZone": "a"})).is_empty()
        );
        assert!(!problems("TerminateClientVpnConnections", json!({})).is_empty());
        let six = json!({"SecurityGroupIds": ["sg-1", "sg-2", "sg-3", "sg-4", "sg-5", "sg-6"]});
        assert!(problems("ApplySecurityGroupsToClientVpnTargetNetwork", six)[0].contains("at most 5"));
    }
}
