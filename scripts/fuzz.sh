#!/usr/bin/env bash
# Builds the libFuzzer targets (testbench/fuzz) with clang, ASan and UBSan in build-fuzz/ and
# runs each for SECONDS (default 60) on a corpus that starts from the generated seeds
# (make_fuzz_seeds) and grows in build-fuzz/fuzz-work/corpus/. Fails if any target finds a
# crash, hang (-timeout), leak, out-of-memory or sanitizer report; the input that caused it
# is left in build-fuzz/fuzz-work/artifacts/<target>/. Prints the executions per target.
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
[[ "$seconds" =~ ^[1-9][0-9]*$ ]] || { echo "usage: scripts/fuzz.sh [SECONDS] [TARGET...]" >&2; exit 2; }
shift $(($# > 0 ? 1 : 0))
build_dir=${FINEQ_FUZZ_BUILD_DIR:-build-fuzz}
all_targets=(fuzz_cluster_decoder fuzz_cost_table fuzz_fqw_reader fuzz_llama2c_loader
             fuzz_npy_loader fuzz_raw_f32_loader fuzz_simulate_config fuzz_sweep_file)
targets=("$@")
((${#targets[@]})) || targets=("${all_targets[@]}")

# The plain C++ libraries must be compiled by clang too, for coverage feedback: a build
# folder of its own, configured with clang from the start.
CC=clang CXX=clang++ FINEQ_BUILD_DIR=$build_dir FINEQ_BUILD_TARGETS=fuzz_all scripts/setup.sh \
  -DFINEQ_FUZZ=ON -DFINEQ_BUILD_TESTS=OFF -DFINEQ_BUILD_BENCHMARKS=OFF \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo

work=$build_dir/fuzz-work
rm -rf "$work/seeds" "$work/artifacts" "$work/logs"
mkdir -p "$work/logs"
"$build_dir/testbench/fuzz/make_fuzz_seeds" "$work/seeds" .

export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
failed=0
for target in "${targets[@]}"; do
  binary=$build_dir/testbench/fuzz/$target
  [ -x "$binary" ] || { echo "fuzz: no target $target (known: ${all_targets[*]})" >&2; exit 2; }
  mkdir -p "$work/corpus/$target" "$work/artifacts/$target" "$work/seeds/$target"
  options=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=4096
           -print_final_stats=1 -artifact_prefix="$work/artifacts/$target/")
  case $target in
    fuzz_cost_table | fuzz_simulate_config | fuzz_sweep_file)
      options+=(-dict=testbench/fuzz/json.dict) ;;
  esac
  log=$work/logs/$target.log
  status=0
  "$binary" "${options[@]}" "$work/corpus/$target" "$work/seeds/$target" >"$log" 2>&1 || status=$?
  executions=$(awk '/stat::number_of_executed_units/ {print $2}' "$log")
  corpus=$(find "$work/corpus/$target" -type f | wc -l)
  if ((status != 0)) || [ -n "$(ls -A "$work/artifacts/$target")" ]; then
    failed=1
    printf '%-22s FAILED (exit %d) after %s executions; log %s, input in %s\n' \
      "$target" "$status" "${executions:-?}" "$log" "$work/artifacts/$target/"
    grep -m 20 -E 'ERROR|fuzz:|runtime error|SUMMARY|Test unit written' "$log" | sed 's/^/    /' || true
  else
    printf '%-22s ok: %12s executions in %ss, corpus %d inputs\n' "$target" "$executions" \
      "$seconds" "$corpus"
  fi
done
exit "$failed"
