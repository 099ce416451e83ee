#!/usr/bin/env bash
# Issue 12: CUDA graphs on the silo's decode pattern, with llama.cpp alone (bench/gpu/native/cuda-graphs-repro.c, built
# here against the same CUDA build). The silo turned graphs off after "CUDA error: an illegal instruction was
# encountered" at cudaGraphLaunch under concurrent load with per-sequence KV (LlamaLibrary.DisableCudaGraphs). Each
# variant runs STEPS steps (1200) of the continuous-batching pattern (128 sequences, 512-token prompts in chunks of a
# 2048-token step, 128 generated each, restarting at once) with graphs off and on; then with graphs on, unified KV,
# and flash attention off, to isolate the cause; then one sequence decoding alone (the 1-stream goal: >= 200 tok/s),
# in a context of its own and in the silo's context of 128 slots.
# An abort prints its exit status and the CUDA error; a clean run prints tok/s. Inputs: .device/ (bench/gpu/pack.sh).
# Usage: bash bench/gpu/cuda-graphs.sh
set -euo pipefail
source "$(dirname "$0")/prepare.sh"
steps="${STEPS:-1200}"
repro="$work/cuda-graphs-repro"
gcc -O2 -Wall -I .native/llama-src/include -I .native/llama-src/ggml/include bench/gpu/native/cuda-graphs-repro.c \
  -L "$lib" -lllama -lggml -Wl,-rpath,"$lib" -o "$repro"
variant() { # $1 = name, $2 = graphs (on|off), then the repro's arguments after the model
  local name="$1" graphs="$2"; shift 2
  local log="$out/cuda-graphs-$name.log" status=0
  if [[ "$graphs" == off ]]; then
    GGML_CUDA_DISABLE_GRAPHS=1 BACKENDS_DIR="$lib" timeout 150 "$repro" "$model" "$@" > "$log" 2>&1 || status=$?
  else
    env -u GGML_CUDA_DISABLE_GRAPHS BACKENDS_DIR="$lib" timeout 150 "$repro" "$model" "$@" > "$log" 2>&1 || status=$?
  fi
  printf '| %s | graphs %s | %s | ' "$name" "$graphs" "$*"
  if [[ $status == 0 ]]; then grep -h "^done:" "$log" | sed 's/.*, \([0-9]*\) tok\/s/\1 tok\/s |/'
  else echo "exit $status: $(grep -hiE 'error|abort|illegal' "$log" | grep -v '^llama_\|^load' | head -2 | tr '\n' ' ') (last: $(grep -h '^step' "$log" | tail -1)) |"; fi
}
echo "| variant | graphs | sequences steps prompt generate budget unified flash | result |"
echo "| --- | --- | --- | --- |"
variant serving off 128 "$steps" 512 128 2048 0 -1
variant serving on 128 "$steps" 512 128 2048 0 -1
variant serving-unified on 128 "$steps" 512 128 2048 1 -1
variant serving-no-flash on 128 "$steps" 512 128 2048 0 0
variant serving-64 on 64 "$steps" 512 128 2048 0 -1
variant one-stream off 1 600 16 1000 2048 0 -1
variant one-stream on 1 600 16 1000 2048 0 -1
# The silo's context at one stream: 128 slots of 2,048 tokens, one decoding (what llama.cpp itself costs for the slots).
SLOTS=128 CONTEXT=2048 variant one-stream-in-128-slots on 1 600 16 1000 2048 0 -1
