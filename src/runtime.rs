//! The one runtime: a current-thread tokio runtime, started only for the work that needs it,
//! after the arguments are parsed. Ctrl-C ends the work with the failure `interrupted` makes.

use std::future::Future;

use crate::failure::Failure;

/// Runs `work` to its end, or until Ctrl-C, which gives `interrupted`'s failure (what is known of
/// what was sent).
pub fn run_async<T>(
    work: impl Future<Output = Result<T, Failure>>,
    interrupted: impl FnOnce() -> Failure,
) -> Result<T, Failure> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|error| Failure::other(format!("Could not start the async runtime: {error}")))?;
    runtime.block_on(async {
        tokio::select! {
            outcome = work => outcome,
            _ = tokio::signal::ctrl_c() => Err(interrupted()),
        }
    })
}
