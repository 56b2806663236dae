#!/usr/bin/env python3
"""Records what the real aws CLI sends and prints through one endpoint's whole life.

lifecycle_cases.json lists the steps: every Client VPN operation the recording aws CLI knows,
with accepted and refused inputs, run in order against one local server (`cargo run --example
local-aws`), each seeing the state the earlier ones left. ENDPOINT stands for the endpoint the
seed creates. This script writes lifecycle_recordings.json: per step the forms sent, stdout,
stderr and the exit code; tests/cli/conformance.rs replays the steps through cvpn and compares.

    python3 -m venv .venv && .venv/bin/pip install awscli
    python3 tests/conformance/record_lifecycle.py --aws .venv/bin/aws
"""

import json
import pathlib
import subprocess
import sys
import tempfile
import urllib.parse

from recording import LocalServer, Proxy, hermetic_env
from recording import options as recorder_options

HERE = pathlib.Path(__file__).resolve().parent


def main():
    options = recorder_options(__doc__)
    version = subprocess.run([options.aws, "--version"], capture_output=True, text=True).stdout.strip()
    document = json.loads((HERE / "lifecycle_cases.json").read_text())
    recordings = []
    with LocalServer() as local, tempfile.TemporaryDirectory() as home:
        env = hermetic_env(home)
        command = [options.aws, "ec2", "create-client-vpn-endpoint", "--endpoint-url", local.url] + document["seed"]
        created = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
        endpoint = json.loads(created.stdout)["ClientVpnEndpointId"]
        for case in document["cases"]:
            args = [arg.replace("ENDPOINT", endpoint) for arg in case["args"]]
            Proxy.bodies = []
            command = [options.aws, "ec2", case["command"], "--endpoint-url", local.url] + args
            run = subprocess.run(command, capture_output=True, text=True, env=env, cwd=HERE / "files")
            sent = [urllib.parse.parse_qsl(body, keep_blank_values=True) for body in Proxy.bodies]
            recording = {
                "name": case["name"],
                "command": case["command"],
                "args": args,
                "exit_code": run.returncode,
                "requests": [[list(pair) for pair in form] for form in sent],
                "stdout": run.stdout,
                "stderr": run.stderr,
            }
            if "cvpn_refuses" in case:
                recording["cvpn_refuses"] = case["cvpn_refuses"]
            recordings.append(recording)
            print("%-40s exit %3d, %d request(s)" % (case["name"], run.returncode, len(sent)), file=sys.stderr)
    output = {"recorded_with": version, "seed": document["seed"], "recordings": recordings}
    (HERE / "lifecycle_recordings.json").write_text(json.dumps(output, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
