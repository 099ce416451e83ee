#!/usr/bin/env bash
# Session routing against blind routing: SILOS (2) silos on localhost clustering and one gateway per routing setup, all on
# 127.0.0.1; bench/Load's chat mode runs CONVERSATIONS (16) conversations x TURNS (8) at once per setup (streamed, MAX_TOKENS
# 128 out, a 150-word system message and 100-word user messages, so the history nears 2k tokens by turn 8):
#   sessions, session routing      X-Session-Id and only the new message; the gateway's default policies (session first)
#   full history, round-robin      the whole history every turn; Gateway:Routing:Policies=round-robin
#   full history, least-load       the whole history every turn; Policies=least-load
#   full history, prefix affinity  the whole history every turn; the default policies (prefix before load)
#   sessions, round-robin          X-Session-Id, but each turn sent to the next silo in turn (relayed to the owner)
# Every silo gets PARALLEL (= CONVERSATIONS) slots, so no setup waits in a silo's queue or is turned away by a full one
# (a refused session turn is retried on the other silo and relayed back, which is not what is measured here).
# Each setup gets conversations of its own (--first-conversation), so no cache holds another setup's text. Prints, per
# setup, TTFT p50/p95 of turns 2..TURNS, wall time, output tok/s, the cached share of later turns' prompt tokens and the
# later turns answered by another silo than turn 1; then the goal (turns >= 2: TTFT >= 3x better with session routing
# than round-robin). A markdown table, also written with the command and the machine to $OUT; logs in .artifacts/session-routing/.
# Process commands and extra settings: see bench/cluster-processes.sh (SILO_CMD, GATEWAY_CMD, BENCH_CMD, SILO_ARGS, MODEL);
# SILO_GPUS="0 1" puts silo i on GPU i (--gpu). E.g. on a two-GPU host with the packed apps (bench/gpu/pack.sh):
#   SILO_CMD=$work/silo/cluster-silo GATEWAY_CMD=$work/gateway/cluster-gateway BENCH_CMD=$work/load/cluster-bench-load \
#     MODEL=$work/llama-8b-f16.gguf SILO_GPUS="0 1" SILO_ARGS="--ctx 4096" CONVERSATIONS=128 bash bench/session-routing.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
logs="$root/.artifacts/session-routing"
rm -rf "$logs"
out="${OUT:-$logs/result.md}"
silos="${SILOS:-2}"
conversations="${CONVERSATIONS:-16}"
turns="${TURNS:-8}"
parallel="${PARALLEL:-$conversations}"
read -ra gpus <<< "${SILO_GPUS:-}"
source "$root/bench/cluster-processes.sh"
mkdir -p "$(dirname "$out")"
build_defaults
demo_model

secret="$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"
for i in $(seq 1 "$silos"); do
  gpu=(); (( ${#gpus[@]} == 0 )) || gpu=(--gpu "${gpus[$(( i - 1 ))]}")
  start_silo "silo-$i" --parallel "$parallel" "${gpu[@]}"
done

# One gateway per routing setup, all in front of the same silos.
declare -A gateway_of
for policy in default round-robin least-load; do
  url="http://127.0.0.1:$(free_port)"
  policies=(); [[ "$policy" == default ]] || policies=("--Gateway:Routing:Policies:0=$policy")
  start "gateway-$policy" "${gateway_cmd[@]}" --urls "$url" "--Cluster:Secret=$secret" "${gateway_ports[@]}" "${policies[@]}" "${log_args[@]}" "${gateway_args[@]}"
  gateway_of[$policy]="$url"
done
echo "session-routing: waiting for $silos silos to load and join (logs: $logs)…" >&2
for policy in default round-robin least-load; do wait_for "gateway $policy" "${gateway_of[$policy]}/health/ready" "\"live_silos\":$silos"; done

common=(--model "$model_id" --conversations "$conversations" --turns "$turns" --max-tokens "${MAX_TOKENS:-128}")
{
  echo "# Session routing against round-robin and least-load"
  echo
  echo "Command: \`bash bench/session-routing.sh\` (SILOS=$silos CONVERSATIONS=$conversations PARALLEL=$parallel TURNS=$turns MAX_TOKENS=${MAX_TOKENS:-128}${SILO_GPUS:+ SILO_GPUS=\"$SILO_GPUS\"}${SILO_ARGS:+ SILO_ARGS=\"$SILO_ARGS\"}), i.e. \`cluster-bench-load chat ${common[*]}\` per setup"
  echo
  echo "Machine: $(machine_line)."
  echo "Cluster: $silos silos (\`${silo_cmd[*]}\`, model $model_id) on localhost clustering, one gateway per routing setup, all on 127.0.0.1."
  echo
  echo "| setup | conversations | turns | errors | TTFT p50 ms, turns 2.. | TTFT p95 ms, turns 2.. | wall s | output tok/s | cached share of later prompts | later turns on another silo |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
} >"$out"
status=0
run() { # $1 = label, $2 = gateway, $3 = first conversation, then extra arguments
  "${bench_cmd[@]}" chat --url "${gateway_of[$2]}" --label "$1" "${common[@]}" --first-conversation "$3" "${@:4}" | tee -a "$out" || status=$?
}
run "sessions, session routing" default 0 --sessions
run "full history, round-robin" round-robin 10000
run "full history, least-load" least-load 20000
run "full history, prefix affinity" default 30000
run "sessions, round-robin (relayed to the owner)" round-robin 40000 --sessions
# The goal: turns >= 2 at least 3x faster to their first token with session routing than with round-robin.
awk -F'|' '/^\| sessions, session routing /{s50=$6; s95=$7} /^\| full history, round-robin /{r50=$6; r95=$7}
  END { if (s50 > 0 && s95 > 0) printf "\nGoal (TTFT of turns >= 2, session routing >= 3x better than round-robin): p50 %.1fx, p95 %.1fx: %s\n",
    r50 / s50, r95 / s95, (r50 / s50 >= 3 && r95 / s95 >= 3) ? "met" : "missed" }' "$out" | tee -a "$out"
echo "session-routing: written to $out (logs: $logs)" >&2
exit "$status"
