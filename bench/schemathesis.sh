#!/usr/bin/env bash
# Property-based tests of the API from its own OpenAPI document, with
# schemathesis (from PyPI, in a virtualenv under /tmp): every operation, with
# generated valid and invalid parameters, every check (no 5xx, responses
# match the schema, invalid input refused, valid input accepted, 405s list
# `Allow`). Serves the demo archive on loopback.
#   bench/schemathesis.sh [--no-build] [EXAMPLES_PER_OPERATION]
set -euo pipefail
cd "$(dirname "$0")/.."
build=1
[ "${1:-}" = --no-build ] && { build=0; shift; }
examples=${1:-300}
port=18790
venv=/tmp/fouille-schemathesis
[ -x $venv/bin/schemathesis ] || { python3 -m venv $venv && $venv/bin/pip install -q schemathesis; }
[ "$build" = 0 ] || cargo build --release -q
fouille=target/release/fouille
demo=/tmp/fouille-schemathesis-demo
[ -e $demo/archive/fouille-archive.json ] || $fouille demo --no-serve --dir $demo >/dev/null
$fouille serve --index $demo/archive --bind 127.0.0.1:$port 2>/dev/null &
server=$!
trap 'kill $server' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/api/stats" >/dev/null && break; sleep 0.2; done
$venv/bin/schemathesis run "http://127.0.0.1:$port/api/openapi.json" --checks all \
  -n "$examples" --seed 42 || true
