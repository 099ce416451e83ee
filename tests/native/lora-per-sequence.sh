#!/usr/bin/env bash
# Runs tests/native/lora-per-sequence.c (per-sequence LoRA: base + two adapters in one llama_decode equal each decoded
# alone the old way) on the tiny generated model and two create-model --lora adapters of different ranks.
#   CPU (default): against the patched CPU libllama (scripts/build-llama-cpu.sh) and npm's prebuilt ggml.
#   LIB=.native/llama-cuda: against the CUDA build (scripts/build-llama-cuda.sh), on a GPU host; PRESET=8b for the 8B shape.
# TOLERANCE (1e-3) bounds max |mixed - alone| over the logits.
# Needs gcc and a built silo (dotnet build src/Silo -c Release) for create-model. Prints one line per sequence and step.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
silo="${SILO:-src/Silo/bin/Release/net10.0/cluster-silo}"
preset="${PRESET:-tiny}"
if [[ -n "${LIB:-}" ]]; then
  libs=("$LIB"); backends="$LIB"
else
  bash scripts/build-llama-cpu.sh
  libs=(.native/llama-cpu-patched .native/llama-cpu); backends=.native/llama-cpu
fi
link=(); rpath=""
for dir in "${libs[@]}"; do link+=(-L "$root/$dir"); rpath="$rpath:$root/$dir"; done
names=(-l:libllama.so -l:libggml.so)
[[ -f "${libs[0]}/libllama.v0.5.0.so" ]] && names=(-l:libllama.v0.5.0.so -l:libggml.v0.5.0.so)
bash scripts/patch-llama-src.sh .native/llama-src-patched
gcc -O2 -Wall -Wextra -I .native/llama-src-patched/include -I .native/llama-src-patched/ggml/include tests/native/lora-per-sequence.c \
  "${link[@]}" "${names[@]}" -l:libggml-base.so -lm -Wl,-rpath,"${rpath#:}" -o "$work/check"
"$silo" create-model --preset "$preset" --seed 42 -o "$work/model.gguf" > /dev/null
"$silo" create-model --lora --preset "$preset" --seed 7 --rank 8 -o "$work/a.gguf" > /dev/null
"$silo" create-model --lora --preset "$preset" --seed 8 --rank 4 -o "$work/b.gguf" > /dev/null
BACKENDS_DIR="$root/$backends" "$work/check" "$work/model.gguf" "$work/a.gguf" "$work/b.gguf" 2> "$work/llama.log" \
  || { tail -20 "$work/llama.log"; exit 1; }
