#!/usr/bin/env bash
# Gateway overhead on this machine's CPU: one Orleans silo (generated tiny model, localhost clustering) and the gateway
# (an Orleans client) on 127.0.0.1, then bench/Gateway sends the same chat requests (stateless, new sessions, later
# session turns, streamed) to the silo directly (with the cluster secret) and through the gateway,
# interleaved, and prints a markdown table (also written to $OUT). Extra arguments go to the benchmark,
# e.g. --pairs 2000 --concurrency 1 4 16. GATEWAY_DLL=path runs another gateway build (to compare before/after).
#   bash bench/gateway-overhead.sh [--pairs N ...]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
logs="$root/.artifacts/gateway-overhead"
out="${OUT:-$logs/result.md}"
mkdir -p "$logs" "$(dirname "$out")"

# SILO_CMD, GATEWAY_CMD, BENCH_CMD and MODEL run published builds instead (a GPU host); SILO_ARGS and GATEWAY_ARGS add settings.
if [[ -z "${SILO_CMD:-}" ]]; then
  echo "gateway-overhead: building (Release)…" >&2
  for project in src/Silo src/Gateway bench/Gateway; do
    dotnet build "$project" -c Release -nologo -v quiet >>"$logs/build.log" 2>&1 || { tail -n 40 "$logs/build.log"; exit 1; }
  done
fi
# shellcheck source=cluster-processes.sh
source "$root/bench/cluster-processes.sh"
read -ra bench_cmd <<< "${BENCH_CMD:-dotnet $root/bench/Gateway/bin/Release/net10.0/cluster-bench-gateway.dll}"
demo_model

secret="$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"
gateway="http://127.0.0.1:$(free_port)"
start_silo silo-1
silo="$silo_http"
start gateway "${gateway_cmd[@]}" --urls "$gateway" "${gateway_args[@]}" "--Cluster:Secret=$secret" "${gateway_ports[@]}" "${log_args[@]}"

echo "gateway-overhead: waiting for the silo to load and join (logs: $logs)…" >&2
wait_for "the silo" "$gateway/health/ready" '"live_silos":1'

"${bench_cmd[@]}" --silo "$silo" --gateway "$gateway" --model "$model_id" --secret "$secret" "$@" | tee "$out"
echo "gateway-overhead: written to $out" >&2
