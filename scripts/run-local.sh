#!/usr/bin/env bash
# README command 1. Until the gateway lands (issue 5) it builds the silo, writes the tiny demo model
# and generates from it on the CPU through the engine.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
dotnet build src/Silo -c Release -nologo -v quiet
model="$root/.artifacts/models/demo-tiny-f16.gguf"
mkdir -p "$(dirname "$model")"
[[ -f "$model" ]] || dotnet src/Silo/bin/Release/net10.0/cluster-silo.dll create-model --preset tiny --type F16 --seed 42 -o "$model"
echo "demo model: $model"
