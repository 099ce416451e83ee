#!/usr/bin/env bash
# Installs, by package name, what the test suite needs beyond the .NET SDK and npm.
# Each need is added here by the issue whose tests use it (Redis for Orleans clustering and grain state, Chromium for
# the dashboard, kubectl and docker-compose for the deployment files); the engine tests need only llama.cpp, which the
# build fetches. "a|b" takes the first of the two that apt offers (kubectl comes from Kubernetes' own apt repository
# where a machine has it configured; Debian's own package is kubernetes-client).
set -euo pipefail
installed() { dpkg -s "$1" >/dev/null 2>&1; }
offered() { [[ -n "$(apt-cache policy "$1" 2>/dev/null | sed -n 's/^ *Candidate: //p' | grep -v '(none)')" ]]; }
need=()
updated=0
for wanted in "$@"; do
  IFS='|' read -ra choices <<< "$wanted"
  found=0
  for package in "${choices[@]}"; do installed "$package" && found=1 && break; done
  (( found )) && continue
  if (( ! updated )); then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    updated=1
  fi
  for package in "${choices[@]}"; do offered "$package" && need+=("$package") && found=1 && break; done
  (( found )) || { echo "install-test-deps: apt offers none of: ${choices[*]}" >&2; exit 1; }
done
if (( ${#need[@]} > 0 )); then
  apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
