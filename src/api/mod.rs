//! Operations as data: each request's members, shapes and limits, the request and result types.

pub mod create_request;
pub mod model;
pub mod operation;
pub mod pagination;
pub mod results;
pub mod skeleton;
