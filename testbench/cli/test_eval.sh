#!/usr/bin/env bash
# fineq eval end to end: held-out windows and sampled sequences on the real models, the JSON
# report, and bad input (missing/truncated/non-llama2.c model, bad held-out file, unknown
# method, bad numbers) rejected with a message, a non-zero exit and no report.
# Usage: bash test_eval.sh BINARY SRCDIR
set -u
source "$(dirname "$0")/lib.sh"
models=$srcdir/../shared/models
for file in stories260K.bin en5M.bin en5M.heldout.u16; do
  if [ ! -f "$models/$file" ]; then
    [ "${CI:-}" = true ] && { fail "$models/$file missing and CI=true"; finish; }
    echo "SKIP: $models/$file not present"; exit 0
  fi
done
# expect_error STATUS "TEXT" ARGS...: that exit status, the message on stderr, no report.
expect_error() {
  local want=$1 text=$2
  shift 2
  "$fineq" eval "$@" --report "$work/bad.json" >"$work/out.txt" 2>"$work/err.txt"
  local status=$?
  [ "$status" -eq "$want" ] || fail "eval $*: expected exit $want, got $status"
  expect_in "$work/err.txt" "$text"
  [ -e "$work/bad.json" ] && fail "eval $*: wrote a report"
  rm -f "$work/bad.json"
}

"$fineq" eval --help >"$work/help.txt" || fail "--help exited $?"
expect_in "$work/help.txt" "usage: fineq eval --model FILE"

# Held-out windows on en5M, FP32 and RTN INT8 on both paths: the spec's FP32 perplexity 7.81
# needs all 16 windows of 257 tokens; 2 windows of 65 tokens check the mechanics here.
"$fineq" eval --model "$models/en5M.bin" --heldout "$models/en5M.heldout.u16" --windows 2 --length 64 \
  --methods fp32,rtn8 --path both --report "$work/en5M.json" >"$work/out.txt" 2>"$work/err.txt" \
  || { fail "en5M eval exited $?"; cat "$work/err.txt" >&2; }
expect_in "$work/out.txt" "first 2 windows of 65 tokens (128 scored tokens)"
[ "$(json "$work/en5M.json" "len(r['methods'])")" = 3 ] || fail "expected 3 rows (fp32, rtn8 x 2 paths)"
[ "$(json "$work/en5M.json" "[m['path'] for m in r['methods']]")" = "['fp32', 'dequantized', 'integer']" ] \
  || fail "paths: $(json "$work/en5M.json" "[m['path'] for m in r['methods']]")"
[ "$(json "$work/en5M.json" "r['methods'][0]['kl_vs_fp32'] == 0 and r['methods'][0]['top1_agreement'] == 1")" = True ] \
  || fail "fp32 row must have KL 0 and top-1 1"
# INT8 weights: perplexity within 1 % of FP32, KL small but not zero, bits per weight above 8.
[ "$(json "$work/en5M.json" "all(abs(m['perplexity'] / r['methods'][0]['perplexity'] - 1) < 0.01 and 0 < m['kl_vs_fp32'] < 0.01 and 8 < m['bits_per_weight'] < 8.2 for m in r['methods'][1:])")" = True ] \
  || fail "rtn8 rows: $(json "$work/en5M.json" "r['methods'][1:]")"

# Sampled sequences on stories260K (no held-out text).
"$fineq" eval --model "$models/stories260K.bin" --sequences 2 --length 16 --seed 3 --methods fp32,fineq-min-error \
  --report "$work/s.json" >"$work/out.txt" 2>"$work/err.txt" || fail "stories260K eval exited $?"
expect_in "$work/out.txt" "2 sequences of 17 tokens sampled from the FP32 model"
[ "$(json "$work/s.json" "r['scored_tokens']")" = 32 ] || fail "scored_tokens"

# Bad input.
printf 'not a model at all' >"$work/junk.bin"
head -c 100000 "$models/stories260K.bin" >"$work/truncated.bin"
head -c 4001 "$models/en5M.heldout.u16" >"$work/odd.u16"
python3 -c 'import struct, sys; open(sys.argv[1], "wb").write(struct.pack("<4H", 1, 2, 600, 3))' "$work/range.u16"
expect_error 2 "--model" --model "$work/absent.bin"
expect_error 1 "truncated" --model "$work/truncated.bin" --methods fp32
expect_error 1 "junk.bin" --model "$work/junk.bin" --methods fp32
expect_error 2 "unknown method 'awq4'" --model "$models/stories260K.bin" --methods fp32,awq4
expect_error 1 "odd byte count 4001" --model "$models/en5M.bin" --heldout "$work/odd.u16" --methods fp32
expect_error 1 "token id 600 at index 2 is out of range" --model "$models/stories260K.bin" --heldout "$work/range.u16" \
  --windows 1 --length 3 --methods fp32
expect_error 1 "--length 600 exceeds the model's seq_len 512" --model "$models/stories260K.bin" --length 600
expect_error 2 "--seed" --model "$models/stories260K.bin" --seed 0
expect_error 2 "--path" --model "$models/stories260K.bin" --path fast
expect_error 2 "--windows applies with --heldout only" --model "$models/stories260K.bin" --windows 3
finish
