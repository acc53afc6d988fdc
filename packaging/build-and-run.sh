#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to a running LLMux: installs what is missing, builds,
# then starts the desktop app, or the headless gateway with `serve`:
#   packaging/build-and-run.sh            # desktop app
#   packaging/build-and-run.sh serve      # headless gateway on 127.0.0.1:5569
# Any other arguments are passed to llmux (e.g. `packaging/build-and-run.sh status`).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/packaging/debian/install-deps.sh"
build="${LLMUX_BUILD_DIR:-$root/build}"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" --target llmux
exec "$build/app/llmux" "$@"
