#!/usr/bin/env bash
# Issue 16, the adapter-switch cost: llama.cpp alone (bench/gpu/native/lora-switch.c, built here against the CUDA
# build) on the generated 8B F16 model with K random adapters (create-model --lora, rank RANK, seeds 1..K, the files
# bench/gpu/lora.sh writes). 64 sequences spread over the adapters, 128-token prompts, STEPS (256) decode steps, each
# decoding one adapter group: base model alone, one adapter, one context switching the adapter every step (switch-1)
# and every 16 steps (switch-16, the silo's Scheduler:AdapterStepsPerTurn), and one context per adapter on the shared
# weights, each holding only its group's KV, no switch ever (contexts). The difference between switch-1 and contexts is
# the re-reserve llama_set_adapters_lora causes (llama_context::sched_reserve); "context MiB" is the GPU memory the
# mode's contexts took (KV + compute buffers), which says what a context per adapter costs. "mixed" decodes all 64
# sequences, each with its own adapter, in one llama_decode (scripts/llama-patches/per-sequence-lora.patch).
# Table to $RESULTS_DIR/lora-switch-h200.md (default bench/results). Inputs: .device/ from bench/gpu/pack.sh.
# About 2 min on a warm H200 (add ~3 min for the CUDA build and ~2 min for the model and adapters on a fresh one).
# Usage: RESULTS_DIR=$OUT bash bench/gpu/lora-switch.sh
set -euo pipefail
source "$(dirname "$0")/prepare.sh"
rank="${RANK:-16}"
steps="${STEPS:-256}"
results="${RESULTS_DIR:-$root/bench/results}"
mkdir -p "$results"
md="$results/lora-switch-h200.md"
probe="$work/lora-switch"
bash scripts/patch-llama-src.sh .native/llama-src-patched   # the patched llama.h (per-sequence LoRA for "mixed")
gcc -O2 -Wall -I .native/llama-src-patched/include -I .native/llama-src-patched/ggml/include bench/gpu/native/lora-switch.c \
  -L "$lib" -lllama -lggml -lggml-base -Wl,-rpath,"$lib" -o "$probe"
adapters=()
for i in $(seq 1 16); do
  file="$work/lora-8b-r$rank-$i.gguf"
  [[ -f "$file" ]] || "$work/silo/cluster-silo" create-model --lora --preset 8b --rank "$rank" --seed "$i" -o "$file" > "$out/create-lora.log"
  adapters+=("$file")
done
# Per-sequence LoRA on the GPU: base + 2 adapters in one llama_decode against each alone the old way (tiny model).
check="$(SILO="$work/silo/cluster-silo" LIB=.native/llama-cuda TOLERANCE="${TOLERANCE:-1e-2}" bash tests/native/lora-per-sequence.sh 2>&1 || true)"
{
  echo "# LoRA adapter switches in llama.cpp alone ($(cut -d, -f1 "$out/gpu.txt"), 8B F16, rank $rank, 64 sequences, 128-token prompts, $steps steps)"
  echo
  echo "## Per-sequence check (tests/native/lora-per-sequence.sh on the CUDA build)"
  echo
  echo '```'
  echo "$check"
  echo '```'
  echo
  for k in ${ADAPTER_COUNTS:-1 4 16}; do
    echo "## $k adapters"
    echo
    BACKENDS_DIR="$lib" "$probe" "$model" 64 "$steps" 128 "${adapters[@]:0:$k}" 2> "$out/lora-switch-$k.log"
    echo
  done
} | tee "$md"
