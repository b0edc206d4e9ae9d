#!/usr/bin/env bash
# Extraction throughput: indexes each corpus of documents and attachments
# into a fresh archive several times (hyperfine) and prints MB/s of source
# bytes over the median wall time.
#
#   bench/extract.sh [CORPORA_DIR]   (default ../shared/corpora)
#
# Needs hyperfine (apt-get install hyperfine) and a release build.
set -euo pipefail
cd "$(dirname "$0")/.."
corpora=${1:-../shared/corpora}
cargo build --release --quiet
bin=$PWD/target/release/fouille
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '%-24s %10s %10s %8s\n' corpus bytes median_s MB/s
for name in attachment-samples enron-edrm-libpst-eml outlook-msg-samples hoover-testdata; do
  dir=$corpora/$name
  [ -d "$dir" ] || { echo "skipped: $dir missing" >&2; continue; }
  hyperfine -N --runs 7 --style none --prepare "rm -rf $work/archive" \
    --export-json "$work/$name.json" "$bin index --index $work/archive $dir" >/dev/null
  bytes=$(du -sb "$dir" | cut -f1)
  python3 - "$work/$name.json" "$name" "$bytes" <<'PY'
import json, sys
median = json.load(open(sys.argv[1]))["results"][0]["median"]
size = int(sys.argv[3])
print(f"{sys.argv[2]:<24} {size:>10} {median:>10.3f} {size / 1e6 / median:>8.1f}")
PY
done
