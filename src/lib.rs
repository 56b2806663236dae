//! cvpn's SDK-free core: flags, the request model, parameter values, results and rendering.
//! The binary adds the two modules that touch aws-config and aws-sdk-ec2.

pub mod cli;
pub mod cli_input;
pub mod completion;
pub mod completion_scripts;
pub mod failure;
pub mod man_pages;
pub mod model;
pub mod output_table;
pub mod output_text;
pub mod output_yaml;
pub mod param_value;
pub mod query;
pub mod render;
pub mod request;
pub mod request_from_flags;
pub mod response;
pub mod shape_value;
pub mod shorthand;
pub mod skeleton;
pub mod validate;
