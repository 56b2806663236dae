//! The rules an operation's model states, checked on its request document before sending:
//! required members, integer ranges, resource-ID shapes, filter names and enumerations.

use serde_json::{Map, Value};

use super::{Problem, Report, Severity};
use crate::api::model::{Limit, Member, Shape};
use crate::api::operation::Operation;

/// `prefix` followed by hexadecimal digits: an AWS resource ID.
pub fn is_id(text: &str, prefix: &str) -> bool {
    text.strip_prefix(prefix).is_some_and(|rest| !rest.is_empty() && rest.chars().all(|c| c.is_ascii_hexdigit()))
}

/// An integer outside its documented range.
pub fn out_of_range(flag: &str, value: i64, min: i64, max: i64) -> Problem {
    Problem {
        severity: Severity::Error,
        flag: flag.to_owned(),
        value: Some(value.to_string()),
        rule: format!("must be from {min} to {max}"),
        hint: None,
    }
}

fn check_member(flag: &str, member: &Member, value: &Value, report: &mut Report) {
    match (&member.limit, value) {
        (Some(Limit::Range(min, max)), Value::Number(number)) => {
            if let Some(number) = number.as_i64()
                && !(*min..=*max).contains(&number)
            {
                report.problems.push(out_of_range(flag, number, *min, *max));
            }
        }
        (Some(Limit::Id(prefix)), Value::String(text)) if !is_id(text, prefix) => {
            report.error(flag, text, format!("is not an ID: {prefix} followed by hexadecimal digits"), None);
        }
        (Some(Limit::Id(prefix)), Value::Array(items)) => {
            for item in items.iter().filter_map(Value::as_str).filter(|item| !is_id(item, prefix)) {
                report.error(flag, item, format!("is not an ID: {prefix} followed by hexadecimal digits"), None);
            }
        }
        (Some(Limit::FilterNames(names)), Value::Array(filters)) => {
            for (index, filter) in filters.iter().enumerate() {
                match filter.get("Name").and_then(Value::as_str) {
                    Some(name) if names.contains(&name) => {}
                    Some(name) => report.error(
                        format!("{flag} [{index}] Name"),
                        name,
                        format!("is not a filter of this operation: one of {}", names.join(", ")),
                        None,
                    ),
                    None => report.missing(format!("{flag} [{index}] Name"), "is required", None),
                }
            }
        }
        (Some(Limit::OneOf(values)), Value::Number(number)) => {
            if let Some(number) = number.as_i64()
                && !values.iter().any(|value| i64::from(*value) == number)
            {
                report.error(flag, &number.to_string(), format!("must be {}", Limit::OneOf(values).help()), None);
            }
        }
        (Some(Limit::MaxChars(count)), Value::String(text)) if text.chars().count() > *count => {
            report.error(flag, text, format!("must be at most {count} characters"), None);
        }
        (Some(Limit::MaxItems(count)), Value::Array(items)) if items.len() > *count => {
            report.error(flag, &Value::Array(items.clone()).to_string(), format!("takes at most {count}"), None);
        }
        (Some(Limit::PrefixLength(min, max)), Value::String(text)) => {
            let prefix = text.parse::<ipnet::Ipv4Net>().ok().map(|net| net.prefix_len());
            if !prefix.is_some_and(|prefix| (*min..=*max).contains(&prefix)) {
                report.error(flag, text, format!("must be an IPv4 CIDR block from /{min} to /{max}"), None);
            }
        }
        (Some(Limit::Cidr), Value::String(text)) if text.parse::<ipnet::Ipv4Net>().is_err() => {
            report.error(flag, text, "must be an IPv4 CIDR block, like 10.0.0.0/16", None);
        }
        (Some(Limit::SubnetOrLocal), Value::String(text)) if text != "local" && !is_id(text, "subnet-") => {
            report.error(flag, text, "must be a subnet ID (subnet- followed by hexadecimal digits) or local", None);
        }
        _ => {}
    }
    if let (Shape::Enum(values), Value::String(text)) = (member.shape, value)
        && !values.contains(&text.as_str())
    {
        report.error(flag, text, format!("must be one of {}", values.join(", ")), None);
    }
}

/// Every problem the model finds in the document, in member order.
pub fn validate(operation: &Operation, document: &Map<String, Value>) -> Vec<Problem> {
    let mut report = Report::default();
    for member in operation.members() {
        let flag = format!("--{}", member.flag());
        match document.get(member.name) {
            Some(value) => check_member(&flag, member, value, &mut report),
            None if member.required => report.missing(&flag, "is required", None),
            None => {}
        }
    }
    report.problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::operations::DESCRIBE_CLIENT_VPN_ENDPOINTS as DESCRIBE;
    use serde_json::json;

    fn problems(document: Value) -> Vec<String> {
        let Value::Object(document) = document else { panic!() };
        validate(&DESCRIBE, &document).iter().map(ToString::to_string).collect()
    }

    #[test]
    fn a_good_request_has_no_problem() {
        let good = json!({"ClientVpnEndpointIds": ["cvpn-endpoint-0123456789abcdef0"], "MaxResults": 5,
            "Filters": [{"Name": "transport-protocol", "Values": ["udp"]}]});
        assert_eq!(problems(good), Vec::<String>::new());
    }

    #[test]
    fn every_problem_is_named_with_flag_value_and_rule() {
        let bad = json!({"ClientVpnEndpointIds": ["vpn-1", "cvpn-endpoint-xyz"], "MaxResults": 4,
            "Filters": [{"Name": "state", "Values": ["a"]}]});
        assert_eq!(
            problems(bad),
            [
                "--client-vpn-endpoint-ids \"vpn-1\": is not an ID: cvpn-endpoint- followed by hexadecimal digits",
                "--client-vpn-endpoint-ids \"cvpn-endpoint-xyz\": is not an ID: cvpn-endpoint- followed by hexadecimal digits",
                "--max-results \"4\": must be from 5 to 1000",
                "--filters [0] Name \"state\": is not a filter of this operation: one of endpoint-id, transport-protocol",
            ]
        );
        assert_eq!(problems(json!({"MaxResults": 1001})), ["--max-results \"1001\": must be from 5 to 1000"]);
    }
}
