//! What expires, and when, for one VPN: its CA, its server certificate (on disk and in ACM), the
//! revocation list its endpoint holds (whose expiry locks every client out, and which must name
//! every serial cvpn recorded as revoked), and each user's certificate. Pure: the facts come in,
//! each item's state comes out, so `cvpn pki status` is unit-tested without the network or the
//! clock.

use serde::Serialize;

use super::revocation::Revoked;

/// An item's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    Ok,
    /// Expires within the warning window.
    Expiring,
    Expired,
    /// The revocation list does not name every serial cvpn recorded as revoked.
    Drift,
    /// ACM's status is not ISSUED, or the item is missing where it is needed.
    Problem,
    /// Nothing to watch (a revoked user's certificate, no list while nobody is revoked).
    Info,
}

impl State {
    /// Whether the state needs someone to act.
    pub fn needs_attention(self) -> bool {
        matches!(self, State::Expiring | State::Expired | State::Drift | State::Problem)
    }
}

/// One thing that expires.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Item {
    /// What it is: `CA`, `server certificate`, `server certificate in ACM`, `revocation list`,
    /// `user alice`.
    pub item: String,
    /// Where it is: a file, an ARN, an endpoint.
    pub source: String,
    /// Its expiry (RFC 3339, UTC), when it has one.
    pub not_after: Option<String>,
    pub days_left: Option<i64>,
    pub state: State,
    /// What it means and what to run, in a sentence.
    pub note: String,
}

/// Whether something expiring at `not_after` is expired or due within `warn_days` of `now`.
pub fn is_due(not_after: i64, now: i64, warn_days: i64) -> bool {
    by_expiry(not_after, now, warn_days).0 != State::Ok
}

/// A certificate or list with an expiry: the state of `not_after` at `now` within `warn_days`.
fn by_expiry(not_after: i64, now: i64, warn_days: i64) -> (State, i64) {
    let days_left = (not_after - now).div_euclid(86_400);
    let state = if not_after <= now {
        State::Expired
    } else if not_after <= now + warn_days * 86_400 {
        State::Expiring
    } else {
        State::Ok
    };
    (state, days_left)
}

/// An item that expires at `not_after`, with the notes for each state.
fn dated(item: &str, source: &str, not_after: i64, now: i64, warn_days: i64, fix: &str, lasts: &str) -> Item {
    let (state, days_left) = by_expiry(not_after, now, warn_days);
    let note = match state {
        State::Expired => format!("expired: {fix}"),
        State::Expiring => format!("expires in {days_left} days: {fix}"),
        _ => lasts.to_owned(),
    };
    Item {
        item: item.to_owned(),
        source: source.to_owned(),
        not_after: super::utc_timestamp(not_after),
        days_left: Some(days_left),
        state,
        note,
    }
}

/// The revocation list the endpoint holds, as Export…RevocationList gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldList {
    /// Seconds since the epoch; `None` when the list has no next update.
    pub next_update: Option<i64>,
    /// The serials it names, lowercase hex.
    pub serials: Vec<String>,
}

impl HeldList {
    /// The list an export gave (PEM).
    pub fn from_pem(pem: &str) -> Result<HeldList, super::PkiError> {
        use x509_parser::prelude::FromDer;
        let (_, block) = x509_parser::pem::parse_x509_pem(pem.as_bytes())
            .map_err(|error| super::PkiError(format!("the endpoint's revocation list is not PEM: {error}")))?;
        let (_, list) = x509_parser::revocation_list::CertificateRevocationList::from_der(&block.contents)
            .map_err(|error| super::PkiError(format!("the endpoint's revocation list cannot be read: {error}")))?;
        let hex = |bytes: &[u8]| bytes.iter().map(|byte| format!("{byte:02x}")).collect::<String>();
        Ok(HeldList {
            next_update: list.next_update().map(|at| at.timestamp()),
            serials: list.iter_revoked_certificates().map(|entry| hex(entry.raw_serial())).collect(),
        })
    }
}

/// Everything `pki status` looks at.
pub struct Facts<'a> {
    pub vpn: &'a str,
    /// (file, expiry) of the CA and the server certificate on disk, when there are any.
    pub ca: Option<(String, i64)>,
    pub server: Option<(String, i64)>,
    /// The endpoint's server certificate in ACM: (ARN, ACM's status, expiry).
    pub acm: Option<(String, Option<String>, Option<i64>)>,
    /// The endpoint, and the list it holds (`None`: it holds none).
    pub endpoint: Option<String>,
    pub list: Option<HeldList>,
    pub revoked: &'a [Revoked],
    pub users: &'a [super::revocation::UserCertificate],
    pub now: i64,
    pub warn_days: i64,
}

/// Every item, in the order a person reads them: the CA, the server certificate, ACM's copy, the
/// list, then each user.
pub fn assess(facts: &Facts<'_>) -> Vec<Item> {
    let (vpn, now, warn) = (facts.vpn, facts.now, facts.warn_days);
    let mut items = Vec::new();
    if let Some((file, not_after)) = &facts.ca {
        let fix = "every certificate it issued stops working with it; a new CA means new certificates for everyone \
                   (`cvpn down` and `cvpn up` again)";
        items.push(dated("CA", file, *not_after, now, warn, fix, "signs the server and every user"));
    }
    if let Some((file, not_after)) = &facts.server {
        let fix = format!("`cvpn pki renew {vpn} --server` issues a new one and imports it into the same ACM ARN");
        items.push(dated("server certificate", file, *not_after, now, warn, &fix, "on disk, as imported into ACM"));
    }
    if let Some((arn, status, not_after)) = &facts.acm {
        let fix = format!("`cvpn pki renew {vpn} --server`");
        let used = format!("{} uses it", facts.endpoint.as_deref().unwrap_or("the endpoint"));
        let mut item = match not_after {
            Some(not_after) => dated("server certificate in ACM", arn, *not_after, now, warn, &fix, &used),
            None => Item {
                item: "server certificate in ACM".into(),
                source: arn.clone(),
                not_after: None,
                days_left: None,
                state: State::Info,
                note: "ACM gives no expiry".into(),
            },
        };
        if let Some(status) = status.as_deref().filter(|status| *status != "ISSUED" && *status != "EXPIRED") {
            item.state = State::Problem;
            item.note = format!("ACM says {status}, not ISSUED: the endpoint cannot use it; {fix}");
        }
        items.push(item);
    }
    items.push(list_item(facts));
    for user in facts.users {
        let name = format!("user {}", user.user);
        let source = format!("serial {}", user.serial);
        if facts.revoked.iter().any(|entry| entry.serial == user.serial) {
            items.push(Item {
                not_after: super::utc_timestamp(user.not_after),
                days_left: None,
                state: State::Info,
                note: "revoked".into(),
                ..dated(&name, &source, user.not_after, now, warn, "", "")
            });
            continue;
        }
        let fix = format!("`cvpn user add {vpn} {} --renew` issues a new one", user.user);
        items.push(dated(&name, &source, user.not_after, now, warn, &fix, "valid"));
    }
    items
}

/// The list the endpoint holds: its next update (once past, every client is refused), and
/// whether it names every serial cvpn recorded as revoked.
fn list_item(facts: &Facts<'_>) -> Item {
    let (vpn, now, warn) = (facts.vpn, facts.now, facts.warn_days);
    let source = facts.endpoint.clone().unwrap_or_else(|| "(no endpoint)".to_owned());
    let missing: Vec<&str> = facts
        .revoked
        .iter()
        .filter(|entry| !facts.list.as_ref().is_some_and(|list| list.serials.contains(&entry.serial)))
        .map(|entry| entry.serial.as_str())
        .collect();
    let undated = |state: State, note: String| Item {
        item: "revocation list".into(),
        source: source.clone(),
        not_after: None,
        days_left: None,
        state,
        note,
    };
    let fix = format!("`cvpn pki renew {vpn} --crl` signs and imports a new one");
    let mut item = match (&facts.list, facts.endpoint.is_some()) {
        (_, false) => undated(State::Info, "no endpoint holds a list".into()),
        (None, _) if facts.revoked.is_empty() => undated(State::Ok, "none imported; nobody is revoked".into()),
        (None, _) => undated(State::Drift, String::new()),
        (Some(list), _) => match list.next_update {
            Some(next) => {
                let lasts = "the endpoint admits no one once it expires";
                let mut item = dated("revocation list", &source, next, now, warn, &fix, lasts);
                if item.state == State::Expired {
                    item.note = format!("expired: the endpoint refuses every client; {fix}");
                }
                item
            }
            None => undated(State::Ok, "no next update".into()),
        },
    };
    if !missing.is_empty() && facts.endpoint.is_some() {
        item.state = if item.state == State::Expired { State::Expired } else { State::Drift };
        item.note = format!(
            "does not name {} serial(s) cvpn recorded as revoked ({}): they can still connect; {fix}",
            missing.len(),
            missing.join(", ")
        );
    }
    item
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pki::revocation::UserCertificate;

    const DAY: i64 = 86_400;
    const NOW: i64 = 1_800_000_000;

    fn user(name: &str, serial: &str, days: i64) -> UserCertificate {
        UserCertificate { user: name.into(), serial: serial.into(), not_after: NOW + days * DAY, set_aside: None }
    }

    fn facts<'a>(revoked: &'a [Revoked], users: &'a [UserCertificate], list: Option<HeldList>) -> Facts<'a> {
        Facts {
            vpn: "office",
            ca: Some(("ca.crt".into(), NOW + 3000 * DAY)),
            server: Some(("server.crt".into(), NOW + 20 * DAY)),
            acm: Some(("arn:aws:acm:us-east-1:1:certificate/s".into(), Some("ISSUED".into()), Some(NOW + 20 * DAY))),
            endpoint: Some("cvpn-endpoint-1".into()),
            list,
            revoked,
            users,
            now: NOW,
            warn_days: 30,
        }
    }

    fn states(items: &[Item]) -> Vec<(String, State)> {
        items.iter().map(|item| (item.item.clone(), item.state)).collect()
    }

    #[test]
    fn each_item_is_ok_expiring_or_expired_by_its_date() {
        let users = [user("alice", "0a", 400), user("bob", "0b", -1)];
        let list = HeldList { next_update: Some(NOW + 3000 * DAY), serials: vec![] };
        let items = assess(&facts(&[], &users, Some(list)));
        assert_eq!(
            states(&items),
            [
                ("CA".into(), State::Ok),
                ("server certificate".into(), State::Expiring),
                ("server certificate in ACM".into(), State::Expiring),
                ("revocation list".into(), State::Ok),
                ("user alice".into(), State::Ok),
                ("user bob".into(), State::Expired),
            ]
        );
        assert_eq!(items[1].days_left, Some(20));
        let mut later = facts(&[], &[], None);
        later.acm = Some(("arn".into(), Some("ISSUED".into()), Some(NOW + 400 * DAY)));
        assert_eq!(assess(&later)[2].note, "cvpn-endpoint-1 uses it", "the endpoint that uses it is named");
        assert!(items[1].note.contains("cvpn pki renew office --server"), "{}", items[1].note);
        assert!(items[5].note.contains("cvpn user add office bob --renew"), "{}", items[5].note);
        assert_eq!(items.iter().filter(|item| item.state.needs_attention()).count(), 3);
    }

    #[test]
    fn the_list_expiring_or_missing_a_revoked_serial_needs_attention() {
        let revoked = [Revoked { user: "bob".into(), serial: "0b".into(), revoked_at: NOW - DAY, imported: true }];
        let users = [user("bob", "0b", 400)];
        let expired = HeldList { next_update: Some(NOW - DAY), serials: vec!["0b".into()] };
        let items = assess(&facts(&revoked, &users, Some(expired)));
        assert_eq!(items[3].state, State::Expired);
        assert!(items[3].note.contains("refuses every client"), "{}", items[3].note);
        assert_eq!((items[4].state, items[4].note.as_str()), (State::Info, "revoked"));
        let drifted = HeldList { next_update: Some(NOW + 3000 * DAY), serials: vec![] };
        let items = assess(&facts(&revoked, &users, Some(drifted)));
        assert_eq!(items[3].state, State::Drift);
        assert!(items[3].note.contains("does not name 1 serial(s)") && items[3].note.contains("0b"));
        let items = assess(&facts(&revoked, &users, None));
        assert_eq!(items[3].state, State::Drift, "recorded but never imported");
        assert_eq!(assess(&facts(&[], &[], None))[3].state, State::Ok, "nobody revoked, no list");
    }

    #[test]
    fn the_list_is_read_back_from_its_pem() {
        let ca = crate::pki::new_ca("office").unwrap();
        let revoked = [Revoked { user: "bob".into(), serial: "0b1c".into(), revoked_at: NOW, imported: false }];
        let at = time::OffsetDateTime::from_unix_timestamp(NOW).unwrap();
        let pem = crate::pki::revocation::revocation_list(&ca, "office", &revoked, at, 5, 9).unwrap();
        let list = HeldList::from_pem(&pem).unwrap();
        assert_eq!((list.next_update, list.serials), (Some(NOW + 5 * DAY), vec!["0b1c".to_owned()]));
        assert!(HeldList::from_pem("not a list").is_err());
    }

    #[test]
    fn an_acm_status_other_than_issued_is_a_problem() {
        let mut facts = facts(&[], &[], None);
        facts.acm = Some(("arn".into(), Some("REVOKED".into()), Some(NOW + 300 * DAY)));
        let items = assess(&facts);
        assert_eq!(items[2].state, State::Problem);
        assert!(items[2].note.contains("ACM says REVOKED"), "{}", items[2].note);
    }
}
