#!/usr/bin/env bash
# docs/results/synth_area.csv is what scripts/synth.sh makes of the current rtl/: synthesizes
# again into a temporary file and compares. Usage: check_synth_area.sh SOURCE_DIR
set -euo pipefail
root=$1
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$root/scripts/synth.sh" "$out" >/dev/null
if ! diff -u "$root/docs/results/synth_area.csv" "$out"; then
  echo "check_synth_area: docs/results/synth_area.csv is stale; run scripts/synth.sh" >&2
  exit 1
fi
echo "check_synth_area: docs/results/synth_area.csv is current"
