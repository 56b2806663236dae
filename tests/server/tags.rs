//! CreateTags and DeleteTags on Client VPN endpoints, as EC2 answers them: a key set again takes
//! the new value, at most 50 tags per resource, an unknown endpoint refused. The endpoint keeps
//! its tags in the TagSpecification members of its create form, which DescribeClientVpnEndpoints
//! lists.

use std::collections::HashMap;

use super::{Endpoint, State, error, success};

type Answer = (u16, String, String);

const MAX_TAGS: usize = 50;

impl Endpoint {
    /// The endpoint's tags, in order.
    pub fn tags(&self) -> Vec<(String, String)> {
        let mut tags = Vec::new();
        for spec in 1.. {
            let Some(kind) = self.parameter(&format!("TagSpecification.{spec}.ResourceType")) else { break };
            if kind != "client-vpn-endpoint" {
                continue;
            }
            for n in 1.. {
                let Some(key) = self.parameter(&format!("TagSpecification.{spec}.Tag.{n}.Key")) else { break };
                let value = self.parameter(&format!("TagSpecification.{spec}.Tag.{n}.Value")).unwrap_or_default();
                tags.push((key.to_owned(), value.to_owned()));
            }
        }
        tags
    }

    fn set_tags(&mut self, tags: Vec<(String, String)>) {
        self.parameters.retain(|(key, _)| !key.starts_with("TagSpecification."));
        if tags.is_empty() {
            return;
        }
        self.parameters.push(("TagSpecification.1.ResourceType".into(), "client-vpn-endpoint".into()));
        for (n, (key, value)) in tags.into_iter().enumerate() {
            self.parameters.push((format!("TagSpecification.1.Tag.{}.Key", n + 1), key));
            self.parameters.push((format!("TagSpecification.1.Tag.{}.Value", n + 1), value));
        }
    }
}

/// The form's `Prefix.N.Member` values, in order (`Tag.1.Key`, ...).
fn listed(fields: &HashMap<String, String>, prefix: &str, member: &str) -> Vec<Option<String>> {
    (1..)
        .map_while(|n| {
            let present = fields.keys().any(|key| key.starts_with(&format!("{prefix}.{n}.")));
            present.then(|| fields.get(&format!("{prefix}.{n}.{member}")).cloned())
        })
        .collect()
}

pub(super) fn answer(
    action: &str,
    fields: &HashMap<String, String>,
    region: &str,
    request_id: &str,
    state: &mut State,
) -> Option<Answer> {
    if !matches!(action, "CreateTags" | "DeleteTags") {
        return None;
    }
    let resources: Vec<String> = (1..).map_while(|n| fields.get(&format!("ResourceId.{n}")).cloned()).collect();
    if resources.is_empty() {
        return Some(error(
            400,
            "MissingParameter",
            "The request must contain the parameter resourceIdSet",
            request_id,
        ));
    }
    let keys = listed(fields, "Tag", "Key");
    let values = listed(fields, "Tag", "Value");
    if action == "CreateTags" && keys.is_empty() {
        return Some(error(400, "MissingParameter", "The request must contain the parameter tagSet", request_id));
    }
    for id in &resources {
        if !state.endpoints.iter().any(|e| &e.id == id && e.region == region && e.status != "deleted") {
            return Some(error(
                400,
                "InvalidClientVpnEndpointId.NotFound",
                &format!("Endpoint {id} does not exist"),
                request_id,
            ));
        }
    }
    for id in &resources {
        let endpoint = state.endpoints.iter_mut().find(|e| &e.id == id && e.region == region).expect("checked");
        let mut tags = endpoint.tags();
        for (n, key) in keys.iter().enumerate() {
            let Some(key) = key else { continue };
            let value = values.get(n).cloned().flatten();
            match action {
                "CreateTags" => match tags.iter_mut().find(|(name, _)| name == key) {
                    Some(tag) => tag.1 = value.unwrap_or_default(),
                    None => tags.push((key.clone(), value.unwrap_or_default())),
                },
                _ => tags.retain(|(name, kept)| name != key || value.as_ref().is_some_and(|value| value != kept)),
            }
        }
        if tags.len() > MAX_TAGS {
            return Some(error(
                400,
                "TagLimitExceeded",
                "The maximum number of Tags for a resource has been reached.",
                request_id,
            ));
        }
        endpoint.set_tags(tags);
    }
    Some(success(action, request_id, "    <return>true</return>\n"))
}
