// The `cthr serve` query page: fills the stored-query picker from /catalogue,
// runs stored queries through /stored/NAME (parameters are bound on the
// server, as typed RDF terms) and edited or ad-hoc SPARQL through /sparql.
// The editor is YASGUI's Yasqe (highlighting, syntax check, completion of the
// project's prefixes) and the results are shown by its Yasr (sortable, paged
// table, CSV or raw download), both vendored under /static/yasgui/. The page
// sends the requests itself, so the server's status, error text and
// X-Cthr-Truncated reach the reader; Yasr only draws the answer.
"use strict";

const state = { queries: {}, prefixes: {}, current: null, yasqe: null, yasr: null, mark: null };
const DEFAULT_QUERY = `SELECT ?event ?label WHERE {
  ?event a cthr:Event ; rdfs:label ?label .
}
ORDER BY ?label
LIMIT 20`;
const $ = (id) => document.getElementById(id);

function setStatus(text, isError) {
  const s = $("status");
  s.textContent = text;
  s.className = isError ? "error" : "";
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
  if (q) state.yasqe.setValue(q.text);
}

// Yasr draws IRIs as links to themselves: an instance IRI is pointed at its
// entity page on this server instead, on every redraw (paging, sorting).
function localLinks(root) {
  for (const a of root.querySelectorAll("a.iri")) {
    const page = localPage(a.getAttribute("href") || "");
    if (page) {
      a.title = a.getAttribute("href");
      a.setAttribute("href", page);
      a.removeAttribute("target");
    }
  }
}

// The server's parser names the error's place as "at LINE:COLUMN" (1-based): mark it in the editor.
function markError(message) {
  const at = /\bat (\d+):(\d+)/.exec(message);
  if (!at) return;
  const doc = state.yasqe.getDoc();
  const line = Number(at[1]) - 1, ch = Number(at[2]) - 1;
  if (line >= doc.lineCount()) return;
  const end = Math.min(ch + 1, doc.getLine(line).length);
  const from = { line, ch: Math.max(0, Math.min(ch, end - 1)) };
  state.mark = doc.markText(from, { line, ch: Math.max(end, from.ch + 1) },
                            { className: "server-error", attributes: { title: message } });
  doc.setCursor({ line, ch });
}

function clearError() {
  if (state.mark) state.mark.clear();
  state.mark = null;
}

async function run(event) {
  if (event) event.preventDefault();
  const q = state.current;
  const text = state.yasqe.getValue();
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
  clearError();
  setStatus("running…");
  const started = performance.now();
  try {
    const resp = await fetch(url, {
      method: "POST",
      // Results JSON for SELECT/ASK, Turtle for CONSTRUCT/DESCRIBE.
      headers: { "Accept": "application/sparql-results+json, text/turtle;q=0.9",
                 "Content-Type": "application/x-www-form-urlencoded" },
      body: form.toString(),
    });
    const body = await resp.text();
    const took = Math.round(performance.now() - started);
    if (!resp.ok) {
      state.yasr.setResponse({ error: { status: resp.status, text: body.trim() }, status: resp.status }, took);
      setStatus("error " + resp.status + ": " + body.trim(), true);
      markError(body);
      return;
    }
    const ctype = resp.headers.get("Content-Type") || "";
    const truncated = resp.headers.has("X-Cthr-Truncated");
    state.yasr.setResponse({ data: body, contentType: ctype, status: resp.status, executionTime: took }, took);
    if (!ctype.includes("json")) {
      setStatus("a graph, as Turtle" + (truncated ? " (cut at the server's cap)" : ""));
      return;
    }
    const data = JSON.parse(body);
    const n = "boolean" in data ? 1 : data.results.bindings.length;
    setStatus(n + " row" + (n === 1 ? "" : "s") +
              (truncated ? " (the server's cap; more exist: add LIMIT or narrow the query)" : ""));
  } catch (err) {
    setStatus("request failed: " + err, true);
  } finally {
    $("run").disabled = false;
  }
}

// Yasqe and Yasr with nothing kept in localStorage and no share button of their own
// (the page's address is the shared state), completing the project's prefixes only:
// the class and property completers would ask a web service (LOV), so they are off.
function makeEditor() {
  const { Yasqe, Yasr } = Yasgui;
  Yasqe.forkAutocompleter("prefixes", {
    name: "cthr-prefixes",
    get: () => Promise.resolve(Object.entries(state.prefixes).map(([p, ns]) => p + ": <" + ns + ">").sort()),
  }, false);
  // The server predeclares the project prefixes (graph/vocab.py); the syntax check must
  // too, or every stored query that relies on them would be flagged.
  const sparql = Yasqe.modes.sparql11;
  Yasqe.defineMode("sparql11", (config, modeConfig) => {
    const mode = sparql(config, modeConfig);
    const start = mode.startState;
    mode.startState = (...args) => {
      const s = start(...args);
      s.prefixes = { ...state.prefixes, ...s.prefixes };
      return s;
    };
    return mode;
  });
  const runKey = () => { run(null); };
  state.yasqe = new Yasqe($("editor"), {
    value: DEFAULT_QUERY, persistenceId: null, consumeShareLink: null, createShareableLink: null,
    showQueryButton: false, resizeable: true, editorHeight: "260px", prefixCcApi: null,
    autocompleters: ["cthr-prefixes", "variables"],
    extraKeys: { ...Yasqe.defaults.extraKeys, "Ctrl-Enter": runKey, "Cmd-Enter": runKey, "Ctrl-S": () => {} },
  });
  Yasr.plugins.table.defaults.openIriInNewWindow = false;
  state.yasr = new Yasr($("yasr"), {
    persistenceId: null, prefixes: state.prefixes, pluginOrder: ["table", "response"], defaultPlugin: "table",
  });
  new MutationObserver(() => localLinks($("yasr"))).observe($("yasr"), { childList: true, subtree: true });
}

async function init() {
  $("query-form").addEventListener("submit", run);
  $("stored").addEventListener("change", pick);
  try {
    const resp = await fetch("/catalogue", { headers: { "Accept": "application/json" } });
    const data = await resp.json();
    state.prefixes = data.prefixes || {};
    makeEditor();
    for (const q of data.queries) {
      state.queries[q.name] = q;
      const opt = document.createElement("option");
      opt.value = q.name;
      opt.textContent = q.name + " — " + q.title;
      $("stored").append(opt);
    }
    setStatus(data.queries.length + " stored queries; read-only endpoint" + (data.update ? " (updates allowed)" : ""));
  } catch (err) {
    if (!state.yasqe) makeEditor();       // SPARQL can still be written and run
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
  if (text !== null) state.yasqe.setValue(text);
  if (name !== null || (text !== null && text.trim() !== "")) await run(null);
}

document.addEventListener("DOMContentLoaded", init);
