#!/usr/bin/env bash
# Live benchmark: `loadsense run --simulate N --rate 100 --measure` for S seconds. Samples the
# process's CPU time and resident memory from /proc every 10 s, then prints the service's own
# latency report and checks the targets of issue 8: processing latency p99 <= 5 ms, CPU under
# one core, memory under 500 MB. Exit 0 when all are met, 1 when one is not.
#
# Usage: benchmarks/live/measure.sh [SENSORS] [SECONDS]     (defaults 1000 and 300)
# LOADSENSE names the loadsense command (default: the Release build, built if missing).
set -euo pipefail
cd "$(dirname "$0")/../.."

sensors=${1:-1000}
seconds=${2:-300}
if [ -z "${LOADSENSE:-}" ]; then
  dll=src/LoadSense.Cli/bin/Release/net10.0/loadsense.dll
  [ -f "$dll" ] || dotnet build src/LoadSense.Cli -c Release -nologo -v quiet
  LOADSENSE="dotnet $PWD/$dll"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ticks=$(getconf CLK_TCK)
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"

$LOADSENSE run --simulate "$sensors" --rate 100 --seconds "$seconds" --measure --db "$work/live.db" 2>"$work/stderr" &
pid=$!

cpu_ticks() { awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo; }
rss_mb() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$pid/status" 2>/dev/null || echo; }

# The first 30 s (start-up, JIT, the first minute's state) are not part of the steady state.
warmup=30
start=$(date +%s.%N)
first_cpu=""
first_at=""
last_cpu=""
last_at=""
peak_rss=0
printf '%8s %10s %8s\n' "time s" "CPU cores" "RSS MB"
previous_cpu=$(cpu_ticks)
previous_at=$start
while kill -0 "$pid" 2>/dev/null; do
  sleep 10
  now=$(date +%s.%N)
  cpu=$(cpu_ticks)
  rss=$(rss_mb)
  [ -n "$cpu" ] && [ -n "$rss" ] || break
  elapsed=$(echo "$now - $start" | bc)
  cores=$(printf '%.2f' "$(echo "scale=3; ($cpu - $previous_cpu) / $ticks / ($now - $previous_at)" | bc)")
  printf '%8.0f %10s %8s\n' "$elapsed" "$cores" "$rss"
  [ "$rss" -gt "$peak_rss" ] && peak_rss=$rss
  if [ -z "$first_cpu" ] && [ "$(echo "$elapsed >= $warmup" | bc)" = 1 ]; then
    first_cpu=$cpu
    first_at=$now
  fi
  last_cpu=$cpu
  last_at=$now
  previous_cpu=$cpu
  previous_at=$now
done
wait "$pid" || { cat "$work/stderr" >&2; echo "measure.sh: loadsense run failed" >&2; exit 1; }

echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
grep '^measure:' "$work/stderr"
# The service's own peak (VmHWM at its stop) also covers the final flush, after the last sample.
reported_peak=$(sed -n 's/^measure: .*peak RSS \([0-9]*\) MB.*/\1/p' "$work/stderr")
[ -n "$reported_peak" ] && [ "$reported_peak" -gt "$peak_rss" ] && peak_rss=$reported_peak
steady=$(printf '%.2f' "$(echo "scale=3; ($last_cpu - $first_cpu) / $ticks / ($last_at - $first_at)" | bc)")
p99=$(sed -n 's/^measure: processing latency.* p99 \([0-9.]*\) ms.*/\1/p' "$work/stderr")
echo "steady state (after ${warmup} s): CPU $steady cores; peak RSS $peak_rss MB (the larger of the sampled and the reported peak); processing p99 $p99 ms"

status=0
check() { if [ "$(echo "$2" | bc)" = 1 ]; then echo "  met:     $1"; else echo "  NOT met: $1"; status=1; fi; }
check "processing latency p99 $p99 ms <= 5 ms" "$p99 <= 5"
check "CPU $steady cores < 1 core" "$steady < 1"
check "peak RSS $peak_rss MB < 500 MB" "$peak_rss < 500"
exit $status
