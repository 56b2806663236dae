//! Files rendered from the clap definition and the models: man pages, completion scripts and the
//! operations' flags.

pub mod completion_scripts;
pub mod man_pages;
pub mod operation_flags;
