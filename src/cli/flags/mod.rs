//! The aws flags of each operation, one per request member, generated from the operation's
//! model by `src/generate/operation_flags.rs` and committed; a test keeps them fresh.

#[rustfmt::skip]
mod create_client_vpn_endpoint;
#[rustfmt::skip]
mod describe_client_vpn_endpoints;

pub use create_client_vpn_endpoint::CreateClientVpnEndpointFlags;
pub use describe_client_vpn_endpoints::DescribeClientVpnEndpointsFlags;

/// What one flag was given, before the model shapes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GivenValue {
    /// A scalar or structure flag's text (shorthand, JSON or `file://`).
    Word(String),
    /// A list flag's words.
    Words(Vec<String>),
    Integer(i32),
    Boolean(bool),
}

/// An operation's generated flags: the members given, each with its raw value.
pub trait OperationFlags {
    fn given(&self) -> Vec<(&'static str, GivenValue)>;
}
