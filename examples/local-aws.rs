//! The local AWS server on its own, to try cvpn without an AWS account:
//!
//!     cargo run --example local-aws            # prints its URL, serves until Ctrl-C
//!     cvpn --endpoint-url http://127.0.0.1:PORT create --client-cidr 10.0.0.0/22 --server-cert ARN
//!
//! It is the server the tests use (tests/server), with its state in memory: endpoints you create
//! are there to list until it stops. `--port N` picks the port (default: any free one);
//! `--broken STATE` (repeatable) starts it broken in a way `cvpn doctor` finds, and
//! `--broken list` names the states.

#[path = "../tests/server/mod.rs"]
mod server;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let value_of = |flag: &str| args.iter().skip_while(|arg| *arg != flag).nth(1).cloned();
    let port = value_of("--port").map(|text| text.parse::<u16>().expect("--port takes a port number"));
    let broken: Vec<&String> = args.windows(2).filter(|pair| pair[0] == "--broken").map(|pair| &pair[1]).collect();
    if broken.iter().any(|state| *state == "list") {
        for (state, what) in server::BROKEN_STATES {
            println!("{state:24}{what}");
        }
        return;
    }
    let server = server::Ec2TestServer::start_on(port.unwrap_or(0));
    for state in broken {
        if let Err(problem) = server.break_as(state) {
            eprintln!("local-aws: --broken {problem}");
            std::process::exit(2);
        }
    }
    println!("{}", server.url);
    eprintln!("local AWS (EC2 Client VPN) at {}; Ctrl-C stops it", server.url);
    loop {
        std::thread::park();
    }
}
