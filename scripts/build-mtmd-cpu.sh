#!/usr/bin/env bash
# Builds llama.cpp's multimodal library (libmtmd.so: image decoding, vision projectors) for CPU from the pinned
# source bundle, linked against the prebuilt CPU libllama/libggml (the npm prebuilt has no mtmd). Cached:
# does nothing when .native/mtmd-cpu/libmtmd.so exists. Needs cmake and a C++17 compiler (ninja if present).
#
#   bash scripts/build-mtmd-cpu.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
native="$root/.native"
out="$native/mtmd-cpu"
[[ -f "$out/libmtmd.so" ]] && exit 0
bash "$root/scripts/fetch-llama.sh" cpu source
exec 9>"$native/.mtmd.lock"
flock 9
[[ -f "$out/libmtmd.so" ]] && exit 0
build="$native/build-mtmd-cpu"
generator=(-G Ninja)
command -v ninja >/dev/null || generator=()
started=$(date +%s)
cmake -S "$root/scripts/mtmd" -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release \
  -DLLAMA_SRC="$native/llama-src" -DLLAMA_LIBS="$native/llama-cpu" >/dev/null
cmake --build "$build" -j "$(nproc)"
mkdir -p "$out"
cp "$build/libmtmd.so" "$out/libmtmd.so.tmp" && mv "$out/libmtmd.so.tmp" "$out/libmtmd.so"
echo "build-mtmd-cpu: libmtmd.so in $out ($(( $(date +%s) - started )) s)"
