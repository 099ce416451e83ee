#!/usr/bin/env bash
# Issue 2's GPU measurement, in one run on a GPU host with no registry:
#   1. builds llama.cpp with CUDA from the bundled source (timed),
#   2. writes the generated 8B F16 model with the silo's create-model verb,
#   3. measures batch-1 decode: llama-bench tg128 vs our binding, interleaved, twice each.
# Inputs: .device/ from bench/gpu/pack.sh. Usage: ARCHS=90 bash bench/gpu/engine-decode.sh
set -euo pipefail
source "$(dirname "$0")/prepare.sh"
for round in 1 2; do
  echo "== round $round: llama-bench"
  "$lib/llama-bench" -m "$model" -p 0 -n 128 -r 5 -ngl 99 -o md 2>/dev/null | tee -a "$out/llama-bench.md" | grep -E "tg128|model"
  for threads in "" 8 4; do
    echo "== round $round: cluster binding ${threads:+--threads $threads}"
    "$work/bench/cluster-bench-decode" --model "$model" --llama-dir "$lib" --tokens 128 --repetitions 5 ${threads:+--threads $threads} \
      | tee -a "$out/cluster.md" | grep -E "^\| (binding|Text)"
  done
done
echo "CUDA build wall time: ${build_seconds} s (sm_${archs}, $(nproc) cores)"
