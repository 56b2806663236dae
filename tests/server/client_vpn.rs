//! Everything an endpoint holds beyond its settings, as EC2 keeps it: target-network
//! associations, authorization rules, routes, connections, the certificate revocation list, the
//! authorization policy and transit gateway attachments; the actions that change them, with
//! EC2's element names, codes and wordings (EC2 API reference and its errors overview); and the
//! states they pass through.
//!
//! A change leaves its resource in a pending state (associating, authorizing, creating,
//! disassociating, revoking, deleting). Every Client VPN describe in the region is a tick: after
//! `settle_after` ticks (2 by default, so a poll sees the pending state once) the resource
//! settles, as on AWS: the first association makes the endpoint available and adds the VPC's
//! route, the last disassociation makes it pending-associate again. A test can settle everything
//! at once (`step`), freeze the states, or make pending changes fail.

use std::collections::HashMap;

use super::network::{VPC_CIDR, VPC_ID};
use super::{DRY_RUN_MESSAGE, Endpoint, State, element, error, success};

type Answer = (u16, String, String);
type Fields = HashMap<String, String>;

#[derive(Debug, Clone)]
pub struct Association {
    pub region: String,
    pub endpoint: String,
    pub id: String,
    pub subnet: String,
    pub vpc: String,
    pub zone: String,
    pub state: String,
    pub security_groups: Vec<String>,
    ticks: u32,
}

#[derive(Debug, Clone)]
pub struct Rule {
    pub region: String,
    pub endpoint: String,
    pub cidr: String,
    pub group: Option<String>,
    pub description: Option<String>,
    pub state: String,
    ticks: u32,
}

#[derive(Debug, Clone)]
pub struct Route {
    pub region: String,
    pub endpoint: String,
    pub destination: String,
    pub subnet: String,
    pub origin: String,
    pub description: Option<String>,
    pub state: String,
    ticks: u32,
}

#[derive(Debug, Clone)]
pub struct Connection {
    pub region: String,
    pub endpoint: String,
    pub id: String,
    pub common_name: String,
    pub state: String,
    ticks: u32,
}

#[derive(Debug, Clone)]
pub struct Attachment {
    pub region: String,
    pub id: String,
    pub endpoint: String,
    pub state: String,
    ticks: u32,
}

#[derive(Debug, Clone, Default)]
pub struct Policy {
    pub document: Option<String>,
    pub description: Option<String>,
    pub shadow_mode: Option<String>,
    pub state: String,
    ticks: u32,
}

/// How the pending states move.
#[derive(Debug, Clone, Copy)]
pub struct Transitions {
    /// Ticks (Client VPN describes in the region) before a pending state settles.
    pub settle_after: u32,
    /// Nothing settles.
    pub frozen: bool,
    /// Pending changes settle in their failed state (association-failed, failed).
    pub failing: bool,
}

impl Default for Transitions {
    fn default() -> Self {
        Transitions { settle_after: 2, frozen: false, failing: false }
    }
}

/// (action, region, token).
type TokenKey = (String, String, String);

#[derive(Debug, Default)]
pub struct Resources {
    pub associations: Vec<Association>,
    pub rules: Vec<Rule>,
    pub routes: Vec<Route>,
    pub connections: Vec<Connection>,
    pub attachments: Vec<Attachment>,
    /// Endpoint id → the imported CRL and its status.
    pub revocation_lists: HashMap<String, (String, String)>,
    pub policies: HashMap<String, Policy>,
    /// Endpoint id → ticks left before a deleting endpoint is deleted.
    deleting: HashMap<String, u32>,
    /// What each ClientToken made, and the request it was made for.
    tokens: HashMap<TokenKey, (String, Vec<(String, String)>)>,
    pub transitions: Transitions,
    counter: u64,
}

/// An ID as EC2 makes them: the prefix and 17 hex digits.
fn next_id(resources: &mut Resources, prefix: &str) -> String {
    resources.counter += 1;
    format!("{prefix}{:017x}", 0x0a1b_2c3d_0000 + resources.counter)
}

fn code(state: &str) -> String {
    format!("<status>{}</status>", element("code", state))
}

fn numbered(fields: &Fields, prefix: &str) -> Vec<String> {
    (1..).map_while(|n| fields.get(&format!("{prefix}.{n}")).cloned()).collect()
}

fn filters(fields: &Fields) -> Vec<(String, Vec<String>)> {
    let mut filters = Vec::new();
    for n in 1.. {
        let Some(name) = fields.get(&format!("Filter.{n}.Name")) else { break };
        filters.push((name.clone(), numbered(fields, &format!("Filter.{n}.Value"))));
    }
    filters
}

fn missing(parameter: &str, request_id: &str) -> Answer {
    error(400, "MissingParameter", &format!("The request must contain the parameter {parameter}"), request_id)
}

fn endpoint_not_found(id: &str, request_id: &str) -> Answer {
    error(400, "InvalidClientVpnEndpointId.NotFound", &format!("Endpoint {id} does not exist"), request_id)
}

/// The request's endpoint, when it exists in the region (and is not deleted).
fn endpoint<'a>(state: &'a mut State, fields: &Fields, region: &str) -> Result<&'a mut Endpoint, String> {
    let id = fields.get("ClientVpnEndpointId").cloned().unwrap_or_default();
    state.endpoints.iter_mut().find(|endpoint| endpoint.region == region && endpoint.id == id).ok_or(id)
}

/// The form without what does not make a request different (its token and DryRun).
fn parameters(fields: &Fields) -> Vec<(String, String)> {
    let mut parameters: Vec<(String, String)> = fields
        .iter()
        .filter(|(key, _)| !matches!(key.as_str(), "Action" | "Version" | "ClientToken" | "DryRun"))
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect();
    parameters.sort();
    parameters
}

/// A token seen before: what it made, or IdempotentParameterMismatch for other parameters.
fn earlier(
    state: &State,
    action: &str,
    region: &str,
    fields: &Fields,
    request_id: &str,
) -> Option<Result<String, Answer>> {
    let token = fields.get("ClientToken")?;
    let (made, request) = state.vpn.tokens.get(&(action.to_owned(), region.to_owned(), token.clone()))?;
    Some(if *request == parameters(fields) {
        Ok(made.clone())
    } else {
        Err(error(
            400,
            "IdempotentParameterMismatch",
            "The client token you have provided is associated with a resource that is already deleted or has different parameters. Please provide a new client token.",
            request_id,
        ))
    })
}

fn remember(state: &mut State, action: &str, region: &str, fields: &Fields, made: &str) {
    if let Some(token) = fields.get("ClientToken") {
        state
            .vpn
            .tokens
            .insert((action.to_owned(), region.to_owned(), token.clone()), (made.to_owned(), parameters(fields)));
    }
}

/// One tick of every pending state in the region.
pub(super) fn tick(state: &mut State, region: &str) {
    let transitions = state.vpn.transitions;
    if transitions.frozen {
        return;
    }
    let due = |ticks: &mut u32| {
        *ticks = ticks.saturating_sub(1);
        *ticks == 0
    };
    let mut endpoints_touched: Vec<String> = Vec::new();
    let mut new_routes: Vec<Route> = Vec::new();
    let mut gone_subnets: Vec<(String, String)> = Vec::new();
    for association in state.vpn.associations.iter_mut().filter(|a| a.region == region) {
        match association.state.as_str() {
            "associating" if due(&mut association.ticks) => {
                if transitions.failing {
                    association.state = "association-failed".into();
                    continue;
                }
                association.state = "associated".into();
                endpoints_touched.push(association.endpoint.clone());
                new_routes.push(Route {
                    region: region.to_owned(),
                    endpoint: association.endpoint.clone(),
                    destination: VPC_CIDR.to_owned(),
                    subnet: association.subnet.clone(),
                    origin: "associate".into(),
                    description: Some("Default Route".into()),
                    state: "active".into(),
                    ticks: 0,
                });
            }
            "disassociating" if due(&mut association.ticks) => {
                association.state = "disassociated".into();
                endpoints_touched.push(association.endpoint.clone());
                gone_subnets.push((association.endpoint.clone(), association.subnet.clone()));
            }
            _ => {}
        }
    }
    state.vpn.routes.extend(new_routes);
    let associations = state.vpn.associations.clone();
    // A disassociated subnet takes every route that targets it along, the manual ones too.
    state.vpn.routes.retain(|route| {
        !gone_subnets.iter().any(|(endpoint, subnet)| *endpoint == route.endpoint && *subnet == route.subnet)
    });
    state.vpn.routes.retain(|route| {
        route.origin != "associate"
            || associations
                .iter()
                .any(|a| a.endpoint == route.endpoint && a.subnet == route.subnet && a.state == "associated")
    });
    for endpoint in state.endpoints.iter_mut().filter(|e| endpoints_touched.contains(&e.id)) {
        let associated = associations.iter().any(|a| a.endpoint == endpoint.id && a.state == "associated");
        if endpoint.status == "pending-associate" || endpoint.status == "available" {
            endpoint.status = if associated { "available" } else { "pending-associate" }.into();
        }
        // The groups belong to the associations: with the last one gone, the next association
        // gets the VPC's default group again.
        let live = associations.iter().any(|a| a.endpoint == endpoint.id && a.state != "disassociated");
        if !live {
            endpoint.parameters.retain(|(key, _)| !key.starts_with("SecurityGroupId."));
            // The last disassociation ends every connection.
            for connection in state.vpn.connections.iter_mut().filter(|c| c.endpoint == endpoint.id) {
                if connection.state == "active" {
                    connection.state = "terminated".into();
                }
            }
        }
        if associated && endpoint.parameters.iter().all(|(key, _)| key != "VpcId") {
            endpoint.parameters.push(("VpcId".into(), VPC_ID.into()));
        }
        // As AWS does: the VPC's default security group, when the endpoint was given none.
        if associated && endpoint.parameters.iter().all(|(key, _)| !key.starts_with("SecurityGroupId.")) {
            let group = state.network.default_group(VPC_ID);
            endpoint.parameters.push(("SecurityGroupId.1".into(), group));
        }
    }
    let failed = if transitions.failing { "failed" } else { "active" };
    for rule in state.vpn.rules.iter_mut().filter(|r| r.region == region) {
        if rule.state == "authorizing" && due(&mut rule.ticks) {
            rule.state = failed.into();
        } else if rule.state == "revoking" && due(&mut rule.ticks) {
            rule.state = "gone".into();
        }
    }
    state.vpn.rules.retain(|rule| rule.state != "gone");
    for route in state.vpn.routes.iter_mut().filter(|r| r.region == region) {
        if route.state == "creating" && due(&mut route.ticks) {
            route.state = failed.into();
        } else if route.state == "deleting" && due(&mut route.ticks) {
            route.state = "gone".into();
        }
    }
    state.vpn.routes.retain(|route| route.state != "gone");
    for connection in state.vpn.connections.iter_mut().filter(|c| c.region == region) {
        if connection.state == "terminating" && due(&mut connection.ticks) {
            connection.state = "terminated".into();
        }
    }
    for (_, (_, status)) in state.vpn.revocation_lists.iter_mut() {
        *status = "active".into();
    }
    for attachment in state.vpn.attachments.iter_mut().filter(|a| a.region == region) {
        match attachment.state.as_str() {
            "pending" if due(&mut attachment.ticks) => attachment.state = "available".into(),
            "deleting" if due(&mut attachment.ticks) => attachment.state = "deleted".into(),
            _ => {}
        }
    }
    for policy in state.vpn.policies.values_mut() {
        if matches!(policy.state.as_str(), "creating" | "updating") && due(&mut policy.ticks) {
            policy.state = "active".into();
        }
    }
    state.vpn.policies.retain(|_, policy| policy.state != "deleting");
    // A deleted endpoint is listed once as deleted, then gone.
    state.endpoints.retain(|endpoint| !(endpoint.region == region && endpoint.status == "deleted"));
    let mut deleted = Vec::new();
    for (id, ticks) in state.vpn.deleting.iter_mut() {
        if due(ticks) {
            deleted.push(id.clone());
        }
    }
    for id in deleted {
        state.vpn.deleting.remove(&id);
        if let Some(endpoint) = state.endpoints.iter_mut().find(|e| e.id == id) {
            endpoint.status = "deleted".into();
        }
    }
}

/// Settles every pending state now.
pub(super) fn settle(state: &mut State) {
    let saved = state.vpn.transitions;
    state.vpn.transitions = Transitions { settle_after: 1, frozen: false, failing: saved.failing };
    let regions: Vec<String> = state.endpoints.iter().map(|e| e.region.clone()).collect();
    for region in regions {
        for _ in 0..saved.settle_after.max(1) + 1 {
            tick(state, &region);
        }
    }
    state.vpn.transitions = saved;
}

/// The items of one page, and the next token, for a Client VPN describe.
fn page(items: Vec<String>, fields: &Fields, list: &str, request_id: &str) -> Result<String, Answer> {
    let (size, start) = super::page_window(fields, request_id)?;
    let end = size.map_or(items.len(), |size| (start + size).min(items.len()));
    let shown: String = items.get(start..end).unwrap_or_default().concat();
    let list = if shown.is_empty() { format!("<{list}/>") } else { format!("<{list}>{shown}</{list}>") };
    let next = if end < items.len() { element("nextToken", &super::page_token(end)) } else { String::new() };
    Ok(format!("    {list}\n    {next}\n"))
}

/// Keeps the items every filter matches; a filter name the describe does not know is refused.
fn filtered<T>(
    items: Vec<T>,
    fields: &Fields,
    known: &[&str],
    value: impl Fn(&T, &str) -> Option<String>,
    request_id: &str,
) -> Result<Vec<T>, Answer> {
    let filters = filters(fields);
    if let Some((name, _)) = filters.iter().find(|(name, _)| !known.contains(&name.as_str())) {
        return Err(error(400, "InvalidParameterValue", &format!("The filter '{name}' is invalid"), request_id));
    }
    Ok(items
        .into_iter()
        .filter(|item| {
            filters.iter().all(|(name, values)| value(item, name).is_some_and(|actual| values.contains(&actual)))
        })
        .collect())
}

fn association_xml(association: &Association) -> String {
    let groups: String = association.security_groups.iter().map(|group| element("item", group)).collect();
    format!(
        "<item>{}{}{}{}{}<securityGroups>{groups}</securityGroups></item>",
        element("associationId", &association.id),
        element("vpcId", &association.vpc),
        element("targetNetworkId", &association.subnet),
        element("clientVpnEndpointId", &association.endpoint),
        code(&association.state),
    )
}

fn rule_xml(rule: &Rule) -> String {
    format!(
        "<item>{}{}{}{}{}{}</item>",
        element("clientVpnEndpointId", &rule.endpoint),
        rule.description.as_deref().map(|text| element("description", text)).unwrap_or_default(),
        element("groupId", rule.group.as_deref().unwrap_or("")),
        element("accessAll", if rule.group.is_none() { "true" } else { "false" }),
        element("destinationCidr", &rule.cidr),
        code(&rule.state),
    )
}

fn route_xml(route: &Route) -> String {
    format!(
        "<item>{}{}{}{}{}{}{}</item>",
        element("clientVpnEndpointId", &route.endpoint),
        element("destinationCidr", &route.destination),
        element("targetSubnet", &route.subnet),
        element("type", "Nat"),
        element("origin", &route.origin),
        code(&route.state),
        route.description.as_deref().map(|text| element("description", text)).unwrap_or_default(),
    )
}

fn connection_xml(connection: &Connection) -> String {
    let ended = if connection.state == "active" { "-" } else { "2026-11-28 11:00:00" };
    format!(
        "<item>{}{}{}{}{}{}{}{}{}{}{}{}</item>",
        element("clientVpnEndpointId", &connection.endpoint),
        element("timestamp", "2026-11-28 11:00:00"),
        element("connectionId", &connection.id),
        element("connectionEstablishedTime", "2026-11-28 10:00:00"),
        element("ingressBytes", "1024"),
        element("egressBytes", "2048"),
        element("ingressPackets", "10"),
        element("egressPackets", "20"),
        element("clientIp", "10.0.0.2"),
        element("commonName", &connection.common_name),
        code(&connection.state),
        element("connectionEndTime", ended),
    )
}

fn attachment_xml(attachment: &Attachment) -> String {
    format!(
        "    <transitGatewayClientVpnAttachment>{}{}{}{}{}{}</transitGatewayClientVpnAttachment>\n",
        element("transitGatewayAttachmentId", &attachment.id),
        element("transitGatewayId", "tgw-0a1b2c3d4e5f60718"),
        element("clientVpnEndpointId", &attachment.endpoint),
        element("clientVpnOwnerId", "123456789012"),
        element("state", &attachment.state),
        element("creationTime", "2026-11-28T10:00:00.000Z"),
    )
}

/// The OpenVPN configuration AWS exports for an endpoint (the aws CLI's example's lines).
/// The configuration AWS exports: `<ca>` holds the chain imported with the server certificate
/// (the local CA when the certificate is not in the local ACM, or came without a chain).
pub fn client_configuration(endpoint: &Endpoint, certificates: &[super::acm::Certificate]) -> String {
    let chain = endpoint.parameter("ServerCertificateArn").and_then(|arn| {
        certificates.iter().find(|certificate| certificate.arn == arn).and_then(|certificate| certificate.chain.clone())
    });
    let protocol = endpoint.parameter("TransportProtocol").unwrap_or("udp");
    let port = endpoint.parameter("VpnPort").unwrap_or("443");
    format!(
        "client\ndev tun\nproto {protocol}\nremote {}.prod.clientvpn.{}.amazonaws.com {port}\nremote-random-hostname\nresolv-retry infinite\nnobind\nremote-cert-tls server\ncipher AES-256-GCM\nverb 3\n<ca>\n{}\n</ca>\n\nreneg-sec 0\n",
        endpoint.id,
        endpoint.region,
        chain.as_deref().unwrap_or(LOCAL_CA).trim_end()
    )
}

/// The CA the local endpoints' configurations carry.
pub const LOCAL_CA: &str = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUY3Zwbi1sb2NhbC1jYS0wMDAwMDAwMTAKBggqhkjOPQQD\nAjAUMRIwEAYDVQQDDAljdnBuLWxvY2FsMB4XDTI2MDEwMTAwMDAwMFoXDTM2MDEw\n-----END CERTIFICATE-----\n";

/// The answer to a Client VPN action other than create and describe-endpoints; `None` for an
/// action this module does not serve.
pub(super) fn answer(
    action: &str,
    fields: &Fields,
    region: &str,
    request_id: &str,
    state: &mut State,
) -> Option<Answer> {
    let dry_run = fields.get("DryRun").map(String::as_str) == Some("true");
    let describe = action.starts_with("DescribeClientVpn") || action.starts_with("Get") || action.starts_with("Export");
    if describe {
        tick(state, region);
    }
    let settle_after = state.vpn.transitions.settle_after.max(1);
    let required: &[&str] = match action {
        "AcceptTransitGatewayClientVpnAttachment"
        | "RejectTransitGatewayClientVpnAttachment"
        | "DeleteTransitGatewayClientVpnAttachment" => &["TransitGatewayAttachmentId"],
        "DisassociateClientVpnTargetNetwork" => &["ClientVpnEndpointId", "AssociationId"],
        "AuthorizeClientVpnIngress" | "RevokeClientVpnIngress" => &["ClientVpnEndpointId", "TargetNetworkCidr"],
        "CreateClientVpnRoute" | "DeleteClientVpnRoute" => &["ClientVpnEndpointId", "DestinationCidrBlock"],
        "ApplySecurityGroupsToClientVpnTargetNetwork" => &["ClientVpnEndpointId", "VpcId", "SecurityGroupId.1"],
        "ImportClientVpnClientCertificateRevocationList" => &["ClientVpnEndpointId", "CertificateRevocationList"],
        "ModifyClientVpnEndpoint"
        | "DeleteClientVpnEndpoint"
        | "AssociateClientVpnTargetNetwork"
        | "DescribeClientVpnTargetNetworks"
        | "DescribeClientVpnAuthorizationRules"
        | "DescribeClientVpnRoutes"
        | "DescribeClientVpnConnections"
        | "TerminateClientVpnConnections"
        | "ExportClientVpnClientConfiguration"
        | "ExportClientVpnClientCertificateRevocationList"
        | "GetClientVpnEndpointAuthorizationPolicy"
        | "ModifyClientVpnEndpointAuthorizationPolicy"
        | "DeleteClientVpnEndpointAuthorizationPolicy" => &["ClientVpnEndpointId"],
        _ => return None,
    };
    if let Some(name) = required.iter().find(|name| !fields.contains_key(**name)) {
        return Some(missing(name.trim_end_matches(".1"), request_id));
    }
    if dry_run {
        return Some(error(412, "DryRunOperation", DRY_RUN_MESSAGE, request_id));
    }
    if action.contains("TransitGatewayClientVpnAttachment") {
        return Some(attachment_answer(action, fields, region, request_id, state, settle_after));
    }
    let endpoint_id = match endpoint(state, fields, region) {
        Ok(endpoint) => endpoint.id.clone(),
        Err(id) => return Some(endpoint_not_found(&id, request_id)),
    };
    let text = |name: &str| fields.get(name).cloned();
    let ok = |members: String| success(action, request_id, &members);
    Some(match action {
        "ModifyClientVpnEndpoint" => {
            if let Some(port) = text("VpnPort").filter(|port| port != "443" && port != "1194") {
                return Some(error(
                    400,
                    "InvalidParameterValue",
                    &format!("Invalid VPN port {port}. Valid ports are 443 and 1194."),
                    request_id,
                ));
            }
            let endpoint = endpoint(state, fields, region).expect("found above");
            for key in ["ServerCertificateArn", "VpnPort", "Description", "SplitTunnel", "VpcId", "SessionTimeoutHours"]
            {
                if let Some(value) = text(key) {
                    endpoint.parameters.retain(|(existing, _)| existing != key);
                    endpoint.parameters.push((key.to_owned(), value));
                }
            }
            if fields.contains_key("DnsServers.Enabled") || fields.contains_key("DnsServers.CustomDnsServers.1") {
                endpoint.parameters.retain(|(key, _)| !key.starts_with("DnsServers."));
                if fields.get("DnsServers.Enabled").map(String::as_str) != Some("false") {
                    for (n, server) in numbered(fields, "DnsServers.CustomDnsServers").into_iter().enumerate() {
                        endpoint.parameters.push((format!("DnsServers.{}", n + 1), server));
                    }
                }
            }
            let groups = numbered(fields, "SecurityGroupId");
            if !groups.is_empty() {
                endpoint.parameters.retain(|(key, _)| !key.starts_with("SecurityGroupId."));
                for (n, group) in groups.into_iter().enumerate() {
                    endpoint.parameters.push((format!("SecurityGroupId.{}", n + 1), group));
                }
            }
            ok("    <return>true</return>\n".into())
        }
        "DeleteClientVpnEndpoint" => {
            let live: Vec<&Association> = state
                .vpn
                .associations
                .iter()
                .filter(|a| a.endpoint == endpoint_id && a.state != "disassociated")
                .collect();
            if let Some(association) = live.first() {
                return Some(error(
                    400,
                    "ClientVpnEndpointAssociationExists",
                    &format!("The endpoint that you're trying to delete has associations {}", association.id),
                    request_id,
                ));
            }
            let endpoint = endpoint(state, fields, region).expect("found above");
            endpoint.status = "deleting".into();
            state.vpn.deleting.insert(endpoint_id.clone(), settle_after);
            ok(format!("    {}\n", code("deleting")))
        }
        "AssociateClientVpnTargetNetwork" => {
            match earlier(state, action, region, fields, request_id) {
                Some(Ok(id)) => {
                    let association = state.vpn.associations.iter().find(|a| a.id == id).expect("made earlier");
                    return Some(ok(format!(
                        "    {}\n    {}\n",
                        element("associationId", &id),
                        code(&association.state)
                    )));
                }
                Some(Err(answer)) => return Some(answer),
                None => {}
            }
            let Some(subnet) = text("SubnetId") else { return Some(missing("SubnetId", request_id)) };
            let subnets = super::network::all_subnets();
            let Some((_, _, zone, vpc)) = subnets.iter().find(|(id, _, _, _)| *id == subnet) else {
                return Some(error(
                    400,
                    "InvalidSubnetID.NotFound",
                    &format!("The subnet ID '{subnet}' does not exist"),
                    request_id,
                ));
            };
            let zone = format!("{region}{zone}");
            let live = |a: &&Association| a.endpoint == endpoint_id && a.state != "disassociated";
            if state.vpn.associations.iter().filter(live).any(|a| a.subnet == subnet) {
                return Some(error(
                    400,
                    "InvalidClientVpnDuplicateAssociationException",
                    "The specified target network has already been associated with the Client VPN endpoint.",
                    request_id,
                ));
            }
            if state.vpn.associations.iter().filter(live).any(|a| a.zone == zone) {
                return Some(error(
                    400,
                    "InvalidClientVpnSubnetId.DuplicateAz",
                    "A subnet in this Availability Zone is already associated with the Client VPN endpoint.",
                    request_id,
                ));
            }
            let id = next_id(&mut state.vpn, "cvpn-assoc-");
            let endpoint_groups: Vec<String> = state
                .endpoints
                .iter()
                .find(|e| e.id == endpoint_id)
                .map(|e| e.numbered("SecurityGroupId").into_iter().map(str::to_owned).collect())
                .unwrap_or_default();
            let security_groups =
                if endpoint_groups.is_empty() { vec![state.network.default_group(vpc)] } else { endpoint_groups };
            state.vpn.associations.push(Association {
                region: region.to_owned(),
                endpoint: endpoint_id,
                id: id.clone(),
                subnet,
                vpc: (*vpc).to_owned(),
                zone,
                state: "associating".into(),
                security_groups,
                ticks: settle_after,
            });
            remember(state, action, region, fields, &id);
            ok(format!("    {}\n    {}\n", element("associationId", &id), code("associating")))
        }
        "DisassociateClientVpnTargetNetwork" => {
            let id = text("AssociationId").unwrap_or_default();
            let Some(association) = state
                .vpn
                .associations
                .iter_mut()
                .find(|a| a.id == id && a.endpoint == endpoint_id && a.state != "disassociated")
            else {
                return Some(error(
                    400,
                    "InvalidClientVpnAssociationIdNotFound",
                    "The specified target network association cannot be found.",
                    request_id,
                ));
            };
            association.state = "disassociating".into();
            association.ticks = settle_after;
            ok(format!("    {}\n    {}\n", element("associationId", &id), code("disassociating")))
        }
        "DescribeClientVpnTargetNetworks" => {
            let ids = numbered(fields, "AssociationIds");
            let items: Vec<Association> = state
                .vpn
                .associations
                .iter()
                .filter(|a| a.endpoint == endpoint_id && (ids.is_empty() || ids.contains(&a.id)))
                .cloned()
                .collect();
            let value = |a: &Association, name: &str| match name {
                "association-id" => Some(a.id.clone()),
                "target-network-id" => Some(a.subnet.clone()),
                "vpc-id" => Some(a.vpc.clone()),
                _ => None,
            };
            let known = ["association-id", "target-network-id", "vpc-id"];
            match filtered(items, fields, &known, value, request_id) {
                Ok(items) => {
                    let items = items.iter().map(association_xml).collect();
                    match page(items, fields, "clientVpnTargetNetworks", request_id) {
                        Ok(members) => ok(members),
                        Err(answer) => answer,
                    }
                }
                Err(answer) => answer,
            }
        }
        "ApplySecurityGroupsToClientVpnTargetNetwork" => {
            let vpc = text("VpcId").unwrap_or_default();
            if vpc != VPC_ID {
                return Some(error(
                    400,
                    "InvalidParameterValue",
                    &format!("The VPC {vpc} is not the VPC of the Client VPN endpoint's target networks"),
                    request_id,
                ));
            }
            let groups = numbered(fields, "SecurityGroupId");
            for association in state.vpn.associations.iter_mut().filter(|a| a.endpoint == endpoint_id) {
                association.security_groups = groups.clone();
            }
            if let Some(endpoint) = state.endpoints.iter_mut().find(|e| e.id == endpoint_id) {
                endpoint.parameters.retain(|(key, _)| !key.starts_with("SecurityGroupId."));
                for (n, group) in groups.iter().enumerate() {
                    endpoint.parameters.push((format!("SecurityGroupId.{}", n + 1), group.clone()));
                }
            }
            let items: String = groups.iter().map(|group| element("item", group)).collect();
            ok(format!("    <securityGroupIds>{items}</securityGroupIds>\n"))
        }
        "AuthorizeClientVpnIngress" => {
            match earlier(state, action, region, fields, request_id) {
                Some(Ok(_)) => return Some(ok(format!("    {}\n", code("authorizing")))),
                Some(Err(answer)) => return Some(answer),
                None => {}
            }
            let group = text("AccessGroupId");
            let all = fields.get("AuthorizeAllGroups").map(String::as_str) == Some("true");
            if group.is_none() && !all {
                return Some(error(
                    400,
                    "MissingParameter",
                    "You must specify either access-group-id or authorize-all-groups",
                    request_id,
                ));
            }
            let cidr = text("TargetNetworkCidr").unwrap_or_default();
            if state.vpn.rules.iter().any(|r| r.endpoint == endpoint_id && r.cidr == cidr && r.group == group) {
                return Some(error(
                    400,
                    "InvalidClientVpnDuplicateAuthorizationRule",
                    "The specified authorization has already been added.",
                    request_id,
                ));
            }
            state.vpn.rules.push(Rule {
                region: region.to_owned(),
                endpoint: endpoint_id,
                cidr: cidr.clone(),
                group,
                description: text("Description"),
                state: "authorizing".into(),
                ticks: settle_after,
            });
            remember(state, action, region, fields, &cidr);
            ok(format!("    {}\n", code("authorizing")))
        }
        "RevokeClientVpnIngress" => {
            let cidr = text("TargetNetworkCidr").unwrap_or_default();
            let group = text("AccessGroupId");
            let all = fields.get("RevokeAllGroups").map(String::as_str) == Some("true");
            let Some(rule) = state.vpn.rules.iter_mut().find(|r| {
                r.endpoint == endpoint_id
                    && r.cidr == cidr
                    && r.state != "revoking"
                    && (r.group == group || (all && r.group.is_none()))
            }) else {
                return Some(error(
                    400,
                    "InvalidClientVpnEndpointAuthorizationRuleNotFound",
                    "The specified authorization rule cannot be found.",
                    request_id,
                ));
            };
            rule.state = "revoking".into();
            rule.ticks = settle_after;
            ok(format!("    {}\n", code("revoking")))
        }
        "DescribeClientVpnAuthorizationRules" => {
            let items: Vec<Rule> = state.vpn.rules.iter().filter(|r| r.endpoint == endpoint_id).cloned().collect();
            let value = |r: &Rule, name: &str| match name {
                "description" => r.description.clone(),
                "destination-cidr" => Some(r.cidr.clone()),
                "group-id" => Some(r.group.clone().unwrap_or_default()),
                _ => None,
            };
            let known = ["description", "destination-cidr", "group-id"];
            match filtered(items, fields, &known, value, request_id)
                .and_then(|items| page(items.iter().map(rule_xml).collect(), fields, "authorizationRule", request_id))
            {
                Ok(members) => ok(members),
                Err(answer) => answer,
            }
        }
        "CreateClientVpnRoute" => {
            match earlier(state, action, region, fields, request_id) {
                Some(Ok(_)) => return Some(ok(format!("    {}\n", code("creating")))),
                Some(Err(answer)) => return Some(answer),
                None => {}
            }
            let destination = text("DestinationCidrBlock").unwrap_or_default();
            let subnet = text("TargetVpcSubnetId").unwrap_or_else(|| "local".into());
            let associated = state.vpn.associations.iter().any(|a| {
                a.endpoint == endpoint_id && a.state == "associated" && (a.subnet == subnet || subnet == "local")
            });
            if !associated {
                return Some(error(
                    400,
                    "InvalidClientVpnActiveAssociationNotFound",
                    "You cannot perform this action on the Client VPN endpoint while it is in the pending-association state.",
                    request_id,
                ));
            }
            if state
                .vpn
                .routes
                .iter()
                .any(|r| r.endpoint == endpoint_id && r.destination == destination && r.subnet == subnet)
            {
                return Some(error(400, "InvalidClientVpnDuplicateRoute", "Route already exists", request_id));
            }
            state.vpn.routes.push(Route {
                region: region.to_owned(),
                endpoint: endpoint_id,
                destination: destination.clone(),
                subnet,
                origin: "add-route".into(),
                description: text("Description"),
                state: "creating".into(),
                ticks: settle_after,
            });
            remember(state, action, region, fields, &destination);
            ok(format!("    {}\n", code("creating")))
        }
        "DeleteClientVpnRoute" => {
            let destination = text("DestinationCidrBlock").unwrap_or_default();
            let subnet = text("TargetVpcSubnetId");
            let Some(route) = state.vpn.routes.iter_mut().find(|r| {
                r.endpoint == endpoint_id
                    && r.destination == destination
                    && subnet.as_ref().is_none_or(|subnet| *subnet == r.subnet)
                    && r.state != "deleting"
            }) else {
                return Some(error(
                    400,
                    "InvalidClientVpnRouteNotFound",
                    "The specified route cannot be found.",
                    request_id,
                ));
            };
            if route.origin == "associate" {
                return Some(error(
                    400,
                    "InvalidParameterValue",
                    "A route added by a target network association cannot be deleted; disassociate the subnet instead.",
                    request_id,
                ));
            }
            route.state = "deleting".into();
            route.ticks = settle_after;
            ok(format!("    {}\n", code("deleting")))
        }
        "DescribeClientVpnRoutes" => {
            let items: Vec<Route> = state.vpn.routes.iter().filter(|r| r.endpoint == endpoint_id).cloned().collect();
            let value = |r: &Route, name: &str| match name {
                "destination-cidr" => Some(r.destination.clone()),
                "origin" => Some(r.origin.clone()),
                "target-subnet" => Some(r.subnet.clone()),
                _ => None,
            };
            let known = ["destination-cidr", "origin", "target-subnet"];
            match filtered(items, fields, &known, value, request_id)
                .and_then(|items| page(items.iter().map(route_xml).collect(), fields, "routes", request_id))
            {
                Ok(members) => ok(members),
                Err(answer) => answer,
            }
        }
        "ExportClientVpnClientConfiguration" => {
            let certificates = state.certificates.clone();
            let endpoint = endpoint(state, fields, region).expect("found above");
            ok(format!("    {}\n", element("clientConfiguration", &client_configuration(endpoint, &certificates))))
        }
        "ImportClientVpnClientCertificateRevocationList" => {
            let crl = text("CertificateRevocationList").unwrap_or_default();
            if !crl.trim_start().starts_with("-----BEGIN X509 CRL-----") {
                return Some(error(
                    400,
                    "InvalidParameterValue",
                    "The certificate revocation list is not valid.",
                    request_id,
                ));
            }
            state.vpn.revocation_lists.insert(endpoint_id, (crl, "pending".into()));
            ok("    <return>true</return>\n".into())
        }
        "ExportClientVpnClientCertificateRevocationList" => match state.vpn.revocation_lists.get(&endpoint_id) {
            Some((crl, status)) => {
                ok(format!("    {}\n    {}\n", element("certificateRevocationList", crl), code(status)))
            }
            None => ok(format!("    {}\n", code("pending"))),
        },
        "DescribeClientVpnConnections" => {
            let items: Vec<Connection> =
                state.vpn.connections.iter().filter(|c| c.endpoint == endpoint_id).cloned().collect();
            let value = |c: &Connection, name: &str| match name {
                "connection-id" => Some(c.id.clone()),
                "username" => None,
                _ => None,
            };
            match filtered(items, fields, &["connection-id", "username"], value, request_id)
                .and_then(|items| page(items.iter().map(connection_xml).collect(), fields, "connections", request_id))
            {
                Ok(members) => ok(members),
                Err(answer) => answer,
            }
        }
        "TerminateClientVpnConnections" => {
            let connection_id = text("ConnectionId");
            let username = text("Username");
            if connection_id.is_none() && username.is_none() {
                return Some(missing("ConnectionId", request_id));
            }
            let mut statuses = String::new();
            let mut found = false;
            for connection in state.vpn.connections.iter_mut().filter(|c| {
                c.endpoint == endpoint_id
                    && (connection_id.as_ref() == Some(&c.id) || username.as_ref() == Some(&c.common_name))
            }) {
                found = true;
                let previous = connection.state.clone();
                if previous == "active" {
                    connection.state = "terminating".into();
                    connection.ticks = settle_after;
                }
                statuses += &format!(
                    "<item>{}<previousStatus>{}</previousStatus><currentStatus>{}</currentStatus></item>",
                    element("connectionId", &connection.id),
                    element("code", &previous),
                    element("code", &connection.state)
                );
            }
            if !found && connection_id.is_some() {
                return Some(error(
                    400,
                    "InvalidClientVpnConnection.IdNotFound",
                    "The specified connection cannot be found.",
                    request_id,
                ));
            }
            let username = username.map(|name| format!("    {}\n", element("username", &name))).unwrap_or_default();
            ok(format!(
                "    {}\n{username}    <connectionStatuses>{statuses}</connectionStatuses>\n",
                element("clientVpnEndpointId", &endpoint_id)
            ))
        }
        "GetClientVpnEndpointAuthorizationPolicy" => {
            let mut members = format!("    {}\n", element("clientVpnEndpointId", &endpoint_id));
            if let Some(policy) = state.vpn.policies.get(&endpoint_id) {
                for (name, value) in [
                    ("policyDocument", &policy.document),
                    ("description", &policy.description),
                    ("shadowMode", &policy.shadow_mode),
                ] {
                    if let Some(value) = value {
                        members += &format!("    {}\n", element(name, value));
                    }
                }
                members += &format!("    {}\n", element("status", &policy.state));
            }
            ok(members)
        }
        "ModifyClientVpnEndpointAuthorizationPolicy" => {
            let exists = state.vpn.policies.contains_key(&endpoint_id);
            if !exists && !fields.contains_key("PolicyDocument") {
                return Some(missing("PolicyDocument", request_id));
            }
            let policy = state.vpn.policies.entry(endpoint_id).or_default();
            policy.document = text("PolicyDocument").or(policy.document.take());
            policy.description = text("Description").or(policy.description.take());
            policy.shadow_mode = text("ShadowMode").or(policy.shadow_mode.take()).or(Some("disabled".into()));
            policy.state = if exists { "updating" } else { "creating" }.into();
            policy.ticks = settle_after;
            ok(format!("    {}\n", element("status", &policy.state)))
        }
        "DeleteClientVpnEndpointAuthorizationPolicy" => match state.vpn.policies.get_mut(&endpoint_id) {
            Some(policy) => {
                policy.state = "deleting".into();
                ok(format!("    {}\n", element("status", "deleting")))
            }
            None => error(
                400,
                "InvalidClientVpnEndpointAuthorizationPolicy.NotFound",
                "The Client VPN endpoint has no authorization policy.",
                request_id,
            ),
        },
        _ => return None,
    })
}

fn attachment_answer(
    action: &str,
    fields: &Fields,
    region: &str,
    request_id: &str,
    state: &mut State,
    settle_after: u32,
) -> Answer {
    let id = fields.get("TransitGatewayAttachmentId").cloned().unwrap_or_default();
    let Some(attachment) = state.vpn.attachments.iter_mut().find(|a| a.region == region && a.id == id) else {
        return error(
            400,
            "InvalidTransitGatewayAttachmentID.NotFound",
            &format!("The transitGatewayAttachment ID '{id}' does not exist"),
            request_id,
        );
    };
    let next = match (action, attachment.state.as_str()) {
        (
            "AcceptTransitGatewayClientVpnAttachment" | "RejectTransitGatewayClientVpnAttachment",
            "pending-acceptance",
        ) => {
            if action.starts_with("Accept") {
                "pending"
            } else {
                "rejected"
            }
        }
        ("DeleteTransitGatewayClientVpnAttachment", "available" | "rejected" | "pending-acceptance") => "deleting",
        (_, current) => {
            return error(
                400,
                "IncorrectState",
                &format!("The transit gateway attachment {id} is in state {current}"),
                request_id,
            );
        }
    };
    attachment.state = next.into();
    attachment.ticks = settle_after;
    success(action, request_id, &attachment_xml(attachment))
}

/// Adds an active connection to an endpoint, as a client with this certificate CN would make;
/// returns its ID.
pub(super) fn add_connection(state: &mut State, endpoint: &str, common_name: &str) -> String {
    let region = state.endpoints.iter().find(|e| e.id == endpoint).map(|e| e.region.clone()).unwrap_or_default();
    let id = next_id(&mut state.vpn, "cvpn-connection-");
    state.vpn.connections.push(Connection {
        region,
        endpoint: endpoint.to_owned(),
        id: id.clone(),
        common_name: common_name.to_owned(),
        state: "active".into(),
        ticks: 0,
    });
    id
}

/// Adds the transit gateway attachment an endpoint made with a TransitGatewayConfiguration,
/// awaiting the gateway owner's answer; its ID is the endpoint's digits after `tgw-attach-`.
pub(super) fn add_attachment(state: &mut State, endpoint: &str) -> String {
    let region = state.endpoints.iter().find(|e| e.id == endpoint).map(|e| e.region.clone()).unwrap_or_default();
    let id = format!("tgw-attach-{}", endpoint.trim_start_matches("cvpn-endpoint-"));
    state.vpn.attachments.push(Attachment {
        region,
        id: id.clone(),
        endpoint: endpoint.to_owned(),
        state: "pending-acceptance".into(),
        ticks: 0,
    });
    id
}
