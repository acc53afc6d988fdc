#!/usr/bin/env bash
# Runs clang-tidy (.clang-tidy at the root) on the .cpp files of core/, ui/ and app/ that changed
# since a revision, with a build folder's compile commands. Usage: tidy-changed.sh BUILD_DIR [REV]
# (REV defaults to HEAD~1). Exits non-zero on any finding; does nothing outside a git checkout or
# when the revision is unknown (a shallow clone).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
build="${1:?usage: tidy-changed.sh BUILD_DIR [REV]}"
rev="${2:-HEAD~1}"
if ! git rev-parse --verify --quiet "$rev^{commit}" >/dev/null; then
  echo "tidy-changed: no revision $rev here; nothing to check."
  exit 0
fi
mapfile -t files < <(git diff --name-only --diff-filter=AMR "$rev" -- 'core/*.cpp' 'ui/*.cpp' \
  'app/*.cpp')
if [ ${#files[@]} -eq 0 ]; then
  echo "tidy-changed: no C++ source changed since $rev."
  exit 0
fi
tidy="$(command -v run-clang-tidy-14 || command -v run-clang-tidy)"
echo "tidy-changed: ${#files[@]} file(s) changed since $rev."
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
# The files as regular expressions matched against the compile commands' absolute paths.
status=0
"$tidy" -quiet -p "$build" -j "$(nproc)" "${files[@]/#/$PWD/}" >"$log" 2>&1 || status=$?
sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -v -e '^[0-9]* warnings\? generated' -e '^Suppressed [0-9]* warnings' \
  -e 'Use -header-filter=' -e '^clang-tidy' -e '^$' || true
exit "$status"
