#!/usr/bin/env bash
# Runs every test of the product against real servers on loopback (influxd, mosquitto, VictoriaMetrics),
# installing what is missing first. Ends with the line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")"
scripts/install-deps.sh test || exit 1
results=artifacts/test-results
rm -rf "$results"
dotnet build IIoT.sln -c Release -nologo -clp:ErrorsOnly || { echo "0 passed, 1 failed"; exit 1; }
dotnet test IIoT.sln -c Release --no-build --nologo --results-directory "$results" \
  --logger "trx" --logger "console;verbosity=minimal" "$@"
status=$?
passed=0; failed=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
if [ $status -ne 0 ] && [ $failed -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed"
[ $failed -eq 0 ] && [ $passed -gt 0 ]
