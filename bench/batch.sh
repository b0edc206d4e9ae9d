#!/usr/bin/env bash
# The time of a batch of 1,000 person names on Enron (issue 16), from the
# terminal (`fouille batch ... --out`) and through the API (POST
# /api/batches, then GET /api/batches/{id} every 50 ms until done), and,
# as the peer, one `GET /api/search` per name in sequence; three runs each,
# with the median. Builds the release binary and the Enron
# archive (../shared/corpora/enron-maildir) if needed. The names come from
# the archive itself: the senders' addresses of the form
# first.last@enron.com in an export of every email, the most frequent
# first, as "first last" (two words, both required), written to
# bench/enron-names.txt (made again by every run, not committed).
#   bench/batch.sh [--no-build] [ARCHIVE_DIR] [COUNT]
set -euo pipefail
cd "$(dirname "$0")/.."
build=1
if [ "${1:-}" = --no-build ]; then build=0; shift; fi
archive=${1:-/tmp/batch-enron}
count=${2:-1000}
port=18797
names=bench/enron-names.txt
[ "$build" = 0 ] || cargo build --release -q -p fouille
fouille=${CARGO_TARGET_DIR:-target}/release/fouille
if [ ! -e "$archive/fouille-archive.json" ]; then
  $fouille index --index "$archive" ../shared/corpora/enron-maildir >&2
fi

$fouille serve --index "$archive" --bind 127.0.0.1:$port 2>/dev/null &
server=$!
trap 'kill $server' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/api/stats" >/dev/null && break; sleep 0.2; done

curl -sf "http://127.0.0.1:$port/api/export?format=csv&kind=email" | python3 -c '
import collections, csv, re, sys
counts = collections.Counter()
for row in csv.DictReader(sys.stdin):
    match = re.fullmatch(r"([a-z]{2,})\.([a-z]{2,})@enron\.com", row["from"])
    # no.address@enron.com stands for a missing sender.
    if match and match.group(0) != "no.address@enron.com":
        counts[match.group(1) + " " + match.group(2)] += 1
for name, _ in counts.most_common(int(sys.argv[1])):
    print(name)
' "$count" >"$names"
echo "$(wc -l <"$names") names in $names" >&2

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
median() { sort -n | sed -n 2p; }

terminal=()
for _ in 1 2 3; do
  started=$(now_ms)
  $fouille batch --index "$archive" "$names" --out /tmp/batch-enron-results.csv >/dev/null
  terminal+=($(( $(now_ms) - started )))
done

api=()
for _ in 1 2 3; do
  started=$(now_ms)
  id=$(curl -sf -H 'Content-Type: text/plain' --data-binary @"$names" \
    "http://127.0.0.1:$port/api/batches" | python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])')
  until curl -sf "http://127.0.0.1:$port/api/batches/$id" | grep -q '"status":"done"'; do
    sleep 0.05
  done
  api+=($(( $(now_ms) - started )))
done
curl -sf "http://127.0.0.1:$port/api/batches/$id/results.csv" >/tmp/batch-enron-api.csv

# The peer: what a desk does without batches, one API search per name (10
# hits, with the facets and snippets every search computes), in one run.
single=()
for _ in 1 2 3; do
  started=$(now_ms)
  python3 - "$names" "$port" <<'PY'
import sys, urllib.parse, urllib.request
names, port = sys.argv[1], sys.argv[2]
for name in open(names, encoding="utf-8"):
    q = urllib.parse.quote(name.strip())
    urllib.request.urlopen(f"http://127.0.0.1:{port}/api/search?per_page=10&q={q}").read()
PY
  single+=($(( $(now_ms) - started )))
done

docs=$(curl -sf "http://127.0.0.1:$port/api/search?q=&per_page=1" | python3 -c 'import json, sys; print(json.load(sys.stdin)["total"])')
matched=$(python3 -c '
import csv, sys
seen = {}
for row in csv.DictReader(open(sys.argv[1])):
    seen[row["query"]] = int(row["total"])
print(sum(1 for total in seen.values() if total > 0), sum(seen.values()))
' /tmp/batch-enron-results.csv)
echo
echo "### Batch of $(wc -l <"$names") names: $archive ($docs documents), $(nproc) cores"
echo
echo "| path | runs (ms) | median ms |"
echo "|---|---|---:|"
echo "| \`fouille batch --out\` (process start included) | ${terminal[*]} | $(printf '%s\n' "${terminal[@]}" | median) |"
echo "| API: POST, poll until done | ${api[*]} | $(printf '%s\n' "${api[@]}" | median) |"
echo "| peer: one \`GET /api/search\` per name, in sequence | ${single[*]} | $(printf '%s\n' "${single[@]}" | median) |"
echo
echo "Names with a match, and the sum of their totals: $matched."
if cmp -s <(cut -d, -f1-9 /tmp/batch-enron-results.csv) <(cut -d, -f1-9 /tmp/batch-enron-api.csv); then
  echo "The terminal's and the API's CSV agree (permalinks aside)."
else
  echo "The terminal's and the API's CSV differ!"
fi
