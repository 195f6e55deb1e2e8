// The live graph: draws the running resource graph (columns by dependency depth) and follows each vertex's state
// through server-sent events from /api/events. A click shows the vertex's parameters, last change and last error.
"use strict";

const svg = document.getElementById("graph");
const panel = document.getElementById("panel");
const summary = document.getElementById("summary");
const NS = "http://www.w3.org/2000/svg";
const W = 230, H = 46, GAP_X = 70, GAP_Y = 18, PAD = 20;
let graph = { vertices: [], edges: [] };
let status = new Map();
let swaps = -1;
let selected = null;

function el(name, attrs, parent) {
  const e = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (parent) parent.appendChild(e);
  return e;
}

function ranks(vertices, edges) {
  const parents = new Map(vertices.map(v => [v.id, []]));
  for (const e of edges) if (parents.has(e.to)) parents.get(e.to).push(e.from);
  const rank = new Map();
  const visit = (id, depth) => {
    if (rank.has(id)) return rank.get(id);
    if (depth > vertices.length) return 0; // a cycle cannot reach the engine; stay safe anyway
    const r = Math.max(-1, ...parents.get(id).map(p => visit(p, depth + 1))) + 1;
    rank.set(id, r);
    return r;
  };
  for (const v of vertices) visit(v.id, 0);
  return rank;
}

function draw() {
  svg.replaceChildren();
  const defs = el("defs", {}, svg);
  const marker = el("marker", { id: "arrow", viewBox: "0 0 10 10", refX: "10", refY: "5", markerWidth: "7", markerHeight: "7", orient: "auto" }, defs);
  el("path", { d: "M0,0 L10,5 L0,10 z", fill: "#7a8396" }, marker);
  const rank = ranks(graph.vertices, graph.edges);
  const columns = [];
  for (const v of [...graph.vertices].sort((a, b) => a.id.localeCompare(b.id))) {
    const r = rank.get(v.id);
    (columns[r] ??= []).push(v);
  }
  const pos = new Map();
  columns.forEach((column, c) => column.forEach((v, i) => pos.set(v.id, { x: PAD + c * (W + GAP_X), y: PAD + i * (H + GAP_Y) })));
  const rows = Math.max(1, ...columns.map(c => c.length));
  svg.setAttribute("width", PAD * 2 + columns.length * (W + GAP_X));
  svg.setAttribute("height", PAD * 2 + rows * (H + GAP_Y));
  for (const e of graph.edges) {
    const a = pos.get(e.from), b = pos.get(e.to);
    if (!a || !b) continue;
    const x1 = a.x + W, y1 = a.y + H / 2, x2 = b.x, y2 = b.y + H / 2, mid = (x1 + x2) / 2;
    el("path", { d: `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`, class: "edge" + (e.notify ? " notify" : ""), "marker-end": "url(#arrow)" }, svg);
  }
  for (const v of graph.vertices) {
    const p = pos.get(v.id);
    const g = el("g", { class: "vertex pending", "data-id": v.id, transform: `translate(${p.x},${p.y})` }, svg);
    el("rect", { width: W, height: H }, g);
    const label = el("text", { x: 8, y: 18 }, g);
    label.textContent = v.id.length > 34 ? v.id.slice(0, 33) + "…" : v.id;
    const state = el("text", { x: 8, y: 36, class: "state" }, g);
    state.textContent = "pending";
    const title = el("title", {}, g);
    title.textContent = v.id;
    g.addEventListener("click", () => select(v.id));
  }
  paint();
}

function stateOf(s) {
  if (!s) return "pending";
  // A change in the last five seconds stands out, so that a repair is seen as it happens.
  if (s.state === "converged" && s.lastChange && !s.lastChange.noop && Date.now() - Date.parse(s.lastChange.at) < 5000) return "changed";
  return s.state;
}

function paint() {
  for (const g of svg.querySelectorAll("g.vertex")) {
    const s = status.get(g.dataset.id);
    const state = stateOf(s);
    g.setAttribute("class", `vertex ${state}${g.dataset.id === selected ? " selected" : ""}`);
    g.querySelector("text.state").textContent = s ? `${state} · ${s.checks} checks · ${s.changes} changes${s.failures ? ` · ${s.failures} failures` : ""}` : "pending";
  }
  if (selected) showPanel(selected);
}

function row(table, key, value) {
  const tr = table.insertRow();
  tr.insertCell().textContent = key;
  tr.insertCell().textContent = value;
}

function diffBlock(text) {
  const pre = document.createElement("pre");
  pre.className = "diff";
  for (const line of text.split("\n")) {
    const span = document.createElement("span");
    span.className = line.startsWith("@@") ? "hunk" : line.startsWith("+") && !line.startsWith("+++") ? "add" : line.startsWith("-") && !line.startsWith("---") ? "del" : "";
    span.textContent = line + "\n";
    pre.appendChild(span);
  }
  return pre;
}

function select(id) {
  selected = id;
  paint();
}

function showPanel(id) {
  const v = graph.vertices.find(x => x.id === id);
  const s = status.get(id);
  panel.replaceChildren();
  const h = document.createElement("h2");
  h.textContent = id;
  panel.appendChild(h);
  const facts = document.createElement("table");
  facts.id = "facts";
  row(facts, "state", stateOf(s));
  if (s) {
    row(facts, "checks", s.checks);
    row(facts, "changes", s.changes);
    row(facts, "failures", s.failures);
    row(facts, "watch events", s.watchEvents);
  }
  panel.appendChild(facts);
  const section = (title) => { const h3 = document.createElement("h3"); h3.textContent = title; panel.appendChild(h3); };
  section("last change");
  if (s && s.lastChange) {
    const p = document.createElement("p");
    p.id = "last-change";
    p.textContent = `${new Date(s.lastChange.at).toLocaleTimeString()}: ${s.lastChange.noop ? "would change" : "changed"} ${s.lastChange.summary}`;
    panel.appendChild(p);
    if (s.lastChange.details) panel.appendChild(diffBlock(s.lastChange.details));
  } else {
    const p = document.createElement("p"); p.className = "hint"; p.textContent = "none since the agent started"; panel.appendChild(p);
  }
  section("last error");
  const err = document.createElement("p");
  if (s && s.lastError) { err.className = "error"; err.textContent = (s.lastErrorAt ? new Date(s.lastErrorAt).toLocaleTimeString() + ": " : "") + s.lastError; }
  else { err.className = "hint"; err.textContent = "none"; }
  panel.appendChild(err);
  if (v) {
    section("parameters");
    const params = document.createElement("table");
    params.id = "params";
    for (const [k, value] of Object.entries(v.params)) row(params, k, value);
    panel.appendChild(params);
    for (const m of v.members) {
      section(`grouped: ${m.id}`);
      const t = document.createElement("table");
      for (const [k, value] of Object.entries(m.params)) row(t, k, value);
      panel.appendChild(t);
    }
  }
}

async function loadGraph() {
  const response = await fetch("/api/graph");
  graph = await response.json();
  swaps = graph.swaps;
  draw();
}

function follow() {
  const events = new EventSource("/api/events");
  events.addEventListener("status", async (e) => {
    const data = JSON.parse(e.data);
    status = new Map(data.vertices.map(v => [v.id, v]));
    if (data.swaps !== swaps) await loadGraph();
    const failed = data.vertices.filter(v => v.state === "failed").length;
    summary.textContent = `${data.vertices.length} resources · ${data.converged ? "converged" : "not converged"}${failed ? ` · ${failed} failed` : ""}`;
    document.body.dataset.converged = data.converged;
    paint();
  });
  events.onerror = () => { summary.textContent = "disconnected: retrying…"; };
}

loadGraph().then(follow);
// Keep the "just changed" highlight honest as time passes.
setInterval(paint, 1000);
