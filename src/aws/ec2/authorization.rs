//! Authorization rules and the endpoint's authorization policy onto the SDK, and their answers
//! back.

use aws_sdk_ec2::{Client, types};
use serde_json::Value;

use super::json::{Object, list, status_of};
use super::members::filters;
use super::{Answer, Call, finish};
use crate::api::operation::Document;
use crate::failure::Failure;
use crate::input::document::Members;

pub async fn authorize(client: &Client, call: &Call<'_>, request: &Document) -> Result<Answer, Failure> {
    let sent = client
        .authorize_client_vpn_ingress()
        .set_client_vpn_endpoint_id(request.text("ClientVpnEndpointId"))
        .set_target_network_cidr(request.text("TargetNetworkCidr"))
        .set_access_group_id(request.text("AccessGroupId"))
        .set_authorize_all_groups(request.boolean("AuthorizeAllGroups"))
        .set_description(request.text("Description"))
        .set_client_token(request.text("ClientToken"))
        .set_dry_run(request.boolean("DryRun"))
        .send()
        .await;
    finish(sent, call, |output| Object::default().put("Status", status_of!(output.status)))
}

pub async fn revoke(client: &Client, call: &Call<'_>, request: &Document) -> Result<Answer, Failure> {
    let sent = client
        .revoke_client_vpn_ingress()
        .set_client_vpn_endpoint_id(request.text("ClientVpnEndpointId"))
        .set_target_network_cidr(request.text("TargetNetworkCidr"))
        .set_access_group_id(request.text("AccessGroupId"))
        .set_revoke_all_groups(request.boolean("RevokeAllGroups"))
        .set_dry_run(request.boolean("DryRun"))
        .send()
        .await;
    finish(sent, call, |output| Object::default().put("Status", status_of!(output.status)))
}

fn rule(rule: &types::AuthorizationRule) -> Value {
    Object::default()
        .text("ClientVpnEndpointId", rule.client_vpn_endpoint_id.as_deref())
        .text("Description", rule.description.as_deref())
        .text("GroupId", rule.group_id.as_deref())
        .flag("AccessAll", rule.access_all)
        .text("DestinationCidr", rule.destination_cidr.as_deref())
        .put("Status", status_of!(rule.status))
        .done()
}

pub async fn describe(client: &Client, call: &Call<'_>, request: &Document) -> Result<Answer, Failure> {
    let sent = client
        .describe_client_vpn_authorization_rules()
        .set_client_vpn_endpoint_id(request.text("ClientVpnEndpointId"))
        .set_dry_run(request.boolean("DryRun"))
        .set_next_token(request.text("NextToken"))
        .set_filters(filters(request))
        .set_max_results(request.integer("MaxResults"))
        .send()
        .await;
    finish(sent, call, |output| {
        Object::default()
            .put("AuthorizationRules", list(output.authorization_rules.as_ref(), rule))
            .text("NextToken", output.next_token.as_deref())
    })
}

pub async fn get_policy(client: &Client, call: &Call<'_>, request: &Document) -> Result<Answer, Failure> {
    let sent = client
        .get_client_vpn_endpoint_authorization_policy()
        .set_client_vpn_endpoint_id(request.text("ClientVpnEndpointId"))
        .set_dry_run(request.boolean("DryRun"))
        .send()
        .await;
    finish(sent, call, |output| {
        Object::default()
            .text("ClientVpnEndpointId", output.client_vpn_endpoint_id.as_deref())
            .text("PolicyDocument", output.policy_document.as_deref())
            .text("Description", output.description.as_deref())
            .text("ShadowMode", output.shadow_mode.as_ref().map(|mode| mode.as_str()))
            .text("Status", output.status.as_ref().map(|status| status.as_str()))
    })
}

pub async fn modify_policy(client: &Client, call: &Call<'_>, request: &Document) -> Result<Answer, Failure> {
    let sent = client
        .modify_client_vpn_endpoint_authorization_policy()
        .set_client_vpn_endpoint_id(request.text("ClientVpnEndpointId"))
        .set_policy_document(request.text("PolicyDocument"))
        .set_description(request.text("Description"))
        .set_shadow_mode(request.text("ShadowMode").as_deref().map(types::ClientVpnAuthorizationPolicyShadowMode::from))
        .set_client_token(request.text("ClientToken"))
        .set_dry_run(request.boolean("DryRun"))
        .send()
        .await;
    finish(sent, call, |output| Object::default().text("Status", output.status.as_ref().map(|status| status.as_str())))
}

pub async fn delete_policy(client: &Client, call: &Call<'_>, request: &Document) -> Result<Answer, Failure> {
    let sent = client
        .delete_client_vpn_endpoint_authorization_policy()
        .set_client_vpn_endpoint_id(request.text("ClientVpnEndpointId"))
        .set_dry_run(request.boolean("DryRun"))
        .send()
        .await;
    finish(sent, call, |output| Object::default().text("Status", output.status.as_ref().map(|status| status.as_str())))
}
