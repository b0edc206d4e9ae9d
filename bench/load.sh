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
if [ -z "${1:-}" ] && [ -e "$archive/fouille-archive.json" ] \
  && ! $fouille stats --index "$archive" >/dev/null 2>&1; then
  rm -rf "$archive"
fi
if [ ! -e "$archive/fouille-archive.json" ]; then
  $fouille index --index "$archive" ../shared/corpora/enron-maildir ../shared/corpora/caml-list-fr-en >&2
fi
$fouille serve --index "$archive" --bind 127.0.0.1:$port 2>/dev/null &
server=$!
trap 'kill $server' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/api/stats" >/dev/null && break; sleep 0.2; done
rss_mib() { awk -v key="$1:" '$1 == key {printf "%.0f", $2 / 1024}' "/proc/$server/status"; }
field() { grep -o "$1=[0-9.]*" <<<"$2" | cut -d= -f2; }

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
