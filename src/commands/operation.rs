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
    use crate::api::pagination::PageSettings;
    use crate::api::skeleton;
    use crate::cli::SkeletonKind;
    use crate::output::{printer, render, render_json};

    let operation = args.operation();
    let mut printing = crate::commands::global_options::printing(global)?;
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
    let sending = Sending {
        pages: paginate.then(|| PageSettings {
            max_items: pages.and_then(|pages| pages.max_items),
            page_size: pages.and_then(|pages| pages.page_size),
            starting_token: pages.and_then(|pages| pages.starting_token.clone()),
        }),
        delivery: delivery(args)?,
        wait: args.wait().filter(|wait| wait.wait).map(|wait| crate::aws::waiter::WaitSettings {
            poll_interval: wait.poll_interval(),
            timeout: wait.timeout(),
        }),
        ..Sending::new(operation, request)
    };
    crate::runtime::run_async(
        async {
            let connection = crate::commands::global_options::connect(global, &mut printing).await?;
            send_and_print(&connection, &sending, &printing.options).await
        },
        || sending.interrupted(),
    )
}

/// The configuration file export's options ask for, checked before anything is sent.
#[cfg(feature = "aws")]
fn delivery(args: &dyn OperationArgs) -> Result<Option<crate::provision::configuration_file::Delivery>, Failure> {
    use crate::cli::configuration_file::ConfigurationFileArgs;
    let file = args.extra().and_then(|extra| extra.downcast_ref::<ConfigurationFileArgs>());
    let Some((file, path)) = file.and_then(|file| Some((file, file.config_out.as_deref()?))) else { return Ok(None) };
    let identity = file.cert.as_deref().zip(file.key.as_deref());
    crate::provision::configuration_file::Delivery::prepare(path, file.force, identity).map(Some)
}

/// One operation's request on its way, and how its answer is shown: what every operation's
/// command shares, create's included.
#[cfg(feature = "aws")]
pub struct Sending {
    pub operation: &'static Operation,
    /// The request, with the ClientToken the aws CLI fills in when the operation takes one.
    pub request: Document,
    /// Every page fetched and merged, as these settings say; `None` sends one request.
    pub pages: Option<crate::api::pagination::PageSettings>,
    /// Where export's configuration goes instead of stdout.
    pub delivery: Option<crate::provision::configuration_file::Delivery>,
    /// `--wait` for the change, and how.
    pub wait: Option<crate::aws::waiter::WaitSettings>,
    /// What to tell the user when the request may have been acted on but no answer says so.
    pub retry_note: Option<String>,
}

#[cfg(feature = "aws")]
impl Sending {
    /// `request` as `operation`, its token chosen here, not by the SDK, so that every attempt
    /// carries it and it can be named when the outcome is unknown.
    pub fn new(operation: &'static Operation, request: Document) -> Sending {
        let request = operation.with_client_token(request);
        let retry_note = request
            .get("ClientToken")
            .and_then(Value::as_str)
            .map(|token| crate::api::lifecycle_errors::client_token_note(operation.name, token));
        Sending { operation, request, pages: None, delivery: None, wait: None, retry_note }
    }

    /// Ctrl-C's failure: for a change, that it may have been acted on.
    pub fn interrupted(&self) -> Failure {
        let failure = Failure::interrupted("Interrupted.");
        if !self.operation.changes {
            return failure;
        }
        failure.with_hint(
            self.retry_note
                .clone()
                .unwrap_or_else(|| "The request may have been acted on; check before sending it again.".to_owned()),
        )
    }
}

/// Sends the request (every page, when asked), prints the answer as the aws CLI prints it, or
/// the dry run's verdict, and waits when asked.
#[cfg(feature = "aws")]
pub async fn send_and_print(
    connection: &crate::aws::Connection,
    sending: &Sending,
    options: &crate::output::OutputOptions,
) -> Result<u8, Failure> {
    use crate::api::pagination::Pager;
    use crate::aws::ec2::Answer;
    use crate::output::format::OutputFormat;
    use crate::output::{printer, render};

    let (operation, request) = (sending.operation, &sending.request);
    let title = operation.name;
    let send = |request: Document| async move {
        connection
            .send(operation, &request, sending.retry_note.clone())
            .await
            .map_err(|failure| with_next_step(failure, operation, &sending.request))
    };
    let answer = match (&sending.pages, operation.pagination.as_ref()) {
        (Some(settings), Some(pagination)) => {
            let mut pager = Pager::new(pagination, settings);
            while let Some(token) = pager.next_request() {
                let mut page_request = request.clone();
                if let Some(token) = token {
                    page_request.insert(pagination.input_token.to_owned(), Value::String(token.to_owned()));
                }
                if let Some(size) = settings.page_size {
                    page_request.insert(pagination.limit_key.to_owned(), Value::from(size));
                }
                match send(page_request).await? {
                    Answer::Output(page) => pager.take(page)?,
                    Answer::DryRun(verdict) => return crate::commands::dry_run::report(&verdict, title, options),
                }
            }
            if options.format == OutputFormat::Text {
                // The aws CLI prints text page by page, the query applied to each.
                let text: String =
                    pager.text_chunks().iter().map(|chunk| render(chunk, title, options)).collect::<Result<_, _>>()?;
                printer::result(&text);
                return Ok(0);
            }
            match pager.merged() {
                Value::Object(merged) => merged,
                _ => Document::new(),
            }
        }
        _ => match send(request.clone()).await? {
            Answer::Output(answer) => answer,
            Answer::DryRun(verdict) => return crate::commands::dry_run::report(&verdict, title, options),
        },
    };
    match &sending.delivery {
        Some(delivery) => delivery.deliver(&answer)?,
        None => printer::result(&render_answer(operation, &answer, options)?),
    }
    if let (Some(settings), Some(wait)) = (&sending.wait, operation.wait.as_ref()) {
        let what = waiting_for(operation, request, &answer);
        connection.wait(wait, request, &answer, settings, &what).await?;
    }
    Ok(0)
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
        let answer = options.shown(answer);
        return Ok(crate::output::endpoints_table::render_endpoints(operation.name, &answer, options.table));
    }
    crate::output::render(&answer, operation.name, options)
}
