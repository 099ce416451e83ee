#!/usr/bin/env bash
# Issue 10 on the GPU: drain (sessions moved per second, KV GB/s silo to silo, cached tokens after the move) with two
# silos serving the generated 8B F16 model on one GPU, and the gateway's overhead against the silo directly (stateless,
# new sessions, later session turns, streamed), both with the published silo, gateway and benchmarks; and (issue 14) what
# telemetry costs: a telemetry-on and a telemetry-off cluster side by side, alternating request by request (bench/telemetry-cost.sh).
# Inputs: .device/ from bench/gpu/pack.sh. Usage: ARCHS=90 PARTS="drain overhead telemetry" bash bench/gpu/cluster.sh
set -euo pipefail
source "$(dirname "$0")/prepare.sh"
parts=" ${PARTS:-drain overhead} "
export CLUSTER_LLAMA_LIB_DIR="$lib"
export SILO_CMD="$work/silo/cluster-silo" GATEWAY_CMD="$work/gateway/cluster-gateway" MODEL="$model"
if [[ "$parts" == *" drain "* ]]; then
  echo "== drain: ${SESSIONS:-32} sessions x ${TURNS:-4} turns of ${WORDS:-400} words on silo-1, then drained to silo-2"
  BENCH_CMD="$work/load/cluster-bench-load" SILO_ARGS="--parallel ${SLOTS:-32} --ctx ${CTX:-4096} --Silo:Models:0:Scheduler:SessionHostBudgetBytes=${HOST_BUDGET:-34359738368}" SESSIONS="${SESSIONS:-32}" TURNS="${TURNS:-4}" \
    WORDS="${WORDS:-400}" OUT="$out/drain.md" bash bench/drain.sh
fi
if [[ "$parts" == *" overhead "* ]]; then
  echo "== gateway overhead (8B model, max_tokens 1)"
  BENCH_CMD="$work/gateway-bench/cluster-bench-gateway" SILO_ARGS="--parallel 16 --ctx 2048" OUT="$out/gateway-overhead.md" \
    bash bench/gateway-overhead.sh --pairs "${PAIRS:-500}" --stream-pairs 50 --concurrency 1 16 --rounds 2
fi
if [[ "$parts" == *" telemetry "* ]]; then
  # Two clusters at once on the one GPU (telemetry on, off), alternating request by request; about 3 minutes with the loads.
  echo "== telemetry on vs off, side by side (8B model; latency pairs max_tokens 1, throughput max_tokens 64, 64 slots)"
  telemetry_started=$SECONDS
  BENCH_CMD="$work/gateway-bench/cluster-bench-gateway" SILO_ARGS="--parallel 64 --ctx 2048" OUT="$out/telemetry-cost.md" \
    bash bench/telemetry-cost.sh --warmup 20 --pairs "${PAIRS:-400}" --max-tokens 1 --stream-pairs 20 --stream-tokens 16 \
      --throughput-max-tokens 64 --concurrency 1 16 64 --block-seconds 5 --rounds 2
  echo "== telemetry part: $(( SECONDS - telemetry_started )) s"
fi
