#!/usr/bin/env bash
# What the team's workspace adds to a search: `tag:`, `is:starred`, the
# `tag` facet and the marks on hits, measured with wrk on loopback, one
# connection, every facet, 20 hits.
#
#   bench/workspace.sh [--no-build] ARCHIVE [SECONDS_PER_QUERY_AND_SERVER] [WORD]
#
# ARCHIVE is left as it is: the workspace is a temporary file given with
# --workspace. For the issue's figure, a million synthetic messages:
#   fouille synth --out /tmp/synth1m --count 1000000
#   fouille index --index /tmp/fouille-1m /tmp/synth1m
#   bench/workspace.sh /tmp/fouille-1m
#
# Set-up, through the API: the tag "suivi" on the first ~100,000 documents
# (bulk tags of whole months, oldest first), 20 more tags ("lot 1"…) of one
# month each, and 1,000 stars for the user `local`. Then the same archive is
# served twice, without a workspace and with it, and each query runs on both
# in alternating slices (a query with `tag:` or `is:starred` is paired with
# the same query without it). It also prints the first `tag:` search after
# the server starts (the table of every document's id is built then).
set -euo pipefail
cd "$(dirname "$0")/.."
build=1
if [ "${1:-}" = --no-build ]; then build=0; shift; fi
archive=${1:?usage: bench/workspace.sh [--no-build] ARCHIVE [SECONDS] [WORD]}
seconds=${2:-30}
word=${3:-}
rounds=6
port=18788
[ "$build" = 0 ] || cargo build --release -q -p fouille
fouille=target/release/fouille
scratch=$(mktemp -d)
trap 'kill ${server:-} 2>/dev/null; rm -rf "$scratch"' EXIT
base=http://127.0.0.1:$port
field() { grep -o "$1=[0-9.]*" <<<"$2" | cut -d= -f2; }

serve() {
  $fouille serve --index "$archive" --bind 127.0.0.1:$port --workspace "$1" 2>/dev/null &
  server=$!
  for _ in $(seq 300); do curl -sf "$base/api/stats" >/dev/null && return; sleep 0.2; done
  echo "server did not start" >&2; exit 1
}
stop() { kill "$server"; wait "$server" 2>/dev/null || true; }
json() { curl -sf -X "$1" -H 'Content-Type: application/json' ${3:+-d "$3"} "$base$2"; }

# A word matching a few percent of the archive, unless given.
serve "$scratch/workspace.sqlite"
docs=$(curl -sf "$base/api/search?per_page=1" | jq .total)
if [ -z "$word" ]; then
  for candidate in budget rapport réunion meeting contrat projet report; do
    n=$(curl -sf -G --data-urlencode "q=$candidate" "$base/api/search?per_page=1" | jq .total)
    if [ "$n" -gt $((docs / 100)) ]; then word=$candidate; break; fi
  done
fi
echo "== $archive: $docs documents; word: $word" >&2

# Tags: whole months, oldest first, until 100,000 documents carry "suivi".
tagged=0
lots=0
while read -r month count; do
  first="$month-01"
  last=$(date -d "$first +1 month -1 day" +%F)
  if [ "$tagged" -lt 100000 ] && [ $((tagged + count)) -le 100000 ]; then
    n=$(json POST /api/tags/suivi "{\"after\":\"$first\",\"before\":\"$last\"}" | jq .tagged)
    tagged=$((tagged + n))
  elif [ "$lots" -lt 20 ] && [ "$count" -le 100000 ]; then
    lots=$((lots + 1))
    json POST "/api/tags/lot%20$lots" "{\"after\":\"$first\",\"before\":\"$last\"}" >/dev/null
  fi
done < <(curl -sf "$base/api/search?per_page=1" | jq -r '.facets.month[] | "\(.value) \(.count)"' | sort)
# Stars: 1,000 documents of the word's matches, for `local`.
for page in $(seq 1 10); do
  curl -sf -G --data-urlencode "q=$word" "$base/api/search?per_page=100&page=$page" | jq -r '.hits[].id'
done | while read -r id; do json PUT "/api/messages/$id/star" >/dev/null; done
echo "== workspace: $(curl -sf "$base/api/tags" | jq -c '[.tags[] | {(.name): .count}] | add')" >&2
echo "== stars: $(curl -sf "$base/api/search?q=is:starred&per_page=1" | jq .total)" >&2
stop

run() {
  local port=$1 path=$2
  out=$(wrk -t1 -c1 -d"${slice}s" -s bench/report.lua "http://127.0.0.1:$port$path" | grep '^RESULT')
  printf '%s %s %s\n' "$(field p50_ms "$out")" "$(field p99_ms "$out")" \
    "$(( $(field errors "$out") + $(field non2xx "$out") ))"
}
encode() { jq -rn --arg q "$1" '$q|@uri'; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# Both servers at once, their runs alternated in short slices: the machine
# is shared and its load drifts, so each figure is a median over rounds
# that saw the same load.
slice=$(( seconds / rounds > 0 ? seconds / rounds : 1 ))
$fouille serve --index "$archive" --bind 127.0.0.1:$port --workspace "$scratch/missing/none.sqlite" 2>/dev/null &
plain=$!
with_port=$((port + 1))
$fouille serve --index "$archive" --bind 127.0.0.1:$with_port --workspace "$scratch/workspace.sqlite" 2>/dev/null &
server=$!
trap 'kill $plain $server 2>/dev/null; rm -rf "$scratch"' EXIT
for p in $port $with_port; do
  for _ in $(seq 300); do curl -sf "http://127.0.0.1:$p/api/stats" >/dev/null && break; sleep 0.2; done
done
# The server prepares the tags' bitsets on a thread of its own when it
# starts; give it the time, then time the first `tag:` search.
sleep 5
started=$(date +%s%N)
curl -sf "http://127.0.0.1:$with_port/api/search?q=tag:suivi&per_page=1" >/dev/null
cold=$(( ($(date +%s%N) - started) / 1000000 ))

echo
echo "### The workspace's cost: $archive ($docs documents), $(nproc) cores, loopback, one connection"
echo
echo "The \`suivi\` tag on $tagged documents, 20 more tags, 1,000 stars. Every facet, 20 hits. Each query"
echo "alternates between a server without a workspace and one with it, $rounds rounds of ${slice} s each;"
echo "the figures are the medians of the rounds' p50 and p99 (load average $(cut -d' ' -f1-3 /proc/loadavg))."
echo
echo "| query | without: p50 ms | p99 ms | with: p50 ms | p99 ms | errors |"
echo "|---|---:|---:|---:|---:|---:|"
for q in "$word" "" "$word tag:suivi|$word" "$word is:starred|$word" "tag:suivi|$word"; do
  with_q=${q%%|*}
  plain_q=${q#*|}
  rm -f "$scratch"/p50a "$scratch"/p99a "$scratch"/p50b "$scratch"/p99b
  errors=0
  for _ in $(seq "$rounds"); do
    read -r a50 a99 ae < <(run "$port" "/api/search?q=$(encode "$plain_q")")
    read -r b50 b99 be < <(run "$with_port" "/api/search?q=$(encode "$with_q")")
    echo "$a50" >>"$scratch/p50a"; echo "$a99" >>"$scratch/p99a"
    echo "$b50" >>"$scratch/p50b"; echo "$b99" >>"$scratch/p99b"
    errors=$((errors + ae + be))
  done
  label=$([ "$with_q" = "$plain_q" ] && echo "\`q=$with_q\`" || echo "\`q=$with_q\` vs \`q=$plain_q\`")
  printf '| %s | %s | %s | %s | %s | %s |\n' "$label" "$(median <"$scratch/p50a")" "$(median <"$scratch/p99a")" \
    "$(median <"$scratch/p50b")" "$(median <"$scratch/p99b")" "$errors"
done
echo
echo "First \`tag:suivi\` search, 5 s after the server started (it prepares the tags meanwhile): ${cold} ms."
