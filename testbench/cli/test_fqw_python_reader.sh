#!/usr/bin/env bash
# docs/format.md is complete enough for a third party: scripts/fqw_reader.py, written from it
# alone, must decode files from `fineq quantize` (every encoding, groups, custom codebook,
# K not a multiple of 3) to the same statistics `fineq inspect --json` reports.
# Usage: bash test_fqw_python_reader.sh BINARY SRCDIR
set -u
source "$(dirname "$0")/lib.sh"
if ! have python3 command -v python3; then
  finish
fi

# 24 x 100 Gaussian weights with a few large ones, as raw float32.
python3 -c '
import random, struct, sys
random.seed(7)
values = [random.gauss(0, 0.02) * (8 if random.random() < 0.01 else 1) for _ in range(24 * 100)]
open(sys.argv[1], "wb").write(struct.pack("<%df" % len(values), *values))' "$work/w.raw"

compare() {  # compare NAME FILE.fqw
  "$fineq" inspect --json "$2" >"$work/cpp.json" || { fail "$1: inspect exited $?"; return; }
  python3 "$srcdir/scripts/fqw_reader.py" "$2" >"$work/py.json" || { fail "$1: fqw_reader.py rejected the file"; return; }
  python3 - "$work/cpp.json" "$work/py.json" "$1" <<'PY' || fail "$1: readers disagree"
import json, math, sys
cpp, py, label = json.load(open(sys.argv[1]))["tensors"], json.load(open(sys.argv[2])), sys.argv[3]
encodings = {"fineq-v1": 1, "intb": 2, "intb+fp16cols": 3}
rules = {"none": 0, "paper": 1, "min-error": 2}
assert len(cpp) == len(py), (len(cpp), len(py))
for c, p in zip(cpp, py):
    for key in ("name", "rows", "cols", "bits", "group_size", "fp16_columns", "clusters",
                "outlier_clusters", "value_histogram", "threshold"):
        assert c[key] == p[key], (label, c["name"], key, c[key], p[key])
    assert encodings[c["encoding"]] == p["encoding"], (label, c["name"])
    assert rules[c["rule"]] == p["rule"], (label, c["name"])
    assert c["codebook"]["normal_by_code"] == p["normal_by_code"], (label, c["name"])
    assert c["codebook"]["outlier_by_code"] == p["outlier_by_code"], (label, c["name"])
    for key in ("bits_per_weight", "scale_min", "scale_max"):
        assert math.isclose(c[key], p[key], rel_tol=1e-6), (label, c["name"], key, c[key], p[key])
print(label, "ok:", len(cpp), "tensors")
PY
}

quantize() {  # quantize NAME ARGS...
  local name=$1
  shift
  "$fineq" quantize --model "$work/w.raw" --format raw --shape 24x100 --out "$work/$name.fqw" "$@" \
    >"$work/quantize.log" 2>&1 || { fail "$name: quantize exited $?"; cat "$work/quantize.log" >&2; return; }
  compare "$name" "$work/$name.fqw"
}

quantize fineq-min-error --method fineq --rule min-error
quantize fineq-paper-g4 --method fineq --rule paper --threshold 3 --group 4
quantize fineq-symmetric --method fineq --codebook symmetric
quantize rtn2 --method rtn --bits 2
quantize rtn3-g32 --method rtn --bits 3 --group 32
quantize rtn8 --method rtn --bits 8
quantize owq3 --method owq --bits 3
quantize owq4-g25 --method owq --bits 4 --group 25

model="$srcdir/../shared/models/stories260K.bin"
if have "$model" test -f "$model"; then
  "$fineq" quantize --model "$model" --method fineq --out "$work/stories.fqw" >"$work/quantize.log" 2>&1 \
    || fail "stories260K: quantize exited $?"
  compare stories260K "$work/stories.fqw"
fi

# The independent reader also rejects a corrupted file.
python3 -c '
import sys
data = bytearray(open(sys.argv[1], "rb").read())
data[200] ^= 0xFF
open(sys.argv[2], "wb").write(data)' "$work/owq3.fqw" "$work/bad.fqw"
if python3 "$srcdir/scripts/fqw_reader.py" "$work/bad.fqw" >/dev/null 2>&1; then fail "fqw_reader.py accepted a corrupted file"; fi

finish
