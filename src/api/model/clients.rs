//! The requests of what clients get and do: the client configuration, the certificate
//! revocation list, and connections.

use super::*;

/// ExportClientVpnClientConfigurationRequest.
pub static EXPORT_CLIENT_VPN_CLIENT_CONFIGURATION_REQUEST: Shape =
    Shape::Structure(&[endpoint_id("The ID of the Client VPN endpoint."), dry_run()]);

/// ImportClientVpnClientCertificateRevocationListRequest.
pub static IMPORT_CLIENT_VPN_CLIENT_CERTIFICATE_REVOCATION_LIST_REQUEST: Shape = Shape::Structure(&[
    endpoint_id("The ID of the Client VPN endpoint to which the client certificate revocation list applies."),
    required("CertificateRevocationList", &STRING, "The client certificate revocation list file."),
    dry_run(),
]);

/// ExportClientVpnClientCertificateRevocationListRequest.
pub static EXPORT_CLIENT_VPN_CLIENT_CERTIFICATE_REVOCATION_LIST_REQUEST: Shape =
    Shape::Structure(&[endpoint_id("The ID of the Client VPN endpoint."), dry_run()]);

pub static CONNECTION_FILTER_NAMES: &[&str] = &["connection-id", "username"];

/// DescribeClientVpnConnectionsRequest.
pub static DESCRIBE_CLIENT_VPN_CONNECTIONS_REQUEST: Shape = Shape::Structure(&[
    endpoint_id("The ID of the Client VPN endpoint."),
    filters(CONNECTION_FILTER_NAMES),
    next_token(),
    max_results(),
    dry_run(),
]);

/// TerminateClientVpnConnectionsRequest.
pub static TERMINATE_CLIENT_VPN_CONNECTIONS_REQUEST: Shape = Shape::Structure(&[
    endpoint_id("The ID of the Client VPN endpoint to which the client is connected."),
    member("ConnectionId", &STRING, "The ID of the client connection to be terminated.")
        .limited(Limit::Id(CONNECTION_ID_PREFIX)),
    member("Username", &STRING, "The name of the user who initiated the connection."),
    dry_run(),
]);
