//! The revocation list the endpoint holds: once its next update has passed, the endpoint refuses
//! every client (AWS Client VPN administrator guide, Troubleshooting, "Client software returns TLS
//! error"); within 30 days of it, a warning.

use crate::doctor::{Answers, Check, Finding, Need, Severity, finding};

pub const CHECK: Check = Check {
    name: "revocation-list",
    about: "the endpoint's revocation list is not expired (every client refused) or expiring within 30 days",
    needs: &[Need::RevocationList],
    run,
};

fn run(answers: &Answers) -> Vec<Finding> {
    let id = answers.endpoint_id();
    let Some(next) = answers.revocation_list.as_ref().and_then(|list| list.next_update) else { return Vec::new() };
    let when = crate::pki::utc_timestamp(next).unwrap_or_default();
    let fix = "cvpn pki renew NAME --crl (a VPN cvpn made), or import a new list: cvpn import-crl".to_owned();
    if next <= answers.now {
        return vec![finding(
            Severity::Problem,
            CHECK.name,
            format!("the revocation list expired {when}: the endpoint refuses every client"),
            fix,
            vec![id.to_owned()],
        )];
    }
    let days = (next - answers.now).div_euclid(86_400);
    if days < crate::pki::revocation::EXPIRING_DAYS {
        return vec![finding(
            Severity::Warning,
            CHECK.name,
            format!("the revocation list expires in {days} days ({when}); then the endpoint refuses every client"),
            fix,
            vec![id.to_owned()],
        )];
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pki::status::HeldList;

    #[test]
    fn an_expired_list_refuses_everyone_and_an_expiring_one_warns() {
        let at = |days: i64| Answers {
            revocation_list: Some(HeldList { next_update: Some(1_800_000_000 + days * 86_400), serials: vec![] }),
            now: 1_800_000_000,
            ..Answers::default()
        };
        assert!(run(&at(400)).is_empty());
        assert_eq!(run(&at(5))[0].severity, Severity::Warning);
        let expired = run(&at(-1));
        assert!(expired[0].severity == Severity::Problem && expired[0].message.contains("refuses every client"));
        assert!(run(&Answers::default()).is_empty(), "no list, nothing to expire");
    }
}
