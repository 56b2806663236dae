//! cvpn: AWS Client VPN from the command line.
//!
//! Data flows one way, one folder per stage: `commands` (one per command, and the command line
//! they make, from the shared pieces in `cli`) → `provision` (the steps workflows are made of) →
//! `input` (shorthand, files, input documents) → `api` (operations as data) → `validate` → `aws`
//! (the only code that links an SDK) → `output`. `runtime` is the one async runtime; `generate`
//! renders man pages and completion scripts from the clap definition; `doctor` and `cost` reason
//! over what the API answered, without it. Without the `aws` feature
//! the library builds and tests in seconds: `cargo test --no-default-features --lib`.

pub mod api;
#[cfg(feature = "aws")]
pub mod app;
#[cfg(feature = "aws")]
pub mod aws;
pub mod bounded_file;
pub mod cli;
pub mod commands;
pub mod cost;
pub mod doctor;
pub mod failure;
pub mod generate;
pub mod input;
pub mod output;
pub mod passphrase;
pub mod pki;
pub mod private_files;
pub mod provision;
#[cfg(feature = "aws")]
pub mod runtime;
pub mod validate;
