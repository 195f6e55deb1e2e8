// The hosts page: the live agents of the world, and what is known about each.
"use strict";

const body = document.querySelector("#hosts tbody");
const summary = document.getElementById("summary");

function cell(tr, value, known) {
  const td = tr.insertCell();
  if (!known) { td.className = "unknown"; td.textContent = "not known"; return; }
  td.textContent = value;
}

async function load() {
  const data = await (await fetch("/api/hosts")).json();
  body.replaceChildren();
  for (const h of data.hosts) {
    const tr = body.insertRow();
    tr.dataset.host = h.hostname;
    cell(tr, h.hostname, true);
    cell(tr, h.member === undefined ? "" : h.member ? "yes" : "no", data.membersKnown);
    // Per host: one that runs its command line's program has no deploy, one without a converger timeout no verdict.
    cell(tr, h.deploy, data.deploysKnown && h.deploy !== undefined);
    cell(tr, h.converged ? "yes" : "no", data.convergedKnown && h.converged !== undefined);
    cell(tr, new Date(h.startedAt).toLocaleString(), true);
    cell(tr, h.pid, true);
  }
  summary.textContent = `${data.hosts.length} host(s)`;
}

load();
setInterval(load, 3000);
