#!/usr/bin/env bash
# Issues 3 and 4 on the GPU: the silo against llama-server (with and without its --backend-sampling) built from the
# same source on the same GPU, llama-batched-bench's raw figures, and the multi-turn session workload.
# Serving workload (bench/Load): ~512-token distinct prompts, 128 output tokens, ignore_eos, temperature 0.8,
# top_p 0.95, top_k 40, streaming, concurrency LEVELS (1 16 64 128), ROUNDS requests per stream (2), one connection
# per request. Sessions (bench/Load chat): 16 conversations x 8 turns, history growing to about 2k tokens.
# PARTS picks what runs (default all): batched llama silo chat-llama chat-silo, and silo-decode (a decode-bound
# load: 16-word prompts, 512 tokens out, one request per stream, at 64 and 128 streams) and chat-many (48
# conversations on 16 slots, so idle sessions are evicted to host memory and stateless histories lose their slot;
# PAGEABLE=1 runs the sessions again with ordinary host memory); chat-many-blocks runs those sessions with
# power-of-two and with uniform pinned blocks (BLOCKS lists the sizes, 0 = power of two, auto = the silo's default). MICRO_BATCHES lists n_ubatch
# sizes to run batched-bench and the silo with (default 2048, the silo's default); SILO_EXTRA adds settings to every silo. A run may be
# split over calls on the same warm machine (the CUDA build and the model stay there).
# Inputs: .device/ from bench/gpu/pack.sh. Usage: ARCHS=90 bash bench/gpu/serving.sh
set -euo pipefail
source "$(dirname "$0")/prepare.sh"
levels="${LEVELS:-1 16 64 128}"
rounds="${ROUNDS:-2}"
parts=" ${PARTS:-batched llama silo chat-llama chat-silo} "
slots=128
micro_batches="${MICRO_BATCHES:-2048}"
read -ra silo_extra <<< "${SILO_EXTRA:-}"
load() { "$work/load/cluster-bench-load" --url "http://127.0.0.1:$1" --label "$2" --model "$3" --rounds "$rounds" --concurrency $levels | tee -a "$out/serving.md"; }
chat() { "$work/load/cluster-bench-load" chat --url "http://127.0.0.1:$1" --label "$2" --model "$3" --conversations "${conversations:-16}" --turns 8 "${@:4}" | tee -a "$out/sessions.md"; }
has() { [[ "$parts" == *" $1 "* ]]; }
silo() { # $1 = port, $2 = parallel, $3 = ctx per sequence, then extra settings
  CLUSTER_LLAMA_LIB_DIR="$lib" "$work/silo/cluster-silo" serve --model "$model" --parallel "$2" --ctx "$3" --port "$1" \
    --Silo:Models:0:Scheduler:StepTokenBudget=2048 --Silo:Models:0:Scheduler:QueueCapacity=1024 "${silo_extra[@]}" "${@:4}" > "$out/silo-$1.log" 2>&1 &
  echo $!
}
llama_server() { # $1 = port, $2 = slots, $3 = total ctx, then extra flags
  "$lib/llama-server" -m "$model" -ngl 99 -np "$2" -c "$3" --port "$1" --host 127.0.0.1 "${@:4}" > "$out/llama-server-$1.log" 2>&1 &
  echo $!
}
stop() { kill "$1"; wait "$1" 2>/dev/null || true; }

if has batched; then
  for ub in $micro_batches; do
    echo "== llama-batched-bench (same build; 512-token prompts, 128 generated per sequence; -ub $ub)"
    "$lib/llama-batched-bench" -m "$model" -c $((slots * 1024)) -b $((ub > 2048 ? ub : 2048)) -ub "$ub" -npp 512 -ntg 128 -npl 1,16,64,128 -ngl 99 2>/dev/null \
      | tee "$out/batched-bench-$ub.md" | grep -E "^\|"
  done
fi

if has llama; then
  for variant in plain backend; do
    extra=(); [[ $variant == backend ]] && extra=(--backend-sampling)
    pid=$(llama_server 8081 $slots $((slots * 1024)) "${extra[@]}"); wait_ready 8081 /health
    load 8081 "llama-server ($variant)" model
    stop "$pid"
  done
fi

if has silo; then
  for ub in $micro_batches; do
    label="cluster silo${LABEL_SUFFIX:-}"; [[ "$micro_batches" == "$ub" ]] || label="$label (micro-batch $ub)"
    pid=$(silo 8082 $slots 1024 --Silo:Models:0:Scheduler:MicroBatchSize="$ub"); wait_ready 8082 /health/ready
    load 8082 "$label" llama-8b-f16
    stop "$pid"
    echo "== scheduler profile, micro-batch $ub (10 s windows)"; grep -h "Scheduler:" "$out/silo-8082.log" | sed 's/.*Scheduler:/Scheduler:/' || true
  done
fi

if has silo-decode; then
  pid=$(silo 8085 $slots 1024); wait_ready 8085 /health/ready
  "$work/load/cluster-bench-load" --url http://127.0.0.1:8085 --label "cluster silo, decode-bound" --model llama-8b-f16 --rounds 1 \
    --prompt-words 16 --max-tokens 512 --concurrency 64 128 | tee -a "$out/serving.md"
  stop "$pid"
fi

if has chat-llama; then
  pid=$(llama_server 8081 16 $((16 * 4096))); wait_ready 8081 /health
  chat 8081 "llama-server cache_prompt" model
  stop "$pid"
fi

if has chat-silo; then
  pid=$(silo 8083 16 4096); wait_ready 8083 /health/ready
  chat 8083 "silo, full history resent" llama-8b-f16
  chat 8083 "silo, sessions" llama-8b-f16 --sessions
  stop "$pid"
  pid=$(silo 8084 16 4096 --Silo:Models:0:Scheduler:PrefixReuse=false); wait_ready 8084 /health/ready
  chat 8084 "silo, full history resent, no prefix reuse" llama-8b-f16
  stop "$pid"
fi
if has chat-many; then
  pid=$(silo 8086 16 4096 --Silo:Models:0:Scheduler:SessionHostBudgetBytes=$((24 << 30))); wait_ready 8086 /health/ready
  conversations=48 chat 8086 "silo, 48 conversations on 16 slots, full history resent" llama-8b-f16
  conversations=48 chat 8086 "silo, 48 conversations on 16 slots, sessions" llama-8b-f16 --sessions
  stop "$pid"
  pid=$(silo 8087 16 4096 --Silo:Models:0:Scheduler:PrefixReuse=false); wait_ready 8087 /health/ready
  conversations=48 chat 8087 "silo, 48 conversations on 16 slots, full history resent, no prefix reuse" llama-8b-f16
  stop "$pid"
  echo "== session counters, page-locked host memory"; grep -h "Sessions:" "$out/silo-8086.log" | sed 's/.*Sessions:/Sessions:/' | tail -1 || true
  if [[ -n "${PAGEABLE:-}" ]]; then
    pid=$(silo 8088 16 4096 --Silo:Models:0:Scheduler:SessionHostBudgetBytes=$((24 << 30)) --Silo:Models:0:Scheduler:SessionHostPinned=false)
    wait_ready 8088 /health/ready
    conversations=48 chat 8088 "silo, 48 conversations on 16 slots, sessions, pageable host memory" llama-8b-f16 --sessions
    stop "$pid"
    echo "== session counters, pageable host memory"; grep -h "Sessions:" "$out/silo-8088.log" | sed 's/.*Sessions:/Sessions:/' | tail -1 || true
  fi
fi
if has chat-many-blocks; then # the sessions of chat-many with power-of-two and with uniform (full-slot) pinned blocks
  for blocks in ${BLOCKS:-0 $((520 << 20))}; do
    size=(--Silo:Models:0:Scheduler:SessionHostBlockBytes="$blocks"); [[ $blocks == auto ]] && size=()
    pid=$(silo 8089 16 4096 --Silo:Models:0:Scheduler:SessionHostBudgetBytes=$((24 << 30)) "${size[@]}")
    wait_ready 8089 /health/ready
    conversations=48 chat 8089 "silo, 48 conversations on 16 slots, sessions, blocks $blocks" llama-8b-f16 --sessions
    stop "$pid"
    grep -h "Sessions:" "$out/silo-8089.log" | sed 's/.*Sessions:/Sessions:/' | tail -1 || true
  done
fi
echo; echo "== summary"; grep -hE "^\| (llama|cluster|silo)" "$out/serving.md" "$out/sessions.md" 2>/dev/null || true
