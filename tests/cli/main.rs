//! The integration tests, one binary so that the suite links once: each module is an area, and
//! every test runs the real cvpn binary in a hermetic environment against the local AWS server
//! (tests/server) on 127.0.0.1.

mod common;
#[path = "../server/mod.rs"]
mod server;

mod adopt;
mod config_env;
mod conformance;
mod cost;
mod create_wire;
mod describe_endpoints;
mod doctor;
mod doctor_vpc;
mod dry_run;
mod every_operation_wire;
mod exit_codes;
mod generated_files;
mod input_documents;
mod local_server;
mod operations;
mod output_formats;
mod output_json;
mod pki_check;
mod pki_status;
mod real_openvpn;
mod reliability;
mod shell_completion;
mod shorthand_roundtrip;
mod sleep_wake;
mod team_store;
mod up_down;
mod user_sign;
mod users;
mod validation_cli;
mod validation_rules;
