//! How clients authenticate: each authentication option has what its type needs (mutual
//! authentication a client root chain, Active Directory a directory, federated authentication a
//! SAML provider); and when cvpn holds the VPN's CA, the root chain the endpoint trusts is that
//! CA (or the server certificate cvpn imported with it), or the users cvpn signs are refused.

use serde_json::Value;

use crate::doctor::{Answers, Check, Finding, Need, Severity, finding, text};

pub const CHECK: Check = Check {
    name: "authentication",
    about: "each authentication option has what its type needs; the root chain is the CA cvpn holds for the VPN",
    needs: &[Need::Certificates, Need::HeldCertificates],
    run,
};

/// (type, the member it needs, what it is).
const NEEDED: [(&str, &str, &str); 3] = [
    ("certificate-authentication", "/MutualAuthentication/ClientRootCertificateChain", "client root certificate chain"),
    ("directory-service-authentication", "/ActiveDirectory/DirectoryId", "directory"),
    ("federated-authentication", "/FederatedAuthentication/SamlProviderArn", "SAML provider"),
];

fn run(answers: &Answers) -> Vec<Finding> {
    let id = answers.endpoint_id();
    let options: Vec<&Value> = answers
        .endpoint
        .get("AuthenticationOptions")
        .and_then(Value::as_array)
        .map(|o| o.iter().collect())
        .unwrap_or_default();
    let mut findings = Vec::new();
    for option in &options {
        let kind = text(option, "Type");
        let Some((_, pointer, what)) = NEEDED.iter().find(|(needed, _, _)| *needed == kind) else { continue };
        if option.pointer(pointer).and_then(Value::as_str).is_none_or(str::is_empty) {
            findings.push(finding(
                Severity::Problem,
                CHECK.name,
                format!("the endpoint's {kind} has no {what}: no client can authenticate"),
                format!("cvpn show {id}; authentication cannot change: make a new endpoint with it"),
                Vec::new(),
            ));
        }
    }
    let root = options
        .iter()
        .find_map(|option| option.pointer("/MutualAuthentication/ClientRootCertificateChain").and_then(Value::as_str));
    if let (Some(root), Some(held)) = (root, &answers.held) {
        let server_arn = text(&answers.endpoint, "ServerCertificateArn");
        let facts = if root == server_arn {
            answers.server_certificate.as_ref()
        } else {
            answers.root_chains.iter().find(|(arn, _)| arn == root).and_then(|(_, facts)| facts.as_ref())
        };
        let serial = facts.and_then(|facts| facts.serial.as_deref());
        let trusted =
            serial.is_some_and(|serial| serial == held.ca_serial || Some(serial) == held.server_serial.as_deref());
        if let Some(serial) = serial.filter(|_| !trusted) {
            findings.push(finding(
                Severity::Problem,
                CHECK.name,
                format!(
                    "the endpoint trusts the client root chain {root} (serial {serial}), which is neither the CA cvpn holds for {} nor the server certificate imported with it: the users cvpn signs are refused",
                    held.vpn
                ),
                if root == server_arn {
                    // The endpoint trusts its server certificate's chain: a server certificate the
                    // held CA signs, put into the same ARN, makes that chain the CA again.
                    format!("cvpn pki renew {} --server", held.vpn)
                } else {
                    format!(
                        "aws acm import-certificate --certificate-arn {root} --certificate fileb://{dir}/ca.crt --private-key fileb://{dir}/ca.key",
                        dir = held.dir
                    )
                },
                vec![root.to_owned()],
            ));
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doctor::HeldCertificates;
    use crate::pki::check::CertificateFacts;
    use serde_json::json;

    fn facts(serial: &str) -> CertificateFacts {
        CertificateFacts {
            arn: "arn:root".into(),
            subject: None,
            domain: None,
            status: None,
            key_algorithm: None,
            extended_key_usages: Vec::new(),
            not_after: None,
            serial: Some(serial.into()),
        }
    }

    fn answers(option: Value, root_serial: &str) -> Answers {
        Answers {
            endpoint: json!({"ClientVpnEndpointId": "cvpn-endpoint-1", "ServerCertificateArn": "arn:server",
                             "AuthenticationOptions": [option]}),
            server_certificate: Some(facts("5e")),
            root_chains: vec![("arn:root".into(), Some(facts(root_serial)))],
            held: Some(HeldCertificates {
                vpn: "office".into(),
                dir: "/home/me/.local/share/cvpn/office".into(),
                ca_serial: "ca".into(),
                server_serial: Some("5e".into()),
            }),
            ..Answers::default()
        }
    }

    #[test]
    fn a_root_chain_that_is_not_the_held_ca_is_a_problem() {
        let mutual = |root: &str| json!({"Type": "certificate-authentication", "MutualAuthentication": {"ClientRootCertificateChain": root}});
        assert!(run(&answers(mutual("arn:root"), "ca")).is_empty());
        assert!(run(&answers(mutual("arn:server"), "00")).is_empty(), "the server certificate imported with the CA");
        let mut replaced = answers(mutual("arn:server"), "00");
        replaced.server_certificate = Some(facts("99"));
        let findings = run(&replaced);
        assert_eq!(findings.len(), 1, "{findings:#?}");
        assert_eq!(findings[0].fix, "cvpn pki renew office --server", "a new server certificate into the same ARN");
        let findings = run(&answers(mutual("arn:root"), "77"));
        assert_eq!(findings.len(), 1, "{findings:#?}");
        assert!(findings[0].message.contains("(serial 77), which is neither the CA cvpn holds for office"));
        assert!(
            findings[0]
                .fix
                .contains("--certificate-arn arn:root --certificate fileb:///home/me/.local/share/cvpn/office/ca.crt")
        );
    }

    #[test]
    fn an_option_without_what_its_type_needs_is_a_problem() {
        let directory = json!({"Type": "directory-service-authentication", "ActiveDirectory": {}});
        let findings = run(&answers(directory, "ca"));
        assert_eq!(findings.len(), 1, "{findings:#?}");
        assert_eq!(
            findings[0].message,
            "the endpoint's directory-service-authentication has no directory: no client can authenticate"
        );
    }
}
