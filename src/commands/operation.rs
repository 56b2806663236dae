//! Every command that sends one operation, run the same way: flags, first word and input
//! document → request document → the model's and the operation's rules → EC2 (every page; a
//! busy endpoint retried) → the answer printed as the aws CLI prints it → `--wait`.

#[cfg(feature = "aws")]
use serde_json::Value;

use crate::api::operation::{Document, Operation};
use crate::cli::flags::OperationArgs;
use crate::failure::Failure;
use crate::input::cli_input::DocumentFormat;
use crate::input::document;

/// The request the command line gives: the input document, the flags over it, the first word.
pub fn request_document(args: &dyn OperationArgs) -> Result<Document, Failure> {
    let operation = args.operation();
    let input = args.input();
    let mut request = Document::new();
    if let Some(raw) = &input.cli_input_json {
        request = document::from_input(operation, raw, DocumentFormat::Json)?;
    } else if let Some(raw) = &input.cli_input_yaml {
        request = document::from_input(operation, raw, DocumentFormat::Yaml)?;
    }
    let mut given = args.given()?;
    if let (Some(word), Some(name)) = (args.first_word(), operation.positional) {
        if given.iter().any(|(member, _)| *member == name) {
            let flag = operation.member(name).map(|member| member.flag()).unwrap_or_default();
            return Err(Failure::usage(format!(
                "{word} was given both as the first word and with --{flag}; drop one of them."
            )));
        }
        given.push((name, crate::cli::flags::GivenValue::Word(word.to_owned())));
    }
    Ok(document::merged(request, document::from_flags(operation, given)?))
}

/// Every rule the request breaks, model's and operation's, all at once; the warnings when it may
/// be sent.
pub fn check(operation: &Operation, request: &Document, page_size: Option<i32>) -> Result<(), Failure> {
    use crate::validate::{model_rules, operation_rules, verdict};
    let mut problems = model_rules::validate(operation, request);
    problems.extend(operation_rules::validate(operation.name, request));
    if let (Some(size), Some(pagination)) = (page_size, operation.pagination.as_ref()) {
        let limit = operation.member(pagination.limit_key).and_then(|member| member.limit);
        if let Some(crate::api::model::Limit::Range(min, max)) = limit
            && !(min..=max).contains(&i64::from(size))
        {
            problems.push(model_rules::out_of_range("--page-size", size.into(), min, max));
        }
    }
    for warning in verdict(problems)? {
        crate::output::printer::warning(&warning.to_string());
    }
    Ok(())
}

/// What a wait is for, in words.
#[cfg(feature = "aws")]
fn waiting_for(operation: &Operation, request: &Document, answer: &Document) -> String {
    let text = |document: &Document, name: &str| document.get(name).and_then(Value::as_str).unwrap_or("").to_owned();
    let until = operation.wait.as_ref().and_then(|wait| wait.until).unwrap_or("gone");
    match operation.name {
        "AssociateClientVpnTargetNetwork" => format!("association {} to be {until}", text(answer, "AssociationId")),
        "DisassociateClientVpnTargetNetwork" => format!("association {} to be {until}", text(request, "AssociationId")),
        "AuthorizeClientVpnIngress" | "RevokeClientVpnIngress" => {
            format!("the rule for {} to be {until}", text(request, "TargetNetworkCidr"))
        }
        "CreateClientVpnRoute" | "DeleteClientVpnRoute" => {
            format!("the route to {} to be {until}", text(request, "DestinationCidrBlock"))
        }
        _ => format!("endpoint {} to be {until}", text(request, "ClientVpnEndpointId")),
    }
}

/// The next step for a failure EC2 answered, when cvpn knows one.
#[cfg(feature = "aws")]
fn with_next_step(failure: Failure, operation: &Operation, request: &Document) -> Failure {
    let crate::failure::FailureKind::Service(service) = &failure.kind else { return failure };
    let endpoint = request.get("ClientVpnEndpointId").and_then(Value::as_str).unwrap_or("");
    match service
        .code
        .as_deref()
        .and_then(|code| crate::api::lifecycle_errors::next_step(code, operation.name, endpoint))
    {
        Some(hint) => failure.with_hint(hint),
        None => failure,
    }
}

/// The whole run of one operation's command.
#[cfg(feature = "aws")]
pub fn run(global: &crate::cli::GlobalArgs, args: &dyn OperationArgs) -> Result<u8, Failure> {
    use crate::api::pagination::{PageSettings, Pager};
    use crate::api::skeleton;
    use crate::aws::ec2::Answer;
    use crate::cli::SkeletonKind;
    use crate::commands::global_options::{open_session, printing};
    use crate::output::format::OutputFormat;
    use crate::output::{printer, render, render_json};

    let operation = args.operation();
    let mut printing = printing(global)?;
    if let Some(kind) = args.input().generate_cli_skeleton {
        let text = match kind {
            SkeletonKind::Input => render_json(&skeleton::input_skeleton_of(operation.input)),
            SkeletonKind::YamlInput => skeleton::yaml_input_skeleton_of(operation.input),
            SkeletonKind::Output => {
                // As the aws CLI: the sample answer still needs the request's required members.
                let request = request_document(args)?;
                let missing: Vec<String> = operation
                    .members()
                    .iter()
                    .filter(|member| member.required && !request.contains_key(member.name))
                    .map(|member| format!("--{}", member.flag()))
                    .collect();
                if !missing.is_empty() {
                    return Err(Failure::usage(format!(
                        "the following arguments are required: {}",
                        missing.join(", ")
                    )));
                }
                render(&skeleton::output_skeleton_of(operation.output), operation.name, &printing.options)?
            }
        };
        printer::result(&text);
        return Ok(0);
    }
    let request = request_document(args)?;
    let pages = args.pages();
    let pagination = operation.pagination.as_ref();
    // As the aws CLI: asking for a page by hand on the command line (--max-results, --next-token)
    // or --no-paginate sends one request and prints its answer whole.
    let given: Vec<&str> = args.given()?.iter().map(|(name, _)| *name).collect();
    let paginate = match (pagination, pages) {
        (Some(pagination), Some(pages)) => {
            !pages.no_paginate && !given.contains(&pagination.input_token) && !given.contains(&pagination.limit_key)
        }
        _ => false,
    };
    if !args.input().no_validate {
        check(operation, &request, pages.and_then(|pages| pages.page_size))?;
    }
    if let Some(url) = &global.endpoint_url {
        crate::aws::session::check_endpoint_url(url)?;
    }
    let request = operation.with_client_token(request);
    let wait = args.wait().filter(|wait| wait.wait);
    let delivery = crate::commands::export_configuration::prepare(args.extra())?;
    let token = request.get("ClientToken").and_then(Value::as_str).map(str::to_owned);
    let retry_note = token.as_ref().map(|token| {
        format!(
            "The request may have been acted on. It used ClientToken {token}: running the same command with \
             --client-token {token} is safe, as EC2 then answers for the first request."
        )
    });
    let settings = PageSettings {
        max_items: pages.and_then(|pages| pages.max_items),
        page_size: pages.and_then(|pages| pages.page_size),
        starting_token: pages.and_then(|pages| pages.starting_token.clone()),
    };
    crate::app::run_async(
        async {
            let session = open_session(global, &mut printing).await?;
            let http = crate::aws::http_client::http_client(&global.session_settings(), "EC2")?;
            let (client, log) = crate::aws::ec2::client(&session, http, global.debug);
            let options = &printing.options;
            let title = operation.name;
            let send = |request: Document| {
                let (client, log, retry_note) = (&client, &log, retry_note.clone());
                async move { crate::aws::ec2::send::send_with_retries(operation, client, log, &request, retry_note).await }
            };
            let answer = if paginate {
                let pagination = pagination.expect("paginate implies pagination");
                let mut pager = Pager::new(pagination, &settings);
                while let Some(token) = pager.next_request() {
                    let mut page_request = request.clone();
                    if let Some(token) = token {
                        page_request.insert(pagination.input_token.to_owned(), Value::String(token.to_owned()));
                    }
                    if let Some(size) = settings.page_size {
                        page_request.insert(pagination.limit_key.to_owned(), Value::from(size));
                    }
                    match send(page_request).await.map_err(|failure| with_next_step(failure, operation, &request))? {
                        Answer::Output(page) => pager.take(page)?,
                        Answer::DryRun(verdict) => return crate::commands::dry_run::report(&verdict, title, options),
                    }
                }
                if options.format == OutputFormat::Text {
                    // The aws CLI prints text page by page, the query applied to each.
                    let text: String = pager
                        .text_chunks()
                        .iter()
                        .map(|chunk| render(chunk, title, options))
                        .collect::<Result<_, _>>()?;
                    printer::result(&text);
                    return Ok(0);
                }
                match pager.merged() {
                    Value::Object(merged) => merged,
                    _ => Document::new(),
                }
            } else {
                match send(request.clone()).await.map_err(|failure| with_next_step(failure, operation, &request))? {
                    Answer::Output(answer) => answer,
                    Answer::DryRun(verdict) => return crate::commands::dry_run::report(&verdict, title, options),
                }
            };
            match &delivery {
                Some(delivery) => delivery.deliver(&answer)?,
                None => printer::result(&render_answer(operation, &answer, options)?),
            }
            if let (Some(wait_args), Some(wait)) = (wait, operation.wait.as_ref()) {
                let settings = crate::aws::waiter::WaitSettings {
                    poll_interval: wait_args.poll_interval(),
                    timeout: wait_args.timeout(),
                };
                let what = waiting_for(operation, &request, &answer);
                crate::aws::waiter::wait(wait, &request, &answer, &settings, &client, &log, &what).await?;
            }
            Ok(0)
        },
        || {
            let mut failure = Failure::interrupted("Interrupted.");
            if operation.changes {
                failure = failure.with_hint(retry_note.clone().unwrap_or_else(|| {
                    "The request may have been acted on; check before sending it again.".to_owned()
                }));
            }
            failure
        },
    )
}

/// The answer in the chosen format; endpoints get their own table.
#[cfg(feature = "aws")]
fn render_answer(
    operation: &Operation,
    answer: &Document,
    options: &crate::output::OutputOptions,
) -> Result<String, Failure> {
    let answer = Value::Object(answer.clone());
    if operation.name == crate::api::operations::DESCRIBE_CLIENT_VPN_ENDPOINTS.name
        && options.format == crate::output::format::OutputFormat::Table
        && options.query.is_none()
    {
        return Ok(crate::output::endpoints_table::render_endpoints(operation.name, &answer, options.table));
    }
    crate::output::render(&answer, operation.name, options)
}
