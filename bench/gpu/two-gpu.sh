#!/usr/bin/env bash
# Issue 17 on a host with two GPUs (nvidia-h200-x2), with the generated 8B F16 model and the published apps:
#   scaling   output tok/s at STREAMS (128) through the gateway: one silo on GPU 0, then a second silo on GPU 1 joined
#             to the same cluster; the goal is >= 1.9x
#   split     one silo, the model on GPU 0 alone, then split over both (--tp 2, layer), then row split; 1 and 64 streams
#   sessions  bench/session-routing.sh with one silo per GPU (session routing against round-robin, least-load, prefix)
# PARTS picks them (default all). Not here: a model larger than one GPU (a 70B-shape F16 file is 141 GB, more than the
# host's disk), and kill recovery (bench/failover.sh needs Redis, which the GPU hosts lack; measured on CPU instead).
# Prints markdown tables; logs in $work/out. Inputs: .device/ from bench/gpu/pack.sh. Usage: ARCHS=90 bash bench/gpu/two-gpu.sh
set -euo pipefail
source "$(dirname "$0")/prepare.sh"
parts=" ${PARTS:-scaling split sessions} "
streams="${STREAMS:-128}"
export CLUSTER_LLAMA_LIB_DIR="$lib"
load=("$work/load/cluster-bench-load" --model llama-8b-f16 --prompt-words 500 --max-tokens 128)
logs="$out/two-gpu"
mkdir -p "$logs"
source "$root/bench/cluster-processes.sh"   # start, free_port, wait_for, cleanup of every child on exit
silo_cmd=("$work/silo/cluster-silo" serve)
secret="$CLUSTER_SECRET"
# One silo per call of start_silo (bench/cluster-processes.sh): $1 = name, then its GPU arguments.
# shellcheck disable=SC2086
silo() { start_silo "$1" $2 --parallel "$streams" --ctx 1024 --Silo:Models:0:Scheduler:QueueCapacity=1024; wait_for "$1" "$silo_http/health/ready" ""; }

if [[ "$parts" == *" scaling "* ]]; then
  echo "== scaling: $streams streams through the gateway, one silo (GPU 0) then two (GPUs 0 and 1)"
  echo "| silos | streams | requests | errors | output tok/s | TTFT p50 ms | TTFT p95 ms |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
  silo silo-1 "--gpu 0"
  gateway="http://127.0.0.1:$(free_port)"
  start gateway "$work/gateway/cluster-gateway" --urls "$gateway" "--Cluster:Secret=$secret" "${gateway_ports[@]}"
  wait_for gateway "$gateway/health/ready" '"live_silos":1'
  "${load[@]}" --url "$gateway" --label "1 silo" --concurrency "$streams" --rounds 2 | grep '^| 1 silo' | tee "$logs/scaling.md"
  silo silo-2 "--gpu 1"
  wait_for "2 silos" "$gateway/health/ready" '"live_silos":2'
  "${load[@]}" --url "$gateway" --label "2 silos" --concurrency "$streams" --rounds 2 | grep '^| 2 silos' | tee -a "$logs/scaling.md"
  awk -F'|' '{ tps[NR] = $6 } END { if (tps[1] > 0) printf "\nscaling: %.2fx (goal >= 1.9x)\n", tps[2] / tps[1] }' "$logs/scaling.md"
  cleanup; children=(); trap cleanup EXIT
fi

if [[ "$parts" == *" split "* ]]; then
  echo "== split: one silo, the model on one GPU against split over two"
  echo "| placement | streams | requests | errors | output tok/s | TTFT p50 ms | TTFT p95 ms |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
  for placement in "--gpu 0" "--tp 2 --split-mode layer" "--tp 2 --split-mode row"; do
    primary_port="" gateway_ports=()
    silo silo-1 "$placement"
    "${load[@]}" --url "$silo_http" --label "$placement" --concurrency 1 64 --rounds 2 | grep '^| --'
    cleanup; children=(); trap cleanup EXIT
  done
fi

if [[ "$parts" == *" sessions "* ]]; then
  echo "== sessions: one silo per GPU, session routing against round-robin, least-load and prefix affinity"
  SILO_CMD="$work/silo/cluster-silo serve" GATEWAY_CMD="$work/gateway/cluster-gateway" BENCH_CMD="$work/load/cluster-bench-load" \
    MODEL="$model" SILO_GPUS="0 1" SILO_ARGS="--ctx 4096" CONVERSATIONS="${CONVERSATIONS:-64}" OUT="$logs/sessions.md" \
    bash "$root/bench/session-routing.sh"
fi
