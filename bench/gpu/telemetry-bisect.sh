#!/usr/bin/env bash
# Issue 14, where the gateway's p50 with telemetry on comes from: bench/telemetry-cost.sh's latency pairs (one client,
# max_tokens 1, the 8B model; a telemetry-on and a telemetry-off cluster side by side) once per variant, each variant
# taking one part of telemetry away from the on cluster or adding one: default (metrics, the Orleans dashboard's
# statistics, /metrics read every second; spans are collected only with an OTLP collector), traces (an OTLP/HTTP sink
# on 127.0.0.1 takes them, sampled at the default 0.1), no Orleans dashboard, no scrape, and metrics alone. VARIANTS
# picks them (default: "default traces"). Table to $RESULTS_DIR/telemetry-bisect-h200.md.
# Inputs: .device/ from bench/gpu/pack.sh. About 1 min per variant on a warm H200.
# Usage: RESULTS_DIR=$OUT bash bench/gpu/telemetry-bisect.sh
set -euo pipefail
source "$(dirname "$0")/prepare.sh"
results="${RESULTS_DIR:-$root/bench/results}"
mkdir -p "$results"
md="$results/telemetry-bisect-h200.md"
export CLUSTER_LLAMA_LIB_DIR="$lib"
export SILO_CMD="$work/silo/cluster-silo" GATEWAY_CMD="$work/gateway/cluster-gateway" MODEL="$model"
export BENCH_CMD="$work/gateway-bench/cluster-bench-gateway" SILO_ARGS="--parallel 16 --ctx 2048"
variant() { # $1 = name, $2 = SCRAPE, $3 = ON_ARGS
  echo "## $1"
  echo
  local attempt
  for attempt in 1 2; do # a second attempt when a process lost its port to another between free_port and bind
    SCRAPE="$2" ON_ARGS="$3" OUT="$out/telemetry-bisect-$1.md" bash bench/telemetry-cost.sh --warmup 50 \
      --pairs "${PAIRS:-600}" --max-tokens 1 --stream-pairs 0 --concurrency 1 --block-seconds 2 --rounds 1 --idle-seconds 2 \
      > "$out/telemetry-bisect-$1.log" 2>&1 && break
    echo "attempt $attempt failed:"; tail -5 "$out/telemetry-bisect-$1.log"
  done
  echo "| | off p50 ms | on p50 ms | on − off p50 | median per-pair on − off | off p99 | on p99 |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
  grep -E "^\| (gateway, stateless|gateway, a new session|silo directly)" "$out/telemetry-bisect-$1.md" || true
  echo
  grep -E "^- (silos|gateways): on" "$out/telemetry-bisect-$1.md" || true
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
  for name in ${VARIANTS:-default traces}; do
    case "$name" in
      default) variant default 1 "" ;;
      traces) variant traces 1 "$traces" ;;
      no-orleans-dashboard) variant no-orleans-dashboard 1 "--Telemetry:OrleansDashboard=false" ;;
      no-scrape) variant no-scrape 0 "" ;;
      metrics-alone) variant metrics-alone 0 "--Telemetry:OrleansDashboard=false" ;;
      *) echo "unknown variant $name"; exit 1 ;;
    esac
  done
} | tee "$md"
