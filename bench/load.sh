#!/usr/bin/env bash
# Load and abuse on loopback: searches with every facet, exports in the three
# formats and requests the API must refuse, mixed, at high concurrency
# (bench/load.lua), in consecutive rounds against one server. Prints per round
# requests/s, latency, answers by class (2xx, 4xx, 5xx), socket errors, and
# the server's RSS after each round, to show it stays flat.
#   bench/load.sh [--no-build] [ARCHIVE_DIR] [CONNECTIONS] [SECONDS_PER_ROUND] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
build=1
[ "${1:-}" = --no-build ] && { build=0; shift; }
archive=${1:-/tmp/fouille-bench-enron-caml}
connections=${2:-64}
seconds=${3:-60}
rounds=${4:-3}
port=18788
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
[ "$build" = 0 ] || cargo build --release -q
fouille=target/release/fouille
given=$([ -n "${1:-}" ] && echo 1 || echo 0)
source bench/serve.sh
echo
echo "### Load with exports: $archive, $connections connections, $(nproc) cores, loopback"
echo
echo "Server RSS after opening: $(rss_mib VmRSS) MiB."
echo
echo "| round | seconds | requests | req/s | p50 ms | p99 ms | 2xx | 4xx (expected) | 5xx | socket errors | timeouts | MiB sent | RSS after |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for round in $(seq "$rounds"); do
  out=$(wrk -t2 -c"$connections" -d"${seconds}s" --timeout 30s -s bench/load.lua "http://127.0.0.1:$port" | grep '^RESULT')
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s MiB |\n' "$round" "$seconds" \
    "$(field requests "$out")" "$(field rps "$out")" "$(field p50_ms "$out")" "$(field p99_ms "$out")" \
    "$(field ok "$out")" "$(field refused "$out")" "$(field failed "$out")" \
    "$(field socket_errors "$out")" "$(field timeouts "$out")" "$(field mib "$out")" "$(rss_mib VmRSS)"
done
echo
echo "Peak server RSS: $(rss_mib VmHWM) MiB."
