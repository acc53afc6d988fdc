-- wrk script: POSTs the request in $LLMUX_BENCH_BODY with the gateway key in $LLMUX_BENCH_KEY (and
-- anthropic-version when $LLMUX_BENCH_ANTHROPIC is set) and prints p50/p99 latency and throughput
-- in a machine-readable line.
wrk.method = "POST"
wrk.body = os.getenv("LLMUX_BENCH_BODY")
wrk.headers["Content-Type"] = "application/json"
local key = os.getenv("LLMUX_BENCH_KEY")
if key and key ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. key
end
if os.getenv("LLMUX_BENCH_ANTHROPIC") then
  wrk.headers["anthropic-version"] = "2023-06-01"
end

function done(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.status + summary.errors.timeout
  io.write(string.format("RESULT rps=%.0f p50_ms=%.3f p99_ms=%.3f requests=%d errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, summary.requests, errors))
end
