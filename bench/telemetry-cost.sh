#!/usr/bin/env bash
# What telemetry costs (issue 14), side by side: two clusters on 127.0.0.1 at once, each one silo and its gateway serving the
# same model, one with Telemetry:Enabled=true (what a deployment runs: metrics, traces sampled at Telemetry:TraceSampleRatio,
# the Orleans dashboard's statistics, and both processes' /metrics scraped every second as Prometheus would, only faster)
# and one with it false. bench/Gateway then alternates between the two request by request (latency) and block by block
# (throughput), and prints the figures and the two goals: the gateway's p50 at most 0.1 ms more with telemetry on, the
# silo's throughput at most 3 % less. Written to $OUT as well.
# SILO_CMD, GATEWAY_CMD, BENCH_CMD (bench/Gateway), MODEL and SILO_ARGS work as in bench/cluster-processes.sh; ON_ARGS adds
# settings to the telemetry-on processes only (e.g. ON_ARGS=--Telemetry:TraceSampleRatio=1 to trace every request);
# OFF_ARGS adds settings to the telemetry-off processes only (OFF_ARGS=--Telemetry:Enabled=true makes both clusters alike, so
# the difference is what the scrape alone does). SCRAPE picks the /metrics reads: 1 (default) both processes, gateway or silo
# one of them, 0 none (to tell their cost from the requests'); SCRAPE_SECONDS is their interval (default 1).
# Extra arguments go to the benchmark (default: --pairs 300 --stream-pairs 20 --concurrency 1 4 --rounds 2).
#   bash bench/telemetry-cost.sh [--pairs N --max-tokens 1 --throughput-max-tokens 64 ...]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
logs="$root/.artifacts/telemetry-cost"
out="${OUT:-$logs/result.md}"
export BENCH_CMD="${BENCH_CMD:-dotnet $root/bench/Gateway/bin/Release/net10.0/cluster-bench-gateway.dll}"
source "$root/bench/cluster-processes.sh"
mkdir -p "$(dirname "$out")"
if [[ -z "${SILO_CMD:-}" ]]; then
  echo "telemetry-cost: building (Release)…" >&2
  for project in src/Silo src/Gateway bench/Gateway; do
    dotnet build "$project" -c Release -nologo -v quiet >>"$logs/build.log" 2>&1 || { tail -n 40 "$logs/build.log" >&2; exit 1; }
  done
fi
demo_model
(( $# > 0 )) || set -- --pairs 300 --stream-pairs 20 --concurrency 1 4 --rounds 2
secret="$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"

# start_cluster NAME true|false: a silo and its gateway with telemetry on or off; sets NAME_silo and NAME_gateway (base URLs).
start_cluster() {
  local name="$1" enabled="$2" silo_port orleans_gateway silo_url gateway_url extra=()
  if [[ "$enabled" == true ]]; then read -ra extra <<< "${ON_ARGS:-}"; else read -ra extra <<< "${OFF_ARGS:-}"; fi
  silo_port="$(free_port)" orleans_gateway="$(free_port)"
  silo_url="http://127.0.0.1:$(free_port)" gateway_url="http://127.0.0.1:$(free_port)"
  start "silo-$name" "${silo_cmd[@]}" --model "$model" --urls "$silo_url" "--Cluster:SiloName=silo-$name" "--Cluster:ClusterId=telemetry-$name" \
    "--Cluster:Secret=$secret" "--Telemetry:Enabled=$enabled" "${silo_args[@]}" "${extra[@]}" \
    "--Cluster:SiloPort=$silo_port" "--Cluster:PrimarySiloPort=$silo_port" "--Cluster:GatewayPort=$orleans_gateway"
  printf -v "${name}_silo_pid" '%s' "$started"
  start "gateway-$name" "${gateway_cmd[@]}" --urls "$gateway_url" "--Cluster:ClusterId=telemetry-$name" "--Cluster:Secret=$secret" \
    "--Telemetry:Enabled=$enabled" "${gateway_args[@]}" "${extra[@]}" "--Cluster:GatewayPorts:0=$orleans_gateway"
  printf -v "${name}_gateway_pid" '%s' "$started"
  printf -v "${name}_silo" '%s' "$silo_url"
  printf -v "${name}_gateway" '%s' "$gateway_url"
}

started_at=$SECONDS
start_cluster on true
start_cluster off false
echo "telemetry-cost: waiting for both clusters (logs: $logs)…" >&2
wait_for "the telemetry-on cluster" "$on_gateway/health/ready" '"live_silos":1' 600
wait_for "the telemetry-off cluster" "$off_gateway/health/ready" '"live_silos":1' 600
echo "telemetry-cost: both clusters up after $(( SECONDS - started_at )) s" >&2

# What Prometheus does, by default once a second rather than every 15 s: collect and serialize every instrument of the on
# cluster's processes.
case "${SCRAPE:-1}" in
  0) scraped=() ;;
  1 | both) scraped=("$on_silo" "$on_gateway") ;;
  silo) scraped=("$on_silo") ;;
  gateway) scraped=("$on_gateway") ;;
  *) echo "telemetry-cost: SCRAPE=$SCRAPE is none of 0, 1, both, silo, gateway" >&2; exit 1 ;;
esac
if (( ${#scraped[@]} > 0 )); then
  ( while :; do for url in "${scraped[@]}"; do curl -fsS -o /dev/null "$url/metrics" || true; done; sleep "${SCRAPE_SECONDS:-1}"; done ) &
  children+=($!)
fi

"${bench_cmd[@]}" --silo "$on_silo" --gateway "$on_gateway" --secret "$secret" \
  --baseline-silo "$off_silo" --baseline-gateway "$off_gateway" --baseline-secret "$secret" --model "$model_id" \
  --silo-pids "$on_silo_pid" "$off_silo_pid" --gateway-pids "$on_gateway_pid" "$off_gateway_pid" "$@" | tee "$out"

echo "telemetry-cost: written to $out ($(( SECONDS - started_at )) s from the first start)" >&2
