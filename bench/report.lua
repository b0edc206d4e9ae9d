-- wrk script for one query at a time (the URL's path): prints one parsable
-- line of percentiles and errors. Used by bench/latency.sh.
done = function(summary, latency)
  local e = summary.errors
  io.write(string.format(
    "RESULT p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f requests=%d rps=%.1f errors=%d non2xx=%d\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, summary.requests,
    summary.requests / (summary.duration / 1e6),
    e.connect + e.read + e.write + e.timeout, e.status))
end
