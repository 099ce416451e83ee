#!/usr/bin/env bash
# README command 1: a local cluster on this machine's CPU.
# Builds (Release), writes the generated demo models (chat and embedding) once, starts two Orleans silos on localhost clustering (the first
# keeps membership; grain state in memory) and the gateway, an Orleans client, all on 127.0.0.1 with a fresh cluster
# secret; waits until the gateway sees every silo ready, prints the URL with curl and OpenAI SDK examples, and stops
# every child on Ctrl-C or exit. Logs go to .artifacts/run-local/.
#   GATEWAY_PORT=8080 SILOS=2 bash scripts/run-local.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
silos="${SILOS:-2}"
logs="$root/.artifacts/run-local"
mkdir -p "$logs"

echo "run-local: building (Release)…"
dotnet build src/Silo -c Release -nologo -v quiet >"$logs/build.log" 2>&1 || { tail -n 40 "$logs/build.log"; exit 1; }
dotnet build src/Gateway -c Release -nologo -v quiet >>"$logs/build.log" 2>&1 || { tail -n 40 "$logs/build.log"; exit 1; }
silo_dll="$root/src/Silo/bin/Release/net10.0/cluster-silo.dll"
gateway_dll="$root/src/Gateway/bin/Release/net10.0/cluster-gateway.dll"

model="$root/.artifacts/models/demo-tiny-f16.gguf"
mkdir -p "$(dirname "$model")"
[[ -f "$model" ]] || dotnet "$silo_dll" create-model --preset tiny --type F16 --seed 42 -o "$model"
model_id="$(basename "$model" .gguf)"
embed_model="$root/.artifacts/models/demo-embed-mean.gguf"
[[ -f "$embed_model" ]] || dotnet "$silo_dll" create-model --preset tiny --type F16 --seed 42 --pooling mean -o "$embed_model"
embed_model_id="$(basename "$embed_model" .gguf)"

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() { # $1 = preferred port
  local port="$1"
  while ! port_free "$port"; do port=$(( 20000 + RANDOM % 20000 )); done
  echo "$port"
}

children=()
cleanup() {
  trap - EXIT INT TERM
  if (( ${#children[@]} > 0 )); then
    echo; echo "run-local: stopping ${#children[@]} processes…"
    kill -TERM "${children[@]}" 2>/dev/null || true
    wait "${children[@]}" 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Every process of the cluster holds the secret; silos answer their data plane to nobody else.
secret="$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"
gateway_port="$(free_port "${GATEWAY_PORT:-8080}")"
gateway="http://127.0.0.1:$gateway_port"
primary_port="$(free_port 11111)"
gateway_ports=()
for i in $(seq 1 "$silos"); do
  silo_port="$primary_port"
  (( i == 1 )) || silo_port="$(free_port $(( primary_port + i - 1 )))"
  orleans_gateway_port="$(free_port $(( 30000 + i )))"
  http_port="$(free_port $(( gateway_port + i )))"
  gateway_ports+=("--Cluster:GatewayPorts:$(( i - 1 ))=$orleans_gateway_port")
  dotnet "$silo_dll" --model "$model" "--Silo:Models:1:Path=$embed_model" --urls "http://127.0.0.1:$http_port" "--Cluster:SiloName=silo-$i" "--Cluster:Secret=$secret" \
    "--Cluster:SiloPort=$silo_port" "--Cluster:GatewayPort=$orleans_gateway_port" "--Cluster:PrimarySiloPort=$primary_port" >"$logs/silo-$i.log" 2>&1 &
  children+=($!)
  if (( i == 1 )); then
    # The others join through the first silo, which keeps membership: it must listen first.
    until curl -fsS "http://127.0.0.1:$http_port/health/live" >/dev/null 2>&1; do
      kill -0 "${children[0]}" 2>/dev/null || { echo "run-local: silo-1 exited early:" >&2; tail -n 20 "$logs/silo-1.log" >&2; exit 1; }
      sleep 0.3
    done
  fi
done

dotnet "$gateway_dll" --urls "$gateway" "--Cluster:Secret=$secret" "--Gateway:Routing:DefaultModel=$model_id" "${gateway_ports[@]}" >"$logs/gateway.log" 2>&1 &
children+=($!)

echo "run-local: waiting for $silos silos to load and join (logs: $logs)…"
deadline=$(( SECONDS + 180 ))
until [[ "$(curl -fsS "$gateway/health/ready" 2>/dev/null || true)" == *"\"live_silos\":$silos"* ]]; do
  for pid in "${children[@]}"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "run-local: a process exited early; last log lines:" >&2
      tail -n 20 "$logs"/*.log >&2
      exit 1
    fi
  done
  if (( SECONDS > deadline )); then
    echo "run-local: the silos did not join within 180 s; see $logs" >&2
    exit 1
  fi
  sleep 0.5
done

cat <<INFO

Cluster ready: $gateway
  gateway + $silos Orleans silos (localhost clustering, grain state in memory), chat model "$model_id" and embedding model
  "$embed_model_id" (generated demo weights: the answers are noise)
  nodes: curl $gateway/admin/nodes
  playground: $gateway/playground   dashboard: $gateway/dashboard   Swagger: $gateway/swagger   metrics: $gateway/metrics

curl:
  curl $gateway/v1/chat/completions -H 'Content-Type: application/json' \\
    -d '{"model":"$model_id","messages":[{"role":"user","content":"Hello"}],"max_tokens":32,"stream":true}'

  curl $gateway/v1/embeddings -H 'Content-Type: application/json' -d '{"model":"$embed_model_id","input":["Hello","World"]}'

OpenAI SDK (Python; the Node package takes the same baseURL):
  from openai import OpenAI
  client = OpenAI(base_url="$gateway/v1", api_key="local")
  for chunk in client.chat.completions.create(model="$model_id", stream=True, max_tokens=32,
                                              messages=[{"role": "user", "content": "Hello"}]):
      print(chunk.choices[0].delta.content or "", end="", flush=True)

Press Ctrl-C to stop.
INFO

# Run until Ctrl-C, or until any child exits.
wait -n "${children[@]}" || true
echo "run-local: a process exited; see $logs" >&2
exit 1
