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
    document = json.loads((HERE / "describe_cases.json").read_text())
    recordings = []
    with LocalServer() as local, tempfile.TemporaryDirectory() as home:
        url = local.url
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
    output = {"recorded_with": version, "seed": document["seed"], "recordings": recordings}
    (HERE / "describe_recordings.json").write_text(json.dumps(output, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
