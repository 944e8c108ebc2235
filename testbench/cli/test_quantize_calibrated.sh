#!/usr/bin/env bash
# fineq quantize with the calibrated methods (gptq, fineq-ef) and the PB-LLM-style baseline
# on stories260K (calibration sampled from the model, seeded), the .fqw files they write, and
# bad input: missing or bad calibration, too few tokens, unknown method, fractions out of
# range, options of other methods; each with a message, the right exit status and no files.
# Usage: bash test_quantize_calibrated.sh BINARY SRCDIR
set -u
source "$(dirname "$0")/lib.sh"
model=$srcdir/../shared/models/stories260K.bin
[ -f "$model" ] || { echo "skipping: $model not found"; exit 0; }

# expect_error STATUS "TEXT IN MESSAGE" ARGS...: that exit status, message, no files written.
expect_error() {
  local status_wanted=$1 text=$2
  shift 2
  "$fineq" quantize --model "$model" "$@" --out "$work/bad.fqw" --report "$work/bad.json" \
    >"$work/out.txt" 2>"$work/err.txt"
  local status=$?
  [ "$status" -eq "$status_wanted" ] || fail "quantize $*: expected exit $status_wanted, got $status"
  expect_in "$work/err.txt" "$text"
  { [ -e "$work/bad.fqw" ] || [ -e "$work/bad.json" ]; } && fail "quantize $*: wrote an output file"
  rm -f "$work/bad.fqw" "$work/bad.json"
}

calibration=(--calibration sampled --calibration-tokens 2048)
for method in "gptq --bits 3" "gptq --bits 2 --group 128 --act-order" "fineq-ef" "fineq-ef --rule paper --scale-search hessian" "pbllm"; do
  name=${method// /}
  extra=()
  [ "$name" = pbllm ] || extra=("${calibration[@]}")
  # shellcheck disable=SC2086
  "$fineq" quantize --model "$model" --method $method "${extra[@]}" --threads 2 \
    --out "$work/$name.fqw" --report "$work/$name.json" >"$work/out.txt" 2>"$work/err.txt" ||
    { fail "quantize --method $method exited $?"; cat "$work/err.txt" >&2; continue; }
  [ "$name" = pbllm ] || expect_in "$work/out.txt" "calibration: 2"
  [ "$(json "$work/$name.json" "len(r['matrices'])")" = 35 ] || fail "$method: expected 35 matrices"
  "$fineq" inspect "$work/$name.fqw" >"$work/inspect.txt" 2>&1 || fail "inspect of the $method file exited $?"
done
[ "$(json "$work/fineq-ef.json" "r['matrices'][0]['encoding']")" = fineq-v1 ] || fail "fineq-ef must store FineQ-v1"
[ "$(json "$work/pbllm.json" "r['matrices'][0]['encoding']")" = binary+fp16 ] || fail "pbllm must store binary+fp16"
# PB-LLM bits: 2 (sign + salient flag) + 16 x 10 % + 16 / K per row scale; wq is 64 x 64.
bits=$(json "$work/pbllm.json" "round(r['matrices'][0]['bits_per_weight'], 4)")
[ "$bits" = "$(python3 -c 'print(round((2 * 4096 + 16 * round(0.1 * 4096) + 16 * 64) / 4096, 4))')" ] ||
  fail "pbllm bits per weight: got $bits"
# Sampled calibration is seeded: the same file twice.
"$fineq" quantize --model "$model" --method fineq-ef "${calibration[@]}" --out "$work/again.fqw" >/dev/null 2>&1
cmp -s "$work/again.fqw" "$work/fineq-ef.fqw" || fail "fineq-ef with the same sampled calibration differs"

expect_error 2 "need --calibration TOKENS.u16" --method gptq
expect_error 2 "method: expected fineq, rtn, owq, gptq, pbllm or fineq-ef" --method obq
expect_error 2 "salient-fraction: expected 0 <= f < 1, got 1.5" --method pbllm --salient-fraction 1.5
expect_error 2 "salient-fraction: expected 0 <= f < 1, got -0.1" --method pbllm --salient-fraction -0.1
expect_error 2 "--salient-fraction only applies to --method pbllm" --method rtn --salient-fraction 0.1
expect_error 2 "--calibration only applies to gptq and fineq-ef" --method fineq --calibration sampled
expect_error 2 "--act-order only applies to --method gptq" --method fineq-ef --act-order "${calibration[@]}"
expect_error 2 "damping: expected" --method gptq --damping -1 "${calibration[@]}"
expect_error 2 "--scale-search: expected weight or hessian" --method fineq-ef --scale-search best "${calibration[@]}"
expect_error 2 "--calibration: " --method gptq --calibration "$work/missing.u16"
expect_error 1 "too few calibration tokens: 100, need at least 172" --method gptq --calibration sampled --calibration-tokens 100
printf 'abc' >"$work/odd.u16"
expect_error 1 "odd.u16: 3 bytes is odd" --method fineq-ef --calibration "$work/odd.u16" --calibration-tokens 1
python3 -c 'import sys; sys.stdout.buffer.write(bytes([0xFF, 0xFF]) * 400)' >"$work/ids.u16"
expect_error 1 "has id 65535, beyond the model's vocabulary of 512" --method gptq --calibration "$work/ids.u16" --calibration-tokens 400
expect_error 1 "too few calibration tokens: the file holds 400, 500 requested" --method gptq --calibration "$work/ids.u16" --calibration-tokens 500

# fineq eval: the calibrated methods need --calibration; calibration must not overlap the
# evaluated held-out windows (the last tokens of the file against its first windows).
en5m=$srcdir/../shared/models/en5M.bin
heldout=$srcdir/../shared/models/en5M.heldout.u16
if [ -f "$en5m" ] && [ -f "$heldout" ]; then
  "$fineq" eval --model "$en5m" --heldout "$heldout" --methods fp32,gptq2 --report "$work/bad.json" \
    >"$work/out.txt" 2>"$work/err.txt"
  [ $? -eq 2 ] || fail "eval gptq2 without --calibration: expected exit 2"
  expect_in "$work/err.txt" "need --calibration TOKENS.u16"
  "$fineq" eval --model "$en5m" --heldout "$heldout" --methods fineq-ef-min-error --calibration "$heldout" \
    --calibration-tokens 199000 --report "$work/bad.json" >"$work/out.txt" 2>"$work/err.txt"
  [ $? -eq 1 ] || fail "eval with overlapping calibration: expected exit 1"
  expect_in "$work/err.txt" "would overlap the 4112 evaluated ones (the file holds 200000)"
  [ -e "$work/bad.json" ] && fail "eval wrote a report after an error"
fi
finish
