#!/usr/bin/env bash
# `fineq simulate` reports energy and area: components add up to the totals, every number has
# a source naming cost-table entries, the summary shows energy per MAC and TOPS/W at the
# configured clock, and a bad --cost-table stops the run before anything is written.
# Usage: bash test_simulate_energy.sh BINARY SRCDIR
set -euo pipefail
BINARY=$1
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

for pe in temporal int8x4 int8x8; do
  "$BINARY" simulate --m 3 --k 50 --n 20 --rows 4 --cols 4 --pe "$pe" --memory dram \
    --clock-mhz 250 --report "$WORK/$pe.json" > "$WORK/$pe.txt"
  grep -q "pJ array" "$WORK/$pe.txt" || fail "$pe: no energy per MAC in the summary"
  grep -q "TOPS/W" "$WORK/$pe.txt" || fail "$pe: no TOPS/W in the summary"
  grep -q "at 250 MHz" "$WORK/$pe.txt" || fail "$pe: summary ignores --clock-mhz"
  python3 - "$WORK/$pe.json" "$pe" <<'PY' || fail "$pe: report check"
import json, math, sys
report, pe = json.load(open(sys.argv[1])), sys.argv[2]
energy, area = report["energy_pj"], report["area_um2"]
array = ["pe_multipliers", "pe_adders", "pe_comparators", "pulse_counters",
         "pe_weight_registers", "pe_activation_registers", "pe_partial_sum_registers"]
on_chip = ["array_total", "column_accumulators", "output_stage", "decoder",
           "weight_buffer", "activation_buffer", "output_buffer"]
def close(a, b): return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-9)
assert close(energy["array_total"], sum(energy[k] for k in array))
assert close(energy["on_chip_total"], sum(energy[k] for k in on_chip))
assert close(energy["total"], energy["on_chip_total"] + energy["dram"])
assert close(area["array_total"], sum(area[k] for k in array))
assert close(area["total"], sum(area[k] for k in on_chip))
assert (energy["pe_multipliers"] == 0) == (pe == "temporal")
assert (energy["pe_comparators"] > 0) == (pe == "temporal")
assert set(report["energy_sources"]) == set(energy) and set(report["area_sources"]) == set(area)
assert "add8_energy" in report["energy_sources"]["pe_adders"]
assert "dram_access64" in report["energy_sources"]["dram"]
macs = report["macs"]
assert close(report["efficiency"]["energy_per_mac_pj"]["total"], energy["total"] / macs)
assert close(report["efficiency"]["tops_per_w"]["on_chip"], 2 * macs / energy["on_chip_total"])
assert close(report["efficiency"]["runtime_us"], report["cycles"]["total"] / 250)
PY
done

# A cost table without an entry the model needs: error naming it, exit 2, no report.
printf '{"format": "fineq-cost-table-1", "entries": {"add8_energy": {"value": 0.03, "unit": "pJ", "source": "t"}}}' \
  > "$WORK/partial.json"
status=0
"$BINARY" simulate --m 3 --k 50 --n 20 --cost-table "$WORK/partial.json" --report "$WORK/bad.json" \
  > "$WORK/bad.txt" 2>&1 || status=$?
[ "$status" -eq 2 ] || fail "incomplete cost table: exit $status"
grep -q "partial.json': missing entry" "$WORK/bad.txt" || fail "incomplete cost table: message"
[ ! -e "$WORK/bad.json" ] || fail "incomplete cost table: report written"
echo PASS
