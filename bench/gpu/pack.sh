#!/usr/bin/env bash
# Prepares .device/ (git-ignored) for the GPU scripts, within the 64 MiB a device call carries:
#   apps.tar.xz       framework-dependent publishes of the silo, the gateway, the benchmarks and the plot tool (no CPU llama.cpp libs)
#   dotnet.tar.xz     the .NET runtime and ASP.NET Core shared frameworks of this SDK (GPU hosts have no .NET)
#   llama-src.tar.xz  llama.cpp's bundled source without history, models, docs, examples or tests
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
bash scripts/fetch-llama.sh source
mkdir -p .device
stage="$(mktemp -d)"
publish() { dotnet publish "$1" -c Release -o "$stage/$2" >/dev/null; rm -rf "$stage/$2/llama"; }
publish src/Silo silo
publish bench/Decode bench
publish bench/Load load
publish src/Gateway gateway
publish bench/Gateway gateway-bench
# The plot tool (bench/Plot, ScottPlot) needs SkiaSharp's native library: Linux x64 only.
dotnet publish bench/Plot -c Release -r linux-x64 --no-self-contained -o "$stage/plot" >/dev/null
rm -rf "$stage/bench/vocab" "$stage/load/vocab" "$stage/gateway-bench/vocab"
# xz -9: its 64 MiB window finds the assemblies the silo and the gateway share (Orleans.Dashboard alone is 17.7 MB),
# which keeps the three archives within the 64 MiB a device call carries.
tar -C "$stage" -cf - silo bench load gateway gateway-bench plot | xz -9 -T2 > .device/apps.tar.xz
rm -rf "$stage"
if [[ ! -f .device/dotnet.tar.xz ]]; then
  dotnet_root="$(dirname "$(readlink -f "$(command -v dotnet)")")"
  runtime="$(mktemp -d)"
  mkdir -p "$runtime/dotnet/shared" "$runtime/dotnet/host"
  cp -a "$dotnet_root/dotnet" "$runtime/dotnet/"
  cp -a "$dotnet_root/host/fxr" "$runtime/dotnet/host/"
  cp -a "$dotnet_root/shared/Microsoft.NETCore.App" "$dotnet_root/shared/Microsoft.AspNetCore.App" "$runtime/dotnet/shared/"
  tar -cJf .device/dotnet.tar.xz -C "$runtime" dotnet
  rm -rf "$runtime"
fi
if [[ ! -f .device/llama-src.tar.xz ]]; then
  tar -C .native/llama-src --exclude=.git --exclude=./models --exclude=./docs --exclude=./examples --exclude=./tests \
    --exclude=./media --exclude=./tools/server/webui --exclude=./gguf-py -cJf .device/llama-src.tar.xz .
fi
du -sh .device/*
