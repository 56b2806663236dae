//! The server certificate and each client root chain in ACM: expired, expiring within 30 days,
//! no domain, not ISSUED, a key Client VPN cannot use (the rules of `pki check`).

use crate::doctor::{Answers, Check, Finding, Need, Severity, finding, tag};
use crate::pki::check::{Purpose, check_acm};

pub const CHECK: Check = Check {
    name: "certificates",
    about: "the server certificate and the client root chains in ACM: ISSUED, not expired or expiring, a domain, RSA 1024/2048",
    needs: &[Need::Certificates],
    run,
};

fn run(answers: &Answers) -> Vec<Finding> {
    // A VPN `cvpn up` made is renewed by name; any other endpoint's certificates are the user's.
    let vpn = tag(&answers.endpoint, crate::provision::VPN_TAG);
    let server_fix = match vpn {
        Some(vpn) => format!("cvpn pki renew {vpn} --server"),
        None => "cvpn pki status NAME shows what to renew (cvpn pki renew NAME for a VPN cvpn made)".to_owned(),
    };
    let vpn_fix = match vpn {
        Some(vpn) => format!("cvpn pki status {vpn} shows what to renew"),
        None => "cvpn pki status NAME shows what to renew (cvpn pki renew NAME for a VPN cvpn made)".to_owned(),
    };
    let mut findings = Vec::new();
    let server_arn = answers.endpoint.get("ServerCertificateArn").and_then(serde_json::Value::as_str).unwrap_or("");
    match &answers.server_certificate {
        Some(facts) => {
            let checked = check_acm(facts, Some(Purpose::Server), answers.now);
            for problem in checked.findings.problems {
                findings.push(finding(
                    Severity::Problem,
                    CHECK.name,
                    format!("the server certificate: {problem}"),
                    server_fix.clone(),
                    vec![server_arn.to_owned()],
                ));
            }
            for warning in checked.findings.warnings {
                findings.push(finding(
                    Severity::Warning,
                    CHECK.name,
                    format!("the server certificate: {warning}"),
                    server_fix.clone(),
                    vec![server_arn.to_owned()],
                ));
            }
        }
        None if !server_arn.is_empty() => findings.push(finding(
            Severity::Problem,
            CHECK.name,
            "ACM has no server certificate by the endpoint's ARN in this region: no client can connect".into(),
            format!("aws acm describe-certificate --certificate-arn {server_arn}"),
            vec![server_arn.to_owned()],
        )),
        None => {}
    }
    for (arn, facts) in &answers.root_chains {
        let Some(facts) = facts else {
            findings.push(finding(
                Severity::Problem,
                CHECK.name,
                "ACM has no client root chain by this ARN: certificate authentication fails".into(),
                format!("aws acm describe-certificate --certificate-arn {arn}"),
                vec![arn.clone()],
            ));
            continue;
        };
        if let Some(status) = facts.status.as_deref().filter(|status| *status != "ISSUED") {
            findings.push(finding(
                Severity::Problem,
                CHECK.name,
                format!("the client root chain is {status}, not ISSUED: clients are refused"),
                vpn_fix.clone(),
                vec![arn.clone()],
            ));
        } else if let Some(days) = facts.not_after.map(|not_after| (not_after - answers.now).div_euclid(86_400))
            && days < crate::pki::revocation::EXPIRING_DAYS
        {
            findings.push(finding(
                Severity::Warning,
                CHECK.name,
                format!("the client root chain expires in {days} days"),
                vpn_fix.clone(),
                vec![arn.clone()],
            ));
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pki::check::CertificateFacts;
    use serde_json::json;

    const NOW: i64 = 1_800_000_000;

    fn facts(days: i64, status: &str) -> CertificateFacts {
        CertificateFacts {
            arn: "arn:aws:acm:us-east-1:1:certificate/s".into(),
            domain: Some("server.office.cvpn.internal".into()),
            status: Some(status.into()),
            key_algorithm: Some("RSA-2048".into()),
            extended_key_usages: vec!["TLS_WEB_SERVER_AUTHENTICATION".into()],
            not_after: Some(NOW + days * 86_400),
            ..CertificateFacts::default()
        }
    }

    fn answers(server: CertificateFacts, chain: Option<CertificateFacts>) -> Answers {
        Answers {
            endpoint: json!({"ServerCertificateArn": "arn:aws:acm:us-east-1:1:certificate/s"}),
            server_certificate: Some(server),
            root_chains: vec![("arn:aws:acm:us-east-1:1:certificate/c".into(), chain)],
            now: NOW,
            ..Answers::default()
        }
    }

    #[test]
    fn expired_expiring_and_missing_certificates_are_found() {
        assert!(run(&answers(facts(400, "ISSUED"), Some(facts(400, "ISSUED")))).is_empty());
        let expiring = run(&answers(facts(10, "ISSUED"), Some(facts(400, "ISSUED"))));
        assert_eq!((expiring.len(), expiring[0].severity), (1, Severity::Warning), "{expiring:#?}");
        let expired = run(&answers(facts(-1, "EXPIRED"), Some(facts(400, "ISSUED"))));
        assert!(expired.iter().all(|finding| finding.severity == Severity::Problem) && !expired.is_empty());
        let no_chain = run(&answers(facts(400, "ISSUED"), None));
        assert!(no_chain[0].message.contains("no client root chain"), "{no_chain:#?}");
    }
}
