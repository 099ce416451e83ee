#!/usr/bin/env bash
# Failover under load: redis-server, SILOS (3) silos on Redis membership and the gateway, all on 127.0.0.1; bench/Load's
# failover mode then runs CONVERSATIONS (60) session conversations × TURNS (6) at once through the gateway (streamed,
# MAX_TOKENS 16, temperature 0.8, WORDS 40 per message, only the new message each turn) and, once a third of all turns
# succeeded, kill -9s the silo owning the most sessions. A failed turn is retried by the client (same message, short
# pause) for up to 30 s. Prints lost turns (2 × turns seen − messages stored, from GET /admin/sessions/{key}), recovery
# (kill → next success of every conversation that saw a failure), failures and wall time as a markdown table, also written
# with the command and the machine to $OUT. Logs and every request (attempts.csv) in .artifacts/failover/.
# Process commands and extra settings: see bench/cluster-processes.sh (SILO_CMD, GATEWAY_CMD, BENCH_CMD, SILO_ARGS, MODEL).
#   bash bench/failover.sh
#   OUT=bench/results/failover-cpu.md CONVERSATIONS=60 TURNS=6 bash bench/failover.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
logs="$root/.artifacts/failover"
rm -rf "$logs"
out="${OUT:-$logs/result.md}"
silos="${SILOS:-3}"
source "$root/bench/cluster-processes.sh"
mkdir -p "$(dirname "$out")"
build_defaults
demo_model

secret="$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"
cluster_id="failover-$(date +%s)"
redis_port="$(free_port)"
start redis redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no
until redis-cli -p "$redis_port" ping 2>/dev/null | grep -q PONG; do kill -0 "$started" || { cat "$logs/redis.log" >&2; exit 1; }; sleep 0.1; done
cluster=("--Cluster:Membership=Redis" "--Cluster:Redis=127.0.0.1:$redis_port" "--Cluster:Secret=$secret" "--Cluster:ClusterId=$cluster_id")

pids=()
for i in $(seq 1 "$silos"); do
  start "silo-$i" "${silo_cmd[@]}" --model "$model" --urls "http://127.0.0.1:$(free_port)" "--Cluster:SiloName=silo-$i" "${cluster[@]}" \
    "--Cluster:SiloPort=$(free_port)" "--Cluster:GatewayPort=$(free_port)" "${log_args[@]}" "${silo_args[@]}"
  pids+=("--silo-pid" "silo-$i=$started")
done
gateway="http://127.0.0.1:$(free_port)"
start gateway "${gateway_cmd[@]}" --urls "$gateway" "${cluster[@]}" "${log_args[@]}" "${gateway_args[@]}"
echo "failover: waiting for $silos silos to load and join (logs: $logs)…" >&2
wait_for "$silos silos" "$gateway/health/ready" "\"live_silos\":$silos"

args=(failover --url "$gateway" --model "$model_id" --conversations "${CONVERSATIONS:-60}" --turns "${TURNS:-6}" --max-tokens "${MAX_TOKENS:-16}"
  --prompt-words "${WORDS:-40}" "${pids[@]}" --attempts-csv "$logs/attempts.csv")
{
  echo "# Failover: kill -9 of the busiest silo under load"
  echo
  echo "Command: \`bash bench/failover.sh\` (CONVERSATIONS=${CONVERSATIONS:-60} TURNS=${TURNS:-6} MAX_TOKENS=${MAX_TOKENS:-16} WORDS=${WORDS:-40} SILOS=$silos${SILO_ARGS:+ SILO_ARGS=\"$SILO_ARGS\"}), i.e. \`cluster-bench-load ${args[*]}\`"
  echo
  echo "Machine: $(machine_line)."
  echo "Cluster: redis-server $(redis-server --version | grep -o 'v=[^ ]*' | cut -c3-), $silos silos (\`${silo_cmd[*]}\`, model $model_id) on Redis membership, one gateway, all on 127.0.0.1."
  echo
} >"$out"
status=0
"${bench_cmd[@]}" "${args[@]}" | tee -a "$out" || status=$?
echo "failover: written to $out (logs: $logs)" >&2
exit "$status"
