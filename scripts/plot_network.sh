#!/usr/bin/env bash
# Plots per-layer cycles and energy of a `fineq network` run (gnuplot):
#   NAME_cycles_energy.png   total cycles (left axis, log) and energy in uJ (right axis, log)
#                            per layer, in topology order
# Usage: scripts/plot_network.sh REPORT_DIR PNG_FILE [TITLE]
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: scripts/plot_network.sh REPORT_DIR PNG_FILE [TITLE]" >&2; exit 2; }
report=$1/COMPUTE_REPORT.csv
png=$2
title=${3:-$(basename "$1")}
[ -f "$report" ] || { echo "plot_network.sh: $report not found (run fineq network first)" >&2; exit 1; }
command -v gnuplot >/dev/null || { echo "plot_network.sh: gnuplot not found (apt-get install gnuplot-nox)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# LayerID, Total Cycles, Energy Total (pJ) -> id, cycles, uJ (SCALE-Sim's ", " separators).
awk -F', *' 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
             { print $(col["LayerID"]) "\t" $(col["Total Cycles"]) "\t" $(col["Energy Total (pJ)"]) / 1e6 }' \
  "$report" >"$tmp/layers.tsv"
gnuplot <<GP
set terminal pngcairo size 1100,500 noenhanced
set output "$png"
set title "$title: per-layer cycles and energy"
set xlabel "layer (topology order)"
set ylabel "cycles"
set y2label "energy (uJ)"
set logscale y
set logscale y2
set ytics nomirror
set y2tics
set key top right
plot "$tmp/layers.tsv" using 1:2 with impulses lw 1 lc rgb "#3060c0" title "total cycles", \
     "" using 1:3 axes x1y2 with points pt 7 ps 0.4 lc rgb "#d04020" title "energy (uJ)"
GP
echo "wrote $png"
