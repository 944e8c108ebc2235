#!/usr/bin/env bash
# `fineq simulate --mode structural`: the same report as --mode cycle (cycles, counters, Y
# checked against golden) for every PE kind; --vcd writes a valid VCD (vcd2fst converts it,
# when installed) whose clock has cycles.total rising edges and which holds the port signals
# of exactly the requested PE modules, with each activation reaching the right neighbour's
# act_in one clock after the PE's own; a config file's "mode" key selects it; bad requests
# (--pe-model outside structural mode, unknown PE models, arrays over the PE-module limit)
# exit non-zero with a message and write nothing.
# Usage: bash test_structural.sh BINARY SRCDIR
set -u
source "$(dirname "$0")/lib.sh"

# 1. Structural and cycle mode reports agree except for the mode and the wall time.
for pe in temporal int8x4 int8x8; do
  common=(simulate --m 3 --k 52 --n 11 --rows 5 --cols 4 --pe "$pe" --memory dram --dram-latency 9)
  "$fineq" "${common[@]}" --mode cycle --report "$work/cycle_$pe.json" >"$work/cycle.out" 2>&1 \
    || fail "$pe cycle run: $(cat "$work/cycle.out")"
  echo "{\"mode\": \"structural\"}" >"$work/structural.json"
  "$fineq" "${common[@]}" --config "$work/structural.json" --report "$work/structural_$pe.json" \
    >"$work/structural.out" 2>&1 || fail "$pe structural run: $(cat "$work/structural.out")"
  expect_in "$work/structural.out" "mode structural"
  expect_in "$work/structural.out" "bit-exact yes"
  python3 - "$work/cycle_$pe.json" "$work/structural_$pe.json" <<'PY' || fail "$pe: structural report differs from cycle mode"
import json, sys
def flat(d, prefix=""):
    out = {}
    for k, v in d.items():
        out.update(flat(v, prefix + k + ".") if isinstance(v, dict) else {prefix + k: v})
    return out
a, b = (flat(json.load(open(p))) for p in sys.argv[1:3])
ignored = {"sim.mode", "config.mode", "sim.wall_seconds"}
diff = sorted(k for k in set(a) | set(b) if k not in ignored and a.get(k) != b.get(k))
if diff or b["sim.mode"] != "structural":
    print("differs:", diff, file=sys.stderr)
    sys.exit(1)
PY
done

# 2. A traced structural job: a valid VCD of the PE modules' port signals.
if "$fineq" simulate --mode structural --m 3 --k 40 --n 9 --rows 4 --cols 3 --memory dram \
    --dram-latency 5 --vcd "$work/job.vcd" --trace-pes 1:2,0:1 --report "$work/job.json" \
    >"$work/job.out" 2>&1; then
  [ -s "$work/job.gtkw" ] || fail "no .gtkw written beside the VCD"
  ls "$work" | grep -q partial && fail "a partial trace file was left behind"
  total=$(json "$work/job.json" "r['cycles']['total']")
  python3 - "$work/job.vcd" "$work/job.gtkw" "$total" <<'PY' || fail "VCD content"
import re, sys
text = open(sys.argv[1]).read()
header, _, body = text.partition("$enddefinitions")
ids, scopes = {}, []
for line in header.splitlines():
    w = line.split()
    if w[:2] == ["$scope", "module"]: scopes.append(w[2])
    elif w[:2] == ["$upscope", "$end"]: scopes.pop()
    elif w[:1] == ["$var"]: ids[".".join(scopes + [w[4]])] = w[3]
problems = []
pes = sorted({name.split(".")[1] for name in ids if name.startswith("SystemC.pe_")})
if pes != ["pe_1_0", "pe_1_1", "pe_2_0", "pe_2_1"]: problems.append(f"traced PEs {pes}")
ports = ["weight_valid", "weight", "act_in", "valid_in", "pulse", "window_end", "psum_in",
         "act_out", "valid_out", "psum_out"]
for pe in pes:
    for port in ports:
        if f"SystemC.{pe}.{port}" not in ids: problems.append(f"{pe}.{port} not traced")
# Value changes per id: [(time, value)].
changes, now = {}, 0
for line in body.splitlines():
    if line.startswith("#"): now = int(line[1:]); continue
    m = re.match(r"^b([01xz]+) (\S+)$", line) or re.match(r"^([01xz])(\S+)$", line)
    if m: changes.setdefault(m.group(2), []).append((now, m.group(1)))
rising = sum(1 for t, v in changes[ids["SystemC.control.clock"]] if v == "1")
if rising != int(sys.argv[3]): problems.append(f"{rising} rising edges, cycles.total {sys.argv[3]}")
# The systolic skew: PE 1,1 sees on act_in what PE 1,0 saw one clock (1000 ps) earlier.
left = [(t + 1000, v) for t, v in changes[ids["SystemC.pe_1_0.act_in"]] if t > 0]
right = [(t, v) for t, v in changes[ids["SystemC.pe_1_1.act_in"]] if t > 0]
if not left or left != right: problems.append("pe_1_1.act_in is not pe_1_0.act_in one clock later")
# Some partial sum leaves PE 2,1 (the bottom row holds waves' results).
if len(changes.get(ids["SystemC.pe_2_1.psum_out"], [])) < 3: problems.append("psum_out never moves")
wanted = [l.strip() for l in open(sys.argv[2]) if l.startswith("SystemC.")]
bare = [re.sub(r"\[\d+:0\]$", "", n) for n in wanted]
missing = [n for n in bare if n not in ids]
if missing: problems.append(f"gtkw names missing from the VCD: {missing[:5]}")
if problems:
    print("\n".join(problems), file=sys.stderr)
    sys.exit(1)
PY
  if command -v vcd2fst >/dev/null; then
    vcd2fst "$work/job.vcd" "$work/job.fst" >"$work/vcd2fst.out" 2>&1 \
      || fail "vcd2fst rejects the VCD: $(cat "$work/vcd2fst.out")"
    [ -s "$work/job.fst" ] || fail "vcd2fst wrote no FST"
  else
    echo "note: vcd2fst not installed, VCD not converted"
  fi
else
  fail "traced structural run exited non-zero: $(cat "$work/job.out")"
fi

# 3. Bad requests: message, non-zero exit, no report or trace written.
expect_error() {  # expect_error PATTERN ARGS...
  local pattern=$1
  shift
  rm -f "$work"/bad*
  if "$fineq" simulate --m 2 --k 30 --n 8 --report "$work/bad.json" "$@" \
      >"$work/bad.out" 2>&1; then
    fail "simulate $* succeeded"
  fi
  grep -q -- "$pattern" "$work/bad.out" || fail "simulate $*: expected '$pattern' in: $(cat "$work/bad.out")"
  ls "$work" | grep -q '^bad\.\(json\|vcd\|gtkw\)\|partial' && fail "simulate $* left a file behind"
}
expect_error "--pe-model only applies to --mode structural" --pe-model systemc
# The list ends with systemc; "rtl, " precedes it when the build has verilator (docs/rtl.md).
expect_error "--pe-model: no 'verilog' implementation of the temporal PE for --mode structural; available: \(rtl, \)\?systemc$" \
  --mode structural --pe-model verilog
expect_error "--mode structural: a 200 x 100 array (--rows x --cols) is 20000 PE modules, more than the limit of 16384" \
  --mode structural --rows 200 --cols 100
expect_error "raise the limit with the environment variable FINEQ_STRUCTURAL_MAX_PES" \
  --mode structural --rows 200 --cols 100 --vcd "$work/bad.vcd"
FINEQ_STRUCTURAL_MAX_PES=15 expect_error "is 16 PE modules, more than the limit of 15" \
  --mode structural --rows 4 --cols 4
expect_error "mode: expected fast, cycle or structural, got 'rtl'" --mode rtl

finish
