#!/usr/bin/env bash
# Issue 14, where the gateway's p50 with telemetry on comes from: bench/telemetry-cost.sh's latency pairs (one client,
# max_tokens 1, the 8B model; a telemetry-on and a telemetry-off cluster side by side) once per variant, each variant
# taking one part of telemetry away from the on cluster or adding one: default (metrics, the Orleans dashboard's
# statistics, /metrics read every second; spans are collected only with an OTLP collector), traces (an OTLP/HTTP sink
# on 127.0.0.1 takes them, sampled at the default 0.1), no Orleans dashboard, no scrape, metrics alone, and control
# (telemetry off on both clusters: what two identical clusters differ by, the noise floor of every other row); and to
# find what the scrape does: scrape-15s (the default, read every 15 s as Prometheus does), scrape-gateway and scrape-silo
# (the default, only that process read), scrape-alone (telemetry on in both clusters, only one read: the scrape and
# nothing else differs).
# VARIANTS picks them (default: "control default traces"); ROUNDS (default 1) runs the list that many times, fresh
# clusters each time, and the summary gives every round's figure and their mean. Table to
# $RESULTS_DIR/telemetry-bisect-h200.md. Inputs: .device/ from bench/gpu/pack.sh. About 1 min per variant and round
# on a warm H200.
# Usage: RESULTS_DIR=$OUT [VARIANTS="control default"] [ROUNDS=3] bash bench/gpu/telemetry-bisect.sh
set -euo pipefail
source "$(dirname "$0")/prepare.sh"
results="${RESULTS_DIR:-$root/bench/results}"
mkdir -p "$results"
md="$results/telemetry-bisect-h200.md"
export CLUSTER_LLAMA_LIB_DIR="$lib"
export SILO_CMD="$work/silo/cluster-silo" GATEWAY_CMD="$work/gateway/cluster-gateway" MODEL="$model"
export BENCH_CMD="$work/gateway-bench/cluster-bench-gateway" SILO_ARGS="--parallel 16 --ctx 2048"
variant() { # $1 = name, $2 = SCRAPE, $3 = ON_ARGS, $4 = round, $5 = OFF_ARGS, $6 = SCRAPE_SECONDS
  local run="$out/telemetry-bisect-$1-r$4" attempt
  echo "## $1, round $4"
  echo
  for attempt in 1 2; do # a second attempt when a process lost its port to another between free_port and bind
    SCRAPE="$2" ON_ARGS="$3" OFF_ARGS="${5:-}" SCRAPE_SECONDS="${6:-1}" OUT="$run.md" bash bench/telemetry-cost.sh --warmup 50 \
      --pairs "${PAIRS:-600}" --max-tokens 1 --stream-pairs 0 --concurrency 1 --block-seconds 2 --rounds 1 --idle-seconds 2 \
      > "$run.log" 2>&1 && break
    echo "attempt $attempt failed:"; tail -5 "$run.log"
  done
  echo "| | off p50 ms | on p50 ms | on − off p50 | median per-pair on − off | off p99 | on p99 |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
  grep -E "^\| (gateway, stateless|gateway, a new session|silo directly)" "$run.md" || true
  echo
  grep -E "^- (silos|gateways): on" "$run.md" || true
  echo
}

# One line per variant: the gateway's stateless on − off p50 and per-pair median of every round, and their means.
summary() {
  echo "## Summary: gateway, stateless (ms; every round, then the mean)"
  echo
  echo "| variant | on − off p50 | mean | per-pair median | mean |"
  echo "| --- | --- | ---: | --- | ---: |"
  local name
  for name in ${VARIANTS:-control default traces}; do
    cat "$out"/telemetry-bisect-"$name"-r*.md 2>/dev/null | awk -F'|' -v name="$name" '
      /^\| gateway, stateless/ { gsub(/ /, "", $5); gsub(/ /, "", $6); p50 = p50 sep $5; pair = pair sep $6; s5 += $5; s6 += $6; n++; sep = ", " }
      END { if (n) printf "| %s | %s | %+.3f | %s | %+.3f |\n", name, p50, s5 / n, pair, s6 / n; else printf "| %s | (no run) | | | |\n", name }'
  done
  echo
}
sink_port=4318
python3 - "$sink_port" > "$out/otlp-sink.log" 2>&1 <<'PY' &
import http.server, sys
class Sink(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(200); self.send_header("Content-Type", "application/x-protobuf"); self.send_header("Content-Length", "0"); self.end_headers()
    def log_message(self, *args): pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Sink).serve_forever()
PY
sink=$!
trap 'kill $sink 2>/dev/null || true' EXIT
traces="--Telemetry:OtlpEndpoint=http://127.0.0.1:$sink_port --Telemetry:OtlpProtocol=HttpProtobuf"
{
  echo "# Gateway p50 with telemetry on, one part away at a time ($(cut -d, -f1 "$out/gpu.txt"), 8B F16, max_tokens 1, one client)"
  echo
  for round in $(seq 1 "${ROUNDS:-1}"); do
    for name in ${VARIANTS:-control default traces}; do
      case "$name" in
        control) variant control 0 "--Telemetry:Enabled=false" "$round" ;;
        default) variant default 1 "" "$round" ;;
        traces) variant traces 1 "$traces" "$round" ;;
        no-orleans-dashboard) variant no-orleans-dashboard 1 "--Telemetry:OrleansDashboard=false" "$round" ;;
        no-scrape) variant no-scrape 0 "" "$round" ;;
        metrics-alone) variant metrics-alone 0 "--Telemetry:OrleansDashboard=false" "$round" ;;
        scrape-15s) variant scrape-15s 1 "" "$round" "" 15 ;;
        scrape-gateway) variant scrape-gateway gateway "" "$round" ;;
        scrape-silo) variant scrape-silo silo "" "$round" ;;
        scrape-alone) variant scrape-alone 1 "" "$round" "--Telemetry:Enabled=true" ;;
        *) echo "unknown variant $name"; exit 1 ;;
      esac
    done
  done
  summary
} | tee "$md"
