//! `cvpn user …`: the people of a VPN made by `cvpn up`, a certificate each.

pub mod add;
pub mod issuing;
pub mod list;
pub mod revoke;
pub mod sign;

use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Issue USER a client certificate from NAME's CA and write NAME-USER.ovpn.
    Add(add::UserAddArgs),
    /// Sign a user's certificate signing request with NAME's CA: their key never leaves them.
    Sign(sign::UserSignArgs),
    /// Revoke every certificate cvpn issued USER (or the one --serial names) and end USER's connections.
    Revoke(revoke::UserRevokeArgs),
    /// Every user with serial, expiry, state and whether connected now.
    List(list::UserListArgs),
}

#[cfg(feature = "aws")]
pub fn run(global: &crate::cli::GlobalArgs, command: &UserCommand) -> Result<u8, crate::failure::Failure> {
    match command {
        UserCommand::Add(args) => add::run(global, args),
        UserCommand::Sign(args) => sign::run(global, args),
        UserCommand::Revoke(args) => revoke::run(global, args),
        UserCommand::List(args) => list::run(global, args),
    }
}
