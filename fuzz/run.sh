#!/usr/bin/env bash
# Runs every fuzz target for SECONDS (default 120), seeded from the conformance cases.
# cargo-fuzz needs nightly features; RUSTC_BOOTSTRAP lets the stable toolchain provide them.
#   cargo install cargo-fuzz && fuzz/run.sh 300
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-120}
mkdir -p corpus/shorthand corpus/param_value corpus/cli_input corpus/pem
python3 - <<'PY'
import json, pathlib
cases = json.loads(pathlib.Path("../tests/conformance/cases.json").read_text())
words = [a for c in cases for a in c["args"] if "=" in a and not a.startswith("--")]
for i, word in enumerate(words):
    pathlib.Path("corpus/shorthand/case%03d" % i).write_text(word)
PY
cp ../tests/conformance/files/input.json corpus/cli_input/
for target in shorthand param_value cli_input pem; do
  RUSTC_BOOTSTRAP=1 cargo fuzz run -O "$target" "corpus/$target" -- \
    -max_total_time="$seconds" -max_len=4096 -rss_limit_mb=1024 -timeout=5 2>&1 | grep -E '^(#[0-9]+ *DONE|Done|==|SUMMARY|.*panicked)' || true
done
