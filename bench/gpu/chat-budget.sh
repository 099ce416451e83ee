#!/usr/bin/env bash
# Issue 4 at one step budget: sessions, full history resent, and full history without prefix reuse, each on a fresh
# silo (--parallel 16 --ctx 4096). Usage: BUDGET=1024 bash bench/gpu/chat-budget.sh. Inputs: .device/ (pack.sh).
set -euo pipefail
source "$(dirname "$0")/prepare.sh"
budget="${BUDGET:-2048}"
run() { # $1 = label, $2 = load flag ("" or --sessions), then silo settings
  CLUSTER_LLAMA_LIB_DIR="$lib" "$work/silo/cluster-silo" serve --model "$model" --parallel 16 --ctx 4096 --port 8086 \
    --Silo:Models:0:Scheduler:StepTokenBudget="$budget" --Silo:Models:0:Scheduler:QueueCapacity=1024 "${@:3}" > "$out/silo-chat.log" 2>&1 &
  local pid=$!
  wait_ready 8086 /health/ready
  "$work/load/cluster-bench-load" chat --url http://127.0.0.1:8086 --label "$1, budget $budget" --model llama-8b-f16 \
    --conversations 16 --turns 8 $2 | grep -E "^\| (silo|server|---)"
  kill $pid; wait $pid 2>/dev/null || true
}
run "silo, sessions" --sessions
run "silo, full history resent" ""
run "silo, full history resent, no prefix reuse" "" --Silo:Models:0:Scheduler:PrefixReuse=false
