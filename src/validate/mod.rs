//! Rules checked before anything is sent: what a problem is, how they are reported (every one at
//! once, with the flag, the value, the rule and a fix), and the rules themselves: those every
//! operation's model states (`model_rules`) and CreateClientVpnEndpoint's documented ones.
//! Pure functions of the request; warnings do not stop it.

use std::fmt;

use crate::failure::Failure;

mod create_client_vpn_endpoint;
pub use create_client_vpn_endpoint::is_acm_certificate_arn;
pub mod model_rules;
pub mod operation_rules;

pub use create_client_vpn_endpoint::{
    CIDR_PREFIX_MAX, CIDR_PREFIX_MIN, CONNECT_HANDLER_PREFIX, MAX_AUTHENTICATION_OPTIONS, MAX_BANNER_CHARS,
    MAX_CLIENT_TOKEN_CHARS, MAX_DNS_SERVERS, MAX_TAG_KEY_CHARS, MAX_TAG_VALUE_CHARS, MAX_TAGS, SESSION_TIMEOUT_HOURS,
    VPN_PORTS,
};
pub use create_client_vpn_endpoint::{check, validate};

/// Values longer than this are shortened in messages.
const SHOWN_VALUE_CHARS: usize = 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// One broken rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub severity: Severity,
    /// The aws flag, and where inside its value when it is a structure.
    pub flag: String,
    /// The value given, shortened when long; `None` when the problem is something missing.
    pub value: Option<String>,
    pub rule: String,
    pub hint: Option<String>,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.value {
            Some(value) => write!(f, "{} {value:?}: {}", self.flag, self.rule)?,
            None => write!(f, "{}: {}", self.flag, self.rule)?,
        }
        if let Some(hint) = &self.hint {
            write!(f, " ({hint})")?;
        }
        Ok(())
    }
}

fn shown(value: &str) -> String {
    if value.chars().count() <= SHOWN_VALUE_CHARS {
        return value.to_owned();
    }
    let head: String = value.chars().take(SHOWN_VALUE_CHARS - 1).collect();
    format!("{head}…")
}

#[derive(Default)]
pub(crate) struct Report {
    problems: Vec<Problem>,
}

impl Report {
    fn push(
        &mut self,
        severity: Severity,
        flag: impl Into<String>,
        value: Option<&str>,
        rule: impl Into<String>,
        hint: Option<String>,
    ) {
        self.problems.push(Problem { severity, flag: flag.into(), value: value.map(shown), rule: rule.into(), hint });
    }

    fn error(&mut self, flag: impl Into<String>, value: &str, rule: impl Into<String>, hint: Option<String>) {
        self.push(Severity::Error, flag, Some(value), rule, hint);
    }

    fn missing(&mut self, flag: impl Into<String>, rule: impl Into<String>, hint: Option<String>) {
        self.push(Severity::Error, flag, None, rule, hint);
    }

    fn warning(&mut self, flag: impl Into<String>, value: &str, rule: impl Into<String>, hint: Option<String>) {
        self.push(Severity::Warning, flag, Some(value), rule, hint);
    }
}

/// The closest allowed word, for `did you mean …?`.
fn closest<'a>(given: &str, allowed: &[&'a str]) -> Option<&'a str> {
    let lower = given.to_ascii_lowercase();
    allowed
        .iter()
        .map(|candidate| (strsim::levenshtein(&lower, candidate), *candidate))
        .filter(|(distance, candidate)| *distance <= candidate.len() / 2 + 1)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

fn one_of(flag: &str, value: &str, allowed: &[&str], report: &mut Report) {
    if allowed.contains(&value) {
        return;
    }
    let hint = closest(value, allowed).map(|word| format!("did you mean {word}?"));
    report.error(flag, value, format!("must be one of {}", allowed.join(", ")), hint);
}

/// The nearest allowed number, for `did you mean …?`: the one sharing most digits, else the
/// numerically closest.
fn nearest_number(given: i32, allowed: &[i32]) -> i32 {
    let text = given.to_string();
    allowed
        .iter()
        .copied()
        .min_by_key(|candidate| {
            (strsim::levenshtein(&text, &candidate.to_string()), (candidate - given).unsigned_abs())
        })
        .expect("a non-empty list")
}

fn one_of_numbers(flag: &str, value: i32, allowed: &[i32], report: &mut Report) {
    if allowed.contains(&value) {
        return;
    }
    let listed: Vec<String> = allowed.iter().map(i32::to_string).collect();
    let hint = Some(format!("did you mean {}?", nearest_number(value, allowed)));
    report.error(flag, &value.to_string(), format!("must be one of {}", listed.join(", ")), hint);
}

/// The warnings when there is no error; a usage failure listing every problem otherwise.
pub fn verdict(problems: Vec<Problem>) -> Result<Vec<Problem>, Failure> {
    let (errors, warnings): (Vec<Problem>, Vec<Problem>) =
        problems.into_iter().partition(|problem| problem.severity == Severity::Error);
    if errors.is_empty() {
        return Ok(warnings);
    }
    let mut message =
        format!("{} problem{} found; nothing was sent:", errors.len(), if errors.len() == 1 { "" } else { "s" });
    for problem in errors.iter().chain(&warnings) {
        let label = if problem.severity == Severity::Warning { "warning: " } else { "" };
        message.push_str(&format!("\n  {label}{problem}"));
    }
    message.push_str("\n(--no-validate sends the request as given, for values newer than cvpn's rules)");
    Err(Failure::usage(message))
}
