#!/bin/sh
# Runs a command on a private X server (Xvfb) with a window manager (openbox) and a system tray
# (trayer), so the desktop app's tray, window and quit paths are tested as on a real desktop.
# Usage: tests/support/with-desktop.sh COMMAND [ARGS...]
# Needs the Debian packages xvfb, openbox, trayer and xdotool (install-deps.sh installs them).
set -eu
if [ "$#" -eq 0 ]; then
  echo "usage: with-desktop.sh COMMAND [ARGS...]" >&2
  exit 2
fi
for tool in Xvfb openbox trayer xdotool; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "with-desktop.sh: '$tool' is missing: run packaging/debian/install-deps.sh" >&2
    exit 127
  fi
done

scratch=$(mktemp -d "${TMPDIR:-/tmp}/llmux-desktop.XXXXXX")
pids=""
cleanup() {
  for pid in $pids; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$scratch"
}
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

# -displayfd picks a free display number and writes it once the server accepts clients.
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$scratch/display" >"$scratch/xvfb.log" 2>&1 &
pids="$!"
tries=0
while [ ! -s "$scratch/display" ]; do
  tries=$((tries + 1))
  if [ "$tries" -gt 600 ]; then # 30 s: a loaded machine can be slow
    echo "with-desktop.sh: Xvfb did not start:" >&2
    cat "$scratch/xvfb.log" >&2
    exit 1
  fi
  sleep 0.05
done
DISPLAY=":$(head -n 1 "$scratch/display")"
export DISPLAY
HOME="$scratch" openbox --config-file /dev/null >"$scratch/openbox.log" 2>&1 &
pids="$pids $!"
trayer --edge top --align right --widthtype pixel --width 160 --height 32 --SetDockType true \
  >"$scratch/trayer.log" 2>&1 &
pids="$pids $!"
# The tray is ready once its window is mapped.
tries=0
until xdotool search --onlyvisible --class trayer >/dev/null 2>&1; do
  tries=$((tries + 1))
  if [ "$tries" -gt 600 ]; then # 30 s: a loaded machine can be slow
    echo "with-desktop.sh: the tray (trayer) did not appear" >&2
    cat "$scratch/trayer.log" >&2
    exit 1
  fi
  sleep 0.05
done

status=0
"$@" || status=$?
exit "$status"
