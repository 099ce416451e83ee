// The ops dashboard: polls GET /admin/dashboard and GET /admin/sessions every second and redraws.
// Buttons call the admin API (drain, undrain, end session). With an admin key configured, the key typed here
// is kept for this tab only (sessionStorage) and sent as a bearer token.
"use strict";

const pollMs = 1000;
const keyStore = "cluster-admin-key";

function adminKey() { return sessionStorage.getItem(keyStore) || ""; }

async function admin(path, method = "GET") {
  const headers = adminKey() ? { Authorization: "Bearer " + adminKey() } : {};
  const response = await fetch("/admin" + path, { method, headers });
  if (response.status === 401) {
    document.getElementById("key-form").style.display = "flex";
    throw new Error("The admin API refused the request: enter the admin key.");
  }
  if (!response.ok) {
    const body = await response.json().catch(() => null);
    throw new Error(body?.error?.message || `${method} /admin${path} answered ${response.status}`);
  }
  return response.status === 204 ? null : response.json();
}

function cell(row, text, className) {
  const td = row.insertCell();
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function button(td, label, action) {
  const b = document.createElement("button");
  b.textContent = label;
  b.addEventListener("click", async () => {
    b.disabled = true;
    try { await action(); await refresh(); } catch (e) { showError(e); } finally { b.disabled = false; }
  });
  td.appendChild(b);
  return b;
}

function showError(error) { document.getElementById("error").textContent = error ? error.message : ""; }

function siloStatus(node) { return !node.healthy ? "unhealthy" : node.draining ? "draining" : "healthy"; }

function percent(used, capacity) { return capacity > 0 ? (100 * used / capacity).toFixed(1) + " %" : "–"; }

function devices(gpus, splitMode) {
  if (gpus.length === 0) return "CPU";
  const list = `GPU ${gpus.join("+")}`;
  return splitMode === "none" ? list : `${list} (${splitMode} split)`;
}

// A model of several replicas: each replica's own GPUs and state, not the union of them.
function placement(model) {
  if (model.replicas.length <= 1) return devices(model.gpus, model.split_mode);
  return model.replicas.map(r => `replica ${r.index} ${devices(r.gpus, model.split_mode)} (${r.status.toLowerCase()})`).join(", ");
}

function renderSilos(nodes, departed) {
  const body = document.querySelector("#silos tbody");
  body.replaceChildren();
  for (const node of nodes) {
    const row = body.insertRow();
    row.dataset.silo = node.name;
    const status = siloStatus(node);
    row.dataset.status = status;
    cell(row, node.name);
    cell(row, status, "status-" + status);
    cell(row, node.gpu_memory_bytes > 0 ? `${node.gpu_name} (${(node.gpu_memory_bytes / 2 ** 30).toFixed(0)} GiB)` : node.gpu_name);
    cell(row, node.models.map(m => `${m.id} (${m.status.toLowerCase()}) on ${placement(m)}${m.adapters.length ? ` + LoRA ${m.adapters.join(", ")}` : ""}`).join("; "));
    cell(row, node.models.map(m => m.load.toFixed(2)).join(", "));
    cell(row, node.models.map(m => `${m.kv_tokens_used} / ${m.kv_tokens_capacity} (${percent(m.kv_tokens_used, m.kv_tokens_capacity)})`).join(", "));
    cell(row, node.models.map(m => `${m.active_sequences} / ${m.queued_requests}`).join(", "));
    cell(row, String(node.sessions));
    const actions = cell(row, "");
    const name = encodeURIComponent(node.name);
    if (node.draining) {
      button(actions, "Undrain", () => admin(`/nodes/${name}/undrain`, "POST")).dataset.action = "undrain";
    } else {
      button(actions, "Drain", () => admin(`/nodes/${name}/drain`, "POST")).dataset.action = "drain";
    }
  }
  for (const gone of departed) {
    const row = body.insertRow();
    row.dataset.silo = gone.name;
    row.dataset.status = "down";
    cell(row, gone.name);
    cell(row, "down", "status-down");
    cell(row, "last seen " + new Date(gone.last_seen).toLocaleTimeString(), "muted");
    for (let i = 0; i < 6; i++) cell(row, "");
  }
}

function renderTraffic(traffic, since) {
  document.getElementById("traffic-since").textContent = since ? new Date(since).toLocaleTimeString() : "";
  const tokens = traffic.reduce((sum, p) => sum + p.output_tokens, 0);
  const requests = traffic.reduce((sum, p) => sum + p.requests, 0);
  const recent = traffic.slice(-10).reduce((sum, p) => sum + p.output_tokens, 0) / 10;
  const lastMinute = traffic.slice(-60).filter(p => p.ttft_p50_ms !== null);
  document.getElementById("window-seconds").textContent = String(traffic.length);
  document.getElementById("tokens-total").textContent = String(tokens);
  document.getElementById("requests-total").textContent = String(requests);
  document.getElementById("tokens-rate").textContent = recent.toFixed(1);
  document.getElementById("ttft-latest").textContent = lastMinute.length === 0 ? "–"
    : `${median(lastMinute.map(p => p.ttft_p50_ms)).toFixed(1)} / ${Math.max(...lastMinute.map(p => p.ttft_p95_ms)).toFixed(1)} ms`;
  drawChart("throughput-chart", [{ values: traffic.map(p => p.output_tokens) }]);
  drawChart("ttft-chart", [{ values: traffic.map(p => p.ttft_p50_ms) }, { values: traffic.map(p => p.ttft_p95_ms), dashed: true }]);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

function drawChart(id, series) {
  const canvas = document.getElementById(id);
  const g = canvas.getContext("2d");
  const { width, height } = canvas;
  g.clearRect(0, 0, width, height);
  const all = series.flatMap(s => s.values.filter(v => v !== null));
  const max = Math.max(1, ...all);
  g.fillStyle = "#667085";
  g.font = "11px system-ui";
  g.fillText(max.toFixed(max < 10 ? 1 : 0), 4, 12);
  for (const s of series) {
    g.strokeStyle = "#2f5bd3";
    g.setLineDash(s.dashed ? [4, 3] : []);
    g.beginPath();
    let drawing = false;
    s.values.forEach((v, i) => {
      if (v === null) { drawing = false; return; }
      const x = (i / Math.max(1, s.values.length - 1)) * width;
      const y = height - 4 - (v / max) * (height - 20);
      if (drawing) g.lineTo(x, y); else g.moveTo(x, y);
      drawing = true;
    });
    g.stroke();
    // A second with traffic between quiet ones has no neighbour to join: mark every point.
    g.fillStyle = "#2f5bd3";
    s.values.forEach((v, i) => {
      if (v === null || (v === 0 && !s.dashed && series.length === 1)) return;
      const x = (i / Math.max(1, s.values.length - 1)) * width;
      const y = height - 4 - (v / max) * (height - 20);
      g.fillRect(x - 1.5, y - 1.5, 3, 3);
    });
  }
  canvas.dataset.points = String(all.filter(v => v > 0).length);
}

function renderSessions(sessions) {
  const body = document.querySelector("#sessions tbody");
  body.replaceChildren();
  const now = Date.now();
  for (const s of sessions) {
    const row = body.insertRow();
    row.dataset.session = s.key;
    cell(row, s.key);
    cell(row, s.model);
    cell(row, s.silo);
    cell(row, String(Math.floor(s.messages / 2)));
    cell(row, String(s.history_tokens));
    cell(row, s.updated_at ? Math.max(0, Math.round((now - Date.parse(s.updated_at)) / 1000)) + " s" : "–");
    button(cell(row, ""), "End", () => admin(`/sessions/${encodeURIComponent(s.key)}`, "DELETE")).dataset.action = "end";
  }
}

function renderRouting(entries) {
  const body = document.querySelector("#routing tbody");
  body.replaceChildren();
  for (const e of entries) {
    const row = body.insertRow();
    cell(row, new Date(e.at).toLocaleTimeString());
    cell(row, e.model ?? "–");
    cell(row, e.silo);
    cell(row, e.reason);
    cell(row, e.failover ?? "");
    cell(row, e.session ?? "");
  }
}

async function refresh() {
  const [view, sessions] = await Promise.all([admin("/dashboard"), admin("/sessions")]);
  renderSilos(view.nodes, view.departed);
  renderTraffic(view.traffic, view.traffic_since);
  renderSessions(sessions);
  renderRouting(view.routing);
  const orleans = document.getElementById("orleans-link");
  orleans.hidden = !view.orleans_dashboard;
  if (view.orleans_dashboard) orleans.href = view.orleans_dashboard;
  document.getElementById("updated").textContent = "updated " + new Date().toLocaleTimeString();
  // A poll sent before the key was typed may have been refused after it was: the form goes once a poll gets through.
  document.getElementById("key-form").style.display = "none";
  showError(null);
}

async function poll() {
  try { await refresh(); } catch (e) { showError(e); }
  setTimeout(poll, pollMs);
}

document.getElementById("key-form").addEventListener("submit", event => {
  event.preventDefault();
  const key = document.getElementById("admin-key").value.trim();
  sessionStorage.setItem(keyStore, key);
  // Orleans' dashboard is navigated to, so it gets the key as a cookie scoped to its own path.
  document.cookie = `${keyStore}=${encodeURIComponent(key)}; path=/orleans; SameSite=Strict`;
  document.getElementById("key-form").style.display = "none";
  refresh().catch(showError);
});

poll();
