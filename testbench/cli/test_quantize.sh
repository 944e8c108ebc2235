#!/usr/bin/env bash
# fineq quantize end to end: the stories260K model with every method, one matrix from .npy and
# raw files, identical output for any thread count, and bad flags/values/files rejected with
# a message, the right exit status and no output files.
# Usage: bash test_quantize.sh BINARY SRCDIR
set -u
source "$(dirname "$0")/lib.sh"
model=$srcdir/../shared/models/stories260K.bin
# expect_usage_error "TEXT IN MESSAGE" ARGS...: exit 2, message on stderr, no files written.
expect_usage_error() {
  local text=$1
  shift
  "$fineq" quantize "$@" --out "$work/bad.fqw" --report "$work/bad.json" >"$work/out.txt" 2>"$work/err.txt"
  local status=$?
  [ "$status" -eq 2 ] || fail "quantize $*: expected exit 2, got $status"
  expect_in "$work/err.txt" "$text"
  [ -e "$work/bad.fqw" ] || [ -e "$work/bad.json" ] && fail "quantize $*: wrote an output file"
  rm -f "$work/bad.fqw" "$work/bad.json"
}
# expect_runtime_error "TEXT" ARGS...: exit 1, message, no files written.
expect_runtime_error() {
  local text=$1
  shift
  "$fineq" quantize "$@" >"$work/out.txt" 2>"$work/err.txt"
  local status=$?
  [ "$status" -eq 1 ] || fail "quantize $*: expected exit 1, got $status"
  expect_in "$work/err.txt" "$text"
  ls "$work"/bad.* >/dev/null 2>&1 && fail "quantize $*: left an output file"
  rm -f "$work"/bad.*
}

"$fineq" quantize --help >"$work/help.txt" || fail "--help exited $?"
expect_in "$work/help.txt" "usage: fineq quantize --model FILE"
expect_in "$work/help.txt" "--method"
expect_in "$work/help.txt" "fineq: G clusters (3G weights)"

# One matrix, 64 x 64 float32, cut from the model's token embedding (after the 28-byte
# header); the same bytes as raw and as a version 1.0 .npy file.
if have "$model" test -f "$model"; then
  dd if="$model" of="$work/emb.raw" bs=4 skip=7 count=4096 status=none
  header="{'descr': '<f4', 'fortran_order': False, 'shape': (64, 64), }"
  while [ $(((10 + ${#header} + 1) % 64)) -ne 0 ]; do header="$header "; done
  {
    printf '\x93NUMPY\x01\x00'
    printf "\\x$(printf %02x $(((${#header} + 1) % 256)))\\x$(printf %02x $(((${#header} + 1) / 256)))"
    printf '%s\n' "$header"
    cat "$work/emb.raw"
  } >"$work/emb.npy"

  "$fineq" quantize --model "$work/emb.raw" --format raw --shape 64x64 --method fineq \
    --report "$work/raw.json" >"$work/out.txt" 2>"$work/err.txt" || fail "raw: exit $?"
  expect_in "$work/out.txt" "emb                        64x64"
  expect_in "$work/out.txt" "overall (1)"
  "$fineq" quantize --model "$work/emb.npy" --method fineq --report "$work/npy.json" \
    >"$work/out.txt" 2>"$work/err.txt" || fail "npy: exit $?"
  expect_in "$work/out.txt" "overall (1)"
  if have python3 command -v python3; then
    [ "$(json "$work/raw.json" 'r["overall"]["mean_rel_error"]')" = \
      "$(json "$work/npy.json" 'r["overall"]["mean_rel_error"]')" ] ||
      fail "raw and npy of the same matrix differ"
  fi

  # The whole model: table, .fqw readable by inspect, JSON report.
  "$fineq" quantize --model "$model" --method fineq --rule min-error --out "$work/m.fqw" \
    --report "$work/m.json" >"$work/out.txt" 2>"$work/err.txt" || fail "model min-error: exit $?"
  expect_in "$work/out.txt" "layers.4.w3"
  expect_in "$work/out.txt" "overall (35)"
  "$fineq" inspect "$work/m.fqw" >"$work/inspect.txt" || fail "inspect of the written file: exit $?"
  expect_in "$work/inspect.txt" "35 tensors"
  expect_in "$work/inspect.txt" "2.949 bits/weight"
  if have python3 command -v python3; then
    python3 - "$work/m.json" <<'PY' || fail "min-error report content"
import json, sys
d = json.load(open(sys.argv[1]))
o = d["overall"]
assert d["config"]["method"] == "fineq" and d["config"]["rule"] == "min-error", d["config"]
assert len(d["matrices"]) == 35 and o["matrices"] == 35, o
assert o["mean_rel_error"] <= 0.0779 * 1.01, o["mean_rel_error"]
assert abs(o["bits_per_weight"] - 2.95) < 0.005, o["bits_per_weight"]
assert 0 < o["outlier_cluster_fraction"] < 1, o
assert sum(o["code_histogram"].values()) == o["weights"] == 226560, o
m = d["matrices"][0]
assert m["name"] == "layers.0.wq" and (m["rows"], m["cols"]) == (64, 64), m
assert abs(m["rel_error"] - m["squared_error"] / m["weight_norm2"]) < 1e-12, m
PY
  fi

  # Same bytes for any thread count.
  "$fineq" quantize --model "$model" --method fineq --rule paper --threads 1 --out "$work/t1.fqw" \
    --report "$work/t1.json" >/dev/null || fail "threads 1: exit $?"
  "$fineq" quantize --model "$model" --method fineq --rule paper --threads 2 --out "$work/t2.fqw" \
    --report "$work/t2.json" >/dev/null || fail "threads 2: exit $?"
  cmp -s "$work/t1.fqw" "$work/t2.fqw" || fail ".fqw differs between 1 and 2 threads"
  cmp -s "$work/t1.json" "$work/t2.json" || fail "report differs between 1 and 2 threads"

  # The baselines.
  for method in "rtn --bits 2" "rtn --bits 3" "rtn --bits 4 --group 128" "owq" "owq --bits 3 --fp16-fraction 0.1"; do
    # shellcheck disable=SC2086
    "$fineq" quantize --model "$model" --method $method --out "$work/b.fqw" --report "$work/b.json" \
      >"$work/out.txt" 2>"$work/err.txt" || fail "$method: exit $?"
    expect_in "$work/out.txt" "overall (35)"
    "$fineq" inspect "$work/b.fqw" >/dev/null || fail "$method: inspect of the written file failed"
  done
  if have python3 command -v python3; then
    [ "$(json "$work/b.json" 'r["config"]["bits"], r["config"]["fp16_column_fraction"]')" = "(3, 0.1)" ] ||
      fail "owq config not in the report"
  fi
else
  echo "SKIP: $model not present, model checks skipped"
fi

# Bad command lines: exit 2, nothing written.
m=${model}
expect_usage_error "--model is required" --method fineq
expect_usage_error "--method is required" --model "$m"
expect_usage_error "method: expected fineq, rtn, owq, gptq, pbllm or fineq-ef, got 'obq'" --model "$m" --method obq
expect_usage_error "--bits only applies to --method rtn, owq and gptq" --model "$m" --method fineq --bits 3
expect_usage_error "--threshold only applies to --method fineq/fineq-ef --rule paper" --model "$m" --method fineq --threshold 3
expect_usage_error "--rule only applies to --method fineq" --model "$m" --method rtn --rule paper
expect_usage_error "--fp16-fraction only applies to --method owq" --model "$m" --method rtn --fp16-fraction 0.1
expect_usage_error "--bits: expected an integer 2..8, got 9" --model "$m" --method rtn --bits 9
expect_usage_error "--bits: expected an integer 2..8, got '-1'" --model "$m" --method rtn --bits -1
expect_usage_error "--group: expected an integer 0..1073741824, got '12x'" --model "$m" --method fineq --group 12x
expect_usage_error "--threads: expected an integer 0..1024, got '-2'" --model "$m" --method fineq --threads -2
expect_usage_error "fp16-fraction: expected 0 <= f < 1, got 1" --model "$m" --method owq --fp16-fraction 1
expect_usage_error "threshold: expected a finite value > 0" --model "$m" --method fineq --rule paper --threshold 0
expect_usage_error "rule: expected paper or min-error, got 'best'" --model "$m" --method fineq --rule best
expect_usage_error "clip-ratios: expected FIRST:LAST:COUNT" --model "$m" --method fineq --clip-ratios 0.3:1
expect_usage_error "clip-ratios: expected finite values > 0" --model "$m" --method fineq --clip-ratios 0,1
expect_usage_error "codebook" --model "$m" --method fineq --codebook 1,2,3
expect_usage_error "--format: expected auto, llama2c, npy or raw, got 'f32'" --model "$m" --method fineq --format f32
expect_usage_error "--format raw needs --shape NxK" --model "$m" --method fineq --format raw
expect_usage_error "--shape only applies to --format raw" --model "$m" --method fineq --shape 4x4
expect_usage_error "--shape: expected NxK" --model "$m" --method fineq --format raw --shape 64
expect_usage_error "--shape: expected an integer 1..4294967295, got 0" --model "$m" --method fineq --format raw --shape 0x4
expect_usage_error "unrecognised option '--bogus'" --model "$m" --method fineq --bogus
"$fineq" quantize --model "$m" --method fineq --out "$work/same" --report "$work/same" >/dev/null 2>"$work/err.txt"
[ $? -eq 2 ] || fail "--out = --report: expected exit 2"
expect_in "$work/err.txt" "--out and --report name the same file"

# Bad files: exit 1, message naming the file, nothing written.
expect_runtime_error "$work/missing.bin" --model "$work/missing.bin" --method fineq --out "$work/bad.fqw"
printf 'abcdefghijklmnop' >"$work/short.raw"
expect_runtime_error "short.raw" --model "$work/short.raw" --format raw --shape 4x4 --method fineq \
  --out "$work/bad.fqw" --report "$work/bad.json"
# 3 finite floats and a NaN.
printf '\x00\x00\x80\x3f\x00\x00\x00\x40\x00\x00\xc0\x7f\x00\x00\x40\x40' >"$work/nan.raw"
expect_runtime_error "non-finite" --model "$work/nan.raw" --format raw --shape 2x2 --method rtn \
  --out "$work/bad.fqw" --report "$work/bad.json"
# A weight whose scale overflows FP16: 1e9 (0x4E6E6B28).
printf '\x28\x6b\x6e\x4e\x00\x00\x80\x3f\x00\x00\x00\x40\x00\x00\x40\x40' >"$work/huge.raw"
expect_runtime_error "FP16" --model "$work/huge.raw" --format raw --shape 2x2 --method fineq \
  --out "$work/bad.fqw" --report "$work/bad.json"
# A bad output path: exit 2 before any work, naming the flag; the other output is not written.
printf '\x00\x00\x80\x3f\x00\x00\x00\x40\x00\x00\x40\x40\x00\x00\x80\x40' >"$work/ok.raw"
expect_bad_output() {  # expect_bad_output "TEXT IN MESSAGE" OUT REPORT
  "$fineq" quantize --model "$work/ok.raw" --format raw --shape 2x2 --method fineq --out "$2" \
    --report "$3" >"$work/out.txt" 2>"$work/err.txt"
  local status=$?
  [ "$status" -eq 2 ] || fail "quantize --out $2 --report $3: expected exit 2, got $status"
  expect_in "$work/err.txt" "$1"
  ls "$work"/bad.* >/dev/null 2>&1 && fail "quantize --out $2 --report $3: left an output file"
  rm -f "$work"/bad.*
}
expect_bad_output "--out: directory '$work/no/such/dir'" "$work/no/such/dir/x.fqw" "$work/bad.json"
expect_bad_output "--report: directory '$work/no/such/dir'" "$work/bad.fqw" "$work/no/such/dir/x.json"
expect_bad_output "--out: '$work' is a directory" "$work" "$work/bad.json"

finish
