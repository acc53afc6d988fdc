#!/usr/bin/env bash
# Runs the whole test suite from a fresh Debian 12 machine: installs what is missing (Debian
# packages, the official SDKs for the conformance tests), builds, and runs every test with CTest
# inside a private D-Bus session with an unlocked gnome-keyring, so the keychain tests use the real
# OS keychain. Extra arguments go to ctest (e.g. `tests/run.sh -L unit`).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/packaging/debian/install-deps.sh"
(cd "$root/tests/conformance" && npm ci --no-audit --no-fund --loglevel=error)

# LLMUX_SANITIZE=ON builds with AddressSanitizer and UBSan in its own folder (CI does this).
sanitize="${LLMUX_SANITIZE:-OFF}"
if [ "$sanitize" = ON ]; then
  build="${LLMUX_BUILD_DIR:-$root/build-asan}"
  # Qt and the keyring libraries keep allocations until exit; leaks are not what this run is for.
  export ASAN_OPTIONS="detect_leaks=0:abort_on_error=1"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
else
  build="${LLMUX_BUILD_DIR:-$root/build}"
fi
# LLMUX_WERROR=ON turns warnings into errors (CI does this).
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DLLMUX_SANITIZE="$sanitize" -DLLMUX_WERROR="${LLMUX_WERROR:-OFF}" >/dev/null
cmake --build "$build"

export QT_QPA_PLATFORM=offscreen
cd "$build"
exec "$root/tests/support/with-keyring.sh" ctest --output-on-failure --timeout 300 "$@"
