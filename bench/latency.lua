-- wrk script for bench/http.sh: at the end of a run, prints one parseable line
--   WRK rps=... p50_ms=... p90_ms=... p99_ms=... max_ms=... requests=... non2xx=... errors=...
-- Latencies come from wrk's own histogram (microseconds, printed in ms).
-- non2xx counts responses with a status >= 400 (wrk's "status" errors), errors
-- counts socket errors (connect, read, write, timeout): a run with either is
-- not a valid measurement and bench/http.sh rejects it.
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
