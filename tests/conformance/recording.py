"""What the conformance recorders share: the aws CLI's hermetic environment, the HTTP answer, and
the local server behind a proxy that records every form the aws CLI sends."""

import argparse
import http.server
import os
import pathlib
import subprocess
import threading
import urllib.error
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent


def options(doc):
    """The recorders' command line: which aws CLI to record."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--aws", default="aws", help="the aws CLI to record (default: aws on PATH)")
    return parser.parse_args()


def hermetic_env(home):
    """Fake credentials, a region, a temporary HOME and no metadata probe: nothing leaves loopback."""
    return {
        "PATH": os.environ.get("PATH", ""),
        "HOME": home,
        "AWS_CONFIG_FILE": os.path.join(home, "config"),
        "AWS_SHARED_CREDENTIALS_FILE": os.path.join(home, "credentials"),
        "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": "test",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_PAGER": "",
    }


def answer(handler, status, data, content_type="text/xml;charset=UTF-8"):
    """Writes one HTTP answer on a BaseHTTPRequestHandler."""
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(data)))
    handler.end_headers()
    handler.wfile.write(data)


class Proxy(http.server.BaseHTTPRequestHandler):
    """Passes each request on to the local server and keeps its body."""

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


class LocalServer:
    """`cargo run --example local-aws` behind a recording proxy, for the length of a `with`."""

    def __enter__(self):
        self.local = subprocess.Popen(
            ["cargo", "run", "--quiet", "--example", "local-aws"], cwd=ROOT, stdout=subprocess.PIPE, text=True
        )
        Proxy.upstream = self.local.stdout.readline().strip()
        self.proxy = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
        threading.Thread(target=self.proxy.serve_forever, daemon=True).start()
        self.url = "http://127.0.0.1:%d" % self.proxy.server_address[1]
        return self

    def __exit__(self, *exception):
        self.proxy.shutdown()
        self.local.terminate()
        return False
