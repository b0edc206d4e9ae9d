#!/usr/bin/env bash
# Search latency per query type with wrk on loopback (every search computes
# all facets). Builds the Enron + OCaml-list archive from ../shared/corpora if
# needed, serves it, and prints a Markdown table of p50/p90/p99 per query (the
# paths listed in bench/mixed.lua), one connection at a time, then the same
# queries mixed at 8 connections, errors, and the server's memory.
#   bench/latency.sh [--no-build] [--script bench/synth.lua] [ARCHIVE_DIR] [SECONDS_PER_QUERY]
set -euo pipefail
cd "$(dirname "$0")/.."
build=1
script=bench/mixed.lua
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0; shift ;;
    --script) script=$2; shift 2 ;;
    *) break ;;
  esac
done
archive=${1:-/tmp/fouille-bench-enron-caml}
seconds=${2:-5}
port=18787
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
[ "$build" = 0 ] || cargo build --release -q
fouille=${FOUILLE:-target/release/fouille}
given=$([ -n "${1:-}" ] && echo 1 || echo 0)
source bench/serve.sh
idle_rss=$(rss_mib VmRSS)
docs=$(curl -sf "http://127.0.0.1:$port/api/search?q=&per_page=1" | jq .total)

echo
echo "### Search latency: $archive ($docs documents), $(nproc) cores, loopback"
echo
echo "One connection, ${seconds} s per query:"
echo
echo "| query | p50 ms | p90 ms | p99 ms | req/s | errors |"
echo "|---|---:|---:|---:|---:|---:|"
grep -o '"/api/search[^"]*"' "$script" | tr -d '"' | while read -r path; do
  out=$(wrk -t1 -c1 -d"${seconds}s" -s bench/report.lua "http://127.0.0.1:$port$path" | grep '^RESULT')
  printf '| `%s` | %s | %s | %s | %s | %s |\n' "${path#/api/search}" \
    "$(field p50_ms "$out")" "$(field p90_ms "$out")" "$(field p99_ms "$out")" \
    "$(field rps "$out")" "$(( $(field errors "$out") + $(field non2xx "$out") ))"
done
for connections in 2 8; do
  out=$(wrk -t2 -c$connections -d"$((seconds * 3))s" -s "$script" "http://127.0.0.1:$port" | grep '^RESULT')
  printf '| **mixed, %s connections** | %s | %s | %s | %s | %s |\n' "$connections" \
    "$(field p50_ms "$out")" "$(field p90_ms "$out")" "$(field p99_ms "$out")" \
    "$(field rps "$out")" "$(( $(field errors "$out") + $(field non2xx "$out") ))"
done
echo
echo "Server memory: RSS $idle_rss MiB idle after opening, $(rss_mib VmRSS) MiB after the runs (peak $(rss_mib VmHWM) MiB)."
