#!/usr/bin/env bash
# fineq inspect on the worked example of docs/format.md (bytes written here by hand), its
# JSON form, and rejection of corrupted, truncated and missing files.
# Usage: bash test_inspect.sh BINARY SRCDIR
set -u
source "$(dirname "$0")/lib.sh"

example=$work/example.fqw
# docs/format.md, "Worked example": one FineQ-v1 tensor 't', 2 x 4.
printf '\x46\x49\x4E\x45\x51\x46\x51\x57\x01\x00\x00\x00\x01\x00\x00\x00' >"$example"
printf '\x71\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\xB1\xB6\x29\x4B' >>"$example"
printf '\x51\x00\x00\x00\x00\x00\x00\x00\x01\x00\x01\x00\x02\x00\x00\x00' >>"$example"
printf '\x04\x00\x00\x00\x01\x00\x00\x00\x00\x00\x80\x40\x00\x00\x00\x00' >>"$example"
printf '\x00\x01\xFE\xFF\x00\x01\x02\x03\xFC\xFD\xFE\xFF\x00\x00\x00\x00' >>"$example"
printf '\x02\x00\x00\x00\x00\x00\x00\x00\x04\x00\x00\x00\x00\x00\x00\x00' >>"$example"
printf '\x74\x9C\xB9\xD5\x9E\x00\x3C\x00\x38\x18\x98\xA2\x30\xF7\x9B\xF5\x47' >>"$example"

"$fineq" inspect "$example" >"$work/out.txt" 2>"$work/err.txt" || fail "inspect of the example exited $?"
expect_in "$work/out.txt" ".fqw version 1, 1 tensor, 113 bytes"
expect_in "$work/out.txt" "tensor 0 't': 2 x 4 (N x K), fineq-v1, codebook default, rule paper T=4, scales per row"
expect_in "$work/out.txt" "payload 4 B + scales 4 B = 8 B, 8.000 bits/weight"
expect_in "$work/out.txt" "clusters 4, outlier 2 (50.00%)"
# Decoded weights: row 0 = 1 -2 0 3, row 1 = -4 0 2 -1.
expect_in "$work/out.txt" "-4:1 (12.50%) -2:1 (12.50%) -1:1 (12.50%) 0:2 (25.00%) 1:1 (12.50%) 2:1 (12.50%) 3:1 (12.50%)"
expect_in "$work/out.txt" "min 0.5, max 1"

"$fineq" inspect --json "$example" >"$work/out.json" || fail "inspect --json exited $?"
if have python3 command -v python3; then
  python3 - "$work/out.json" <<'PY' || fail "JSON content"
import json, sys
d = json.load(open(sys.argv[1]))
t = d["tensors"][0]
assert d["version"] == 1 and d["tensor_count"] == 1 and d["file_bytes"] == 113, d
assert (t["name"], t["rows"], t["cols"], t["encoding"], t["rule"]) == ("t", 2, 4, "fineq-v1", "paper"), t
assert t["codebook"]["normal_by_code"] == [0, 1, -2, -1], t
assert t["codebook"]["outlier_by_code"] == [0, 1, 2, 3, -4, -3, -2, -1], t
assert t["bits_per_weight"] == 8.0 and t["outlier_cluster_fraction"] == 0.5, t
assert t["value_histogram"] == {"-4": 1, "-2": 1, "-1": 1, "0": 2, "1": 1, "2": 1, "3": 1}, t
assert (t["scale_min"], t["scale_max"]) == (0.5, 1.0), t
assert d["total"]["weights"] == 8, d
PY
else
  expect_in "$work/out.json" '"outlier_cluster_fraction": 0.5'
fi

# A flipped payload byte (offset 105, the first payload byte) is named; nothing goes to stdout.
cp "$example" "$work/flipped.fqw"
printf '\x19' | dd of="$work/flipped.fqw" bs=1 seek=105 conv=notrunc status=none
if "$fineq" inspect "$work/flipped.fqw" >"$work/out.txt" 2>"$work/err.txt"; then fail "corrupt file accepted"; fi
expect_in "$work/err.txt" "flipped.fqw: tensor 0 't': data checksum mismatch"
[ -s "$work/out.txt" ] && fail "output printed for a corrupt file"

head -c 100 "$example" >"$work/short.fqw"
"$fineq" inspect "$work/short.fqw" 2>"$work/err.txt" >/dev/null
[ $? -eq 1 ] || fail "truncated file: expected exit 1"
expect_in "$work/err.txt" "header field file_length = 113 but the file has 100 bytes"

"$fineq" inspect "$work/missing.fqw" 2>"$work/err.txt" >/dev/null
[ $? -eq 1 ] || fail "missing file: expected exit 1"
expect_in "$work/err.txt" "missing.fqw: cannot open"

"$fineq" inspect 2>"$work/err.txt" >/dev/null
[ $? -eq 2 ] || fail "no argument: expected exit 2"
expect_in "$work/err.txt" "expected a FILE.fqw argument"
"$fineq" inspect --bogus "$example" 2>"$work/err.txt" >/dev/null
[ $? -eq 2 ] || fail "unknown option: expected exit 2"
"$fineq" inspect --help >"$work/out.txt" || fail "--help exited $?"
expect_in "$work/out.txt" "usage: fineq inspect FILE.fqw"

finish
