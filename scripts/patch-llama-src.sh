#!/usr/bin/env bash
# Makes DEST a copy of the pinned llama.cpp source (.native/llama-src, fetched if absent) with every
# scripts/llama-patches/*.patch applied in name order. Made again only when the patches change (their hash is kept in
# DEST/.patches), so a build from DEST stays incremental. Used by build-llama-cuda.sh and build-llama-cpu.sh; --hash
# prints that hash alone (what a build records to tell whether it has the current patches).
#
#   bash scripts/patch-llama-src.sh DEST
#   bash scripts/patch-llama-src.sh --hash
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
stamp="$(cat "$root"/scripts/llama-patches/*.patch | sha256sum | cut -d' ' -f1)"
if [[ "$1" == --hash ]]; then
  echo "$stamp"
  exit 0
fi
src="$root/.native/llama-src"
patched="$1"

if [[ ! -f "$src/include/llama.h" ]]; then
  tgz="$root/.native/npm/node-llama-cpp-3.22.1.tgz"
  if [[ -f "$tgz" ]]; then
    tmp="$(mktemp -d)"
    tar -xzf "$tgz" -C "$tmp" package/llama/gitRelease.bundle
    git clone --quiet "$tmp/package/llama/gitRelease.bundle" "$src" 2>/dev/null
    rm -rf "$tmp"
  else
    bash "$root/scripts/fetch-llama.sh" source
  fi
fi

if [[ "$(cat "$patched/.patches" 2>/dev/null)" != "$stamp" ]]; then
  rm -rf "$patched" && mkdir -p "$patched"
  tar -C "$src" --exclude=.git -cf - . | tar -C "$patched" -xf -
  for file in "$root"/scripts/llama-patches/*.patch; do
    if command -v patch >/dev/null; then applied=(patch -d "$patched" -p1 --quiet -i "$file"); else applied=(git -C "$patched" apply -p1 "$file"); fi
    "${applied[@]}" || { echo "patch-llama-src: $file does not apply" >&2; exit 1; }
  done
  echo "$stamp" > "$patched/.patches"
fi
