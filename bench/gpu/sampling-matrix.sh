#!/usr/bin/env bash
# Issue 12 on the GPU: output tok/s per sampling setting x concurrent streams, for the silo directly, the gateway in
# front of that silo, the silo with greedy and top-k requests sampled on the GPU (Scheduler:BackendSamplingFor), and
# llama-server built from the same source on the same GPU, plain and with --backend-sampling.
# Workload (bench/Load): ~512-token distinct prompts, 128 output tokens, ignore_eos, streaming, one connection per
# request, ROUNDS requests per stream (1; LLAMA_ROUNDS for llama-server, 1), 128 slots everywhere. llama-server runs
# LLAMA_LEVELS (1 16 64): at 128 streams it took 60-80 s a cell (bench/results/serving-h200.md) and no goal compares it
# there. llama-batched-bench gives the GPU's figure for the same shape at 64 and 128 (generated tokens / total time),
# the silo's ceiling. Every field is sent explicitly, so llama-server's own defaults (top_k 40, min_p 0.05) never
# apply: each setting asks both servers for the same work (repetition_penalty is sent under llama-server's name,
# repeat_penalty, too).
# Prints a markdown table (per setting and streams: every server, the silo's best against llama-server's best, the
# gateway against the silo, the silo against batched-bench, and which of the issue's goals the row meets) and writes,
# into RESULTS_DIR (default bench/results): sampling-matrix-h200.md, sampling-matrix-h200.tsv and
# sampling-matrix-h200.png (bench/Plot).
# SERVERS picks what runs (default "silo gpu llama backend"; silo includes the gateway; gpu is the silo with
# BackendSamplingFor=GPU_SCOPE, default "Greedy, TopK", on the settings GPU_SETTINGS, default "1 5"), SETTINGS the
# settings by number (1-6), LEVELS the streams (1 16 64 128); SILO_EXTRA adds silo settings (e.g.
# --Silo:Models:0:Scheduler:SamplingThreads=8); APPEND=1 adds to the TSV of an earlier call (a run split over calls on
# the same warm machine) instead of starting it again; SAMPLING_BENCH=1 first prints the host sampling cost per step on
# this host's cores (bench/Decode sampling-threads on the generated tiny model's 128k vocabulary, then sampling-profile
# and sampling-steps: about two minutes).
# Wall time after the CUDA build (about 4 min): batched-bench 0.5 min, silo + gateway 3 min per round, gpu 0.5 min,
# llama-server --backend-sampling 2.5 min, plain llama-server 5 min (its top_p cells run at about 100 tok/s); the
# warm-ups add about 10 s per setting and server.
# Inputs: .device/ from bench/gpu/pack.sh.
# Usage: RESULTS_DIR=$OUT bash bench/gpu/sampling-matrix.sh
set -euo pipefail
source "$(dirname "$0")/prepare.sh"
levels="${LEVELS:-1 16 64 128}"
llama_levels="${LLAMA_LEVELS:-1 16 64}"
rounds="${ROUNDS:-1}"
llama_rounds="${LLAMA_ROUNDS:-1}"
servers=" ${SERVERS:-silo gpu llama backend} "
selected=" ${SETTINGS:-1 2 3 4 5 6} "
gpu_selected=" ${GPU_SETTINGS:-1 5} "
gpu_scope="${GPU_SCOPE:-Greedy, TopK}"
results="${RESULTS_DIR:-$root/bench/results}"
read -ra silo_extra <<< "${SILO_EXTRA:-}"
slots=128
mkdir -p "$results"
tsv="$results/sampling-matrix-h200.tsv"
md="$results/sampling-matrix-h200.md"
settings=(
  'temperature 0.8, top_p 0.95, top_k 40|{"temperature":0.8,"top_p":0.95,"top_k":40,"min_p":0}'
  'temperature 0.8, top_p 0.95|{"temperature":0.8,"top_p":0.95,"top_k":0,"min_p":0}'
  'temperature 1|{"temperature":1.0,"top_p":1.0,"top_k":0,"min_p":0}'
  'min_p 0.05|{"temperature":1.0,"top_p":1.0,"top_k":0,"min_p":0.05}'
  'greedy|{"temperature":0,"top_p":1.0,"top_k":0,"min_p":0}'
  'top_p 0.95, penalties, logit_bias, seed|{"temperature":0.8,"top_p":0.95,"top_k":0,"min_p":0,"presence_penalty":0.5,"frequency_penalty":0.5,"repetition_penalty":1.1,"repeat_penalty":1.1,"logit_bias":{"100":5,"200":-5,"300":-100},"seed":42}'
)
[[ "${APPEND:-0}" == 1 && -f "$tsv" ]] || printf 'setting\tserver\tstreams\toutput tok/s\n' > "$tsv"
if [[ "${SAMPLING_BENCH:-0}" == 1 ]]; then
  echo "== host sampling cost per step on this host's $(nproc) cores (bench/Decode sampling-threads)"
  tiny="$work/tiny-f16.gguf"
  [[ -f "$tiny" ]] || "$work/silo/cluster-silo" create-model --preset tiny --type F16 --seed 42 -o "$tiny" \
    --vocab "$work/silo/vocab/ggml-vocab-llama-bpe.gguf" > "$out/create-tiny.log"
  "$work/bench/cluster-bench-decode" sampling-threads --model "$tiny" --llama-dir "$lib" --repetitions 5 2>/dev/null \
    | tee "$results/sampling-threads-h200.md"
  # Where a row's time goes (each pass on one thread, the hand-off to the sampling threads) and µs per step for 1, 16,
  # 64 and 128 rows per setting; no model needed (about a minute together).
  { "$work/bench/cluster-bench-decode" sampling-profile --repetitions 15; echo
    "$work/bench/cluster-bench-decode" sampling-steps --rows 1 16 64 128 --repetitions 9; } 2>/dev/null \
    | tee "$results/sampling-steps-h200.md"
fi
batched="$out/matrix-batched.tsv"
touch "$batched"
if [[ "${BATCHED:-1}" == 1 ]]; then
  echo "== llama-batched-bench (same build; 512-token prompts, 128 generated per sequence; -ub 2048)"
  "$lib/llama-batched-bench" -m "$model" -c $((slots * 1024)) -b 2048 -ub 2048 -npp 512 -ntg 128 -npl 64,128 -ngl 99 2>/dev/null \
    | tee "$out/matrix-batched.md" | grep -E "^\|" \
    | awk -F'|' '$4 + 0 > 0 { gsub(/ /, "", $4); printf "%s\t%.0f\n", $4, $4 * $3 / $10 }' | tee "$batched"
fi

# Runs every selected setting against one server: $1 = port, $2 = server name, $3 = model id, $4 = streams,
# $5 = rounds, $6 = settings (default: the selected ones).
matrix() {
  for number in ${6:-$selected}; do
    IFS='|' read -r name fields <<< "${settings[$((number - 1))]}"
    "$work/load/cluster-bench-load" --url "http://127.0.0.1:$1" --label "$2" --model "$3" --rounds "$5" --sampling "$fields" \
      --concurrency $4 2>>"$out/matrix-errors.log" | tee -a "$out/matrix-raw.md" \
      | awk -F'|' -v setting="$name" -v server="$2" 'NR > 2 && NF > 6 { gsub(/ /, "", $3); gsub(/ /, "", $6); print setting "\t" server "\t" $3 "\t" $6 }' >> "$tsv"
  done
}
# An unmeasured warm-up before a server's first cell: every sampling setting once at 1 stream and at each level of 64
# and more, 32 tokens out
# (without it the first cell on a fresh silo came out up to 68 % below the same silo's next cell: JIT, first graphs;
# bench/results/sampling-silo-h200.md; warmed at 64 only, the first 128-stream cell still came out 25 % below the
# gateway cell after it, bench/results/sampling-matrix-h200.md). WARMUP=0 leaves it out. $1 = port, $2 = model id, $3 = settings (default: selected).
warm_up() {
  [[ "${WARMUP:-1}" == 1 ]] || return 0
  local number name fields level warm_levels=""
  for level in $levels; do if (( level >= 64 )); then warm_levels+=" $level"; fi; done
  for number in ${3:-$selected}; do
    IFS='|' read -r name fields <<< "${settings[$((number - 1))]}"
    "$work/load/cluster-bench-load" --url "http://127.0.0.1:$1" --label warm-up --model "$2" --rounds 1 --max-tokens 32 \
      --sampling "$fields" --concurrency 1 $warm_levels > /dev/null 2>>"$out/matrix-errors.log" || true
  done
}
stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }
# Starts the silo on 8092, its log in $out/$1.log, with the further settings given; sets silo_pid.
start_silo() {
  local log="$out/$1.log"; shift
  CLUSTER_LLAMA_LIB_DIR="$lib" "$work/silo/cluster-silo" serve --model "$model" --parallel $slots --ctx 1024 --port 8092 \
    --Silo:Models:0:Scheduler:StepTokenBudget=2048 --Silo:Models:0:Scheduler:QueueCapacity=1024 \
    --Cluster:SiloName=silo-1 --Cluster:SiloPort=11111 --Cluster:PrimarySiloPort=11111 --Cluster:GatewayPort=30000 \
    "${silo_extra[@]}" "$@" > "$log" 2>&1 &
  silo_pid=$!
}

if [[ "$servers" == *" silo "* ]]; then
  start_silo matrix-silo
  "$work/gateway/cluster-gateway" --urls http://127.0.0.1:8093 --Cluster:GatewayPorts:0=30000 --Cluster:Secret="$CLUSTER_SECRET" > "$out/matrix-gateway.log" 2>&1 &
  gateway_pid=$!
  trap 'kill $silo_pid $gateway_pid 2>/dev/null || true' EXIT
  wait_ready 8092 /health/ready || { tail -20 "$out/matrix-silo.log"; exit 1; }
  gateway_ready=0
  for _ in $(seq 1 240); do
    [[ "$(curl -fsS http://127.0.0.1:8093/health/ready 2>/dev/null || true)" == *'"live_silos":1'* ]] && gateway_ready=1 && break
    kill -0 "$gateway_pid" 2>/dev/null || break
    sleep 0.5
  done
  warm_up 8092 llama-8b-f16
  matrix 8092 silo llama-8b-f16 "$levels" "$rounds"
  if [[ $gateway_ready == 1 ]]; then warm_up 8093 llama-8b-f16 1; matrix 8093 "gateway + silo" llama-8b-f16 "$levels" "$rounds"
  else echo "the gateway did not see the silo; its log ends:"; tail -5 "$out/matrix-gateway.log"; fi
  stop "$gateway_pid"; stop "$silo_pid"; trap - EXIT
  echo "== silo scheduler profile (10 s windows)"; grep -h "Scheduler:" "$out/matrix-silo.log" | sed 's/.*Scheduler:/Scheduler:/' | tail -8 || true
fi
if [[ "$servers" == *" gpu "* ]]; then
  start_silo matrix-silo-gpu "--Silo:Models:0:Scheduler:BackendSamplingFor=$gpu_scope"
  trap 'kill $silo_pid 2>/dev/null || true' EXIT
  wait_ready 8092 /health/ready || { tail -20 "$out/matrix-silo-gpu.log"; exit 1; }
  warm_up 8092 llama-8b-f16 "$gpu_selected"
  matrix 8092 "silo, GPU greedy/top-k" llama-8b-f16 "$levels" "$rounds" "$gpu_selected"
  stop "$silo_pid"; trap - EXIT
  echo "== silo (GPU greedy/top-k) scheduler profile"; grep -h "Scheduler:" "$out/matrix-silo-gpu.log" | sed 's/.*Scheduler:/Scheduler:/' | tail -4 || true
fi
for variant in llama backend; do
  [[ "$servers" == *" $variant "* ]] || continue
  extra=(); name="llama-server"; [[ $variant == backend ]] && extra=(--backend-sampling) && name="llama-server --backend-sampling"
  "$lib/llama-server" -m "$model" -ngl 99 -np $slots -c $((slots * 1024)) --port 8094 --host 127.0.0.1 "${extra[@]}" > "$out/matrix-$variant.log" 2>&1 &
  pid=$!
  trap 'kill $pid 2>/dev/null || true' EXIT
  wait_ready 8094 /health || { tail -20 "$out/matrix-$variant.log"; exit 1; }
  warm_up 8094 model
  matrix 8094 "$name" model "$llama_levels" "$llama_rounds"
  stop "$pid"; trap - EXIT
done

# One row per setting and streams: every server side by side, the silo's best (host or GPU sampling) against
# llama-server's best, the gateway against the silo, the silo against batched-bench, and the issue's goals for the row:
# >= 2.5x llama-server's best at 64 streams, >= 1.00x at one stream, the gateway >= 97 % of the silo, >= 90 % of
# batched-bench at 64 and 128 streams.
awk -F'\t' -v batched="$batched" 'BEGIN { while ((getline line < batched) > 0) { split(line, f, "\t"); ceiling[f[1]] = f[2] } }
  NR > 1 { key = $1 "\t" $3; if (!(key in seen)) { seen[key] = 1; keys[++n] = key } value[key, $2] = $4 }
  function goal(name, ratio, bar) { return name (ratio >= bar ? " met" : " MISSED") }
  END {
    print "| setting | streams | silo | gateway + silo | silo, GPU greedy/top-k | llama-server | llama-server --backend-sampling | silo best / llama-server best | gateway / silo | silo best / batched-bench | goals |"
    print "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
    for (i = 1; i <= n; i++) {
      split(keys[i], part, "\t"); k = keys[i]
      s = value[k, "silo"]; g = value[k, "gateway + silo"]; p = value[k, "silo, GPU greedy/top-k"]
      l = value[k, "llama-server"]; b = value[k, "llama-server --backend-sampling"]
      best = (l > b ? l : b); top = (s > p ? s : p)
      c = ceiling[part[2]]
      goals = ""
      if (best > 0 && top > 0 && part[2] == 64) goals = goals goal("2.5x llama", top / best, 2.5) "; "
      if (best > 0 && top > 0 && part[2] == 1) goals = goals goal("1.00x llama", top / best, 1.0) "; "
      if (s > 0 && g > 0) goals = goals goal("gateway 97 %", g / s, 0.97) "; "
      if (c > 0 && top > 0 && (part[2] == 64 || part[2] == 128)) goals = goals goal("90 % batched", top / c, 0.9) "; "
      sub(/; $/, "", goals)
      printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", part[1], part[2], s, g, p, l, b,
        (best > 0 && top > 0 ? sprintf("%.2fx", top / best) : "-"), (s > 0 && g > 0 ? sprintf("%.0f %%", 100 * g / s) : "-"),
        (c > 0 && top > 0 ? sprintf("%.0f %%", 100 * top / c) : "-"), goals
    }
  }' "$tsv" | tee "$md"
[[ -s "$out/matrix-errors.log" ]] && { echo "== request errors"; sort "$out/matrix-errors.log" | uniq -c | head -20; }
if [[ -x "$work/plot/cluster-bench-plot" ]]; then
  "$work/plot/cluster-bench-plot" --input "$tsv" --output "$results/sampling-matrix-h200.png" --title "Output tok/s, H200, 8B F16, 512-token prompts, 128 out" \
    || echo "plot failed; on the CPU machine: dotnet run --project bench/Plot -c Release -- --input $tsv --output bench/results/sampling-matrix-h200.png"
else
  echo "no plot tool here; on the CPU machine: dotnet run --project bench/Plot -c Release -- --input bench/results/sampling-matrix-h200.tsv --output bench/results/sampling-matrix-h200.png"
fi
