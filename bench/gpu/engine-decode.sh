#!/usr/bin/env bash
# Issue 2's GPU measurement, in one run on a GPU host with no registry:
#   1. builds llama.cpp with CUDA from the bundled source (timed),
#   2. writes the generated 8B F16 model with the silo's create-model verb,
#   3. measures batch-1 decode: llama-bench tg128 vs our binding, interleaved, twice each.
# Inputs (prepare with bench/gpu/pack.sh on a machine with the SDK and npm):
#   .device/apps.tar.xz                 self-contained publishes of the silo and cluster-bench-decode
#   .device/node-llama-cpp-3.22.1.tgz   the npm package that carries llama.cpp's source
# Usage: bash bench/gpu/engine-decode.sh [ARCHS] [WORK_DIR]
set -euo pipefail
archs="${1:-90}"
work="${2:-$HOME/cluster-bench}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="${OUT:-$work/out}"
mkdir -p "$work" "$out" "$root/.native/npm"
cd "$root"

nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader | tee "$out/gpu.txt"
cp -n .device/node-llama-cpp-3.22.1.tgz .native/npm/ 2>/dev/null || true
tar -xJf .device/apps.tar.xz -C "$work"

build_started=$(date +%s)
bash scripts/build-llama-cuda.sh "$archs" > "$out/build.log" 2>&1 || { tail -40 "$out/build.log"; exit 1; }
build_seconds=$(( $(date +%s) - build_started ))
tail -1 "$out/build.log"

model="$work/llama-8b-f16.gguf"
if [[ ! -f "$model" ]]; then
  "$work/silo/cluster-silo" create-model --preset 8b --type F16 --seed 42 -o "$model" \
    --vocab .native/llama-src/models/ggml-vocab-llama-bpe.gguf | tee "$out/create-model.log" | tail -3
fi

lib=".native/llama-cuda"
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
