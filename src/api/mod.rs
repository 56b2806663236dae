//! Operations as data: each request's members, shapes and limits, pagination, the result types.

pub mod lifecycle_errors;
pub mod model;
pub mod operation;
pub mod operations;
pub mod pagination;
pub mod results;
pub mod skeleton;
