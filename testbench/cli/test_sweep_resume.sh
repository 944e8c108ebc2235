#!/usr/bin/env bash
# A sweep stopped midway and rerun completes only the missing points: run 1 gets SIGTERM
# (like `timeout` or Ctrl-C), run 2 gets SIGKILL, run 3 finishes. GNU parallel's joblog of
# each run records which points that run executed; together they must cover every point
# exactly once, and the aggregate must be complete.
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
[ "$(run_ids run-0001)" = "$after1" ] || fail "run 1 joblog does not match the results it left"

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
[ "$(run_ids run-0002)" = "$(comm -13 <(echo "$after1") <(echo "$after2"))" ] ||
  fail "run 2 executed other points than the ones missing after run 1"
[ "$(echo "$after2" | wc -l)" -lt 8 ] || fail "run 2 finished every point before it was killed"

# Run 3: completes exactly the missing points.
"$BINARY" sweep --config "$WORK/sweep.json" --out "$OUT" -j 1 > "$WORK/run3.log" 2>&1 ||
  { cat "$WORK/run3.log"; fail "run 3 failed"; }
all=$(result_ids)
[ "$(echo "$all" | wc -l)" -eq 8 ] || fail "not all 8 points have a result"
[ "$(run_ids run-0003)" = "$(comm -13 <(echo "$after2") <(echo "$all"))" ] ||
  fail "run 3 executed other points than the ones missing after run 2"
executed=$(cat <(run_ids run-0001) <(run_ids run-0002) <(run_ids run-0003) | sort)
[ "$executed" = "$all" ] || fail "some point ran twice or not at all: $executed"
[ -z "$(find "$OUT/points" -name '*.tmp.*')" ] || fail "temporary files left in points/"

# The aggregate is complete: 8 rows, nothing missing.
[ "$(tail -n +2 "$OUT/compute_report.csv" | wc -l)" -eq 8 ] || fail "compute_report.csv lacks rows"
grep -q '"missing": \[\]' "$OUT/results.json" || fail "results.json lists missing points"

# A fourth run has nothing to do and starts no parallel run.
"$BINARY" sweep --config "$WORK/sweep.json" --out "$OUT" > "$WORK/run4.log" 2>&1 || fail "run 4 failed"
grep -q "8 already done, 0 to run" "$WORK/run4.log" || fail "run 4 did not skip everything"
[ ! -e "$OUT/runs/run-0004.joblog" ] || fail "run 4 started points"
echo "PASS: runs executed $(run_ids run-0001 | wc -l) + $(run_ids run-0002 | wc -l) + $(run_ids run-0003 | wc -l) points"
