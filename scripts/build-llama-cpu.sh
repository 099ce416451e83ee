#!/usr/bin/env bash
# Builds libllama for CPU from the pinned source with scripts/llama-patches applied (scripts/patch-llama-src.sh),
# linked against npm's prebuilt CPU ggml in .native/llama-cpu (the patches change only libllama; ggml, the bulk of a
# full build, stays prebuilt), so the CPU tests run the llama code the CUDA build runs. Cached: does nothing when
# .native/llama-cpu-patched/libllama.v0.5.0.so was built from the current patches. About 4 min on 2 busy cores.
# Needs cmake, a C++17 compiler and patch (ninja if present).
#
#   bash scripts/build-llama-cpu.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
native="$root/.native"
out="$native/llama-cpu-patched"
stamp="$(bash "$root/scripts/patch-llama-src.sh" --hash)"
built() { [[ -f "$out/libllama.v0.5.0.so" && "$(cat "$out/.patches" 2>/dev/null)" == "$stamp" ]]; }
built && exit 0
bash "$root/scripts/fetch-llama.sh" cpu source
exec 9>"$native/.llama-cpu.lock"
flock 9
built && exit 0
patched="$native/llama-src-patched"
bash "$root/scripts/patch-llama-src.sh" "$patched"
build="$native/build-llama-cpu"
generator=(-G Ninja)
command -v ninja >/dev/null || generator=()
started=$(date +%s)
cmake -S "$root/scripts/llama-cpu" -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release \
  -DLLAMA_SRC="$patched" -DLLAMA_LIBS="$native/llama-cpu" >/dev/null
cmake --build "$build" -j "$(nproc)"
mkdir -p "$out"
cp "$build/libllama.v0.5.0.so" "$out/libllama.v0.5.0.so.tmp" && mv "$out/libllama.v0.5.0.so.tmp" "$out/libllama.v0.5.0.so"
echo "$stamp" > "$out/.patches"
echo "build-llama-cpu: libllama.v0.5.0.so in $out ($(( $(date +%s) - started )) s)"
