//! The local AWS server on its own, to try cvpn without an AWS account:
//!
//!     cargo run --example local-aws            # prints its URL, serves until Ctrl-C
//!     cvpn --endpoint-url http://127.0.0.1:PORT create --client-cidr 10.0.0.0/22 --server-cert ARN
//!
//! It is the server the tests use (tests/server), with its state in memory: endpoints you create
//! are there to list until it stops. `--port N` picks the port (default: any free one).

#[path = "../tests/server/mod.rs"]
mod server;

fn main() {
    let port = std::env::args()
        .skip_while(|arg| arg != "--port")
        .nth(1)
        .map(|text| text.parse::<u16>().expect("--port takes a port number"));
    let server = server::Ec2TestServer::start_on(port.unwrap_or(0));
    println!("{}", server.url);
    eprintln!("local AWS (EC2 Client VPN) at {}; Ctrl-C stops it", server.url);
    loop {
        std::thread::park();
    }
}
