// The chat playground: streams /v1/chat/completions (SSE) from the gateway. In session mode every turn sends only the new
// message with X-Session-Id, and each reply shows the silo that answered and how many prompt tokens came from its KV cache.
// Vision models take images too (playground-images.js); embedding models are not listed: they do not chat.
"use strict";

const state = { history: [], sessionId: null, controller: null, turn: 0 };
const $ = id => document.getElementById(id);

function headers() {
  const h = { "Content-Type": "application/json" };
  const key = $("api-key").value.trim();
  if (key) h.Authorization = "Bearer " + key;
  if ($("session-mode").checked) h["X-Session-Id"] = state.sessionId;
  return h;
}

async function loadModels() {
  try {
    const response = await fetch("/v1/models", { headers: headers() });
    const body = await response.json();
    if (!response.ok) throw new Error(body?.error?.message || `GET /v1/models answered ${response.status}`);
    const select = $("model");
    select.replaceChildren(...body.data.filter(m => !m.capabilities?.includes("embeddings")).map(m => {
      const vision = m.capabilities?.includes("vision") ?? false;
      const where = `${m.silos.length} silo${m.silos.length === 1 ? "" : "s"}` + (m.replicas > m.silos.length ? `, ${m.replicas} replicas` : "");
      const option = new Option(`${m.id} (${where}${vision ? ", reads images" : ""})`, m.id);
      option.dataset.vision = String(vision);
      return option;
    }));
    modelChanged();
    $("error").textContent = "";
  } catch (e) {
    $("error").textContent = e.message;
  }
}

function modelChanged() {
  attachments.allow($("model").selectedOptions[0]?.dataset.vision === "true");
}

// "413 image_too_large: The image is 21.0 MB; …", from an OpenAI-shaped error body or the bare status.
async function errorText(response) {
  const body = await response.json().catch(() => null);
  const error = body?.error;
  return `${response.status} ${error?.code ?? response.statusText}: ${error?.message ?? "the gateway answered without an error body"}`;
}

function newChat() {
  state.history = [];
  state.turn = 0;
  state.sessionId = "playground-" + crypto.randomUUID();
  $("transcript").replaceChildren();
  $("session-line").textContent = $("session-mode").checked ? "session " + state.sessionId : "stateless: every turn sends the whole conversation";
}

function addTurn(role, text, images = []) {
  const div = document.createElement("div");
  div.className = "turn " + role;
  const content = document.createElement("span");
  content.className = "content";
  content.textContent = text;
  div.appendChild(content);
  if (images.length > 0) {
    const pictures = document.createElement("div");
    pictures.className = "thumbs";
    pictures.replaceChildren(...images.map(thumbnail));
    div.appendChild(pictures);
  }
  $("transcript").appendChild(div);
  div.scrollIntoView({ block: "end" });
  return div;
}

function request(message) {
  const body = {
    model: $("model").value,
    messages: $("session-mode").checked ? [message] : [...state.history, message],
    stream: true,
    stream_options: { include_usage: true },
    temperature: Number($("temperature").value),
    max_tokens: Number($("max-tokens").value),
  };
  if ($("seed").value !== "") body.seed = Number($("seed").value);
  return body;
}

// Reads "data: …" events; returns the usage of the last chunk that carried one.
async function readStream(response, onText) {
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "", usage = null;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let end;
    while ((end = buffer.indexOf("\n")) >= 0) {
      const line = buffer.slice(0, end).trim();
      buffer = buffer.slice(end + 1);
      if (!line.startsWith("data:")) continue;
      const data = line.slice(5).trim();
      if (data === "[DONE]") return { usage, done: true };
      const chunk = JSON.parse(data);
      if (chunk.error) throw new Error(chunk.error.message);
      const text = chunk.choices?.[0]?.delta?.content;
      if (text) onText(text);
      if (chunk.usage) usage = chunk.usage;
    }
  }
  return { usage, done: false };
}

async function send(event) {
  event.preventDefault();
  const text = $("message").value;
  if ((!text.trim() && attachments.images.length === 0) || state.controller) return;
  const images = attachments.take();
  const message = { role: "user", content: messageContent(text, images) };
  $("message").value = "";
  addTurn("user", text, images);
  const turn = addTurn("assistant", "");
  const content = turn.querySelector(".content");
  state.controller = new AbortController();
  $("send").disabled = true;
  $("stop").disabled = false;
  $("error").textContent = "";
  let reply = "";
  try {
    const response = await fetch("/v1/chat/completions", { method: "POST", headers: headers(), body: JSON.stringify(request(message)), signal: state.controller.signal });
    if (!response.ok) throw new Error(await errorText(response));
    const { usage, done } = await readStream(response, piece => { reply += piece; content.textContent = reply; });
    state.turn++;
    state.history.push(message, { role: "assistant", content: reply });
    const meta = document.createElement("span");
    meta.className = "meta";
    meta.dataset.silo = response.headers.get("x-cluster-silo") ?? "";
    meta.dataset.cachedTokens = String(usage?.prompt_tokens_details?.cached_tokens ?? 0);
    meta.dataset.completionTokens = String(usage?.completion_tokens ?? 0);
    meta.dataset.promptTokens = String(usage?.prompt_tokens ?? 0);
    meta.textContent = `turn ${state.turn} · silo ${meta.dataset.silo} (${response.headers.get("x-cluster-route") ?? "?"})`
      + ` · ${meta.dataset.completionTokens} tokens · ${meta.dataset.cachedTokens} of ${usage?.prompt_tokens ?? "?"} prompt tokens cached`
      + (done ? "" : " · stream ended early");
    turn.appendChild(meta);
    turn.dataset.done = "true";
  } catch (e) {
    $("error").textContent = e.name === "AbortError" ? "stopped" : e.message;
    turn.dataset.done = "error";
    content.textContent = reply || (e.name === "AbortError" ? "(stopped)" : "(no reply: " + e.message + ")");
  } finally {
    state.controller = null;
    $("send").disabled = false;
    $("stop").disabled = true;
  }
}

$("chat-form").addEventListener("submit", send);
$("message").addEventListener("keydown", e => { if (e.key === "Enter" && !e.shiftKey) send(e); });
$("stop").addEventListener("click", () => state.controller?.abort());
$("new-chat").addEventListener("click", newChat);
$("session-mode").addEventListener("change", newChat);
$("api-key").addEventListener("change", loadModels);
$("model").addEventListener("change", modelChanged);
newChat();
loadModels();
