#!/usr/bin/env bash
# Issue 16 on one GPU: serving throughput at 64 streams with LoRA adapters against the base model alone. The silo
# serves the generated 8B F16 model with 16 random adapters (create-model --lora, rank RANK, seeds 1..16, the attention
# projections of every layer) and runs bench/Load four times: every stream on the base model, every stream on one
# adapter, the streams spread round robin over 4 adapters (16 each), and over 16 adapters (4 each). With the patched
# CUDA build (scripts/llama-patches/per-sequence-lora.patch) every step decodes all 64 streams, each with its own
# adapter; SILO_EXTRA=--Silo:Models:0:Scheduler:PerSequenceAdapters=false NAME=lora-h200-grouped measures the old
# grouping (one adapter group per step, least recently served first: with K groups busy, each step decodes about 64/K
# sequences). The scheduler's step log follows each run (its "llama_decode" column shows the decode cost).
# Workload: PROMPT_WORDS (128) distinct words per prompt, MAX_TOKENS (128) out, ignore_eos, temperature 0.8,
# top_p 0.95, streaming, 64 streams, ROUNDS (1) requests per stream, one connection per request.
# Table to $RESULTS_DIR/lora-h200.md (default bench/results). Inputs: .device/ from bench/gpu/pack.sh.
# About 3-4 min on a warm H200 (CUDA build and 8B model already there; else add ~3 min build and ~1.5 min model).
# SILO_EXTRA adds silo settings (e.g. --Silo:Models:0:Scheduler:AdapterStepsPerTurn=1); NAME (lora-h200) names the table.
# Usage: RESULTS_DIR=$OUT bash bench/gpu/lora.sh
set -euo pipefail
source "$(dirname "$0")/prepare.sh"
rank="${RANK:-16}"
rounds="${ROUNDS:-1}"
results="${RESULTS_DIR:-$root/bench/results}"
mkdir -p "$results"
md="$results/${NAME:-lora-h200}.md"
read -ra silo_extra <<< "${SILO_EXTRA:-}"
base=llama-8b-f16
adapters=()
for i in $(seq 1 16); do
  file="$work/lora-8b-r$rank-$i.gguf"
  [[ -f "$file" ]] || "$work/silo/cluster-silo" create-model --lora --preset 8b --rank "$rank" --seed "$i" -o "$file" > "$out/create-lora.log"
  adapters+=(--Silo:Models:0:Adapters:$((i - 1)):Name="l$i" --Silo:Models:0:Adapters:$((i - 1)):Path="$file")
done
tail -1 "$out/create-lora.log" 2>/dev/null || true

CLUSTER_LLAMA_LIB_DIR="$lib" "$work/silo/cluster-silo" serve --model "$model" --parallel 64 --ctx 1024 --port 8090 \
  --Silo:Models:0:Scheduler:QueueCapacity=1024 "${adapters[@]}" "${silo_extra[@]}" > "$out/silo-lora.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
wait_ready 8090 /health/ready
: > "$out/lora-runs.md"
names() { local list=""; for i in $(seq 1 "$1"); do list+="${list:+,}$base:l$i"; done; echo "$list"; }
{
  echo "# LoRA adapters on one GPU ($(cut -d, -f1 "$out/gpu.txt"), 8B F16, rank $rank, 64 streams, ${PROMPT_WORDS:-128}-word prompts, ${MAX_TOKENS:-128} out${SILO_EXTRA:+, $SILO_EXTRA})"
  echo
} > "$md"
for variant in base 1 4 16; do
  models="$base"; label="base model alone"
  [[ $variant == base ]] || { models="$(names "$variant")"; label="$variant adapter(s), streams round robin"; }
  lines_before=$(grep -c "Scheduler:" "$out/silo-lora.log" || true)
  "$work/load/cluster-bench-load" --url http://127.0.0.1:8090 --label "$label" --model "$models" --rounds "$rounds" \
    --prompt-words "${PROMPT_WORDS:-128}" --max-tokens "${MAX_TOKENS:-128}" --concurrency 64 \
    --sampling '{"temperature":0.8,"top_p":0.95}' | tee -a "$out/lora-runs.md"
  echo "== scheduler profile ($label)"; grep -h "Scheduler:" "$out/silo-lora.log" | tail -n +"$((lines_before + 1))" | sed 's/.*Scheduler:/Scheduler:/' || true
done
{ head -2 "$out/lora-runs.md"; grep -v -e "^| server" -e "^| ---" "$out/lora-runs.md"; } >> "$md"
echo; cat "$md"
