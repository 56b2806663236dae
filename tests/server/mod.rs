//! A local EC2 test server: real HTTP on 127.0.0.1 speaking the EC2 Query protocol.
//!
//! It records every request (method, path, headers, raw form body) and answers like EC2: the
//! success XML of CreateClientVpnEndpoint, or the EC2 error envelope with its status code. By
//! default it applies EC2's own outcome rules (missing required parameters, DryRun, idempotent
//! ClientToken); a test can queue scripted replies instead.

#![allow(dead_code)]

use std::collections::{HashMap, VecDeque};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::thread;

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
}

impl Reply {
    pub fn error(status: u16, code: &str, message: &str) -> Reply {
        Reply::Error { status, code: code.to_owned(), message: message.to_owned() }
    }
}

#[derive(Default)]
struct State {
    requests: Vec<RecordedRequest>,
    scripted: VecDeque<Reply>,
    /// ClientToken → endpoint id, for idempotent answers.
    endpoints_by_token: HashMap<String, String>,
}

pub struct Ec2TestServer {
    pub url: String,
    state: Arc<Mutex<State>>,
}

pub const DRY_RUN_MESSAGE: &str = "Request would have succeeded, but DryRun flag is set.";
pub const REGION: &str = "us-east-1";

impl Ec2TestServer {
    pub fn start() -> Ec2TestServer {
        Self::listen(None)
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
        Self::listen(Some(Arc::new(config)))
    }

    fn listen(tls: Option<Arc<rustls::ServerConfig>>) -> Ec2TestServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
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

    /// Answers the next requests with these replies, in order; after them, EC2 behaviour.
    pub fn script(&self, replies: impl IntoIterator<Item = Reply>) {
        self.state.lock().unwrap().scripted.extend(replies);
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

fn serve(mut stream: impl Read + Write, state: &Mutex<State>) {
    let Some(request) = read_request(&mut stream) else { return };
    let reply = {
        let mut state = state.lock().unwrap();
        state.requests.push(request.clone());
        state.scripted.pop_front().unwrap_or(Reply::Ec2)
    };
    let request_number = state.lock().unwrap().requests.len();
    let request_id = format!("00000000-0000-4000-8000-{request_number:012}");
    let (status, content_type, body) = match reply {
        Reply::Hang => {
            thread::sleep(std::time::Duration::from_secs(60));
            return;
        }
        Reply::Close => return,
        Reply::Ec2 => ec2_answer(&request, &request_id, state),
        Reply::Error { status, code, message } => {
            (status, "text/xml;charset=UTF-8".to_owned(), error_envelope(&code, &message, &request_id))
        }
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

fn ec2_answer(request: &RecordedRequest, request_id: &str, state: &Mutex<State>) -> (u16, String, String) {
    let xml = "text/xml;charset=UTF-8".to_owned();
    let form: HashMap<String, String> = request.form().into_iter().collect();
    if form.get("Action").map(String::as_str) != Some("CreateClientVpnEndpoint") {
        return (
            400,
            xml,
            error_envelope("InvalidAction", "The action is not valid for this web service.", request_id),
        );
    }
    for (field, parameter) in [
        ("ServerCertificateArn", "ServerCertificateArn"),
        ("Authentication.1.Type", "AuthenticationOptions"),
        ("ConnectionLogOptions.Enabled", "ConnectionLogOptions"),
    ] {
        if !form.contains_key(field) {
            let message = format!("The request must contain the parameter {parameter}");
            return (400, xml, error_envelope("MissingParameter", &message, request_id));
        }
    }
    if form.get("DryRun").map(String::as_str) == Some("true") {
        return (412, xml, error_envelope("DryRunOperation", DRY_RUN_MESSAGE, request_id));
    }
    let token = form.get("ClientToken").cloned().unwrap_or_default();
    let id = {
        let mut state = state.lock().unwrap();
        state.endpoints_by_token.entry(token.clone()).or_insert_with(|| endpoint_id(&token)).clone()
    };
    let body = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CreateClientVpnEndpointResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">\n    <requestId>{request_id}</requestId>\n    <clientVpnEndpointId>{id}</clientVpnEndpointId>\n    <status>\n        <code>pending-associate</code>\n    </status>\n    <dnsName>{id}.prod.clientvpn.{REGION}.amazonaws.com</dnsName>\n</CreateClientVpnEndpointResponse>"
    );
    (200, xml, body)
}
