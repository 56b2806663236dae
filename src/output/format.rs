//! The output formats, colour choices and error formats. They derive clap's `ValueEnum` so that
//! the flags, `AWS_DEFAULT_OUTPUT` and the profile's `output` all read the same names.

use clap::ValueEnum;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// JSON as the aws CLI prints it.
    Json,
    /// YAML, keys sorted, as aws CLI v2 prints it.
    Yaml,
    /// YAML, each response an element of one list.
    YamlStream,
    /// Tab-separated text as the aws CLI prints it.
    Text,
    /// A table for a person to read.
    Table,
    /// Nothing on stdout; the exit code tells.
    Off,
}

/// When tables are coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    On,
    Off,
    /// Only on a terminal, and never with NO_COLOR set.
    Auto,
}

/// How failures are written to stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ErrorFormat {
    /// The aws CLI's line: `An error occurred (Code) when calling ...`.
    Legacy,
    Json,
    Yaml,
    Text,
}
