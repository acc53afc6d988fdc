#!/usr/bin/env bash
# Runs every libFuzzer target for a bounded time, starting from its corpus (tests/fuzz/corpus).
#   tests/fuzz/run-fuzzers.sh BUILD_DIR [SECONDS_EACH] [--keep]
# BUILD_DIR is a Clang build configured with -DLLMUX_FUZZ=ON (target "fuzzers"). A crash, a leak
# of time past 10 s on one input or a sanitizer report fails the run and leaves the input in
# BUILD_DIR/fuzz-artifacts. --keep merges what the run found that adds coverage into the corpus,
# to be committed, so the ordinary test suite replays it from then on.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
build="$(cd "${1:?usage: run-fuzzers.sh BUILD_DIR [SECONDS_EACH] [--keep]}" && pwd)"
seconds="${2:-30}"
keep="${3:-}"
artifacts="$build/fuzz-artifacts"
mkdir -p "$artifacts"
export ASAN_OPTIONS="detect_leaks=0:abort_on_error=1:${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:${UBSAN_OPTIONS:-}"
status=0
for name in requestframer chunkeddecoder sseparser httpresponseparser translators; do
  fuzzer="$build/tests/fuzz/fuzz_$name"
  [ -x "$fuzzer" ] || { echo "missing $fuzzer: build the 'fuzzers' target with -DLLMUX_FUZZ=ON" >&2; exit 1; }
  work="$(mktemp -d)"
  # Inputs stay small (a head, a few events; a whole transcript for translators): small inputs
  # fuzz faster and keep the committed corpus compact.
  maxlen=2048
  [ "$name" = translators ] && maxlen=8192
  echo "== fuzz_$name for ${seconds}s"
  if ! "$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len="$maxlen" \
      -artifact_prefix="$artifacts/$name-" -print_final_stats=1 "$work" "$here/corpus/$name" \
      >"$artifacts/$name.log" 2>&1; then
    status=1
    tail -n 40 "$artifacts/$name.log" >&2
    echo "fuzz_$name failed; the input is in $artifacts" >&2
  else
    grep -E "^stat::number_of_executed_units|^stat::new_units_added" "$artifacts/$name.log" || true
  fi
  if [ "$keep" = --keep ]; then
    "$fuzzer" -merge=1 -max_len="$maxlen" "$here/corpus/$name" "$work" >/dev/null 2>&1
  fi
  rm -rf "$work"
done
exit "$status"
