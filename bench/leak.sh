#!/usr/bin/env bash
# A leak-shaped benchmark (#MacronLeaks: 72,000 emails, ~26,500 attachments,
# ~9 GB): writes the corpus with `fouille synth --leak` if the directory does
# not hold it yet (PDF, DOCX, XLSX, PPTX, phone photographs and zips that
# the extractors read), indexes it with `fouille index --no-ocr` (prints the
# seconds, documents, archive size and peak RSS), then runs bench/latency.sh
# with the searches of bench/leak.lua.
#   bench/leak.sh [--no-build] [--count N] [--size SIZE] [CORPUS_DIR] [SECONDS_PER_QUERY]
# Needs ~10 GB for the corpus and a few for the archive (CORPUS_DIR-archive).
set -euo pipefail
cd "$(dirname "$0")/.."
build=1
count=72000
size=9G
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0; shift ;;
    --count) count=$2; shift 2 ;;
    --size) size=$2; shift 2 ;;
    *) break ;;
  esac
done
corpus=${1:-/tmp/fouille-leak-corpus}
seconds=${2:-5}
archive=$corpus-archive
[ "$build" = 0 ] || cargo build --release -q -p fouille
fouille=target/release/fouille

# The marker sits beside the folder, which must hold nothing but mail.
if [ ! -e "$corpus.complete" ]; then
  rm -rf "$corpus"
  echo "writing $count messages, about $size, to $corpus" >&2
  "$fouille" synth --out "$corpus" --count "$count" --leak --size "$size" --seed 42 | tee "$corpus.synth.txt"
  touch "$corpus.complete"
fi

rm -rf "$archive"
log=$(mktemp)
start=$(date +%s.%N)
/usr/bin/time -v "$fouille" index --index "$archive" "$corpus" --no-ocr >"$log.out" 2>"$log"
end=$(date +%s.%N)
stats=$("$fouille" stats --index "$archive" --json)
echo
echo "### Leak index: $corpus ($(du -sh "$corpus" | cut -f1)), $(nproc) cores"
echo
echo "- index: $(echo "$end - $start" | bc) s"
echo "- documents: $(echo "$stats" | jq -c .kinds), emails $(echo "$stats" | jq .emails)"
echo "- ledger: files $(echo "$stats" | jq -c .ledger.files), messages $(echo "$stats" | jq -c .ledger.messages)"
echo "- archive: $(du -sh "$archive" | cut -f1)"
echo "- peak RSS: $(awk -F': ' '/Maximum resident set size/ {printf "%d MiB", $2 / 1024}' "$log")"
rm -f "$log" "$log.out"

bench/latency.sh --no-build --script bench/leak.lua "$archive" "$seconds"
