//! `cvpn up NAME --subnet-id SUBNET…`: from nothing to a ready .ovpn file. Certificates made
//! in-process, the server certificate imported into ACM once, the endpoint created (tagged
//! Name=NAME), its subnets associated, the VPC authorized (and with `--internet` a default route
//! per subnet), every change waited for, the configuration exported with the client's
//! certificate and key. Every run finds what exists and does only what is missing.

use std::path::PathBuf;

use clap::Args;

use crate::failure::Failure;

/// The arguments of `cvpn up`.
#[derive(Debug, Args)]
pub struct UpArgs {
    /// The VPN's name: the endpoint's Name tag, its certificates' directory, NAME.ovpn.
    #[arg(value_name = "NAME")]
    pub name: String,
    /// The subnets clients land in, one per Availability Zone, all in one VPC.
    #[arg(long = "subnet-id", value_name = "SUBNET", num_args = 1.., required = true)]
    pub subnet_ids: Vec<String>,
    /// The clients' address block (/12 to /22, not overlapping the VPC); default: the first of
    /// 10.100.0.0/22, 10.200.0.0/22, 172.20.0.0/22, 192.168.252.0/22, 10.255.252.0/22 that misses the VPC.
    #[arg(long, value_name = "CIDR")]
    pub client_cidr: Option<String>,
    /// Whom the first client certificate is for (its CN); default: the login name, else `client`.
    #[arg(long, value_name = "USER")]
    pub user: Option<String>,
    /// Where the VPN's certificates live; default $XDG_DATA_HOME/cvpn/NAME, else ~/.local/share/cvpn/NAME.
    #[arg(long, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub pki_dir: Option<PathBuf>,
    /// Also route the internet through the VPN: a 0.0.0.0/0 route per subnet and its rule.
    #[arg(long)]
    pub internet: bool,
    /// Write the configuration here (mode 0600; up's own file, rewritten on a rerun). Default NAME.ovpn.
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub config_out: Option<PathBuf>,
    /// Print the plan and run the checks, including EC2's permission check of the create; change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// No progress on stderr.
    #[arg(short, long)]
    pub quiet: bool,
    #[command(flatten)]
    pub endpoint: EndpointOptions,
    #[command(flatten)]
    pub certificates: BroughtCertificates,
    #[command(flatten)]
    pub waiting: crate::cli::WaitTiming,
}

/// What passes through to the create.
#[derive(Debug, Args)]
#[command(next_help_heading = "Endpoint")]
pub struct EndpointOptions {
    /// Send only the VPC's traffic (and the internet's with --internet) through the VPN.
    #[arg(long)]
    pub split_tunnel: bool,
    /// DNS servers for the clients (at most two).
    #[arg(long, value_name = "IP", num_args = 1..=2)]
    pub dns_servers: Vec<String>,
    /// The tunnel's transport (default udp).
    #[arg(long, value_name = "PROTOCOL", value_parser = ["udp", "tcp"])]
    pub transport_protocol: Option<String>,
    /// The port clients connect to (default 443).
    #[arg(long, value_name = "PORT", value_parser = ["443", "1194"])]
    pub vpn_port: Option<String>,
    /// The endpoint's description.
    #[arg(long, value_name = "TEXT")]
    pub description: Option<String>,
}

/// Certificates brought instead of made.
#[derive(Debug, Args)]
#[command(next_help_heading = "Bring your own certificates")]
pub struct BroughtCertificates {
    /// The server certificate, already in ACM; nothing is made or imported. Needs --client-cert and --client-key.
    #[arg(long, value_name = "ARN", requires_all = ["client_cert", "client_key"])]
    pub server_cert: Option<String>,
    /// The ACM certificate of the CA that issued the client certificates, when not the server's.
    #[arg(long, value_name = "ARN", requires = "server_cert")]
    pub client_root_cert: Option<String>,
    /// The client certificate (PEM) the configuration carries, instead of one made for --user.
    #[arg(long, value_name = "FILE", requires = "client_key", value_hint = clap::ValueHint::FilePath)]
    pub client_cert: Option<PathBuf>,
    /// Its private key (PEM).
    #[arg(long, value_name = "FILE", requires = "client_cert", value_hint = clap::ValueHint::FilePath)]
    pub client_key: Option<PathBuf>,
}

/// What the command line settles before anything is sent.
#[derive(Debug)]
#[cfg_attr(not(feature = "aws"), allow(dead_code))]
struct Settled {
    dir: PathBuf,
    user: String,
    config_out: PathBuf,
    /// The client certificate and key brought as files.
    client_identity: Option<(String, String)>,
}

/// Every problem of the command line at once, before anything is sent.
#[cfg_attr(not(feature = "aws"), allow(dead_code))]
fn settle(args: &UpArgs) -> Result<Settled, Failure> {
    use crate::api::model::SUBNET_ID_PREFIX;
    use crate::validate::model_rules::is_id;
    let mut problems = Vec::new();
    if let Err(problem) = crate::provision::check_vpn_name(&args.name) {
        problems.push(problem);
    }
    for subnet in args.subnet_ids.iter().filter(|subnet| !is_id(subnet, SUBNET_ID_PREFIX)) {
        problems.push(format!("--subnet-id {subnet}: is not a subnet ID (subnet- followed by hexadecimal digits)"));
    }
    let mut seen = Vec::new();
    for subnet in &args.subnet_ids {
        if seen.contains(&subnet) {
            problems.push(format!("--subnet-id {subnet}: given twice"));
        }
        seen.push(subnet);
    }
    if let Some(cidr) = &args.client_cidr
        && cidr.parse::<ipnet::Ipv4Net>().is_err()
    {
        problems.push(format!("--client-cidr {cidr}: is not an IPv4 CIDR block (e.g. 10.100.0.0/22)"));
    }
    for server in args.endpoint.dns_servers.iter().filter(|server| server.parse::<std::net::Ipv4Addr>().is_err()) {
        problems.push(format!("--dns-servers {server}: is not an IPv4 address"));
    }
    for (flag, arn) in
        [("server-cert", &args.certificates.server_cert), ("client-root-cert", &args.certificates.client_root_cert)]
    {
        if let Some(arn) = arn
            && !(arn.starts_with("arn:") && arn.split(':').nth(2) == Some("acm"))
        {
            problems.push(format!(
                "--{flag} {arn}: is not an ACM certificate ARN (arn:aws:acm:REGION:ACCOUNT:certificate/ID)"
            ));
        }
    }
    let user = args.user.clone().unwrap_or_else(crate::provision::default_user);
    if let Err(problem) = crate::pki::store::check_user(&user) {
        problems.push(format!("--user: {problem}"));
    }
    let dir = crate::provision::vpn_dir(args.pki_dir.as_deref(), &args.name).unwrap_or_else(|problem| {
        problems.push(problem);
        PathBuf::new()
    });
    let client_identity = match (&args.certificates.client_cert, &args.certificates.client_key) {
        (Some(cert), Some(key)) => {
            use crate::commands::export_configuration::read_pem;
            match (read_pem("client-cert", cert, "CERTIFICATE-----"), read_pem("client-key", key, "PRIVATE KEY-----")) {
                (Ok(cert), Ok(key)) => Some((cert, key)),
                (cert, key) => {
                    problems.extend(cert.err().into_iter().chain(key.err()).map(|failure| failure.message));
                    None
                }
            }
        }
        _ => None,
    };
    if !problems.is_empty() {
        return Err(Failure::usage(format!("{}\nNothing was sent.", problems.join("\n"))));
    }
    let config_out = args.config_out.clone().unwrap_or_else(|| PathBuf::from(format!("{}.ovpn", args.name)));
    Ok(Settled { dir, user, config_out, client_identity })
}

#[cfg(feature = "aws")]
pub fn run(global: &crate::cli::GlobalArgs, args: &UpArgs) -> Result<u8, Failure> {
    use std::cell::RefCell;
    use std::rc::Rc;

    crate::output::printer::set_quiet(args.quiet);
    let mut printing = crate::commands::global_options::printing(global)?;
    let settled = settle(args)?;
    if let Some(url) = &global.endpoint_url {
        crate::aws::session::check_endpoint_url(url)?;
    }
    let resume = crate::provision::same_command(std::env::args_os().map(|word| word.to_string_lossy().into_owned()));
    let journal = Rc::new(RefCell::new(crate::provision::Journal::default()));
    let outcome = crate::app::run_async(bring_up(global, args, &settled, &mut printing, journal.clone()), || {
        Failure::interrupted("Interrupted.")
    });
    match outcome {
        Ok(code) => Ok(code),
        // A refusal before anything was done needs no resume hint.
        Err(failure) if failure.kind == crate::failure::FailureKind::Usage => Err(failure),
        Err(failure) => Err(journal.borrow().hints(&resume).into_iter().fold(failure, Failure::with_hint)),
    }
}

/// What the pre-flight found: the network, the endpoint if it exists, the certificate to use.
#[cfg(feature = "aws")]
struct Found {
    vpc: crate::provision::preflight::Vpc,
    subnets: Vec<crate::provision::preflight::Subnet>,
    endpoint: Option<serde_json::Value>,
    client_cidr: String,
    /// The server certificate in ACM, when it is there already (brought, or imported by a run before).
    server_arn: Option<String>,
    client_root_arn: Option<String>,
}

#[cfg(feature = "aws")]
async fn bring_up(
    global: &crate::cli::GlobalArgs,
    args: &UpArgs,
    settled: &Settled,
    printing: &mut crate::commands::global_options::Printing,
    journal: std::rc::Rc<std::cell::RefCell<crate::provision::Journal>>,
) -> Result<u8, Failure> {
    use serde_json::{Value, json};

    use crate::api::operations::{
        ASSOCIATE_CLIENT_VPN_TARGET_NETWORK, AUTHORIZE_CLIENT_VPN_INGRESS, CREATE_CLIENT_VPN_ROUTE,
        DESCRIBE_CLIENT_VPN_AUTHORIZATION_RULES, DESCRIBE_CLIENT_VPN_ROUTES, DESCRIBE_CLIENT_VPN_TARGET_NETWORKS,
        ENDPOINT_AVAILABLE, EXPORT_CLIENT_VPN_CLIENT_CONFIGURATION,
    };
    use crate::aws::vpn::{change, of_endpoint, state, text};
    use crate::commands::export_configuration::Delivery;
    use crate::provision::NAME_TAG;

    let crate::commands::global_options::Connected { session, http, ec2, log } =
        crate::commands::global_options::connect(global, printing).await?;
    let region = session.config.region().map(|region| region.as_ref().to_owned()).unwrap_or_default();
    let acm = crate::aws::acm::client(&session, http.clone(), &log);
    let step = |name: &str| journal.borrow_mut().start(name);
    let done = |outcome: String| journal.borrow_mut().done(&outcome);
    let settings = args.waiting.settings();

    // 1. Pre-flight: read-only, every problem at once.
    step(&format!("Checking the subnets, the VPC, the endpoint and the certificate of {}", args.name));
    let found = preflight(args, &settled.dir, &ec2, &acm, &log, &region).await?;
    let endpoint_id = found.endpoint.as_ref().map(|endpoint| text(endpoint, "ClientVpnEndpointId").to_owned());
    done(format!(
        "checked {} ({}), {} subnet(s), client CIDR {}{}",
        found.vpc.id,
        found.vpc.cidr_blocks.join(", "),
        found.subnets.len(),
        found.client_cidr,
        endpoint_id.as_ref().map(|id| format!(", endpoint {id} exists")).unwrap_or_default()
    ));
    let wanted_rules: Vec<String> =
        found.vpc.cidr_blocks.iter().cloned().chain(args.internet.then(|| "0.0.0.0/0".to_owned())).collect();
    let create_request = |server_arn: &str, token: &str| -> crate::api::operation::Document {
        let root = found.client_root_arn.as_deref().unwrap_or(server_arn);
        let mut request = json!({
            "ClientCidrBlock": found.client_cidr,
            "ServerCertificateArn": server_arn,
            "AuthenticationOptions": [{"Type": "certificate-authentication", "MutualAuthentication": {"ClientRootCertificateChainArn": root}}],
            "ConnectionLogOptions": {"Enabled": false},
            "TagSpecifications": [{"ResourceType": "client-vpn-endpoint", "Tags": [{"Key": NAME_TAG, "Value": args.name}]}],
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
    };

    if args.dry_run {
        return dry_run(
            args,
            settled,
            &found,
            &session,
            http,
            global.debug,
            &printing.options,
            &create_request,
            &wanted_rules,
        )
        .await;
    }

    // 2. Certificates on disk: the CA and server certificate unless brought, the client's unless brought.
    let generated = args.certificates.server_cert.is_none();
    step(&format!("Certificates in {}", settled.dir.display()));
    let local = |error: crate::pki::PkiError| Failure::other(format!("Certificates: {error}"));
    let pki = crate::pki::store::VpnPki::open(settled.dir.clone(), &args.name).map_err(local)?;
    let mut made = Vec::new();
    let (ca, server) = if generated {
        let ca = pki.ca().map_err(local)?;
        let server = pki.server(&ca.identity).map_err(local)?;
        for (what, kept) in [("CA", &ca), ("server", &server)] {
            made.push(format!("{} {what}", if kept.created { "made" } else { "kept" }));
        }
        (Some(ca.identity), Some(server.identity))
    } else {
        (None, None)
    };
    let client_identity = match (&settled.client_identity, &ca) {
        (Some(brought), _) => brought.clone(),
        (None, Some(ca)) => {
            let client = pki.client(ca, &settled.user).map_err(local)?;
            made.push(format!("{} client {}", if client.created { "made" } else { "kept" }, settled.user));
            (client.identity.certificate_pem.clone(), client.identity.key_pem.clone())
        }
        (None, None) => unreachable!("clap requires --client-cert with --server-cert"),
    };
    done(if made.is_empty() {
        "brought certificates used".to_owned()
    } else {
        format!("certificates: {}", made.join(", "))
    });

    // 3. The server certificate into ACM, once.
    let server_arn = match (&found.server_arn, &ca, &server) {
        (Some(arn), _, _) => arn.clone(),
        (None, Some(ca), Some(server)) => {
            step("Importing the server certificate into ACM");
            let arn = crate::aws::vpn::import_once(&acm, &log, &args.name, server, ca).await?;
            done(format!("imported the server certificate: {arn}"));
            arn
        }
        _ => unreachable!("a brought certificate was found in the pre-flight"),
    };

    // 4. The endpoint, with a ClientToken a rerun repeats.
    let (endpoint_id, dns_name, fresh) = match &found.endpoint {
        Some(endpoint) => {
            (text(endpoint, "ClientVpnEndpointId").to_owned(), text(endpoint, "DnsName").to_owned(), false)
        }
        None => {
            step("Creating the endpoint");
            let token = crate::provision::endpoint_client_token(&settled.dir)
                .map_err(|error| Failure::other(format!("{}: {error}", settled.dir.display())))?;
            let request = create_request(&server_arn, &token);
            let created = match crate::aws::ec2::create_client_vpn_endpoint::create_endpoint(
                &session,
                &request,
                http.clone(),
                global.debug,
            )
            .await?
            {
                crate::aws::ec2::create_client_vpn_endpoint::Outcome::Created(created) => created,
                crate::aws::ec2::create_client_vpn_endpoint::Outcome::DryRun(_) => {
                    return Err(Failure::other("CreateClientVpnEndpoint answered as a dry run"));
                }
            };
            let id = created.client_vpn_endpoint_id.unwrap_or_default();
            done(format!("created endpoint {id} (Name={})", args.name));
            (id, created.dns_name.unwrap_or_default(), true)
        }
    };
    let of_this = |extra: Value| -> Value {
        let mut request = json!({"ClientVpnEndpointId": endpoint_id});
        if let (Value::Object(request), Value::Object(extra)) = (&mut request, extra) {
            request.extend(extra);
        }
        request
    };
    let document = |value: Value| match value {
        Value::Object(document) => document,
        _ => crate::api::operation::Document::new(),
    };

    // 5. Every subnet associated, each association waited for.
    let networks = if fresh {
        Vec::new()
    } else {
        of_endpoint(&DESCRIBE_CLIENT_VPN_TARGET_NETWORKS, &ec2, &log, &endpoint_id).await?
    };
    let mut pending = Vec::new();
    for subnet in &args.subnet_ids {
        let listed = networks.iter().find(|network| {
            text(network, "TargetNetworkId") == subnet && matches!(state(network), "associating" | "associated")
        });
        match listed {
            Some(network) if state(network) == "associated" => {}
            Some(network) => pending.push((subnet.clone(), text(network, "AssociationId").to_owned())),
            None => {
                step(&format!("Associating {subnet}"));
                let answer = change(
                    &ASSOCIATE_CLIENT_VPN_TARGET_NETWORK,
                    &ec2,
                    &log,
                    of_this(json!({"SubnetId": subnet})),
                    &["ClientVpnEndpointAssociationExists", "InvalidClientVpnDuplicateAssociationException"],
                )
                .await?;
                let id = answer.as_ref().and_then(|answer| answer.get("AssociationId")).and_then(Value::as_str);
                match id {
                    Some(id) => {
                        done(format!("associated {subnet} ({id})"));
                        pending.push((subnet.clone(), id.to_owned()));
                    }
                    None => done(format!("{subnet} was associated already")),
                }
            }
        }
    }
    let wait = |wait: &'static crate::api::operation::Wait, request: Value, answer: Value, what: String| {
        let (ec2, log, settings) = (&ec2, &log, &settings);
        async move { crate::aws::waiter::wait(wait, &document(request), &document(answer), settings, ec2, log, &what).await }
    };
    for (subnet, association) in &pending {
        let association_wait = ASSOCIATE_CLIENT_VPN_TARGET_NETWORK.wait.as_ref().expect("associate waits");
        wait(
            association_wait,
            of_this(json!({"SubnetId": subnet})),
            json!({"AssociationId": association}),
            format!("association {association} ({subnet}) to be associated"),
        )
        .await?;
    }

    // 6. The VPC's blocks (and with --internet the internet) authorized for every group.
    let rules = if fresh {
        Vec::new()
    } else {
        of_endpoint(&DESCRIBE_CLIENT_VPN_AUTHORIZATION_RULES, &ec2, &log, &endpoint_id).await?
    };
    let mut authorizing = Vec::new();
    for cidr in &wanted_rules {
        let listed = rules.iter().find(|rule| {
            text(rule, "DestinationCidr") == cidr
                && rule.get("AccessAll") == Some(&Value::Bool(true))
                && matches!(state(rule), "authorizing" | "active")
        });
        match listed {
            Some(rule) if state(rule) == "active" => {}
            Some(_) => authorizing.push(cidr.clone()),
            None => {
                step(&format!("Authorizing {cidr} for all groups"));
                let request = of_this(json!({"TargetNetworkCidr": cidr, "AuthorizeAllGroups": true}));
                let answer = change(
                    &AUTHORIZE_CLIENT_VPN_INGRESS,
                    &ec2,
                    &log,
                    request,
                    &["InvalidClientVpnDuplicateAuthorizationRule"],
                )
                .await?;
                done(if answer.is_some() {
                    format!("authorized {cidr}")
                } else {
                    format!("{cidr} was authorized already")
                });
                authorizing.push(cidr.clone());
            }
        }
    }

    // 7. With --internet, a default route through every subnet (the VPC's route comes with the association).
    let mut creating = Vec::new();
    if args.internet {
        let routes =
            if fresh { Vec::new() } else { of_endpoint(&DESCRIBE_CLIENT_VPN_ROUTES, &ec2, &log, &endpoint_id).await? };
        for subnet in &args.subnet_ids {
            let listed = routes.iter().find(|route| {
                text(route, "DestinationCidr") == "0.0.0.0/0"
                    && text(route, "TargetSubnet") == subnet
                    && matches!(state(route), "creating" | "active")
            });
            match listed {
                Some(route) if state(route) == "active" => {}
                Some(_) => creating.push(subnet.clone()),
                None => {
                    step(&format!("Routing 0.0.0.0/0 through {subnet}"));
                    let request = of_this(json!({"DestinationCidrBlock": "0.0.0.0/0", "TargetVpcSubnetId": subnet}));
                    let answer =
                        change(&CREATE_CLIENT_VPN_ROUTE, &ec2, &log, request, &["InvalidClientVpnDuplicateRoute"])
                            .await?;
                    done(if answer.is_some() {
                        format!("routed 0.0.0.0/0 through {subnet}")
                    } else {
                        format!("the route through {subnet} existed already")
                    });
                    creating.push(subnet.clone());
                }
            }
        }
    }
    for cidr in &authorizing {
        let rule_wait = AUTHORIZE_CLIENT_VPN_INGRESS.wait.as_ref().expect("authorize waits");
        wait(
            rule_wait,
            of_this(json!({"TargetNetworkCidr": cidr})),
            json!({}),
            format!("the rule for {cidr} to be active"),
        )
        .await?;
    }
    for subnet in &creating {
        let route_wait = CREATE_CLIENT_VPN_ROUTE.wait.as_ref().expect("route creation waits");
        let request = of_this(json!({"DestinationCidrBlock": "0.0.0.0/0", "TargetVpcSubnetId": subnet}));
        wait(route_wait, request, json!({}), format!("the route to 0.0.0.0/0 through {subnet} to be active")).await?;
    }
    let endpoint_ready =
        found.endpoint.as_ref().is_some_and(|endpoint| state(endpoint) == "available") && pending.is_empty();
    if !endpoint_ready {
        wait(&ENDPOINT_AVAILABLE, of_this(json!({})), json!({}), format!("endpoint {endpoint_id} to be available"))
            .await?;
    }

    // 8. The configuration, ready for any OpenVPN client.
    step(&format!("Writing {}", settled.config_out.display()));
    let exported = change(&EXPORT_CLIENT_VPN_CLIENT_CONFIGURATION, &ec2, &log, of_this(json!({})), &[]).await?;
    let delivery = Delivery::new(settled.config_out.clone(), true, client_identity);
    delivery.write(&exported.unwrap_or_default())?;
    done(format!("wrote {} (mode 0600, certificate and key embedded)", settled.config_out.display()));

    let summary = json!({
        "Name": args.name,
        "ClientVpnEndpointId": endpoint_id,
        "Status": "available",
        "DnsName": dns_name,
        "ClientCidrBlock": found.client_cidr,
        "ConfigurationFile": settled.config_out.display().to_string(),
        "ServerCertificateArn": server_arn,
        "CertificateDirectory": settled.dir.display().to_string(),
    });
    crate::output::printer::result(&crate::output::render(&summary, "up", &printing.options)?);
    Ok(0)
}

/// Everything `up` checks before it changes anything; every problem at once (exit 252).
#[cfg(feature = "aws")]
async fn preflight(
    args: &UpArgs,
    dir: &std::path::Path,
    ec2: &aws_sdk_ec2::Client,
    acm: &aws_sdk_acm::Client,
    log: &crate::aws::ec2::AttemptLog,
    region: &str,
) -> Result<Found, Failure> {
    use crate::aws::vpn::text;
    use crate::provision::preflight::{
        check_client_cidr, check_region, check_server_certificate, check_subnets, choose_client_cidr,
    };

    let mut problems = Vec::new();
    let subnets = match crate::aws::ec2::network::subnets(ec2, log, &args.subnet_ids).await {
        Ok(subnets) => subnets,
        Err(failure) if failure.service_error().and_then(|e| e.code.as_deref()) == Some("InvalidSubnetID.NotFound") => {
            problems.push(format!("--subnet-id: {} (check --region)", failure.message));
            Vec::new()
        }
        Err(failure) => return Err(failure),
    };
    problems.extend(check_subnets(&args.subnet_ids, &subnets).into_iter().filter(|problem| {
        // EC2 named the missing subnet already.
        subnets.len() == args.subnet_ids.len() || !problem.contains("no such subnet")
    }));
    let vpc = match subnets.first() {
        Some(subnet) => crate::aws::ec2::network::vpc(ec2, log, &subnet.vpc_id).await?,
        None => crate::provision::preflight::Vpc { id: "(unknown)".into(), cidr_blocks: Vec::new() },
    };
    let mut endpoints = crate::aws::vpn::endpoints_named(ec2, log, &args.name).await?;
    if endpoints.len() > 1 {
        let ids: Vec<&str> = endpoints.iter().map(|endpoint| text(endpoint, "ClientVpnEndpointId")).collect();
        problems.push(format!(
            "{} endpoints are tagged Name={} ({}); cvpn cannot tell which is the VPN's: delete the others or rename their tag",
            ids.len(),
            args.name,
            ids.join(", ")
        ));
    }
    let endpoint = endpoints.pop();
    let client_cidr = match &endpoint {
        Some(endpoint) => {
            let id = text(endpoint, "ClientVpnEndpointId");
            if !subnets.is_empty() && text(endpoint, "VpcId") != vpc.id {
                problems.push(format!(
                    "endpoint {id} (Name={}) serves {}, the subnets are in {}; give subnets of {} or `cvpn down {}` first",
                    args.name,
                    text(endpoint, "VpcId"),
                    vpc.id,
                    text(endpoint, "VpcId"),
                    args.name
                ));
            }
            let kept = text(endpoint, "ClientCidrBlock").to_owned();
            if let Some(given) = args.client_cidr.as_ref().filter(|given| **given != kept) {
                problems.push(format!(
                    "--client-cidr {given}: endpoint {id} (Name={}) has {kept}, and a client CIDR cannot change; leave \
                     --client-cidr out, or `cvpn down {}` first",
                    args.name, args.name
                ));
            }
            kept
        }
        None => {
            let chosen = match &args.client_cidr {
                Some(given) => given.clone(),
                None => match choose_client_cidr(&vpc.cidr_blocks) {
                    Some(choice) => choice.to_owned(),
                    None => {
                        problems.push(format!(
                            "every client CIDR cvpn would choose overlaps {}; give --client-cidr",
                            vpc.id
                        ));
                        String::new()
                    }
                },
            };
            if !chosen.is_empty() && !subnets.is_empty() {
                problems.extend(check_client_cidr(&chosen, &vpc));
            }
            chosen
        }
    };
    let (server_arn, client_root_arn) = match &args.certificates.server_cert {
        Some(arn) => {
            let brought =
                [("server-cert", Some(arn)), ("client-root-cert", args.certificates.client_root_cert.as_ref())];
            for (flag, arn) in brought.into_iter().filter_map(|(flag, arn)| Some((flag, arn?))) {
                let given = format!("--{flag} {arn}");
                // ACM answers for its own region only: a certificate elsewhere is reported as such.
                if let Some(problem) = check_region(&given, arn, region) {
                    problems.push(problem);
                    continue;
                }
                match crate::aws::acm::describe(acm, log, arn).await {
                    Ok(facts) if flag == "server-cert" => {
                        problems.extend(check_server_certificate(&given, &facts, region))
                    }
                    Ok(_) => {}
                    Err(failure) if crate::aws::acm::error_code(&failure) == Some("ResourceNotFoundException") => {
                        problems.push(format!("{given}: ACM has no such certificate in {region}"));
                    }
                    Err(failure) => return Err(failure),
                }
            }
            (Some(arn.clone()), args.certificates.client_root_cert.clone())
        }
        None => {
            // The endpoint's certificate when it exists; else the one a run before imported, if any.
            let in_use = endpoint.as_ref().map(|endpoint| text(endpoint, "ServerCertificateArn").to_owned());
            let arn = match in_use.filter(|arn| !arn.is_empty()) {
                Some(arn) => Some(arn),
                None => crate::aws::vpn::imported_certificates(acm, log, &args.name).await?.into_iter().next(),
            };
            // A new CA would sign client certificates the endpoint does not trust.
            if let Some(arn) = arn.as_ref().filter(|_| !dir.join("ca.key").exists()) {
                problems.push(format!(
                    "{} has no CA, but AWS holds {} made with one ({arn}); a new CA's clients could not connect: \
                     restore the directory (or give --pki-dir), or `cvpn down {}` first",
                    dir.display(),
                    args.name,
                    args.name
                ));
            }
            (arn, None)
        }
    };
    if !problems.is_empty() {
        return Err(Failure::usage(format!(
            "cvpn up {} cannot go ahead:\n  {}\nNothing was created or imported.",
            args.name,
            problems.join("\n  ")
        )));
    }
    Ok(Found { vpc, subnets, endpoint, client_cidr, server_arn, client_root_arn })
}

/// `--dry-run`: the plan, with EC2's permission check of the create when the certificate is in ACM.
#[cfg(feature = "aws")]
#[allow(clippy::too_many_arguments)]
async fn dry_run(
    args: &UpArgs,
    settled: &Settled,
    found: &Found,
    session: &crate::aws::session::Session,
    http: Option<aws_sdk_ec2::config::SharedHttpClient>,
    debug: bool,
    options: &crate::output::OutputOptions,
    create_request: &dyn Fn(&str, &str) -> crate::api::operation::Document,
    wanted_rules: &[String],
) -> Result<u8, Failure> {
    use serde_json::{Value, json};

    use crate::aws::ec2::create_client_vpn_endpoint::{Outcome, create_endpoint};
    use crate::aws::vpn::text;

    let mut verdict = Value::Null;
    let mut code = 0;
    let endpoint = found.endpoint.as_ref().map(|endpoint| text(endpoint, "ClientVpnEndpointId").to_owned());
    let create = match (&endpoint, &found.server_arn) {
        (Some(id), _) => json!({"Step": "create-endpoint", "Action": "keep", "ClientVpnEndpointId": id}),
        (None, arn) => {
            let arn = arn.clone().unwrap_or_else(|| "(the ARN the import returns)".to_owned());
            let mut request = create_request(&arn, "(kept in the VPN's directory)");
            request.remove("ClientToken");
            if found.server_arn.is_some() {
                let mut checked = request.clone();
                checked.insert("DryRun".to_owned(), Value::Bool(true));
                if let Outcome::DryRun(result) = create_endpoint(session, &checked, http, debug).await? {
                    code = if result.dry_run == crate::api::results::DryRunVerdict::Permitted {
                        0
                    } else {
                        crate::failure::EXIT_DRY_RUN_DENIED
                    };
                    verdict = json!({"Code": result.code, "Message": result.message});
                }
            }
            json!({"Step": "create-endpoint", "Action": "create", "Parameters": request})
        }
    };
    let generated = args.certificates.server_cert.is_none();
    let plan = json!({
        "DryRun": true,
        "Name": args.name,
        "VpcId": found.vpc.id,
        "SubnetIds": args.subnet_ids,
        "ClientCidrBlock": found.client_cidr,
        "Steps": [
            {"Step": "certificates", "Directory": settled.dir.display().to_string(), "User": settled.user,
             "Action": if generated { "make what is missing (CA, server, client)" } else { "use the brought certificates" }},
            {"Step": "import", "Action": match (&found.server_arn, generated) {
                (Some(_), _) => "keep", (None, true) => "import the server certificate with its CA, tagged", _ => "keep" },
             "CertificateArn": found.server_arn},
            create,
            {"Step": "associate", "SubnetIds": args.subnet_ids},
            {"Step": "authorize", "Cidrs": wanted_rules, "AllGroups": true},
            {"Step": "routes", "Routes": if args.internet { json!(args.subnet_ids.iter().map(|subnet| json!({"DestinationCidrBlock": "0.0.0.0/0", "TargetVpcSubnetId": subnet})).collect::<Vec<_>>()) } else { json!([]) }},
            {"Step": "export", "ConfigurationFile": settled.config_out.display().to_string()},
        ],
        "CreatePermission": verdict,
    });
    crate::output::printer::result(&crate::output::render(&plan, "up", options)?);
    Ok(code)
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    #[derive(Parser)]
    struct Up {
        #[command(flatten)]
        args: UpArgs,
    }

    fn settled(words: &[&str]) -> Result<Settled, Failure> {
        let up = Up::try_parse_from([&["up"][..], words].concat()).expect("clap accepts the words");
        settle(&up.args)
    }

    #[test]
    fn every_bad_word_is_named_at_once_and_the_defaults_follow_the_name() {
        let failure = settled(&[
            "a/b",
            "--subnet-id",
            "subnet-0abc",
            "subnet-0abc",
            "x",
            "--dns-servers",
            "1.1.1",
            "--user",
            "a b",
        ])
        .unwrap_err();
        assert_eq!(failure.exit_code(), crate::failure::EXIT_USAGE);
        for expected in [
            "NAME \"a/b\"",
            "--subnet-id subnet-0abc: given twice",
            "--subnet-id x: is not a subnet ID",
            "--dns-servers 1.1.1: is not an IPv4 address",
            "--user: user \"a b\"",
            "Nothing was sent.",
        ] {
            assert!(failure.message.contains(expected), "{expected}: {}", failure.message);
        }
        let good =
            settled(&["office", "--subnet-id", "subnet-0abc", "--pki-dir", "/tmp/pki", "--user", "bob"]).unwrap();
        assert_eq!(good.config_out, PathBuf::from("office.ovpn"));
        assert_eq!((good.dir, good.user), (PathBuf::from("/tmp/pki"), "bob".to_owned()));
    }
}
