//! `cvpn describe-client-vpn-endpoints` (`cvpn ls`): the aws command with its flags and its
//! pagination, and endpoint IDs as plain words for a person.

use clap::Args;

use crate::cli::flags::DescribeClientVpnEndpointsFlags;
#[cfg(any(feature = "aws", test))]
use crate::cli::flags::{GivenValue, OperationFlags};
use crate::cli::{InputArgs, PageArgs};
#[cfg(any(feature = "aws", test))]
use crate::failure::Failure;

#[derive(Debug, Args)]
pub struct DescribeEndpointsArgs {
    /// Endpoints to describe, by ID (as --client-vpn-endpoint-ids takes them).
    #[arg(value_name = "ENDPOINT_ID")]
    pub endpoint_ids: Vec<String>,
    #[command(flatten)]
    pub aws: DescribeClientVpnEndpointsFlags,
    #[command(flatten)]
    pub pages: PageArgs,
    #[command(flatten)]
    pub input: InputArgs,
}

/// The members the command line gives: the aws flags, and the IDs given as words.
#[cfg(any(feature = "aws", test))]
fn given(args: &DescribeEndpointsArgs) -> Result<Vec<(&'static str, GivenValue)>, Failure> {
    let mut given = args.aws.given();
    if !args.endpoint_ids.is_empty() {
        if args.aws.client_vpn_endpoint_ids.is_some() {
            return Err(Failure::usage(
                "Endpoint IDs were given both as words and with --client-vpn-endpoint-ids; drop one of them.",
            ));
        }
        given.push(("ClientVpnEndpointIds", GivenValue::Words(args.endpoint_ids.clone())));
    }
    Ok(given)
}

/// Flags, input document → request document, checked; then every page, printed.
#[cfg(feature = "aws")]
pub fn run(global: &crate::cli::GlobalArgs, args: &DescribeEndpointsArgs) -> Result<u8, Failure> {
    use serde_json::{Map, Value};

    use crate::api::operation::DESCRIBE_CLIENT_VPN_ENDPOINTS as OPERATION;
    use crate::api::pagination::{PageSettings, Pager};
    use crate::api::skeleton;
    use crate::aws::ec2::describe_client_vpn_endpoints::{PageOutcome, page};
    use crate::cli::SkeletonKind;
    use crate::commands::global_options::{open_session, printing};
    use crate::input::cli_input::DocumentFormat;
    use crate::input::document;
    use crate::output::format::OutputFormat;
    use crate::output::{endpoints_table, printer, render, render_json};
    use crate::validate::{model_rules, verdict};

    let mut printing = printing(global)?;
    if let Some(kind) = args.input.generate_cli_skeleton {
        let text = match kind {
            SkeletonKind::Input => render_json(&skeleton::input_skeleton_of(OPERATION.input)),
            SkeletonKind::YamlInput => skeleton::yaml_input_skeleton_of(OPERATION.input),
            SkeletonKind::Output => {
                return Err(Failure::usage(
                    "--generate-cli-skeleton output is not available for describe-client-vpn-endpoints yet; use input or yaml-input",
                ));
            }
        };
        printer::result(&text);
        return Ok(0);
    }
    let mut request = Map::new();
    if let Some(raw) = &args.input.cli_input_json {
        request = document::from_input(&OPERATION, raw, DocumentFormat::Json)?;
    } else if let Some(raw) = &args.input.cli_input_yaml {
        request = document::from_input(&OPERATION, raw, DocumentFormat::Yaml)?;
    }
    let flags = document::from_flags(&OPERATION, given(args)?)?;
    let pagination = OPERATION.pagination.as_ref().expect("DescribeClientVpnEndpoints pages");
    // As the aws CLI: asking for a page by hand on the command line (--max-results,
    // --next-token) or --no-paginate sends one request and prints its answer whole; the same
    // members in an input document do not stop pagination.
    let paginate = !args.pages.no_paginate
        && !flags.contains_key(pagination.input_token)
        && !flags.contains_key(pagination.limit_key);
    let request = document::merged(request, flags);
    if !args.input.no_validate {
        let mut problems = model_rules::validate(&OPERATION, &request);
        if let Some(size) = args.pages.page_size {
            let limit = OPERATION.member(pagination.limit_key).and_then(|member| member.limit);
            if let Some(crate::api::model::Limit::Range(min, max)) = limit
                && !(min..=max).contains(&i64::from(size))
            {
                problems.push(model_rules::out_of_range("--page-size", size.into(), min, max));
            }
        }
        for warning in verdict(problems)? {
            printer::warning(&warning.to_string());
        }
    }
    if let Some(url) = &global.endpoint_url {
        crate::aws::session::check_endpoint_url(url)?;
    }
    let settings = PageSettings {
        max_items: args.pages.max_items,
        page_size: args.pages.page_size,
        starting_token: args.pages.starting_token.clone(),
    };
    let mut pager = Pager::new(pagination, &settings);
    /// What came back: one answer as it is, every page in the pager, or a dry run's verdict.
    enum Answer {
        One(Map<String, Value>),
        Paged,
        DryRun(crate::api::results::DryRunResult),
    }
    let answer = crate::app::run_async(
        async {
            let session = open_session(global, &mut printing).await?;
            let http = crate::aws::http_client::http_client(&global.session_settings(), "EC2")?;
            let (client, log) = crate::aws::ec2::client(&session, http, global.debug);
            if !paginate {
                return Ok(match page(&client, &log, &request, None, None).await? {
                    PageOutcome::Page(answer) => Answer::One(answer),
                    PageOutcome::DryRun(verdict) => Answer::DryRun(verdict),
                });
            }
            while let Some(token) = pager.next_request() {
                let token = token.map(str::to_owned);
                match page(&client, &log, &request, token.as_deref(), settings.page_size).await? {
                    PageOutcome::Page(answer) => pager.take(answer)?,
                    PageOutcome::DryRun(verdict) => return Ok(Answer::DryRun(verdict)),
                }
            }
            Ok(Answer::Paged)
        },
        || Failure::interrupted("Interrupted; describing changes nothing, so running the command again is safe."),
    )?;
    let title = OPERATION.name;
    let options = &printing.options;
    let result = match answer {
        Answer::DryRun(verdict) => return crate::commands::dry_run::report(&verdict, title, options),
        Answer::One(answer) => Value::Object(answer),
        Answer::Paged => {
            if options.format == OutputFormat::Text {
                // The aws CLI prints text page by page, the query applied to each.
                let text: String =
                    pager.text_chunks().iter().map(|chunk| render(chunk, title, options)).collect::<Result<_, _>>()?;
                printer::result(&text);
                return Ok(0);
            }
            pager.merged()
        }
    };
    let text = if options.format == OutputFormat::Table && options.query.is_none() {
        endpoints_table::render_endpoints(title, &result, options.table)
    } else {
        render(&result, title, options)?
    };
    printer::result(&text);
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{Cli, Command};
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
        let words = given(&args(&["cvpn-endpoint-1", "cvpn-endpoint-2"]).unwrap()).unwrap();
        let flag = given(&args(&["--client-vpn-endpoint-ids", "cvpn-endpoint-1", "cvpn-endpoint-2"]).unwrap()).unwrap();
        assert_eq!(words, flag);
        let both = given(&args(&["cvpn-endpoint-1", "--client-vpn-endpoint-ids", "cvpn-endpoint-2"]).unwrap());
        assert!(both.unwrap_err().message.contains("drop one"));
    }

    #[test]
    fn a_repeated_flag_is_last_wins_as_in_the_aws_cli() {
        let args = args(&["--max-results", "5", "--max-results", "6", "--no-paginate"]).unwrap();
        assert_eq!(args.aws.max_results, Some(6));
    }

    #[test]
    fn ls_is_the_same_command() {
        let cli = Cli::try_parse_from(["cvpn", "ls", "--max-items", "3"]).unwrap();
        let Command::DescribeClientVpnEndpoints(args) = cli.command else { panic!("not describe") };
        assert_eq!(args.pages.max_items, Some(3));
        assert!(Cli::try_parse_from(["cvpn", "ls", "--max-items", "0"]).is_err());
    }
}
