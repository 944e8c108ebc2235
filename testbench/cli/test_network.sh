#!/usr/bin/env bash
# `fineq network`: the per-layer cycle column of COMPUTE_REPORT.csv equals `fineq simulate` of
# each layer alone (GEMM and convolution topologies, every PE kind, ideal and DRAM memory);
# the timing-only estimate (--functional off) writes the same cycles and energy as the full
# simulation; a SCALE-Sim .cfg sets the array; bad topologies, configs and options exit
# non-zero naming the file, line or field, and leave no report behind.
# Usage: bash test_network.sh BINARY SRCDIR
set -u
source "$(dirname "$0")/lib.sh"

# Column NAME of COMPUTE_REPORT.csv, one value per line.
column() {  # column FILE NAME
  python3 - "$1" "$2" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1]), skipinitialspace=True))
i = rows[0].index(sys.argv[2])
for row in rows[1:]:
    print(row[i])
PY
}

cat >"$work/gemm.csv" <<'CSV'
Layer, M, N, K,
q, 16, 64, 96,
gemv, 1, 40, 100,
odd, 7, 33, 71,
CSV
cat >"$work/conv.csv" <<'CSV'
Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,
c1, 9, 9, 3, 3, 3, 8, 2,
c2, 5, 5, 3, 3, 8, 12, 1,
CSV
# c1: ceil((9-3+2)/2) = 4 per side: M = 16, K = 27, N = 8; c2: 3 x 3 = 9, K = 72, N = 12.
conv_shapes="16 8 27
9 12 72"
gemm_shapes="16 64 96
1 40 100
7 33 71"

check_against_simulate() {  # check_against_simulate NAME TOPOLOGY SHAPES OPTIONS...
  local name=$1 topology=$2 shapes=$3
  shift 3
  if ! "$fineq" network --topology "$topology" --out "$work/$name" "$@" >"$work/$name.out" 2>&1; then
    fail "$name: network exited non-zero: $(cat "$work/$name.out")"
    return
  fi
  local expected="" m n k
  while read -r m n k; do
    expected+="$("$fineq" simulate --m "$m" --n "$n" --k "$k" "$@" | sed -n 's/^cycles   total \([0-9]*\),.*/\1/p')"$'\n'
  done <<<"$shapes"
  local got
  got="$(column "$work/$name/COMPUTE_REPORT.csv" "Total Cycles")"$'\n'
  [ "$got" = "$expected" ] || fail "$name: Total Cycles column '$got' != fineq simulate per layer '$expected'"
  if ! "$fineq" network --topology "$topology" --out "$work/$name-estimate" --functional off "$@" >"$work/$name-estimate.out" 2>&1; then
    fail "$name: --functional off exited non-zero: $(cat "$work/$name-estimate.out")"
    return
  fi
  for col in "Total Cycles" "Stall Cycles" "Compute Cycles" "MACs" "Energy Total (pJ)" "Energy DRAM (pJ)"; do
    [ "$(column "$work/$name/COMPUTE_REPORT.csv" "$col")" = "$(column "$work/$name-estimate/COMPUTE_REPORT.csv" "$col")" ] \
      || fail "$name: '$col' differs between the full simulation and --functional off"
  done
  cmp -s "$work/$name/DETAILED_ACCESS_REPORT.csv" "$work/$name-estimate/DETAILED_ACCESS_REPORT.csv" \
    || fail "$name: DETAILED_ACCESS_REPORT.csv differs between the full simulation and --functional off"
  [ "$(json "$work/$name/network.json" "r['totals']['bit_exact_layers'] == len(r['layers'])")" = "True" ] \
    || fail "$name: not every layer bit-exact"
}

check_against_simulate temporal "$work/gemm.csv" "$gemm_shapes" --rows 8 --cols 8
check_against_simulate dynamic-dram "$work/gemm.csv" "$gemm_shapes" --rows 8 --cols 4 --window dynamic --memory dram
check_against_simulate int8x4 "$work/gemm.csv" "$gemm_shapes" --pe int8x4 --rows 4 --cols 8 --memory dram
check_against_simulate int8x8-conv "$work/conv.csv" "$conv_shapes" --pe int8x8 --rows 8 --cols 8
for file in COMPUTE_REPORT.csv BANDWIDTH_REPORT.csv DETAILED_ACCESS_REPORT.csv network.json; do
  [ -s "$work/temporal/$file" ] || fail "no $file"
done
expect_in "$work/temporal/COMPUTE_REPORT.csv" "LayerID, Total Cycles, Stall Cycles, Overall Util %, Mapping Efficiency %, Compute Util %,"
expect_in "$work/temporal/BANDWIDTH_REPORT.csv" "LayerID, Avg IFMAP SRAM BW, Avg FILTER SRAM BW, Avg OFMAP SRAM BW, Avg IFMAP DRAM BW, Avg FILTER DRAM BW, Avg OFMAP DRAM BW,"
expect_in "$work/temporal/DETAILED_ACCESS_REPORT.csv" "DRAM OFMAP Start Cycle, DRAM OFMAP Stop Cycle, DRAM OFMAP Writes,"

# Per-layer weight sources in the JSON form: a .fqw tensor, a float32 .npy, a llama2.c
# checkpoint tensor, generated with its own seed; every layer bit-exact.
shared=$(cd "${FINEQ_SHARED_DIR:-$srcdir/../shared}" && pwd)
if "$fineq" quantize --model "$shared/models/stories260K.bin" --method fineq --out "$work/s.fqw" >"$work/q.out" 2>&1; then
  python3 - "$work/w.npy" <<'PY'
import struct, sys
rows, cols = 12, 20
header = "{'descr': '<f4', 'fortran_order': False, 'shape': (%d, %d), }" % (rows, cols)
header += " " * ((64 - (10 + len(header) + 1) % 64) % 64) + "\n"
with open(sys.argv[1], "wb") as out:
    out.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode())
    out.write(struct.pack("<%df" % (rows * cols), *[((i * 37) % 11 - 5) * 0.01 for i in range(rows * cols)]))
PY
  cat >"$work/sources.json" <<'JSON'
{"name": "sources", "layers": [
  {"name": "fqw", "m": 3, "n": 64, "k": 64, "weights": "s.fqw", "tensor": "layers.1.wq"},
  {"name": "npy", "m": 2, "n": 12, "k": 20, "weights": "w.npy"},
  {"name": "ckpt", "m": 4, "n": 172, "k": 64, "weights": "SHARED/models/stories260K.bin", "tensor": "layers.0.w1"},
  {"name": "gen", "m": 5, "n": 10, "k": 30, "seed": 9}]}
JSON
  sed -i "s|SHARED|$shared|" "$work/sources.json"
  if "$fineq" network --topology "$work/sources.json" --out "$work/sources" --rows 8 --cols 8 >"$work/sources.out" 2>&1; then
    expect_in "$work/sources.out" "4 of 4 layers bit-exact"
    [ "$(json "$work/sources/network.json" "[l['workload']['tensor'] for l in r['layers']]")" = \
      "['layers.1.wq', 'w', 'layers.0.w1', 'generated']" ] || fail "weight sources: wrong tensors"
  else
    fail "weight sources: $(cat "$work/sources.out")"
  fi
  printf '{"layers": [{"name": "a", "m": 2, "n": 64, "k": 64, "weights": "s.fqw"}]}' >"$work/which.json"
  "$fineq" network --topology "$work/which.json" --out "$work/which" >"$work/which.out" 2>&1 && fail "several tensors and no 'tensor' accepted"
  expect_in "$work/which.out" "layers[0] ('a'): layer 'a': '$work/s.fqw' holds 35 tensors; choose one"
else
  fail "quantize stories260K: $(cat "$work/q.out")"
fi

# A SCALE-Sim configuration: 16 x 8 array.
cat >"$work/ws.cfg" <<'CFG'
[general]
run_name = test
[architecture_presets]
ArrayHeight:    16
ArrayWidth:     8
IfmapSramSzkB:   64
FilterSramSzkB:  64
OfmapSramSzkB:   64
Dataflow : ws
[run_presets]
InterfaceBandwidth: CALC
CFG
if "$fineq" network --topology "$work/gemm.csv" --out "$work/cfg" --functional off --scalesim-config "$work/ws.cfg" >"$work/cfg.out" 2>&1; then
  [ "$(json "$work/cfg/network.json" "(r['config']['rows'], r['config']['cols'], r['config']['weight_buffer_bytes'])")" = "(16, 8, 32768)" ] \
    || fail "--scalesim-config: array or buffer not applied"
else
  fail "--scalesim-config ws: $(cat "$work/cfg.out")"
fi

# Bad input: exit status, message, no reports.
expect_error() {  # expect_error STATUS TEXT ARGS...
  local status=$1 text=$2
  shift 2
  rm -rf "$work/bad"
  "$fineq" network --out "$work/bad" "$@" >"$work/bad.out" 2>&1
  local got=$?
  [ "$got" -eq "$status" ] || fail "$*: exit $got, expected $status"
  expect_in "$work/bad.out" "$text"
  [ ! -e "$work/bad" ] || fail "$*: left $(ls "$work/bad") behind"
}
printf 'Layer, M, N, K,\na, 4, 8, 12,\nb, 4, x, 12,\n' >"$work/nonnumeric.csv"
expect_error 2 "nonnumeric.csv:3: field 'N': expected a positive integer, got 'x'" --topology "$work/nonnumeric.csv"
printf 'Layer, M, N, K,\na, 4, 8,\n' >"$work/short.csv"
expect_error 2 "short.csv:2: expected 4 fields" --topology "$work/short.csv"
sed 's/Dataflow : ws/Dataflow : os/' "$work/ws.cfg" >"$work/os.cfg"
expect_error 2 "Dataflow 'os' is not supported" --topology "$work/gemm.csv" --scalesim-config "$work/os.cfg"
expect_error 2 "--functional: expected on or off" --topology "$work/gemm.csv" --functional maybe
expect_error 2 "--topology FILE is required"
# A layer the device refuses (weights of one fold larger than the buffer): nothing written.
expect_error 1 "layer 'q'" --topology "$work/gemm.csv" --weight-buffer 8
printf '{"layers": [{"name": "a", "m": 2, "n": 4, "k": 6, "weights": "missing.npy"}]}' >"$work/missing.json"
expect_error 1 "missing.npy" --topology "$work/missing.json" --functional off
finish
