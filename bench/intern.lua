-- wrk script for bench/intern.sh: each request reads the published results
-- of one internship site picked at random among the benchmark's sites
-- (GET /api/intern/sites/{id}/results); the session cookie is given with -H.
-- Prints the same parseable line as latency.lua at the end of the run.
local first = tonumber(os.getenv("INTERN_FIRST_SITE") or "1")
local count = tonumber(os.getenv("INTERN_SITES") or "500")
math.randomseed(os.time())
request = function()
  return wrk.format("GET", "/api/intern/sites/" .. (first + math.random(0, count - 1)) .. "/results")
end
done = function(summary, latency, requests)
  local e = summary.errors
  local secs = summary.duration / 1e6
  io.write(string.format(
    "WRK rps=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f requests=%d non2xx=%d errors=%d\n",
    summary.requests / secs,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    summary.requests, e.status, e.connect + e.read + e.write + e.timeout))
end
