-- wrk script for the leak-shaped archive of bench/leak.sh (`fouille synth
-- --leak`, seed 42, vocabulary learnt from ../shared/corpora): what a
-- reporter types into a leak, with words found in the mail and inside the
-- attachments (PDF, Office files), a phrase, a negation, a sender, a date
-- range, a prefix, browsing, stop words, and the attachment filters. Every
-- request computes all facets over all its matches.
--   bench/latency.sh --no-build --script bench/leak.lua ARCHIVE
paths = {
  "/api/search?q=proposition",
  "/api/search?q=meeting",
  "/api/search?q=budget+Montant",
  "/api/search?q=%22semaine+prochaine%22",
  "/api/search?q=project+-contract&sort=newest",
  "/api/search?q=from%3Adavid.nelson%40courriel.test",
  "/api/search?q=rapport&after=2016-01-01&before=2016-12-31",
  "/api/search?q=rapport%2A",
  "/api/search?q=",
  "/api/search?q=the",
  "/api/search?q=la",
  "/api/search?q=D%C3%A9placements&kind=attachment",
  "/api/search?q=contract&filetype=pdf",
  "/api/search?q=meeting&has_attachments=true&page=3",
  "/api/search?q=&per_page=50",
  "/api/search?q=%C3%A9lection",
}

dofile("bench/rotate.lua")
