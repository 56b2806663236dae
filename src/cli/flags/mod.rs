//! The aws flags of each operation, one per request member, built from the operation's model
//! (`request_flags`), and the commands that each send one operation (`operation_command`).

mod operation_command;
pub mod request_flags;

pub use operation_command::{OperationCommand, operations};
pub use request_flags::{RequestFlags, RequestOf};

pub use crate::input::document::GivenValue;

/// A command that sends one operation: what the generic run (`src/commands/operation.rs`)
/// needs of its parsed arguments.
pub trait OperationArgs: std::fmt::Debug {
    fn operation(&self) -> &'static crate::api::operation::Operation;
    /// The members the aws flags gave.
    fn given(&self) -> Result<Vec<(&'static str, GivenValue)>, crate::failure::Failure>;
    /// The first plain word: the value of the operation's positional member.
    fn first_word(&self) -> Option<&str>;
    fn input(&self) -> &crate::cli::InputArgs;
    fn pages(&self) -> Option<&crate::cli::PageArgs>;
    fn wait(&self) -> Option<&crate::cli::WaitArgs>;
    /// Whatever else the command takes beyond the operation (export's file options).
    fn extra(&self) -> Option<&dyn std::any::Any> {
        None
    }
}
