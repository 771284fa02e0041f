"""The network picture: node layouts (ring, Kamada-Kawai, seeded spring, two-mode) and the PNG drawn with matplotlib."""

from __future__ import annotations

import io
import itertools
import math
import random
import textwrap

import networkx as nx

from .netstyle import sector_colour, sector_title, style
from .network import NetworkAnalysis, density


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
                      markeredgecolor="#333333", label=sector_title(s)) for s in present]
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
