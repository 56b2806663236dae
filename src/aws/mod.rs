//! The only code that links aws-config and the AWS SDKs: the session, the HTTP client and a
//! client per service.

pub mod acm;
pub mod ec2;
pub mod http_client;
pub mod insecure_tls;
pub mod session;
pub mod vpn;
pub mod waiter;
