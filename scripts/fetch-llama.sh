#!/usr/bin/env bash
# Fetches llama.cpp by npm package name and version (never by URL) into .native/:
#   cpu     -> .native/llama-cpu/   prebuilt CPU libraries (@node-llama-cpp/linux-x64)
#   source  -> .native/llama-src/   the exact llama.cpp source bundled in node-llama-cpp,
#              .native/vocab/       the Llama-3 tokenizer GGUF and its test vectors
#   pack    -> .native/npm/         only the two npm tarballs (image builds fetch them in a Node stage, unpack them elsewhere)
# Idempotent and safe to run from parallel builds (one flock).
set -euo pipefail

version="3.22.1"
root="$(cd "$(dirname "$0")/.." && pwd)"
native="$root/.native"
mkdir -p "$native/npm"
exec 9>"$native/.fetch.lock"
flock 9

pack() { # $1 = package spec; prints the tarball path
  local name="$1" file
  file="$(ls "$native/npm"/"$2" 2>/dev/null | head -n1 || true)"
  if [[ -z "$file" ]]; then
    (cd "$native/npm" && npm pack --silent "$name" >/dev/null)
    file="$(ls "$native/npm"/"$2" | head -n1)"
  fi
  echo "$file"
}

fetch_cpu() {
  [[ -f "$native/llama-cpu/libllama.v0.5.0.so" ]] && return
  local tgz tmp
  tgz="$(pack "@node-llama-cpp/linux-x64@$version" "node-llama-cpp-linux-x64-$version.tgz")"
  tmp="$(mktemp -d)"
  tar -xzf "$tgz" -C "$tmp"
  rm -rf "$native/llama-cpu"
  mkdir -p "$native/llama-cpu"
  cp "$tmp"/package/bins/linux-x64/*.so "$native/llama-cpu/"
  rm -rf "$tmp"
  echo "fetch-llama: CPU libraries in $native/llama-cpu"
}

fetch_source() {
  [[ -f "$native/llama-src/include/llama.h" && -f "$native/vocab/ggml-vocab-llama-bpe.gguf" ]] && return
  local tgz tmp
  tgz="$(pack "node-llama-cpp@$version" "node-llama-cpp-$version.tgz")"
  tmp="$(mktemp -d)"
  tar -xzf "$tgz" -C "$tmp" package/llama/gitRelease.bundle
  rm -rf "$native/llama-src"
  git clone --quiet "$tmp/package/llama/gitRelease.bundle" "$native/llama-src" 2>/dev/null
  rm -rf "$tmp"
  mkdir -p "$native/vocab"
  cp "$native"/llama-src/models/ggml-vocab-llama-bpe.gguf* "$native/vocab/"
  echo "fetch-llama: llama.cpp source in $native/llama-src, tokenizer in $native/vocab"
}

[[ $# -eq 0 ]] && set -- cpu source
for what in "$@"; do
  case "$what" in
    cpu) fetch_cpu ;;
    source) fetch_source ;;
    pack)
      pack "@node-llama-cpp/linux-x64@$version" "node-llama-cpp-linux-x64-$version.tgz" >/dev/null
      pack "node-llama-cpp@$version" "node-llama-cpp-$version.tgz" >/dev/null ;;
    *) echo "usage: $0 [cpu] [source] [pack]" >&2; exit 2 ;;
  esac
done
