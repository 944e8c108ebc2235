#!/usr/bin/env bash
# Sets everything up (scripts/setup.sh), then runs the main job: `fineq simulate` on the
# built-in default (a generated LLM-like layer on a 32x32 temporal-coded array, verified
# bit-exact against the golden software). Extra arguments go to `fineq simulate`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec "${FINEQ_BUILD_DIR:-build}/fineq" simulate "$@"
