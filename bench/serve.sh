# Sourced by bench/latency.sh and bench/load.sh: the Enron + OCaml-list
# archive they share, the server under test, and what they read off it.
# Expects $fouille, $archive, $port, and $given (the archive path was given).

# The default archive, if an older build made it in another format version,
# is made again (an archive given by path is never deleted).
if [ "$given" = 0 ] && [ -e "$archive/fouille-archive.json" ] \
  && ! $fouille stats --index "$archive" >/dev/null 2>&1; then
  echo "== $archive does not open with this build: indexing it again" >&2
  rm -rf "$archive"
fi
if [ ! -e "$archive/fouille-archive.json" ]; then
  $fouille index --index "$archive" ../shared/corpora/enron-maildir ../shared/corpora/caml-list-fr-en >&2
fi
$fouille serve --index "$archive" --bind 127.0.0.1:$port 2>/dev/null &
server=$!
trap 'kill $server' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/api/stats" >/dev/null && break; sleep 0.2; done

# The server's memory (VmRSS, VmHWM) in MiB.
rss_mib() { awk -v key="$1:" '$1 == key {printf "%.0f", $2 / 1024}' "/proc/$server/status"; }
# "key=value ..." from the RESULT line of a bench/*.lua script.
field() { grep -o "$1=[0-9.]*" <<<"$2" | cut -d= -f2; }
