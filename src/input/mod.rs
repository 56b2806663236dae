//! What a user types becomes values: shorthand, `file://`, JSON, input documents.

pub mod cli_input;
pub mod document;
pub mod param_value;
pub mod shape_value;
pub mod shorthand;
