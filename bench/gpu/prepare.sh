#!/usr/bin/env bash
# Sourced by the GPU scripts: unpacks .device/ (bench/gpu/pack.sh), builds llama.cpp with CUDA once and writes the
# generated 8B F16 model once. Sets: work, out, lib (llama.cpp CUDA folder), model, dotnet_root, build_seconds;
# defines wait_ready PORT PATH (waits up to 2 min for a server to answer).
set -euo pipefail
archs="${ARCHS:-90}"
work="${WORK:-$HOME/cluster-bench}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$work/out"   # logs stay on the host; the scripts print what matters
mkdir -p "$work" "$out"
cd "$root"
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader | tee "$out/gpu.txt"
[[ -x "$work/dotnet/dotnet" ]] || tar -xJf .device/dotnet.tar.xz -C "$work"
export DOTNET_ROOT="$work/dotnet"
dotnet_root="$DOTNET_ROOT"
tar -xJf .device/apps.tar.xz -C "$work"
if [[ ! -f .native/llama-src/include/llama.h && -f .device/llama-src.tar.xz ]]; then
  mkdir -p .native/llama-src && tar -xJf .device/llama-src.tar.xz -C .native/llama-src
fi
build_seconds=0
if [[ ! -x .native/llama-cuda/llama-server ]] && compgen -G ".device/llama-cuda.tar.xz.*" >/dev/null; then
  cat .device/llama-cuda.tar.xz.* | xz -d | tar -C .native -xf -   # a build from an earlier call (step-profile.sh PACK_CUDA=1)
fi
patches="$(bash scripts/patch-llama-src.sh --hash)"
if [[ ! -x .native/llama-cuda/llama-server || "$(cat .native/llama-cuda/.patches 2>/dev/null)" != "$patches" ]]; then
  started=$(date +%s)
  bash scripts/build-llama-cuda.sh "$archs" > "$out/build.log" 2>&1 || { tail -40 "$out/build.log"; exit 1; }
  build_seconds=$(( $(date +%s) - started ))
  tail -1 "$out/build.log"
fi
lib="$root/.native/llama-cuda"
model="$work/llama-8b-f16.gguf"
if [[ ! -f "$model" ]]; then
  "$work/silo/cluster-silo" create-model --preset 8b --type F16 --seed 42 -o "$model" \
    --vocab "$work/silo/vocab/ggml-vocab-llama-bpe.gguf" > "$out/create-model.log"
  tail -1 "$out/create-model.log"
fi
# Silos answer their data plane only with the cluster secret: the scripts' silos get this one, and bench/Load sends it.
export CLUSTER_SECRET="${CLUSTER_SECRET:-gpu-bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')}"
export CLUSTER_Cluster__Secret="$CLUSTER_SECRET"
wait_ready() { for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$1$2" >/dev/null 2>&1 && return 0; sleep 0.5; done; echo "server on $1 not ready"; return 1; }
