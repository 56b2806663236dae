//! --cli-input-json and --cli-input-yaml documents: read, shaped, merged with defaults and
//! validated, whatever the document.
#![no_main]

use cvpn::input::cli_input::{DocumentFormat, request_from_document};
use cvpn::commands::create::request_from_flags::with_defaults;
use cvpn::validate::validate;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (bool, &str)| {
    let (yaml, text) = input;
    if text.starts_with("file") {
        return;
    }
    let format = if yaml { DocumentFormat::Yaml } else { DocumentFormat::Json };
    if let Ok(request) = request_from_document(text, format) {
        if let Ok(request) = with_defaults(request) {
            let _ = validate(&request);
        }
    }
});
