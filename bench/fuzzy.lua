-- wrk script for issue 18's figures on an archive built from `fouille synth`
-- (seed 42, vocabulary learnt from ../shared/corpora): fuzzy words (`~`,
-- misspelt, short and long, French and English, one expanding past the
-- bound), sloppy phrases, `new:`/`quoted:` and an entity facet click. Every
-- request computes all facets over all its matches.
--   bench/latency.sh --no-build --script bench/fuzzy.lua ARCHIVE
paths = {
  "/api/search?q=meetting~",
  "/api/search?q=reunoin~",
  "/api/search?q=contrat~",
  "/api/search?q=califronia~",
  "/api/search?q=electricity~2",
  "/api/search?q=budjet~+rapport",
  "/api/search?q=th~2",
  "/api/search?q=%22market+price%22~3",
  "/api/search?q=%22budget+projet%22~5",
  "/api/search?q=new%3Ameeting",
  "/api/search?q=quoted%3Abudget",
  "/api/search?q=meeting&quotes=exclude",
}

dofile("bench/rotate.lua")
