#!/usr/bin/env python3
"""Records what the real aws CLI sends and prints for each conformance case.

For every case in cases.json this runs `aws ec2 create-client-vpn-endpoint ARGS` against a
recording EC2 server on 127.0.0.1 (fake credentials, no metadata probe, a temporary HOME) and
writes recordings.json: the form fields sent, stdout and the exit code. The test suite
(tests/cli/conformance.rs) replays the same arguments through cvpn and compares.

    python3 -m venv .venv && .venv/bin/pip install awscli
    python3 tests/conformance/record.py --aws .venv/bin/aws
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

from recording import answer, hermetic_env
from recording import options as recorder_options

HERE = pathlib.Path(__file__).resolve().parent

SUCCESS = """<CreateClientVpnEndpointResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
    <requestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</requestId>
    <clientVpnEndpointId>cvpn-endpoint-123456789123abcde</clientVpnEndpointId>
    <status><code>pending-associate</code><message>Waiting for target network association</message></status>
    <dnsName>cvpn-endpoint-123456789123abcde.prod.clientvpn.us-east-1.amazonaws.com</dnsName>
</CreateClientVpnEndpointResponse>"""

DRY_RUN = """<?xml version="1.0" encoding="UTF-8"?>
<Response><Errors><Error><Code>DryRunOperation</Code><Message>Request would have succeeded, but DryRun flag is set.</Message></Error></Errors><RequestID>00000000-0000-4000-8000-000000000001</RequestID></Response>"""


class Recorder(http.server.BaseHTTPRequestHandler):
    bodies = []

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length).decode("utf-8")
        Recorder.bodies.append(body)
        form = urllib.parse.parse_qsl(body, keep_blank_values=True)
        status, reply = (412, DRY_RUN) if ("DryRun", "true") in form else (200, SUCCESS)
        answer(self, status, reply.encode("utf-8"))

    def log_message(self, *args):
        pass


def main():
    options = recorder_options(__doc__)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = "http://127.0.0.1:%d" % server.server_address[1]
    version = subprocess.run([options.aws, "--version"], capture_output=True, text=True).stdout.strip()

    cases = json.loads((HERE / "cases.json").read_text())
    recordings = []
    with tempfile.TemporaryDirectory() as home:
        env = hermetic_env(home)
        for case in cases:
            Recorder.bodies = []
            command = [options.aws, "ec2", "create-client-vpn-endpoint", "--endpoint-url", url] + case["args"]
            run = subprocess.run(command, capture_output=True, text=True, env=env, cwd=HERE / "files")
            sent = [urllib.parse.parse_qsl(body, keep_blank_values=True) for body in Recorder.bodies]
            recordings.append({
                "name": case["name"],
                "args": case["args"],
                "exit_code": run.returncode,
                "requests": [[list(pair) for pair in form] for form in sent],
                "stdout": run.stdout,
                "stderr": run.stderr,
            })
            print("%-45s exit %3d, %d request(s)" % (case["name"], run.returncode, len(sent)), file=sys.stderr)
    server.shutdown()
    output = {"recorded_with": version, "recordings": recordings}
    (HERE / "recordings.json").write_text(json.dumps(output, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
