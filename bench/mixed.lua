-- wrk script: a mix of realistic searches over every facet and filter. Every
-- /api/search response computes all facets (sender, recipient, domain,
-- language, kind, file type, extraction, months), so each request pays for
-- facet collection over all its matches.
--   wrk -t2 -c8 -d20s --latency -s bench/mixed.lua http://127.0.0.1:8080
-- bench/latency.sh also reads the list below (one path per line, quoted) to
-- time each query on its own.
local paths = {
  "/api/search?q=california+power",
  "/api/search?q=%C3%A9lection",
  "/api/search?q=%22natural+gas%22",
  "/api/search?q=energy+-california&sort=newest",
  "/api/search?q=typage+OR+polymorphisme&lang=fr",
  "/api/search?q=from%3Ajeff.dasovich%40enron.com",
  "/api/search?q=meeting&after=2001-01-01&before=2001-06-30",
  "/api/search?q=organi%2A",
  "/api/search?q=",
  "/api/search?q=contract&has_attachments=false&page=3",
  "/api/search?q=&domain=enron.com&sort=oldest",
  "/api/search?q=gas&to=kay.mann%40enron.com",
  "/api/search?q=&lang=fr&per_page=50",
  "/api/search?q=&kind=document",
  "/api/search?q=&kind=attachment&extraction=text",
  "/api/search?q=ocaml+module&from=xavier.leroy%40inria.fr",
}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end

done = function(summary, latency)
  local e = summary.errors
  io.write(string.format(
    "RESULT p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f requests=%d rps=%.1f errors=%d non2xx=%d\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, summary.requests,
    summary.requests / (summary.duration / 1e6),
    e.connect + e.read + e.write + e.timeout, e.status))
end
