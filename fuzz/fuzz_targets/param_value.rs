//! Every structured flag's value path (file:// aside): JSON or shorthand, shaped by the model,
//! read into the request types, then validated.
#![no_main]

use cvpn::input::param_value::{scalar_list, structure, structure_list};
use cvpn::api::create_request::*;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (u8, Vec<String>)| {
    let (which, words) = input;
    // file:// would read the fuzzer's choice of path; that path is covered by the tests.
    if words.iter().any(|word| word.contains("file")) {
        return;
    }
    let first = words.first().map(String::as_str).unwrap_or("");
    let _ = match which % 10 {
        0 => structure_list::<AuthenticationRequest>("authentication-options", &words).map(drop),
        1 => structure_list::<TagSpecification>("tag-specifications", &words).map(drop),
        2 => structure::<ConnectionLogOptions>("connection-log-options", first).map(drop),
        3 => structure::<ClientConnectOptions>("client-connect-options", first).map(drop),
        4 => structure::<ClientLoginBannerOptions>("client-login-banner-options", first).map(drop),
        5 => structure::<ClientRouteEnforcementOptions>("client-route-enforcement-options", first).map(drop),
        6 => structure::<TransitGatewayConfiguration>("transit-gateway-configuration", first).map(drop),
        7 => structure::<DevicePostureOptions>("device-posture-options", first).map(drop),
        8 => scalar_list("dns-servers", &words).map(drop),
        _ => scalar_list("security-group-ids", &words).map(drop),
    };
});
