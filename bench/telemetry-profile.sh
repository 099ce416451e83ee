#!/usr/bin/env bash
# Where telemetry's cost goes: one cluster on 127.0.0.1 (a silo and its gateway, telemetry on or as SILO_ARGS / GATEWAY_ARGS
# say) under bench/Gateway's load (requests to the silo directly and through the gateway, one at a time) with both processes'
# /metrics read every second; dotnet-trace (installed under .artifacts/tools) samples both processes' threads for SECONDS_TRACED
# (default 20), and `cluster-bench-gateway profile` prints telemetry's share of each one's busy time, by kind. The profiles
# stay in $logs (open them in speedscope). SILO_CMD, GATEWAY_CMD, BENCH_CMD (bench/Gateway) and MODEL as in cluster-processes.sh.
# TAG names this run's profiles (silo-TAG, gateway-TAG) so runs with other settings sit beside it; TOP (default 25) lists each
# profile's frames with the most busy time; the requests the silo answered while sampled (half of them through the gateway)
# are counted from its /metrics, so keep telemetry on in the silo when comparing gateways:
#   bash bench/telemetry-profile.sh
#   TAG=off GATEWAY_ARGS=--Telemetry:Enabled=false bash bench/telemetry-profile.sh
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
tag="${TAG:+-$TAG}"
# cluster_inference_generations_total summed over its label sets: every request the silo answered.
generations() { curl -fsS "$silo/metrics" | awk '/^cluster_inference_generations_total/ { n += $NF } END { print n + 0 }'; }
# utime + stime of a process, in clock ticks: CPU time the sampled profile cannot see (GC, native code) counts here too.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
before="$(generations)" gateway_cpu="$(cpu_ticks "$gateway_pid")" silo_cpu="$(cpu_ticks "$silo_pid")"
for process in silo gateway; do
  pid_var="${process}_pid"
  "$tools/dotnet-trace" collect -p "${!pid_var}" --profile dotnet-sampled-thread-time --duration "00:00:00:$seconds" --format Speedscope \
    -o "$logs/$process$tag.nettrace" >"$logs/trace-$process$tag.log" 2>&1 &
  children+=($!)
done
wait "${children[@]: -2}"
requests=$(( $(generations) - before ))
ticks="$(getconf CLK_TCK)"
gateway_cpu_ms=$(( ($(cpu_ticks "$gateway_pid") - gateway_cpu) * 1000 / ticks )) silo_cpu_ms=$(( ($(cpu_ticks "$silo_pid") - silo_cpu) * 1000 / ticks ))
echo "## Telemetry's share of busy time ($seconds s sampled${TAG:+, $TAG}, $(machine_line))"
echo
echo "Requests answered while sampled: $requests (half through the gateway). SILO_ARGS: ${SILO_ARGS:-none}; GATEWAY_ARGS: ${GATEWAY_ARGS:-none}."
echo "Processor time while sampled (the profiler's own included): gateway $gateway_cpu_ms ms ($(( gateway_cpu_ms * 2000 / (requests > 0 ? requests : 1) )) µs per forwarded request), silo $silo_cpu_ms ms."
echo
"${bench_cmd[@]}" profile "$logs/silo$tag.speedscope.json" "$logs/gateway$tag.speedscope.json" --top "${TOP:-25}"
