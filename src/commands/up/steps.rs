//! `cvpn up`'s steps after the pre-flight, in the order `run` lists them: the certificates on
//! disk, the server certificate in ACM, the endpoint, its networks (associations, rules, routes,
//! each through the ensure step), the configuration file. Each finds what is done and skips it.

use super::preflight::Found;
use super::{Settled, UpArgs};
use crate::aws::Connection;
use crate::failure::Failure;
use crate::provision::endpoint_scope::EndpointScope;
use crate::provision::journal::Journal;

/// The CIDRs every group is authorized for: the VPC's blocks, and with `--internet` the internet.
pub fn wanted_rules(args: &UpArgs, found: &Found) -> Vec<String> {
    found.vpc.cidr_blocks.iter().cloned().chain(args.internet.then(|| "0.0.0.0/0".to_owned())).collect()
}

/// The create `up` sends: the VPN's network and certificates, tagged Name=NAME and cvpn:vpn=NAME
/// (what proves to `down` that the endpoint is the VPN's), with the options that pass through; `token` is the ClientToken a rerun repeats.
pub fn create_request(args: &UpArgs, found: &Found, server_arn: &str, token: &str) -> crate::api::operation::Document {
    use serde_json::{Value, json};

    let root = found.client_root_arn.as_deref().unwrap_or(server_arn);
    let mut request = json!({
        "ClientCidrBlock": found.client_cidr,
        "ServerCertificateArn": server_arn,
        "AuthenticationOptions": [{"Type": "certificate-authentication", "MutualAuthentication": {"ClientRootCertificateChainArn": root}}],
        "ConnectionLogOptions": {"Enabled": false},
        "TagSpecifications": [{"ResourceType": "client-vpn-endpoint", "Tags": [
            {"Key": crate::provision::NAME_TAG, "Value": args.name},
            {"Key": crate::provision::VPN_TAG, "Value": args.name},
        ]}],
        "VpcId": found.vpc.id,
        "ClientToken": token,
    });
    let options = &args.endpoint;
    if !options.dns_servers.is_empty() {
        request["DnsServers"] = json!(options.dns_servers);
    }
    if let Some(protocol) = &options.transport_protocol {
        request["TransportProtocol"] = json!(protocol);
    }
    if let Some(port) = &options.vpn_port {
        request["VpnPort"] = json!(port.parse::<i32>().unwrap_or(443));
    }
    if let Some(description) = &options.description {
        request["Description"] = json!(description);
    }
    if options.split_tunnel {
        request["SplitTunnel"] = json!(true);
    }
    match request {
        Value::Object(request) => request,
        _ => unreachable!("an object"),
    }
}

/// The certificates on disk: the CA and server certificate unless brought, and the client's
/// identity (PEM certificate and key) the configuration carries.
pub struct Made {
    pub pki: crate::pki::store::VpnPki,
    pub ca: Option<crate::pki::Identity>,
    pub server: Option<crate::pki::Identity>,
    pub client: (String, String),
}

/// Step 2: what is missing of the VPN's certificates is made; what exists is kept. The directory
/// gets its record (the VPN and `region`) when it has none.
pub fn make_certificates(journal: &Journal, args: &UpArgs, settled: &Settled, region: &str) -> Result<Made, Failure> {
    journal.start(&format!("Certificates in {}", settled.dir.display()));
    let local = |error: crate::pki::PkiError| Failure::other(format!("Certificates: {error}"));
    let pki = crate::pki::store::VpnPki::open(settled.dir.clone(), &args.name).map_err(local)?;
    // Whose the directory is and where its VPN lives: what `down --purge` checks.
    pki.record(region).map_err(local)?;
    crate::commands::vpn::warn_of_expiry(&pki);
    let mut made = Vec::new();
    let mut kept_or_made =
        |what: String, created: bool| made.push(format!("{} {what}", if created { "made" } else { "kept" }));
    let (ca, server) = if args.certificates.server_cert.is_none() {
        let ca = pki.ca().map_err(local)?;
        let server = pki.server(&ca.identity).map_err(local)?;
        kept_or_made("CA".to_owned(), ca.created);
        kept_or_made("server".to_owned(), server.created);
        (Some(ca.identity), Some(server.identity))
    } else {
        (None, None)
    };
    let client = match (&settled.client_identity, &ca) {
        (Some(brought), _) => brought.clone(),
        (None, Some(ca)) => {
            let client = pki.client(ca, &settled.user).map_err(local)?;
            kept_or_made(format!("client {}", settled.user), client.created);
            (client.identity.certificate_pem.clone(), client.identity.key_pem.clone())
        }
        (None, None) => unreachable!("clap requires --client-cert with --server-cert"),
    };
    journal.done(&if made.is_empty() {
        "brought certificates used".to_owned()
    } else {
        format!("certificates: {}", made.join(", "))
    });
    Ok(Made { pki, ca, server, client })
}

/// Step 3: the server certificate into ACM, once (a brought one, or one a run before imported,
/// is used as it is).
pub async fn import_server_certificate(
    connection: &Connection,
    journal: &Journal,
    args: &UpArgs,
    found: &Found,
    made: &Made,
) -> Result<String, Failure> {
    let arn = match (&found.server_arn, &made.ca, &made.server) {
        (Some(arn), _, _) => arn.clone(),
        (None, Some(ca), Some(server)) => {
            journal.start("Importing the server certificate into ACM");
            let arn = crate::aws::vpn::import_once(connection, &args.name, server, ca).await?;
            journal.done(&format!("imported the server certificate: {arn}"));
            arn
        }
        _ => unreachable!("a brought certificate was found in the pre-flight"),
    };
    // The account is in the ARN: what `down --purge` checks the directory's credentials against.
    let account = arn.split(':').nth(4).unwrap_or_default();
    made.pki.record_account(account).map_err(|error| Failure::other(format!("Certificates: {error}")))?;
    Ok(arn)
}

/// The VPN's endpoint: found by the pre-flight, or created now.
pub struct Endpoint {
    pub id: String,
    pub dns_name: String,
    /// Created by this run: it holds nothing yet.
    pub fresh: bool,
}

/// Step 4: the endpoint, created through the one path every operation takes, with a ClientToken
/// a rerun repeats (so a lost answer never makes a second endpoint).
pub async fn create_endpoint(
    connection: &Connection,
    journal: &Journal,
    args: &UpArgs,
    settled: &Settled,
    found: &Found,
    server_arn: &str,
) -> Result<Endpoint, Failure> {
    use crate::aws::vpn::{text, text_of};

    if let Some(endpoint) = &found.endpoint {
        let (id, dns_name) = (text(endpoint, "ClientVpnEndpointId"), text(endpoint, "DnsName"));
        return Ok(Endpoint { id: id.to_owned(), dns_name: dns_name.to_owned(), fresh: false });
    }
    journal.start("Creating the endpoint");
    let directory_error = |error: std::io::Error| Failure::other(format!("{}: {error}", settled.dir.display()));
    // A token kept by a run whose endpoint was deleted since (by hand, or by a down that did not
    // finish) makes EC2 refuse it (IdempotentParameterMismatch: "associated with a resource that
    // is already deleted") or answer with the deleted endpoint: the pre-flight found no endpoint,
    // so the token is stale, and a new one makes a new endpoint.
    let reused = crate::provision::has_endpoint_client_token(&settled.dir);
    let first = create_once(connection, args, settled, found, server_arn).await;
    let stale = match &first {
        Err(failure) => failure.service_error().and_then(|e| e.code.as_deref()) == Some("IdempotentParameterMismatch"),
        Ok(created) => reused && crate::aws::vpn::is_gone(connection, text_of(created, "ClientVpnEndpointId")).await?,
    };
    let created = if reused && stale {
        crate::provision::forget_endpoint_client_token(&settled.dir).map_err(directory_error)?;
        create_once(connection, args, settled, found, server_arn).await?
    } else {
        first?
    };
    let id = text_of(&created, "ClientVpnEndpointId").to_owned();
    journal.done(&format!("created endpoint {id} (Name={})", args.name));
    Ok(Endpoint { dns_name: text_of(&created, "DnsName").to_owned(), id, fresh: true })
}

/// One create, with the ClientToken kept in the VPN's directory (made and kept now when there is
/// none), so that a rerun after a lost answer repeats it and EC2 answers with the same endpoint.
async fn create_once(
    connection: &Connection,
    args: &UpArgs,
    settled: &Settled,
    found: &Found,
    server_arn: &str,
) -> Result<crate::api::operation::Document, Failure> {
    use crate::api::operations::CREATE_CLIENT_VPN_ENDPOINT;
    use crate::aws::ec2::Answer;

    let token = crate::provision::endpoint_client_token(&settled.dir)
        .map_err(|error| Failure::other(format!("{}: {error}", settled.dir.display())))?;
    let request = create_request(args, found, server_arn, &token);
    let note = crate::api::lifecycle_errors::client_token_note(CREATE_CLIENT_VPN_ENDPOINT.name, &token);
    match connection.send(&CREATE_CLIENT_VPN_ENDPOINT, &request, Some(note)).await? {
        Answer::Output(created) => Ok(created),
        Answer::DryRun(_) => Err(Failure::other("CreateClientVpnEndpoint answered as a dry run")),
    }
}

/// Steps 5 to 7: every subnet associated, the VPC's blocks (and with `--internet` the internet)
/// authorized for every group, with `--internet` a default route through every subnet (the VPC's
/// route comes with the association); every change waited for, then the endpoint available.
pub async fn connect_networks(
    scope: &EndpointScope<'_>,
    journal: &Journal,
    args: &UpArgs,
    found: &Found,
    fresh: bool,
) -> Result<(), Failure> {
    use crate::api::operations::ENDPOINT_AVAILABLE;
    use crate::provision::endpoint_parts::{ASSOCIATION, ROUTE, RULE, association, route, rule_for_all_groups};
    use crate::provision::ensure::{ensure, wait_all};

    let subnets = || args.subnet_ids.iter();
    let associating =
        ensure(scope, journal, &ASSOCIATION, subnets().map(|subnet| association(subnet)).collect(), fresh).await?;
    let associated_already = associating.is_empty();
    wait_all(scope, associating).await?;
    let rules = wanted_rules(args, found).iter().map(|cidr| rule_for_all_groups(cidr)).collect();
    let authorizing = ensure(scope, journal, &RULE, rules, fresh).await?;
    let routing = if args.internet {
        ensure(scope, journal, &ROUTE, subnets().map(|subnet| route("0.0.0.0/0", subnet, None)).collect(), fresh)
            .await?
    } else {
        Vec::new()
    };
    wait_all(scope, authorizing).await?;
    wait_all(scope, routing).await?;
    let available = found.endpoint.as_ref().is_some_and(|endpoint| crate::aws::vpn::state(endpoint) == "available");
    if !(available && associated_already) {
        let request = scope.request(serde_json::json!({}));
        let what = format!("endpoint {} to be available", scope.id);
        scope.wait(&ENDPOINT_AVAILABLE, &request, &crate::api::operation::Document::new(), &what).await?;
    }
    Ok(())
}

/// Step 8: the configuration, ready for any OpenVPN client, written 0600 and marked as the VPN's.
pub async fn write_configuration(
    scope: &EndpointScope<'_>,
    journal: &Journal,
    vpn: &str,
    settled: &Settled,
    client: (String, String),
) -> Result<(), Failure> {
    use crate::api::operations::EXPORT_CLIENT_VPN_CLIENT_CONFIGURATION;
    use crate::provision::configuration_file::Delivery;

    journal.start(&format!("Writing {}", settled.config_out.display()));
    let exported = scope.change(&EXPORT_CLIENT_VPN_CLIENT_CONFIGURATION, serde_json::json!({}), &[]).await?;
    let whom = format!("VPN {vpn}");
    Delivery::marked(settled.config_out.clone(), &whom, client).write(&exported.unwrap_or_default())?;
    journal.done(&format!("wrote {} (mode 0600, certificate and key embedded)", settled.config_out.display()));
    Ok(())
}
