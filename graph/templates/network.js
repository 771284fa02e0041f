// The network view of `cthr serve`: one fetch of /network.json (computed on
// the server by graph/netview.py), then every filter runs here, so a slider
// move redraws without a request. Drawing is sigma.js over a graphology graph
// (vendored, graph/static/network/README.md). Positions come from the server
// and are shared by both views, so nodes keep their place when filtering.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const EVENT_COLOUR = "#2b2f36";
  let data, graph, renderer, dates = [];

  fetch("/network.json", { headers: { Accept: "application/json" } })
    .then((r) => (r.ok ? r.json() : r.text().then((t) => { throw new Error(t.trim()); })))
    .then(init)
    .catch((e) => { $("count").textContent = "The network could not be loaded: " + e.message; $("count").className = "error"; });

  function option(select, value, text) {
    const o = document.createElement("option");
    o.value = value;
    o.textContent = text;
    select.appendChild(o);
  }

  function checkbox(parent, cls, value, text, checked, colour) {
    const label = document.createElement("label");
    const box = document.createElement("input");
    box.type = "checkbox";
    box.className = cls;
    box.value = value;
    box.checked = checked;
    label.appendChild(box);
    if (colour) {
      const sw = document.createElement("span");
      sw.className = "swatch";
      sw.style.background = colour;     // CSSOM, which the page's CSP allows (no inline style attribute)
      label.appendChild(sw);
    }
    label.appendChild(document.createTextNode(" " + text));
    parent.appendChild(label);
  }

  function init(d) {
    data = d;
    data.orgById = new Map(d.organisations.map((o) => [o.id, o]));
    data.eventById = new Map(d.events.map((e) => [e.id, e]));
    for (const m of d.measures) option($("size"), m, m);
    // Betweenness first: the organisations that bridge events are what the picture is for.
    $("size").value = d.measures.includes("betweenness") ? "betweenness" : d.measures[0];
    for (const [s, info] of Object.entries(d.sectors)) checkbox($("sectors"), "sector", s, info.label, true, info.colour);
    for (const r of d.roles) checkbox($("roles"), "role", r, r, d.attendingRoles.includes(r));
    const funders = [...new Set(d.events.flatMap((e) => e.funders))]
      .map((id) => data.orgById.get(id)).filter(Boolean).sort((a, b) => a.label.localeCompare(b.label));
    for (const f of funders) option($("funder"), f.id, f.short === f.label ? f.label : f.short + " · " + f.label);
    dates = [...new Set(d.events.map((e) => e.start).filter(Boolean))].sort();
    const until = $("until");
    until.max = String(dates.length);
    until.value = String(dates.length);   // the last step means every event, undated ones included

    graph = new (graphology.Graph || graphology)();
    renderer = new Sigma(graph, $("graph"), {
      labelRenderedSizeThreshold: d.organisations.length + d.events.length <= 120 ? 0 : 6,
      labelDensity: 4, labelGridCellSize: 40, zIndex: true, defaultEdgeColor: "#c9ced6",
    });
    const xs = [...d.organisations, ...d.events].map((n) => n.xy);
    if (xs.length) {
      // A fixed frame: filtering removes nodes but does not zoom or move the others.
      renderer.setCustomBBox({ x: [Math.min(...xs.map((p) => p[0])), Math.max(...xs.map((p) => p[0]))],
                               y: [Math.min(...xs.map((p) => p[1])), Math.max(...xs.map((p) => p[1]))] });
    }
    renderer.on("clickNode", ({ node }) => {
      const page = graph.getNodeAttribute(node, "page");
      if (page) window.location.assign(page);
    });
    renderer.on("enterNode", ({ node }) => { $("details").textContent = graph.getNodeAttribute(node, "details"); });
    renderer.on("leaveNode", () => { $("details").textContent = ""; });
    $("controls").addEventListener("input", update);
    $("controls").addEventListener("change", update);
    window.cthrNetwork = { graph, renderer, data };   // a handle for the browser tests and the console
    update();
  }

  function checked(cls) {
    return new Set([...document.querySelectorAll("input." + cls)].filter((b) => b.checked).map((b) => b.value));
  }

  function keptEvents() {
    const from = $("from").value, to = $("to").value, funder = $("funder").value;
    const step = Number($("until").value);
    const until = step < dates.length ? dates[step] : null;
    $("until-label").textContent = until ? "events starting by " + until : "all events";
    return new Set(data.events.filter((e) => {
      const last = e.end || e.start;
      // As `cthr network --from/--to`: an event overlapping the range; undated events go once a date is set.
      if ((from || to || until) && !e.start) return false;
      if (from && last < from) return false;
      if (to && e.start > to) return false;
      if (until && e.start > until) return false;
      if (funder && !e.funders.includes(funder)) return false;
      return true;
    }).map((e) => e.id));
  }

  function update() {
    const view = document.querySelector("input[name=view]:checked").value;
    const events = keptEvents(), sectors = checked("sector"), roles = checked("role");
    const links = data.attendance.filter((a) => events.has(a.event) && a.roles.some((r) => roles.has(r))
      && data.orgById.has(a.org) && sectors.has(data.orgById.get(a.org).sector));
    const measure = $("size").value;
    const top = Math.max(0, ...data.organisations.map((o) => o.measures[measure] || 0));
    graph.clear();
    const orgRoles = new Map();
    for (const a of links) {
      if (!orgRoles.has(a.org)) orgRoles.set(a.org, new Set());
      a.roles.filter((r) => roles.has(r)).forEach((r) => orgRoles.get(a.org).add(r));
    }
    for (const [id, rs] of orgRoles) {
      const o = data.orgById.get(id), v = o.measures[measure] || 0;
      graph.addNode(id, {
        x: o.xy[0], y: o.xy[1], label: o.short, page: o.page, kind: "organisation",
        size: top > 0 ? 4 + 12 * Math.sqrt(v / top) : 6, color: (data.sectors[o.sector] || {}).colour || "#999",
        details: `${o.label} · ${(data.sectors[o.sector] || {}).label || o.sector} · ${measure} ${v.toPrecision(3)}`
          + ` · roles: ${[...rs].sort().join(", ")}`,
      });
    }
    if (view === "two-mode") {
      const attendees = new Map();
      for (const a of links) attendees.set(a.event, (attendees.get(a.event) || 0) + 1);
      for (const [id, k] of attendees) {
        const e = data.eventById.get(id);
        graph.addNode(id, {
          x: e.xy[0], y: e.xy[1], page: e.page, kind: "event", color: EVENT_COLOUR, size: 6 + 2 * Math.sqrt(k),
          label: (e.start ? e.start + " · " : "") + (e.label.length > 40 ? e.label.slice(0, 39) + "…" : e.label),
          details: `${e.label} · ${e.start || "undated"}${e.place ? " · " + e.place : ""} · ${k} organisation(s)`,
        });
      }
      for (const a of links) graph.mergeEdge(a.org, a.event, { size: 1, color: "#c9ced6" });
    } else {
      // The projection: one edge per pair of organisations at a kept event, sized by events shared.
      const byEvent = new Map();
      for (const a of links) {
        if (!byEvent.has(a.event)) byEvent.set(a.event, new Set());
        byEvent.get(a.event).add(a.org);
      }
      const shared = new Map();
      for (const orgs of byEvent.values()) {
        const list = [...orgs].sort();
        for (let i = 0; i < list.length; i++) {
          for (let j = i + 1; j < list.length; j++) {
            const key = list[i] + " " + list[j];
            shared.set(key, (shared.get(key) || 0) + 1);
          }
        }
      }
      for (const [key, n] of shared) {
        const [a, b] = key.split(" ");
        graph.addEdge(a, b, { size: 0.5 + n, color: n > 1 ? "#8a93a3" : "#dde1e7", shared: n });
      }
    }
    const count = $("count");
    count.dataset.nodes = String(graph.order);
    count.dataset.edges = String(graph.size);
    count.textContent = `${graph.order} nodes · ${graph.size} edges · ${events.size} of ${data.events.length} events kept`;
    renderer.refresh();
  }
})();
