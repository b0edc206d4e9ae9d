#!/usr/bin/env bash
# How Fouille grows with the corpus: for each size N, writes N synthetic
# messages with `fouille synth` (seed 42, Maildir; kept in WORK between runs),
# indexes them into a fresh archive while sampling the indexer's memory every
# half second (peak VmRSS, and its private and file-mapped parts), then,
# with --latency, runs bench/latency.sh on the archive with bench/synth.lua.
# Prints a Markdown table and appends it to bench/results/scale-<date>.md.
#   bench/scale.sh [--no-build] [--latency] [--work DIR] [N ...]   (default: 10000 100000)
set -euo pipefail
cd "$(dirname "$0")/.."
build=1
latency=0
work=/tmp/fouille-scale
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0; shift ;;
    --latency) latency=1; shift ;;
    --work) work=$2; shift 2 ;;
    *) break ;;
  esac
done
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000)
[ "$build" = 0 ] || cargo build --release -q
mkdir -p "$work" bench/results
# A copy, so that a build during the run cannot swap the binary.
fouille=$work/fouille
cp target/release/fouille "$fouille"
out=bench/results/scale-$(date +%F).md
commit=$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- indexer schema server || echo '+wip')

{
  echo
  echo "### Scale, $(date '+%F %H:%M'), $commit, $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg) at the start"
  echo
  echo "| messages | mail MB | index s | messages/s | peak RSS MiB | private MiB | mapped MiB | archive MB | archive / mail | segments |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
} | tee -a "$out"
for n in "${sizes[@]}"; do
  mail=$work/mail-$n
  archive=$work/archive-$n
  # The marker sits beside the folder, which must hold nothing but mail.
  if [ ! -e "$mail.complete" ]; then
    rm -rf "$mail"
    "$fouille" synth --out "$mail" --count "$n" --format maildir >&2
    touch "$mail.complete"
  fi
  rm -rf "$archive"
  # Warm page cache, as for the other tools in compare.sh.
  find "$mail/" -type f -exec cat {} + >/dev/null
  start=$(date +%s.%N)
  "$fouille" index --index "$archive" "$mail/" >"$work/index-$n.log" 2>&1 &
  pid=$!
  peak=0 anon=0 file=0
  while kill -0 $pid 2>/dev/null; do
    read -r r a f < <(awk '$1 == "VmRSS:" {r=$2} $1 == "RssAnon:" {a=$2} $1 == "RssFile:" {f=$2}
      END {print r+0, a+0, f+0}' "/proc/$pid/status" 2>/dev/null || echo "0 0 0")
    [ "$r" -gt "$peak" ] && peak=$r
    [ "$a" -gt "$anon" ] && anon=$a
    [ "$f" -gt "$file" ] && file=$f
    sleep 0.5
  done
  wait $pid
  seconds=$(echo "$(date +%s.%N) - $start" | bc)
  mail_bytes=$( du -sb "$mail/" | cut -f1)
  archive_bytes=$(du -sb "$archive" | cut -f1)
  segments=$(find "$archive/index" -name '*.store' | wc -l)
  printf '| %s | %.1f | %.1f | %.0f | %.0f | %.0f | %.0f | %.1f | %.2f | %s |\n' "$n" \
    "$(echo "$mail_bytes / 1000000" | bc -l)" "$seconds" "$(echo "$n / $seconds" | bc -l)" \
    "$(echo "$peak / 1024" | bc -l)" "$(echo "$anon / 1024" | bc -l)" "$(echo "$file / 1024" | bc -l)" \
    "$(echo "$archive_bytes / 1000000" | bc -l)" "$(echo "$archive_bytes / $mail_bytes" | bc -l)" \
    "$segments" | tee -a "$out"
done
echo | tee -a "$out"
echo "(peak RSS, private and mapped are each the largest of half-second samples, not" \
  "necessarily at the same moment)" | tee -a "$out"
if [ "$latency" = 1 ]; then
  for n in "${sizes[@]}"; do
    bench/latency.sh --no-build --script bench/synth.lua "$work/archive-$n" 3 | tee -a "$out"
  done
fi
