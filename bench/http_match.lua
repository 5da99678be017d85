-- http_match.lua - wrk script for `make bench-http`: POST /match/default
-- (yente's API) with batches of 100 names from a file of names
-- (bench/queries.txt), the batches formatted once in init().
--
-- usage: wrk -s bench/http_match.lua URL -- QUERIES_FILE [BATCH]
-- done() prints batches/s, names/s, latency percentiles (us) and errors.

local requests = {}
local n = 0
local batch = 100
local threads = {}

local function jstr(s)
  return '"' .. s:gsub('[%c"\\]', function(c)
    if c == '"' then return '\\"' elseif c == '\\' then return '\\\\' end
    return string.format("\\u%04x", string.byte(c))
  end) .. '"'
end

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  local file = args[1] or "bench/queries.txt"
  batch = tonumber(args[2] or "100")
  local names = {}
  for line in io.lines(file) do
    if #line > 0 then table.insert(names, line) end
  end
  local headers = { ["Content-Type"] = "application/json" }
  for first = 1, #names - batch + 1, batch do
    local parts = {}
    for k = 0, batch - 1 do
      table.insert(parts, string.format('"q%d":{"schema":"Thing","properties":{"name":[%s]}}', k, jstr(names[first + k])))
    end
    local body = '{"queries":{' .. table.concat(parts, ",") .. '}}'
    table.insert(requests, wrk.format("POST", "/match/default", headers, body))
  end
  n = (id or 0) * 37 % #requests
end

function request()
  n = n % #requests + 1
  return requests[n]
end

function done(summary, latency, reqs)
  local secs = summary.duration / 1e6
  io.write(string.format("batches %d\nbatch_size %d\nduration_s %.3f\n", summary.requests, batch, secs))
  io.write(string.format("batches_per_s %.1f\nnames_per_s %.0f\n", summary.requests / secs, summary.requests * batch / secs))
  io.write(string.format("p50_us %d\np99_us %d\nmax_us %d\n", latency:percentile(50), latency:percentile(99), latency.max))
  local e = summary.errors
  io.write(string.format("errors_connect %d\nerrors_read %d\nerrors_write %d\nerrors_timeout %d\nerrors_status %d\n",
    e.connect, e.read, e.write, e.timeout, e.status))
end
