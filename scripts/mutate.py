#!/usr/bin/env python3
"""Mutation testing of the core files (called by scripts/mutate.sh; docs/mutation-testing.md).

Works on a copy of the source tree in BUILD_DIR/src, so the working tree is never touched.
Each mutant changes one operator or constant on one line of one core file; the copy is
rebuilt incrementally and the fast tests run: unit_tests first, then (only if it passes) the
quick SystemC tests. A mutant is killed if a test fails or times out, survives if all pass,
and is skipped if it does not compile. The original file is restored after every mutant and
on any exit (including Ctrl-C or SIGTERM).
"""
import argparse
import os
import random
import re
import signal
import subprocess
import sys
import time

CORE_FILES = [
    "software/quant/cluster_codec.cpp",
    "software/quant/fineq_quantizer.cpp",
    "software/quant/rtn_quantizer.cpp",
    "software/quant/owq_quantizer.cpp",
    "software/golden/golden.cpp",
    "model/engine/timing_model.cpp",
    "model/pe/pe_arithmetic.cpp",
]
UNIT_TARGETS = ["unit_tests"]
SYSTEMC_TARGETS = ["test_platform_bit_exact", "test_platform_errors", "test_cycle_mode"]
TEST_TIMEOUT_SECONDS = 180

# (pattern, replacement, description). Binary operators are matched with the spaces that
# clang-format puts around them, which keeps template brackets, unary minus, pointers and
# shifts out of the way.
OPERATOR_MUTATIONS = [
    (r" \+ ", " - ", "+ -> -"),
    (r" - ", " + ", "- -> +"),
    (r" \* ", " / ", "* -> /"),
    (r" < ", " <= ", "< -> <="),
    (r" <= ", " < ", "<= -> <"),
    (r" > ", " >= ", "> -> >="),
    (r" >= ", " > ", ">= -> >"),
    (r" == ", " != ", "== -> !="),
    (r" != ", " == ", "!= -> =="),
    (r" && ", " || ", "&& -> ||"),
    (r" \|\| ", " && ", "|| -> &&"),
    (r"\+= ", "-= ", "+= -> -="),
    (r"std::round\(", "std::nearbyint(", "std::round -> std::nearbyint"),
    (r"std::lround\(", "std::lrint(", "std::lround -> std::lrint"),
    (r"std::max\(", "std::min(", "std::max -> std::min"),
    (r"std::min\(", "std::max(", "std::min -> std::max"),
]
# A decimal integer or float literal that is not part of a name.
CONSTANT = re.compile(r"(?<![\w.])(\d+)(\.\d+)?(f|u|ull|ll)?(?![\w.])")


def code_part(line):
    """The part of a line that is code: no // comment, no string or char literal contents."""
    stripped = line.strip()
    if stripped.startswith(("#", "//", "*", "/*")):
        return ""
    out, in_string, quote = [], False, ""
    i = 0
    while i < len(line):
        c = line[i]
        if in_string:
            if c == "\\":
                out.append("  ")
                i += 2
                continue
            if c == quote:
                in_string = False
            out.append(" " if c != quote else c)
        elif c in "\"'":
            in_string, quote = True, c
            out.append(c)
        elif line.startswith("//", i):
            break
        else:
            out.append(c)
        i += 1
    return "".join(out)


def sync_copy(tree, copy):
    """Copies the tracked and new files of `tree` into `copy`, writing only those whose
    content differs: a rewritten file gets a new time stamp, so the build sees it, while an
    unchanged one keeps its own (copying time stamps back could hide a mutant's stale object
    file from the build)."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=tree, stdout=subprocess.PIPE, check=True).stdout
    for name in filter(None, listed.decode().split("\0")):
        source = os.path.join(tree, name)
        if not os.path.isfile(source):
            continue  # deleted but not yet committed
        target = os.path.join(copy, name)
        with open(source, "rb") as f:
            content = f.read()
        if os.path.exists(target):
            with open(target, "rb") as f:
                if f.read() == content:
                    continue
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as f:
            f.write(content)
        os.chmod(target, os.stat(source).st_mode)


def enumerate_mutants(root):
    mutants = []
    for path in CORE_FILES:
        with open(os.path.join(root, path)) as f:
            lines = f.read().split("\n")
        for number, line in enumerate(lines, start=1):
            code = code_part(line)
            if not code.strip():
                continue
            for pattern, replacement, what in OPERATOR_MUTATIONS:
                for match in re.finditer(pattern, code):
                    mutated = line[: match.start()] + replacement + line[match.end():]
                    mutants.append((path, number, match.start(), what, mutated))
            for match in CONSTANT.finditer(code):
                whole, fraction, suffix = match.group(1), match.group(2) or "", match.group(3) or ""
                value = int(whole)
                for delta in (+1, -1):
                    if value + delta < 0:
                        continue
                    new = f"{value + delta}{fraction}{suffix}"
                    mutated = line[: match.start()] + new + line[match.end():]
                    what = f"constant {match.group(0)} -> {new}"
                    mutants.append((path, number, match.start(), what, mutated))
    return mutants


def mutant_id(mutant):
    path, number, column, what, _ = mutant
    return f"{path}:{number}:{column + 1}"


class Source:
    """One core file of the copy, restored on exit whatever happens."""

    def __init__(self, path):
        self.path = path
        with open(path) as f:
            self.original = f.read()

    def write_line(self, number, text):
        lines = self.original.split("\n")
        lines[number - 1] = text
        with open(self.path, "w") as f:
            f.write("\n".join(lines))

    def restore(self):
        with open(self.path) as f:
            if f.read() == self.original:
                return
        with open(self.path, "w") as f:
            f.write(self.original)


RUNNING = []  # the child process group of the build or test running now


def run(command, cwd, timeout=None):
    """Exit status and output of `command`; None on timeout. The child gets its own process
    group so that a timeout or an interrupt ends the whole build or test with it."""
    child = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             text=True, start_new_session=True)
    RUNNING.append(child)
    try:
        output, _ = child.communicate(timeout=timeout)
        return child.returncode, output
    except subprocess.TimeoutExpired:
        os.killpg(child.pid, signal.SIGKILL)
        child.communicate()
        return None, "timeout"
    finally:
        RUNNING.remove(child)


def build(build_dir, targets):
    code, _ = run(["cmake", "--build", build_dir, "-j2", "--target", *targets], cwd=build_dir)
    return code == 0


def first_failing_test(build_dir, targets):
    """The first test executable that fails (or times out), None if all pass."""
    for target in targets:
        binary = os.path.join(build_dir, "testbench", target)
        if not os.path.exists(binary):
            binary = os.path.join(build_dir, target)
        command = [binary]
        if target == "unit_tests":
            command.append("--gtest_brief=1")
        code, _ = run(command, cwd=build_dir, timeout=TEST_TIMEOUT_SECONDS)
        if code is None:
            return target + " (timeout)"
        if code != 0:
            return target
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tree", help="working tree to copy into --src first")
    parser.add_argument("--src", required=True, help="copy of the source tree to mutate")
    parser.add_argument("--build", required=True, help="build folder of that copy")
    parser.add_argument("--count", type=int, default=50, help="mutants to sample (0 = all)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", nargs="*", default=[], help="mutant ids FILE:LINE:COL[:N]")
    parser.add_argument("--list", action="store_true", help="list the sample and stop")
    args = parser.parse_args()
    args.src, args.build = os.path.abspath(args.src), os.path.abspath(args.build)
    if args.tree:
        sync_copy(args.tree, args.src)

    mutants = enumerate_mutants(args.src)
    # Several mutations can share a position (e.g. +1 and -1): number them FILE:LINE:COL:N.
    numbered, seen = [], {}
    for m in mutants:
        key = mutant_id(m)
        seen[key] = seen.get(key, 0) + 1
        numbered.append((f"{key}:{seen[key]}", m))
    if args.only:
        wanted = set(args.only)
        sample = [(i, m) for i, m in numbered if i in wanted or i.rsplit(":", 1)[0] in wanted]
    elif args.count and args.count < len(numbered):
        sample = sorted(random.Random(args.seed).sample(numbered, args.count),
                        key=lambda item: numbered.index(item))
    else:
        sample = numbered
    print(f"mutate: {len(numbered)} mutants in {len(CORE_FILES)} files, running {len(sample)}",
          flush=True)
    if args.list:
        for i, m in sample:
            print(f"{i}  {m[3]}")
        return 0

    sources = {path: Source(os.path.join(args.src, path)) for path in CORE_FILES}

    def restore_all(*_):
        for source in sources.values():
            source.restore()

    def on_signal(number, _frame):
        for child in RUNNING:
            try:
                os.killpg(child.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        restore_all()
        print(f"\nmutate: interrupted (signal {number}); sources restored", flush=True)
        sys.exit(130)

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)

    results = []
    try:
        restore_all()
        print("mutate: building the unmutated copy", flush=True)
        if not build(args.build, UNIT_TARGETS + SYSTEMC_TARGETS):
            print("mutate: the unmutated copy does not build", file=sys.stderr)
            return 2
        baseline = first_failing_test(args.build, UNIT_TARGETS + SYSTEMC_TARGETS)
        if baseline:
            print(f"mutate: {baseline} fails without any mutant", file=sys.stderr)
            return 2
        for index, (identifier, (path, number, _, what, mutated)) in enumerate(sample, start=1):
            started = time.time()
            source = sources[path]
            source.write_line(number, mutated)
            try:
                if not build(args.build, UNIT_TARGETS):
                    verdict = "not compiled"
                else:
                    failing = first_failing_test(args.build, UNIT_TARGETS)
                    if failing is None:
                        if not build(args.build, SYSTEMC_TARGETS):
                            verdict = "not compiled"
                        else:
                            failing = first_failing_test(args.build, SYSTEMC_TARGETS)
                            verdict = f"killed by {failing}" if failing else "SURVIVED"
                    else:
                        verdict = f"killed by {failing}"
            finally:
                source.restore()
            results.append((identifier, what, verdict))
            print(f"[{index}/{len(sample)}] {identifier}  {what}: {verdict}"
                  f"  ({time.time() - started:.0f} s)", flush=True)
            if verdict == "SURVIVED":
                print(f"    {mutated.strip()}", flush=True)
    finally:
        restore_all()

    killed = sum(1 for r in results if r[2].startswith("killed"))
    survived = [r for r in results if r[2] == "SURVIVED"]
    uncompiled = sum(1 for r in results if r[2] == "not compiled")
    tested = killed + len(survived)
    rate = 100.0 * killed / tested if tested else 0.0
    print(f"\nmutate: {len(results)} mutants, {uncompiled} did not compile; "
          f"{killed} of {tested} killed ({rate:.1f}%), {len(survived)} survived")
    for identifier, what, _ in survived:
        print(f"  survived: {identifier}  {what}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
