//! The endpoint itself: available, or why not; connection logging (info: without it a failed
//! connection leaves nothing to read).

use serde_json::Value;

use crate::doctor::{Answers, Check, Finding, Severity, finding, status};

pub const CHECK: Check = Check {
    name: "endpoint",
    about: "the endpoint is available (else why: no association yet, deleting); connection logging is on",
    needs: &[],
    run,
};

fn run(answers: &Answers) -> Vec<Finding> {
    let id = answers.endpoint_id().to_owned();
    let mut findings = Vec::new();
    match status(&answers.endpoint).0 {
        "available" => {}
        "pending-associate" => findings.push(finding(
            Severity::Problem,
            CHECK.name,
            "the endpoint has no associated subnet yet, so no client can connect".into(),
            format!("cvpn associate {id} --subnet-id SUBNET --wait"),
            vec![id.clone()],
        )),
        state => findings.push(finding(
            Severity::Problem,
            CHECK.name,
            format!("the endpoint is {state}: no client can connect"),
            format!("cvpn show {id}"),
            vec![id.clone()],
        )),
    }
    let logging = answers.endpoint.pointer("/ConnectionLogOptions/Enabled").and_then(Value::as_bool);
    if logging != Some(true) {
        findings.push(finding(
            Severity::Info,
            CHECK.name,
            "connection logging is off: a failed connection leaves nothing to read".into(),
            format!("cvpn modify {id} --connection-log-options Enabled=true,CloudwatchLogGroup=GROUP"),
            vec![id],
        ));
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn answers(state: &str, logging: bool) -> Answers {
        Answers {
            endpoint: json!({"ClientVpnEndpointId": "cvpn-endpoint-1", "Status": {"Code": state},
                             "ConnectionLogOptions": {"Enabled": logging}}),
            ..Answers::default()
        }
    }

    #[test]
    fn an_endpoint_without_associations_or_being_deleted_is_a_problem() {
        assert!(run(&answers("available", true)).is_empty());
        let pending = run(&answers("pending-associate", true));
        assert_eq!(pending[0].severity, Severity::Problem);
        assert!(pending[0].fix.starts_with("cvpn associate cvpn-endpoint-1"), "{pending:?}");
        assert!(run(&answers("deleting", true))[0].message.contains("deleting"));
        let quiet = run(&answers("available", false));
        assert_eq!((quiet.len(), quiet[0].severity), (1, Severity::Info));
    }
}
