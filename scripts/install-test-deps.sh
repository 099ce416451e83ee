#!/usr/bin/env bash
# Installs, by Debian package name, what is missing of the given packages: what the test suite needs beyond the .NET SDK
# and npm, and (for scripts/run-local.sh too) the tools that build libmtmd and the patched libllama from source.
# Each need is added here by the issue whose tests use it (Redis for Orleans clustering and grain state,
# Chromium for the dashboard, kubectl and docker-compose for the deployment files); the engine tests need only llama.cpp,
# which the build fetches.
set -euo pipefail
need=()
for package in "$@"; do
  dpkg -s "$package" >/dev/null 2>&1 || need+=("$package")
done
if (( ${#need[@]} > 0 )); then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
