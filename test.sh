#!/usr/bin/env bash
# Runs every test of the product against real servers on loopback (influxd, mosquitto, VictoriaMetrics),
# installing what is missing first. Ends with the line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")"
scripts/install-deps.sh test || exit 1
results=artifacts/test-results
rm -rf "$results"
# The dashboard tests save their screenshots next to the results.
export IIOT_SCREENSHOTS="$PWD/$results/screenshots"
dotnet build IIoT.sln -c Release -nologo -clp:ErrorsOnly || { echo "0 passed, 1 failed"; exit 1; }
log="$results/console.log"
mkdir -p "$results"
dotnet test IIoT.sln -c Release --no-build --nologo --results-directory "$results" \
  --logger "trx;LogFilePrefix=tests" --logger "console;verbosity=minimal" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
# One summary line per test assembly: "Passed!  - Failed: 0, Passed: 12, Skipped: 0, ..."
passed=$(sed -n 's/.*Failed: *[0-9]*, Passed: *\([0-9]*\),.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
failed=$(sed -n 's/.*Failed: *\([0-9]*\), Passed:.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
passed=${passed:-0}; failed=${failed:-0}
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
