#!/usr/bin/env bash
# The gateway's processor time with telemetry on against off, per request and per second of idling: one silo and several
# gateways on it at once (GATEWAYS: a label=settings list; default "on=--Telemetry:Enabled=true off=--Telemetry:Enabled=false"),
# so every gateway sees the same silo and the same machine load. First IDLE_SECONDS (30) without requests (with telemetry's
# /metrics read every second on every gateway that has it, as the other telemetry benches do), then PAIRS (2000) rounds of
# one identical non-streamed request (max_tokens 1) to each gateway in turn, one at a time. Prints each gateway's processor
# time (utime + stime from /proc: GC and native code included) idle per second and per request, the idle rate subtracted.
# SCRAPE=0 reads no /metrics, SCRAPE_INTERVAL (1) sets how often (0.1: ten times a second, to price one read); PAIRS=0
# measures idling alone.
#   bash bench/telemetry-gateway-cpu.sh
#   GATEWAYS="on=--Telemetry:Enabled=true off=--Telemetry:Enabled=false no-traces=--Telemetry:TraceSampleRatio=0" bash bench/telemetry-gateway-cpu.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
logs="$root/.artifacts/telemetry-gateway-cpu"
source "$root/bench/cluster-processes.sh"
build_defaults
demo_model
secret="$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"
silo_port="$(free_port)" orleans_gateway="$(free_port)" silo="http://127.0.0.1:$(free_port)"
start silo "${silo_cmd[@]}" --model "$model" --urls "$silo" --Cluster:SiloName=silo-1 "--Cluster:Secret=$secret" "${silo_args[@]}" \
  "--Cluster:SiloPort=$silo_port" "--Cluster:PrimarySiloPort=$silo_port" "--Cluster:GatewayPort=$orleans_gateway"
labels=() ports=() pids=()
for spec in ${GATEWAYS:-on=--Telemetry:Enabled=true off=--Telemetry:Enabled=false}; do
  label="${spec%%=*}" settings="${spec#*=}" port="$(free_port)"
  IFS=, read -ra extra <<< "$settings"
  start "gateway-$label" "${gateway_cmd[@]}" --urls "http://127.0.0.1:$port" "${gateway_args[@]}" "${extra[@]}" "--Cluster:Secret=$secret" \
    "--Cluster:GatewayPorts:0=$orleans_gateway"
  labels+=("$label") ports+=("$port") pids+=("$started")
done
for port in "${ports[@]}"; do wait_for "gateway :$port" "http://127.0.0.1:$port/health/ready" '"live_silos":1' 600; done

if [[ "${SCRAPE:-1}" == 1 ]]; then
  ( while :; do for port in "${ports[@]}"; do curl -fsS -o /dev/null "http://127.0.0.1:$port/metrics" 2>/dev/null || true; done; sleep "${SCRAPE_INTERVAL:-1}"; done ) &
  children+=($!)
fi
python3 "$root/bench/Gateway/alternate-requests.py" "$model_id" 100 "${ports[@]}"   # warm-up: JIT, connections
cpu_ms() { awk -v tck="$(getconf CLK_TCK)" '{ print int(($14 + $15) * 1000 / tck) }' "/proc/$1/stat"; }
snapshot() { local pid; for pid in "${pids[@]}"; do cpu_ms "$pid"; done; }

idle="${IDLE_SECONDS:-30}" pairs="${PAIRS:-2000}"
mapfile -t idle_start < <(snapshot); sleep "$idle"; mapfile -t idle_end < <(snapshot)
started_at=$(date +%s%N)
mapfile -t load_start < <(snapshot)
python3 "$root/bench/Gateway/alternate-requests.py" "$model_id" "$pairs" "${ports[@]}"
mapfile -t load_end < <(snapshot)
load_ms=$(( ($(date +%s%N) - started_at) / 1000000 ))

echo "## The gateway's processor time, telemetry on against off ($(machine_line))"
echo
echo "One silo, ${#labels[@]} gateways on it; /metrics read: $([[ "${SCRAPE:-1}" == 1 ]] && echo "every ${SCRAPE_INTERVAL:-1} s" || echo never); idle ${idle} s, then $pairs requests to each gateway in turn (max_tokens 1) in $(( load_ms / 1000 )) s."
echo
echo "| gateway | settings | idle ms per s | load ms | per request, idle rate subtracted |"
echo "| --- | --- | ---: | ---: | ---: |"
for i in "${!labels[@]}"; do
  spec_settings="$(tr ' ' '\n' <<< "${GATEWAYS:-on=--Telemetry:Enabled=true off=--Telemetry:Enabled=false}" | sed -n "$(( i + 1 ))p")"
  idle_rate=$(( (idle_end[i] - idle_start[i]) * 1000 / idle ))   # µs per second
  used=$(( load_end[i] - load_start[i] ))
  per_request=$(( pairs > 0 ? (used * 1000 - idle_rate * load_ms / 1000) / pairs : 0 ))
  echo "| ${labels[i]} | \`${spec_settings#*=}\` | $(( idle_rate / 1000 )).$(( idle_rate % 1000 / 100 )) | $used | $per_request µs |"
done
