-- wrk script for archives built from `fouille synth` (seed 42, vocabulary
-- learnt from ../shared/corpora): the same mix of searches as mixed.lua, with
-- words, senders and domains that such an archive holds. Every request
-- computes all facets over all its matches.
--   bench/latency.sh --script bench/synth.lua ARCHIVE
paths = {
  "/api/search?q=meeting",
  "/api/search?q=r%C3%A9union+budget",
  "/api/search?q=%22the+market%22",
  "/api/search?q=power+-california&sort=newest",
  "/api/search?q=projet+OR+contrat&lang=fr",
  "/api/search?q=from%3Alaurent30%40poste.test",
  "/api/search?q=price&after=2016-01-01&before=2016-06-30",
  "/api/search?q=rapport%2A",
  "/api/search?q=",
  "/api/search?q=contract&has_attachments=true&page=3",
  "/api/search?q=&domain=poste.test&sort=oldest",
  "/api/search?q=gas&to=david.nelson%40courriel.test",
  "/api/search?q=&lang=fr&per_page=50",
  "/api/search?q=&kind=attachment",
  "/api/search?q=&filetype=csv",
  "/api/search?q=semaine+prochaine&from=agnes.robert%40mail.helios-associes.example",
}

dofile("bench/rotate.lua")
