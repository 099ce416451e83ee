#!/usr/bin/env bash
# Issue 15 on the GPU: one-image chats through libmtmd, the silo against llama-server built from the same source, with
# the same files: the generated 8B F16 text model and a random-weight LLaVA-1.5-shaped projector (CLIP ViT-L/14 at
# 336 px: 576 image tokens, MLP into 4096). Every request carries its own random 336x336 PNG as a base64 data: URL
# (no server can reuse an earlier image) and a short question; 16 output tokens (ignore_eos), so the figures are the
# image path's: images/s and TTFT at concurrency LEVELS (default 1 16 64), ROUNDS requests per stream (default 2).
# Inputs: .device/ from bench/gpu/pack.sh. Usage: ARCHS=90 bash bench/gpu/vision.sh
set -euo pipefail
source "$(dirname "$0")/prepare.sh"
levels="${LEVELS:-1 16 64}"
rounds="${ROUNDS:-2}"
slots=64
max_tokens="${MAX_TOKENS:-16}"
if ! compgen -G "$lib/libmtmd.so*" >/dev/null; then
  # A CUDA build from before mtmd was a target: build it (incremental when .native/build-cuda is still there).
  bash scripts/build-llama-cuda.sh "$archs" > "$out/build-mtmd.log" 2>&1 || { tail -40 "$out/build-mtmd.log"; exit 1; }
fi
projector="$work/mmproj-clip-vit-l-14-336-8b.gguf"
if [[ ! -f "$projector" ]]; then
  "$work/silo/cluster-silo" create-model --preset 8b --mmproj "$projector" --mmproj-preset clip-vit-l-14-336 --mmproj-only --seed 42 \
    --vocab "$work/silo/vocab/ggml-vocab-llama-bpe.gguf" | tail -1
fi
vision() { "$work/load/cluster-bench-load" vision --url "http://127.0.0.1:$1" --label "$2" --model "$3" --rounds "$rounds" \
  --max-tokens "$max_tokens" --concurrency $levels | tee -a "$out/vision.md"; }
stop() { kill "$1"; wait "$1" 2>/dev/null || true; }

echo "== llama-server (same build, same files; -np $slots, 2048 tokens per slot)"
"$lib/llama-server" -m "$model" --mmproj "$projector" -ngl 99 -np $slots -c $((slots * 2048)) --port 8081 --host 127.0.0.1 \
  > "$out/llama-server-vision.log" 2>&1 &
pid=$!; wait_ready 8081 /health
vision 8081 "llama-server" model
stop "$pid"

echo "== cluster silo (--parallel $slots, --ctx 2048)"
CLUSTER_LLAMA_LIB_DIR="$lib" "$work/silo/cluster-silo" serve --model "$model" --mmproj "$projector" --parallel $slots --ctx 2048 --port 8082 \
  --Silo:Models:0:Scheduler:StepTokenBudget=2048 --Silo:Models:0:Scheduler:QueueCapacity=1024 > "$out/silo-vision.log" 2>&1 &
pid=$!; wait_ready 8082 /health/ready
vision 8082 "cluster silo" llama-8b-f16
stop "$pid"
grep -h "Scheduler:" "$out/silo-vision.log" | sed 's/.*Scheduler:/Scheduler:/' | tail -3 || true
