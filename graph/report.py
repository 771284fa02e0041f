"""The network report: report.md, a self-contained report.html, network.png and exports for Gephi/igraph.

Sections are built once as blocks (graph/docblocks.py) and rendered to
Markdown and to HTML, so the two files say the same. Page frames, the "how
to read this" text and the picture's colours are data files in
graph/templates/ (graph/netstyle.py); the picture is graph/netpicture.py,
the GraphML/GEXF/CSV exports graph/netexport.py. Their public names stay
importable from here (cli, tests, bench).
"""

from __future__ import annotations

import base64
import html
import textwrap
from collections.abc import Callable
from pathlib import Path
from string import Template

import networkx as nx

from .docblocks import Table, to_html, to_markdown  # noqa: F401
from .netexport import edges_csv, gexf_bytes, graphml_bytes, nodes_csv, sanitise, sanitised_parts  # noqa: F401
from .netpicture import (KK_MAX, PICTURE_EXTRA, SPRING_MAX, TWO_MODE_MAX_EVENTS, _core_layout,  # noqa: F401
                         check_matplotlib, layout, render_png, two_mode_layout)
from .netstyle import guide, sector_colour, sector_names, sector_title, style, template  # noqa: F401
from .network import GREEDY_MAX, MEASURES, NetworkAnalysis, density
from .store import atomic_write

Progress = Callable[[str], None]

MEASURE_TITLES = {
    "degree": "Degree (organisations met)",
    "strength": "Strength (weighted degree)",
    "betweenness": "Betweenness (bridges; distance = 1/weight)",
    "eigenvector": "Eigenvector (well-connected contacts; per cluster)",
    "pagerank": "PageRank",
    "closeness": "Closeness (distance = 1/weight)",
}
REPORT_FILES = {
    "report.md": "this report in Markdown",
    "report.html": "this report as one self-contained web page",
    "network.png": "the picture",
    "network.graphml": "co-attendance network with all measures (GraphML: Gephi, igraph, yEd, NetworkX)",
    "network.gexf": "the same with the picture's layout and colours (GEXF: Gephi)",
    "organisation-event.graphml": "the bipartite organisation-event network (edge attribute roles)",
    "nodes.csv": "one row per organisation with every measure",
    "edges.csv": "one row per co-attending pair: shared events, Newman weight",
}


# ----------------------------------------------------------------- sections

def _name(G: nx.Graph, n: str) -> str:
    d = G.nodes[n]
    return d["label"] if d["short"] == d["label"] else f"{d['label']} ({d['short']})"


def _sector(s: str) -> str:
    return sector_title(s)


def summary_blocks(a: NetworkAnalysis) -> list:
    G, data = a.projection, a.data
    comps = sorted((len(c) for c in nx.connected_components(G)), reverse=True) if len(G) else []
    filters = data.filters.describe()
    dropped = ", ".join(f"{n} {why}" for why, n in sorted(data.dropped.items()))
    items = [
        f"{len(data.events)} event(s)" + (f" ({dropped} left out by the filters)" if dropped else ""),
        f"{G.number_of_nodes()} organisations, {G.number_of_edges()} co-attendance ties, density {density(G):.3f}",
        f"{len(comps)} connected cluster(s)" + (f"; the largest has {comps[0]} organisations" if comps else ""),
        "link weight: " + ("number of shared events" if G.graph.get("weighting") == "count"
                           else "Newman: each shared event counts 1/(k-1), k = organisations at it"),
        "filters: " + ("; ".join(filters) if filters else "none (all events, attending roles)"),
    ]
    if a.estimated:
        k = max(a.estimated.values())
        names = ", ".join(m.replace("_", " ") for m in sorted(a.estimated))
        items.append(f"{names}: estimated from {k} of {G.number_of_nodes()} organisations "
                     "as path sources (seeded sample); every other measure is exact")
    return [("p", "Co-attendance of organisations at counter-terrorism and human-rights events, "
                  "built from the knowledge graph."), ("list", items)]


def guide_blocks() -> list:
    g = guide()
    return [("p", g["intro"].strip()), ("dl", [(m["term"], m["text"].strip()) for m in g["measures"]]),
            ("p", g["caveat"].strip())]


def centrality_blocks(a: NetworkAnalysis, top: int) -> list:
    G = a.projection
    blocks = []
    for m in MEASURES:
        blocks.append(("h3", MEASURE_TITLES[m]))
        if m in a.estimated:
            blocks.append(("p", f"Estimated from {a.estimated[m]} of {G.number_of_nodes()} organisations as path "
                                "sources (seeded sample; docs/network.md says how close the ranks are)."))
        counts = all(float(v).is_integer() for v in a.measures[m].values())   # degree; strength by count
        rows = [[i, _name(G, n), _sector(G.nodes[n]["sector"]), int(v) if counts else v]
                for i, (n, v) in enumerate(a.top(m, top), 1)]
        blocks.append(("table", Table(["#", "organisation", "sector", m], rows, (0, 3))))
    return blocks


def _members(G: nx.Graph, part: list[str], a: NetworkAnalysis, limit: int = 12) -> str:
    ranked = sorted(part, key=lambda n: (-a.measures["degree"][n], G.nodes[n]["short"].casefold(), n))
    names = [G.nodes[n]["short"] for n in ranked[:limit]]
    return ", ".join(names) + (f", … (+{len(part) - limit})" if len(part) > limit else "")


def _sector_mix(G: nx.Graph, part: list[str]) -> str:
    counts: dict[str, int] = {}
    for n in part:
        counts[G.nodes[n]["sector"]] = counts.get(G.nodes[n]["sector"], 0) + 1
    return ", ".join(f"{s} {c}" for s, c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def community_blocks(a: NetworkAnalysis) -> list:
    G, c = a.projection, a.communities
    agree = c.seed_agreement
    greedy = (f"Greedy modularity is not run above {GREEDY_MAX} organisations." if c.greedy_skipped else
              f"Greedy modularity: {len(c.greedy)} communities, modularity {c.greedy_modularity:.3f}; "
              f"agreement with Louvain (adjusted Rand) {c.greedy_agreement:.2f}.")
    blocks = [
        ("p", f"Louvain (seed {c.seeds[0]}, nodes in IRI order): {len(c.louvain)} communities, "
              f"modularity {c.louvain_modularity:.3f}. {greedy}"),
        ("p", f"Stability over seeds {', '.join(map(str, c.seeds))}: {c.distinct_partitions} distinct partition(s); "
              f"adjusted Rand against seed {c.seeds[0]} from {min(agree):.2f} to {max(agree):.2f}; "
              f"modularity from {min(c.seed_modularity):.3f} to {max(c.seed_modularity):.3f}."),
        ("h3", "Louvain communities"),
        ("table", Table(["#", "size", "sectors", "members (most connected first)"],
                        [[i, len(p), _sector_mix(G, p), _members(G, p, a)]
                         for i, p in enumerate(c.louvain, 1) if len(p) > 1], (0, 1))),
    ]
    singles = [p[0] for p in c.louvain if len(p) == 1]
    if singles:
        blocks.append(("p", f"{len(singles)} organisation(s) met no one: "
                            + ", ".join(sorted(G.nodes[n]["short"] for n in singles)) + "."))
    return blocks


def broker_blocks(a: NetworkAnalysis, top: int) -> list:
    G, b = a.projection, a.brokerage
    pairs = [[_sector(x), _sector(y), n, w] for x, y, n, w in b.sector_pairs if x != y]
    same = sum(n for x, y, n, _ in b.sector_pairs if x == y)
    ranked = sorted(G, key=lambda n: (-b.cross_betweenness[n], -b.open_cross_pairs[n], -b.sectors_reached[n],
                                      G.nodes[n]["label"].casefold(), n))[:top]
    return [
        ("h3", "Ties between sectors"),
        ("p", f"{sum(r[2] for r in pairs)} of {G.number_of_edges()} ties join two different sectors; "
              f"{same} are within one sector."),
        ("table", Table(["sector", "sector", "ties", "total weight"],
                        [[x, y, n, int(w) if float(w).is_integer() else w] for x, y, n, w in pairs], (2, 3))),
        ("h3", "Top brokers"),
        ("table", Table(["#", "organisation", "sector", "sectors reached", "cross-sector ties",
                         "open cross-sector pairs (liaison / representative)", "cross-sector betweenness"],
                        [[i, _name(G, n), _sector(G.nodes[n]["sector"]), b.sectors_reached[n], b.cross_ties[n],
                          f"{b.open_cross_pairs[n]} ({b.liaison[n]} / {b.representative[n]})", b.cross_betweenness[n]]
                         for i, n in enumerate(ranked, 1)], (0, 3, 4, 6))),
    ]


def _event_name(a: NetworkAnalysis, iri: str) -> str:
    e = a.data.events[iri]
    title = textwrap.shorten(e.title, 60, placeholder="…")
    return f"{e.start.isoformat()} {title}" if e.start else title


def pair_blocks(a: NetworkAnalysis, top: int) -> list:
    G = a.projection
    events_of: dict[str, set[str]] = {}
    for ev, orgs in a.data.attendees().items():
        for o in orgs:
            events_of.setdefault(o, set()).add(ev)
    rows = []
    for i, (x, y, d) in enumerate(a.top_pairs(top), 1):
        shared = sorted(events_of[x] & events_of[y], key=lambda e: (a.data.events[e].start or e, e))
        rows.append([i, _name(G, x), _name(G, y), d["shared_events"], d["newman"],
                     "; ".join(_event_name(a, e) for e in shared)])
    return [("table", Table(["#", "organisation", "organisation", "shared events", "Newman weight", "events"],
                            rows, (0, 3, 4)))]


def funder_blocks(a: NetworkAnalysis) -> list:
    F = a.funding
    funders = sorted((n for n, d in F.nodes(data=True) if d["kind"] == "organisation"),
                     key=lambda n: (-F.degree(n), F.nodes[n]["label"].casefold(), n))
    rows = [[_name(F, f), F.degree(f), "; ".join(sorted(_event_name(a, e) for e in F[f]))] for f in funders]
    return [("p", "Funders of the events (directly, or through the project an event was delivered under). "
                  "They are not part of the co-attendance network unless they also attended."),
            ("table", Table(["funder", "events", "which"], rows, (1,)))]


def event_blocks(a: NetworkAnalysis) -> list:
    counts = {e: len(orgs) for e, orgs in a.data.attendees().items()}
    evs = sorted(a.data.events.values(), key=lambda e: (e.start is None, e.start or "", e.title))
    rows = [[e.start.isoformat() if e.start else "", e.title, e.event_type or "",
             ", ".join(x for x in (e.place, e.country) if x), counts.get(e.iri, 0),
             "" if e.participants is None else e.participants] for e in evs]
    return [("table", Table(["start", "event", "type", "place", "organisations in network", "stated participants"],
                            rows, (4, 5)))]


def note_blocks(a: NetworkAnalysis) -> list:
    notes = list(a.notes)
    notes.append("Organisation names are merged through the curated alias table (loaders/aliases.yaml); "
                 "review merges with `cthr entities --merges`.")
    notes.append("Sectors come from loaders/aliases.yaml or the name rules in loaders/sectors.yaml.")
    return [("list", notes)]


def file_blocks() -> list:
    return [("table", Table(["file", "what"], [[f, w] for f, w in REPORT_FILES.items()]))]


# ------------------------------------------------------------------- report

def render(a: NetworkAnalysis, top: int = 10, png: bytes = b"", title: str | None = None) -> tuple[str, str]:
    """(Markdown, HTML) of the report."""
    title = title or "Who meets whom: co-attendance network report"
    sections = {
        "summary": summary_blocks(a), "guide": guide_blocks(), "centrality": centrality_blocks(a, top),
        "communities": community_blocks(a), "brokers": broker_blocks(a, top), "pairs": pair_blocks(a, top),
        "funders": funder_blocks(a), "events": event_blocks(a), "notes": note_blocks(a), "files": file_blocks(),
    }
    md = Template(template("network-report.md")).substitute(
        title=title, **{k: to_markdown(v) for k, v in sections.items()})
    page = Template(template("network-report.html")).substitute(
        title=html.escape(title), png=base64.b64encode(png).decode("ascii"),
        **{k: to_html(v) for k, v in sections.items()})
    return md, page


def write_report(a: NetworkAnalysis, out_dir: str | Path, top: int = 10,
                 progress: Progress = lambda _: None) -> list[Path]:
    """Write every report file into out_dir; returns their paths.

    Everything is rendered in memory first and each file is then replaced
    atomically, so a failure while computing leaves the previous report
    untouched and a crash while writing never leaves half a file.
    """
    out = Path(out_dir)
    progress("laying out and drawing the picture")
    pos = layout(a)
    png = render_png(a, pos)
    progress("exporting GraphML, GEXF, CSV")
    sizes = {n: 5 + 45 * v / (max(a.measures["pagerank"].values()) or 1) for n, v in a.measures["pagerank"].items()}
    parts = sanitised_parts(a.projection)   # once for both files
    payload = {
        "network.png": png,
        "network.graphml": graphml_bytes(a.projection, parts),
        "network.gexf": gexf_bytes(a.projection, pos, sizes, parts),
        "organisation-event.graphml": graphml_bytes(a.bipartite),
        "nodes.csv": nodes_csv(a),
        "edges.csv": edges_csv(a),
    }
    progress("rendering report.md and report.html")
    md, page = render(a, top, png)
    payload["report.md"] = md.encode("utf-8")
    payload["report.html"] = page.encode("utf-8")
    written = []
    for name, data in payload.items():
        atomic_write(out / name, data)
        written.append(out / name)
    return written
