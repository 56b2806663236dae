//! `cvpn cost` against the local server: an endpoint's cost from its associations and connections
//! at the region's prices (two regions), a schedule's saving, `--all` with idle endpoints marked,
//! price flags, and a region with no price recorded refused before anything is sent.

use serde_json::Value;

use crate::common::{Hermetic, stderr_of, stdout_of};
use crate::server::{Ec2TestServer, network};

fn cvpn(env: &Hermetic, server: &Ec2TestServer, args: &[&str]) -> std::process::Output {
    env.cvpn().arg("--endpoint-url").arg(&server.url).args(args).output().expect("run cvpn")
}

fn json_of(output: &std::process::Output) -> Value {
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(output));
    serde_json::from_str(&stdout_of(output)).unwrap()
}

/// VPN `name` made by `up` through these subnets; its endpoint ID.
fn vpn(env: &Hermetic, server: &Ec2TestServer, name: &str, subnets: &[&str]) -> String {
    let mut args = vec!["up", name, "--poll-interval", "0.01"];
    for subnet in subnets {
        args.extend(["--subnet-id", subnet]);
    }
    json_of(&cvpn(env, server, &args))["ClientVpnEndpointId"].as_str().unwrap().to_owned()
}

#[test]
fn an_endpoint_costs_its_associations_and_connections_at_the_regions_prices() {
    let (a, b) = (network::SUBNETS[0].0, network::SUBNETS[1].0);
    for (region, monthly, hourly) in [("us-east-1", 146.0, 0.25), ("ap-northeast-1", 219.0, 0.35)] {
        let server = Ec2TestServer::start();
        let env = Hermetic::new().set("USER", "alice").set("AWS_REGION", region);
        let id = vpn(&env, &server, "office", &[a, b]);
        server.add_connection(&id, "alice");
        let sent = server.requests().len();
        let report = json_of(&cvpn(&env, &server, &["cost", "office", "--hours-per-week", "40"]));
        let endpoint = &report["Endpoint"];
        assert_eq!(report["Region"], region);
        assert_eq!((endpoint["Associations"].as_u64(), endpoint["ActiveConnections"].as_u64()), (Some(2), Some(1)));
        assert_eq!(endpoint["MonthlyAssociations"].as_f64(), Some(monthly), "{report:#}");
        assert_eq!(endpoint["HourlyNow"].as_f64(), Some(hourly), "{report:#}");
        let scheduled = (monthly * 40.0 / 168.0 * 100.0).round() / 100.0;
        assert_eq!(endpoint["MonthlyOnSchedule"].as_f64(), Some(scheduled), "{report:#}");
        assert!(server.requests()[sent..].iter().all(|request| request.operation().starts_with("Describe")));
    }
}

#[test]
fn all_lists_every_endpoint_with_idle_ones_marked_and_flags_override_the_prices() {
    let server = Ec2TestServer::start();
    let env = Hermetic::new().set("USER", "alice");
    let busy = vpn(&env, &server, "office", &[network::SUBNETS[0].0]);
    let idle = vpn(&env, &server, "lab", &[network::SUBNETS[1].0]);
    server.add_connection(&busy, "alice");
    let report = json_of(&cvpn(&env, &server, &["cost", "--all"]));
    let rows = report["Endpoints"].as_array().unwrap();
    let row = |id: &str| rows.iter().find(|row| row["ClientVpnEndpointId"] == id).unwrap().clone();
    assert_eq!((row(&busy)["Idle"].as_bool(), row(&idle)["Idle"].as_bool()), (Some(false), Some(true)));
    assert_eq!(row(&idle)["Name"], "lab");
    assert_eq!(report["MonthlyTotal"].as_f64(), Some(146.0), "{report:#}");
    let table = cvpn(&env, &server, &["cost", "--all", "-o", "table"]);
    let line = stdout_of(&table).lines().find(|line| line.contains(&idle)).unwrap().to_owned();
    assert!(line.contains("idle") && line.contains("73.00"), "{line}");

    let report = json_of(&cvpn(&env, &server, &["cost", "office", "--association-price", "0.2"]));
    assert_eq!(report["Endpoint"]["MonthlyAssociations"].as_f64(), Some(146.0));
    assert_eq!(report["ConnectionPrice"].as_f64(), Some(0.05), "the recorded one where no flag is given");
}

#[test]
fn a_region_without_a_recorded_price_needs_both_flags_and_nothing_is_sent_without_them() {
    let server = Ec2TestServer::start();
    let env = Hermetic::new().set("AWS_REGION", "eu-west-1");
    let output = cvpn(&env, &server, &["cost", "--all"]);
    assert_eq!(output.status.code(), Some(252), "{}", stderr_of(&output));
    let stderr = stderr_of(&output);
    assert!(stderr.contains("eu-west-1") && stderr.contains("--association-price"), "{stderr}");
    assert!(server.requests().is_empty());
    let report =
        json_of(&cvpn(&env, &server, &["cost", "--all", "--association-price", "0.1", "--connection-price", "0.05"]));
    assert_eq!(report["PriceSource"], "--association-price / --connection-price");
    for bad in [["--hours-per-week", "169"], ["--association-price", "-1"]] {
        let output = cvpn(&env, &server, &[&["cost", "--all"][..], &bad[..]].concat());
        assert_eq!(output.status.code(), Some(252), "{bad:?}");
        assert!(stderr_of(&output).contains(bad[0]), "{bad:?}: {}", stderr_of(&output));
    }
    let output = cvpn(&env, &server, &["cost"]);
    assert_eq!(output.status.code(), Some(252), "NAME or --all: {}", stderr_of(&output));
}
