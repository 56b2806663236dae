//! `cvpn pki …`: certificates people bring, checked before AWS refuses them; what of a VPN
//! expires, and its renewal; the move of a VPN's PKI into the team store and back.

pub mod check;
pub mod pull;
pub mod push;
pub mod renew;
pub mod status;

use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum PkiCommand {
    /// Check PEM files or ACM certificates against what Client VPN needs; exit 0 when usable.
    #[command(after_help = check::EXAMPLES)]
    Check(check::PkiCheckArgs),
    /// What of the VPN expires, and when: CA, server certificate, revocation list, users; exit 1 when something is due.
    #[command(after_help = status::EXAMPLES)]
    Status(status::PkiStatusArgs),
    /// Renew what is expired or due: the server certificate into the same ACM ARN, the revocation list.
    #[command(after_help = renew::EXAMPLES)]
    Renew(renew::PkiRenewArgs),
    /// Move a VPN's local PKI into the team store (the Secrets Manager secret cvpn/NAME).
    #[command(after_help = push::EXAMPLES)]
    Push(push::PkiPushArgs),
    /// A local copy (0700/0600) of a VPN's PKI from the team store; never overwrites a file.
    #[command(after_help = pull::EXAMPLES)]
    Pull(pull::PkiPullArgs),
}

#[cfg(feature = "aws")]
pub fn run(global: &crate::cli::GlobalArgs, command: &PkiCommand) -> Result<u8, crate::failure::Failure> {
    match command {
        PkiCommand::Check(args) => check::run(global, args),
        PkiCommand::Status(args) => status::run(global, args),
        PkiCommand::Renew(args) => renew::run(global, args),
        PkiCommand::Push(args) => push::run(global, args),
        PkiCommand::Pull(args) => pull::run(global, args),
    }
}
