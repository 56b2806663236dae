//! `cvpn create` (`aws ec2 create-client-vpn-endpoint`).

pub mod request_from_flags;
