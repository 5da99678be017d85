-- http_screen.lua - wrk script for `make bench-http`: GET /v1/screen, one
-- query after another from a file of names (bench/queries.txt), each
-- thread starting at another place in it.
--
-- usage: wrk -s bench/http_screen.lua URL -- QUERIES_FILE [PATH]
--   PATH defaults to /v1/screen; the name goes in ?name=.
-- done() prints the latency percentiles in microseconds and the errors;
-- errors_status counts the answers that were not 2xx or 3xx. (No
-- response() function: wrk would then parse every answer's headers into
-- Lua, and the load generator, not the server, would be measured.)

local queries = {}
local path = "/v1/screen"
local n = 0
local threads = {}

local function urlencode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  local file = args[1] or "bench/queries.txt"
  if args[2] then path = args[2] end
  for line in io.lines(file) do
    -- formatted once here: wrk.format in request() would cost the load
    -- generator more than the server spends on a query
    if #line > 0 then table.insert(queries, wrk.format("GET", path .. "?name=" .. urlencode(line))) end
  end
  n = (id or 0) * 7919 % #queries
end

function request()
  n = n % #queries + 1
  return queries[n]
end

function done(summary, latency, requests)
  io.write(string.format("requests %d\n", summary.requests))
  io.write(string.format("duration_s %.3f\n", summary.duration / 1e6))
  io.write(string.format("rps %.0f\n", summary.requests / (summary.duration / 1e6)))
  io.write(string.format("p50_us %d\np90_us %d\np99_us %d\np999_us %d\nmax_us %d\n",
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency:percentile(99.9), latency.max))
  local e = summary.errors
  io.write(string.format("errors_connect %d\nerrors_read %d\nerrors_write %d\nerrors_timeout %d\nerrors_status %d\n",
    e.connect, e.read, e.write, e.timeout, e.status))
end
