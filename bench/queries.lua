-- wrk script: realistic mixed searches (every one computes all facets).
-- Usage: wrk -t2 -c8 -d20s -s bench/queries.lua http://127.0.0.1:8080
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
}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
