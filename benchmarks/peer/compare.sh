#!/usr/bin/env bash
# Whole-process comparison: `loadsense analyze` against the NumPy/SciPy peer (peer_analyze.py)
# on the same 24 h, 100 Hz gzip recording, file reading included. Prints both wall times and
# the ratio peer / LoadSense (the target is at least 2).
#
# Usage: benchmarks/peer/compare.sh [RUNS]        (default 5 runs each, taking turns)
# LOADSENSE names the loadsense command to time (default: the Release build of src/LoadSense.Cli,
# built if missing); RECORDING the file (default /tmp/loadsense-day.csv.gz, simulated if missing).
# Needs Debian's python3-numpy and python3-scipy.
set -euo pipefail
cd "$(dirname "$0")/../.."

runs=${1:-5}
recording=${RECORDING:-/tmp/loadsense-day.csv.gz}
if [ -z "${LOADSENSE:-}" ]; then
  dll=src/LoadSense.Cli/bin/Release/net10.0/loadsense.dll
  [ -f "$dll" ] || dotnet build src/LoadSense.Cli -c Release -nologo -v quiet
  LOADSENSE="dotnet $PWD/$dll"
fi
/usr/bin/python3 -c 'import numpy, scipy' 2>/dev/null || { echo "compare.sh: needs python3-numpy and python3-scipy (apt-get install python3-numpy python3-scipy)" >&2; exit 1; }

if [ ! -f "$recording" ]; then
  $LOADSENSE simulate "$recording" --hours 24 --rate 100
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "recording: $recording ($(du -hL "$recording" | cut -f1)); loadsense: $LOADSENSE"
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB; $(dotnet --version 2>/dev/null | sed 's/^/.NET SDK /'); $(/usr/bin/python3 -c 'import numpy, scipy, sys; print(f"Python {sys.version.split()[0]}, NumPy {numpy.__version__}, SciPy {scipy.__version__}")')"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
# A fresh database for every run, so that every LoadSense run inserts rather than replaces.
benchmarks/timeit.py --runs "$runs" --warmup 1 --prepare "rm -f $work/bench.db*" \
  "$LOADSENSE analyze $recording --placement hip --db $work/bench.db" \
  "/usr/bin/python3 benchmarks/peer/peer_analyze.py $recording"
