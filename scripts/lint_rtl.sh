#!/usr/bin/env bash
# Lints every module of rtl/ with `verilator --lint-only -Wall`, at the parameters the
# simulator uses (INT32 partial sums) and at the synthesized widths of scripts/synth.sh.
# Any warning fails. Usage: scripts/lint_rtl.sh
set -euo pipefail
cd "$(dirname "$0")/../rtl"
if ! command -v verilator >/dev/null; then
  echo "lint_rtl: verilator not found (install the Debian package 'verilator')" >&2
  exit 1
fi

lint() {
  local file=$1
  shift
  echo "lint_rtl: $file $*"
  verilator --lint-only -Wall "$@" "$file"
}

lint temporal_pe.v -GMAG_BITS=3 -GPSUM_BITS=32
lint temporal_pe.v -GMAG_BITS=3 -GPSUM_BITS=15
lint bit_parallel_pe.v -GWEIGHT_BITS=8 -GPSUM_BITS=32
lint bit_parallel_pe.v -GWEIGHT_BITS=8 -GPSUM_BITS=20
lint bit_parallel_pe.v -GWEIGHT_BITS=4 -GPSUM_BITS=32
lint bit_parallel_pe.v -GWEIGHT_BITS=4 -GPSUM_BITS=16
lint temporal_pe.v -GMAG_BITS=8 -GPSUM_BITS=32
lint pulse_counter.v -GMAG_BITS=3
lint fineq_decoder_lane.v
echo "lint_rtl: clean"
