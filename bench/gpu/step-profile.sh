#!/usr/bin/env bash
# Issue 3's profile on the GPU, in one run: host sampling cost per logits row (llama.cpp's chain against the
# candidate scan), then the silo at LEVELS streams in VARIANTS, each followed by its scheduler step log (ms per step
# by phase). Variants: packed (default), unified, llama-sampler, backend, budgetN (StepTokenBudget N).
# Same workload as serving.sh; SAMPLING=0 skips the sampling table. Inputs: .device/ (bench/gpu/pack.sh).
# SILO_EXTRA adds silo settings to every variant (e.g. --Silo:CudaGraphs=true).
# PACK_CUDA=1 also leaves the CUDA build in $OUT as llama-cuda.tar.xz.NN pieces, for .device/ of a later call.
set -euo pipefail
source "$(dirname "$0")/prepare.sh"
levels="${LEVELS:-64 128}"
rounds="${ROUNDS:-3}"

if [[ "${PACK_CUDA:-0}" == 1 && -d "${OUT:-}" ]]; then
  tar -C .native -cf - llama-cuda | xz -T0 -6 | split -b 15M -d - "$OUT/llama-cuda.tar.xz."
  ls -la "$OUT"
fi

if [[ "${SAMPLING:-1}" == 1 ]]; then
  echo "== host sampling per logits row"
  "$work/bench/cluster-bench-decode" sampling --model "$model" --llama-dir "$lib" --rows 64 --repetitions 15 | tee "$out/sampling.md"
fi

port=8090
read -ra silo_extra <<< "${SILO_EXTRA:-}"
for variant in ${VARIANTS:-packed unified llama-sampler}; do
  case "$variant" in
    packed) extra=() ;;
    unified) extra=(--Silo:Models:0:Scheduler:KvUnified=true) ;;
    llama-sampler) extra=(--Silo:Models:0:Scheduler:HostCandidateScan=false) ;;
    backend) extra=(--Silo:Models:0:Scheduler:BackendSampling=true) ;;
    budget*) extra=(--Silo:Models:0:Scheduler:StepTokenBudget=${variant#budget}) ;;
    *) echo "unknown variant $variant"; exit 1 ;;
  esac
  CLUSTER_LLAMA_LIB_DIR="$lib" "$work/silo/cluster-silo" serve --model "$model" --parallel 128 --ctx 1024 --port $port \
    --Silo:Models:0:Scheduler:StepTokenBudget=2048 --Silo:Models:0:Scheduler:QueueCapacity=1024 "${extra[@]}" "${silo_extra[@]}" > "$out/silo-$variant.log" 2>&1 &
  pid=$!
  wait_ready $port /health/ready
  "$work/load/cluster-bench-load" --url "http://127.0.0.1:$port" --label "silo $variant" --model llama-8b-f16 \
    --rounds "$rounds" --concurrency $levels | tee -a "$out/variants.md"
  kill $pid; wait $pid 2>/dev/null || true
  echo "$variant:"; grep -h "Scheduler:" "$out/silo-$variant.log" | sed 's/^ *//' | sed 's/.*Scheduler:/Scheduler:/'
  port=$((port + 1))
done
