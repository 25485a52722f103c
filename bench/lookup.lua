-- wrk script for `npm run bench`: GET /api/public/progress for each case the run created, round robin.
-- TARGETS names a file of "caseNo,queryCode" lines.
local targets = {}
for line in io.lines(os.getenv("TARGETS")) do
  local no, code = line:match("([^,]+),([^,]+)")
  targets[#targets + 1] = "/api/public/progress?caseNo=" .. no .. "&code=" .. code
end
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", targets[(i % #targets) + 1])
end
