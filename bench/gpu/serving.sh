#!/usr/bin/env bash
# Issue 3's GPU measurement in one run: the silo against llama-server (with and without its
# --backend-sampling) built from the same source on the same GPU, plus llama-batched-bench's raw decode.
# Workload (bench/Load): ~512-token prompts, 128 output tokens, ignore_eos, temperature 0.8, top_p 0.95,
# top_k 40, streaming, concurrency 1/16/64/128, one connection per request.
# Inputs: .device/apps.tar.xz and .device/node-llama-cpp-3.22.1.tgz (bench/gpu/pack.sh).
# Usage: bash bench/gpu/serving.sh [ARCHS] [WORK_DIR]
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
[[ -x .native/llama-cuda/llama-server ]] || bash scripts/build-llama-cuda.sh "$archs" > "$out/build.log" 2>&1 || { tail -40 "$out/build.log"; exit 1; }
lib="$root/.native/llama-cuda"
model="$work/llama-8b-f16.gguf"
[[ -f "$model" ]] || "$work/silo/cluster-silo" create-model --preset 8b --type F16 --seed 42 -o "$model" \
  --vocab .native/llama-src/models/ggml-vocab-llama-bpe.gguf > "$out/create-model.log"
levels="${LEVELS:-1 16 64 128}"
slots=128
load() { "$work/load/cluster-bench-load" --url "http://127.0.0.1:$1" --label "$2" --model "$3" --concurrency $levels | tee -a "$out/serving.md"; }
wait_ready() { for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$1$2" >/dev/null 2>&1 && return 0; sleep 0.5; done; echo "server on $1 not ready"; return 1; }

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

CLUSTER_LLAMA_LIB_DIR="$lib" "$work/silo/cluster-silo" serve --model "$model" --parallel $slots --ctx 1024 --port 8082 > "$out/silo.log" 2>&1 &
pid=$!
wait_ready 8082 /health/ready
load 8082 "cluster silo" llama-8b-f16
kill $pid; wait $pid 2>/dev/null || true
echo; echo "== summary"; grep -E "^\| (llama|cluster)" "$out/serving.md"
