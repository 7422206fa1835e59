#!/usr/bin/env bash
# Runs every LoadSense test: the README's test command, and what .ci/run calls.
# Needs the .NET 10 SDK. Missing system packages are installed when run as root (Debian);
# otherwise the script names them and stops.
set -euo pipefail
cd "$(dirname "$0")/.."

need_packages=()
command -v dotnet >/dev/null 2>&1 || { echo "test.sh: the .NET 10 SDK is missing: install it (https://dot.net) and run again." >&2; exit 1; }
# SQLite's native library ships inside the NuGet package. cmake, make and a C compiler (g++ brings gcc) build and run the C
# reference of firmware-protocol/ with CTest.
for tool in gzip cmake make g++; do
  command -v "$tool" >/dev/null 2>&1 || need_packages+=("$tool")
done
# The InfluxDB tests start their own influxd (Debian's InfluxDB 1.6.7) on a free loopback port
# in a temp dir; the package's system service is never used (apt is kept from starting it below).
command -v influxd >/dev/null 2>&1 || [ -x /usr/bin/influxd ] || need_packages+=(influxdb)
# docker-compose.yml is checked statically with Debian's python3 and its yaml module.
[ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import yaml' 2>/dev/null || need_packages+=(python3-yaml)
# The BLE tests start a private dbus-daemon serving python3-dbusmock's bluez5 template (Debian's python3).
[ -x /usr/bin/dbus-daemon ] || need_packages+=(dbus)
[ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import dbusmock' 2>/dev/null || need_packages+=(python3-dbusmock)
# The report's browser tests drive Debian's Chromium (headless, over the DevTools Protocol).
[ -x /usr/bin/chromium ] || need_packages+=(chromium)

if [ ${#need_packages[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: installing ${need_packages[*]}" >&2
    # policy-rc.d 101 keeps apt from starting package services (influxdb's own daemon) in this run.
    policy=/usr/sbin/policy-rc.d
    created_policy=no
    if [ ! -e "$policy" ]; then
      printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && created_policy=yes
    fi
    status=0
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_packages[@]}" >/dev/null; } || status=$?
    if [ "$created_policy" = yes ]; then rm -f "$policy"; fi
    [ "$status" -eq 0 ] || { echo "test.sh: apt-get could not install ${need_packages[*]}" >&2; exit "$status"; }
  else
    echo "test.sh: missing packages: ${need_packages[*]}; install them with: sudo apt-get install ${need_packages[*]}" >&2
    exit 1
  fi
fi

/usr/bin/python3 scripts/check_compose.py
# The Dockerfile's build stage and entrypoint as plain commands (no Docker engine here).
/usr/bin/python3 scripts/check_dockerfile.py

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build LoadSense.sln -c Release -warnaserror -nologo -v quiet
log=$(mktemp)
set +e
dotnet test LoadSense.sln -c Release --no-build -nologo --logger "console;verbosity=normal" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# The C reference encoder/decoder of firmware-protocol/c, against the same golden vectors (CTest).
c_build=artifacts/firmware-protocol-c
c_log=$(mktemp)
set +e
{ cmake -S firmware-protocol/c -B "$c_build" -DCMAKE_BUILD_TYPE=Release >/dev/null &&
  cmake --build "$c_build" >/dev/null &&
  ctest --test-dir "$c_build" --output-on-failure; } 2>&1 | tee "$c_log"
c_status=${PIPESTATUS[0]}
set -e
# ctest ends with "N% tests passed, F tests failed out of T"; a build failure counts as one failed test.
c_summary=$( { grep -Eo '[0-9]+ tests? failed out of [0-9]+' "$c_log" || true; } | tail -1)
if [ -n "$c_summary" ]; then
  c_failed=$(echo "$c_summary" | awk '{print $1}')
  c_passed=$(( $(echo "$c_summary" | awk '{print $NF}') - c_failed ))
else
  c_failed=$([ "$c_status" -eq 0 ] && echo 0 || echo 1)
  c_passed=0
fi
echo "firmware-protocol/c: $c_passed passed, $c_failed failed (ctest)"
[ "$c_status" -eq 0 ] || status=1

# Benchmarks in quick mode, so they never rot (numbers come from the full mode: benchmarks/README.md).
if [ "$status" -eq 0 ]; then
  bench_log=$(mktemp)
  if ! dotnet run -c Release --no-build --project benchmarks/LoadSense.Benchmarks -- --filter '*' --job Dry >"$bench_log" 2>&1; then
    tail -40 "$bench_log" >&2
    echo "test.sh: a benchmark failed to run in quick mode" >&2
    status=1
  fi
fi

# One closing line that any reader of CI output understands.
passed=$( { grep -Eo 'Passed: +[0-9]+' "$log" || true; } | awk '{s+=$2} END {print s+0}')
failed=$( { grep -Eo 'Failed: +[0-9]+' "$log" || true; } | awk '{s+=$2} END {print s+0}')
skipped=$( { grep -Eo 'Skipped: +[0-9]+' "$log" || true; } | awk '{s+=$2} END {print s+0}')
passed=$((passed + c_passed))
failed=$((failed + c_failed))
echo "tests: $passed passed, $failed failed, $skipped skipped"
if [ "$passed" -eq 0 ]; then
  echo "test.sh: no test ran" >&2
  exit 1
fi
exit "$status"
