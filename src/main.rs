//! The cvpn binary: everything is in the library, so that its parts test without the binary.

fn main() -> std::process::ExitCode {
    cvpn::app::main()
}
