//! Export's configuration-file options: where the configuration goes, and the certificate and
//! key it gets beyond AWS's text.

use clap::Args;

use crate::cli::file_values;

/// Where the configuration goes, and what it gets beyond AWS's text.
#[derive(Debug, Args)]
#[command(next_help_heading = "Configuration file")]
pub struct ConfigurationFileArgs {
    /// Write the configuration to this file (mode 0600) instead of printing it.
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub config_out: Option<std::path::PathBuf>,
    /// Embed this client certificate (PEM) as a <cert> block; needs --key.
    #[arg(long, value_name = "FILE", requires = "key", add = file_values())]
    pub cert: Option<std::path::PathBuf>,
    /// Embed this private key (PEM) as a <key> block; needs --cert and --config-out.
    #[arg(long, value_name = "FILE", requires_all = ["cert", "config_out"], add = file_values())]
    pub key: Option<std::path::PathBuf>,
    /// Replace --config-out when it exists.
    #[arg(long, requires = "config_out")]
    pub force: bool,
}
