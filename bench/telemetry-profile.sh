#!/usr/bin/env bash
# Where telemetry's cost goes: one cluster on 127.0.0.1 (a silo and its gateway, telemetry on or as SILO_ARGS / GATEWAY_ARGS
# say) under bench/Gateway's load (requests to the silo directly and through the gateway, one at a time) with both processes'
# /metrics read every second; dotnet-trace (installed under .artifacts/tools) samples both processes' threads for SECONDS_TRACED
# (default 20), and `cluster-bench-gateway profile` prints telemetry's share of each one's busy time, by kind. The profiles
# stay in $logs (open them in speedscope). SILO_CMD, GATEWAY_CMD, BENCH_CMD (bench/Gateway) and MODEL as in cluster-processes.sh.
#   bash bench/telemetry-profile.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
logs="$root/.artifacts/telemetry-profile"
export BENCH_CMD="${BENCH_CMD:-dotnet $root/bench/Gateway/bin/Release/net10.0/cluster-bench-gateway.dll}"
source "$root/bench/cluster-processes.sh"
if [[ -z "${SILO_CMD:-}" ]]; then
  for project in src/Silo src/Gateway bench/Gateway; do
    dotnet build "$project" -c Release -nologo -v quiet >>"$logs/build.log" 2>&1 || { tail -n 40 "$logs/build.log" >&2; exit 1; }
  done
fi
tools="$root/.artifacts/tools"
[[ -x "$tools/dotnet-trace" ]] || dotnet tool install dotnet-trace --version 10.0.750501 --tool-path "$tools" >/dev/null
demo_model
secret="$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"
silo_port="$(free_port)" orleans_gateway="$(free_port)"
silo="http://127.0.0.1:$(free_port)" gateway="http://127.0.0.1:$(free_port)"
start silo "${silo_cmd[@]}" --model "$model" --urls "$silo" --Cluster:SiloName=silo-1 "--Cluster:Secret=$secret" "${silo_args[@]}" \
  "--Cluster:SiloPort=$silo_port" "--Cluster:PrimarySiloPort=$silo_port" "--Cluster:GatewayPort=$orleans_gateway"
silo_pid=$started
start gateway "${gateway_cmd[@]}" --urls "$gateway" "${gateway_args[@]}" "--Cluster:Secret=$secret" "--Cluster:GatewayPorts:0=$orleans_gateway"
gateway_pid=$started
wait_for "the cluster" "$gateway/health/ready" '"live_silos":1' 600

( while :; do curl -fsS -o /dev/null "$silo/metrics" || true; curl -fsS -o /dev/null "$gateway/metrics" || true; sleep 1; done ) &
children+=($!)
"${bench_cmd[@]}" --silo "$silo" --gateway "$gateway" --secret "$secret" --model "$model_id" --warmup 200 --pairs 1000000 --stream-pairs 0 \
  --concurrency 1 >"$logs/load.md" 2>&1 &
children+=($!)
sleep 10   # past the warm-up
seconds="${SECONDS_TRACED:-20}"
for process in silo gateway; do
  pid_var="${process}_pid"
  "$tools/dotnet-trace" collect -p "${!pid_var}" --profile dotnet-sampled-thread-time --duration "00:00:00:$seconds" --format Speedscope \
    -o "$logs/$process.nettrace" >"$logs/trace-$process.log" 2>&1 &
  children+=($!)
done
wait "${children[@]: -2}"
echo "## Telemetry's share of busy time ($seconds s sampled, $(machine_line))"
echo
"${bench_cmd[@]}" profile "$logs/silo.speedscope.json" "$logs/gateway.speedscope.json"
