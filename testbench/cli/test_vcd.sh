#!/usr/bin/env bash
# `fineq simulate --mode cycle --vcd`: the VCD is valid (GTKWave's vcd2fst converts it, when
# installed), its clock has exactly cycles.total rising edges, it holds the requested PE
# window and no other PE, NAME.gtkw beside it opens that VCD with the signals grouped, and
# the CSR write signals are traced; bad tracing requests exit non-zero with a message and
# leave no file behind.
# Usage: bash test_vcd.sh BINARY SRCDIR
set -u
source "$(dirname "$0")/lib.sh"


# Rising edges of SystemC.control.clock, and the scopes of the traced PEs, from the VCD text.
vcd_facts() {
  python3 - "$1" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
header, _, body = text.partition("$enddefinitions")
scopes, clock_id = [], None
for line in header.splitlines():
    words = line.split()
    if words[:2] == ["$scope", "module"]:
        scopes.append(words[2])
    elif words[:2] == ["$upscope", "$end"]:
        scopes.pop()
    elif words[:1] == ["$var"] and words[4] == "clock" and scopes[-1] == "control":
        clock_id = words[3]
pes = sorted(set(re.findall(r"\$scope module (pe_\d+_\d+) ", header)))
rising = sum(1 for line in body.splitlines() if line == "1" + clock_id)
print(rising, " ".join(pes))
PY
}

# 1. A traced 8 x 8 temporal job with DRAM stalls and a 2 x 3 PE window.
args=(simulate --mode cycle --m 3 --k 70 --n 20 --rows 8 --cols 8 --memory dram
      --dram-latency 20 --dram-bytes-per-cycle 2)
if "$fineq" "${args[@]}" --vcd "$work/job.vcd" --trace-pes 1:2,5:7 --report "$work/job.json" \
    >"$work/job.out" 2>&1; then
  [ -s "$work/job.vcd" ] || fail "no VCD written"
  [ -s "$work/job.gtkw" ] || fail "no .gtkw written beside the VCD"
  ls "$work" | grep -q partial && fail "a partial trace file was left behind"
  read -r rising pes <<<"$(vcd_facts "$work/job.vcd")"
  total=$(json "$work/job.json" "r['cycles']['total']")
  [ "$rising" = "$total" ] || fail "VCD has $rising rising clock edges, cycles.total is $total"
  [ "$pes" = "pe_1_5 pe_1_6 pe_1_7 pe_2_5 pe_2_6 pe_2_7" ] || fail "traced PEs: '$pes'"
  # The host's CSR writes are in the save file, hence (checked below) in the VCD; their
  # number against the driver's is test_csr_write_trace's job.
  for signal in write_count write_offset write_data; do
    grep -q "^SystemC\.csr\.$signal\[" "$work/job.gtkw" || fail "csr.$signal missing from the .gtkw"
  done
  if command -v vcd2fst >/dev/null; then
    vcd2fst "$work/job.vcd" "$work/job.fst" >"$work/vcd2fst.out" 2>&1 || fail "vcd2fst rejects the VCD: $(cat "$work/vcd2fst.out")"
    [ -s "$work/job.fst" ] || fail "vcd2fst wrote no FST"
  else
    echo "note: vcd2fst not installed, VCD not converted"
  fi
  grep -q "^\[dumpfile\] \".*job.vcd\"" "$work/job.gtkw" || fail ".gtkw does not open the VCD"
  groups=$(awk 'begin_line { print; begin_line = 0 } /^@[8c]00200$/ { begin_line = 1 }' "$work/job.gtkw" | tr '\n' '|')
  [ "$groups" = "-clock / control|-CSR registers|-bus / DMA|-decoder|-pulse counters|-PE 1,5|-PE 1,6|-PE 1,7|-PE 2,5|-PE 2,6|-PE 2,7|" ] \
    || fail "gtkw groups: $groups"
  # Every signal the save file names exists in the VCD.
  python3 - "$work/job.vcd" "$work/job.gtkw" <<'PY' || fail "gtkw names signals the VCD lacks"
import sys
header = open(sys.argv[1]).read().partition("$enddefinitions")[0]
names, scopes = set(), []
for line in header.splitlines():
    w = line.split()
    if w[:2] == ["$scope", "module"]: scopes.append(w[2])
    elif w[:2] == ["$upscope", "$end"]: scopes.pop()
    elif w[:1] == ["$var"]:
        names.add(".".join(scopes + [w[4] + (w[5] if w[5] != "$end" else "")]))
wanted = [l.strip() for l in open(sys.argv[2]) if l.startswith("SystemC.")]
missing = [n for n in wanted if n not in names]
sys.exit(1 if missing or not wanted else 0)
PY
else
  fail "traced run exited non-zero: $(cat "$work/job.out")"
fi

# 2. The default window on a 2 x 3 array is clipped to the array, not an error.
if "$fineq" simulate --mode cycle --m 2 --k 10 --n 5 --rows 2 --cols 3 --vcd "$work/small.vcd" \
    >"$work/small.out" 2>&1; then
  read -r rising pes <<<"$(vcd_facts "$work/small.vcd")"
  [ "$pes" = "pe_0_0 pe_0_1 pe_0_2 pe_1_0 pe_1_1 pe_1_2" ] || fail "default window on 2 x 3: '$pes'"
else
  fail "default-window run exited non-zero: $(cat "$work/small.out")"
fi

# 3. Bad requests: message, non-zero exit, no VCD, .gtkw or partial file.
expect_error() {  # expect_error PATTERN ARGS...
  local pattern=$1
  shift
  rm -f "$work"/bad*
  if "$fineq" simulate --m 2 --k 30 --n 8 --rows 4 --cols 4 "$@" >"$work/bad.out" 2>&1; then
    fail "simulate $* succeeded"
  fi
  grep -q -- "$pattern" "$work/bad.out" || fail "simulate $*: expected '$pattern' in: $(cat "$work/bad.out")"
  ls "$work" | grep -q '^bad\.\(vcd\|gtkw\)\|partial' && fail "simulate $* left a trace file behind"
}
expect_error "--vcd: waveforms come from the cycle-level mode" --vcd "$work/bad.vcd"
expect_error "--trace-pes needs --vcd" --mode cycle --trace-pes 0:1,0:1
expect_error "--trace-pes: expected r0:r1,c0:c1" --mode cycle --vcd "$work/bad.vcd" --trace-pes 0-1,0-1
expect_error "--trace-pes: expected first <= last" --mode cycle --vcd "$work/bad.vcd" --trace-pes 2:1,0:1
expect_error "--trace-pes: window 0:4,0:0 leaves the 4 x 4 array" --mode cycle --vcd "$work/bad.vcd" --trace-pes 0:4,0:0
expect_error "--vcd: directory '$work/missing/dir' of" --mode cycle --vcd "$work/missing/dir/bad.vcd"
expect_error "accelerator error: a weight fold needs" --mode cycle --vcd "$work/bad.vcd" --weight-buffer 10

finish
