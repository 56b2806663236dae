//! What `cvpn sleep` records of an endpoint before it disassociates its subnets, kept in the
//! endpoint's own tags so that any administrator, on any machine, can wake it: the subnets, the
//! VPC and security groups applied to them, and every manual route (AWS removes the routes that
//! target a subnet with its association). `cvpn wake` reads it back, restores what is missing and
//! clears it.
//!
//! EC2 tags: at most 50 per resource, keys up to 128 characters, values up to 256, in
//! `[\p{L}\p{Z}\p{N}_.:/=+\-@]` (EC2 User Guide, "Tag restrictions",
//! https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/Using_Tags.html). A route's description
//! outside that set is kept base64url-encoded.

use base64::Engine;

/// Present while a record is kept: when the sleep began (RFC 3339, UTC).
pub const ASLEEP_TAG: &str = "cvpn:asleep";
const SUBNETS_TAG: &str = "cvpn:asleep:subnets";
const GROUPS_TAG: &str = "cvpn:asleep:groups";
const ROUTE_TAG_PREFIX: &str = "cvpn:asleep:route:";
const ENCODED: &str = "b64:";
pub const MAX_TAGS: usize = 50;
const MAX_VALUE: usize = 256;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRoute {
    pub destination: String,
    pub subnet: String,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SleepRecord {
    pub since: String,
    pub subnets: Vec<String>,
    /// The VPC the groups are applied in, and the groups; empty when none was read.
    pub vpc: String,
    pub security_groups: Vec<String>,
    pub routes: Vec<RecordedRoute>,
}

fn allowed(c: char) -> bool {
    c.is_alphanumeric() || c == ' ' || "_.:/=+-@".contains(c)
}

fn is_record_key(key: &str) -> bool {
    key == ASLEEP_TAG || key.starts_with("cvpn:asleep:")
}

impl SleepRecord {
    /// The record the tags hold, if they hold one (`cvpn:asleep` is there). Values that are not
    /// a record's are an error naming the tag: a record cvpn cannot read is never guessed at.
    pub fn from_tags<'a>(tags: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Option<SleepRecord>, String> {
        let tags: Vec<(&str, &str)> = tags.into_iter().filter(|(key, _)| is_record_key(key)).collect();
        let Some((_, since)) = tags.iter().find(|(key, _)| *key == ASLEEP_TAG) else {
            return Ok(None);
        };
        let words = |key: &str| -> Vec<String> {
            tags.iter()
                .find(|(name, _)| *name == key)
                .map(|(_, value)| value.split_whitespace().map(str::to_owned).collect())
                .unwrap_or_default()
        };
        let mut record = SleepRecord { since: (*since).to_owned(), subnets: words(SUBNETS_TAG), ..Default::default() };
        let mut groups = words(GROUPS_TAG).into_iter();
        record.vpc = groups.next().unwrap_or_default();
        record.security_groups = groups.collect();
        let mut routes: Vec<(usize, RecordedRoute)> = Vec::new();
        for (key, value) in &tags {
            let Some(index) = key.strip_prefix(ROUTE_TAG_PREFIX) else { continue };
            let bad = || format!("tag {key}={value:?} is not a route cvpn recorded");
            let index: usize = index.parse().map_err(|_| bad())?;
            let mut parts = value.splitn(3, ' ');
            let (Some(destination), Some(subnet)) = (parts.next(), parts.next()) else { return Err(bad()) };
            if !destination.contains('/') || !subnet.starts_with("subnet-") {
                return Err(bad());
            }
            let description = match parts.next() {
                None => None,
                Some(encoded) if encoded.starts_with(ENCODED) => {
                    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
                        .decode(&encoded[ENCODED.len()..])
                        .map_err(|_| bad())?;
                    Some(String::from_utf8(bytes).map_err(|_| bad())?)
                }
                Some(plain) => Some(plain.to_owned()),
            };
            routes.push((index, RecordedRoute { destination: destination.into(), subnet: subnet.into(), description }));
        }
        routes.sort_by_key(|(index, _)| *index);
        record.routes = routes.into_iter().map(|(_, route)| route).collect();
        Ok(Some(record))
    }

    /// The tags that keep the record; an error names what does not fit in a tag.
    pub fn to_tags(&self) -> Result<Vec<(String, String)>, String> {
        let mut tags =
            vec![(ASLEEP_TAG.to_owned(), self.since.clone()), (SUBNETS_TAG.to_owned(), self.subnets.join(" "))];
        if !self.vpc.is_empty() {
            let groups = std::iter::once(self.vpc.as_str()).chain(self.security_groups.iter().map(String::as_str));
            tags.push((GROUPS_TAG.to_owned(), groups.collect::<Vec<_>>().join(" ")));
        }
        for (index, route) in self.routes.iter().enumerate() {
            let mut value = format!("{} {}", route.destination, route.subnet);
            if let Some(description) = route.description.as_deref().filter(|text| !text.is_empty()) {
                let plain = description.chars().all(allowed) && !description.starts_with(ENCODED);
                value.push(' ');
                if plain {
                    value.push_str(description);
                } else {
                    value.push_str(ENCODED);
                    value.push_str(&base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(description));
                }
            }
            if value.chars().count() > MAX_VALUE {
                return Err(format!(
                    "the route to {} through {} has a description too long to record in a tag ({} characters \
                     with its destination, at most {MAX_VALUE}): shorten it first",
                    route.destination,
                    route.subnet,
                    value.chars().count()
                ));
            }
            tags.push((format!("{ROUTE_TAG_PREFIX}{}", index + 1), value));
        }
        for (key, value) in &tags {
            if value.chars().count() > MAX_VALUE {
                return Err(format!("{key} would be {} characters, more than a tag holds", value.chars().count()));
            }
        }
        Ok(tags)
    }

    /// What the record adds to what `earlier` recorded (a sleep that stopped halfway and runs
    /// again): every subnet and route of either, once; the groups read first win, since the
    /// subnets left may already have lost theirs.
    pub fn merged_into(self, earlier: Option<SleepRecord>) -> SleepRecord {
        let Some(mut merged) = earlier else { return self };
        for subnet in self.subnets {
            if !merged.subnets.contains(&subnet) {
                merged.subnets.push(subnet);
            }
        }
        if merged.vpc.is_empty() {
            merged.vpc = self.vpc;
            merged.security_groups = self.security_groups;
        }
        for route in self.routes {
            if !merged.routes.iter().any(|kept| kept.destination == route.destination && kept.subnet == route.subnet) {
                merged.routes.push(route);
            }
        }
        merged
    }
}

/// Every key of a record among `keys` (to clear it, and no other tag).
pub fn record_keys<'a>(keys: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    keys.into_iter().filter(|key| is_record_key(key)).map(str::to_owned).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> SleepRecord {
        SleepRecord {
            since: "2026-12-03T19:00:00Z".into(),
            subnets: vec!["subnet-a".into(), "subnet-b".into()],
            vpc: "vpc-1".into(),
            security_groups: vec!["sg-1".into(), "sg-2".into()],
            routes: vec![
                RecordedRoute { destination: "0.0.0.0/0".into(), subnet: "subnet-a".into(), description: None },
                RecordedRoute {
                    destination: "10.9.0.0/16".into(),
                    subnet: "subnet-b".into(),
                    description: Some("on-prem: office #2 (HQ)".into()),
                },
                RecordedRoute {
                    destination: "10.8.0.0/16".into(),
                    subnet: "subnet-b".into(),
                    description: Some("peered VPC".into()),
                },
            ],
        }
    }

    #[test]
    fn a_record_survives_its_tags_and_only_its_tags_are_read() {
        let tags = record().to_tags().unwrap();
        assert_eq!(tags[0], (ASLEEP_TAG.to_owned(), "2026-12-03T19:00:00Z".to_owned()));
        assert!(tags.iter().all(|(key, value)| key.chars().all(allowed) && value.chars().all(allowed)), "{tags:?}");
        assert!(tags.iter().any(|(_, value)| value == "10.8.0.0/16 subnet-b peered VPC"), "plain when it can be");
        let mut all: Vec<(&str, &str)> = tags.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        all.push(("Name", "office"));
        all.reverse();
        assert_eq!(SleepRecord::from_tags(all.clone()).unwrap(), Some(record()));
        assert_eq!(record_keys(all.iter().map(|(key, _)| *key)).len(), tags.len());
        assert_eq!(SleepRecord::from_tags([("Name", "office")]).unwrap(), None);
    }

    #[test]
    fn a_tag_that_is_not_a_route_is_refused_by_name() {
        let bad = [(ASLEEP_TAG, "t"), ("cvpn:asleep:route:1", "nonsense")];
        let problem = SleepRecord::from_tags(bad).unwrap_err();
        assert!(problem.contains("cvpn:asleep:route:1"), "{problem}");
        assert!(SleepRecord::from_tags([(ASLEEP_TAG, "t"), ("cvpn:asleep:route:x", "10.0.0.0/8 subnet-a")]).is_err());
    }

    #[test]
    fn a_description_too_long_for_a_tag_is_said() {
        let mut long = record();
        long.routes[0].description = Some("€".repeat(200));
        let problem = long.to_tags().unwrap_err();
        assert!(problem.contains("the route to 0.0.0.0/0 through subnet-a"), "{problem}");
    }

    #[test]
    fn a_rerun_adds_what_is_left_to_what_was_recorded() {
        let earlier = record();
        let now = SleepRecord {
            since: "later".into(),
            subnets: vec!["subnet-b".into(), "subnet-c".into()],
            vpc: "vpc-1".into(),
            security_groups: vec!["sg-default".into()],
            routes: vec![RecordedRoute {
                destination: "10.7.0.0/16".into(),
                subnet: "subnet-c".into(),
                description: None,
            }],
        };
        let merged = now.merged_into(Some(earlier.clone()));
        assert_eq!(merged.since, earlier.since);
        assert_eq!(merged.subnets, ["subnet-a", "subnet-b", "subnet-c"]);
        assert_eq!(merged.security_groups, earlier.security_groups);
        assert_eq!(merged.routes.len(), 4);
    }
}
