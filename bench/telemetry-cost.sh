#!/usr/bin/env bash
# What telemetry costs: runs bench/gateway-overhead.sh (one silo and a gateway on 127.0.0.1, the same chat requests to
# the silo directly and through the gateway, interleaved) with Telemetry:Enabled=true and =false on both processes,
# alternating ROUNDS times (default 2: on, off, on, off) so drift hits both alike, and writes each table to
# $OUT_DIR/telemetry-{on,off}-N.md. Compare, on vs off: the gateway's added p50 (target ≤ 0.1 ms more with telemetry on) and
# the direct silo throughput at each concurrency (target ≤ 3 % less). Telemetry on means what a deployment runs: traces
# (sampled at 100 %), metrics, the Orleans dashboard's grain statistics, and a Prometheus scrape of both processes every second.
# Extra arguments go to the benchmark (e.g. --pairs 2000 --concurrency 1 16 64). SILO_CMD, GATEWAY_CMD, BENCH_CMD, MODEL and
# SILO_ARGS work as in gateway-overhead.sh (published builds on a GPU host).
#   bash bench/telemetry-cost.sh [--pairs N ...]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out_dir="${OUT_DIR:-$root/.artifacts/telemetry-cost}"
rounds="${ROUNDS:-2}"
mkdir -p "$out_dir"

for round in $(seq 1 "$rounds"); do
  for mode in on off; do
    enabled=$([[ $mode == on ]] && echo true || echo false)
    echo "telemetry-cost: round $round, telemetry $mode" >&2
    scrape=$([[ $mode == on ]] && echo 1 || echo 0)
    OUT="$out_dir/telemetry-$mode-$round.md" SCRAPE_METRICS=$scrape SILO_ARGS="--Telemetry:Enabled=$enabled ${SILO_ARGS:-}" GATEWAY_ARGS="--Telemetry:Enabled=$enabled" \
      bash "$root/bench/gateway-overhead.sh" "$@" >/dev/null
  done
done

for file in "$out_dir"/telemetry-*.md; do
  echo "=== $(basename "$file" .md)"
  cat "$file"
done
