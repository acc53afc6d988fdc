#!/usr/bin/env bash
# Measures what the gateway adds: the same requests against the fake upstream directly and through
# `llmux serve`, plain and streaming, at concurrency 1 (latency p50/p99) and 64 (throughput), plus
# the gateway's peak memory; then the cost of translation: a typical Claude Code request (system
# prompt, tools, tool results) sent as Anthropic Messages to an OpenAI-compatible provider, against
# the same conversation sent as OpenAI Chat (pass-through), and as a Responses request (Codex CLI),
# translated to Chat and (with a build whose fake offers the Responses API) passed through.
# Then routing: the same request to a two-target failover route and to a round-robin route against
# the plain alias; and (with a build that has them) a key under permissions and rate limits. Loopback only, bounded in time (about a minute and three quarters).
#   tests/bench/run-bench.sh [BUILD_DIR] [SECONDS_PER_RUN]
# Needs wrk (apt-get install wrk) and a build with the llmux and llmux-fake-upstream targets.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="${1:-$root/build}"
seconds="${2:-5}"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
llmux="$build/app/llmux"
fake="$build/tests/fakes/llmux-fake-upstream"
data="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null; rm -rf "$data"; }
trap cleanup EXIT

# A fake that also offers the Responses API, where this build has one.
native=""
"$fake" --help 2>/dev/null | grep -q openai-responses && native=1
"$fake" --port 0 ${native:+--dialect openai-responses} >"$data/fake.out" &
pids+=($!)
for _ in $(seq 50); do grep -q listening "$data/fake.out" && break; sleep 0.1; done
upstream="$(awk '/listening/ {print $2}' "$data/fake.out")"

"$llmux" --data-dir "$data" provider add fake --base-url "$upstream" --no-key >/dev/null
"$llmux" --data-dir "$data" model add gpt-fake --provider fake --upstream-model gpt-fake >/dev/null
"$llmux" --data-dir "$data" model add claude-fake --provider fake --upstream-model gpt-fake >/dev/null
# A second provider on the same fake, so routes have two healthy targets.
"$llmux" --data-dir "$data" provider add fake2 --base-url "$upstream" --no-key >/dev/null
"$llmux" --data-dir "$data" route add routed --strategy failover \
  --target fake:gpt-fake --target fake2:gpt-fake >/dev/null
"$llmux" --data-dir "$data" route add rotated --strategy round-robin \
  --target fake:gpt-fake --target fake2:gpt-fake >/dev/null
if [ -n "$native" ]; then
  # Responses requests: to "fake" translated to Chat, to "native" passed through.
  "$llmux" --data-dir "$data" provider set fake --responses translate >/dev/null
  "$llmux" --data-dir "$data" provider add native --base-url "$upstream" --no-key >/dev/null
  "$llmux" --data-dir "$data" provider set native --responses native >/dev/null
  "$llmux" --data-dir "$data" model add gpt-native --provider native --upstream-model gpt-fake \
    >/dev/null
fi
key="$("$llmux" --data-dir "$data" key create bench 2>/dev/null)"
# A key under governance, where this build has it: in a project, allowed a pattern of models,
# under request, token and concurrency limits and budgets of its own, its project's and global
# ones (none ever reached), to measure what checking them costs against the plain key.
governed=""
if "$llmux" --data-dir "$data" limit --help >/dev/null 2>&1; then
  "$llmux" --data-dir "$data" project add bench-team >/dev/null
  governed="$("$llmux" --data-dir "$data" key create governed --project bench-team \
    --allow-model 'gpt-*' --allow-model 'claude-*' 2>/dev/null)"
  for limit in "--key governed --requests 100000000/1m" "--key governed --tokens 1000000000/1h" \
      "--project bench-team --requests 100000000/5m" "--global --requests 100000000/1d" \
      "--model gpt-* --concurrent 100000"; do
    set -f # the split words are options, not file names
    # shellcheck disable=SC2086
    "$llmux" --data-dir "$data" limit add $limit >/dev/null
    set +f
  done
  # Budgets too, where this build has them (never reached either).
  if "$llmux" --data-dir "$data" budget --help >/dev/null 2>&1; then
    "$llmux" --data-dir "$data" budget set --key governed --usd 1000000 --period month --hard \
      >/dev/null
    "$llmux" --data-dir "$data" budget set --project bench-team --tokens 1000000000000 \
      --period day --hard >/dev/null
    "$llmux" --data-dir "$data" budget set --global --usd 1000000000 --period total >/dev/null
  fi
fi
"$llmux" --data-dir "$data" serve --port 0 >"$data/serve.out" 2>"$data/serve.err" &
serve_pid=$!
pids+=($serve_pid)
for _ in $(seq 50); do grep -q listening "$data/serve.out" && break; sleep 0.1; done
gateway="$(awk '/listening/ {print $NF}' "$data/serve.out")"

plain='{"model":"gpt-fake","messages":[{"role":"user","content":"Say hello in one short sentence."}]}'
stream='{"model":"gpt-fake","stream":true,"messages":[{"role":"user","content":"Say hello in one short sentence."}]}'

run() { # mode target url connections
  local body="$plain"; [ "$1" = stream ] && body="$stream"
  local k=""; [ "$2" = gateway ] && k="$key"
  local line
  line="$(LLMUX_BENCH_BODY="$body" LLMUX_BENCH_KEY="$k" wrk -t1 -c"$4" -d"${seconds}s" \
          -s "$root/tests/bench/post.lua" "$3/chat/completions" | grep RESULT)"
  printf '%-7s %-8s c=%-3s %s\n' "$1" "$2" "$4" "${line#RESULT }"
  echo "$1 $2 $4 $line" >>"$data/results"
}

echo "LLMux benchmark: ${seconds}s per run, fake upstream $upstream, gateway $gateway"
for mode in plain stream; do
  for c in 1 64; do
    run "$mode" direct "$upstream" "$c"
    run "$mode" gateway "$gateway" "$c"
  done
done

field() { grep "^$1 $2 $3 " "$data/results" | sed -E "s/.*$4=([0-9.]+).*/\1/"; }
# Translation: same conversation, same provider answer; only the client's format differs.
translated() { # label file path stream anthropic [model]
  local body; body="$(cat "$root/tests/bench/$2")"
  [ -n "${6:-}" ] && body="${body/\"model\":\"gpt-fake\"/\"model\":\"$6\"}"
  [ "$4" = stream ] && body="${body%\}},\"stream\":true}"
  local line
  line="$(env LLMUX_BENCH_BODY="$body" LLMUX_BENCH_KEY="$key" ${5:+LLMUX_BENCH_ANTHROPIC=1} \
          wrk -t1 -c1 -d"${seconds}s" -s "$root/tests/bench/post.lua" "$gateway_root$3" | grep RESULT)"
  printf '%-22s c=1   %s\n' "$1" "${line#RESULT }"
  echo "$1 gateway 1 $line" >>"$data/results"
}
gateway_root="${gateway%/v1}"
for s in plain stream; do
  translated "passthrough-$s" typical_chat.json /v1/chat/completions "$s" ""
  translated "translated-$s" typical_messages.json /v1/messages "$s" 1
  translated "responses-$s" typical_responses.json /v1/responses "$s" ""
  [ -n "$native" ] &&
    translated "responses-native-$s" typical_responses.json /v1/responses "$s" "" gpt-native
done

# Routing: the same request by alias (one target) and through two-target routes.
routed() { # label model mode [key]
  local body="{\"model\":\"$2\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello in one short sentence.\"}]}"
  [ "$3" = stream ] && body="${body%\}},\"stream\":true}"
  local line
  line="$(LLMUX_BENCH_BODY="$body" LLMUX_BENCH_KEY="${4:-$key}" wrk -t1 -c1 -d"${seconds}s" \
          -s "$root/tests/bench/post.lua" "$gateway/chat/completions" | grep RESULT)"
  printf '%-22s c=1   %s\n' "$1" "${line#RESULT }"
  echo "$1 gateway 1 $line" >>"$data/results"
}
for s in plain stream; do
  routed "alias-$s" gpt-fake "$s"
  routed "failover-$s" routed "$s"
  routed "round-robin-$s" rotated "$s"
  [ -n "$governed" ] && routed "governed-$s" gpt-fake "$s" "$governed"
done

echo
for mode in plain stream; do
  d50=$(field "$mode" direct 1 p50_ms); g50=$(field "$mode" gateway 1 p50_ms)
  d99=$(field "$mode" direct 1 p99_ms); g99=$(field "$mode" gateway 1 p99_ms)
  echo "added latency ($mode, c=1): p50 $(echo "$g50 - $d50" | bc -l | xargs printf '%.3f') ms," \
       "p99 $(echo "$g99 - $d99" | bc -l | xargs printf '%.3f') ms"
  echo "throughput ($mode, c=64): gateway $(field "$mode" gateway 64 rps) req/s," \
       "direct $(field "$mode" direct 64 rps) req/s"
done
for s in plain stream; do
  p=$(field "passthrough-$s" gateway 1 p50_ms); t=$(field "translated-$s" gateway 1 p50_ms)
  echo "translation cost ($s, Anthropic Messages -> OpenAI provider, typical Claude Code request):" \
       "p50 $(echo "$t - $p" | bc -l | xargs printf '%.3f') ms over pass-through ($p -> $t ms)"
  r=$(field "responses-$s" gateway 1 p50_ms)
  echo "translation cost ($s, OpenAI Responses -> OpenAI provider, the same conversation as Codex" \
       "sends it): p50 $(echo "$r - $p" | bc -l | xargs printf '%.3f') ms over pass-through ($p -> $r ms)"
  if [ -n "$native" ]; then
    n=$(field "responses-native-$s" gateway 1 p50_ms)
    echo "Responses ($s): translated to Chat $r ms vs passed through to the provider's own" \
         "/responses $n ms (p50; $(echo "$r - $n" | bc -l | xargs printf '%.3f') ms saved)"
  fi
done
for s in plain stream; do
  a=$(field "alias-$s" gateway 1 p50_ms)
  for r in failover round-robin; do
    t=$(field "$r-$s" gateway 1 p50_ms)
    echo "routing cost ($s, $r over two healthy targets): p50" \
         "$(echo "$t - $a" | bc -l | xargs printf '%.3f') ms over an alias ($a -> $t ms)"
  done
done
if [ -n "$governed" ]; then
  for s in plain stream; do
    a=$(field "alias-$s" gateway 1 p50_ms); g=$(field "governed-$s" gateway 1 p50_ms)
    echo "governance cost ($s, a key with a project, model permissions, five rate limits and" \
         "three budgets):" \
         "p50 $(echo "$g - $a" | bc -l | xargs printf '%.3f') ms over a key with none ($a -> $g ms)"
  done
fi
echo "gateway peak memory (VmHWM): $(awk '/VmHWM/ {printf "%.1f MB", $2/1024}' /proc/$serve_pid/status)"
echo "requests logged by the gateway: $(sleep 0.5; "$llmux" --data-dir "$data" status | awk '/Requests/ {print $2}')"
