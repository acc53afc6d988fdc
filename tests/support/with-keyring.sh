#!/bin/sh
# Runs a command inside a private D-Bus session bus with its own unlocked gnome-keyring (the
# Secret Service QtKeychain talks to on Linux), in a throwaway HOME. The tests use the real OS
# keychain this way on a headless machine, and a developer's own keyring is never touched.
# Usage: tests/support/with-keyring.sh COMMAND [ARGS...]
# Needs the Debian packages dbus and gnome-keyring (packaging/debian/install-deps.sh installs them).
set -eu
if [ "$#" -eq 0 ]; then
  echo "usage: with-keyring.sh COMMAND [ARGS...]" >&2
  exit 2
fi
for tool in dbus-daemon gnome-keyring-daemon; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "with-keyring.sh: '$tool' is missing: apt-get install dbus gnome-keyring" >&2
    exit 127
  fi
done

scratch=$(mktemp -d "${TMPDIR:-/tmp}/llmux-keyring.XXXXXX")
bus_pid=""
cleanup() {
  [ -n "$bus_pid" ] && kill "$bus_pid" 2>/dev/null || true
  rm -rf "$scratch"
}
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

# The bus is started by hand rather than with dbus-run-session, so this script knows its address
# and process, and can check that the keyring really answers before the command runs.
mkdir -p "$scratch/home/.local/share" "$scratch/runtime"
chmod 700 "$scratch/runtime"
dbus-daemon --session --nofork --nopidfile --print-address=3 \
  --address="unix:path=$scratch/runtime/bus" 3>"$scratch/address" >/dev/null 2>&1 &
bus_pid=$!
tries=0
while [ ! -s "$scratch/address" ]; do
  tries=$((tries + 1))
  if [ "$tries" -gt 100 ] || ! kill -0 "$bus_pid" 2>/dev/null; then
    echo "with-keyring.sh: the private D-Bus session did not start" >&2
    exit 1
  fi
  sleep 0.05
done

DBUS_SESSION_BUS_ADDRESS=$(head -n 1 "$scratch/address")
HOME="$scratch/home"
XDG_DATA_HOME="$scratch/home/.local/share"
XDG_RUNTIME_DIR="$scratch/runtime"
export DBUS_SESSION_BUS_ADDRESS HOME XDG_DATA_HOME XDG_RUNTIME_DIR
# Set for the tests that pause this keyring (never a developer's) to test an unresponsive one.
LLMUX_TEST_PRIVATE_KEYRING=1
export LLMUX_TEST_PRIVATE_KEYRING

# --unlock reads the new keyring's password from stdin; the daemon forks and prints its
# environment (the control socket), which is not needed with a bus of our own.
printf '%s' "llmux-test-keyring" | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1

status=0
"$@" || status=$?
exit "$status"
