//! One module per check; `super::CHECKS` lists them.

pub mod associations;
pub mod certificates;
pub mod dns;
pub mod endpoint;
pub mod revocation_list;
pub mod rules_and_routes;
