#!/usr/bin/env bash
# Mutation testing of the core files (docs/mutation-testing.md): one operator or constant
# changed at a time in a copy of the source tree (build-mutate/src), incremental rebuild,
# fast tests (unit_tests, then the quick SystemC tests); prints killed/survived per mutant and
# the kill rate. The working tree is never modified.
# Usage: scripts/mutate.sh [COUNT [SEED]]     sample COUNT mutants (default 50, 0 = all)
#        scripts/mutate.sh --only ID...       rerun chosen mutants (ids as printed)
#        scripts/mutate.sh --list [COUNT]     show the sample without running it
set -euo pipefail
cd "$(dirname "$0")/.."

work=${FINEQ_MUTATE_DIR:-build-mutate}
arguments=()
case ${1:-} in
  --only) shift; arguments=(--only "$@") ;;
  --list) arguments=(--list --count "${2:-50}") ;;
  *) arguments=(--count "${1:-50}" --seed "${2:-1}") ;;
esac

# The copy of the tracked and new files (mutate.py --tree brings it up to date); its build
# folder stays for incremental rebuilds. Tests find ../shared relative to the source tree,
# so it is linked beside the copy.
mkdir -p "$work/src"
python3 scripts/mutate.py --tree . --src "$work/src" --build "$work/build" --list --count 1 >/dev/null
[ -e "$work/shared" ] || ln -s "$(realpath ../shared)" "$work/shared"

launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
# Absolute paths (no CCACHE_BASEDIR): __FILE__ must stay absolute for CostTable::default_path.
unset CCACHE_BASEDIR
cmake -S "$work/src" -B "$work/build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DFINEQ_BUILD_BENCHMARKS=OFF "${launcher[@]}" >/dev/null
exec python3 scripts/mutate.py --src "$work/src" --build "$work/build" "${arguments[@]}"
