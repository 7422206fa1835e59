#!/usr/bin/python3
"""Times whole commands, like a small hyperfine (which this machine may not have).

Usage: timeit.py [--runs N] [--warmup N] [--prepare CMD] COMMAND [COMMAND ...]

Each COMMAND is one shell string. The commands take turns (A B A B ...), so that a change of
machine load touches them alike. --prepare runs through the shell before every run, warm-up
runs included, and is not timed (e.g. to delete a database). Output is discarded; a failing
run stops the script. Prints per command the median, mean, min and max wall time in seconds,
then, for two or more commands, each one's median over the first's. The load average at the
end is printed too: on a shared machine it says how far to trust the numbers.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time


def run_once(command):
    start = time.perf_counter()
    result = subprocess.run(command, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.stderr.write(result.stderr.decode(errors="replace"))
        sys.exit(f"timeit: '{command}' exited with {result.returncode}")
    return elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=10, help="timed runs per command (default 10)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed runs per command first (default 1)")
    parser.add_argument("--prepare", help="shell command run before every run, untimed")
    parser.add_argument("commands", nargs="+", metavar="COMMAND")
    args = parser.parse_args()
    if args.runs < 1 or args.warmup < 0:
        parser.error("--runs must be at least 1 and --warmup at least 0")

    times = {command: [] for command in args.commands}
    for round_number in range(args.warmup + args.runs):
        for command in args.commands:
            if args.prepare:
                subprocess.run(args.prepare, shell=True, check=True)
            elapsed = run_once(command)
            if round_number >= args.warmup:
                times[command].append(elapsed)

    medians = {command: statistics.median(values) for command, values in times.items()}
    for command, values in times.items():
        print(f"{command}\n  {len(values)} runs: median {medians[command]:.3f} s, mean {statistics.fmean(values):.3f} s, "
              f"min {min(values):.3f} s, max {max(values):.3f} s")
    first = args.commands[0]
    for command in args.commands[1:]:
        print(f"median ratio: '{command}' / '{first}' = {medians[command] / medians[first]:.2f}")
    print(f"load average (1 min) at the end: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
