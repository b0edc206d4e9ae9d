#!/usr/bin/env bash
# Search latency per query type with wrk on loopback (every search computes
# all facets). Builds the Enron + OCaml-list archive from ../shared/corpora if
# needed, serves it, and prints p50/p99 per query, one connection at a time,
# then a mixed run at 8 connections.
#   bench/latency.sh [ARCHIVE_DIR] [SECONDS_PER_QUERY]
set -euo pipefail
cd "$(dirname "$0")/.."
archive=${1:-/tmp/fouille-bench-enron-caml}
seconds=${2:-5}
port=18787
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
cargo build --release -q
fouille=target/release/fouille
if [ ! -e "$archive/fouille-archive.json" ]; then
  $fouille index --index "$archive" ../shared/corpora/enron-maildir ../shared/corpora/caml-list-fr-en
fi
$fouille serve --index "$archive" --bind 127.0.0.1:$port 2>/dev/null &
server=$!
trap 'kill $server' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/api/stats" >/dev/null && break; sleep 0.2; done
printf '%-58s %8s %8s %8s\n' query p50 p99 req/s
while read -r path; do
  out=$(wrk -t1 -c1 -d"${seconds}s" --latency "http://127.0.0.1:$port$path")
  p50=$(awk '/ 50%/{print $2}' <<<"$out"); p99=$(awk '/ 99%/{print $2}' <<<"$out")
  rps=$(awk '/Requests\/sec/{print $2}' <<<"$out")
  printf '%-58s %8s %8s %8s\n' "$path" "$p50" "$p99" "$rps"
done <<'PATHS'
/api/search?q=california+power
/api/search?q=%C3%A9lection
/api/search?q=%22natural+gas%22
/api/search?q=energy+-california&sort=newest
/api/search?q=typage+OR+polymorphisme&lang=fr
/api/search?q=from%3Ajeff.dasovich%40enron.com
/api/search?q=meeting&after=2001-01-01&before=2001-06-30
/api/search?q=organi%2A
/api/search?q=
PATHS
echo "mixed, 8 connections:"
wrk -t2 -c8 -d"$((seconds * 3))s" --latency -s bench/queries.lua "http://127.0.0.1:$port" | grep -E ' (50|90|99)%|Requests/sec|Non-2xx|errors'
