//! One module per check; `super::CHECKS` lists them.

pub mod access_groups;
pub mod associations;
pub mod authentication;
pub mod certificates;
pub mod dns;
pub mod endpoint;
pub mod quotas;
pub mod revocation_list;
pub mod rules_and_routes;
pub mod vpc_path;
