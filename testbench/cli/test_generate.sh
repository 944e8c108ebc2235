#!/usr/bin/env bash
# fineq generate end to end on the real models: software paths, the accelerator (temporal
# and a bit-parallel PE, fast and cycle mode) with tokens equal to the software integer path
# and every job bit-exact, text through the tokenizer, the report; bad input rejected with a
# message, a non-zero exit and no report.
# Usage: bash test_generate.sh BINARY SRCDIR
set -u
source "$(dirname "$0")/lib.sh"
models=$srcdir/../shared/models
for file in stories260K.bin en5M.bin en5M.tokenizer.bin; do
  if [ ! -f "$models/$file" ]; then
    [ "${CI:-}" = true ] && { fail "$models/$file missing and CI=true"; finish; }
    echo "SKIP: $models/$file not present"; exit 0
  fi
done
stories=$models/stories260K.bin
en5M=$models/en5M.bin
tok=$models/en5M.tokenizer.bin
expect_error() {  # expect_error STATUS "TEXT" ARGS...
  local want=$1 text=$2
  shift 2
  "$fineq" generate "$@" --report "$work/bad.json" >"$work/out.txt" 2>"$work/err.txt"
  local status=$?
  [ "$status" -eq "$want" ] || fail "generate $*: expected exit $want, got $status"
  expect_in "$work/err.txt" "$text"
  [ -e "$work/bad.json" ] && fail "generate $*: wrote a report"
  rm -f "$work/bad.json"
}

"$fineq" generate --help >"$work/help.txt" || fail "--help exited $?"
expect_in "$work/help.txt" "usage: fineq generate --model FILE"

# FP32 greedy from BOS with en5M: the models README's text.
"$fineq" generate --model "$en5M" --tokenizer "$tok" --steps 10 --temperature 0 --report "$work/fp32.json" \
  >"$work/out.txt" 2>"$work/err.txt" || fail "fp32 generate exited $?"
expect_in "$work/out.txt" "2. To make a foolish or"
[ "$(json "$work/fp32.json" "r['tokens']")" = "[3844, 3903, 3855, 411, 835, 261, 277, 553, 517, 303]" ] \
  || fail "fp32 tokens: $(json "$work/fp32.json" "r['tokens']")"

# The accelerator: temporal PE (FineQ) and int8x4 (RTN INT4), fast and cycle mode, sampled at
# temperature 1 from a prompt, so prefill (a batch) and decode (single tokens) both run.
for pe_mode in "temporal fast" "temporal cycle" "int8x4 fast" "int8x4 cycle"; do
  set -- $pe_mode
  report=$work/acc_$1_$2.json
  "$fineq" generate --model "$stories" --prompt-tokens 1,300,301 --steps 4 --seed 7 --accelerator --pe "$1" \
    --mode "$2" --rows 16 --cols 16 --report "$report" >"$work/out.txt" 2>"$work/err.txt" \
    || { fail "accelerator $1 $2 exited $?"; cat "$work/err.txt" >&2; continue; }
  [ "$(json "$report" "r['bit_exact_vs_software'] and r['tokens'] == r['software_tokens'] and len(r['tokens']) >= 1")" = True ] \
    || fail "$1 $2: tokens differ from the software integer path"
  [ "$(json "$report" "r['accelerator']['prefill']['tokens'] == 3 and r['accelerator']['jobs'] == 35 * (1 + len(r['tokens']) - 1)")" = True ] \
    || fail "$1 $2: job counts $(json "$report" "r['accelerator']['jobs']")"
  [ "$(json "$report" "r['accelerator']['resident_weight_bytes'] > 0 and r['accelerator']['weight_bytes_written'] <= r['accelerator']['resident_weight_bytes']")" = True ] \
    || fail "$1 $2: weights written more than once"
  [ "$(json "$report" "all(t['cycles'] > 0 and t['energy_pj'] > 0 for t in r['accelerator']['per_token'])")" = True ] \
    || fail "$1 $2: per-token costs"
done
# Same tokens from the two timing modes.
[ "$(json "$work/acc_temporal_fast.json" "r['tokens']")" = "$(json "$work/acc_temporal_cycle.json" "r['tokens']")" ] \
  || fail "fast and cycle mode gave different tokens"

# en5M with its tokenizer on the accelerator: text printed.
"$fineq" generate --model "$en5M" --tokenizer "$tok" --prompt "The cat" --steps 3 --temperature 0 --accelerator \
  --report "$work/en5M_acc.json" >"$work/out.txt" 2>"$work/err.txt" || fail "en5M accelerator exited $?"
expect_in "$work/out.txt" "tokens identical to the software integer path"
[ "$(json "$work/en5M_acc.json" "r['bit_exact_vs_software'] and len(r['text']) > 0")" = True ] || fail "en5M accelerator report"

# Bad input.
head -c 100000 "$stories" >"$work/truncated.bin"
printf 'not a model' >"$work/junk.bin"
python3 - "$stories" "$work/nan.bin" <<'PY'
import struct, sys
data = bytearray(open(sys.argv[1], "rb").read())
data[28 + 4 * 1000:28 + 4 * 1001] = struct.pack("<f", float("nan"))  # inside the token embedding
open(sys.argv[2], "wb").write(data)
PY
expect_error 2 "--model" --model "$work/absent.bin"
expect_error 1 "truncated" --model "$work/truncated.bin"
expect_error 1 "junk.bin" --model "$work/junk.bin"
expect_error 1 "non-finite" --model "$work/nan.bin"
expect_error 1 "do not match" --model "$stories" --tokenizer "$tok"
expect_error 2 "--steps" --model "$stories" --steps 0
expect_error 1 "exceeds the model's seq_len 512" --model "$stories" --steps 513
expect_error 2 "--temperature must be >= 0" --model "$stories" --temperature -1
expect_error 2 "unknown method 'int3'" --model "$stories" --method int3
expect_error 2 "--prompt needs --tokenizer" --model "$stories" --prompt "hi"
expect_error 2 "--pe needs --accelerator" --model "$stories" --pe int8x4
expect_error 2 "--accelerator needs a quantized --method" --model "$stories" --accelerator --method fp32
expect_error 1 "FP16 columns" --model "$stories" --accelerator --method owq2 --steps 1
expect_error 1 "--prompt-tokens: id 512" --model "$stories" --prompt-tokens 1,512
finish
