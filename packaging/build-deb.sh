#!/usr/bin/env bash
# Builds the Debian package from a fresh Release build in build-deb/ (or $LLMUX_DEB_BUILD_DIR) and
# prints the path of the .deb:
#   packaging/build-deb.sh
# Installs what is missing first (packaging/debian/install-deps.sh). The compiler and linker get
# Debian's hardening flags from dpkg-buildflags, as a package built by Debian would.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${LLMUX_DEB_BUILD_DIR:-$root/build-deb}"
cd "$root"
umask 022

"$root/packaging/debian/install-deps.sh"

# Reproducible dates (the man page's) from the last commit, unless the caller chose one.
if [ -z "${SOURCE_DATE_EPOCH:-}" ] && git -C "$root" rev-parse --git-dir >/dev/null 2>&1; then
  SOURCE_DATE_EPOCH="$(git -C "$root" log -1 --format=%ct)"
  export SOURCE_DATE_EPOCH
fi

# Fortified libc calls, stack protector, full RELRO and bind-now. -g and -O2 are dropped: the
# Release build type brings its own optimisation and the package ships a stripped binary.
export DEB_BUILD_MAINT_OPTIONS="hardening=+all"
export DEB_CXXFLAGS_MAINT_STRIP="-g -O2"
cxxflags="$(dpkg-buildflags --get CPPFLAGS) $(dpkg-buildflags --get CXXFLAGS)"
ldflags="$(dpkg-buildflags --get LDFLAGS)"

cmake -S "$root" -B "$build" -G Ninja \
  -DCMAKE_BUILD_TYPE=Release \
  -DLLMUX_BUILD_TESTS=OFF \
  -DLLMUX_SANITIZE=OFF \
  -DCMAKE_INSTALL_PREFIX=/usr \
  -DCMAKE_CXX_FLAGS="$cxxflags" \
  -DCMAKE_EXE_LINKER_FLAGS="$ldflags" \
  -DCMAKE_SHARED_LINKER_FLAGS="$ldflags" \
  -DCMAKE_MODULE_LINKER_FLAGS="$ldflags" >/dev/null

if ! grep -q 'CPACK_GENERATOR "DEB"' "$build/CPackConfig.cmake" 2>/dev/null; then
  echo "build-deb.sh: $build has no Debian CPack configuration: the top-level CMakeLists.txt" \
       "must include(packaging/Packaging.cmake) after add_subdirectory(app)." >&2
  exit 1
fi

cmake --build "$build"

rm -f "$build"/llmux_*.deb
(cd "$build" && cpack -G DEB) | tee "$build/cpack.log"
deb="$(sed -n 's/^CPack: - package: \(.*\.deb\) generated\.$/\1/p' "$build/cpack.log" | tail -n 1)"
if [ -z "$deb" ] || [ ! -f "$deb" ]; then
  echo "build-deb.sh: cpack reported no .deb (see $build/cpack.log)." >&2
  exit 1
fi
echo "$deb"
