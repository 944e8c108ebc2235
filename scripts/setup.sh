#!/usr/bin/env bash
# Installs the Debian packages the project needs (only those missing), then configures and
# builds into build/. Idempotent: a second run only rebuilds what changed.
# Usage: scripts/setup.sh [extra cmake arguments, e.g. -DFINEQ_SANITIZE=ON]
# FINEQ_BUILD_DIR picks the build folder (default build), FINEQ_BUILD_TARGETS the targets
# (default all).
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake ninja-build pkg-config
  libsystemc-dev            # SystemC 2.3.4 with TLM-2.0
  libboost-dev libboost-program-options-dev
  libgtest-dev libgmock-dev libbenchmark-dev nlohmann-json3-dev
  gtkwave                   # vcd2fst for VCD validation, gtkwave for viewing
  parallel                  # GNU parallel for sweeps
  gnuplot-nox               # plots
  xvfb imagemagick          # headless GTKWave screenshots
  python3                   # CLI tests parse JSON reports with it
  verilator                 # RTL lint, RTL unit tests, RTL PEs in the structural array
  yosys                     # scripts/synth.sh: gate-level area of the RTL blocks
  clang libclang-rt-14-dev  # libFuzzer targets, scripts/fuzz.sh
  python3-numpy             # scripts/check_dump.py recomputes Y from a --dump
)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$package")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi

build_dir=${FINEQ_BUILD_DIR:-build}
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
# shellcheck disable=SC2086  # a space-separated list of targets
cmake --build "$build_dir" ${FINEQ_BUILD_TARGETS:+--target $FINEQ_BUILD_TARGETS}
