#!/usr/bin/env bash
# Bad sweep files and command lines: a message naming the file and the key, a non-zero exit,
# and no output directory.
# Usage: bash test_sweep_errors.sh BINARY SRCDIR
set -euo pipefail
BINARY=$1
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# expect_error NAME 'SWEEP JSON' 'TEXT THE MESSAGE MUST CONTAIN'
expect_error() {
  local name=$1 json=$2 expected=$3 status=0
  printf '%s\n' "$json" > "$WORK/$name.json"
  "$BINARY" sweep --config "$WORK/$name.json" --out "$WORK/out-$name" > "$WORK/$name.log" 2>&1 ||
    status=$?
  [ "$status" -ne 0 ] || fail "$name: accepted"
  grep -qF -- "$expected" "$WORK/$name.log" || { cat "$WORK/$name.log"; fail "$name: message lacks '$expected'"; }
  grep -qF -- "$name.json" "$WORK/$name.log" || fail "$name: message does not name the file"
  [ ! -e "$WORK/out-$name" ] || fail "$name: created the output directory"
}

expect_error unknown_section '{"simulat": {"grid": {"m": [1]}}}' "simulat: unknown key"
expect_error axis_not_array '{"simulate": {"grid": {"m": 4}}}' "simulate.grid.m: expected a non-empty array"
expect_error nested_value '{"simulate": {"points": [{"m": {"x": 1}}]}}' "simulate.points[0].m: expected a string, number or boolean"
expect_error unknown_option '{"simulate": {"grid": {"colz": [8]}}}' "unrecognised option '--colz'"
expect_error unknown_quantize_option \
  '{"quantize": {"points": [{"model": "x.bin", "method": "rtn", "bitz": 3}]}}' "unrecognised option '--bitz'"
expect_error reserved_report '{"simulate": {"points": [{"m": 1, "report": "r.json"}]}}' \
  "simulate.points[0].report: set by the sweep itself"
expect_error no_points '{"name": "empty"}' "no points"
expect_error bad_compare '{"simulate": {"points": [{"m": 1}]}, "compare": [{"name": "c", "baseline": {"pe": "int8x4"}, "candidate": {"pe": "temporal"}}]}' "compare[0].match: missing"
expect_error not_json '{"simulate": ' "not valid JSON"

status=0
"$BINARY" sweep --config "$WORK/missing.json" --out "$WORK/out-missing" > "$WORK/missing.log" 2>&1 || status=$?
[ "$status" -ne 0 ] && grep -q "missing.json': cannot open" "$WORK/missing.log" || fail "missing file"
status=0
"$BINARY" sweep --out "$WORK/out" > "$WORK/usage.log" 2>&1 || status=$?
[ "$status" -eq 2 ] && grep -q -- "--config is required" "$WORK/usage.log" || fail "missing --config"
status=0
"$BINARY" sweep --config "$WORK/no_points.json" --out "$WORK/out" --jobs 0 > "$WORK/jobs.log" 2>&1 || status=$?
[ "$status" -eq 2 ] && grep -q -- "--jobs" "$WORK/jobs.log" || fail "--jobs 0 accepted"
status=0
"$BINARY" sweep --config "$WORK/no_points.json" --out "$WORK/out-ssh" --sshloginfile "$WORK/hosts" \
  > "$WORK/ssh.log" 2>&1 || status=$?
[ "$status" -eq 2 ] && grep -qF -- "--sshloginfile: cannot read '$WORK/hosts'" "$WORK/ssh.log" ||
  fail "missing --sshloginfile accepted"
[ ! -e "$WORK/out-ssh" ] || fail "missing --sshloginfile: created the output directory"

# A point whose value its subcommand rejects fails; the sweep names the point and says why
# (the error line of its log, not the --help hint after it), also when DIR contains "/points/".
printf '%s\n' '{"simulate": {"points": [{"m": 0, "k": 6, "n": 4}]}}' > "$WORK/bad_value.json"
status=0
"$BINARY" sweep --config "$WORK/bad_value.json" --out "$WORK/points/out" > "$WORK/bad_value.log" 2>&1 ||
  status=$?
[ "$status" -eq 1 ] || fail "bad value: exit $status, expected 1"
grep -q "failed (exit 2): fineq simulate: error: --m: expected an integer 1..65536, got 0" \
  "$WORK/bad_value.log" || { cat "$WORK/bad_value.log"; fail "bad value: the reason is not reported"; }
echo PASS
