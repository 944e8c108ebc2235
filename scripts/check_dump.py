#!/usr/bin/env python3
"""Recomputes Y from a `fineq simulate --dump DIR` with FINEQ-SPEC section 4's arithmetic, in
NumPy float32, independently of the tool, and compares it with the device's y.npy and the
golden y_golden.npy using == (no tolerance):

    acc_g[m][n] = sum over k in group g of x_int8[m][k] * w_int[n][k]        (INT32)
    Y[m][n]     = sum over groups in order of float32(acc_g) * (w_scale[n][g] * x_scale[m])

Usage: scripts/check_dump.py DIR      exit status 0 when both are equal, 1 otherwise.
Needs NumPy (Debian: python3-numpy, run with /usr/bin/python3).
"""
import json
import sys

import numpy as np


def recompute(x, xs, w, ws, group_size):
    m, k = x.shape
    n = w.shape[0]
    size = k if group_size == 0 else group_size
    y = np.zeros((m, n), dtype=np.float32)
    for g, k0 in enumerate(range(0, k, size)):
        acc = x[:, k0:k0 + size].astype(np.int64) @ w[:, k0:k0 + size].astype(np.int64).T
        if np.abs(acc).max(initial=0) > 2**31 - 1:
            raise SystemExit("check_dump: an INT32 partial sum overflows")
        scale = ws[:, g][np.newaxis, :] * xs[:, np.newaxis]  # float32 x float32, (M, N)
        term = acc.astype(np.float32) * scale
        y = term if g == 0 else y + term
    return y


def main(directory):
    load = lambda name: np.load(f"{directory}/{name}.npy", allow_pickle=False)
    meta = json.load(open(f"{directory}/dump.json"))
    x, xs, w, ws = load("x_int8"), load("x_scales"), load("w_int"), load("w_scales")
    for name, array, dtype in (("x_int8", x, np.int8), ("x_scales", xs, np.float32),
                               ("w_int", w, np.int8), ("w_scales", ws, np.float32)):
        if array.dtype != dtype:
            raise SystemExit(f"check_dump: {name}.npy has dtype {array.dtype}, expected {dtype}")
    y = recompute(x, xs, w, ws, meta["group_size"])
    status = 0
    for name in ("y", "y_golden"):
        other = load(name)
        differ = int(np.count_nonzero(~(other == y)))
        print(f"{name}.npy: {differ} of {y.size} values differ from the recomputed Y")
        status |= differ != 0 or other.shape != y.shape
    return status


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: scripts/check_dump.py DIR")
    sys.exit(main(sys.argv[1]))
