#!/usr/bin/env bash
# Issue 14, where the gateway's p50 with telemetry on comes from: bench/telemetry-cost.sh's latency pairs (one client,
# max_tokens 1, the 8B model; a telemetry-on and a telemetry-off cluster side by side) once per variant, each variant
# taking one part of telemetry away from the on cluster: all on (what a deployment runs), no Orleans dashboard, no
# trace sampling (ratio 0), no /metrics scrape, and metrics alone (all three away). The variant that brings the p50
# delta to the off cluster's names the part that costs it. Table to $RESULTS_DIR/telemetry-bisect-h200.md.
# Inputs: .device/ from bench/gpu/pack.sh. About 1 min per variant on a warm H200.
# Usage: RESULTS_DIR=$OUT bash bench/gpu/telemetry-bisect.sh
set -euo pipefail
source "$(dirname "$0")/prepare.sh"
results="${RESULTS_DIR:-$root/bench/results}"
mkdir -p "$results"
md="$results/telemetry-bisect-h200.md"
export CLUSTER_LLAMA_LIB_DIR="$lib"
export SILO_CMD="$work/silo/cluster-silo" GATEWAY_CMD="$work/gateway/cluster-gateway" MODEL="$model"
export BENCH_CMD="$work/gateway-bench/cluster-bench-gateway" SILO_ARGS="--parallel 16 --ctx 2048"
variant() { # $1 = name, $2 = SCRAPE, $3 = ON_ARGS
  echo "## $1"
  echo
  SCRAPE="$2" ON_ARGS="$3" OUT="$out/telemetry-bisect-$1.md" bash bench/telemetry-cost.sh --warmup 50 \
    --pairs "${PAIRS:-600}" --max-tokens 1 --stream-pairs 0 --concurrency 1 --block-seconds 2 --rounds 1 --idle-seconds 2 \
    > "$out/telemetry-bisect-$1.log" 2>&1 || { echo "failed:"; tail -20 "$out/telemetry-bisect-$1.log"; }
  echo "| | off p50 ms | on p50 ms | on − off p50 | median per-pair on − off | off p99 | on p99 |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
  grep -E "^\| (gateway, stateless|gateway, a new session|silo directly)" "$out/telemetry-bisect-$1.md" || true
  echo
  grep -E "^- (silos|gateways): on" "$out/telemetry-bisect-$1.md" || true
  echo
}
{
  echo "# Gateway p50 with telemetry on, one part away at a time ($(cut -d, -f1 "$out/gpu.txt"), 8B F16, max_tokens 1, one client)"
  echo
  variant all-on 1 ""
  variant no-orleans-dashboard 1 "--Telemetry:OrleansDashboard=false"
  variant no-traces 1 "--Telemetry:TraceSampleRatio=0"
  variant no-scrape 0 ""
  variant metrics-alone 0 "--Telemetry:OrleansDashboard=false --Telemetry:TraceSampleRatio=0"
} | tee "$md"
