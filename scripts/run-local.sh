#!/usr/bin/env bash
# README command 1: a local cluster on this machine's CPU.
# Builds (Release), writes the generated demo models (chat and embedding) once, starts two Orleans silos on localhost clustering (the first
# keeps membership; grain state in memory) and the gateway, an Orleans client, all on 127.0.0.1 with a fresh cluster
# secret; waits until the gateway sees every silo ready, prints the URL with curl and OpenAI SDK examples, and stops
# every child on Ctrl-C or exit. Logs go to .artifacts/run-local/. The processes are started by bench/cluster-processes.sh
# (its SILO_ARGS, GATEWAY_ARGS and MODEL apply here too).
#   GATEWAY_PORT=8080 SILOS=2 bash scripts/run-local.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
silos="${SILOS:-2}"
logs="$root/.artifacts/run-local"
mkdir -p "$logs"

# libmtmd and the patched libllama are built from source (scripts/build-mtmd-cpu.sh, scripts/build-llama-cpu.sh).
bash scripts/install-test-deps.sh cmake g++ patch >"$logs/deps.log" 2>&1 || { cat "$logs/deps.log"; exit 1; }
echo "run-local: building (Release)…"
dotnet build src/Silo -c Release -nologo -v quiet >"$logs/build.log" 2>&1 || { tail -n 40 "$logs/build.log"; exit 1; }
dotnet build src/Gateway -c Release -nologo -v quiet >>"$logs/build.log" 2>&1 || { tail -n 40 "$logs/build.log"; exit 1; }

# shellcheck source=../bench/cluster-processes.sh
source "$root/bench/cluster-processes.sh"
log_args=() # the logs stay as the programs write them
stop_message="run-local: stopping"

demo_model
embed_model="$root/.artifacts/models/demo-embed-mean.gguf"
[[ -f "$embed_model" ]] || "${silo_cmd[@]}" create-model --preset tiny --type F16 --seed 42 --pooling mean -o "$embed_model"
embed_model_id="$(basename "$embed_model" .gguf)"

# Every process of the cluster holds the secret; silos answer their data plane to nobody else.
secret="$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"
gateway="http://127.0.0.1:$(free_port "${GATEWAY_PORT:-8080}")"
for i in $(seq 1 "$silos"); do
  start_silo "silo-$i" "--Silo:Models:1:Path=$embed_model"
done
start gateway "${gateway_cmd[@]}" --urls "$gateway" "--Cluster:Secret=$secret" "--Gateway:Routing:DefaultModel=$model_id" "${gateway_ports[@]}" "${gateway_args[@]}"

echo "run-local: waiting for $silos silos to load and join (logs: $logs)…"
wait_for "$silos silos" "$gateway/health/ready" "\"live_silos\":$silos"

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
