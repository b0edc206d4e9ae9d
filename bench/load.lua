-- wrk script for bench/load.sh: searches with every facet, exports in the
-- three formats, and requests the API must refuse (bad parameters, limits,
-- unknown ids), in turn. Counts answers by class: a 5xx is a failure, a 4xx
-- is expected for the refused requests.
paths = {
  "/api/search?q=california+power",
  "/api/export?q=%22natural+gas%22&format=csv",
  "/api/search?q=%C3%A9lection&sort=newest",
  "/api/export?q=typage&format=ndjson",
  "/api/search?q=from%3Ajeff.dasovich%40enron.com",
  "/api/export?q=ocaml+module&format=mbox",
  "/api/search?q=&domain=enron.com&sort=oldest&page=40",
  "/api/search?q=meeting&after=2001-01-01&before=2001-06-30",
  "/api/export?q=contract+gas&format=csv",
  "/api/search?q=organi%2A+OR+polymorph%2A",
  "/api/search?q=a%2A+b%2A+c%2A+d%2A+e%2A+f%2A+g%2A+h%2A+i%2A+j%2A+k%2A+l%2A+m%2A+n%2A+o%2A+p%2A+q%2A",
  "/api/search?q=gas&page=100000",
  "/api/search?q=&per_page=1000",
  "/api/search?q=%28%28%28%28%28%28%28%28%28%28%28%28%28%28%28%28%28%28x",
  "/api/messages/0123456789abcdef0123456789abcdef",
  "/api/export?q=gas&format=pdf",
  "/api/search?q=energy&after=2001-13-45",
}

local threads = {}

setup = function(thread)
  table.insert(threads, thread)
end

init = function(args)
  ok, refused, failed = 0, 0, 0
end

local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end

response = function(status, headers, body)
  if status >= 500 then
    failed = failed + 1
  elseif status >= 400 then
    refused = refused + 1
  else
    ok = ok + 1
  end
end

done = function(summary, latency)
  local o, r, f = 0, 0, 0
  for _, thread in ipairs(threads) do
    o = o + thread:get("ok")
    r = r + thread:get("refused")
    f = f + thread:get("failed")
  end
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d rps=%.1f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f ok=%d refused=%d failed=%d socket_errors=%d timeouts=%d mib=%.1f\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    o, r, f, e.connect + e.read + e.write, e.timeout, summary.bytes / 1048576))
end
