#!/usr/bin/env bash
# Profiles the silo's sampling paths at 64 streams (issue 3): backend chain with host tail after top-k (default),
# whole chain on the GPU, and host sampling only. Same workload as serving.sh. Inputs: .device/ (bench/gpu/pack.sh).
set -euo pipefail
source "$(dirname "$0")/prepare.sh"
levels="${LEVELS:-64}"
port=8090
for variant in "host-tail:true:true" "gpu-chain:true:false" "host-only:false:false"; do
  IFS=: read -r name backend tail <<<"$variant"
  CLUSTER_LLAMA_LIB_DIR="$lib" "$work/silo/cluster-silo" serve --model "$model" --parallel 128 --ctx 1024 --port $port \
    --Silo:Models:0:Scheduler:StepTokenBudget=2048 --Silo:Models:0:Scheduler:QueueCapacity=1024 \
    --Silo:Models:0:Scheduler:BackendSampling=$backend --Silo:Models:0:Scheduler:HostSamplingAfterTopK=$tail > "$out/silo-$name.log" 2>&1 &
  pid=$!
  wait_ready $port /health/ready
  "$work/load/cluster-bench-load" --url "http://127.0.0.1:$port" --label "silo $name" --model llama-8b-f16 --concurrency $levels | tee -a "$out/variants.md"
  kill $pid; wait $pid 2>/dev/null || true
  echo "$name:"; grep -h "Scheduler:" "$out/silo-$name.log" | sed 's/^ *//'
  port=$((port + 1))
done
