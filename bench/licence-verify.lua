-- wrk script for the licences bench phase: GET /api/public/licences/{identifier} for each licence, round robin.
-- TARGETS names a file of identifiers, one a line. A response that is not 200 with a signature that held
-- server-side is counted as unverified and reported at the end (the phase fails on any).
local targets = {}
for line in io.lines(os.getenv("TARGETS")) do
  if #line > 0 then targets[#targets + 1] = "/api/public/licences/" .. line end
end
local threads = {}
setup = function(thread)
  table.insert(threads, thread)
end
init = function(args)
  unverified = 0
end
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", targets[(i % #targets) + 1])
end
response = function(status, headers, body)
  if status ~= 200 or not string.find(body, '"signatureValid":true', 1, true) then unverified = unverified + 1 end
end
done = function(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + (t:get("unverified") or 0) end
  io.write(string.format("unverified: %d\n", total))
end
