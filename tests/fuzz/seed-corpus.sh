#!/usr/bin/env bash
# Writes the seed inputs of every fuzz target into tests/fuzz/corpus/NAME/seed-*, from the vendor
# transcripts in tests/fixtures/translate and a few hand-written HTTP exchanges. Each input starts
# with the choice bytes its target reads first (see FuzzInput.h). Inputs the fuzzers found live
# beside them and are kept; run this again only when the fixtures change.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
fixtures="$here/../fixtures/translate"
corpus="$here/corpus"

# seed TARGET NAME CHOICE-BYTES-AS-OCTAL-ESCAPES FILE-OR-TEXT...
seed() {
  local target="$1" name="$2" prefix="$3"
  shift 3
  mkdir -p "$corpus/$target"
  { printf "$prefix"; cat "$@"; } >"$corpus/$target/seed-$name"
}
text() { printf '%b' "$1"; }

requests=(
  "get|GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n"
  "post|POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1:5569\r\nAuthorization: Bearer k\r\nContent-Length: 2\r\n\r\n{}"
  "chunked|POST /v1/messages HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n0\r\nX-Trailer: 1\r\n\r\n"
  "pipelined|GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.0\r\nHost: x\r\nConnection: keep-alive\r\n\r\n"
  "continue|POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nabc"
  "toolarge|POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 999999\r\n\r\nabc"
  "smuggle|POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
  "options|OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n"
)
for r in "${requests[@]}"; do
  for piece in '\001' '\007' '\377'; do
    seed requestframer "${r%%|*}-$(printf %d "'$(printf "$piece")" 2>/dev/null || echo 0)" "$piece" <(text "${r#*|}")
  done
done

seed chunkeddecoder plain '\377' <(text "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n")
seed chunkeddecoder trailers '\002' <(text "3;x=y\r\nabc\r\n0\r\nA: b\r\nC: d\r\n\r\n")
seed chunkeddecoder bare-lf '\000' <(text "3\nabc\n0\n\n")

for f in "$fixtures"/*/*.sse; do
  vendor="$(basename "$(dirname "$f")")"
  seed sseparser "$vendor-$(basename "$f" .sse)" '\020' "$f"
done

seed httpresponseparser length '\377' <(text "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")
seed httpresponseparser chunked '\005' <(text "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\ndata\r\n0\r\n\r\n")
seed httpresponseparser close '\377' <(text "HTTP/1.0 200 OK\r\nContent-Type: text/event-stream\r\n\r\ndata: {}\n\n")
seed httpresponseparser error '\377' "$fixtures/openai/error_rate_limit.json"

# Translators: mode byte = kind (0 request, 1 body, 2 stream) | provider format << 2.
format() { case "$1" in openai) echo 0 ;; anthropic) echo 1 ;; gemini) echo 2 ;; responses) echo 3 ;; esac; }
for dir in "$fixtures"/*/; do
  vendor="$(basename "$dir")"
  n="$(format "$vendor")"
  for f in "$dir"/request_*.json; do
    seed translators "$vendor-$(basename "$f" .json)" '\000' "$f"
  done
  for f in "$dir"/response_*.json "$dir"/error_*.json; do
    [ -e "$f" ] || continue
    seed translators "$vendor-$(basename "$f" .json)" "\\$(printf %o $((1 | n << 2)))" "$f"
  done
  for f in "$dir"/stream_*.sse; do
    seed translators "$vendor-$(basename "$f" .sse)" "\\$(printf %o $((2 | n << 2)))\\045" "$f"
    seed translators "$vendor-$(basename "$f" .sse)-usage" "\\$(printf %o $((2 | n << 2 | 64)))\\003" "$f"
  done
done
echo "seeds written to $corpus"
