#!/usr/bin/env bash
# CI check of a built package:
#   packaging/check-deb.sh build-deb/llmux_0.1.0_amd64.deb
# lintian must report no errors (warnings are printed, and fail nothing); the desktop entry and
# the AppStream metadata inside the package must validate.
set -euo pipefail

if [ $# -ne 1 ] || [ ! -f "$1" ]; then
  echo "usage: check-deb.sh PATH/TO/llmux_VERSION_ARCH.deb" >&2
  exit 2
fi
deb="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
for tool in lintian dpkg-deb desktop-file-validate appstreamcli; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "check-deb.sh: $tool is missing: run packaging/debian/install-deps.sh" >&2
    exit 1
  fi
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# lintian: errors fail the check; warnings are shown for a person to judge. Overrides, if the
# package ever needs one, live in packaging/lintian-overrides with the reason beside each.
echo "== lintian $(lintian --version | awk '{ print $NF }')"
status=0
lintian --fail-on error --tag-display-limit 0 --display-level '>=warning' "$deb" \
  >"$work/lintian.txt" 2>"$work/lintian.err" || status=$?
grep -v '^running with root privileges is not recommended!$' "$work/lintian.err" >&2 || true
cat "$work/lintian.txt"
errors="$(grep -c '^E: ' "$work/lintian.txt" || true)"
warnings="$(grep -c '^W: ' "$work/lintian.txt" || true)"
echo "lintian: $errors error(s), $warnings warning(s)"
if [ "$status" -ne 0 ] || [ "$errors" -ne 0 ]; then
  echo "check-deb.sh: lintian failed on $deb" >&2
  exit 1
fi

# The desktop entry and metainfo as installed (lintian checks neither against the specs).
echo "== desktop entry and AppStream metadata"
dpkg-deb -x "$deb" "$work/root"
desktop-file-validate "$work/root/usr/share/applications/llmux.desktop"
appstreamcli validate --no-net --explain "$work/root/usr/share/metainfo/io.github.llmux.LLMux.metainfo.xml"
echo "check-deb.sh: $deb passed the static checks"

# The install, serve and remove checks follow here.
