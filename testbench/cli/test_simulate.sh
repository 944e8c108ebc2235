#!/usr/bin/env bash
# `fineq simulate`: the default run is bit-exact and exits 0; the JSON report holds the keys
# sweeps rely on and its numbers are consistent; config files and flags combine (flags win);
# --weights runs a .fqw tensor; bad flags, config keys and accelerator errors exit non-zero
# with a message naming the problem and leave no output file behind; --csv appends.
# Usage: bash test_simulate.sh BINARY SRCDIR
set -u
source "$(dirname "$0")/lib.sh"


# 1. The default job (generated LLM-like layer).
if "$fineq" simulate --report "$work/default.json" >"$work/default.out" 2>&1; then
  grep -q "bit-exact yes" "$work/default.out" || fail "default run does not print 'bit-exact yes'"
  grep -q "Y\[16 x 4096\]" "$work/default.out" || fail "default run is not the documented 16 x 4096 x 4096 layer"
else
  fail "default run exited non-zero: $(cat "$work/default.out")"
fi
if [ -f "$work/default.json" ]; then
  for key in "r['cycles']['total']" "r['cycles']['compute']" "r['cycles']['stall']" "r['macs']" \
             "r['pulses']" "r['utilization']" "r['traffic_bytes']['dram']['read']" \
             "r['traffic_bytes']['dram']['write']" "r['traffic_bytes']['weight_buffer']['read']" \
             "r['traffic_bytes']['activation_buffer']['write']" \
             "r['traffic_bytes']['output_buffer']['read']" "r['verify']['mismatches']" \
             "r['sim']['mode']" "r['sim']['wall_seconds']" "r['activity']['idle_window_cycles']" \
             "r['config']['rows']" "r['shape']['k']"; do
    json "$work/default.json" "$key" >/dev/null 2>&1 || fail "report lacks $key"
  done
  [ "$(json "$work/default.json" "r['verify']['bit_exact']")" = "True" ] || fail "report: bit_exact is not true"
  [ "$(json "$work/default.json" "r['sim']['mode']")" = "fast" ] || fail "report: sim.mode is not fast"
  [ "$(json "$work/default.json" "r['macs'] == 16 * 4096 * 4096")" = "True" ] || fail "report: macs != M*N*K"
  [ "$(json "$work/default.json" "r['cycles']['total'] == r['cycles']['compute'] + r['cycles']['stall']")" = "True" ] \
    || fail "report: total != compute + stall"
  [ "$(json "$work/default.json" "abs(r['utilization'] - r['macs'] / (32 * 32 * r['cycles']['total'])) < 1e-12")" = "True" ] \
    || fail "report: utilization != macs / (R*C*total)"
else
  fail "default run wrote no report"
fi

# 2. Config file plus overriding flags; a small int8x8 job with DRAM stalls.
cat >"$work/config.json" <<'JSON'
{"m": 3, "k": 100, "n": 40, "rows": 8, "cols": 8, "pe": "int8x4", "memory": "dram",
 "dram-latency": 20, "dram-bytes-per-cycle": 4}
JSON
if "$fineq" simulate --config "$work/config.json" --pe int8x8 --report "$work/small.json" >"$work/small.out" 2>&1; then
  [ "$(json "$work/small.json" "r['config']['pe']")" = "int8x8" ] || fail "flag --pe did not override the config file"
  [ "$(json "$work/small.json" "r['config']['rows']")" = "8" ] || fail "config file value rows ignored"
  [ "$(json "$work/small.json" "r['config']['dram_latency_cycles']")" = "20" ] || fail "config dram-latency ignored"
  [ "$(json "$work/small.json" "r['cycles']['stall'] > 0")" = "True" ] || fail "dram job reports no stall"
  [ "$(json "$work/small.json" "r['shape'] == {'m': 3, 'k': 100, 'n': 40}")" = "True" ] || fail "shape from config file"
else
  fail "config-file run exited non-zero: $(cat "$work/small.out")"
fi

# 3. Every PE kind and window policy on a shape that fits no array evenly, with CSV lines.
for args in "--pe temporal --window fixed" "--pe temporal --window dynamic" "--pe int8x4" "--pe int8x8"; do
  # shellcheck disable=SC2086
  "$fineq" simulate --m 1 --k 101 --n 37 --rows 16 --cols 8 --memory dram $args --csv "$work/runs.csv" \
    >"$work/pe.out" 2>&1 || fail "simulate $args exited non-zero: $(cat "$work/pe.out")"
done
[ "$(wc -l <"$work/runs.csv")" = "5" ] || fail "CSV should hold a header and 4 lines, has $(wc -l <"$work/runs.csv")"
[ "$(head -1 "$work/runs.csv" | cut -d, -f1-3)" = "pe,window,memory" ] || fail "CSV header missing"
[ "$(grep -c ',true,0,' "$work/runs.csv")" = "4" ] || fail "CSV lines are not all bit-exact"

# 4. --weights with a .fqw tensor from `fineq quantize`.
python3 -c '
import random, struct, sys
random.seed(3)
v = [random.gauss(0, 0.02) for _ in range(20 * 71)]
open(sys.argv[1], "wb").write(struct.pack("<%df" % len(v), *v))' "$work/w.raw"
if "$fineq" quantize --model "$work/w.raw" --format raw --shape 20x71 --method fineq --out "$work/w.fqw" >/dev/null 2>&1; then
  "$fineq" simulate --weights "$work/w.fqw" --m 2 --rows 8 --cols 8 >"$work/fqw.out" 2>&1 \
    || fail "--weights run exited non-zero: $(cat "$work/fqw.out")"
  grep -q "bit-exact yes" "$work/fqw.out" || fail "--weights run not bit-exact"
  "$fineq" simulate --weights "$work/w.fqw" --pe int8x8 >"$work/mismatch.out" 2>&1 \
    && fail "fineq-v1 tensor on the int8x8 PE was accepted"
  grep -q "accelerator error: WEIGHT_FORMAT" "$work/mismatch.out" || fail "PE/format mismatch message: $(cat "$work/mismatch.out")"
  "$fineq" simulate --weights "$work/w.fqw" --k 10 >"$work/k.out" 2>&1 && fail "--k with --weights accepted"
  grep -q -- "--k applies to generated layers" "$work/k.out" || fail "--k with --weights message: $(cat "$work/k.out")"
else
  fail "fineq quantize could not make a test .fqw"
fi

# 5. Bad input: non-zero exit, a message naming the flag/key/file, no report written.
expect_error() {  # expect_error PATTERN ARGS...
  local pattern=$1
  shift
  rm -f "$work/bad.json"
  if "$fineq" simulate "$@" --report "$work/bad.json" >"$work/bad.out" 2>&1; then
    fail "simulate $* succeeded"
  fi
  grep -q -- "$pattern" "$work/bad.out" || fail "simulate $*: expected '$pattern' in: $(cat "$work/bad.out")"
  [ ! -e "$work/bad.json" ] || fail "simulate $* left a report behind"
}
expect_error "--rows: expected an integer 1..4096, got 0" --rows 0
expect_error "--m: expected an integer" --m -1
expect_error "pe: expected temporal, int8x4 or int8x8, got 'int2'" --pe int2
expect_error "--window only applies to --pe temporal" --pe int8x8 --window dynamic
expect_error "mode: expected fast, cycle or structural, got .turbo." --mode turbo
expect_error "unrecognised option '--bogus'" --bogus 1
mkdir -p "$work/typo"
echo '{"colums": 8}' >"$work/typo/config.json"
expect_error "config.json: unknown key 'colums'" --config "$work/typo/config.json"
echo '{"rows": [8]}' >"$work/typo/config.json"
expect_error "key 'rows': expected a string or a number" --config "$work/typo/config.json"
echo '{"rows": 8,' >"$work/typo/config.json"
expect_error "not valid JSON" --config "$work/typo/config.json"
expect_error "cannot open" --config "$work/missing.json"
expect_error "accelerator error: one activation row" --k 2000 --n 8 --activation-buffer 1000
expect_error "accelerator error: a weight fold needs" --k 64 --n 64 --weight-buffer 100
# An output in a missing directory fails before the run, so the report is not written either.
expect_error "--csv: directory '$work/no/dir' of '$work/no/dir/x.csv' does not exist" --csv "$work/no/dir/x.csv"
expect_error "--vcd: directory '$work/no/dir'" --k 6 --n 4 --mode cycle --vcd "$work/no/dir/x.vcd"

finish
