//! Every Client VPN operation cvpn sends, as data: the aws-sdk-ec2 operations of Client VPN, each
//! with its model, pagination (botocore's `paginators-1.json`), flag presentation, `--help`
//! group and short name, and what `--wait` polls for.

use serde_json::{Value, json};

use crate::api::model::authorization::*;
use crate::api::model::clients::*;
use crate::api::model::endpoints::*;
use crate::api::model::outputs::*;
use crate::api::model::routes::*;
use crate::api::model::target_networks::*;
use crate::api::model::transit_gateway::*;
use crate::api::model::{CREATE_CLIENT_VPN_ENDPOINT_REQUEST, DESCRIBE_CLIENT_VPN_ENDPOINTS_REQUEST, Shape};
use crate::api::operation::{Document, FlagStyle, Group, Lookup, Operation, Pagination, Wait};

/// `--dry-run` answers by exit code in cvpn, where EC2's own documentation speaks of errors.
const DRY_RUN: FlagStyle =
    FlagStyle::of("DryRun").help("Only check permissions: exit 0 if the request would succeed, 1 if it is denied.");
const CLIENT_TOKEN: FlagStyle =
    FlagStyle::of("ClientToken").help("Idempotency token; a UUID is generated when not given.");
const ENDPOINT: FlagStyle = FlagStyle::of("ClientVpnEndpointId").value("ID");

/// The pagination every Client VPN describe shares, with its result key.
const fn pages(result_key: &'static str) -> Option<Pagination> {
    Some(Pagination { input_token: "NextToken", output_token: "NextToken", limit_key: "MaxResults", result_key })
}

fn text(document: &Document, name: &str) -> Value {
    document.get(name).cloned().unwrap_or(Value::Null)
}

fn object(value: Value) -> Document {
    match value {
        Value::Object(members) => members,
        _ => Document::new(),
    }
}

/// An association, by the ID the change's answer (associate) or request (disassociate) holds.
fn association(request: &Document, id: Value) -> Lookup {
    Lookup {
        request: object(
            json!({"ClientVpnEndpointId": text(request, "ClientVpnEndpointId"), "AssociationIds": [id.clone()]}),
        ),
        fields: vec![("AssociationId", id)],
    }
}

fn new_association(request: &Document, answer: &Document) -> Lookup {
    association(request, text(answer, "AssociationId"))
}

fn old_association(request: &Document, _answer: &Document) -> Lookup {
    association(request, text(request, "AssociationId"))
}

/// An authorization rule: its CIDR, and its group or "all groups".
fn rule(request: &Document, _answer: &Document) -> Lookup {
    let cidr = text(request, "TargetNetworkCidr");
    let who = match request.get("AccessGroupId") {
        Some(group) => ("GroupId", group.clone()),
        None => ("AccessAll", Value::Bool(true)),
    };
    Lookup {
        request: object(json!({
            "ClientVpnEndpointId": text(request, "ClientVpnEndpointId"),
            "Filters": [{"Name": "destination-cidr", "Values": [cidr.clone()]}],
        })),
        fields: vec![("DestinationCidr", cidr), who],
    }
}

/// A route: its destination, and its subnet when the request names one.
fn route(request: &Document, _answer: &Document) -> Lookup {
    let cidr = text(request, "DestinationCidrBlock");
    let mut filters = vec![json!({"Name": "destination-cidr", "Values": [cidr.clone()]})];
    let mut fields = vec![("DestinationCidr", cidr)];
    if let Some(subnet) = request.get("TargetVpcSubnetId") {
        filters.push(json!({"Name": "target-subnet", "Values": [subnet.clone()]}));
        fields.push(("TargetSubnet", subnet.clone()));
    }
    Lookup {
        request: object(json!({"ClientVpnEndpointId": text(request, "ClientVpnEndpointId"), "Filters": filters})),
        fields,
    }
}

fn endpoint(request: &Document, _answer: &Document) -> Lookup {
    let id = text(request, "ClientVpnEndpointId");
    Lookup { request: object(json!({"ClientVpnEndpointIds": [id.clone()]})), fields: vec![("ClientVpnEndpointId", id)] }
}

/// An endpoint becoming available (its first association is made), which `cvpn up` waits for.
pub static ENDPOINT_AVAILABLE: Wait = Wait {
    describe: &DESCRIBE_CLIENT_VPN_ENDPOINTS,
    until: Some("available"),
    failed: &["deleting", "deleted"],
    gone: &[],
    lookup: endpoint,
};

/// Operation `name` with its request and answer models, and the presentation most operations
/// share (the endpoint as a first word, `--dry-run`, a change, listed under Endpoints), which
/// each overrides where it differs. The models have no default: each operation names its own.
const fn operation(name: &'static str, input: &'static Shape, output: &'static Shape) -> Operation {
    Operation {
        name,
        input,
        output,
        pagination: None,
        flags: &[ENDPOINT, DRY_RUN],
        group: Group::Endpoints,
        short: None,
        positional: Some("ClientVpnEndpointId"),
        changes: true,
        wait: None,
        about: "",
    }
}

pub static CREATE_CLIENT_VPN_ENDPOINT: Operation = Operation {
    flags: &[
        FlagStyle::of("ClientCidrBlock").value("CIDR").short('c', "client-cidr"),
        FlagStyle::of("ServerCertificateArn").value("ARN").short('s', "server-cert").required(),
        FlagStyle::of("AuthenticationOptions").value("OPTION").heading("Authentication"),
        FlagStyle::of("ConnectionLogOptions").value("OPTIONS").heading("Connection logging"),
        FlagStyle::of("DnsServers").value("IP"),
        FlagStyle::of("TransportProtocol").value("PROTOCOL"),
        FlagStyle::of("VpnPort").value("PORT"),
        FlagStyle::of("Description").value("TEXT"),
        DRY_RUN,
        CLIENT_TOKEN,
        FlagStyle::of("TagSpecifications").heading("Tags"),
        FlagStyle::of("SecurityGroupIds").value("ID"),
        FlagStyle::of("VpcId").value("ID"),
        FlagStyle::of("SelfServicePortal").value("STATE"),
        FlagStyle::of("ClientConnectOptions").value("OPTIONS").heading("Client connect handler"),
        FlagStyle::of("SessionTimeoutHours").value("HOURS"),
        FlagStyle::of("ClientLoginBannerOptions").value("OPTIONS").heading("Login banner"),
        FlagStyle::of("ClientRouteEnforcementOptions").value("OPTIONS"),
        FlagStyle::of("EndpointIpAddressType").value("TYPE"),
        FlagStyle::of("TrafficIpAddressType").value("TYPE"),
        FlagStyle::of("TransitGatewayConfiguration").value("OPTIONS"),
        FlagStyle::of("DevicePostureOptions").value("OPTIONS"),
    ],
    short: Some("create"),
    positional: None,
    about: "Create a Client VPN endpoint (aws ec2 create-client-vpn-endpoint)",
    ..operation("CreateClientVpnEndpoint", &CREATE_CLIENT_VPN_ENDPOINT_REQUEST, &OUT_CREATE_CLIENT_VPN_ENDPOINT_RESULT)
};

pub static DESCRIBE_CLIENT_VPN_ENDPOINTS: Operation = Operation {
    pagination: pages("ClientVpnEndpoints"),
    flags: &[DRY_RUN],
    short: Some("ls"),
    positional: None,
    changes: false,
    about: "List Client VPN endpoints",
    ..operation(
        "DescribeClientVpnEndpoints",
        &DESCRIBE_CLIENT_VPN_ENDPOINTS_REQUEST,
        &OUT_DESCRIBE_CLIENT_VPN_ENDPOINTS_RESULT,
    )
};

pub static MODIFY_CLIENT_VPN_ENDPOINT: Operation = Operation {
    flags: &[
        ENDPOINT,
        FlagStyle::of("ServerCertificateArn").value("ARN"),
        FlagStyle::of("ConnectionLogOptions").value("OPTIONS"),
        FlagStyle::of("DnsServers").value("OPTIONS"),
        FlagStyle::of("VpnPort").value("PORT"),
        FlagStyle::of("Description").value("TEXT"),
        DRY_RUN,
        FlagStyle::of("SessionTimeoutHours").value("HOURS"),
    ],
    short: Some("modify"),
    about: "Change an endpoint's settings",
    ..operation("ModifyClientVpnEndpoint", &MODIFY_CLIENT_VPN_ENDPOINT_REQUEST, &OUT_MODIFY_CLIENT_VPN_ENDPOINT_RESULT)
};

pub static DELETE_CLIENT_VPN_ENDPOINT: Operation = Operation {
    short: Some("delete"),
    wait: Some(Wait {
        describe: &DESCRIBE_CLIENT_VPN_ENDPOINTS,
        until: None,
        failed: &[],
        gone: &["deleted"],
        lookup: endpoint,
    }),
    about: "Delete an endpoint (disassociate its networks first)",
    ..operation("DeleteClientVpnEndpoint", &DELETE_CLIENT_VPN_ENDPOINT_REQUEST, &OUT_DELETE_CLIENT_VPN_ENDPOINT_RESULT)
};

pub static ASSOCIATE_CLIENT_VPN_TARGET_NETWORK: Operation = Operation {
    flags: &[ENDPOINT, FlagStyle::of("SubnetId").value("ID"), CLIENT_TOKEN, DRY_RUN],
    group: Group::Networks,
    short: Some("associate"),
    wait: Some(Wait {
        describe: &DESCRIBE_CLIENT_VPN_TARGET_NETWORKS,
        until: Some("associated"),
        failed: &["association-failed"],
        gone: &[],
        lookup: new_association,
    }),
    about: "Associate a subnet with an endpoint",
    ..operation(
        "AssociateClientVpnTargetNetwork",
        &ASSOCIATE_CLIENT_VPN_TARGET_NETWORK_REQUEST,
        &OUT_ASSOCIATE_CLIENT_VPN_TARGET_NETWORK_RESULT,
    )
};

pub static DISASSOCIATE_CLIENT_VPN_TARGET_NETWORK: Operation = Operation {
    flags: &[ENDPOINT, FlagStyle::of("AssociationId").value("ID"), DRY_RUN],
    group: Group::Networks,
    short: Some("disassociate"),
    wait: Some(Wait {
        describe: &DESCRIBE_CLIENT_VPN_TARGET_NETWORKS,
        until: None,
        failed: &[],
        gone: &["disassociated"],
        lookup: old_association,
    }),
    about: "Remove a subnet association from an endpoint",
    ..operation(
        "DisassociateClientVpnTargetNetwork",
        &DISASSOCIATE_CLIENT_VPN_TARGET_NETWORK_REQUEST,
        &OUT_DISASSOCIATE_CLIENT_VPN_TARGET_NETWORK_RESULT,
    )
};

pub static DESCRIBE_CLIENT_VPN_TARGET_NETWORKS: Operation = Operation {
    pagination: pages("ClientVpnTargetNetworks"),
    flags: &[ENDPOINT, FlagStyle::of("AssociationIds").value("ID"), DRY_RUN],
    group: Group::Networks,
    short: Some("networks"),
    changes: false,
    about: "List an endpoint's subnet associations",
    ..operation(
        "DescribeClientVpnTargetNetworks",
        &DESCRIBE_CLIENT_VPN_TARGET_NETWORKS_REQUEST,
        &OUT_DESCRIBE_CLIENT_VPN_TARGET_NETWORKS_RESULT,
    )
};

pub static APPLY_SECURITY_GROUPS_TO_CLIENT_VPN_TARGET_NETWORK: Operation = Operation {
    flags: &[ENDPOINT, FlagStyle::of("VpcId").value("ID"), FlagStyle::of("SecurityGroupIds").value("ID"), DRY_RUN],
    group: Group::Networks,
    short: Some("security-groups"),
    about: "Replace the security groups of an endpoint's associations",
    ..operation(
        "ApplySecurityGroupsToClientVpnTargetNetwork",
        &APPLY_SECURITY_GROUPS_TO_CLIENT_VPN_TARGET_NETWORK_REQUEST,
        &OUT_APPLY_SECURITY_GROUPS_TO_CLIENT_VPN_TARGET_NETWORK_RESULT,
    )
};

pub static AUTHORIZE_CLIENT_VPN_INGRESS: Operation = Operation {
    flags: &[
        ENDPOINT,
        FlagStyle::of("TargetNetworkCidr").value("CIDR").alias("cidr"),
        FlagStyle::of("AccessGroupId").value("ID"),
        FlagStyle::of("AuthorizeAllGroups").alias("all-groups"),
        FlagStyle::of("Description").value("TEXT"),
        CLIENT_TOKEN,
        DRY_RUN,
    ],
    group: Group::Access,
    short: Some("authorize"),
    wait: Some(Wait {
        describe: &DESCRIBE_CLIENT_VPN_AUTHORIZATION_RULES,
        until: Some("active"),
        failed: &["failed"],
        gone: &[],
        lookup: rule,
    }),
    about: "Let clients reach a network (an authorization rule)",
    ..operation(
        "AuthorizeClientVpnIngress",
        &AUTHORIZE_CLIENT_VPN_INGRESS_REQUEST,
        &OUT_AUTHORIZE_CLIENT_VPN_INGRESS_RESULT,
    )
};

pub static REVOKE_CLIENT_VPN_INGRESS: Operation = Operation {
    flags: &[
        ENDPOINT,
        FlagStyle::of("TargetNetworkCidr").value("CIDR").alias("cidr"),
        FlagStyle::of("AccessGroupId").value("ID"),
        FlagStyle::of("RevokeAllGroups").alias("all-groups"),
        DRY_RUN,
    ],
    group: Group::Access,
    short: Some("revoke"),
    wait: Some(Wait {
        describe: &DESCRIBE_CLIENT_VPN_AUTHORIZATION_RULES,
        until: None,
        failed: &[],
        gone: &[],
        lookup: rule,
    }),
    about: "Remove an authorization rule",
    ..operation("RevokeClientVpnIngress", &REVOKE_CLIENT_VPN_INGRESS_REQUEST, &OUT_REVOKE_CLIENT_VPN_INGRESS_RESULT)
};

pub static DESCRIBE_CLIENT_VPN_AUTHORIZATION_RULES: Operation = Operation {
    pagination: pages("AuthorizationRules"),
    group: Group::Access,
    short: Some("rules"),
    changes: false,
    about: "List an endpoint's authorization rules",
    ..operation(
        "DescribeClientVpnAuthorizationRules",
        &DESCRIBE_CLIENT_VPN_AUTHORIZATION_RULES_REQUEST,
        &OUT_DESCRIBE_CLIENT_VPN_AUTHORIZATION_RULES_RESULT,
    )
};

pub static GET_CLIENT_VPN_ENDPOINT_AUTHORIZATION_POLICY: Operation = Operation {
    group: Group::Access,
    short: Some("policy"),
    changes: false,
    about: "Show an endpoint's authorization policy (Cedar)",
    ..operation(
        "GetClientVpnEndpointAuthorizationPolicy",
        &GET_CLIENT_VPN_ENDPOINT_AUTHORIZATION_POLICY_REQUEST,
        &OUT_GET_CLIENT_VPN_ENDPOINT_AUTHORIZATION_POLICY_RESULT,
    )
};

pub static MODIFY_CLIENT_VPN_ENDPOINT_AUTHORIZATION_POLICY: Operation = Operation {
    flags: &[ENDPOINT, FlagStyle::of("PolicyDocument").value("CEDAR"), CLIENT_TOKEN, DRY_RUN],
    group: Group::Access,
    short: Some("set-policy"),
    about: "Set an endpoint's authorization policy",
    ..operation(
        "ModifyClientVpnEndpointAuthorizationPolicy",
        &MODIFY_CLIENT_VPN_ENDPOINT_AUTHORIZATION_POLICY_REQUEST,
        &OUT_CLIENT_VPN_ENDPOINT_AUTHORIZATION_POLICY_STATUS,
    )
};

pub static DELETE_CLIENT_VPN_ENDPOINT_AUTHORIZATION_POLICY: Operation = Operation {
    group: Group::Access,
    short: Some("delete-policy"),
    about: "Remove an endpoint's authorization policy",
    ..operation(
        "DeleteClientVpnEndpointAuthorizationPolicy",
        &DELETE_CLIENT_VPN_ENDPOINT_AUTHORIZATION_POLICY_REQUEST,
        &OUT_CLIENT_VPN_ENDPOINT_AUTHORIZATION_POLICY_STATUS,
    )
};

pub static CREATE_CLIENT_VPN_ROUTE: Operation = Operation {
    flags: &[
        ENDPOINT,
        FlagStyle::of("DestinationCidrBlock").value("CIDR").alias("cidr"),
        FlagStyle::of("TargetVpcSubnetId").value("ID").alias("subnet"),
        FlagStyle::of("Description").value("TEXT"),
        CLIENT_TOKEN,
        DRY_RUN,
    ],
    group: Group::Routes,
    short: Some("route-add"),
    wait: Some(Wait {
        describe: &DESCRIBE_CLIENT_VPN_ROUTES,
        until: Some("active"),
        failed: &["failed"],
        gone: &[],
        lookup: route,
    }),
    about: "Add a route to an endpoint's route table",
    ..operation("CreateClientVpnRoute", &CREATE_CLIENT_VPN_ROUTE_REQUEST, &OUT_CREATE_CLIENT_VPN_ROUTE_RESULT)
};

pub static DELETE_CLIENT_VPN_ROUTE: Operation = Operation {
    flags: &[
        ENDPOINT,
        FlagStyle::of("TargetVpcSubnetId").value("ID").alias("subnet"),
        FlagStyle::of("DestinationCidrBlock").value("CIDR").alias("cidr"),
        DRY_RUN,
    ],
    group: Group::Routes,
    short: Some("route-delete"),
    wait: Some(Wait { describe: &DESCRIBE_CLIENT_VPN_ROUTES, until: None, failed: &[], gone: &[], lookup: route }),
    about: "Delete a route you added",
    ..operation("DeleteClientVpnRoute", &DELETE_CLIENT_VPN_ROUTE_REQUEST, &OUT_DELETE_CLIENT_VPN_ROUTE_RESULT)
};

pub static DESCRIBE_CLIENT_VPN_ROUTES: Operation = Operation {
    pagination: pages("Routes"),
    group: Group::Routes,
    short: Some("routes"),
    changes: false,
    about: "List an endpoint's routes",
    ..operation("DescribeClientVpnRoutes", &DESCRIBE_CLIENT_VPN_ROUTES_REQUEST, &OUT_DESCRIBE_CLIENT_VPN_ROUTES_RESULT)
};

pub static EXPORT_CLIENT_VPN_CLIENT_CONFIGURATION: Operation = Operation {
    group: Group::Clients,
    short: Some("export"),
    changes: false,
    about: "Print (or write) the endpoint's OpenVPN client configuration",
    ..operation(
        "ExportClientVpnClientConfiguration",
        &EXPORT_CLIENT_VPN_CLIENT_CONFIGURATION_REQUEST,
        &OUT_EXPORT_CLIENT_VPN_CLIENT_CONFIGURATION_RESULT,
    )
};

pub static DESCRIBE_CLIENT_VPN_CONNECTIONS: Operation = Operation {
    pagination: pages("Connections"),
    group: Group::Clients,
    short: Some("connections"),
    changes: false,
    about: "List client connections (active, and ended in the last hour)",
    ..operation(
        "DescribeClientVpnConnections",
        &DESCRIBE_CLIENT_VPN_CONNECTIONS_REQUEST,
        &OUT_DESCRIBE_CLIENT_VPN_CONNECTIONS_RESULT,
    )
};

pub static TERMINATE_CLIENT_VPN_CONNECTIONS: Operation = Operation {
    flags: &[ENDPOINT, FlagStyle::of("ConnectionId").value("ID"), FlagStyle::of("Username").value("NAME"), DRY_RUN],
    group: Group::Clients,
    short: Some("terminate"),
    about: "End a client connection, or all of a user's",
    ..operation(
        "TerminateClientVpnConnections",
        &TERMINATE_CLIENT_VPN_CONNECTIONS_REQUEST,
        &OUT_TERMINATE_CLIENT_VPN_CONNECTIONS_RESULT,
    )
};

pub static IMPORT_CLIENT_VPN_CLIENT_CERTIFICATE_REVOCATION_LIST: Operation = Operation {
    flags: &[ENDPOINT, FlagStyle::of("CertificateRevocationList").value("PEM"), DRY_RUN],
    group: Group::Certificates,
    short: Some("import-crl"),
    about: "Replace the endpoint's certificate revocation list",
    ..operation(
        "ImportClientVpnClientCertificateRevocationList",
        &IMPORT_CLIENT_VPN_CLIENT_CERTIFICATE_REVOCATION_LIST_REQUEST,
        &OUT_IMPORT_CLIENT_VPN_CLIENT_CERTIFICATE_REVOCATION_LIST_RESULT,
    )
};

pub static EXPORT_CLIENT_VPN_CLIENT_CERTIFICATE_REVOCATION_LIST: Operation = Operation {
    group: Group::Certificates,
    short: Some("export-crl"),
    changes: false,
    about: "Print the endpoint's certificate revocation list",
    ..operation(
        "ExportClientVpnClientCertificateRevocationList",
        &EXPORT_CLIENT_VPN_CLIENT_CERTIFICATE_REVOCATION_LIST_REQUEST,
        &OUT_EXPORT_CLIENT_VPN_CLIENT_CERTIFICATE_REVOCATION_LIST_RESULT,
    )
};

const ATTACHMENT: [FlagStyle; 2] = [FlagStyle::of("TransitGatewayAttachmentId").value("ID"), DRY_RUN];

pub static ACCEPT_TRANSIT_GATEWAY_CLIENT_VPN_ATTACHMENT: Operation = Operation {
    flags: &ATTACHMENT,
    group: Group::Networks,
    positional: Some("TransitGatewayAttachmentId"),
    about: "Accept an endpoint's transit gateway attachment (gateway owner)",
    ..operation(
        "AcceptTransitGatewayClientVpnAttachment",
        &ACCEPT_TRANSIT_GATEWAY_CLIENT_VPN_ATTACHMENT_REQUEST,
        &OUT_ACCEPT_TRANSIT_GATEWAY_CLIENT_VPN_ATTACHMENT_RESULT,
    )
};

pub static REJECT_TRANSIT_GATEWAY_CLIENT_VPN_ATTACHMENT: Operation = Operation {
    flags: &ATTACHMENT,
    group: Group::Networks,
    positional: Some("TransitGatewayAttachmentId"),
    about: "Reject an endpoint's transit gateway attachment (gateway owner)",
    ..operation(
        "RejectTransitGatewayClientVpnAttachment",
        &REJECT_TRANSIT_GATEWAY_CLIENT_VPN_ATTACHMENT_REQUEST,
        &OUT_REJECT_TRANSIT_GATEWAY_CLIENT_VPN_ATTACHMENT_RESULT,
    )
};

pub static DELETE_TRANSIT_GATEWAY_CLIENT_VPN_ATTACHMENT: Operation = Operation {
    flags: &ATTACHMENT,
    group: Group::Networks,
    positional: Some("TransitGatewayAttachmentId"),
    about: "Delete an endpoint's transit gateway attachment (gateway owner)",
    ..operation(
        "DeleteTransitGatewayClientVpnAttachment",
        &DELETE_TRANSIT_GATEWAY_CLIENT_VPN_ATTACHMENT_REQUEST,
        &OUT_DELETE_TRANSIT_GATEWAY_CLIENT_VPN_ATTACHMENT_RESULT,
    )
};

/// Every operation, in `--help` order within each group.
pub static ALL: [&Operation; 25] = [
    &CREATE_CLIENT_VPN_ENDPOINT,
    &DESCRIBE_CLIENT_VPN_ENDPOINTS,
    &MODIFY_CLIENT_VPN_ENDPOINT,
    &DELETE_CLIENT_VPN_ENDPOINT,
    &ASSOCIATE_CLIENT_VPN_TARGET_NETWORK,
    &DISASSOCIATE_CLIENT_VPN_TARGET_NETWORK,
    &DESCRIBE_CLIENT_VPN_TARGET_NETWORKS,
    &APPLY_SECURITY_GROUPS_TO_CLIENT_VPN_TARGET_NETWORK,
    &ACCEPT_TRANSIT_GATEWAY_CLIENT_VPN_ATTACHMENT,
    &REJECT_TRANSIT_GATEWAY_CLIENT_VPN_ATTACHMENT,
    &DELETE_TRANSIT_GATEWAY_CLIENT_VPN_ATTACHMENT,
    &AUTHORIZE_CLIENT_VPN_INGRESS,
    &REVOKE_CLIENT_VPN_INGRESS,
    &DESCRIBE_CLIENT_VPN_AUTHORIZATION_RULES,
    &GET_CLIENT_VPN_ENDPOINT_AUTHORIZATION_POLICY,
    &MODIFY_CLIENT_VPN_ENDPOINT_AUTHORIZATION_POLICY,
    &DELETE_CLIENT_VPN_ENDPOINT_AUTHORIZATION_POLICY,
    &CREATE_CLIENT_VPN_ROUTE,
    &DELETE_CLIENT_VPN_ROUTE,
    &DESCRIBE_CLIENT_VPN_ROUTES,
    &EXPORT_CLIENT_VPN_CLIENT_CONFIGURATION,
    &DESCRIBE_CLIENT_VPN_CONNECTIONS,
    &TERMINATE_CLIENT_VPN_CONNECTIONS,
    &IMPORT_CLIENT_VPN_CLIENT_CERTIFICATE_REVOCATION_LIST,
    &EXPORT_CLIENT_VPN_CLIENT_CERTIFICATE_REVOCATION_LIST,
];

/// The operation of an aws command name or a short name.
pub fn by_command(name: &str) -> Option<&'static Operation> {
    ALL.iter().copied().find(|operation| operation.command() == name || operation.short == Some(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_every_member_they_style_exists() {
        let mut names: Vec<String> = Vec::new();
        for operation in ALL {
            for name in [Some(operation.command()), operation.short.map(str::to_owned)].into_iter().flatten() {
                assert!(!names.contains(&name), "{name} is taken twice");
                names.push(name);
            }
            for style in operation.flags {
                assert!(operation.member(style.member).is_some(), "{} has no member {}", operation.name, style.member);
            }
            if let Some(member) = operation.positional {
                assert!(operation.member(member).is_some_and(|member| member.required), "{}", operation.name);
            }
            assert!(!operation.about.is_empty(), "{} has no about", operation.name);
        }
        assert_eq!(by_command("associate").map(|op| op.name), Some("AssociateClientVpnTargetNetwork"));
        assert_eq!(by_command("describe-client-vpn-routes").map(|op| op.name), Some("DescribeClientVpnRoutes"));
    }

    /// A request model named for one operation and given to another would send the wrong members;
    /// answers may be shared (two policy changes both answer with the policy's status).
    #[test]
    fn each_operation_has_a_request_model_of_its_own() {
        for (index, operation) in ALL.iter().enumerate() {
            for other in &ALL[..index] {
                assert!(!std::ptr::eq(operation.input, other.input), "{} has {}'s request", operation.name, other.name);
            }
        }
    }

    #[test]
    fn waits_find_the_resource_the_change_named() {
        let Value::Object(request) = json!({"ClientVpnEndpointId": "cvpn-endpoint-1", "TargetNetworkCidr": "10.0.0.0/16",
            "AuthorizeAllGroups": true})
        else {
            unreachable!()
        };
        let lookup = (AUTHORIZE_CLIENT_VPN_INGRESS.wait.as_ref().unwrap().lookup)(&request, &Document::new());
        assert_eq!(
            Value::Object(lookup.request),
            json!({"ClientVpnEndpointId": "cvpn-endpoint-1",
                   "Filters": [{"Name": "destination-cidr", "Values": ["10.0.0.0/16"]}]})
        );
        assert_eq!(lookup.fields, vec![("DestinationCidr", json!("10.0.0.0/16")), ("AccessAll", json!(true))]);
        let Value::Object(answer) = json!({"AssociationId": "cvpn-assoc-1"}) else { unreachable!() };
        let lookup = (ASSOCIATE_CLIENT_VPN_TARGET_NETWORK.wait.as_ref().unwrap().lookup)(&request, &answer);
        assert_eq!(lookup.fields, vec![("AssociationId", json!("cvpn-assoc-1"))]);
    }
}
