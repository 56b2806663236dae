//! A dry run's verdict, printed the same way by every command: the result object on stdout, and
//! the exit code says it (0 permitted, 1 denied, with the reason and any decode hint on stderr).

use crate::api::results::{DryRunResult, DryRunVerdict};
use crate::failure::{EXIT_DRY_RUN_DENIED, Failure};
use crate::output::{OutputOptions, printer, render};

pub fn report(result: &DryRunResult, operation: &str, options: &OutputOptions) -> Result<u8, Failure> {
    printer::result(&render(result, &format!("{operation} dry run"), options)?);
    if result.dry_run == DryRunVerdict::Permitted {
        return Ok(0);
    }
    printer::note(&format!("Dry run denied ({}): {}", result.code, result.message));
    if let Some(hint) = result.decode_hint() {
        printer::note(&hint);
    }
    Ok(EXIT_DRY_RUN_DENIED)
}
