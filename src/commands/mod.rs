//! One module per command: its arguments beside the code that runs them.

pub mod completions;
pub mod create;
pub mod describe_endpoints;
pub mod down;
pub mod dry_run;
pub mod export_configuration;
pub mod global_options;
pub mod operation;
pub mod pki;
pub mod show;
pub mod up;
pub mod user;
