//! The local AWS server: real HTTP on 127.0.0.1 speaking the EC2 Query protocol, for the tests
//! and for trying cvpn without an AWS account (`cargo run --example local-aws`).
//!
//! It records every request (method, path, headers, raw form body), routes it by its `Action`
//! and answers like EC2, from state it keeps: endpoints made by CreateClientVpnEndpoint are
//! listed by DescribeClientVpnEndpoints, page by page. It applies EC2's rules for what it models
//! (missing required parameters, DryRun, ClientToken idempotency, unknown IDs) with EC2's codes
//! and wordings; a test can make any action fail instead, per action (`fail`).

#![allow(dead_code)]

use std::collections::{HashMap, VecDeque};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::thread;

pub mod acm;
pub mod client_vpn;
pub mod network;
pub mod secrets;
pub mod tags;

/// One request as it arrived.
#[derive(Debug, Clone)]
pub struct RecordedRequest {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    /// The raw `application/x-www-form-urlencoded` body.
    pub body: String,
}

impl RecordedRequest {
    /// The decoded form fields, in the order they were sent.
    pub fn form(&self) -> Vec<(String, String)> {
        form_urlencoded::parse(self.body.as_bytes()).into_owned().collect()
    }

    /// The operation asked for: EC2's Action, or the `X-Amz-Target` of ACM and Secrets Manager
    /// without its service prefix.
    pub fn operation(&self) -> String {
        match self.header("x-amz-target") {
            Some(target) => target.split_once('.').map(|(_, operation)| operation).unwrap_or(target).to_owned(),
            None => self.field("Action").unwrap_or_default(),
        }
    }

    pub fn field(&self, name: &str) -> Option<String> {
        self.form().into_iter().find(|(key, _)| key == name).map(|(_, value)| value)
    }

    /// The form without the fields every request carries or that vary (Action, Version, ClientToken).
    pub fn parameters(&self) -> Vec<(String, String)> {
        self.form()
            .into_iter()
            .filter(|(key, _)| !matches!(key.as_str(), "Action" | "Version" | "ClientToken"))
            .collect()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, value)| value.as_str())
    }

    /// The region of the SigV4 credential scope (`Credential=AKID/DATE/REGION/SERVICE/aws4_request`);
    /// the server keeps each region's resources apart, as AWS does.
    pub fn region(&self) -> String {
        self.header("authorization")
            .and_then(|value| value.split("Credential=").nth(1))
            .and_then(|scope| scope.split('/').nth(2))
            .unwrap_or(REGION)
            .to_owned()
    }
}

/// What the server answers to one request.
#[derive(Debug, Clone)]
pub enum Reply {
    /// Behave like EC2 for CreateClientVpnEndpoint.
    Ec2,
    /// The EC2 error envelope with this status, code and message.
    Error { status: u16, code: String, message: String },
    /// Exactly these bytes as the body, with this status and content type.
    Raw { status: u16, content_type: String, body: String },
    /// Read the request and never answer (the connection stays open for a minute).
    Hang,
    /// Read the request and close the connection without an answer.
    Close,
    /// Act on the request as AWS would, then close the connection without the answer (a lost
    /// answer: the change is made, the caller never hears of it).
    ActThenClose,
}

impl Reply {
    pub fn error(status: u16, code: &str, message: &str) -> Reply {
        Reply::Error { status, code: code.to_owned(), message: message.to_owned() }
    }
}

/// A Client VPN endpoint as the server keeps it: its id and the create request's parameters.
#[derive(Debug, Clone)]
pub struct Endpoint {
    /// The region the request that made it was signed for.
    pub region: String,
    pub id: String,
    pub status: String,
    pub created: String,
    /// The CreateClientVpnEndpoint form, ClientToken and DryRun aside.
    pub parameters: Vec<(String, String)>,
}

impl Endpoint {
    fn parameter(&self, name: &str) -> Option<&str> {
        self.parameters.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
    }

    /// Values of `Prefix.1`, `Prefix.2`, ... in order.
    fn numbered(&self, prefix: &str) -> Vec<&str> {
        (1..).map_while(|n| self.parameter(&format!("{prefix}.{n}"))).collect()
    }
}

#[derive(Default)]
struct State {
    requests: Vec<RecordedRequest>,
    /// Replies that stand in for EC2's, per action, in order.
    scripted: HashMap<String, VecDeque<Reply>>,
    /// ClientToken → (endpoint id, the parameters it was created with), for idempotent answers.
    endpoints_by_token: HashMap<String, (String, Vec<(String, String)>)>,
    /// Every endpoint, in creation order.
    endpoints: Vec<Endpoint>,
    /// Certificates imported into ACM.
    certificates: Vec<acm::Certificate>,
    /// Secrets Manager's secrets.
    secrets: Vec<secrets::Secret>,
    /// What the endpoints hold: associations, rules, routes, connections, ...
    vpn: client_vpn::Resources,
    /// The VPCs, subnets, route tables, network ACLs and security groups.
    network: network::Network,
    /// Every certificate in ACM described as expiring this many days from now (negative: expired).
    certificates_expire_in_days: Option<i64>,
}

pub struct Ec2TestServer {
    pub url: String,
    state: Arc<Mutex<State>>,
}

/// The broken states `break_as` (and `examples/local-aws --broken`) sets, with what each does.
pub const BROKEN_STATES: [(&str, &str); 8] = [
    ("no-internet-route", "the main route table has no 0.0.0.0/0 route"),
    ("acl-drops-replies", "the default network ACL denies TCP replies (ports 1024-65535) coming in"),
    ("no-egress", "the default security group allows nothing out"),
    ("dns-support-off", "the VPC's enableDnsSupport is off"),
    ("few-addresses", "the first subnet has 7 free addresses"),
    ("associations-fail", "every association ends association-failed, rules and routes failed"),
    ("certificates-expiring", "every certificate in ACM expires in 10 days"),
    ("certificates-expired", "every certificate in ACM has expired"),
];

pub const DRY_RUN_MESSAGE: &str = "Request would have succeeded, but DryRun flag is set.";
pub const REGION: &str = "us-east-1";

impl Ec2TestServer {
    pub fn start() -> Ec2TestServer {
        Self::listen(None, 0)
    }

    /// Plain HTTP on this port of 127.0.0.1 (0: any free one).
    pub fn start_on(port: u16) -> Ec2TestServer {
        Self::listen(None, port)
    }

    /// The same server over HTTPS, with the certificate and key of tests/tls (localhost and
    /// 127.0.0.1, signed by the test CA in tests/tls/ca.crt).
    pub fn start_tls() -> Ec2TestServer {
        use rustls::pki_types::pem::PemObject;
        use rustls::pki_types::{CertificateDer, PrivateKeyDer};
        let directory = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tls");
        let certificates =
            CertificateDer::pem_file_iter(directory.join("localhost.crt")).unwrap().map(Result::unwrap).collect();
        let key = PrivateKeyDer::from_pem_file(directory.join("localhost.key")).unwrap();
        let config = rustls::ServerConfig::builder().with_no_client_auth().with_single_cert(certificates, key).unwrap();
        Self::listen(Some(Arc::new(config)), 0)
    }

    fn listen(tls: Option<Arc<rustls::ServerConfig>>, port: u16) -> Ec2TestServer {
        let listener = TcpListener::bind(("127.0.0.1", port)).expect("bind a loopback port");
        let scheme = if tls.is_some() { "https" } else { "http" };
        let url = format!("{scheme}://{}", listener.local_addr().unwrap());
        let state = Arc::new(Mutex::new(State::default()));
        let shared = Arc::clone(&state);
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let state = Arc::clone(&shared);
                let tls = tls.clone();
                thread::spawn(move || match tls {
                    Some(config) => {
                        let Ok(connection) = rustls::ServerConnection::new(config) else { return };
                        serve(rustls::StreamOwned::new(connection, stream), &state);
                    }
                    None => serve(stream, &state),
                });
            }
        });
        Ec2TestServer { url, state }
    }

    /// Answers the next CreateClientVpnEndpoint requests with these replies, in order; after them,
    /// EC2 behaviour.
    pub fn script(&self, replies: impl IntoIterator<Item = Reply>) {
        self.fail("CreateClientVpnEndpoint", replies);
    }

    /// Answers the next requests for `action` with these replies, in order; other actions and
    /// later requests get EC2 behaviour.
    pub fn fail(&self, action: &str, replies: impl IntoIterator<Item = Reply>) {
        self.state.lock().unwrap().scripted.entry(action.to_owned()).or_default().extend(replies);
    }

    /// The certificates imported into ACM now.
    pub fn certificates(&self) -> Vec<acm::Certificate> {
        self.state.lock().unwrap().certificates.clone()
    }

    /// Imports a certificate into the region's ACM as ImportCertificate would; returns its ARN.
    pub fn import_certificate(&self, certificate: &str, key: &str, chain: Option<&str>) -> String {
        use base64::Engine;
        let blob = |pem: &str| base64::engine::general_purpose::STANDARD.encode(pem);
        let mut body = serde_json::json!({"Certificate": blob(certificate), "PrivateKey": blob(key)});
        if let Some(chain) = chain {
            body["CertificateChain"] = serde_json::json!(blob(chain));
        }
        let (status, _, answer) =
            acm::answer("ImportCertificate", &body.to_string(), REGION, &mut self.state.lock().unwrap());
        assert_eq!(status, 200, "{answer}");
        let answer: serde_json::Value = serde_json::from_str(&answer).unwrap();
        answer["CertificateArn"].as_str().unwrap().to_owned()
    }

    /// Puts a certificate into ACM as if it had been imported while valid (ACM imports only a
    /// certificate valid now, so one that has since expired cannot come in through the wire).
    pub fn plant_certificate(&self, certificate: &str, chain: Option<&str>) -> String {
        let mut state = self.state.lock().unwrap();
        let arn = format!(
            "arn:aws:acm:{REGION}:{}:certificate/00000000-0000-4000-a000-{:012}",
            acm::ACCOUNT,
            state.certificates.len() + 1
        );
        let imported_at = 1_795_000_000 + state.certificates.len() as u64;
        state.certificates.push(acm::Certificate {
            region: REGION.to_owned(),
            arn: arn.clone(),
            certificate: certificate.to_owned(),
            chain: chain.map(str::to_owned),
            tags: Vec::new(),
            imported_at,
        });
        arn
    }

    /// Secrets Manager's secrets, deleted ones too.
    pub fn secrets(&self) -> Vec<secrets::Secret> {
        self.state.lock().unwrap().secrets.clone()
    }

    /// The current value of the secret `name`, if it has one.
    pub fn secret_value(&self, name: &str) -> Option<String> {
        let state = self.state.lock().unwrap();
        let secret = state.secrets.iter().find(|secret| secret.name == name && !secret.deleted)?;
        secret.current().map(|version| version.value.clone())
    }

    /// Makes a secret as CreateSecret would in us-east-1 (for a secret someone else made).
    pub fn add_secret(&self, name: &str, value: &str, tags: &[(&str, &str)]) {
        let tags: Vec<serde_json::Value> =
            tags.iter().map(|(key, value)| serde_json::json!({"Key": key, "Value": value})).collect();
        let body = serde_json::json!({"Name": name, "SecretString": value, "Tags": tags});
        let answer =
            secrets::answer("CreateSecret", &body.to_string(), "us-east-1", None, &mut self.state.lock().unwrap());
        assert_eq!(answer.0, 200, "{}", answer.2);
    }

    /// The endpoints the server holds now.
    pub fn endpoints(&self) -> Vec<Endpoint> {
        self.state.lock().unwrap().endpoints.clone()
    }

    /// Creates an endpoint as CreateClientVpnEndpoint would, with these extra parameters (for
    /// tests that need endpoints to list); returns its id.
    pub fn add_endpoint(&self, parameters: &[(&str, &str)]) -> String {
        let mut state = self.state.lock().unwrap();
        let token = format!("seed-{}", state.endpoints.len());
        let mut form: Vec<(String, String)> = vec![
            ("ClientCidrBlock".into(), "10.0.0.0/22".into()),
            ("ServerCertificateArn".into(), "arn:aws:acm:us-east-1:123456789012:certificate/server".into()),
            ("Authentication.1.Type".into(), "certificate-authentication".into()),
            (
                "Authentication.1.MutualAuthentication.ClientRootCertificateChainArn".into(),
                "arn:aws:acm:us-east-1:123456789012:certificate/server".into(),
            ),
            ("ConnectionLogOptions.Enabled".into(), "false".into()),
        ];
        for (key, value) in parameters {
            form.retain(|(existing, _)| existing != key);
            form.push((key.to_string(), value.to_string()));
        }
        create_endpoint(&mut state, REGION, &token, form)
    }

    /// Settles every pending change now (associations, rules, routes, deletions, ...).
    pub fn settle(&self) {
        client_vpn::settle(&mut self.state.lock().unwrap());
    }

    /// How many Client VPN describes a pending change takes to settle (2 unless set).
    pub fn settle_after(&self, describes: u32) {
        self.state.lock().unwrap().vpn.transitions.settle_after = describes;
    }

    /// Pending changes stay pending.
    pub fn freeze_transitions(&self) {
        self.state.lock().unwrap().vpn.transitions.frozen = true;
    }

    /// Pending changes settle in their failed state (association-failed, failed).
    pub fn fail_transitions(&self) {
        self.state.lock().unwrap().vpn.transitions.failing = true;
    }

    /// Every certificate in ACM described as expiring `days` from now (negative: expired), as
    /// if each had been imported that long before its end.
    pub fn expire_certificates_in(&self, days: i64) {
        self.state.lock().unwrap().certificates_expire_in_days = Some(days);
    }

    /// Puts the server in one of the broken states `BROKEN_STATES` names.
    pub fn break_as(&self, state: &str) -> Result<(), String> {
        match state {
            "no-internet-route" => self.change_network(|net| {
                net.route_table_mut(network::MAIN_ROUTE_TABLE).routes.retain(|route| route.destination != "0.0.0.0/0")
            }),
            "acl-drops-replies" => self.change_network(|net| {
                net.acl_mut(network::DEFAULT_ACL).entries.push(network::AclEntry {
                    number: 50,
                    egress: false,
                    protocol: "6".into(),
                    allow: false,
                    cidr: "0.0.0.0/0".into(),
                    ports: Some((1024, 65535)),
                })
            }),
            "no-egress" => self.change_network(|net| net.group_rules.retain(|rule| !rule.egress)),
            "dns-support-off" => self.change_network(|net| net.vpc_mut(network::VPC_ID).dns_support = false),
            "few-addresses" => self.change_network(|net| net.subnet_mut(network::SUBNETS[0].0).free_addresses = 7),
            "associations-fail" => self.fail_transitions(),
            "certificates-expiring" => self.expire_certificates_in(10),
            "certificates-expired" => self.expire_certificates_in(-1),
            _ => {
                let known: Vec<&str> = BROKEN_STATES.iter().map(|(name, _)| *name).collect();
                return Err(format!("no broken state {state}; the states are {}", known.join(", ")));
            }
        }
        Ok(())
    }

    /// Changes the network (a route table, an ACL, a VPC attribute, ...), for a broken state.
    pub fn change_network(&self, change: impl FnOnce(&mut network::Network)) {
        change(&mut self.state.lock().unwrap().network);
    }

    pub fn network(&self) -> network::Network {
        self.state.lock().unwrap().network.clone()
    }

    pub fn associations(&self) -> Vec<client_vpn::Association> {
        self.state.lock().unwrap().vpn.associations.clone()
    }

    pub fn rules(&self) -> Vec<client_vpn::Rule> {
        self.state.lock().unwrap().vpn.rules.clone()
    }

    pub fn routes(&self) -> Vec<client_vpn::Route> {
        self.state.lock().unwrap().vpn.routes.clone()
    }

    pub fn connections(&self) -> Vec<client_vpn::Connection> {
        self.state.lock().unwrap().vpn.connections.clone()
    }

    /// The certificate revocation list imported into an endpoint, and its status.
    pub fn revocation_list(&self, endpoint: &str) -> Option<(String, String)> {
        self.state.lock().unwrap().vpn.revocation_lists.get(endpoint).cloned()
    }

    /// A client connected to the endpoint with a certificate of this common name.
    pub fn add_connection(&self, endpoint: &str, common_name: &str) -> String {
        client_vpn::add_connection(&mut self.state.lock().unwrap(), endpoint, common_name)
    }

    /// The transit gateway attachments of endpoints made with a TransitGatewayConfiguration.
    pub fn attachments(&self) -> Vec<client_vpn::Attachment> {
        self.state.lock().unwrap().vpn.attachments.clone()
    }

    /// Waits until `count` requests have arrived (up to 10 seconds).
    pub fn wait_for_requests(&self, count: usize) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while self.requests().len() < count {
            assert!(std::time::Instant::now() < deadline, "{count} request(s) did not arrive");
            thread::sleep(std::time::Duration::from_millis(20));
        }
    }

    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.state.lock().unwrap().requests.clone()
    }

    /// The only request received; fails the test if there were none or several.
    pub fn only_request(&self) -> RecordedRequest {
        let requests = self.requests();
        assert_eq!(requests.len(), 1, "expected exactly one request, got {requests:#?}");
        requests.into_iter().next().unwrap()
    }
}

/// A JSON 1.1 service the server speaks, by its `X-Amz-Target` prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum JsonService {
    Acm,
    SecretsManager,
}

impl JsonService {
    fn of(target: &str) -> Option<(JsonService, String)> {
        let (prefix, operation) = target.split_once('.')?;
        let service = match prefix {
            "CertificateManager" => JsonService::Acm,
            "secretsmanager" => JsonService::SecretsManager,
            _ => return None,
        };
        Some((service, operation.to_owned()))
    }

    fn answer(self, operation: &str, request: &RecordedRequest, state: &mut State) -> (u16, String, String) {
        let region = request.region();
        match self {
            JsonService::Acm => acm::answer(operation, &request.body, &region, state),
            JsonService::SecretsManager => {
                secrets::answer(operation, &request.body, &region, request.header("authorization"), state)
            }
        }
    }

    fn error(self, code: &str, message: &str) -> (u16, String, String) {
        match self {
            JsonService::Acm => acm::error(code, message),
            JsonService::SecretsManager => secrets::error(code, message),
        }
    }
}

fn serve(mut stream: impl Read + Write, state: &Mutex<State>) {
    let Some(request) = read_request(&mut stream) else { return };
    // ACM and Secrets Manager (JSON 1.1) name their operation in a header; EC2 (Query) in the form.
    let target = request.header("x-amz-target").and_then(JsonService::of);
    let action = match &target {
        Some((_, operation)) => operation.clone(),
        None => request.field("Action").unwrap_or_default(),
    };
    let reply = {
        let mut state = state.lock().unwrap();
        state.requests.push(request.clone());
        state.scripted.get_mut(&action).and_then(VecDeque::pop_front).unwrap_or(Reply::Ec2)
    };
    let request_number = state.lock().unwrap().requests.len();
    let request_id = format!("00000000-0000-4000-8000-{request_number:012}");
    let (status, content_type, body) = match reply {
        Reply::Hang => {
            thread::sleep(std::time::Duration::from_secs(60));
            return;
        }
        Reply::Close => return,
        Reply::ActThenClose => {
            match &target {
                Some((service, operation)) => {
                    service.answer(operation, &request, &mut state.lock().unwrap());
                }
                None => {
                    ec2_answer(&request, &request_id, state);
                }
            }
            return;
        }
        Reply::Ec2 => match &target {
            Some((service, operation)) => service.answer(operation, &request, &mut state.lock().unwrap()),
            None => ec2_answer(&request, &request_id, state),
        },
        Reply::Error { status, code, message } => match &target {
            Some((service, _)) => {
                let (_, content_type, body) = service.error(&code, &message);
                (status, content_type, body)
            }
            None => (status, "text/xml;charset=UTF-8".to_owned(), error_envelope(&code, &message, &request_id)),
        },
        Reply::Raw { status, content_type, body } => (status, content_type, body),
    };
    let _ = write_response(&mut stream, status, &content_type, &body, &request_id);
}

fn read_request(stream: &mut impl Read) -> Option<RecordedRequest> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_owned();
    let path = parts.next()?.to_owned();
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).ok()?;
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':')?;
        headers.push((name.trim().to_owned(), value.trim().to_owned()));
    }
    let length: usize = headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some(RecordedRequest { method, path, headers, body: String::from_utf8_lossy(&body).into_owned() })
}

fn write_response(
    stream: &mut impl Write,
    status: u16,
    content_type: &str,
    body: &str,
    request_id: &str,
) -> std::io::Result<()> {
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        412 => "Precondition Failed",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    };
    let head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nx-amzn-RequestId: {request_id}\r\nServer: AmazonEC2\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    stream.write_all(body.as_bytes())?;
    stream.flush()
}

pub fn error_envelope(code: &str, message: &str, request_id: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>{code}</Code><Message>{}</Message></Error></Errors><RequestID>{request_id}</RequestID></Response>",
        xml_escape(message)
    )
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// The id EC2 gives an endpoint: `cvpn-endpoint-` and 17 hex digits, here derived from the token
/// so that a repeated token gets the same endpoint.
fn endpoint_id(token: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in token.bytes() {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    format!("cvpn-endpoint-{:017x}", u128::from(hash) & 0x1_ffff_ffff_ffff_ffff)
}

const XML: &str = "text/xml;charset=UTF-8";
const NAMESPACE: &str = "http://ec2.amazonaws.com/doc/2016-11-15/";

fn error(status: u16, code: &str, message: &str, request_id: &str) -> (u16, String, String) {
    (status, XML.to_owned(), error_envelope(code, message, request_id))
}

fn success(action: &str, request_id: &str, members: &str) -> (u16, String, String) {
    let body = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<{action}Response xmlns=\"{NAMESPACE}\">\n    <requestId>{request_id}</requestId>\n{members}</{action}Response>"
    );
    (200, XML.to_owned(), body)
}

/// The account of a caller, as STS's GetCallerIdentity answers it (Query protocol, sent to the
/// same endpoint URL): access keys that start with `OTHER` are another account's.
pub const OTHER_ACCOUNT: &str = "210987654321";

fn caller_identity(request: &RecordedRequest, request_id: &str) -> (u16, String, String) {
    let key = request.header("authorization").and_then(|value| value.split("Credential=").nth(1)).unwrap_or_default();
    let account = if key.starts_with("OTHER") { OTHER_ACCOUNT } else { acm::ACCOUNT };
    let body = format!(
        "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n  <GetCallerIdentityResult>\n    \
         <Arn>arn:aws:iam::{account}:user/test</Arn>\n    <UserId>AIDACVPNTEST</UserId>\n    <Account>{account}</Account>\n  \
         </GetCallerIdentityResult>\n  <ResponseMetadata>\n    <RequestId>{request_id}</RequestId>\n  </ResponseMetadata>\n\
         </GetCallerIdentityResponse>"
    );
    (200, XML.to_owned(), body)
}

fn ec2_answer(request: &RecordedRequest, request_id: &str, state: &Mutex<State>) -> (u16, String, String) {
    let form = request.form();
    let fields: HashMap<String, String> = form.iter().cloned().collect();
    let region = request.region();
    match fields.get("Action").map(String::as_str) {
        Some("CreateClientVpnEndpoint") => create_answer(&form, &fields, &region, request_id, state),
        Some("GetCallerIdentity") => caller_identity(request, request_id),
        Some("DescribeClientVpnEndpoints") => {
            client_vpn::tick(&mut state.lock().unwrap(), &region);
            describe_answer(&fields, &region, request_id, state)
        }
        Some(action) => {
            let mut state = state.lock().unwrap();
            if let Some(members) = state.network.answer(action, &fields, &region) {
                return match members {
                    Ok(members) => success(action, request_id, &members),
                    Err((code, message)) => error(400, &code, &message, request_id),
                };
            }
            if let Some(answer) = tags::answer(action, &fields, &region, request_id, &mut state) {
                return answer;
            }
            let answer = client_vpn::answer(action, &fields, &region, request_id, &mut state);
            answer.unwrap_or_else(|| {
                error(400, "InvalidAction", "The action is not valid for this web service.", request_id)
            })
        }
        None => error(400, "InvalidAction", "The action is not valid for this web service.", request_id),
    }
}

/// Makes the endpoint and returns its id.
fn create_endpoint(state: &mut State, region: &str, token: &str, parameters: Vec<(String, String)>) -> String {
    let id = endpoint_id(token);
    let created = format!("2026-11-28T10:{:02}:{:02}", state.endpoints.len() / 60, state.endpoints.len() % 60);
    state.endpoints_by_token.insert(format!("{region}/{token}"), (id.clone(), parameters.clone()));
    let transit_gateway = parameters.iter().any(|(key, _)| key == "TransitGatewayConfiguration.TransitGatewayId");
    state.endpoints.push(Endpoint {
        region: region.to_owned(),
        id: id.clone(),
        status: "pending-associate".into(),
        created,
        parameters,
    });
    if transit_gateway {
        client_vpn::add_attachment(state, &id);
    }
    id
}

fn create_answer(
    form: &[(String, String)],
    fields: &HashMap<String, String>,
    region: &str,
    request_id: &str,
    state: &Mutex<State>,
) -> (u16, String, String) {
    for (field, parameter) in [
        ("ServerCertificateArn", "ServerCertificateArn"),
        ("Authentication.1.Type", "AuthenticationOptions"),
        ("ConnectionLogOptions.Enabled", "ConnectionLogOptions"),
    ] {
        if !fields.contains_key(field) {
            let message = format!("The request must contain the parameter {parameter}");
            return error(400, "MissingParameter", &message, request_id);
        }
    }
    if fields.get("DryRun").map(String::as_str) == Some("true") {
        return error(412, "DryRunOperation", DRY_RUN_MESSAGE, request_id);
    }
    // A certificate imported into this region's ACM must have a domain (unknown ARNs pass: the
    // tests name certificates they never import).
    let server_certificate = fields.get("ServerCertificateArn").cloned().unwrap_or_default();
    let without_domain = state.lock().unwrap().certificates.iter().any(|certificate| {
        certificate.region == region
            && certificate.arn == server_certificate
            && acm::facts(&certificate.certificate).map(|facts| facts.domain.is_none()).unwrap_or(true)
    });
    if without_domain {
        let message = format!("Certificate {server_certificate} does not have a domain");
        return error(400, "InvalidParameterValue", &message, request_id);
    }
    let token = fields.get("ClientToken").cloned().unwrap_or_default();
    let parameters: Vec<(String, String)> = form
        .iter()
        .filter(|(key, _)| !matches!(key.as_str(), "Action" | "Version" | "ClientToken" | "DryRun"))
        .cloned()
        .collect();
    let id = {
        let mut state = state.lock().unwrap();
        match state.endpoints_by_token.get(&format!("{region}/{token}")) {
            Some((_, earlier)) if *earlier != parameters => {
                return error(
                    400,
                    "IdempotentParameterMismatch",
                    "The client token you have provided is associated with a resource that is already deleted or has different parameters. Please provide a new client token.",
                    request_id,
                );
            }
            Some((id, _)) => id.clone(),
            None => create_endpoint(&mut state, region, &token, parameters),
        }
    };
    success(
        "CreateClientVpnEndpoint",
        request_id,
        &format!(
            "    <clientVpnEndpointId>{id}</clientVpnEndpointId>\n    <status>\n        <code>pending-associate</code>\n    </status>\n    <dnsName>{id}.prod.clientvpn.{region}.amazonaws.com</dnsName>\n"
        ),
    )
}

fn element(name: &str, value: &str) -> String {
    format!("<{name}>{}</{name}>", xml_escape(value))
}

fn items(name: &str, values: &[&str]) -> String {
    let inner: String = values.iter().map(|value| element("item", value)).collect();
    format!("<{name}>{inner}</{name}>")
}

/// One endpoint as DescribeClientVpnEndpoints answers it: the API reference's element names and
/// the defaults EC2 fills in for what the create request left out.
fn endpoint_xml(endpoint: &Endpoint) -> String {
    let parameter = |name: &str| endpoint.parameter(name);
    let mut xml = String::from("<item>");
    xml += &element("clientVpnEndpointId", &endpoint.id);
    if let Some(description) = parameter("Description") {
        xml += &element("description", description);
    }
    xml += &format!("<status>{}</status>", element("code", &endpoint.status));
    xml += &element("creationTime", &endpoint.created);
    xml += &element("dnsName", &format!("*.{}.prod.clientvpn.{}.amazonaws.com", endpoint.id, endpoint.region));
    if let Some(cidr) = parameter("ClientCidrBlock") {
        xml += &element("clientCidrBlock", cidr);
    }
    let dns = endpoint.numbered("DnsServers");
    if !dns.is_empty() {
        xml += &items("dnsServer", &dns);
    }
    xml += &element("splitTunnel", parameter("SplitTunnel").unwrap_or("false"));
    xml += &element("vpnProtocol", "openvpn");
    xml += &element("transportProtocol", parameter("TransportProtocol").unwrap_or("udp"));
    xml += &element("vpnPort", parameter("VpnPort").unwrap_or("443"));
    xml += &element("serverCertificateArn", parameter("ServerCertificateArn").unwrap_or_default());
    xml += "<authenticationOptions>";
    for n in 1.. {
        let at = |name: &str| parameter(&format!("Authentication.{n}.{name}"));
        let Some(kind) = at("Type") else { break };
        xml += "<item>";
        xml += &element("type", kind);
        if let Some(directory) = at("ActiveDirectory.DirectoryId") {
            xml += &format!("<activeDirectory>{}</activeDirectory>", element("directoryId", directory));
        }
        if let Some(chain) = at("MutualAuthentication.ClientRootCertificateChainArn") {
            xml += &format!(
                "<mutualAuthentication>{}</mutualAuthentication>",
                element("clientRootCertificateChain", chain)
            );
        }
        if let Some(saml) = at("FederatedAuthentication.SAMLProviderArn") {
            let portal = at("FederatedAuthentication.SelfServiceSAMLProviderArn")
                .map(|arn| element("selfServiceSamlProviderArn", arn))
                .unwrap_or_default();
            xml += &format!(
                "<federatedAuthentication>{}{portal}</federatedAuthentication>",
                element("samlProviderArn", saml)
            );
        }
        xml += "</item>";
    }
    xml += "</authenticationOptions>";
    xml += "<connectionLogOptions>";
    xml += &element("Enabled", parameter("ConnectionLogOptions.Enabled").unwrap_or("false"));
    if let Some(group) = parameter("ConnectionLogOptions.CloudwatchLogGroup") {
        xml += &element("CloudwatchLogGroup", group);
    }
    if let Some(stream) = parameter("ConnectionLogOptions.CloudwatchLogStream") {
        xml += &element("CloudwatchLogStream", stream);
    }
    xml += "</connectionLogOptions>";
    let mut tags = String::new();
    for spec in 1.. {
        let Some(kind) = parameter(&format!("TagSpecification.{spec}.ResourceType")) else { break };
        if kind != "client-vpn-endpoint" {
            continue;
        }
        for n in 1.. {
            let Some(key) = parameter(&format!("TagSpecification.{spec}.Tag.{n}.Key")) else { break };
            let value = parameter(&format!("TagSpecification.{spec}.Tag.{n}.Value")).unwrap_or_default();
            tags += &format!("<item>{}{}</item>", element("key", key), element("value", value));
        }
    }
    if !tags.is_empty() {
        xml += &format!("<tagSet>{tags}</tagSet>");
    }
    let groups = endpoint.numbered("SecurityGroupId");
    if !groups.is_empty() {
        xml += &items("securityGroupIdSet", &groups);
    }
    if let Some(vpc) = parameter("VpcId") {
        xml += &element("vpcId", vpc);
    }
    xml += "<clientConnectOptions>";
    xml += &element("enabled", parameter("ClientConnectOptions.Enabled").unwrap_or("false"));
    if let Some(arn) = parameter("ClientConnectOptions.LambdaFunctionArn") {
        xml += &element("lambdaFunctionArn", arn);
    }
    xml += &format!("<status>{}</status>", element("code", "applied"));
    xml += "</clientConnectOptions>";
    xml += &element("sessionTimeoutHours", parameter("SessionTimeoutHours").unwrap_or("24"));
    xml += "<clientLoginBannerOptions>";
    xml += &element("enabled", parameter("ClientLoginBannerOptions.Enabled").unwrap_or("false"));
    if let Some(text) = parameter("ClientLoginBannerOptions.BannerText") {
        xml += &element("bannerText", text);
    }
    xml += "</clientLoginBannerOptions>";
    xml += &format!(
        "<clientRouteEnforcementOptions>{}</clientRouteEnforcementOptions>",
        element("enforced", parameter("ClientRouteEnforcementOptions.Enforced").unwrap_or("false"))
    );
    xml += &element("disconnectOnSessionTimeout", parameter("DisconnectOnSessionTimeout").unwrap_or("true"));
    xml += &element("endpointIpAddressType", parameter("EndpointIpAddressType").unwrap_or("ipv4"));
    xml += &element("trafficIpAddressType", parameter("TrafficIpAddressType").unwrap_or("ipv4"));
    xml += "</item>";
    xml
}

/// The page tokens the server hands out: where the next page starts, opaque to clients.
fn page_token(start: usize) -> String {
    format!("AAEAA{start:08x}cvpnpage")
}

fn page_start(token: &str) -> Option<usize> {
    token.strip_prefix("AAEAA")?.strip_suffix("cvpnpage").and_then(|hex| usize::from_str_radix(hex, 16).ok())
}

/// A describe's page size (MaxResults, 5 to 1000) and where its page starts (NextToken).
fn page_window(
    fields: &HashMap<String, String>,
    request_id: &str,
) -> Result<(Option<usize>, usize), (u16, String, String)> {
    let size = match fields.get("MaxResults").map(|text| text.parse::<usize>()) {
        None => None,
        Some(Ok(size)) if (5..=1000).contains(&size) => Some(size),
        Some(_) => {
            // Emulator wording: AWS's own for this case is not documented.
            let message = format!(
                "Value ( {} ) for parameter maxResults is invalid. Expecting a value between 5 and 1000.",
                fields["MaxResults"]
            );
            return Err(error(400, "InvalidParameterValue", &message, request_id));
        }
    };
    let start = match fields.get("NextToken") {
        None => 0,
        Some(token) => match page_start(token) {
            Some(start) => start,
            None => return Err(error(400, "InvalidNextToken", "The specified token is invalid.", request_id)),
        },
    };
    Ok((size, start))
}

fn describe_answer(
    fields: &HashMap<String, String>,
    region: &str,
    request_id: &str,
    state: &Mutex<State>,
) -> (u16, String, String) {
    let numbered =
        |prefix: &str| -> Vec<String> { (1..).map_while(|n| fields.get(&format!("{prefix}.{n}")).cloned()).collect() };
    let ids = numbered("ClientVpnEndpointId");
    let (max_results, start) = match page_window(fields, request_id) {
        Ok(window) => window,
        Err(answer) => return answer,
    };
    if fields.get("DryRun").map(String::as_str) == Some("true") {
        return error(412, "DryRunOperation", DRY_RUN_MESSAGE, request_id);
    }
    let endpoints: Vec<Endpoint> =
        state.lock().unwrap().endpoints.iter().filter(|endpoint| endpoint.region == region).cloned().collect();
    if let Some(missing) = ids.iter().find(|id| !endpoints.iter().any(|endpoint| &endpoint.id == *id)) {
        return error(
            400,
            "InvalidClientVpnEndpointId.NotFound",
            &format!("Endpoint {missing} does not exist"),
            request_id,
        );
    }
    let mut filters: Vec<(String, Vec<String>)> = Vec::new();
    for n in 1.. {
        let Some(name) = fields.get(&format!("Filter.{n}.Name")) else { break };
        filters.push((name.clone(), numbered(&format!("Filter.{n}.Value"))));
    }
    for (name, _) in &filters {
        if !matches!(name.as_str(), "endpoint-id" | "transport-protocol") {
            return error(400, "InvalidParameterValue", &format!("The filter '{name}' is invalid"), request_id);
        }
    }
    let matching: Vec<&Endpoint> = endpoints
        .iter()
        .filter(|endpoint| ids.is_empty() || ids.contains(&endpoint.id))
        .filter(|endpoint| {
            filters.iter().all(|(name, values)| {
                let actual = match name.as_str() {
                    "endpoint-id" => endpoint.id.as_str(),
                    _ => endpoint.parameter("TransportProtocol").unwrap_or("udp"),
                };
                values.iter().any(|value| value == actual)
            })
        })
        .collect();
    let end = max_results.map_or(matching.len(), |size| (start + size).min(matching.len()));
    let page: String =
        matching.get(start..end).unwrap_or_default().iter().map(|endpoint| endpoint_xml(endpoint)).collect();
    let list = if page.is_empty() {
        "<clientVpnEndpoint/>".to_owned()
    } else {
        format!("<clientVpnEndpoint>{page}</clientVpnEndpoint>")
    };
    let next = if end < matching.len() { element("nextToken", &page_token(end)) } else { String::new() };
    success("DescribeClientVpnEndpoints", request_id, &format!("    {list}\n    {next}\n"))
}
