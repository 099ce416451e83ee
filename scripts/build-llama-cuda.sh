#!/usr/bin/env bash
# Builds llama.cpp with CUDA from the exact source bundled in node-llama-cpp@3.22.1, for the given
# CUDA architectures (default 90 = H100/H200). The prebuilt @node-llama-cpp/linux-x64-cuda cannot be
# used on H100/H200 with driver 580 (its sm_90 code is PTX from a newer CUDA; see DESIGN.md §2).
#
#   bash scripts/build-llama-cuda.sh [ARCHS] [OUT_DIR]
#     ARCHS    CMake CUDA architecture list, e.g. "90" or "80;86;89;90" (default 90)
#     OUT_DIR  where the libraries and tools go (default .native/llama-cuda)
#
# Source: .native/llama-src if present; else .native/npm/node-llama-cpp-3.22.1.tgz (carry it to hosts
# without a registry); else fetched with npm pack. Needs cmake, ninja (or make), gcc and nvcc, and patch.
# The build compiles a copy of that source with scripts/llama-patches/*.patch applied (each patch says why it exists).
set -euo pipefail

archs="${1:-90}"
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${2:-$root/.native/llama-cuda}"
build="$root/.native/build-cuda"
patched="$root/.native/llama-src-patched"

if ! command -v nvcc >/dev/null; then
  for candidate in /usr/local/cuda/bin /usr/local/cuda-*/bin; do
    [[ -x "$candidate/nvcc" ]] && export PATH="$candidate:$PATH" && break
  done
fi
command -v nvcc >/dev/null || { echo "build-llama-cuda: nvcc not found; install the CUDA toolkit" >&2; exit 1; }

bash "$root/scripts/patch-llama-src.sh" "$patched"

generator=(-G Ninja)
command -v ninja >/dev/null || generator=()
started=$(date +%s)
cmake -S "$patched" -B "$build" "${generator[@]}" \
  -DCMAKE_BUILD_TYPE=Release \
  -DGGML_CUDA=ON \
  -DCMAKE_CUDA_ARCHITECTURES="$archs" \
  -DBUILD_SHARED_LIBS=ON \
  -DLLAMA_CURL=OFF -DLLAMA_OPENSSL=OFF -DLLAMA_BUILD_UI=OFF -DLLAMA_USE_PREBUILT_UI=OFF \
  -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF \
  -DCMAKE_BUILD_RPATH='$ORIGIN' -DCMAKE_INSTALL_RPATH='$ORIGIN' >/dev/null
cmake --build "$build" --config Release -j "$(nproc)" \
  --target llama ggml mtmd llama-bench llama-batched-bench llama-server
mkdir -p "$out"
# Versioned libraries keep their soname links (libllama.so -> libllama.so.0 -> libllama.so.0.0.N).
find "$build/bin" -maxdepth 1 \( -name '*.so*' -o -name 'llama-bench' -o -name 'llama-batched-bench' -o -name 'llama-server' \) \
  -exec cp -a {} "$out/" \;
cp "$patched/.patches" "$out/.patches"   # which patches the build has (bench/gpu/prepare.sh rebuilds when they change)
echo "build-llama-cuda: built for sm_$archs in $(( $(date +%s) - started )) s -> $out"
