-- Shared by bench/mixed.lua and bench/synth.lua: each request takes the next
-- path of the global `paths` list in turn; the summary is the RESULT line of
-- bench/report.lua. wrk runs from the repository's root (bench/latency.sh).
dofile("bench/report.lua")

local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
