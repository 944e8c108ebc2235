#!/usr/bin/env bash
# Tensors in and out of `fineq simulate`: --activations (float32, or int8 with
# --activation-scales) and --weights FILE.npy run bit-exact; --dump writes the job's tensors
# and scripts/check_dump.py, an independent NumPy recomputation of FINEQ-SPEC section 4,
# finds Y equal to them with == (and detects a changed value); float32 activations dumped and
# fed back as int8 + scales give the same Y; bad .npy files (dtype, shape, rank, NaN, Inf,
# -128) exit 2 naming the flag and the problem, and write nothing.
# Usage: bash test_npy_tensors.sh BINARY SRCDIR
set -u
source "$(dirname "$0")/lib.sh"
# NumPy comes from Debian's python3-numpy (scripts/setup.sh), which only Debian's interpreter sees.
py=/usr/bin/python3
"$py" -c 'import numpy' 2>/dev/null || { fail "NumPy missing: apt-get install python3-numpy"; finish; }
check_dump="$py $srcdir/scripts/check_dump.py"

"$py" - "$work" <<'PY'
import sys
import numpy as np
d = sys.argv[1]
rng = np.random.default_rng(5)
x = rng.standard_normal((6, 50)).astype(np.float32); x[2] = 0; x[:, 7] *= 30
np.save(f"{d}/x.npy", x)
np.save(f"{d}/w.npy", (rng.standard_normal((21, 50)) * 0.02).astype(np.float32))
np.save(f"{d}/x64.npy", x.astype(np.float64))
np.save(f"{d}/x_k49.npy", x[:, :49])
np.save(f"{d}/x3d.npy", x.reshape(2, 3, 50))
bad = x.copy(); bad[1, 3] = np.nan; np.save(f"{d}/x_nan.npy", bad)
bad = x.copy(); bad[4, 9] = np.inf; np.save(f"{d}/x_inf.npy", bad)
q = np.clip(np.round(x * 3), -127, 127).astype(np.int8); q[0, 0] = -128
np.save(f"{d}/q128.npy", q)
np.save(f"{d}/scales.npy", np.ones(6, dtype=np.float32))
np.save(f"{d}/scales5.npy", np.ones(5, dtype=np.float32))
PY

for pe in temporal int8x4 int8x8; do
  out="$work/dump-$pe"
  if "$fineq" simulate --pe "$pe" --rows 8 --cols 8 --group 12 --activations "$work/x.npy" \
       --weights "$work/w.npy" --dump "$out" >"$work/$pe.out" 2>&1; then
    expect_in "$work/$pe.out" "bit-exact yes"
    expect_in "$work/$pe.out" "Y[6 x 21] = X[6 x 50]"
    $check_dump "$out" >"$work/$pe.check" 2>&1 || fail "$pe: check_dump.py: $(cat "$work/$pe.check")"
    expect_in "$work/$pe.check" "y.npy: 0 of 126 values differ"
  else
    fail "$pe: simulate with .npy tensors: $(cat "$work/$pe.out")"
  fi
done

# The dumped int8 X and scales, fed back, give the same Y bit for bit.
if "$fineq" simulate --rows 8 --cols 8 --activations "$work/dump-temporal/x_int8.npy" \
     --activation-scales "$work/dump-temporal/x_scales.npy" --weights "$work/w.npy" --group 12 \
     --dump "$work/again" >"$work/again.out" 2>&1; then
  cmp -s "$work/again/y.npy" "$work/dump-temporal/y.npy" || fail "int8 + scales round trip changed Y"
else
  fail "int8 activations: $(cat "$work/again.out")"
fi

# check_dump.py can fail: change one value of Y.
"$py" -c 'import numpy as np, sys; y = np.load(sys.argv[1]); y[1, 2] = np.nextafter(y[1, 2], np.float32(1e9)); np.save(sys.argv[1], y)' \
  "$work/dump-int8x8/y.npy"
if $check_dump "$work/dump-int8x8" >"$work/changed.out" 2>&1; then
  fail "check_dump.py accepted a changed Y"
fi
expect_in "$work/changed.out" "y.npy: 1 of 126 values differ"

bad() {  # bad TEXT ARGS...: exit 2, message, no dump
  local text=$1
  shift
  rm -rf "$work/baddump"
  "$fineq" simulate --rows 8 --cols 8 --dump "$work/baddump" "$@" >"$work/bad.out" 2>&1
  local status=$?
  [ "$status" -eq 2 ] || fail "$*: exit $status, expected 2"
  expect_in "$work/bad.out" "$text"
  [ ! -e "$work/baddump" ] || fail "$*: wrote a dump"
}
bad "--activations: $work/x64.npy: dtype '<f8' is not supported" --activations "$work/x64.npy" --weights "$work/w.npy"
bad "expected M x K with K = 50" --activations "$work/x_k49.npy" --weights "$work/w.npy"
bad "expected a 2-D array, got shape (2, 3, 50)" --activations "$work/x3d.npy" --weights "$work/w.npy"
bad "non-finite value nan at [1, 3]" --activations "$work/x_nan.npy" --weights "$work/w.npy"
bad "non-finite value inf at [4, 9]" --activations "$work/x_inf.npy" --weights "$work/w.npy"
bad "value -128 at [0, 0]" --activations "$work/q128.npy" --activation-scales "$work/scales.npy" --weights "$work/w.npy"
bad "expected 6 scales" --activations "$work/dump-temporal/x_int8.npy" --activation-scales "$work/scales5.npy" --weights "$work/w.npy"
bad "--activation-scales needs --activations" --activation-scales "$work/scales.npy" --weights "$work/w.npy"
bad "--m: the rows of --activations set M" --activations "$work/x.npy" --m 6 --weights "$work/w.npy"
bad "--weights: $work/x3d.npy: expected a 2-D array" --weights "$work/x3d.npy"
finish
