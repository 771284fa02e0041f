// The `cthr serve` query page: fills the stored-query picker from /catalogue,
// runs stored queries through /stored/NAME (parameters are bound on the
// server, as typed RDF terms) and edited or ad-hoc SPARQL through /sparql,
// and shows SPARQL JSON results as a table. Values are inserted with
// textContent only, never as HTML.
"use strict";

const state = { queries: {}, prefixes: {}, current: null };
const $ = (id) => document.getElementById(id);

function setStatus(text, isError) {
  const s = $("status");
  s.textContent = text;
  s.className = isError ? "error" : "";
}

// An IRI shortened with the project prefixes, for display only.
function compact(iri) {
  let best = null;
  for (const [p, ns] of Object.entries(state.prefixes)) {
    if (iri.startsWith(ns) && iri.length > ns.length && (!best || ns.length > best[1].length)) best = [p, ns];
  }
  return best ? best[0] + ":" + iri.slice(best[1].length) : iri;
}

// The local entity page of an instance IRI (https://w3id.org/cthr/id/KIND/LOCAL), or null.
const ID_NS = "https://w3id.org/cthr/id/";
function localPage(iri) {
  if (!iri.startsWith(ID_NS)) return null;
  const rest = iri.slice(ID_NS.length);
  return /^[a-z][a-z0-9-]*\/[A-Za-z0-9][A-Za-z0-9._~-]*$/.test(rest) ? "/id/" + rest : null;
}

function inputType(type) {
  return type === "xsd:date" ? "date" : type === "xsd:integer" ? "number" : "text";
}

function showParams(q) {
  const box = $("param-inputs");
  box.replaceChildren();
  $("params").hidden = !q || q.params.length === 0;
  if (!q) return;
  for (const p of q.params) {
    const wrap = document.createElement("div");
    wrap.className = "param";
    const label = document.createElement("label");
    label.htmlFor = "param-" + p.name;
    label.textContent = p.name + (p.required ? " *" : "") + " (" + p.type + ")";
    const input = document.createElement("input");
    input.id = "param-" + p.name;
    input.name = p.name;
    input.type = inputType(p.type);
    input.value = (q.example && q.example[p.name]) || p.default || "";
    input.required = p.required;
    const help = document.createElement("small");
    help.textContent = p.help || "";
    wrap.append(label, input, help);
    box.append(wrap);
  }
}

function pick() {
  const name = $("stored").value;
  const q = state.queries[name] || null;
  state.current = q;
  $("description").textContent = q ? q.description : "";
  showParams(q);
  if (q) $("sparql").value = q.text;
}

function renderTable(data, truncated) {
  const table = $("result-table");
  const head = table.tHead, body = table.tBodies[0];
  head.replaceChildren();
  body.replaceChildren();
  let columns, rows;
  if ("boolean" in data) {
    columns = ["ask"];
    rows = [{ ask: { type: "literal", value: String(data.boolean) } }];
  } else {
    columns = data.head.vars;
    rows = data.results.bindings;
  }
  const tr = document.createElement("tr");
  for (const c of columns) {
    const th = document.createElement("th");
    th.textContent = c;
    tr.append(th);
  }
  head.append(tr);
  for (const row of rows) {
    const r = document.createElement("tr");
    for (const c of columns) {
      const td = document.createElement("td");
      const cell = row[c];
      if (cell) {
        if (cell.type === "uri") {
          td.className = "iri";
          td.title = cell.value;
          const page = localPage(cell.value);
          if (page) {
            // An instance IRI opens its entity page on this server.
            const a = document.createElement("a");
            a.href = page;
            a.textContent = compact(cell.value);
            td.append(a);
          } else {
            td.textContent = compact(cell.value);
          }
        } else {
          td.textContent = cell.type === "bnode" ? "_:" + cell.value : cell.value;
        }
      }
      r.append(td);
    }
    body.append(r);
  }
  table.hidden = false;
  const n = rows.length;
  setStatus(n + " row" + (n === 1 ? "" : "s") + (truncated ? " (the server's cap; more exist: add LIMIT or narrow the query)" : ""));
}

async function run(event) {
  event.preventDefault();
  const q = state.current;
  const text = $("sparql").value;
  const form = new URLSearchParams();
  const share = new URLSearchParams();
  let url = "/sparql";
  if (q && text === q.text) {
    url = "/stored/" + encodeURIComponent(q.name);
    share.append("stored", q.name);
    for (const input of $("param-inputs").querySelectorAll("input")) {
      if (input.value !== "") form.append(input.name, input.value);
      share.append(input.name, input.value);      // an emptied field stays empty when reopened
    }
  } else {
    form.append("query", text);
    share.append("query", text);
  }
  // The address bar (and the link) reopen this query with these parameters.
  history.replaceState(null, "", "?" + share.toString());
  $("share").href = "?" + share.toString();
  $("share").hidden = false;
  $("run").disabled = true;
  setStatus("running…");
  try {
    const resp = await fetch(url, {
      method: "POST",
      // Results JSON for SELECT/ASK, Turtle for CONSTRUCT/DESCRIBE.
      headers: { "Accept": "application/sparql-results+json, text/turtle;q=0.9",
                 "Content-Type": "application/x-www-form-urlencoded" },
      body: form.toString(),
    });
    $("graph-result").hidden = true;
    if (!resp.ok) {
      $("result-table").hidden = true;
      setStatus("error " + resp.status + ": " + (await resp.text()).trim(), true);
      return;
    }
    const ctype = resp.headers.get("Content-Type") || "";
    if (!ctype.includes("json")) {
      $("result-table").hidden = true;
      $("graph-result").textContent = await resp.text();
      $("graph-result").hidden = false;
      setStatus("a graph, as Turtle" + (resp.headers.has("X-Cthr-Truncated") ? " (cut at the server's cap)" : ""));
      return;
    }
    renderTable(await resp.json(), resp.headers.has("X-Cthr-Truncated"));
  } catch (err) {
    setStatus("request failed: " + err, true);
  } finally {
    $("run").disabled = false;
  }
}

async function init() {
  $("query-form").addEventListener("submit", run);
  $("stored").addEventListener("change", pick);
  try {
    const resp = await fetch("/catalogue", { headers: { "Accept": "application/json" } });
    const data = await resp.json();
    state.prefixes = data.prefixes || {};
    for (const q of data.queries) {
      state.queries[q.name] = q;
      const opt = document.createElement("option");
      opt.value = q.name;
      opt.textContent = q.name + " — " + q.title;
      $("stored").append(opt);
    }
    setStatus(data.queries.length + " stored queries; read-only endpoint" + (data.update ? " (updates allowed)" : ""));
  } catch (err) {
    setStatus("could not load the stored queries: " + err, true);
    return;
  }
  await fromAddress();
}

// A shared address: ?stored=NAME&PARAM=VALUE... or ?query=SPARQL (or both: an edited
// stored query) fills the form and runs it. Only query= is sent, never update=,
// so a link cannot change the graph.
async function fromAddress() {
  const given = new URLSearchParams(location.search);
  const name = given.get("stored");
  const text = given.get("query");
  if (name !== null) {
    if (!state.queries[name]) {
      setStatus("no stored query named " + name, true);
      return;
    }
    $("stored").value = name;
    pick();
    for (const input of $("param-inputs").querySelectorAll("input")) {
      if (given.has(input.name)) input.value = given.get(input.name);
    }
  }
  if (text !== null) $("sparql").value = text;
  if (name !== null || (text !== null && text.trim() !== "")) await run({ preventDefault() {} });
}

document.addEventListener("DOMContentLoaded", init);
