#!/usr/bin/env python3
"""Records what the real aws CLI sends and prints for describe-client-vpn-endpoints.

The answers come from the project's own local server (`cargo run --example local-aws`), holding
the endpoints that the seed commands of describe_cases.json create; this script sits between the
aws CLI and that server and records every form the CLI sends. For every case it runs
`aws ec2 describe-client-vpn-endpoints ARGS` (`cvpn-endpoint-PLACEHOLDERn` in a case stands for
the n-th seeded endpoint) and writes describe_recordings.json: the forms, stdout and exit code.
tests/cli/conformance.rs replays the same seeds and arguments through cvpn and compares.

    python3 -m venv .venv && .venv/bin/pip install awscli
    python3 tests/conformance/record_describe.py --aws .venv/bin/aws
"""

import http.server
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import threading
import urllib.parse
import urllib.request

from recording import answer, hermetic_env
from recording import options as recorder_options

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent


class Proxy(http.server.BaseHTTPRequestHandler):
    upstream = ""
    bodies = []

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        Proxy.bodies.append(body.decode("utf-8"))
        request = urllib.request.Request(Proxy.upstream + self.path, data=body, method="POST")
        request.add_header("Content-Type", self.headers.get("Content-Type", ""))
        try:
            with urllib.request.urlopen(request) as upstream:
                status, data, kind = upstream.status, upstream.read(), upstream.headers.get("Content-Type")
        except urllib.error.HTTPError as error:
            status, data, kind = error.code, error.read(), error.headers.get("Content-Type")
        answer(self, status, data, kind or "text/xml;charset=UTF-8")

    def log_message(self, *args):
        pass


def main():
    options = recorder_options(__doc__)

    local = subprocess.Popen(
        ["cargo", "run", "--quiet", "--example", "local-aws"], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    Proxy.upstream = local.stdout.readline().strip()
    proxy = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    url = "http://127.0.0.1:%d" % proxy.server_address[1]
    version = subprocess.run([options.aws, "--version"], capture_output=True, text=True).stdout.strip()
    document = json.loads((HERE / "describe_cases.json").read_text())
    recordings = []
    try:
        with tempfile.TemporaryDirectory() as home:
            env = hermetic_env(home)
            ids = []
            for args in document["seed"]:
                command = [options.aws, "ec2", "create-client-vpn-endpoint", "--endpoint-url", url] + args
                created = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
                ids.append(json.loads(created.stdout)["ClientVpnEndpointId"])
            for case in document["cases"]:
                args = [arg for arg in case["args"]]
                for n, endpoint in enumerate(ids, start=1):
                    args = [arg.replace("cvpn-endpoint-PLACEHOLDER%d" % n, endpoint) for arg in args]
                Proxy.bodies = []
                command = [options.aws, "ec2", "describe-client-vpn-endpoints", "--endpoint-url", url] + args
                run = subprocess.run(command, capture_output=True, text=True, env=env)
                sent = [urllib.parse.parse_qsl(body, keep_blank_values=True) for body in Proxy.bodies]
                recordings.append({
                    "name": case["name"],
                    "args": args,
                    "exit_code": run.returncode,
                    "requests": [[list(pair) for pair in form] for form in sent],
                    "stdout": run.stdout,
                    "stderr": run.stderr,
                })
                print("%-45s exit %3d, %d request(s)" % (case["name"], run.returncode, len(sent)), file=sys.stderr)
    finally:
        proxy.shutdown()
        local.terminate()
    output = {"recorded_with": version, "seed": document["seed"], "recordings": recordings}
    (HERE / "describe_recordings.json").write_text(json.dumps(output, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
