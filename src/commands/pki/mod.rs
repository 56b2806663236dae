//! `cvpn pki …`: certificates people bring, checked before AWS refuses them.

pub mod check;

use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum PkiCommand {
    /// Check PEM files or ACM certificates against what Client VPN needs; exit 0 when usable.
    #[command(after_help = check::EXAMPLES)]
    Check(check::PkiCheckArgs),
}

#[cfg(feature = "aws")]
pub fn run(global: &crate::cli::GlobalArgs, command: &PkiCommand) -> Result<u8, crate::failure::Failure> {
    match command {
        PkiCommand::Check(args) => check::run(global, args),
    }
}
