//! Certificate generation: a VPN's CA, server and first client certificate (three RSA 2048 keys
//! and three signatures), as `cvpn up` makes them. Prints the median of 10 runs.
//!
//!     cargo bench --no-default-features --bench pki

use std::time::{Duration, Instant};

use cvpn::pki::{CLIENT_DAYS, Role, SERVER_DAYS, issue, new_ca, server_dns_name};

fn main() {
    let mut runs: Vec<Duration> = (0..10)
        .map(|_| {
            let started = Instant::now();
            let ca = new_ca("office").expect("a CA");
            issue(&ca, "office", &Role::Server { dns_name: server_dns_name("office") }, SERVER_DAYS).expect("a server");
            issue(&ca, "office", &Role::Client { user: "alice".into() }, CLIENT_DAYS).expect("a client");
            started.elapsed()
        })
        .collect();
    runs.sort();
    let median = runs[runs.len() / 2];
    println!(
        "CA + server + client certificates (RSA 2048): median {:.0} ms, fastest {:.0} ms, slowest {:.0} ms (goal: under 1000 ms)",
        median.as_secs_f64() * 1000.0,
        runs[0].as_secs_f64() * 1000.0,
        runs[runs.len() - 1].as_secs_f64() * 1000.0
    );
}
