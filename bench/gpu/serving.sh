#!/usr/bin/env bash
# Issue 3's GPU measurement in one run: the silo against llama-server (with and without its
# --backend-sampling) built from the same source on the same GPU, plus llama-batched-bench's raw decode.
# Workload (bench/Load): ~512-token prompts, 128 output tokens, ignore_eos, temperature 0.8, top_p 0.95,
# top_k 40, streaming, concurrency 1/16/64/128, one connection per request.
# Inputs: .device/ from bench/gpu/pack.sh. Usage: ARCHS=90 bash bench/gpu/serving.sh
set -euo pipefail
source "$(dirname "$0")/prepare.sh"
levels="${LEVELS:-1 16 64 128}"
slots=128
load() { "$work/load/cluster-bench-load" --url "http://127.0.0.1:$1" --label "$2" --model "$3" --concurrency $levels | tee -a "$out/serving.md"; }
wait_ready() { for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$1$2" >/dev/null 2>&1 && return 0; sleep 0.5; done; echo "server on $1 not ready"; return 1; }

if [[ "${SKIP_LLAMA:-0}" != 1 ]]; then
echo "== llama-batched-bench (raw decode)"
"$lib/llama-batched-bench" -m "$model" -c $((slots * 1024)) -b 2048 -ub 512 -npp 512 -ntg 128 -npl 1,16,64,128 -ngl 99 2>/dev/null \
  | tee "$out/batched-bench.md" | grep -E "^\|"

for variant in plain backend; do
  extra=(); [[ $variant == backend ]] && extra=(--backend-sampling)
  "$lib/llama-server" -m "$model" -ngl 99 -np $slots -c $((slots * 1024)) --port 8081 --host 127.0.0.1 "${extra[@]}" > "$out/llama-server-$variant.log" 2>&1 &
  pid=$!
  wait_ready 8081 /health
  load 8081 "llama-server ($variant)" model
  kill $pid; wait $pid 2>/dev/null || true
done
fi

silo() { # $1 = port, $2 = parallel, $3 = ctx per sequence
  CLUSTER_LLAMA_LIB_DIR="$lib" "$work/silo/cluster-silo" serve --model "$model" --parallel "$2" --ctx "$3" --port "$1" \
    --Silo:Models:0:StepTokenBudget=2048 --Silo:Models:0:QueueCapacity=1024 > "$out/silo-$1.log" 2>&1 &
  echo $!
}
pid=$(silo 8082 $slots 1024)
wait_ready 8082 /health/ready
load 8082 "cluster silo" llama-8b-f16
kill $pid; wait $pid 2>/dev/null || true

if [[ "${SESSIONS:-0}" == 1 ]]; then
  # Issue 4: 16 conversations of 8 turns, history growing to about 2k tokens; TTFT of turns 2..8.
  chat() { "$work/load/cluster-bench-load" chat --url "http://127.0.0.1:$1" --label "$2" --model "$3" --conversations 16 --turns 8 "${@:4}" | tee -a "$out/sessions.md"; }
  "$lib/llama-server" -m "$model" -ngl 99 -np 16 -c $((16 * 4096)) --port 8081 --host 127.0.0.1 > "$out/llama-server-chat.log" 2>&1 &
  pid=$!; wait_ready 8081 /health
  chat 8081 "llama-server cache_prompt" model
  kill $pid; wait $pid 2>/dev/null || true
  pid=$(silo 8083 16 4096); wait_ready 8083 /health/ready
  chat 8083 "silo, full history resent" llama-8b-f16
  chat 8083 "silo, sessions" llama-8b-f16 --sessions
  kill $pid; wait $pid 2>/dev/null || true
fi
echo; echo "== scheduler profile (silo logs)"; grep -h "Scheduler:" "$out"/silo-*.log | sed 's/^ *//' | tail -20 || true
echo; echo "== summary"; grep -hE "^\| (llama|cluster|silo)" "$out/serving.md" "$out/sessions.md" 2>/dev/null || true
