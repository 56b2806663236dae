//! One module per command: its arguments beside the code that runs them.

pub mod create;
pub mod global_options;
