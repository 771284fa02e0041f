"""The network report: report.md, a self-contained report.html, network.png and exports for Gephi/igraph.

Sections are built once as small blocks (paragraphs, tables, definition
lists) and rendered to Markdown and to HTML, so the two files say the same.
Page frames, the "how to read this" text and the picture's colours are data
files in graph/templates/ (network-report.md, network-report.html,
network-guide.yaml, network-style.yaml).
"""

from __future__ import annotations

import base64
import csv
import html
import io
import itertools
import math
import random
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from string import Template

import networkx as nx
import yaml

from .network import GREEDY_MAX, MEASURES, NetworkAnalysis, density, query_text
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


def _template(name: str) -> str:
    return (files("cthr.graph") / "templates" / name).read_text(encoding="utf-8")


@cache
def style() -> dict:
    return yaml.safe_load(_template("network-style.yaml"))


@cache
def guide() -> dict:
    return yaml.safe_load(_template("network-guide.yaml"))


@cache
def sector_names() -> dict[str, str]:
    """Sector concept -> its skos:prefLabel, from the packaged ontology/concepts.ttl."""
    from pyoxigraph import RdfFormat, Store

    from .vocab import PREFIXES

    store = Store()
    store.load((files("cthr.ontology") / "concepts.ttl").read_bytes(), format=RdfFormat.TURTLE)
    return {r["sector"].value: r["name"].value for r in store.query(query_text("sector-labels"), prefixes=PREFIXES)}


def sector_colour(sector: str) -> str:
    colours = style()["sectors"]
    return colours.get(sector, colours["other"])


# ------------------------------------------------------------------- blocks

@dataclass
class Table:
    columns: list[str]
    rows: list[list]
    numeric: tuple[int, ...] = ()      # column indexes to right-align


def _fmt(v) -> str:
    return f"{v:.3f}" if isinstance(v, float) else str(v)


def _md_cell(v) -> str:
    return _fmt(v).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def to_markdown(blocks: list) -> str:
    out = []
    for kind, body in blocks:
        if kind == "p":
            out.append(body)
        elif kind == "h3":
            out.append(f"### {body}")
        elif kind == "list":
            out.append("\n".join(f"- {item}" for item in body))
        elif kind == "dl":
            out.append("\n".join(f"- **{term}**: {text}" for term, text in body))
        elif kind == "table":
            t: Table = body
            if not t.rows:
                out.append("_none_")
                continue
            lines = ["| " + " | ".join(t.columns) + " |",
                     "|" + "|".join("---:" if i in t.numeric else "---" for i in range(len(t.columns))) + "|"]
            lines += ["| " + " | ".join(_md_cell(v) for v in r) + " |" for r in t.rows]
            out.append("\n".join(lines))
    return "\n\n".join(out)


def to_html(blocks: list) -> str:
    e = html.escape
    out = []
    for kind, body in blocks:
        if kind == "p":
            out.append(f"<p>{e(body)}</p>")
        elif kind == "h3":
            out.append(f"<h3>{e(body)}</h3>")
        elif kind == "list":
            out.append("<ul>" + "".join(f"<li>{e(item)}</li>" for item in body) + "</ul>")
        elif kind == "dl":
            out.append("<dl>" + "".join(f"<dt>{e(t)}</dt><dd>{e(x)}</dd>" for t, x in body) + "</dl>")
        elif kind == "table":
            t = body
            if not t.rows:
                out.append('<p class="muted">none</p>')
                continue
            head = "".join(f"<th>{e(c)}</th>" for c in t.columns)
            rows = "".join(
                "<tr>" + "".join(f'<td class="num">{e(_fmt(v))}</td>' if i in t.numeric else f"<td>{e(_fmt(v))}</td>"
                                 for i, v in enumerate(r)) + "</tr>" for r in t.rows)
            out.append(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
    return "\n".join(out)


# ----------------------------------------------------------------- sections

def _name(G: nx.Graph, n: str) -> str:
    d = G.nodes[n]
    return d["label"] if d["short"] == d["label"] else f"{d['label']} ({d['short']})"


def _sector(s: str) -> str:
    return sector_names().get(s, s)


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


# ------------------------------------------------------------------ picture

def _plot_label(text: str, width: int = 15) -> str:
    for long, short in style()["abbreviations"].items():
        text = text.replace(long, short)
    return "\n".join(textwrap.wrap(text, width, break_long_words=False)) or text


def layout(a: NetworkAnalysis, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Node positions in about [-1, 1]^2, deterministic for a given graph.

    A dense network (density >= 0.25, at most 150 organisations: typically
    a few events whose attendees all met) is drawn as a ring ordered by
    community, then sector, then name: every force layout crowds a clique
    into a blob with overlapping labels, while a ring keeps each label
    outside its node. Sparser networks get Kamada-Kawai per connected
    cluster of up to KK_MAX organisations and a seeded spring layout above
    (Kamada-Kawai's solver took 7 s on 100 organisations here, the spring
    layout 0.15 s; of the top SPRING_MAX by PageRank above that, see
    :func:`_core_layout`), clusters side by side, isolates in a row below.
    """
    G = a.projection
    if not len(G):
        return {}
    if density(G) >= 0.25 and len(G) <= 150:
        group = a.communities.membership("louvain")
        order = sorted(G, key=lambda n: (group[n], G.nodes[n]["sector"], G.nodes[n]["short"].casefold(), n))
        step = 2 * math.pi / len(order)
        # Half a step off the vertical so no node sits exactly at the top or
        # bottom, where horizontal labels would collide with their neighbours.
        return {n: (math.cos(math.pi / 2 - (i + 0.5) * step), 0.92 * math.sin(math.pi / 2 - (i + 0.5) * step))
                for i, n in enumerate(order)}
    comps = sorted((sorted(c) for c in nx.connected_components(G)), key=lambda c: (-len(c), c[0]))
    pos: dict[str, tuple[float, float]] = {}
    big = [c for c in comps if len(c) > 1]
    singles = [c[0] for c in comps if len(c) == 1]
    x = 0.0
    for c in big:
        H = G.subgraph(c)
        if len(c) <= 2:
            local = {n: (0.0, i * 0.5) for i, n in enumerate(c)}
        elif len(c) <= KK_MAX:
            local = nx.kamada_kawai_layout(H, weight=None)
        else:
            local = _core_layout(H, a.measures["pagerank"], seed)
        scale = math.sqrt(len(c))   # bigger clusters get more room
        xs = [p[0] for p in local.values()]
        shift = x - min(xs) * scale
        for n, (px, py) in local.items():
            pos[n] = (px * scale + shift, py * scale)
        x = max(p[0] for p in pos.values()) + 0.6
    for i, n in enumerate(singles):   # isolates in a row underneath
        pos[n] = (i * 0.5, min((p[1] for p in pos.values()), default=0.0) - 0.6)
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    span = max(max(xs) - min(xs), max(ys) - min(ys)) / 2 or 1.0
    return {n: ((px - cx) / span, (py - cy) / span) for n, (px, py) in pos.items()}


KK_MAX = 30         # organisations per cluster laid out by Kamada-Kawai (its solver grows fast past this)
SPRING_MAX = 1000   # organisations per cluster laid out by the spring model


def _core_layout(H: nx.Graph, rank: dict[str, float], seed: int) -> dict[str, tuple[float, float]]:
    """Seeded spring layout of the cluster's SPRING_MAX top-PageRank organisations; the rest beside their neighbours.

    networkx's spring layout is O(n^2) per iteration in Python (5 of its 50
    iterations took 37 s on 13,000 organisations); the picture labels the top 60
    anyway. Each other organisation, in PageRank order, sits at the mean of
    its placed neighbours plus a small seeded offset (deterministic).
    """
    if len(H) <= SPRING_MAX:
        return nx.spring_layout(H, seed=seed, weight="weight")
    order = sorted(H, key=lambda n: (-rank.get(n, 0.0), n))
    pos = {n: tuple(p) for n, p in nx.spring_layout(H.subgraph(order[:SPRING_MAX]), seed=seed,
                                                     weight="weight").items()}
    rng = random.Random(seed)
    for n in order[SPRING_MAX:]:
        placed = [pos[m] for m in H[n] if m in pos] or [(0.0, 0.0)]
        pos[n] = (sum(p[0] for p in placed) / len(placed) + rng.uniform(-0.05, 0.05),
                  sum(p[1] for p in placed) / len(placed) + rng.uniform(-0.05, 0.05))
    return pos


TWO_MODE_MAX_EVENTS = 12    # up to this many events (and 150 organisations) the picture is two-mode


def two_mode_layout(a: NetworkAnalysis, seed: int = 7) -> dict[str, tuple[float, float]] | None:
    """Positions for the organisation-event picture, or None where it does not apply.

    With a few events, the co-attendance projection is a union of cliques that
    hides the one thing worth seeing: which organisations were at which
    events, and which few were at several. So the events are fixed on a ring
    in date order and the organisations placed by a seeded spring layout of
    the organisation-event graph: each event's own attendees gather around it,
    the shared ones between their events.
    """
    B = a.bipartite
    events = sorted((n for n, d in B.nodes(data=True) if d.get("bipartite") == 1 and B.degree(n)),
                    key=lambda n: (B.nodes[n].get("start", ""), n))
    orgs = [n for n in a.projection if n in B]
    if not 2 <= len(events) <= TWO_MODE_MAX_EVENTS or not orgs or len(orgs) > 150:
        return None
    H = B.subgraph(events + orgs)
    step = 2 * math.pi / len(events)
    fixed = {e: (0.62 * math.cos(math.pi + i * step), 0.62 * math.sin(math.pi + i * step))
             for i, e in enumerate(events)}
    rng = random.Random(seed)
    start = {**fixed, **{o: (rng.uniform(-0.3, 0.3), rng.uniform(-0.3, 0.3)) for o in sorted(orgs)}}
    pos = nx.spring_layout(H, pos=start, fixed=events, seed=seed, k=1.6 / math.sqrt(len(H)), iterations=80)
    span = max(max(abs(x), abs(y)) for x, y in pos.values()) or 1.0
    return {n: (float(x) / span, float(y) / span) for n, (x, y) in pos.items()}


def _event_label(B: nx.Graph, e: str) -> str:
    d = B.nodes[e]
    return " ".join(x for x in (d.get("start", ""), d.get("place", "")) if x) or _plot_label(d.get("label", e), 24)


def _separate_labels(fig, texts: list, rounds: int = 80, step: float = 2.0) -> None:
    """Nudge overlapping labels apart (a few points at a time, along the line between them).

    A small, deterministic stand-in for adjustText: O(labels^2) per round,
    fine for the <= max_labels labels a picture carries. Each label is
    measured once: moving its offset by (dx, dy) points moves its box by the
    same amount in pixels times dpi/72, so the rounds shift boxes
    arithmetically instead of laying the text out again (a second each at 60
    labels).
    """
    if len(texts) < 2:
        return
    renderer = fig.canvas.get_renderer()
    boxes = [list(t.get_window_extent(renderer).padded(3).extents) for t in texts]    # x0, y0, x1, y1
    shift = [[0.0, 0.0] for _ in texts]
    px = fig.dpi / 72.0
    for _ in range(rounds):
        moved = False
        for i, j in itertools.combinations(range(len(texts)), 2):
            a, b = boxes[i], boxes[j]
            if a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]:
                continue
            dx, dy = (b[0] + b[2] - a[0] - a[2]) / 2, (b[1] + b[3] - a[1] - a[3]) / 2
            norm = math.hypot(dx, dy) or 1.0
            ux, uy = (dx / norm, dy / norm) if (dx or dy) else (0.0, 1.0)
            for k, sign in ((i, -1), (j, 1)):
                mx, my = sign * ux * step, sign * uy * step
                shift[k][0] += mx
                shift[k][1] += my
                box = boxes[k]
                box[0] += mx * px
                box[2] += mx * px
                box[1] += my * px
                box[3] += my * px
            moved = True
        if not moved:
            break
    for t, (mx, my) in zip(texts, shift):
        if mx or my:
            ox, oy = t.xyann
            t.xyann = (ox + mx, oy + my)


PICTURE_EXTRA = "the network picture needs matplotlib: pip install 'cthr-kg[network]'"


def check_matplotlib() -> None:
    """RuntimeError with the install line if matplotlib (the `network` extra) is missing."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise RuntimeError(PICTURE_EXTRA) from None


def render_png(a: NetworkAnalysis, pos: dict | None = None, size_by: str = "pagerank") -> bytes:
    """The network picture as PNG bytes (matplotlib, Agg backend).

    With 2-12 events (and at most 150 organisations) it is the two-mode view
    of :func:`two_mode_layout` (events as dark squares, a line per
    attendance); otherwise the co-attendance projection at `pos`.

    Node colour: sector (legend); node area: ``size_by``; line width and
    darkness: tie weight. Labels are acronyms where known, placed outside
    their node away from the centre and nudged apart where they collide.
    """
    check_matplotlib()
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    G = a.projection
    two = two_mode_layout(a)
    pos = two if two is not None else pos if pos is not None else layout(a)
    # 100 dpi (1300 x 1000 px): 8.5-point labels are 12 px high; 150 dpi
    # doubled the pixels to draw and compress for no label a reader missed.
    fig, ax = plt.subplots(figsize=(13, 10), dpi=100)
    # A fixed frame instead of tight_layout/bbox_inches="tight": those lay
    # every text out once more (and savefig draws the figure twice).
    fig.subplots_adjust(left=0.01, right=0.83, bottom=0.01, top=0.93)
    ax.set_axis_off()
    weighting = "shared events" if G.graph.get("weighting") == "count" else "Newman weight"
    if two is not None:
        ax.set_title(f"Organisations at events: {G.number_of_nodes()} organisations at "
                     f"{len(a.data.events)} event(s)\nnode size: {size_by}; a line: took part", fontsize=12)
    else:
        ax.set_title(f"Co-attendance: {G.number_of_nodes()} organisations at {len(a.data.events)} event(s)\n"
                     f"node size: {size_by}; line width: {weighting}", fontsize=12)
    # Limits, aspect and layout first: label positions are measured on screen.
    ax.set_xlim(-1.45, 1.45)
    ax.set_ylim(-1.3, 1.3)
    ax.set_aspect("equal")
    if not len(G):
        return _png(fig)
    values = a.measures[size_by]
    top = max(values.values()) or 1.0
    sizes = [(60 + 450 * (values[n] / top) ** 2) if two is not None else (90 + 900 * (values[n] / top) ** 2)
             for n in G]
    if two is not None:
        B = a.bipartite
        events = [n for n in pos if n not in G]
        nx.draw_networkx_edges(B.subgraph(list(pos)), pos, ax=ax, edge_color="#8a8a8a", width=0.8, alpha=0.6)
        nx.draw_networkx_nodes(B, pos, nodelist=events, ax=ax, node_shape="s", node_size=700,
                               node_color="#444444", edgecolors="#111111")
        for e in events:
            ax.annotate(_event_label(B, e), pos[e], xytext=(0, -20), textcoords="offset points", ha="center",
                        va="top", fontsize=9.5, fontweight="bold", color="#111111", zorder=6,
                        bbox=dict(boxstyle="round,pad=0.2", fc="white", ec="#444444", alpha=0.9))
    else:
        weights = [d["weight"] for _, _, d in G.edges(data=True)]
        wmax = max(weights, default=1.0)
        nx.draw_networkx_edges(G, pos, ax=ax, edge_color="#8a8a8a",
                               width=[0.4 + 3.0 * w / wmax for w in weights],
                               alpha=[min(0.9, 0.12 + 0.7 * (w / wmax) ** 2) for w in weights])
    nx.draw_networkx_nodes(G, pos, nodelist=list(G), ax=ax, node_size=sizes, linewidths=0.8, edgecolors="#333333",
                           node_color=[sector_colour(G.nodes[n]["sector"]) for n in G])
    present = sorted({G.nodes[n]["sector"] for n in G})
    handles = [Line2D([], [], marker="o", linestyle="", markersize=9, markerfacecolor=sector_colour(s),
                      markeredgecolor="#333333", label=_sector(s)) for s in present]
    ax.legend(handles=handles, title="sector", loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False,
              fontsize=9, title_fontsize=10)
    labelled = set(sorted(G, key=lambda n: (-values[n], n))[:style()["max_labels"]])
    texts = []
    for n, size in zip(G, sizes):
        if n not in labelled:
            continue
        x, y = dx, dy = pos[n]
        if two is not None:     # away from the events it attended, not from the picture's centre
            anchors = [pos[e] for e in a.bipartite[n] if e in pos] or [(0.0, 0.0)]
            dx -= sum(p[0] for p in anchors) / len(anchors)
            dy -= sum(p[1] for p in anchors) / len(anchors)
        r = math.hypot(dx, dy) or 1.0
        off = math.sqrt(size) / 2 + 3   # marker radius in points, plus a gap
        texts.append(ax.annotate(
            _plot_label(G.nodes[n]["short"]), (x, y), xytext=(off * dx / r, off * dy / r), textcoords="offset points",
            ha="left" if dx / r > 0.3 else "right" if dx / r < -0.3 else "center",
            va="bottom" if dy / r > 0.3 else "top" if dy / r < -0.3 else "center",
            fontsize=8.5, color="#111111", zorder=5,
            bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.75)))
    _separate_labels(fig, texts)
    return _png(fig)


def _png(fig) -> bytes:
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    # compress_level 3: about as small as the default 6 for a mostly white picture, in half the time.
    fig.savefig(buf, format="png", metadata={"Software": None}, pil_kwargs={"compress_level": 3})
    plt.close(fig)
    return buf.getvalue()


# ------------------------------------------------------------------ exports

def sanitise(G: nx.Graph, keep_viz: bool = False) -> nx.Graph:
    """A copy whose attributes GraphML/GEXF writers accept (networkx #4023, #8549).

    None values are dropped; lists, tuples and sets become ";"-joined text;
    other non-scalar values become text; non-finite floats are dropped; an
    attribute that is int on some elements and float on others becomes
    float everywhere (a GraphML key has one type).
    """
    def clean(d: dict) -> dict:
        out = {}
        for k, v in d.items():
            if k == "viz" and keep_viz:
                out[k] = v
            elif v is None or (isinstance(v, float) and not math.isfinite(v)):
                continue
            elif isinstance(v, (list, tuple, set, frozenset)):
                out[k] = ";".join(sorted(map(str, v)))
            elif isinstance(v, (bool, int, float, str)):
                out[k] = v.item() if hasattr(v, "item") else v
            else:
                out[k] = str(v)
        return out

    H = G.__class__()
    H.graph.update(clean(G.graph))
    H.add_nodes_from((n, clean(d)) for n, d in G.nodes(data=True))
    H.add_edges_from((u, v, clean(d)) for u, v, d in G.edges(data=True))
    for items in (H.nodes(data=True), H.edges(data=True)):
        kinds: dict[str, set] = {}
        for *_, d in items:
            for k, v in d.items():
                kinds.setdefault(k, set()).add(type(v))
        for k, ts in kinds.items():
            if ts == {int, float}:
                for *_, d in items:
                    if k in d:
                        d[k] = float(d[k])
            elif len(ts) > 1 and k != "viz":
                for *_, d in items:
                    if k in d:
                        d[k] = str(d[k])
    return H


def graphml_bytes(G: nx.Graph) -> bytes:
    return ("\n".join(nx.generate_graphml(sanitise(G))) + "\n").encode("utf-8")


def gexf_bytes(G: nx.Graph, pos: dict | None = None, sizes: dict | None = None) -> bytes:
    H = sanitise(G)
    for n in H:
        viz = {}
        if pos and n in pos:
            viz["position"] = {"x": float(pos[n][0] * 1000), "y": float(pos[n][1] * 1000), "z": 0.0}
        if "sector" in H.nodes[n]:
            c = sector_colour(H.nodes[n]["sector"]).lstrip("#")
            viz["color"] = {"r": int(c[0:2], 16), "g": int(c[2:4], 16), "b": int(c[4:6], 16), "a": 1.0}
        if sizes and n in sizes:
            viz["size"] = float(sizes[n])
        if viz:
            H.nodes[n]["viz"] = viz
    text = "\n".join(nx.generate_gexf(H)) + "\n"
    # networkx stamps today's date into <meta>; drop it so the same graph gives the same bytes.
    return re.sub(r' lastmodifieddate="[^"]*"', "", text, count=1).encode("utf-8")


def _csv(header: list[str], rows: list[list]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue().encode("utf-8")


def nodes_csv(a: NetworkAnalysis) -> bytes:
    rows = a.node_table()
    header = list(rows[0]) if rows else ["id", "label", "short", "sector", "events", *MEASURES]
    return _csv(header, [[r[h] for h in header] for r in rows])


def edges_csv(a: NetworkAnalysis) -> bytes:
    G = a.projection
    header = ["source", "target", "source_label", "target_label", "weight", "shared_events", "newman",
              "cross_sector"]
    rows = [[u, v, G.nodes[u]["label"], G.nodes[v]["label"], d["weight"], d["shared_events"], d["newman"],
             G.nodes[u]["sector"] != G.nodes[v]["sector"]]
            for u, v, d in sorted(G.edges(data=True), key=lambda e: (e[0], e[1]))]
    return _csv(header, rows)


# ------------------------------------------------------------------- report

def render(a: NetworkAnalysis, top: int = 10, png: bytes = b"", title: str | None = None) -> tuple[str, str]:
    """(Markdown, HTML) of the report."""
    title = title or "Who meets whom: co-attendance network report"
    sections = {
        "summary": summary_blocks(a), "guide": guide_blocks(), "centrality": centrality_blocks(a, top),
        "communities": community_blocks(a), "brokers": broker_blocks(a, top), "pairs": pair_blocks(a, top),
        "funders": funder_blocks(a), "events": event_blocks(a), "notes": note_blocks(a), "files": file_blocks(),
    }
    md = Template(_template("network-report.md")).substitute(
        title=title, **{k: to_markdown(v) for k, v in sections.items()})
    page = Template(_template("network-report.html")).substitute(
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
    payload = {
        "network.png": png,
        "network.graphml": graphml_bytes(a.projection),
        "network.gexf": gexf_bytes(a.projection, pos, sizes),
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
