//! What each operation answers, as data: the output shapes of botocore 1.43.62's model, members
//! in its order (the order the aws CLI prints), plus what only aws-sdk-ec2's model has yet. They
//! give `--generate-cli-skeleton output`, and a test holds the SDK mappings' JSON to their order.

use super::{BOOLEAN, INTEGER, Member, STRING, Shape};

/// An output member: its name and shape (outputs need no documentation here).
const fn out(name: &'static str, shape: &'static Shape) -> Member {
    Member { name, shape, required: false, doc: "", wire: None, limit: None }
}

static LIST_OF_STRING: Shape = Shape::List(&STRING);

static ENUM_CLIENT_VPN_ENDPOINT_STATUS_CODE: Shape =
    Shape::Enum(&["pending-associate", "available", "deleting", "deleted", "pending"]);
static OUT_CLIENT_VPN_ENDPOINT_STATUS: Shape =
    Shape::Structure(&[out("Code", &ENUM_CLIENT_VPN_ENDPOINT_STATUS_CODE), out("Message", &STRING)]);
static ENUM_VPN_PROTOCOL: Shape = Shape::Enum(&["openvpn"]);
static ENUM_TRANSPORT_PROTOCOL: Shape = Shape::Enum(&["tcp", "udp"]);
static ENUM_ASSOCIATED_NETWORK_TYPE: Shape = Shape::Enum(&["vpc"]);
static OUT_ASSOCIATED_TARGET_NETWORK: Shape =
    Shape::Structure(&[out("NetworkId", &STRING), out("NetworkType", &ENUM_ASSOCIATED_NETWORK_TYPE)]);
static LIST_OF_OUT_ASSOCIATED_TARGET_NETWORK: Shape = Shape::List(&OUT_ASSOCIATED_TARGET_NETWORK);
static ENUM_CLIENT_VPN_AUTHENTICATION_TYPE: Shape =
    Shape::Enum(&["certificate-authentication", "directory-service-authentication", "federated-authentication"]);
static OUT_DIRECTORY_SERVICE_AUTHENTICATION: Shape = Shape::Structure(&[out("DirectoryId", &STRING)]);
static OUT_CERTIFICATE_AUTHENTICATION: Shape = Shape::Structure(&[out("ClientRootCertificateChain", &STRING)]);
static OUT_FEDERATED_AUTHENTICATION: Shape =
    Shape::Structure(&[out("SamlProviderArn", &STRING), out("SelfServiceSamlProviderArn", &STRING)]);
static OUT_CLIENT_VPN_AUTHENTICATION: Shape = Shape::Structure(&[
    out("Type", &ENUM_CLIENT_VPN_AUTHENTICATION_TYPE),
    out("ActiveDirectory", &OUT_DIRECTORY_SERVICE_AUTHENTICATION),
    out("MutualAuthentication", &OUT_CERTIFICATE_AUTHENTICATION),
    out("FederatedAuthentication", &OUT_FEDERATED_AUTHENTICATION),
]);
static LIST_OF_OUT_CLIENT_VPN_AUTHENTICATION: Shape = Shape::List(&OUT_CLIENT_VPN_AUTHENTICATION);
static OUT_CONNECTION_LOG_RESPONSE_OPTIONS: Shape = Shape::Structure(&[
    out("Enabled", &BOOLEAN),
    out("CloudwatchLogGroup", &STRING),
    out("CloudwatchLogStream", &STRING),
    out("IncludeAuthorizationPolicyContext", &BOOLEAN),
]);
static OUT_TAG: Shape = Shape::Structure(&[out("Key", &STRING), out("Value", &STRING)]);
static LIST_OF_OUT_TAG: Shape = Shape::List(&OUT_TAG);
static ENUM_CLIENT_VPN_ENDPOINT_ATTRIBUTE_STATUS_CODE: Shape = Shape::Enum(&["applying", "applied"]);
static OUT_CLIENT_VPN_ENDPOINT_ATTRIBUTE_STATUS: Shape =
    Shape::Structure(&[out("Code", &ENUM_CLIENT_VPN_ENDPOINT_ATTRIBUTE_STATUS_CODE), out("Message", &STRING)]);
static OUT_CLIENT_CONNECT_RESPONSE_OPTIONS: Shape = Shape::Structure(&[
    out("Enabled", &BOOLEAN),
    out("LambdaFunctionArn", &STRING),
    out("Status", &OUT_CLIENT_VPN_ENDPOINT_ATTRIBUTE_STATUS),
]);
static OUT_CLIENT_LOGIN_BANNER_RESPONSE_OPTIONS: Shape =
    Shape::Structure(&[out("Enabled", &BOOLEAN), out("BannerText", &STRING)]);
static OUT_CLIENT_ROUTE_ENFORCEMENT_RESPONSE_OPTIONS: Shape = Shape::Structure(&[out("Enforced", &BOOLEAN)]);
static ENUM_ENDPOINT_IP_ADDRESS_TYPE: Shape = Shape::Enum(&["ipv4", "ipv6", "dual-stack"]);
static ENUM_TRAFFIC_IP_ADDRESS_TYPE: Shape = Shape::Enum(&["ipv4", "ipv6", "dual-stack"]);
static OUT_TRANSIT_GATEWAY_CONFIGURATION_DESCRIBE_ENDPOINT_STRUCTURE: Shape = Shape::Structure(&[
    out("TransitGatewayId", &STRING),
    out("TransitGatewayAttachmentId", &STRING),
    out("AvailabilityZones", &LIST_OF_STRING),
    out("AvailabilityZoneIds", &LIST_OF_STRING),
]);
static OUT_TRUST_PROVIDER: Shape = Shape::Structure(&[
    out("TrustProviderType", &STRING),
    out("TenantId", &STRING),
    out("PublicSigningKeyUrl", &STRING),
]);
static LIST_OF_OUT_TRUST_PROVIDER: Shape = Shape::List(&OUT_TRUST_PROVIDER);
/// In aws-sdk-ec2's model, not yet in botocore's.
static OUT_DEVICE_POSTURE_OPTIONS: Shape = Shape::Structure(&[out("TrustProviders", &LIST_OF_OUT_TRUST_PROVIDER)]);
static OUT_CLIENT_VPN_ENDPOINT: Shape = Shape::Structure(&[
    out("ClientVpnEndpointId", &STRING),
    out("Description", &STRING),
    out("Status", &OUT_CLIENT_VPN_ENDPOINT_STATUS),
    out("CreationTime", &STRING),
    out("DeletionTime", &STRING),
    out("DnsName", &STRING),
    out("ClientCidrBlock", &STRING),
    out("DnsServers", &LIST_OF_STRING),
    out("SplitTunnel", &BOOLEAN),
    out("VpnProtocol", &ENUM_VPN_PROTOCOL),
    out("TransportProtocol", &ENUM_TRANSPORT_PROTOCOL),
    out("VpnPort", &INTEGER),
    out("AssociatedTargetNetworks", &LIST_OF_OUT_ASSOCIATED_TARGET_NETWORK),
    out("ServerCertificateArn", &STRING),
    out("AuthenticationOptions", &LIST_OF_OUT_CLIENT_VPN_AUTHENTICATION),
    out("ConnectionLogOptions", &OUT_CONNECTION_LOG_RESPONSE_OPTIONS),
    out("Tags", &LIST_OF_OUT_TAG),
    out("SecurityGroupIds", &LIST_OF_STRING),
    out("VpcId", &STRING),
    out("SelfServicePortalUrl", &STRING),
    out("ClientConnectOptions", &OUT_CLIENT_CONNECT_RESPONSE_OPTIONS),
    out("SessionTimeoutHours", &INTEGER),
    out("ClientLoginBannerOptions", &OUT_CLIENT_LOGIN_BANNER_RESPONSE_OPTIONS),
    out("ClientRouteEnforcementOptions", &OUT_CLIENT_ROUTE_ENFORCEMENT_RESPONSE_OPTIONS),
    out("DisconnectOnSessionTimeout", &BOOLEAN),
    out("EndpointIpAddressType", &ENUM_ENDPOINT_IP_ADDRESS_TYPE),
    out("TrafficIpAddressType", &ENUM_TRAFFIC_IP_ADDRESS_TYPE),
    out("TransitGatewayConfiguration", &OUT_TRANSIT_GATEWAY_CONFIGURATION_DESCRIBE_ENDPOINT_STRUCTURE),
    out("DevicePostureOptions", &OUT_DEVICE_POSTURE_OPTIONS),
]);
static LIST_OF_OUT_CLIENT_VPN_ENDPOINT: Shape = Shape::List(&OUT_CLIENT_VPN_ENDPOINT);
pub static OUT_DESCRIBE_CLIENT_VPN_ENDPOINTS_RESULT: Shape =
    Shape::Structure(&[out("ClientVpnEndpoints", &LIST_OF_OUT_CLIENT_VPN_ENDPOINT), out("NextToken", &STRING)]);
pub static OUT_MODIFY_CLIENT_VPN_ENDPOINT_RESULT: Shape = Shape::Structure(&[out("Return", &BOOLEAN)]);
pub static OUT_DELETE_CLIENT_VPN_ENDPOINT_RESULT: Shape =
    Shape::Structure(&[out("Status", &OUT_CLIENT_VPN_ENDPOINT_STATUS)]);
static ENUM_ASSOCIATION_STATUS_CODE: Shape =
    Shape::Enum(&["associating", "associated", "association-failed", "disassociating", "disassociated"]);
static OUT_ASSOCIATION_STATUS: Shape =
    Shape::Structure(&[out("Code", &ENUM_ASSOCIATION_STATUS_CODE), out("Message", &STRING)]);
pub static OUT_ASSOCIATE_CLIENT_VPN_TARGET_NETWORK_RESULT: Shape =
    Shape::Structure(&[out("AssociationId", &STRING), out("Status", &OUT_ASSOCIATION_STATUS)]);
pub static OUT_DISASSOCIATE_CLIENT_VPN_TARGET_NETWORK_RESULT: Shape =
    Shape::Structure(&[out("AssociationId", &STRING), out("Status", &OUT_ASSOCIATION_STATUS)]);
static OUT_TARGET_NETWORK: Shape = Shape::Structure(&[
    out("AssociationId", &STRING),
    out("VpcId", &STRING),
    out("TargetNetworkId", &STRING),
    out("ClientVpnEndpointId", &STRING),
    out("Status", &OUT_ASSOCIATION_STATUS),
    out("SecurityGroups", &LIST_OF_STRING),
    out("AvailabilityZones", &LIST_OF_STRING),
    out("AvailabilityZoneIds", &LIST_OF_STRING),
]);
static LIST_OF_OUT_TARGET_NETWORK: Shape = Shape::List(&OUT_TARGET_NETWORK);
pub static OUT_DESCRIBE_CLIENT_VPN_TARGET_NETWORKS_RESULT: Shape =
    Shape::Structure(&[out("ClientVpnTargetNetworks", &LIST_OF_OUT_TARGET_NETWORK), out("NextToken", &STRING)]);
pub static OUT_APPLY_SECURITY_GROUPS_TO_CLIENT_VPN_TARGET_NETWORK_RESULT: Shape =
    Shape::Structure(&[out("SecurityGroupIds", &LIST_OF_STRING)]);
static ENUM_TRANSIT_GATEWAY_ATTACHMENT_STATUS_TYPE: Shape =
    Shape::Enum(&["pending-acceptance", "pending", "rejected", "available", "deleting", "deleted"]);
static OUT_TRANSIT_GATEWAY_CLIENT_VPN_ATTACHMENT: Shape = Shape::Structure(&[
    out("TransitGatewayAttachmentId", &STRING),
    out("TransitGatewayId", &STRING),
    out("ClientVpnEndpointId", &STRING),
    out("ClientVpnOwnerId", &STRING),
    out("State", &ENUM_TRANSIT_GATEWAY_ATTACHMENT_STATUS_TYPE),
    out("CreationTime", &STRING),
]);
pub static OUT_ACCEPT_TRANSIT_GATEWAY_CLIENT_VPN_ATTACHMENT_RESULT: Shape =
    Shape::Structure(&[out("TransitGatewayClientVpnAttachment", &OUT_TRANSIT_GATEWAY_CLIENT_VPN_ATTACHMENT)]);
pub static OUT_REJECT_TRANSIT_GATEWAY_CLIENT_VPN_ATTACHMENT_RESULT: Shape =
    Shape::Structure(&[out("TransitGatewayClientVpnAttachment", &OUT_TRANSIT_GATEWAY_CLIENT_VPN_ATTACHMENT)]);
pub static OUT_DELETE_TRANSIT_GATEWAY_CLIENT_VPN_ATTACHMENT_RESULT: Shape =
    Shape::Structure(&[out("TransitGatewayClientVpnAttachment", &OUT_TRANSIT_GATEWAY_CLIENT_VPN_ATTACHMENT)]);
static ENUM_CLIENT_VPN_AUTHORIZATION_RULE_STATUS_CODE: Shape =
    Shape::Enum(&["authorizing", "active", "failed", "revoking"]);
static OUT_CLIENT_VPN_AUTHORIZATION_RULE_STATUS: Shape =
    Shape::Structure(&[out("Code", &ENUM_CLIENT_VPN_AUTHORIZATION_RULE_STATUS_CODE), out("Message", &STRING)]);
pub static OUT_AUTHORIZE_CLIENT_VPN_INGRESS_RESULT: Shape =
    Shape::Structure(&[out("Status", &OUT_CLIENT_VPN_AUTHORIZATION_RULE_STATUS)]);
pub static OUT_REVOKE_CLIENT_VPN_INGRESS_RESULT: Shape =
    Shape::Structure(&[out("Status", &OUT_CLIENT_VPN_AUTHORIZATION_RULE_STATUS)]);
static OUT_AUTHORIZATION_RULE: Shape = Shape::Structure(&[
    out("ClientVpnEndpointId", &STRING),
    out("Description", &STRING),
    out("GroupId", &STRING),
    out("AccessAll", &BOOLEAN),
    out("DestinationCidr", &STRING),
    out("Status", &OUT_CLIENT_VPN_AUTHORIZATION_RULE_STATUS),
]);
static LIST_OF_OUT_AUTHORIZATION_RULE: Shape = Shape::List(&OUT_AUTHORIZATION_RULE);
pub static OUT_DESCRIBE_CLIENT_VPN_AUTHORIZATION_RULES_RESULT: Shape =
    Shape::Structure(&[out("AuthorizationRules", &LIST_OF_OUT_AUTHORIZATION_RULE), out("NextToken", &STRING)]);
static ENUM_CLIENT_VPN_ROUTE_STATUS_CODE: Shape = Shape::Enum(&["creating", "active", "failed", "deleting"]);
static OUT_CLIENT_VPN_ROUTE_STATUS: Shape =
    Shape::Structure(&[out("Code", &ENUM_CLIENT_VPN_ROUTE_STATUS_CODE), out("Message", &STRING)]);
pub static OUT_CREATE_CLIENT_VPN_ROUTE_RESULT: Shape = Shape::Structure(&[out("Status", &OUT_CLIENT_VPN_ROUTE_STATUS)]);
pub static OUT_DELETE_CLIENT_VPN_ROUTE_RESULT: Shape = Shape::Structure(&[out("Status", &OUT_CLIENT_VPN_ROUTE_STATUS)]);
static OUT_CLIENT_VPN_ROUTE: Shape = Shape::Structure(&[
    out("ClientVpnEndpointId", &STRING),
    out("DestinationCidr", &STRING),
    out("TargetSubnet", &STRING),
    out("Type", &STRING),
    out("Origin", &STRING),
    out("Status", &OUT_CLIENT_VPN_ROUTE_STATUS),
    out("Description", &STRING),
    out("TransitGatewayAttachmentId", &STRING),
]);
static LIST_OF_OUT_CLIENT_VPN_ROUTE: Shape = Shape::List(&OUT_CLIENT_VPN_ROUTE);
pub static OUT_DESCRIBE_CLIENT_VPN_ROUTES_RESULT: Shape =
    Shape::Structure(&[out("Routes", &LIST_OF_OUT_CLIENT_VPN_ROUTE), out("NextToken", &STRING)]);
pub static OUT_EXPORT_CLIENT_VPN_CLIENT_CONFIGURATION_RESULT: Shape =
    Shape::Structure(&[out("ClientConfiguration", &STRING)]);
static ENUM_CLIENT_VPN_CONNECTION_STATUS_CODE: Shape =
    Shape::Enum(&["active", "failed-to-terminate", "terminating", "terminated"]);
static OUT_CLIENT_VPN_CONNECTION_STATUS: Shape =
    Shape::Structure(&[out("Code", &ENUM_CLIENT_VPN_CONNECTION_STATUS_CODE), out("Message", &STRING)]);
static OUT_CLIENT_VPN_CONNECTION: Shape = Shape::Structure(&[
    out("ClientVpnEndpointId", &STRING),
    out("Timestamp", &STRING),
    out("ConnectionId", &STRING),
    out("Username", &STRING),
    out("ConnectionEstablishedTime", &STRING),
    out("IngressBytes", &STRING),
    out("EgressBytes", &STRING),
    out("IngressPackets", &STRING),
    out("EgressPackets", &STRING),
    out("ClientIp", &STRING),
    out("ClientIpv6Address", &STRING),
    out("CommonName", &STRING),
    out("Status", &OUT_CLIENT_VPN_CONNECTION_STATUS),
    out("ConnectionEndTime", &STRING),
    out("PostureComplianceStatuses", &LIST_OF_STRING),
    out("AuthorizationPolicyLastEvaluatedTime", &STRING),
]);
static LIST_OF_OUT_CLIENT_VPN_CONNECTION: Shape = Shape::List(&OUT_CLIENT_VPN_CONNECTION);
pub static OUT_DESCRIBE_CLIENT_VPN_CONNECTIONS_RESULT: Shape =
    Shape::Structure(&[out("Connections", &LIST_OF_OUT_CLIENT_VPN_CONNECTION), out("NextToken", &STRING)]);
static OUT_TERMINATE_CONNECTION_STATUS: Shape = Shape::Structure(&[
    out("ConnectionId", &STRING),
    out("PreviousStatus", &OUT_CLIENT_VPN_CONNECTION_STATUS),
    out("CurrentStatus", &OUT_CLIENT_VPN_CONNECTION_STATUS),
]);
static LIST_OF_OUT_TERMINATE_CONNECTION_STATUS: Shape = Shape::List(&OUT_TERMINATE_CONNECTION_STATUS);
pub static OUT_TERMINATE_CLIENT_VPN_CONNECTIONS_RESULT: Shape = Shape::Structure(&[
    out("ClientVpnEndpointId", &STRING),
    out("Username", &STRING),
    out("ConnectionStatuses", &LIST_OF_OUT_TERMINATE_CONNECTION_STATUS),
]);
pub static OUT_IMPORT_CLIENT_VPN_CLIENT_CERTIFICATE_REVOCATION_LIST_RESULT: Shape =
    Shape::Structure(&[out("Return", &BOOLEAN)]);
static ENUM_CLIENT_CERTIFICATE_REVOCATION_LIST_STATUS_CODE: Shape = Shape::Enum(&["pending", "active"]);
static OUT_CLIENT_CERTIFICATE_REVOCATION_LIST_STATUS: Shape =
    Shape::Structure(&[out("Code", &ENUM_CLIENT_CERTIFICATE_REVOCATION_LIST_STATUS_CODE), out("Message", &STRING)]);
pub static OUT_EXPORT_CLIENT_VPN_CLIENT_CERTIFICATE_REVOCATION_LIST_RESULT: Shape = Shape::Structure(&[
    out("CertificateRevocationList", &STRING),
    out("Status", &OUT_CLIENT_CERTIFICATE_REVOCATION_LIST_STATUS),
]);

static POLICY_STATUS: Shape = Shape::Enum(&["creating", "updating", "deleting", "active", "failed"]);
/// CreateClientVpnEndpoint's answer.
pub static OUT_CREATE_CLIENT_VPN_ENDPOINT_RESULT: Shape = Shape::Structure(&[
    out("ClientVpnEndpointId", &STRING),
    out("Status", &OUT_CLIENT_VPN_ENDPOINT_STATUS),
    out("DnsName", &STRING),
]);
/// GetClientVpnEndpointAuthorizationPolicy's answer, in aws-sdk-ec2's model.
pub static OUT_GET_CLIENT_VPN_ENDPOINT_AUTHORIZATION_POLICY_RESULT: Shape = Shape::Structure(&[
    out("ClientVpnEndpointId", &STRING),
    out("PolicyDocument", &STRING),
    out("Description", &STRING),
    out("ShadowMode", &super::authorization::SHADOW_MODE),
    out("Status", &POLICY_STATUS),
]);
/// Modify- and DeleteClientVpnEndpointAuthorizationPolicy's answer, in aws-sdk-ec2's model.
pub static OUT_CLIENT_VPN_ENDPOINT_AUTHORIZATION_POLICY_STATUS: Shape =
    Shape::Structure(&[out("Status", &POLICY_STATUS)]);
