//! The aws flags of each operation, one per request member, generated from the operation's
//! model by `src/generate/operation_flags.rs` and committed; a test keeps them fresh.

#[rustfmt::skip]
mod create_client_vpn_endpoint;
#[rustfmt::skip]
mod describe_client_vpn_endpoints;
#[rustfmt::skip]
mod commands;
#[rustfmt::skip]
mod accept_transit_gateway_client_vpn_attachment;
#[rustfmt::skip]
mod apply_security_groups_to_client_vpn_target_network;
#[rustfmt::skip]
mod associate_client_vpn_target_network;
#[rustfmt::skip]
mod authorize_client_vpn_ingress;
#[rustfmt::skip]
mod create_client_vpn_route;
#[rustfmt::skip]
mod delete_client_vpn_endpoint;
#[rustfmt::skip]
mod delete_client_vpn_endpoint_authorization_policy;
#[rustfmt::skip]
mod delete_client_vpn_route;
#[rustfmt::skip]
mod delete_transit_gateway_client_vpn_attachment;
#[rustfmt::skip]
mod describe_client_vpn_authorization_rules;
#[rustfmt::skip]
mod describe_client_vpn_connections;
#[rustfmt::skip]
mod describe_client_vpn_routes;
#[rustfmt::skip]
mod describe_client_vpn_target_networks;
#[rustfmt::skip]
mod disassociate_client_vpn_target_network;
#[rustfmt::skip]
mod export_client_vpn_client_certificate_revocation_list;
#[rustfmt::skip]
mod export_client_vpn_client_configuration;
#[rustfmt::skip]
mod get_client_vpn_endpoint_authorization_policy;
#[rustfmt::skip]
mod import_client_vpn_client_certificate_revocation_list;
#[rustfmt::skip]
mod modify_client_vpn_endpoint;
#[rustfmt::skip]
mod modify_client_vpn_endpoint_authorization_policy;
#[rustfmt::skip]
mod reject_transit_gateway_client_vpn_attachment;
#[rustfmt::skip]
mod revoke_client_vpn_ingress;
#[rustfmt::skip]
mod terminate_client_vpn_connections;

pub use commands::OperationCommand;
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

/// A command that sends one operation: what the generic run (`src/commands/operation.rs`)
/// needs of its parsed arguments.
pub trait OperationArgs: std::fmt::Debug {
    fn operation(&self) -> &'static crate::api::operation::Operation;
    /// The members the aws flags gave.
    fn given(&self) -> Result<Vec<(&'static str, GivenValue)>, crate::failure::Failure>;
    /// The first plain word: the value of the operation's positional member.
    fn first_word(&self) -> Option<&str>;
    fn input(&self) -> &crate::cli::InputArgs;
    fn pages(&self) -> Option<&crate::cli::PageArgs>;
    fn wait(&self) -> Option<&crate::cli::WaitArgs>;
    /// Whatever else the command takes beyond the operation (export's file options).
    fn extra(&self) -> Option<&dyn std::any::Any> {
        None
    }
}

/// A generated command's subcommand, before its arguments: its aws name and short name.
pub fn subcommand(name: &'static str, short: Option<&'static str>) -> clap::Command {
    let command = clap::Command::new(name).after_long_help(crate::failure::exit_codes_help()).args_override_self(true);
    match short {
        Some(short) => command.visible_alias(short),
        None => command,
    }
}
