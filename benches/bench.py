#!/usr/bin/env python3
"""cvpn beside curl (and the aws CLI when installed), on one loopback EC2 server.

Builds the release binary and the local AWS server (`examples/local-aws`, seeded through cvpn;
`--server python` uses this script's canned answers instead), starts the server on 127.0.0.1,
then times with hyperfine (or a timing loop when hyperfine is missing), all in the same run:

  * a dry-run create with cvpn, and a bare curl POST of the same form body (the floor);
  * describe-client-vpn-endpoints answering ten endpoints, and the endpoint's networks, rules,
    routes and connections; `cvpn show`, which sends those five describes at once;
  * cvpn create --help, and a completion request (COMPLETE=bash);
  * the aws CLI's dry-run create and help, when `aws` is on PATH (or --aws PATH);

then peak memory (max RSS) of a dry-run create, the workflows against the local server (`up` from
nothing, `user add` (with the PKI on disk, then in Secrets Manager), `pki check` on the certificates `up` made, `pki status` beside its slowest describe,
`pki renew --server`) and the stripped binary's size. Prints medians
and ratios to the curl floor. Nothing leaves loopback: fake credentials, a temporary HOME, no
instance metadata.

    python3 benches/bench.py [--runs 50] [--aws .venv/bin/aws] [--no-build]
"""

import argparse
import http.server
import json
import os
import pathlib
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

ROOT = pathlib.Path(__file__).resolve().parent.parent
CERT = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d"

SUCCESS = (
    '<CreateClientVpnEndpointResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">'
    "<requestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</requestId>"
    "<clientVpnEndpointId>cvpn-endpoint-123456789123abcde</clientVpnEndpointId>"
    "<status><code>pending-associate</code></status>"
    "<dnsName>cvpn-endpoint-123456789123abcde.prod.clientvpn.us-east-1.amazonaws.com</dnsName>"
    "</CreateClientVpnEndpointResponse>"
).encode()
DESCRIBE = (
    '<DescribeClientVpnEndpointsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">'
    "<requestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</requestId><clientVpnEndpoint>"
    + "".join(
        "<item><clientVpnEndpointId>cvpn-endpoint-0123456789abcdef%d</clientVpnEndpointId>"
        "<status><code>available</code></status><creationTime>2026-11-28T10:00:00</creationTime>"
        "<dnsName>*.cvpn-endpoint-0123456789abcdef%d.prod.clientvpn.us-east-1.amazonaws.com</dnsName>"
        "<clientCidrBlock>10.%d.0.0/22</clientCidrBlock><splitTunnel>false</splitTunnel><vpnProtocol>openvpn</vpnProtocol>"
        "<transportProtocol>udp</transportProtocol><vpnPort>443</vpnPort><serverCertificateArn>%s</serverCertificateArn>"
        "<tagSet><item><key>Name</key><value>office-%d</value></item></tagSet></item>" % (n, n, n, CERT, n)
        for n in range(10)
    )
    + "</clientVpnEndpoint></DescribeClientVpnEndpointsResponse>"
).encode()
ENDPOINT = "cvpn-endpoint-0123456789abcdef0"


def listing(action, element, item, count):
    """A describe's answer holding `count` items."""
    items = "".join(item % {"n": n, "endpoint": ENDPOINT} for n in range(count))
    return (
        '<%sResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">'
        "<requestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</requestId><%s>%s</%s></%sResponse>"
        % (action, element, items, element, action)
    ).encode()


LISTINGS = {
    "DescribeClientVpnEndpoints": DESCRIBE,
    "DescribeClientVpnTargetNetworks": listing(
        "DescribeClientVpnTargetNetworks", "clientVpnTargetNetworks",
        "<item><associationId>cvpn-assoc-0123456789abcdef%(n)d</associationId><vpcId>vpc-0a1b2c3d4e5f60718</vpcId>"
        "<targetNetworkId>subnet-0a1b2c3d4e5f6000%(n)d</targetNetworkId><clientVpnEndpointId>%(endpoint)s</clientVpnEndpointId>"
        "<status><code>associated</code></status><securityGroups><item>sg-0a1b2c3d4e5f60718</item></securityGroups></item>", 2),
    "DescribeClientVpnAuthorizationRules": listing(
        "DescribeClientVpnAuthorizationRules", "authorizationRule",
        "<item><clientVpnEndpointId>%(endpoint)s</clientVpnEndpointId><groupId></groupId><accessAll>true</accessAll>"
        "<destinationCidr>10.%(n)d.0.0/16</destinationCidr><status><code>active</code></status></item>", 10),
    "DescribeClientVpnRoutes": listing(
        "DescribeClientVpnRoutes", "routes",
        "<item><clientVpnEndpointId>%(endpoint)s</clientVpnEndpointId><destinationCidr>10.%(n)d.0.0/16</destinationCidr>"
        "<targetSubnet>subnet-0a1b2c3d4e5f60001</targetSubnet><type>Nat</type><origin>add-route</origin>"
        "<status><code>active</code></status></item>", 10),
    "DescribeClientVpnConnections": listing(
        "DescribeClientVpnConnections", "connections",
        "<item><clientVpnEndpointId>%(endpoint)s</clientVpnEndpointId><connectionId>cvpn-connection-0123456789abcdef%(n)d</connectionId>"
        "<commonName>user-%(n)d</commonName><clientIp>10.0.0.%(n)d</clientIp><status><code>active</code></status></item>", 10),
}

DRY_RUN = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>DryRunOperation</Code>'
    "<Message>Request would have succeeded, but DryRun flag is set.</Message></Error></Errors>"
    "<RequestID>00000000-0000-4000-8000-000000000001</RequestID></Response>"
).encode()


class Ec2(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        form = urllib.parse.parse_qs(body.decode())
        action = form.get("Action", [""])[0]
        if action in LISTINGS:
            status, answer = 200, LISTINGS[action]
        else:
            status, answer = (412, DRY_RUN) if form.get("DryRun") == ["true"] else (200, SUCCESS)
        self.send_response(status)
        self.send_header("Content-Type", "text/xml;charset=UTF-8")
        self.send_header("Content-Length", str(len(answer)))
        self.send_header("x-amzn-RequestId", "00000000-0000-4000-8000-000000000001")
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


def hermetic_env(home):
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": home,
        "AWS_CONFIG_FILE": os.path.join(home, "config"),
        "AWS_SHARED_CREDENTIALS_FILE": os.path.join(home, "credentials"),
        "AWS_ACCESS_KEY_ID": "AKIDBENCH",
        "AWS_SECRET_ACCESS_KEY": "bench-secret",
        "AWS_REGION": "us-east-1",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_PAGER": "",
    }
    return env


def seed(cvpn, url, env):
    """Through cvpn, what the describes list on the local server: ten endpoints, the first with two
    associated subnets, ten rules and ten routes (its connections list stays empty: clients are not
    made through the API). Returns the first endpoint's ID."""
    def run(*args):
        done = subprocess.run([cvpn, "--endpoint-url", url] + list(args), env=env, capture_output=True, text=True)
        if done.returncode != 0:
            sys.exit("seeding failed: %s\n%s" % (" ".join(args), done.stderr))
        return done.stdout.strip()
    ids = [run("create", "-c", "10.%d.0.0/22" % n, "-s", CERT, "--client-token", "bench-%d" % n, "-t", "Name=office-%d" % n,
               "--query", "ClientVpnEndpointId", "--output", "text") for n in range(10)]
    first = ids[0]
    for subnet in ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"]:
        run("associate", first, "--subnet-id", subnet, "--wait", "--poll-interval", "0.01")
    for n in range(10):
        run("authorize", first, "--cidr", "10.%d.0.0/16" % (100 + n), "--all-groups")
        run("route-add", first, "--cidr", "10.%d.0.0/16" % (100 + n), "--subnet", "subnet-0a1b2c3d4e5f60001")
    return first


def time_commands(commands, env, runs):
    """Median seconds per command, timed in one interleaved session."""
    if shutil.which("hyperfine"):
        with tempfile.NamedTemporaryFile(suffix=".json") as out:
            args = ["hyperfine", "-N", "-i", "--warmup", "5", "--runs", str(runs), "--export-json", out.name, "--style", "none"]
            for name, command in commands:
                args += ["-n", name, subprocess.list2cmdline(command)]
            subprocess.run(args, env=env, check=True, stdout=subprocess.DEVNULL)
            results = json.load(open(out.name))["results"]
            return {result["command"]: result["median"] for result in results}
    medians = {}
    for name, command in commands:
        samples = []
        for index in range(runs + 5):
            start = time.perf_counter()
            subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if index >= 5:
                samples.append(time.perf_counter() - start)
        medians[name] = statistics.median(samples)
    return medians


def peak_rss_mib(command, env):
    """Max RSS of one run of `command`, as GNU time reports it (the exec'd program alone; a
    fork from Python would count Python's own pages)."""
    if not os.path.exists("/usr/bin/time"):
        return float("nan")
    run = subprocess.run(["/usr/bin/time", "-f", "%M"] + command, env=env, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True)
    return int(run.stderr.strip().splitlines()[-1]) / 1024


def user_add_samples(command, vpn, env, home, runs):
    """Seconds each of up to 15 `cvpn user add` runs took, a new user each time."""
    samples = []
    for n in range(min(runs, 15)):
        out = os.path.join(home, "%s-user-%d.ovpn" % (vpn, n))
        started = time.perf_counter()
        added = subprocess.run(command + ["user", "add", vpn, "user-%d" % n, "-q", "-o", "off", "--config-out", out],
                               env=env, capture_output=True, text=True)
        samples.append(time.perf_counter() - started)
        if added.returncode != 0:
            sys.exit("%s failed:\n%s" % (" ".join(command[1:] + ["user", "add", vpn]), added.stderr))
    return samples


def workflow_timings(cvpn, url, env, home, runs):
    """The workflows against the local server: `cvpn up` from nothing (once: it makes three RSA
    keys, so its time varies with the primes found), `cvpn user add` for a new user each run (one
    RSA key and one export call), and `cvpn pki check` on the VPN's own server certificate, key and
    CA (no request). Medians in seconds."""
    base = [cvpn, "--endpoint-url", url]
    started = time.perf_counter()
    up = subprocess.run(base + ["up", "bench", "--subnet-id", "subnet-0a1b2c3d4e5f60001", "--poll-interval", "0.01",
                                "-q", "-o", "off", "--config-out", os.path.join(home, "bench.ovpn")],
                        env=env, capture_output=True, text=True)
    timings = {"cvpn up (from nothing, once)": time.perf_counter() - started}
    if up.returncode != 0:
        sys.exit("cvpn up failed:\n%s" % up.stderr)
    samples = user_add_samples(base, "bench", env, home, runs)
    timings["cvpn user add (median of %d)" % len(samples)] = statistics.median(samples)
    # The same with the PKI in Secrets Manager: DescribeSecret and GetSecretValue before, and
    # PutSecretValue and UpdateSecretVersionStage after, around the same work.
    store = ["--pki-store", "secretsmanager"]
    team = subprocess.run(base + store + ["up", "team", "--subnet-id", "subnet-0a1b2c3d4e5f60002",
                                          "--poll-interval", "0.01", "-q", "-o", "off",
                                          "--config-out", os.path.join(home, "team.ovpn")],
                          env=env, capture_output=True, text=True)
    if team.returncode != 0:
        sys.exit("cvpn up --pki-store secretsmanager failed:\n%s" % team.stderr)
    samples = user_add_samples(base + store, "team", env, home, runs)
    timings["cvpn user add --pki-store secretsmanager (median of %d)" % len(samples)] = statistics.median(samples)
    pki = os.path.join(home, ".local", "share", "cvpn", "bench")
    check = [cvpn, "pki", "check", os.path.join(pki, "server.crt"), os.path.join(pki, "server.key"),
             os.path.join(pki, "ca.crt"), "-o", "off"]
    if subprocess.run(check, env=env, capture_output=True).returncode != 0:
        sys.exit("cvpn pki check refused the certificates cvpn up made")
    timings.update(time_commands([("cvpn pki check (3 files)", check)], env, runs))
    # pki status: one endpoint search, then ACM and the revocation list at once; beside the
    # slowest single describe it sends (DescribeClientVpnEndpoints, every page), in one session.
    status = base + ["pki", "status", "bench", "-q", "-o", "off"]
    describe = base + ["describe-client-vpn-endpoints", "-o", "off"]
    timings.update(time_commands([("cvpn pki status", status), ("its slowest describe alone", describe)], env, runs))
    started = time.perf_counter()
    renewed = subprocess.run(base + ["pki", "renew", "bench", "--server", "-q", "-o", "off"], env=env,
                             capture_output=True, text=True)
    timings["cvpn pki renew --server (once: one RSA key, one re-import)"] = time.perf_counter() - started
    if renewed.returncode != 0:
        sys.exit("cvpn pki renew failed:\n%s" % renewed.stderr)
    return timings


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--aws", default=shutil.which("aws"))
    parser.add_argument("--no-build", action="store_true")
    parser.add_argument("--server", choices=["local", "python"], default="local",
                        help="answer from the project's local AWS server (default: its release build, "
                             "seeded through cvpn) or from this script's canned Python answers")
    options = parser.parse_args()

    target = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    if not options.no_build:
        subprocess.run(["cargo", "build", "--release", "--locked"], cwd=ROOT, check=True)
        if options.server == "local":
            subprocess.run(["cargo", "build", "--release", "--locked", "--example", "local-aws"], cwd=ROOT, check=True)
    cvpn = str(target / "release" / "cvpn")

    local = None
    if options.server == "local":
        local = subprocess.Popen([str(target / "release" / "examples" / "local-aws")], stdout=subprocess.PIPE,
                                 stderr=subprocess.DEVNULL, text=True)
        url = local.stdout.readline().strip() + "/"
    else:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Ec2)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = "http://127.0.0.1:%d/" % server.server_address[1]

    with tempfile.TemporaryDirectory() as home:
        env = hermetic_env(home)
        endpoint = ENDPOINT
        if local:
            endpoint = seed(cvpn, url, env)
        body = os.path.join(home, "body")
        form = {
            "Action": "CreateClientVpnEndpoint", "Version": "2016-11-15", "ClientCidrBlock": "10.0.0.0/22",
            "ServerCertificateArn": CERT, "Authentication.1.Type": "certificate-authentication",
            "Authentication.1.MutualAuthentication.ClientRootCertificateChainArn": CERT,
            "ConnectionLogOptions.Enabled": "false", "DryRun": "true",
            "ClientToken": "00000000-0000-4000-8000-000000000000",
        }
        pathlib.Path(body).write_text(urllib.parse.urlencode(form))
        dry_run = [cvpn, "create", "--endpoint-url", url, "-c", "10.0.0.0/22", "-s", CERT, "--dry-run"]

        def curl(form_file):
            return ["curl", "-s", "-o", "/dev/null", "-X", "POST", "-H",
                    "Content-Type: application/x-www-form-urlencoded; charset=utf-8",
                    "--data-binary", "@" + form_file, url]

        # Each describe's floor: curl sending the same form and reading the same answer.
        floors = []
        for action in LISTINGS:
            form_file = os.path.join(home, action)
            describe_form = {"Action": action, "Version": "2016-11-15", "ClientVpnEndpointId": endpoint}
            pathlib.Path(form_file).write_text(urllib.parse.urlencode(describe_form))
            floors.append(("curl %s" % action, curl(form_file)))
        commands = [
            ("curl POST (floor)", curl(body)),
            ("cvpn dry-run create", dry_run),
            ("cvpn create --help", [cvpn, "create", "--help"]),
            ("cvpn completion", ["env", "COMPLETE=bash", "_CLAP_COMPLETE_INDEX=3", "_CLAP_IFS=,", cvpn, "--",
                                 "cvpn", "create", "--authentication-options", "Type="]),
            ("cvpn describe (10)", [cvpn, "describe-client-vpn-endpoints", "--endpoint-url", url]),
            ("cvpn networks (2)", [cvpn, "networks", endpoint, "--endpoint-url", url]),
            ("cvpn rules (10)", [cvpn, "rules", endpoint, "--endpoint-url", url]),
            ("cvpn routes (10)", [cvpn, "routes", endpoint, "--endpoint-url", url]),
            ("cvpn connections (10)", [cvpn, "connections", endpoint, "--endpoint-url", url]),
            ("cvpn show (all five)", [cvpn, "show", endpoint, "--endpoint-url", url]),
        ] + floors
        aws_dry_run = None
        if options.aws:
            aws_dry_run = [options.aws, "ec2", "create-client-vpn-endpoint", "--endpoint-url", url,
                           "--client-cidr-block", "10.0.0.0/22", "--server-certificate-arn", CERT,
                           "--authentication-options",
                           "Type=certificate-authentication,MutualAuthentication={ClientRootCertificateChainArn=%s}" % CERT,
                           "--connection-log-options", "Enabled=false", "--dry-run"]
            commands += [("aws dry-run create", aws_dry_run),
                         ("aws help", [options.aws, "ec2", "create-client-vpn-endpoint", "help"]),
                         ("aws describe (10)", [options.aws, "ec2", "describe-client-vpn-endpoints",
                                                "--endpoint-url", url])]
            env["AWS_PAGER"] = ""
        if not shutil.which("hyperfine"):
            print("hyperfine not found: timing with a loop", file=sys.stderr)
        # The aws CLI is slow: fewer runs keep the whole benchmark short.
        own = [command for command in commands if not command[0].startswith("aws ")]
        medians = time_commands(own, env, options.runs)
        if options.aws:
            aws = [command for command in commands if command[0].startswith("aws ")]
            medians.update(time_commands(aws, env, max(5, options.runs // 10)))
        rss = {"cvpn dry-run create": peak_rss_mib(dry_run, env)}
        if aws_dry_run:
            rss["aws dry-run create"] = peak_rss_mib(aws_dry_run, env)
        workflow = workflow_timings(cvpn, url, env, home, options.runs) if local else {}
    if local:
        local.terminate()
    else:
        server.shutdown()

    floor = medians["curl POST (floor)"]
    cpu = platform.machine()
    if os.path.exists("/proc/cpuinfo"):
        models = [line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")]
        cpu = models[0] if models else cpu
    print("machine: %s, %d cores, %s" % (cpu, os.cpu_count(), platform.platform()))
    print("%-24s %10s %10s" % ("command", "median", "vs curl"))
    for name, _ in commands:
        if name in medians and not name.startswith("curl Describe"):
            print("%-24s %8.2f ms %9.2fx" % (name, medians[name] * 1000, medians[name] / floor))
    describes = ["cvpn describe (10)", "cvpn networks (2)", "cvpn rules (10)", "cvpn routes (10)", "cvpn connections (10)"]
    print("each describe beside curl sending the same form and reading the same answer (goal: at most 1.10x):")
    for name, action in zip(describes, LISTINGS):
        print("  %-22s %6.2fx" % (name, medians[name] / medians["curl %s" % action]))
    slowest = max(medians[name] for name in describes)
    print("cvpn show / slowest single describe: %.2fx (goal: at most 1.20x)" % (medians["cvpn show (all five)"] / slowest))
    for name, mib in rss.items():
        print("peak RSS %-15s %8.1f MiB" % (name, mib))
    for name, seconds in workflow.items():
        print("%-32s %8.2f ms" % (name, seconds * 1000))
    size = os.path.getsize(cvpn)
    print("binary size (stripped)   %8.2f MiB" % (size / 1024 / 1024))


if __name__ == "__main__":
    main()
