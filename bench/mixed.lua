-- wrk script: a mix of realistic searches over every facet and filter. Every
-- /api/search response computes all facets (sender, recipient, domain,
-- language, kind, file type, extraction, months), so each request pays for
-- facet collection over all its matches.
--   (from the repository root) wrk -t2 -c8 -d20s -s bench/mixed.lua http://127.0.0.1:8080
-- bench/latency.sh also reads the list below (one path per line, quoted) to
-- time each query on its own.
paths = {
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

dofile("bench/rotate.lua")
