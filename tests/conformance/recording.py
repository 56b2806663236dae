"""What the conformance recorders share: the aws CLI's hermetic environment and the HTTP answer."""

import argparse
import os


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
