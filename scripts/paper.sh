#!/usr/bin/env bash
# Regenerates the paper comparison: runs (or resumes) sweeps/paper.json into out/paper, prints
# the ratio tables, and refreshes the plots and CSVs in docs/results/ (docs/results.md).
# Usage: scripts/paper.sh [fineq sweep options, e.g. --jobs 4]
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${FINEQ_BUILD_DIR:-build}
status=0
"$build_dir/fineq" sweep --config sweeps/paper.json --out out/paper "$@" || status=$?
mkdir -p docs/results
scripts/plot.sh out/paper docs/results
cp out/paper/compute_report.csv out/paper/accuracy_report.csv out/paper/comparison.csv docs/results/
exit "$status"
