//! Files rendered from the clap definition: man pages and completion scripts.

pub mod completion_scripts;
pub mod man_pages;
