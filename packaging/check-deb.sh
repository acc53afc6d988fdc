#!/usr/bin/env bash
# CI check of a built package:
#   packaging/check-deb.sh build-deb/llmux_0.1.0_amd64.deb
# lintian must report no errors (warnings are printed, and fail nothing); the desktop entry and
# the AppStream metadata inside the package must validate. Then, as root (CI): installs it with
# apt, runs `llmux --version` and `llmux serve` against /health, stops it with SIGTERM, removes
# the package and checks that only the user's data folder is left.
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


if [ "$(id -u)" -ne 0 ]; then
  echo "check-deb.sh: not root: install, serve and remove checks skipped" >&2
  exit 0
fi
version="$(dpkg-deb -f "$deb" Version)"
if dpkg-query -W -f='${Status}' llmux 2>/dev/null | grep -q "install ok installed"; then
  echo "check-deb.sh: llmux is installed already; remove it first (apt-get remove llmux)" >&2
  exit 1
fi

echo "== apt-get install $deb"
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$deb" >"$work/apt.log" 2>&1 || {
  cat "$work/apt.log" >&2
  exit 1
}
for path in /usr/bin/llmux /usr/share/applications/llmux.desktop /usr/share/man/man1/llmux.1.gz \
  /usr/lib/systemd/user/llmux.service /usr/share/bash-completion/completions/llmux \
  /usr/share/icons/hicolor/scalable/apps/llmux.svg; do
  [ -e "$path" ] || { echo "check-deb.sh: $path is not installed" >&2; exit 1; }
done
printed="$(/usr/bin/llmux --version)"
[ "$printed" = "llmux $version" ] || { echo "check-deb.sh: --version printed '$printed'" >&2; exit 1; }
echo "$printed"

echo "== llmux serve"
export HOME="$work/home" LLMUX_DATA_DIR="$work/home/data"
mkdir -p "$HOME"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 45569)"
QT_QPA_PLATFORM=offscreen /usr/bin/llmux serve --port "$port" >"$work/serve.log" 2>&1 &
serve=$!
health=""
for _ in $(seq 1 100); do
  # The connection is refused until the gateway listens: those failures are expected.
  if health="$( { exec 3<>"/dev/tcp/127.0.0.1/$port" &&
    printf 'GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3 &&
    cat <&3; } 2>/dev/null)" && [ -n "$health" ]; then
    break
  fi
  sleep 0.1
done
echo "$health" | tail -n 1
case "$health" in
  *"HTTP/1.1 200"*"\"version\":\"${version}\""*) ;;
  *) echo "check-deb.sh: /health did not answer with version $version" >&2
     cat "$work/serve.log" >&2; kill "$serve" 2>/dev/null; exit 1 ;;
esac
kill -TERM "$serve"
code=0
wait "$serve" || code=$?
[ "$code" -eq 0 ] || { echo "check-deb.sh: llmux serve exited $code on SIGTERM" >&2; cat "$work/serve.log" >&2; exit 1; }
[ -f "$LLMUX_DATA_DIR/llmux.sqlite" ] || { echo "check-deb.sh: no database in the data folder" >&2; exit 1; }

echo "== apt-get remove llmux"
DEBIAN_FRONTEND=noninteractive apt-get remove -y llmux >"$work/apt.log" 2>&1 || {
  cat "$work/apt.log" >&2
  exit 1
}
left="$(dpkg -L llmux 2>/dev/null || true)"
[ ! -e /usr/bin/llmux ] || { echo "check-deb.sh: /usr/bin/llmux is still there" >&2; exit 1; }
[ -z "$left" ] || { echo "check-deb.sh: files left after removal: $left" >&2; exit 1; }
[ -f "$LLMUX_DATA_DIR/llmux.sqlite" ] || { echo "check-deb.sh: the data folder was removed" >&2; exit 1; }
echo "check-deb.sh: installed, served /health, stopped cleanly and removed; the data folder stays"
