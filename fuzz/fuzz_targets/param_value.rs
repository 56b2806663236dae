//! Every structured flag's value path (file:// aside): JSON or shorthand, shaped by
//! CreateClientVpnEndpoint's model into the request document's value.
#![no_main]

use cvpn::api::model::request_member;
use cvpn::input::param_value::{scalar_list_value, structure_list_value, structure_value};
use libfuzzer_sys::fuzz_target;

const STRUCTURE_LISTS: [&str; 2] = ["AuthenticationOptions", "TagSpecifications"];
const STRUCTURES: [&str; 6] = [
    "ConnectionLogOptions",
    "ClientConnectOptions",
    "ClientLoginBannerOptions",
    "ClientRouteEnforcementOptions",
    "TransitGatewayConfiguration",
    "DevicePostureOptions",
];
const SCALAR_LISTS: [&str; 2] = ["DnsServers", "SecurityGroupIds"];

fuzz_target!(|input: (u8, Vec<String>)| {
    let (which, words) = input;
    // file:// would read the fuzzer's choice of path; that path is covered by the tests.
    if words.iter().any(|word| word.contains("file")) {
        return;
    }
    let first = words.first().map(String::as_str).unwrap_or("");
    let which = usize::from(which) % 10;
    let _ = if which < 2 {
        let member = request_member(STRUCTURE_LISTS[which]).expect("a member");
        structure_list_value(&member.flag(), member, &words)
    } else if which < 8 {
        let member = request_member(STRUCTURES[which - 2]).expect("a member");
        structure_value(&member.flag(), member, first)
    } else {
        let member = request_member(SCALAR_LISTS[which - 8]).expect("a member");
        scalar_list_value(&member.flag(), member, &words)
    };
});
