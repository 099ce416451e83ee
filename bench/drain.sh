#!/usr/bin/env bash
# Drain: two silos on localhost clustering (silo-1 the primary) and the gateway, all on 127.0.0.1; bench/Load's drain mode
# creates SESSIONS (16) sessions of TURNS (4) turns all on silo-1 (each first turn sent straight to silo-1's data plane with
# the cluster secret, which places the new session there; later turns through the gateway; WORDS (100) words per message,
# MAX_TOKENS (16) out), then times POST /admin/nodes/silo-1/drain until /admin/sessions lists every session on silo-2 and
# silo-2's log holds every "KV arrived" line; prints sessions moved per second, KV GB/s (bytes / summed transfer times,
# bytes / wall time), and the cached tokens of one more turn per session through the gateway against the history tokens
# before the move. A markdown table, also written with the command and the machine to $OUT; logs in .artifacts/drain/.
# Process commands and extra settings: see bench/cluster-processes.sh (SILO_CMD, GATEWAY_CMD, BENCH_CMD, SILO_ARGS, MODEL), e.g.
#   bash bench/drain.sh
#   SILO_CMD=./silo/cluster-silo GATEWAY_CMD=./gateway/cluster-gateway BENCH_CMD=./load/cluster-bench-load MODEL=/models/8b.gguf \
#     SILO_ARGS="--gpu 0 --Silo:Models:0:Scheduler:ContextPerSequence=8192" SESSIONS=64 TURNS=8 bash bench/drain.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
logs="$root/.artifacts/drain"
rm -rf "$logs"
out="${OUT:-$logs/result.md}"
source "$root/bench/cluster-processes.sh"
mkdir -p "$(dirname "$out")"
build_defaults
demo_model

secret="$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"
start_silo silo-1
start_silo silo-2
gateway="http://127.0.0.1:$(free_port)"
start gateway "${gateway_cmd[@]}" --urls "$gateway" "--Cluster:Secret=$secret" "${gateway_ports[@]}" "${log_args[@]}" "${gateway_args[@]}"
echo "drain: waiting for 2 silos to load and join (logs: $logs)…" >&2
wait_for "2 silos" "$gateway/health/ready" '"live_silos":2'

args=(drain --url "$gateway" --model "$model_id" --sessions "${SESSIONS:-16}" --turns "${TURNS:-4}" --max-tokens "${MAX_TOKENS:-16}"
  --prompt-words "${WORDS:-100}" --from silo-1 --to silo-2 --kv-log "$logs/silo-2.log")
{
  echo "# Drain: sessions and their KV moving silo to silo"
  echo
  echo "Command: \`bash bench/drain.sh\` (SESSIONS=${SESSIONS:-16} TURNS=${TURNS:-4} WORDS=${WORDS:-100} MAX_TOKENS=${MAX_TOKENS:-16}${SILO_ARGS:+ SILO_ARGS=\"$SILO_ARGS\"}), i.e. \`cluster-bench-load ${args[*]} --secret …\`"
  echo
  echo "Machine: $(machine_line)."
  echo "Cluster: 2 silos (\`${silo_cmd[*]}\`, model $model_id) on localhost clustering (silo-1 the primary), one gateway, all on 127.0.0.1."
  echo
} >"$out"
status=0
"${bench_cmd[@]}" "${args[@]}" --secret "$secret" | tee -a "$out" || status=$?
echo "drain: written to $out (logs: $logs)" >&2
exit "$status"
