# Sourced by scripts/run-local.sh and the bench scripts: starting a cluster's processes on 127.0.0.1 and stopping every
# one of them on exit. Expects $root and $logs. Commands (word-split, so a path with spaces needs a wrapper script):
#   SILO_CMD     runs a silo      (default: dotnet src/Silo/bin/Release/net10.0/cluster-silo.dll; a self-contained `cluster-silo` on GPU hosts)
#   GATEWAY_CMD  runs the gateway (default: dotnet $GATEWAY_DLL, else src/Gateway/bin/Release/net10.0/cluster-gateway.dll)
#   BENCH_CMD    runs bench/Load  (default: dotnet bench/Load/bin/Release/net10.0/cluster-bench-load.dll)
#   SILO_ARGS / GATEWAY_ARGS  extra settings for every silo / the gateway, e.g. SILO_ARGS="--gpu 0 --Silo:Models:0:Scheduler:ContextPerSequence=8192"
#   MODEL        the GGUF every silo serves (default: the generated tiny demo model, written once)
read -ra silo_cmd <<< "${SILO_CMD:-dotnet $root/src/Silo/bin/Release/net10.0/cluster-silo.dll}"
read -ra gateway_cmd <<< "${GATEWAY_CMD:-dotnet ${GATEWAY_DLL:-$root/src/Gateway/bin/Release/net10.0/cluster-gateway.dll}}"
read -ra bench_cmd <<< "${BENCH_CMD:-dotnet $root/bench/Load/bin/Release/net10.0/cluster-bench-load.dll}"
read -ra silo_args <<< "${SILO_ARGS:-}"
read -ra gateway_args <<< "${GATEWAY_ARGS:-}"
mkdir -p "$logs"
# Every silo and gateway log line carries its UTC time (to line up with the benchmark's events), and Orleans says when it
# deactivates grains because a dead silo held their directory entries.
# (The silo honours only the older Console:TimestampFormat keys and the gateway only Console:FormatterOptions, so both.)
log_args=("--Logging:Console:TimestampFormat=HH:mm:ss.fff " "--Logging:Console:UseUtcTimestamp=true"
  "--Logging:Console:FormatterOptions:TimestampFormat=HH:mm:ss.fff " "--Logging:Console:FormatterOptions:UseUtcTimestamp=true"
  "--Logging:LogLevel:Orleans.Runtime.GrainDirectory=Information")

# Builds only what the default commands run and is missing (bench/Load always: it is small).
build_defaults() {
  local what
  for what in src/Silo:SILO_CMD:cluster-silo src/Gateway:GATEWAY_CMD:cluster-gateway bench/Load:BENCH_CMD:cluster-bench-load; do
    IFS=: read -r project variable dll <<< "$what"
    [[ -z "${!variable:-}" ]] || continue
    [[ "$project" == bench/Load || ! -f "$root/$project/bin/Release/net10.0/$dll.dll" ]] || continue
    echo "$(basename "$0"): building $project (Release)…" >&2
    dotnet build "$root/$project" -c Release -nologo -v quiet >>"$logs/build.log" 2>&1 || { tail -n 40 "$logs/build.log" >&2; exit 1; }
  done
}

# The model: $MODEL, or the demo model written once with the silo's create-model verb.
demo_model() {
  model="${MODEL:-$root/.artifacts/models/demo-tiny-f16.gguf}"
  if [[ ! -f "$model" ]]; then
    [[ -z "${MODEL:-}" ]] || { echo "$(basename "$0"): MODEL=$model does not exist" >&2; exit 1; }
    mkdir -p "$(dirname "$model")"
    "${silo_cmd[@]}" create-model --preset tiny --type F16 --seed 42 -o "$model" >&2
  fi
  model_id="$(basename "$model" .gguf)"
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
taken_ports=" "
# free_port [PREFERRED]: a port nobody listens on and this script has not handed out yet, PREFERRED when it is one.
# Others come from 10000-31999, below Linux's ephemeral ports (32768 up), which outgoing connections take at any moment,
# also between this check and the server's bind.
free_port() {
  local port="${1:-}"
  while :; do
    [[ -n "$port" && "$taken_ports" != *" $port "* ]] && port_free "$port" && { taken_ports+="$port "; echo "$port"; return; }
    port=$(( 10000 + RANDOM % 22000 ))
  done
}

# stop_message, when set, is printed (with the number of processes) before they are stopped.
children=()
cleanup() {
  trap - EXIT INT TERM
  (( ${#children[@]} > 0 )) || return 0
  [[ -z "${stop_message:-}" ]] || { echo; echo "$stop_message ${#children[@]} processes…"; }
  kill -TERM "${children[@]}" 2>/dev/null || true
  local deadline=$(( SECONDS + 15 )) pid
  for pid in "${children[@]}"; do
    while kill -0 "$pid" 2>/dev/null && (( SECONDS < deadline )); do sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  wait "${children[@]}" 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start NAME CMD...: runs CMD in the background, output to $logs/NAME.log; the child's pid in $started.
start() {
  local name="$1"; shift
  "$@" >"$logs/$name.log" 2>&1 &
  started=$!
  children+=("$started")
}

# wait_for NAME URL TEXT [SECONDS]: until GET URL answers 2xx with TEXT in its body; fails when a child exits first.
wait_for() {
  local name="$1" url="$2" text="$3" deadline=$(( SECONDS + ${4:-180} )) pid body
  until body="$(curl -fsS "$url" 2>/dev/null)" && [[ "$body" == *"$text"* ]]; do
    for pid in "${children[@]}"; do
      kill -0 "$pid" 2>/dev/null || { echo "$(basename "$0"): a process exited while waiting for $name; last log lines:" >&2; tail -n 20 "$logs"/*.log >&2; exit 1; }
    done
    (( SECONDS < deadline )) || { echo "$(basename "$0"): $name not ready within ${4:-180} s; see $logs" >&2; exit 1; }
    sleep 0.3
  done
}

# start_silo NAME [ARGS...]: one silo of a localhost-clustered cluster serving $model with the cluster $secret, ARGS
# before the common settings. The first silo started is the primary, which keeps membership: it gets its own port as
# PrimarySiloPort and is waited for until it listens, so the others can join through it. Sets silo_http (its data
# plane) and adds its Orleans gateway port to gateway_ports (pass "${gateway_ports[@]}" to a gateway). Setting
# primary_port="" and gateway_ports=() (after stopping the silos) starts a new cluster.
primary_port="" gateway_ports=()
start_silo() {
  local name="$1" silo_port orleans_gateway_port; shift
  if [[ -z "$primary_port" ]]; then primary_port="$(free_port)"; silo_port="$primary_port"; else silo_port="$(free_port)"; fi
  orleans_gateway_port="$(free_port)"
  gateway_ports+=("--Cluster:GatewayPorts:${#gateway_ports[@]}=$orleans_gateway_port")
  silo_http="http://127.0.0.1:$(free_port)"
  start "$name" "${silo_cmd[@]}" --model "$model" "$@" --urls "$silo_http" "--Cluster:SiloName=$name" "--Cluster:Secret=$secret" \
    "--Cluster:SiloPort=$silo_port" "--Cluster:GatewayPort=$orleans_gateway_port" "--Cluster:PrimarySiloPort=$primary_port" \
    "${log_args[@]}" "${silo_args[@]}"
  (( ${#gateway_ports[@]} > 1 )) || wait_for "$name" "$silo_http/health/live" ""
}

# machine_line: what the figures were measured on.
machine_line() {
  echo "$(nproc) cores (nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(free -g | awk '/^Mem:/ {print $2}') GiB RAM, $(command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name --format=csv,noheader | head -n1 | sed 's/$/, /')$(uname -sr); commit $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- src 2>/dev/null || echo ' (src has uncommitted changes)'); $(date -u '+%Y-%m-%d %H:%M') UTC"
}
