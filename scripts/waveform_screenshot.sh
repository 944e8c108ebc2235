#!/usr/bin/env bash
# Renders what `gtkwave NAME.gtkw` shows into a PNG without a display: a virtual X server
# (Xvfb) the size of the save file's window, GTKWave on it, and ImageMagick's `import`.
# Usage: scripts/waveform_screenshot.sh traces/NAME.gtkw OUT.png [X_DISPLAY_NUMBER, default 99]
set -euo pipefail
if [ $# -lt 2 ]; then
  echo "usage: $0 traces/NAME.gtkw OUT.png [X_DISPLAY_NUMBER]" >&2
  exit 2
fi
gtkw=$1
out=$2
display=:${3:-99}
[ -r "$gtkw" ] || { echo "$0: cannot read '$gtkw'" >&2; exit 1; }
size=$(awk '/^\[size\]/ { print $2 "x" $3 }' "$gtkw")
[ -n "$size" ] || { echo "$0: '$gtkw' has no [size] line" >&2; exit 1; }
if [ -e "/tmp/.X11-unix/X${display#:}" ]; then
  echo "$0: display $display is in use; pass another number" >&2
  exit 1
fi

Xvfb "$display" -screen 0 "${size}x24" -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
viewer=
cleanup() {
  [ -z "$viewer" ] || kill "$viewer" 2>/dev/null || true
  kill "$xvfb" 2>/dev/null || true
  rm -f "$out.partial.png"
}
trap cleanup EXIT
sleep 1
DISPLAY=$display gtkwave "$gtkw" >/dev/null 2>&1 &
viewer=$!
sleep 5  # loading the VCD and drawing; GTKWave has no "drawn" signal to wait for
kill -0 "$viewer" 2>/dev/null || { echo "$0: gtkwave exited early" >&2; exit 1; }
DISPLAY=$display import -window root "$out.partial.png"
mv "$out.partial.png" "$out"
echo "wrote $out ($size)"
