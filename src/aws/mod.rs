//! The only code that links aws-config and the AWS SDKs: the session, the HTTP client, a client
//! per service, and the one `Connection` a command holds them by.

pub mod acm;
pub mod connection;
pub mod ec2;
pub mod http_client;
pub mod insecure_tls;
pub mod secrets;
pub mod session;
pub mod vpn;
pub mod waiter;

pub use connection::Connection;
