//! Operations as data: each request's members, shapes and limits, pagination, the result types.

pub mod model;
pub mod operation;
pub mod pagination;
pub mod results;
pub mod skeleton;
