//! The shorthand parser on any text: it returns a value or an error, never panics or hangs.
#![no_main]

use cvpn::input::shorthand::{NoFiles, parse};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Err(error) = parse(text, &NoFiles) {
        assert!(!error.message.is_empty());
    }
});
