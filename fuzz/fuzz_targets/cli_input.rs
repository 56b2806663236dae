//! --cli-input-json and --cli-input-yaml documents: read, shaped, merged with defaults and
//! validated, whatever the document.
#![no_main]

use cvpn::api::operations::CREATE_CLIENT_VPN_ENDPOINT;
use cvpn::commands::create::request_from_flags::with_defaults;
use cvpn::input::cli_input::DocumentFormat;
use cvpn::input::document::from_input;
use cvpn::validate::validate;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (bool, &str)| {
    let (yaml, text) = input;
    if text.starts_with("file") {
        return;
    }
    let format = if yaml { DocumentFormat::Yaml } else { DocumentFormat::Json };
    if let Ok(request) = from_input(&CREATE_CLIENT_VPN_ENDPOINT, text, format) {
        if let Ok(request) = with_defaults(request) {
            let _ = validate(&request);
        }
    }
});
