#!/usr/bin/env bash
# Installs what building, running and testing LLMux needs on Debian 12, and nothing when it is all
# there already. Everything comes from Debian's own packages (Qt 6.4.2).
set -euo pipefail

packages=(
  g++ clang clang-tidy cmake ninja-build pkg-config
  # Clang's sanitizer and libFuzzer runtimes for the fuzz build (CI): only a Recommends of clang,
  # which --no-install-recommends below would leave out.
  libclang-rt-14-dev
  qt6-base-dev qt6-httpserver-dev qt6-websockets-dev qt6-tools-dev qt6-tools-dev-tools
  qt6-l10n-tools qt6-svg-dev libqt6sql6-sqlite libqt6svg6 qt6-qpa-plugins libgl-dev
  # Qt Charts (usage and dashboard charts); its CMake package needs the OpenGL headers.
  qt6-charts-dev libqt6opengl6-dev
  # A font with Chinese glyphs, so the zh_CN interface (and its screenshots) render everywhere.
  fonts-wqy-microhei
  # Qt's own strings (dialog buttons, context menus) in the shipped languages.
  qt6-translations-l10n
  qtkeychain-qt6-dev libsecret-1-0 nlohmann-json3-dev libsqlite3-dev
  # toml11 reads Codex's config.toml back after `llmux connect codex` edits it.
  libtoml11-dev
  # libcurl sends alert e-mails over SMTP with STARTTLS and authentication.
  libcurl4-openssl-dev
  # The OS keychain for tests on a headless machine (tests/support/with-keyring.sh uses them).
  dbus gnome-keyring libsecret-tools
  # The Debian package (packaging/Packaging.cmake, build-deb.sh): the icon's PNGs, dependencies
  # and hardening flags for cpack (dpkg-shlibdeps, dpkg-buildflags; CPack needs file), and the
  # checks of packaging/check-deb.sh.
  librsvg2-bin dpkg-dev file lintian desktop-file-utils appstream
  # The desktop end-to-end test (tests/support/with-desktop.sh): an X server, a window manager,
  # a tray host, and xdotool to drive the app as a person would.
  xvfb openbox trayer xdotool xauth
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  missing+=(nodejs npm)
fi

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "Installing: ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${missing[@]}"
