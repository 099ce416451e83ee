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
read -ra silo_cmd <<< "${SILO_CMD:-dotnet $root/src/Silo/bin/Release/net10.0/cluster-silo.dll}"
read -ra gateway_cmd <<< "${GATEWAY_CMD:-dotnet ${GATEWAY_DLL:-$root/src/Gateway/bin/Release/net10.0/cluster-gateway.dll}}"
read -ra bench_cmd <<< "${BENCH_CMD:-dotnet $root/bench/Gateway/bin/Release/net10.0/cluster-bench-gateway.dll}"
read -ra silo_args <<< "${SILO_ARGS:-}"
read -ra gateway_args <<< "${GATEWAY_ARGS:-}"

model="${MODEL:-$root/.artifacts/models/demo-tiny-f16.gguf}"
mkdir -p "$(dirname "$model")"
[[ -f "$model" ]] || "${silo_cmd[@]}" create-model --preset tiny --type F16 --seed 42 -o "$model" >&2
model_id="$(basename "$model" .gguf)"

free_port() { local port; while :; do port=$(( 20000 + RANDOM % 20000 )); ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && { echo "$port"; return; }; done; }
children=()
cleanup() { trap - EXIT; (( ${#children[@]} == 0 )) || { kill -TERM "${children[@]}" 2>/dev/null || true; wait "${children[@]}" 2>/dev/null || true; }; }
trap cleanup EXIT
trap 'exit 130' INT TERM

secret="$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"
gateway="http://127.0.0.1:$(free_port)"
silo="http://127.0.0.1:$(free_port)"
silo_port="$(free_port)"
orleans_gateway_port="$(free_port)"
"${silo_cmd[@]}" --model "$model" --urls "$silo" --Cluster:SiloName=silo-1 "--Cluster:Secret=$secret" "${silo_args[@]}" \
  "--Cluster:SiloPort=$silo_port" "--Cluster:PrimarySiloPort=$silo_port" "--Cluster:GatewayPort=$orleans_gateway_port" >"$logs/silo.log" 2>&1 &
children+=($!)
"${gateway_cmd[@]}" --urls "$gateway" "${gateway_args[@]}" "--Cluster:Secret=$secret" "--Cluster:GatewayPorts:0=$orleans_gateway_port" >"$logs/gateway.log" 2>&1 &
children+=($!)

echo "gateway-overhead: waiting for the silo to load and join (logs: $logs)…" >&2
deadline=$(( SECONDS + 180 ))
until [[ "$(curl -fsS "$gateway/health/ready" 2>/dev/null || true)" == *'"live_silos":1'* ]]; do
  for pid in "${children[@]}"; do kill -0 "$pid" 2>/dev/null || { tail -n 20 "$logs"/*.log >&2; exit 1; }; done
  (( SECONDS < deadline )) || { echo "gateway-overhead: the silo did not join within 180 s" >&2; exit 1; }
  sleep 0.5
done

"${bench_cmd[@]}" --silo "$silo" --gateway "$gateway" --model "$model_id" --secret "$secret" "$@" | tee "$out"
echo "gateway-overhead: written to $out" >&2
