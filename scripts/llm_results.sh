#!/usr/bin/env bash
# Real-model results (docs/results.md, "Real model"): the accuracy table on en5M's held-out
# text and on stories260K's own samples (fineq eval, every method, dequantized and integer
# paths), the per-token accelerator comparison (fineq generate --accelerator, 32 greedy steps
# from BOS on en5M, FineQ temporal PE vs INT8 x INT4 and INT8 x INT8 bit-parallel PEs), CSVs,
# and two plots: KL vs bits per weight, and KL vs accelerator energy per token (co-design).
# Writes out/llm/; with --docs also refreshes docs/results/llm_*.{csv,png}.
# Usage: scripts/llm_results.sh [--docs]          (about 10 minutes on a shared 2-core machine)
set -euo pipefail
cd "$(dirname "$0")/.."
fineq=${FINEQ_BUILD_DIR:-build}/fineq
models=${FINEQ_SHARED_DIR:-../shared}/models
out=out/llm
mkdir -p "$out"
methods=fp32,fineq-min-error,fineq-paper,fineq-min-error@g42,fineq-paper@g42,fineq-min-error-sym,rtn2,rtn3,rtn4,rtn8,rtn2@g128,rtn3@g128,rtn4@g128,owq2,owq3

"$fineq" eval --model "$models/en5M.bin" --heldout "$models/en5M.heldout.u16" --windows 16 --length 256 \
  --methods "$methods" --path both --report "$out/en5M_eval.json"
"$fineq" eval --model "$models/stories260K.bin" --sequences 16 --length 256 --seed 1 \
  --methods "$methods" --report "$out/stories260K_eval.json"
for run in "temporal fineq-min-error" "temporal fineq-paper" "int8x4 rtn4" "int8x4 rtn3" "int8x8 rtn8"; do
  set -- $run
  "$fineq" generate --model "$models/en5M.bin" --tokenizer "$models/en5M.tokenizer.bin" --steps 32 \
    --temperature 0 --accelerator --pe "$1" --method "$2" --report "$out/generate_$1_$2.json"
done

python3 - "$out" <<'PY'
import glob, json, os, sys
out = sys.argv[1]
for model in ("en5M", "stories260K"):
    r = json.load(open(f"{out}/{model}_eval.json"))
    with open(f"{out}/{model}_accuracy.csv", "w") as f:
        f.write("method,path,bits_per_weight,mean_rel_error,perplexity,kl_vs_fp32,top1_agreement\n")
        for m in r["methods"]:
            f.write(f"{m['method']},{m['path']},{m['bits_per_weight']:.4f},{m['mean_rel_error']:.5f},"
                    f"{m['perplexity']:.4f},{m['kl_vs_fp32']:.5f},{m['top1_agreement']:.4f}\n")
eval_rows = {(m["method"], m["path"]): m for m in json.load(open(f"{out}/en5M_eval.json"))["methods"]}
with open(f"{out}/en5M_per_token.csv", "w") as f:
    f.write("pe,method,bits_per_weight,perplexity,kl_vs_fp32,decode_cycles_per_token,"
            "decode_energy_uj_per_token,decode_dram_bytes_per_token,bit_exact_vs_software\n")
    for path in sorted(glob.glob(f"{out}/generate_*.json")):
        g = json.load(open(path))
        a, e = g["accelerator"], eval_rows[(g["method"], "integer")]
        d = a["decode"]
        f.write(f"{a['pe']},{g['method']},{g['bits_per_weight']:.4f},{e['perplexity']:.4f},{e['kl_vs_fp32']:.5f},"
                f"{d['cycles_per_token']:.0f},{d['energy_pj_per_token'] * 1e-6:.2f},{d['dram_bytes_per_token']:.0f},"
                f"{g['bit_exact_vs_software']}\n")
PY

# Plots: KL (log scale) against bits per weight, one point per method (integer path, which
# is what the accelerator computes), coloured by family; KL against decode energy per token
# on the accelerator. Labels sit right of their points.
family() { awk -F, -v f="$1" -v path="$2" 'NR > 1 && $2 == path && index($1, f) == 1 { print $3, $6, $1 }' "$out/en5M_accuracy.csv"; }
family fineq integer >"$out/kl_bits_fineq.dat"
family rtn integer >"$out/kl_bits_rtn.dat"
family owq integer >"$out/kl_bits_owq.dat"
awk -F, 'NR > 1 { print $7, $5, $1 ":" $2 }' "$out/en5M_per_token.csv" >"$out/kl_energy.dat"
gnuplot <<GP
set terminal pngcairo size 1000,620 font ",11" noenhanced
set grid
set logscale y
set key top right
set output "$out/llm_kl_vs_bits.png"
set title "en5M held-out text (16 x 256 tokens): KL divergence from FP32 vs storage cost (integer path)"
set xlabel "bits per weight (codes + scales + FP16 columns)"
set ylabel "mean KL(FP32 || method), nats per token"
set xrange [1.8:9]
plot "$out/kl_bits_fineq.dat" using 1:2 with points pt 7 ps 1.5 lc rgb "#d62728" title "FineQ", \
     "$out/kl_bits_rtn.dat" using 1:2 with points pt 5 ps 1.3 lc rgb "#1f77b4" title "RTN", \
     "$out/kl_bits_owq.dat" using 1:2 with points pt 9 ps 1.6 lc rgb "#2ca02c" title "OWQ-style", \
     "< cat $out/kl_bits_fineq.dat $out/kl_bits_rtn.dat $out/kl_bits_owq.dat" using 1:2:3 \
       with labels left offset 1.2,0 font ",8" notitle
set output "$out/llm_kl_vs_energy.png"
set title "en5M, 32 greedy decode steps on a 32 x 32 array: accuracy vs accelerator energy per token"
set xlabel "decode energy per token, uJ (45 nm table, ideal memory timing, DRAM energy counted)"
set ylabel "mean KL(FP32 || method), nats per token"
set xrange [0:*]
set offsets 0, graph 0.2, 0, 0
plot "$out/kl_energy.dat" using 1:2 with points pt 7 ps 1.5 lc rgb "#d62728" notitle, \
     "" using 1:2:3 with labels left offset 1.2,0 font ",9" notitle
GP
echo "wrote $out/*.csv, $out/llm_kl_vs_bits.png, $out/llm_kl_vs_energy.png"
if [ "${1:-}" = --docs ]; then
  mkdir -p docs/results
  cp "$out"/en5M_accuracy.csv docs/results/llm_en5M_accuracy.csv
  cp "$out"/stories260K_accuracy.csv docs/results/llm_stories260K_accuracy.csv
  cp "$out"/en5M_per_token.csv docs/results/llm_en5M_per_token.csv
  cp "$out"/llm_kl_vs_bits.png "$out"/llm_kl_vs_energy.png docs/results/
  echo "refreshed docs/results/llm_*"
fi
