#!/usr/bin/env bash
# Prepares .device/ (git-ignored) for the GPU scripts: self-contained, trimmed publishes of the silo
# and the decode benchmark (without the CPU llama.cpp libraries) and the llama.cpp source package.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
bash scripts/fetch-llama.sh source
stage="$(mktemp -d)"
publish() { dotnet publish "$1" -c Release -r linux-x64 --self-contained -p:PublishTrimmed=true -o "$stage/$2" >/dev/null; rm -rf "$stage/$2/llama"; }
publish src/Silo silo
publish bench/Decode bench
publish bench/Load load
rm -rf "$stage/bench/vocab"
mkdir -p .device
tar -cJf .device/apps.tar.xz -C "$stage" silo bench load
cp .native/npm/node-llama-cpp-3.22.1.tgz .device/
rm -rf "$stage"
du -sh .device/*
