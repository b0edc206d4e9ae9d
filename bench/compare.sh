#!/usr/bin/env bash
# Indexing speed, peak memory and size against the mail indexers people
# already use: notmuch and mu (both on Xapian), on the same mail, plus a
# "floor": the time merely to read and parse every file with mail-parser on
# every core (indexer/examples/parse_floor.rs).
#
#   bench/compare.sh [--corpus DIR] [--synthetic N] [--latency] [--out FILE]
#
#   --corpus DIR     mail to index (default ../shared/corpora/enron-maildir)
#   --synthetic N    index N messages made by `fouille synth` instead
#   --latency        afterwards, run bench/latency.sh (search latency with wrk)
#   --out FILE       where the Markdown results go
#                    (default bench/results/compare-<date>.md)
#   --no-build       use the release binaries already in target/
#   --fouille BIN    measure this fouille binary instead of target/release's
#                    (an older build, for a before/after; implies --no-build
#                    for fouille)
#   --runs N         run each tool N times (median seconds; default 1)
#
# Method: every tool starts cold each time (fresh, empty database directory),
# one after the other, the median of --runs runs; the page cache is warmed
# first by reading the whole corpus once, so no tool pays for the disk and none
# is favoured by running second. Wall seconds and peak RSS come from GNU time (`%e %M`; for
# Fouille that is its main process: GNU time reports the largest single
# process, not a sum with its extraction workers); sizes from `du -sb`.
# Messages/s is computed over the same number for every tool, the mail files
# read (messages found in the corpus's mail files, as Fouille's ledger
# accounts them), whatever each tool then counts as a message (Fouille stores a
# message copied in several folders once; notmuch merges files that share a
# Message-ID; mu keeps every file).
#
# Installs what is missing with apt-get: notmuch, maildir-utils (mu),
# hyperfine, wrk, time.
set -euo pipefail
cd "$(dirname "$0")/.."

corpus=../shared/corpora/enron-maildir
synthetic=
latency=0
out=
build=1
runs=1
fouille_bin=
while [ $# -gt 0 ]; do
  case $1 in
    --corpus) corpus=$2; shift 2 ;;
    --synthetic) synthetic=$2; shift 2 ;;
    --latency) latency=1; shift ;;
    --out) out=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    --fouille) fouille_bin=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
out=${out:-bench/results/compare-$(date +%Y-%m-%d).md}

log() { printf '== %s\n' "$*" >&2; }

# --- tools -----------------------------------------------------------------
missing=()
command -v notmuch >/dev/null || missing+=(notmuch)
command -v mu >/dev/null || missing+=(maildir-utils)
command -v hyperfine >/dev/null || missing+=(hyperfine)
command -v wrk >/dev/null || missing+=(wrk)
[ -x /usr/bin/time ] || missing+=(time)
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]}"
  sudo=; [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ "$build" = 1 ]; then
  log "building Fouille (release) and the parse floor"
  cargo build --release --quiet -p fouille
  cargo build --release --quiet -p fouille-indexer --example parse_floor
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/fouille-compare.XXXXXX")
trap 'rm -rf "$work"' EXIT
# Private copies: a build in the shared target/ during the run must not
# change the binary under measurement.
mkdir "$work/bin"
cp "${fouille_bin:-target/release/fouille}" "$work/bin/fouille"
cp target/release/examples/parse_floor "$work/bin/"
fouille=$work/bin/fouille
floor=$work/bin/parse_floor
built=$(date -r "${fouille_bin:-target/release/fouille}" '+%Y-%m-%d %H:%M')

if [ -n "$synthetic" ]; then
  if ! "$fouille" synth --help >/dev/null 2>&1; then
    echo "--synthetic needs \`fouille synth\`, which this build does not have" >&2
    exit 1
  fi
  log "generating $synthetic synthetic messages"
  "$fouille" synth --out "$work/synthetic" --count "$synthetic" --format maildir >&2
  corpus=$work/synthetic
fi
corpus=$(cd "$corpus" && pwd)
corpus_name=$(basename "$corpus")
[ -n "$synthetic" ] && corpus_name="synthetic ($synthetic messages, fouille synth)"

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
files=$(find "$corpus" -type f | wc -l)
mail_bytes=$(find "$corpus" -type f -printf '%s\n' | awk '{s += $1} END {print s + 0}')
log "$corpus: $files files, $mail_bytes bytes; warming the page cache"
find "$corpus" -type f -print0 | xargs -0 cat >/dev/null

# Runs "$@" under GNU time; sets $seconds, $rss_kib and $cpu (user + system
# seconds: what a run costs whatever else the machine is doing).
timed() {
  local stats=$work/time.out
  /usr/bin/time -o "$stats" -f '%e %M %U %S' "$@" >"$work/run.log" 2>&1 || {
    echo "failed: $* (log below)" >&2; tail -20 "$work/run.log" >&2; return 1
  }
  local user system
  read -r seconds rss_kib user system < <(tail -1 "$stats")
  cpu=$(awk "BEGIN {print $user + $system}")
}

declare -A secs cpus rss size count note

# Runs one tool $runs times, each into a fresh database made by its prepare
# function; keeps the median wall time and the highest peak RSS.
measure() {
  local tool=$1 prepare=$2
  shift 2
  local all=() cpu_all=() peak=0
  for _ in $(seq "$runs"); do
    $prepare
    timed "$@"
    all+=("$seconds")
    cpu_all+=("$cpu")
    [ "$rss_kib" -gt "$peak" ] && peak=$rss_kib
  done
  secs[$tool]=$(printf '%s\n' "${all[@]}" | sort -g |
    awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}')
  cpus[$tool]=$(printf '%s\n' "${cpu_all[@]}" | sort -g |
    awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}')
  rss[$tool]=$peak
  log "$tool: ${all[*]} s wall, ${cpu_all[*]} s CPU"
}

# --- Fouille ---------------------------------------------------------------
log "fouille index"
fresh_fouille() { rm -rf "$work/fouille"; }
# The same job as notmuch and mu: text, attachments included, no OCR (they
# read no pixels). With Tesseract installed, the run with OCR is a row of
# its own below.
measure fouille fresh_fouille "$fouille" index --no-ocr --index "$work/fouille" "$corpus"
size[fouille]=$(du -sb "$work/fouille" | cut -f1)
"$fouille" stats --index "$work/fouille" --json >"$work/stats.json"
emails=$(jq .emails "$work/stats.json")
dups=$(jq .ledger.messages.duplicate "$work/stats.json")
# Messages found in mail files (a loose text file is a document, not mail).
mail_files=$(jq .ledger.messages.found "$work/stats.json")
count[fouille]=$emails
note[fouille]="$emails stored + $dups duplicates merged"
rm -rf "$work/fouille"
tools="fouille notmuch mu floor"
if command -v tesseract >/dev/null; then
  log "fouille index, OCR included"
  measure fouille_ocr fresh_fouille "$fouille" index --index "$work/fouille" "$corpus"
  size[fouille_ocr]=$(du -sb "$work/fouille" | cut -f1)
  count[fouille_ocr]=$emails
  note[fouille_ocr]="the same, and OCR of the images"
  tools="fouille fouille_ocr notmuch mu floor"
  rm -rf "$work/fouille"
fi

# --- notmuch ---------------------------------------------------------------
log "notmuch new"
printf '%s\n' "[database]" "path=$work/notmuch" "mail_root=$corpus" \
  "[user]" "name=Bench" "primary_email=bench@example.org" \
  "[new]" "tags=unread;inbox;" "[maildir]" "synchronize_flags=false" >"$work/notmuch.config"
export NOTMUCH_CONFIG=$work/notmuch.config
fresh_notmuch() { rm -rf "$work/notmuch" && mkdir "$work/notmuch"; }
measure notmuch fresh_notmuch notmuch new
size[notmuch]=$(du -sb "$work/notmuch" | cut -f1)
count[notmuch]=$(notmuch count '*')
note[notmuch]="$(notmuch count --output=files '*') files"
unset NOTMUCH_CONFIG
rm -rf "$work/notmuch"

# --- mu --------------------------------------------------------------------
# mu reads only a Maildir (cur/ new/ tmp/): a flat one of hard links into the
# corpus (symbolic links when the corpus is on another file system; mu follows
# both), named uniquely, built before timing. `mu init` is not timed.
log "mu index"
maildir=$work/maildir
mkdir -p "$maildir"/{cur,new,tmp}
python3 -c '
import os, sys
corpus, cur = sys.argv[1], sys.argv[2]
link = os.link if os.stat(corpus).st_dev == os.stat(cur).st_dev else os.symlink
n = 0
for root, _, names in os.walk(corpus):
    for name in sorted(names):
        n += 1
        link(os.path.join(root, name), os.path.join(cur, f"{n}.bench:2,"))
' "$corpus" "$maildir/cur"
fresh_mu() { rm -rf "$work/mu" && mu init --maildir="$maildir" --muhome="$work/mu" >/dev/null; }
measure mu fresh_mu mu index --muhome="$work/mu"
size[mu]=$(du -sb "$work/mu" | cut -f1)
count[mu]=$(mu info --muhome="$work/mu" | awk -F'|' '/messages in store/ {gsub(/ /, "", $3); print $3}')
note[mu]="every file kept"
rm -rf "$work/mu" "$maildir"

# --- floor -----------------------------------------------------------------
log "parse floor"
no_prepare() { :; }
measure floor no_prepare "$floor" "$corpus"
count[floor]=$(awk '{print $3}' "$work/run.log")
size[floor]=
note[floor]="read + parse only, no index"

# --- table -----------------------------------------------------------------
commit=$(git rev-parse --short HEAD)
dirty=; git diff --quiet HEAD 2>/dev/null || dirty=" (with uncommitted changes)"
[ -n "$fouille_bin" ] && commit="binary $fouille_bin" && dirty=
{
  echo "## Indexing $corpus_name — $(date +%Y-%m-%d)"
  echo
  echo "$files files holding $mail_files messages, $(awk "BEGIN {printf \"%.1f\", $mail_bytes / 1e6}") MB;" \
    "$(nproc) cores; page cache warm; fresh database each run; median of $runs run(s) each;" \
    "load average $load_before before, $(cut -d' ' -f1-3 /proc/loadavg) after."
  echo "Fouille $commit$dirty (binary built $built), $(notmuch --version), mu $(mu --version | awk 'NR==1 {print $NF}')."
  echo "messages/s = the $mail_files messages read / seconds, the same for every tool (not each tool's own count)."
  echo
  echo "CPU s = user + system seconds (median), which other work on the machine inflates less than wall time."
  echo
  echo "| tool | messages | seconds | CPU s | messages/s | peak RSS MiB | size MB | size / mail | speed vs notmuch |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  for tool in $tools; do
    label=$tool
    [ "$tool" = fouille ] && label="fouille (--no-ocr)"
    [ "$tool" = fouille_ocr ] && label="fouille (OCR of images)"
    [ "$tool" = floor ] && label="floor: read + parse (mail-parser, $(nproc) threads)"
    awk -v tool="$label" -v n="${count[$tool]}" -v s="${secs[$tool]}" -v cpu="${cpus[$tool]}" -v files="$mail_files" \
      -v rss="${rss[$tool]}" -v size="${size[$tool]}" -v mail="$mail_bytes" \
      -v base="${secs[notmuch]}" -v note="${note[$tool]}" 'BEGIN {
        sz = size == "" ? "—" : sprintf("%.1f", size / 1e6)
        ratio = size == "" ? "—" : sprintf("%.2f×", size / mail)
        printf "| %s | %s (%s) | %.2f | %.2f | %.0f | %.0f | %s | %s | %.1f× |\n",
          tool, n, note, s, cpu, files / s, rss / 1024, sz, ratio, base / s
      }'
  done
  echo
  awk -v f="${secs[fouille]}" -v floor="${secs[floor]}" 'BEGIN {
    printf "Fouille takes %.1f× the floor (%.2f s against %.2f s to read and parse every file).\n", f / floor, f, floor
  }'
} | tee "$work/table.md"

mkdir -p "$(dirname "$out")"
cat "$work/table.md" >>"$out"
echo >>"$out"
log "results appended to $out"

if [ "$latency" = 1 ]; then
  log "search latency (bench/latency.sh)"
  no_build=; [ "$build" = 1 ] || no_build=--no-build
  bench/latency.sh $no_build | tee -a "$out"
fi
