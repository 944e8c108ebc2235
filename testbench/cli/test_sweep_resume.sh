#!/usr/bin/env bash
# A sweep stopped midway and rerun completes only the missing points: run 1 gets SIGTERM
# (like `timeout` or Ctrl-C), run 2 gets SIGKILL, run 3 finishes. GNU parallel's joblog of
# each run records which points that run executed to the end. A stopped run may also leave
# the result of the one point it was running (written, but stopped before it exited, so not
# in the joblog); no point may run twice, and run 3 must run exactly the missing points.
# Usage: bash test_sweep_resume.sh BINARY SRCDIR
set -euo pipefail
BINARY=$1
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# 8 points of a few tenths of a second each, one at a time.
cat > "$WORK/sweep.json" <<'JSON'
{"name": "resume-test",
 "simulate": {"defaults": {"k": 2048, "n": 2048, "pe": "int8x8"},
              "grid": {"m": [64, 65, 66, 67, 68, 69, 70, 71]}}}
JSON
OUT="$WORK/out"
count_results() { find "$OUT/points" -name '*.json' 2>/dev/null | wc -l; }
result_ids() { find "$OUT/points" -name '*.json' -printf '%f\n' 2>/dev/null | sed 's/\.json$//' | sort; }
# Point ids a run executed to the end (exit 0), from its joblog.
# Lines of $1 that are not in $2 (both sorted).
minus() { comm -23 <(echo "$1" | sed '/^$/d') <(echo "$2" | sed '/^$/d'); }
# A stopped run: everything it logged has a result that is new in this run, and at most the
# one point it was running (-j 1) has a result without a log entry.
check_stopped_run() {  # RUN BEFORE AFTER
  local logged new
  logged=$(run_ids "$1")
  new=$(minus "$3" "$2")
  [ -z "$(minus "$logged" "$new")" ] || fail "$1 logged points that are not new results: $(minus "$logged" "$new")"
  [ "$(minus "$new" "$logged" | wc -l)" -le 1 ] || fail "$1 left results of points it did not log"
}
run_ids() { awk -F'\t' 'NR > 1 && $7 == 0 { match($9, /points\/[^.]*\.json/); print substr($9, RSTART + 7, RLENGTH - 12) }' "$OUT/runs/$1.joblog" | sort; }
wait_for_results() {  # wait until at least $1 results exist, at most 120 s
  for _ in $(seq 1200); do
    [ "$(count_results)" -ge "$1" ] && return 0
    sleep 0.1
  done
  fail "no $1 results after 120 s"
}

# Run 1: stopped by SIGTERM after two points; the running point may finish, nothing is lost.
"$BINARY" sweep --config "$WORK/sweep.json" --out "$OUT" -j 1 > "$WORK/run1.log" 2>&1 &
SWEEP=$!
wait_for_results 2
kill -TERM "$SWEEP"
status=0; wait "$SWEEP" || status=$?
[ "$status" -eq 1 ] || fail "interrupted sweep exited $status, expected 1"
grep -q "interrupted" "$WORK/run1.log" || fail "run 1 does not say it was interrupted"
after1=$(result_ids)
n1=$(echo "$after1" | wc -l)
[ "$n1" -lt 8 ] || fail "run 1 finished every point before it was stopped; make the points slower"
check_stopped_run run-0001 "" "$after1"

# Run 2: killed outright (SIGKILL) after one more point; the point it was running is lost,
# finished ones are not.
"$BINARY" sweep --config "$WORK/sweep.json" --out "$OUT" -j 1 > "$WORK/run2.log" 2>&1 &
SWEEP=$!
wait_for_results $((n1 + 1))
kill -KILL "$SWEEP"
{ wait "$SWEEP" || true; } 2>/dev/null
flock "$OUT/.sweep.lock" true  # the directory stays locked until its last process ends
after2=$(result_ids)
grep -q "$n1 already done" "$WORK/run2.log" || fail "run 2 did not skip the $n1 finished points"
check_stopped_run run-0002 "$after1" "$after2"
[ "$(echo "$after2" | wc -l)" -lt 8 ] || fail "run 2 finished every point before it was killed"

# Run 3: completes exactly the missing points.
"$BINARY" sweep --config "$WORK/sweep.json" --out "$OUT" -j 1 > "$WORK/run3.log" 2>&1 ||
  { cat "$WORK/run3.log"; fail "run 3 failed"; }
all=$(result_ids)
[ "$(echo "$all" | wc -l)" -eq 8 ] || fail "not all 8 points have a result"
[ "$(run_ids run-0003)" = "$(minus "$all" "$after2")" ] ||
  fail "run 3 executed other points than the ones missing after run 2"
[ -z "$(cat <(run_ids run-0001) <(run_ids run-0002) <(run_ids run-0003) | sort | uniq -d)" ] ||
  fail "a point ran to the end in two runs"
[ -z "$(find "$OUT/points" -name '*.tmp.*')" ] || fail "temporary files left in points/"

# The aggregate is complete: 8 rows, nothing missing.
[ "$(tail -n +2 "$OUT/compute_report.csv" | wc -l)" -eq 8 ] || fail "compute_report.csv lacks rows"
grep -q '"missing": \[\]' "$OUT/results.json" || fail "results.json lists missing points"

# A fourth run has nothing to do and starts no parallel run.
"$BINARY" sweep --config "$WORK/sweep.json" --out "$OUT" > "$WORK/run4.log" 2>&1 || fail "run 4 failed"
grep -q "8 already done, 0 to run" "$WORK/run4.log" || fail "run 4 did not skip everything"
[ ! -e "$OUT/runs/run-0004.joblog" ] || fail "run 4 started points"
echo "PASS: runs executed $(run_ids run-0001 | wc -l) + $(run_ids run-0002 | wc -l) + $(run_ids run-0003 | wc -l) points"
