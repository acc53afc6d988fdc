#!/bin/sh
# Renders the scalable app icon to the fixed-size PNGs desktops still look up, in the hicolor
# theme layout: OUTDIR/hicolor/NxN/apps/llmux.png. Run by CMake at build time (Packaging.cmake).
#   render-pngs.sh OUTDIR [SVG]      SVG defaults to llmux.svg next to this script
set -eu

sizes="16 22 24 32 48 64 128 256 512"

fail() {
  echo "render-pngs.sh: $*" >&2
  exit 1
}

if [ $# -lt 1 ] || [ $# -gt 2 ] || [ -z "$1" ]; then
  fail "usage: render-pngs.sh OUTDIR [SVG]"
fi
outdir=$1
svg=${2:-$(dirname "$0")/llmux.svg}
[ -r "$svg" ] || fail "cannot read the icon $svg"
command -v rsvg-convert >/dev/null 2>&1 ||
  fail "rsvg-convert not found: install it with 'apt-get install librsvg2-bin' (or run packaging/debian/install-deps.sh)"

# The width and height a PNG's IHDR chunk declares (bytes 17-24), as "W H".
png_size() {
  od -An -tu1 -j16 -N8 "$1" | awk '{ printf "%d %d", $1*16777216+$2*65536+$3*256+$4, $5*16777216+$6*65536+$7*256+$8 }'
}

for n in $sizes; do
  dir=$outdir/hicolor/${n}x${n}/apps
  mkdir -p "$dir" || fail "cannot create $dir"
  # Written under a temporary name and moved, so an interrupted build never leaves a broken PNG.
  tmp=$dir/.llmux.png.tmp
  rsvg-convert --format=png --width="$n" --height="$n" --keep-aspect-ratio --output="$tmp" "$svg" ||
    { rm -f "$tmp"; fail "rsvg-convert failed to render $svg at ${n}x${n}"; }
  got=$(png_size "$tmp")
  [ "$got" = "$n $n" ] || { rm -f "$tmp"; fail "rendered ${n}x${n} but got '$got' from $svg"; }
  mv -f "$tmp" "$dir/llmux.png"
done
