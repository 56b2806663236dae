//! argv → flags → request model → SDK → answer → rendered output, and the exit code.

mod aws_session;
mod ec2_call;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

use cvpn::cli::{Cli, Command, CreateArgs, GlobalArgs, OutputFormat, SkeletonKind};
use cvpn::failure::{EXIT_DRY_RUN_DENIED, EXIT_USAGE, Failure};
use cvpn::render::{render, render_json};
use cvpn::request_from_flags::assemble_request;
use cvpn::skeleton;
use cvpn::validate;
use cvpn::response::DryRunVerdict;

use ec2_call::Outcome;

/// Writes to stdout; a reader that went away (`cvpn … | head -c0`) is not an error.
fn print_stdout(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush());
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() { EXIT_USAGE } else { 0 });
        }
    };
    let code = match cli.command {
        Command::Create(args) => create(&cli.global, &args),
    };
    match code {
        Ok(code) => ExitCode::from(code),
        Err(failure) => {
            eprintln!("{failure}");
            ExitCode::from(failure.exit_code())
        }
    }
}

/// Options the SDK path cannot honour yet are refused rather than silently ignored.
fn refuse_unsupported(global: &GlobalArgs) -> Result<(), Failure> {
    if global.no_verify_ssl || global.ca_bundle.is_some() {
        return Err(Failure::usage(
            "--no-verify-ssl and --ca-bundle are not supported yet: cvpn verifies TLS against the system's \
             trusted roots. Use an endpoint whose certificate they trust.",
        ));
    }
    Ok(())
}

fn print_skeleton(kind: SkeletonKind, format: OutputFormat) {
    let text = match kind {
        SkeletonKind::Input => render_json(&skeleton::input_skeleton()),
        SkeletonKind::YamlInput => skeleton::yaml_input_skeleton(),
        SkeletonKind::Output => render(&skeleton::output_skeleton(), format),
    };
    print_stdout(&text);
}

fn create(global: &GlobalArgs, args: &CreateArgs) -> Result<u8, Failure> {
    let format = global.output.unwrap_or(OutputFormat::Json);
    if let Some(kind) = args.generate_cli_skeleton {
        print_skeleton(kind, format);
        return Ok(0);
    }
    let mut request = assemble_request(args)?;
    if !args.no_validate {
        for warning in validate::check(&request)? {
            eprintln!("cvpn: warning: {warning}");
        }
    }
    if let Some(url) = &global.endpoint_url {
        aws_session::check_endpoint_url(url)?;
    }
    refuse_unsupported(global)?;
    // Chosen here, not by the SDK, so that every attempt carries it and it can be named when the
    // outcome is unknown.
    request.client_token.get_or_insert_with(|| uuid::Uuid::new_v4().to_string());

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|error| Failure::Other(format!("Could not start the async runtime: {error}")))?;
    let outcome = runtime.block_on(async {
        let session = aws_session::load(global).await?;
        if global.debug {
            eprintln!(
                "cvpn debug: region {}, profile {}, credentials for access key id {}",
                session.config.region().map(|region| region.as_ref()).unwrap_or("(none)"),
                session.profile.as_deref().unwrap_or("(default)"),
                session.credentials.access_key_id(),
            );
        }
        ec2_call::create_endpoint(&session, &request, global.debug).await
    })?;

    match outcome {
        Outcome::Created(result) => {
            print_stdout(&render(&result, format));
            Ok(0)
        }
        Outcome::DryRun(result) => {
            print_stdout(&render(&result, format));
            if result.dry_run == DryRunVerdict::Permitted {
                return Ok(0);
            }
            eprintln!("Dry run denied ({}): {}", result.code, result.message);
            if let Some(hint) = result.decode_hint() {
                eprintln!("{hint}");
            }
            Ok(EXIT_DRY_RUN_DENIED)
        }
    }
}
