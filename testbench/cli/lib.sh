# Shared by the CLI tests, which source it first (ctest runs only test_*.sh). Each test runs as
# `bash test_NAME.sh BINARY SRCDIR`: $fineq is the binary, $srcdir the source tree and $work a
# temporary directory removed on exit. fail records a failure and carries on, so one run
# lists every problem; finish prints the summary and sets the exit status.
fineq=$1
srcdir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
expect_in() {  # expect_in FILE TEXT
  grep -qF -- "$2" "$1" || { fail "'$2' not in $(basename "$1"):"; cat "$1" >&2; }
}
json() {  # json FILE EXPRESSION: prints the value of a python expression over `r`
  python3 -c 'import json, sys; r = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}
# have WHAT COMMAND...: true if COMMAND succeeds (e.g. `have python3 command -v python3`).
# Otherwise the checks that need WHAT are skipped with a note; under CI (CI=true) a missing
# prerequisite (the ../shared models, python3) is a failure, so that nothing is skipped silently.
have() {
  local what=$1
  shift
  "$@" >/dev/null 2>&1 && return 0
  if [ "${CI:-}" = true ]; then
    fail "$what is missing (CI=true: required)"
  else
    echo "SKIP: checks that need $what ($what is missing)"
  fi
  return 1
}
finish() {
  if [ "$failures" -ne 0 ]; then
    echo "$(basename "$0" .sh): $failures failure(s)"
    exit 1
  fi
  echo "$(basename "$0" .sh): all checks passed"
  exit 0
}
