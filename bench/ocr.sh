#!/usr/bin/env bash
# OCR throughput on a leak-shaped set of images (`fouille synth images`:
# A4 scans, receipts, screenshots, phone photos of pages, a third of
# photographs without text, a tenth of exact duplicates), in one run:
#   (a) plain Tesseract as a user would run it: `tesseract IMG OUT -l fra+eng`
#       on every image, one after the other, default environment;
#   (b) `fouille index --ocr` on the same folder (text pass, then OCR pass).
# Then the recall check: every text image plain Tesseract read must be
# found in the archive by one of its words (truth.tsv). Prints images per
# second for both, the ratio, peak RSS (GNU time's %M: the largest single
# process of the tree) and the misses; exits 1 on a miss.
#
#   bench/ocr.sh [--save] [SET_DIR]     (default /tmp/ocr-bench-set, made if missing;
#                                        COUNT=150 images)
set -euo pipefail
cd "$(dirname "$0")/.."
SAVE=0
if [ "${1:-}" = "--save" ]; then SAVE=1; shift; fi
SET=${1:-/tmp/ocr-bench-set}
COUNT=${COUNT:-150}
command -v tesseract >/dev/null || { echo "needs tesseract (apt install tesseract-ocr tesseract-ocr-fra tesseract-ocr-eng poppler-utils)"; exit 2; }
cargo build --release -q
BIN=$PWD/target/release/fouille
if [ ! -f "$SET/truth.tsv" ]; then
  "$BIN" synth images --out "$SET" --count "$COUNT"
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mapfile -t IMAGES < <(find "$SET" -maxdepth 1 -type f ! -name truth.tsv | sort)
N=${#IMAGES[@]}
echo "set: $SET, $N images ($(du -sh "$SET" | cut -f1)), $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"

# (a) plain Tesseract, one image after the other.
mkdir -p "$WORK/plain"
start=$(date +%s.%N)
for image in "${IMAGES[@]}"; do
  name=$(basename "$image")
  /usr/bin/time -f %M -a -o "$WORK/plain-rss" \
    tesseract "$image" "$WORK/plain/$name" -l fra+eng >/dev/null 2>&1 || true
done
plain_s=$(echo "$(date +%s.%N) - $start" | bc)
plain_rss=$(sort -n "$WORK/plain-rss" | tail -1)

# (b) Fouille: index the folder, OCR included.
start=$(date +%s.%N)
/usr/bin/time -f %M -o "$WORK/fouille-rss" \
  "$BIN" index --ocr --json --index "$WORK/archive" "$SET" >"$WORK/fouille.json" 2>/dev/null
fouille_s=$(echo "$(date +%s.%N) - $start" | bc)
fouille_rss=$(cat "$WORK/fouille-rss")
python3 - "$WORK/fouille.json" <<'PY'
import json, sys
ocr = json.load(open(sys.argv[1]))["ocr"]
print(f"fouille ocr pass: {ocr['pages_read']} pages read in {ocr['seconds']:.1f} s from {ocr['distinct']} distinct images "
      f"({ocr['documents']} documents): {ocr['pages_with_text']} with text, {ocr['pages_without_text']} without, {ocr['pages_failed']} failed")
PY

# (c) Recall: each text image plain Tesseract read, found by Fouille.
misses=0; checked=0
while IFS=$'\t' read -r file kind words; do
  [ "$kind" = text ] || continue
  plain_text="$WORK/plain/$file.txt"
  found_plain=0
  for word in $words; do
    if grep -qiF -- "$word" "$plain_text" 2>/dev/null; then found_plain=1; break; fi
  done
  [ $found_plain = 1 ] || continue
  checked=$((checked + 1))
  found=0
  for word in $words; do
    # A copy's document carries the name of the copy found first:
    # a hit on any file with the same bytes counts.
    if "$BIN" search --index "$WORK/archive" --json --limit 20 "$word" \
      | python3 -c "
import json, sys, pathlib
target = pathlib.Path(sys.argv[2], sys.argv[1]).read_bytes()
names = [(h.get('file') or {}).get('name') for h in json.load(sys.stdin)['hits']]
sys.exit(0 if any(n and pathlib.Path(sys.argv[2], n).is_file() and pathlib.Path(sys.argv[2], n).read_bytes() == target for n in names) else 1)
" "$file" "$SET"; then
      found=1; break
    fi
  done
  if [ $found = 0 ]; then misses=$((misses + 1)); echo "missed: $file ($words)"; fi
done < <(tail -n +2 "$SET/truth.tsv")

ratio=$(echo "scale=2; $plain_s / $fouille_s" | bc)
report=$(cat <<TXT
images: $N ($(grep -c $'\tphoto\t' "$SET/truth.tsv" || true) photographs, $(grep -c $'\tduplicate\t' "$SET/truth.tsv" || true) duplicates)
plain tesseract: $(printf %.1f "$plain_s") s, $(echo "scale=2; $N / $plain_s" | bc) images/s, peak RSS $((plain_rss / 1024)) MiB
fouille index --ocr: $(printf %.1f "$fouille_s") s, $(echo "scale=2; $N / $fouille_s" | bc) images/s, peak RSS $((fouille_rss / 1024)) MiB (largest process of the tree)
speed-up: ${ratio}x
recall: $checked text images plain tesseract read, $misses not found by fouille
TXT
)
echo "$report"
if [ $SAVE = 1 ]; then
  out=bench/results/ocr-$(date +%F).md
  { echo "# OCR throughput, $(date +%F)"; echo; echo '```'; echo "bench/ocr.sh $SET"; echo "$report"; echo '```'; } >"$out"
  echo "saved $out"
fi
[ $misses = 0 ]
