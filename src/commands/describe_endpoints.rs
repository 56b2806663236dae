//! `cvpn describe-client-vpn-endpoints` (`cvpn ls`): the aws command with its flags and its
//! pagination, and endpoint IDs as plain words for a person.

use clap::Args;

use crate::cli::flags::{GivenValue, OperationArgs, RequestFlags, RequestOf};
use crate::cli::{InputArgs, PageArgs};
use crate::failure::Failure;

/// The request whose flags `cvpn describe-client-vpn-endpoints` takes.
#[derive(Debug)]
pub struct DescribeRequest;

impl RequestOf for DescribeRequest {
    const OPERATION: &'static crate::api::operation::Operation = &crate::api::operations::DESCRIBE_CLIENT_VPN_ENDPOINTS;
}

#[derive(Debug, Args)]
pub struct DescribeEndpointsArgs {
    /// Endpoints to describe, by ID (as --client-vpn-endpoint-ids takes them).
    #[arg(value_name = "ENDPOINT_ID")]
    pub endpoint_ids: Vec<String>,
    #[command(flatten)]
    pub aws: RequestFlags<DescribeRequest>,
    #[command(flatten)]
    pub pages: PageArgs,
    #[command(flatten)]
    pub input: InputArgs,
}

impl OperationArgs for DescribeEndpointsArgs {
    fn operation(&self) -> &'static crate::api::operation::Operation {
        &crate::api::operations::DESCRIBE_CLIENT_VPN_ENDPOINTS
    }

    /// The aws flags, and the IDs given as words.
    fn given(&self) -> Result<Vec<(&'static str, GivenValue)>, Failure> {
        let mut given = self.aws.given();
        if !self.endpoint_ids.is_empty() {
            if self.aws.has("ClientVpnEndpointIds") {
                return Err(Failure::usage(
                    "Endpoint IDs were given both as words and with --client-vpn-endpoint-ids; drop one of them.",
                ));
            }
            given.push(("ClientVpnEndpointIds", GivenValue::Words(self.endpoint_ids.clone())));
        }
        Ok(given)
    }

    fn first_word(&self) -> Option<&str> {
        None
    }

    fn input(&self) -> &InputArgs {
        &self.input
    }

    fn pages(&self) -> Option<&PageArgs> {
        Some(&self.pages)
    }

    fn wait(&self) -> Option<&crate::cli::WaitArgs> {
        None
    }
}

/// Flags, input document → request document, checked; then every page, printed.
#[cfg(feature = "aws")]
pub fn run(global: &crate::cli::GlobalArgs, args: &DescribeEndpointsArgs) -> Result<u8, Failure> {
    crate::commands::operation::run(global, args)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::{Cli, Command};
    use clap::Parser;

    fn args(words: &[&str]) -> Result<DescribeEndpointsArgs, clap::Error> {
        let argv = ["cvpn", "describe-client-vpn-endpoints"].iter().chain(words);
        match Cli::try_parse_from(argv)?.command {
            Command::DescribeClientVpnEndpoints(args) => Ok(*args),
            other => panic!("not describe: {other:?}"),
        }
    }

    #[test]
    fn ids_as_words_or_as_the_aws_flag_but_not_both() {
        let words = args(&["cvpn-endpoint-1", "cvpn-endpoint-2"]).unwrap().given().unwrap();
        let flag = args(&["--client-vpn-endpoint-ids", "cvpn-endpoint-1", "cvpn-endpoint-2"]).unwrap().given().unwrap();
        assert_eq!(words, flag);
        let both = args(&["cvpn-endpoint-1", "--client-vpn-endpoint-ids", "cvpn-endpoint-2"]).unwrap().given();
        assert!(both.unwrap_err().message.contains("drop one"));
    }

    #[test]
    fn a_repeated_flag_is_last_wins_as_in_the_aws_cli() {
        let args = args(&["--max-results", "5", "--max-results", "6", "--no-paginate"]).unwrap();
        assert_eq!(args.aws.value("MaxResults"), Some(&GivenValue::Integer(6)));
    }

    #[test]
    fn ls_is_the_same_command() {
        let cli = Cli::try_parse_from(["cvpn", "ls", "--max-items", "3"]).unwrap();
        let Command::DescribeClientVpnEndpoints(args) = cli.command else { panic!("not describe") };
        assert_eq!(args.pages.max_items, Some(3));
        assert!(Cli::try_parse_from(["cvpn", "ls", "--max-items", "0"]).is_err());
    }
}
