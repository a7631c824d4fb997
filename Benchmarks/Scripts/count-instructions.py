#!/usr/bin/env python3
"""Counts the user-space instructions per operation of the data-path benchmarks under callgrind,
and checks them against the budgets in Thresholds/instructions.json.

The benchmark runner cannot run under valgrind (its async main waits in dispatch's signal loop)
and this VM has no perf events for the runner's own `instructions` metric, so the same
workloads (Workloads/, shared with the HTTPParsing, Balancing and HTTPProxying benchmarks) run
from the `instruction-counts` tool instead. Each workload runs twice, with a small and a large
number of operations; the difference in instructions divided by the difference in operations
is the cost of one operation, without start-up, setup and warm-up. Counts are the whole
process's, every thread: for the proxying workloads that is the client, the proxy's event loop
and the responder's, so the proxy's own share is a proxy variant minus
HTTPProxying.direct-keepalive-get.

    cd Benchmarks
    swift build -c release --product instruction-counts
    python3 Scripts/count-instructions.py               # print
    python3 Scripts/count-instructions.py --check       # exit 1 if a budget is exceeded
    python3 Scripts/count-instructions.py --update      # write the measured counts as budgets

valgrind 3.19 cannot read the DWARF 5 that Swift emits, so the tool runs from a copy stripped of
it (`objcopy --strip-debug`), next to a stripped copy of the malloc interposer library it links.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
PACKAGE = os.path.dirname(HERE)
BUDGETS = os.path.join(PACKAGE, "Thresholds", "instructions.json")
RELEASE = os.path.join(PACKAGE, ".build", "release")

# (small, large) operation counts per target: enough that the difference dwarfs the noise of
# timers and scheduling, few enough that callgrind finishes in seconds.
COUNTS = {"HTTPParsing": (1_000, 11_000), "Balancing": (1_000, 21_000), "HTTPProxying": (500, 2_500)}
# How far above its budget a count may go before --check fails, in percent: the pure workloads
# repeat exactly; the proxying ones vary with how reads and writes batch up.
TOLERANCE = {"HTTPParsing": 2.0, "Balancing": 2.0, "HTTPProxying": 5.0}


def instructions(binary, name, count, work):
    out = os.path.join(work, "callgrind.out")
    result = subprocess.run(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", binary, name, str(count)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if result.returncode != 0:
        sys.exit(f"valgrind {binary} {name} {count} exited with {result.returncode}:\n{result.stderr}")
    match = re.search(r"Collected : (\d+)", result.stderr)
    if not match:
        sys.exit(f"no instruction count in valgrind's output:\n{result.stderr}")
    return int(match.group(1))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=os.path.join(RELEASE, "instruction-counts"))
    parser.add_argument("--only", default=".*", help="regular expression the workload names must match")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="fail when a count exceeds its budget")
    mode.add_argument("--update", action="store_true", help="write the counts to Thresholds/instructions.json")
    args = parser.parse_args()
    if not os.path.exists(args.binary):
        sys.exit(f"{args.binary} is missing: swift build -c release --product instruction-counts")

    budgets = {}
    if os.path.exists(BUDGETS):
        with open(BUDGETS) as file:
            budgets = json.load(file)
    work = tempfile.mkdtemp(prefix="fulcrum-instructions-")
    try:
        binary = os.path.join(work, "instruction-counts")
        subprocess.run(["objcopy", "--strip-debug", args.binary, binary], check=True)
        library = os.path.join(os.path.dirname(args.binary), "libMallocInterposerSwift.so")
        if os.path.exists(library):
            subprocess.run(["objcopy", "--strip-debug", library, os.path.join(work, os.path.basename(library))],
                           check=True)
        names = subprocess.run([binary, "list"], check=True, capture_output=True, text=True).stdout.split()
        names = [name for name in names if re.fullmatch(args.only, name)]

        measured = {}
        failures = []
        print("| workload | instructions per operation | budget | difference |")
        print("|---|---:|---:|---:|")
        for name in names:
            target = name.split(".")[0]
            small, large = COUNTS[target]
            cost = (instructions(binary, name, large, work) - instructions(binary, name, small, work)) / (large - small)
            measured[name] = round(cost)
            budget = budgets.get(name)
            difference = f"{100.0 * (cost - budget) / budget:+.1f}%" if budget else "—"
            budget_text = f"{budget:,}" if budget is not None else "—"
            print(f"| {name} | {cost:,.0f} | {budget_text} | {difference} |", flush=True)
            if budget is not None and cost > budget * (1 + TOLERANCE[target] / 100):
                failures.append(f"{name}: {cost:,.0f} instructions per operation, budget {budget:,} "
                                f"(+{TOLERANCE[target]}% allowed)")
    finally:
        shutil.rmtree(work, ignore_errors=True)

    if args.update:
        budgets.update(measured)
        with open(BUDGETS, "w") as file:
            json.dump(dict(sorted(budgets.items())), file, indent=2)
            file.write("\n")
        print(f"wrote {BUDGETS}")
    if args.check:
        missing = [name for name in measured if name not in budgets]
        for line in failures:
            print(f"over budget: {line}", file=sys.stderr)
        for name in missing:
            print(f"no budget: {name} (run with --update)", file=sys.stderr)
        if failures or missing:
            sys.exit(1)
        print("every workload is within its instruction budget")


if __name__ == "__main__":
    main()
