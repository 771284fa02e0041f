"""Network exports: GraphML and GEXF (for Gephi, igraph, yEd, NetworkX) and the CSV tables of a report.

The XML is written directly, line by line, giving the bytes networkx's
``generate_graphml``/``generate_gexf`` give for the same sanitised graph
(its pretty-printing, key and attribute numbering, escaping, non-ASCII as
character references; tests/test_network_export.py compares them). networkx
builds an ElementTree first and serialises it in Python: 13 s of a 42 s
`cthr network report` at 1M triples (13,000 organisations, 133,000 ties).
A graph using what the direct writer does not cover (multigraphs, defaults,
GEXF time spells, parents, explicit ids) goes to networkx itself.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Callable

import networkx as nx

from .netstyle import sector_colour

Parts = tuple[dict, list[tuple], list[tuple]]   # graph attributes, (node, data), (u, v, data)
_SCALARS = (bool, int, float, str)


def _clean(d: dict, keep_viz: bool = False) -> dict:
    out = {}
    for k, v in d.items():
        if k == "viz" and keep_viz:
            out[k] = v
        elif v is None or (isinstance(v, float) and not math.isfinite(v)):
            continue
        elif isinstance(v, (list, tuple, set, frozenset)):
            out[k] = ";".join(sorted(map(str, v)))
        elif isinstance(v, _SCALARS):
            out[k] = v.item() if hasattr(v, "item") else v
        else:
            out[k] = str(v)
    return out


def _unify(dicts: list[dict]) -> None:
    """An attribute that is int on some elements and float on others becomes float; other mixes text."""
    kinds: dict[str, set] = {}
    for d in dicts:
        for k, v in d.items():
            kinds.setdefault(k, set()).add(type(v))
    for k, ts in kinds.items():
        if ts == {int, float}:
            conv: Callable | None = float
        elif len(ts) > 1 and k != "viz":
            conv = str
        else:
            continue
        for d in dicts:
            if k in d:
                d[k] = conv(d[k])


def sanitised_parts(G: nx.Graph, keep_viz: bool = False) -> Parts:
    """What :func:`sanitise` puts in its copy, as lists in the graph's own order (no graph built)."""
    nodes = [(n, _clean(d, keep_viz)) for n, d in G.nodes(data=True)]
    edges = [(u, v, _clean(d, keep_viz)) for u, v, d in G.edges(data=True)]
    _unify([d for _, d in nodes])
    _unify([d for *_, d in edges])
    return _clean(G.graph, keep_viz), nodes, edges


def sanitise(G: nx.Graph, keep_viz: bool = False) -> nx.Graph:
    """A copy whose attributes GraphML/GEXF writers accept (networkx #4023, #8549).

    None values are dropped; lists, tuples and sets become ";"-joined text;
    other non-scalar values become text; non-finite floats are dropped; an
    attribute that is int on some elements and float on others becomes
    float everywhere (a GraphML key has one type).
    """
    graph, nodes, edges = sanitised_parts(G, keep_viz)
    H = G.__class__()
    H.graph.update(graph)
    H.add_nodes_from(nodes)
    H.add_edges_from(edges)
    return H


# ----------------------------------------------------------- XML, as ElementTree writes it

def _attr(text: str) -> str:
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if '"' in text:
        text = text.replace('"', "&quot;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    if "\n" in text:
        text = text.replace("\n", "&#10;")
    if "\t" in text:
        text = text.replace("\t", "&#09;")
    return text


def _text(text: str) -> str:
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def _finish(lines: list[str]) -> bytes:
    # ElementTree.tostring writes US-ASCII with character references; networkx's
    # generators then split the text into lines (str.splitlines) and we join them with "\n".
    text = "\n".join(lines).encode("ascii", "xmlcharrefreplace").decode("ascii")
    return ("\n".join(text.splitlines()) + "\n").encode("utf-8")


def _element(indent: str, open_tag: str, close_tag: str, children: list[str], out: list[str]) -> None:
    if children:
        out.append(f"{indent}<{open_tag}>")
        out.extend(children)
        out.append(f"{indent}</{close_tag}>")
    else:
        out.append(f"{indent}<{open_tag} />")


def _leaf(indent: str, tag: str, attrs: str, text: str) -> str:
    return f"{indent}<{tag}{attrs}>{_text(text)}</{tag}>" if text else f"{indent}<{tag}{attrs} />"


def _scalar_values(parts: Parts) -> bool:
    graph, nodes, edges = parts
    return (all(type(v) in _SCALARS for v in graph.values())
            and all(type(v) in _SCALARS for _, d in nodes for v in d.values())
            and all(type(v) in _SCALARS for *_, d in edges for v in d.values()))


# --------------------------------------------------------------------------- GraphML

_GRAPHML_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}


def _graphml_direct(G: nx.Graph, parts: Parts) -> bytes | None:
    graph, nodes, edges = parts
    if G.is_multigraph() or {"id", "node_default", "edge_default"} & set(graph) or not _scalar_values(parts):
        return None
    keys: dict[tuple[str, str, str], str] = {}
    key_lines: list[str] = []

    def data(d: dict, scope: str, indent: str) -> list[str]:
        out = []
        for k, v in d.items():
            name, xtype = str(k), _GRAPHML_TYPES[type(v)]
            kid = keys.get((name, xtype, scope))
            if kid is None:
                kid = keys[name, xtype, scope] = f"d{len(keys)}"
                key_lines.append(f'  <key id="{kid}" for="{scope}" attr.name="{_attr(name)}" attr.type="{xtype}" />')
            out.append(_leaf(indent, "data", f' key="{kid}"', str(v)))
        return out

    graph_data = data(graph, "graph", "    ")   # keyed first, written last (as networkx does)
    body: list[str] = []
    for n, d in nodes:
        _element("    ", f'node id="{_attr(str(n))}"', "node", data(d, "node", "      "), body)
    for u, v, d in edges:
        _element("    ", f'edge source="{_attr(str(u))}" target="{_attr(str(v))}"', "edge",
                 data(d, "edge", "      "), body)
    body += graph_data
    lines = ['<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
             'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
             'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
             'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">']
    lines += reversed(key_lines)   # networkx inserts each new key first
    _element("  ", f'graph edgedefault="{"directed" if G.is_directed() else "undirected"}"', "graph", body, lines)
    lines.append("</graphml>")
    return _finish(lines)


def graphml_bytes(G: nx.Graph, parts: Parts | None = None) -> bytes:
    """GraphML of G after :func:`sanitise`: networkx's bytes, written directly when the graph allows.

    ``parts``: :func:`sanitised_parts` of G when already computed (they are not changed).
    """
    direct = _graphml_direct(G, parts or sanitised_parts(G))
    if direct is not None:
        return direct
    return ("\n".join(nx.generate_graphml(sanitise(G))) + "\n").encode("utf-8")


# ------------------------------------------------------------------------------ GEXF

_GEXF_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}
_GEXF_NS = "http://www.gexf.net/1.2draft"
# Keys networkx's GEXF writer treats specially and the direct writer leaves to it.
_GEXF_NODE_SPECIAL = {"id", "pid", "start", "end", "parents", "spells", "key"}
_GEXF_EDGE_SPECIAL = {"id", "start", "end", "spells", "viz", "key"}


def _gexf_value(v) -> str:
    if isinstance(v, bool):
        return str(v).lower()
    s = str(v)
    if type(v) is float:
        s = {"inf": "INF", "nan": "NaN", "-inf": "-INF"}.get(s, s)
    return s


def _viz(viz: dict, indent: str) -> list[str]:
    out = []
    if (c := viz.get("color")) is not None:
        out.append(f'{indent}<viz:color r="{_attr(str(c.get("r")))}" g="{_attr(str(c.get("g")))}" '
                   f'b="{_attr(str(c.get("b")))}" a="{_attr(str(c.get("a", 1.0)))}" />')
    for what in ("size", "thickness"):
        if (x := viz.get(what)) is not None:
            out.append(f'{indent}<viz:{what} value="{_attr(str(x))}" />')
    if (shape := viz.get("shape")) is not None:
        out.append(f'{indent}<viz:shape value="image" uri="{_attr(str(shape))}" />' if shape.startswith("http")
                   else f'{indent}<viz:shape value="{_attr(str(shape))}" />')
    if (p := viz.get("position")) is not None:
        out.append(f'{indent}<viz:position x="{_attr(str(p.get("x")))}" y="{_attr(str(p.get("y")))}" '
                   f'z="{_attr(str(p.get("z")))}" />')
    return out


def _gexf_direct(G: nx.Graph, parts: Parts) -> bytes | None:
    graph, nodes, edges = parts
    plain = lambda d: {k: v for k, v in d.items() if k != "viz"}
    if (G.is_multigraph() or {"node_default", "edge_default", "mode"} & set(graph)
            or not isinstance(graph.get("name", ""), str)
            or any(_GEXF_NODE_SPECIAL & set(d) for _, d in nodes)
            or any(_GEXF_EDGE_SPECIAL & set(d) for *_, d in edges)
            or not _scalar_values(({}, [(n, plain(d)) for n, d in nodes], edges))
            or any(not isinstance(d["viz"], dict) for _, d in nodes if d.get("viz"))):
        return None
    ids: dict[str, dict[str, str]] = {"node": {}, "edge": {}}
    declared: dict[str, list[str]] = {"node": [], "edge": []}
    order: list[str] = []           # classes in the order their <attributes> were first needed

    def attvalues(d: dict, cls: str, indent: str) -> list[str]:
        if not d:
            return []
        out = [f"{indent}<attvalues>"]
        for k, v in d.items():
            title = str(k)
            aid = ids[cls].get(title)
            if aid is None:
                aid = ids[cls][title] = str(sum(len(x) for x in ids.values()))
                declared[cls].append(f'      <attribute id="{aid}" title="{_attr(title)}" '
                                     f'type="{_GEXF_TYPES[type(v)]}" />')
                if cls not in order:
                    order.append(cls)
            out.append(f'{indent}  <attvalue for="{aid}" value="{_attr(_gexf_value(v))}" />')
        out.append(f"{indent}</attvalues>")
        return out

    used_viz = False
    node_lines: list[str] = []
    for n, d in nodes:
        d = dict(d)
        label = str(d.pop("label", n))
        children = []
        viz = d.pop("viz", False)
        if viz:
            children = _viz(viz, "        ")
            used_viz = used_viz or bool(children)
        children += attvalues(d, "node", "        ")
        _element("      ", f'node id="{_attr(str(n))}" label="{_attr(label)}"', "node", children, node_lines)
    edge_lines: list[str] = []
    for i, (u, v, d) in enumerate(edges):
        d = dict(d)
        extra = "".join(f' {k}="{_attr(str(d.pop(k)))}"' for k in ("label", "weight", "type") if k in d)
        _element("      ", f'edge source="{_attr(str(u))}" target="{_attr(str(v))}" id="{i}"{extra}', "edge",
                 attvalues(d, "edge", "        "), edge_lines)
    graph_body: list[str] = []
    for cls in reversed(order):     # networkx inserts each class's <attributes> first
        _element("    ", f'attributes mode="static" class="{cls}"', "attributes", declared[cls], graph_body)
    _element("    ", "nodes", "nodes", node_lines, graph_body)
    _element("    ", "edges", "edges", edge_lines, graph_body)
    viz_ns = f'xmlns:viz="{_GEXF_NS}/viz" ' if used_viz else ""
    lines = [f'<gexf {viz_ns}xmlns="{_GEXF_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
             f'xsi:schemaLocation="{_GEXF_NS} {_GEXF_NS}/gexf.xsd" version="1.2">',
             "  <meta>", f"    <creator>{_text(f'NetworkX {nx.__version__}')}</creator>", "  </meta>"]
    _element("  ", f'graph defaultedgetype="{"directed" if G.is_directed() else "undirected"}" mode="static" '
                   f'name="{_attr(graph.get("name", ""))}"', "graph", graph_body, lines)
    lines.append("</gexf>")
    return _finish(lines)


def _with_viz(parts: Parts, pos: dict | None, sizes: dict | None) -> Parts:
    graph, nodes, edges = parts
    out = []
    for n, d in nodes:
        viz = {}
        if pos and n in pos:
            viz["position"] = {"x": float(pos[n][0] * 1000), "y": float(pos[n][1] * 1000), "z": 0.0}
        if "sector" in d:
            c = sector_colour(d["sector"]).lstrip("#")
            viz["color"] = {"r": int(c[0:2], 16), "g": int(c[2:4], 16), "b": int(c[4:6], 16), "a": 1.0}
        if sizes and n in sizes:
            viz["size"] = float(sizes[n])
        out.append((n, {**d, "viz": viz} if viz else d))
    return graph, out, edges


def gexf_bytes(G: nx.Graph, pos: dict | None = None, sizes: dict | None = None,
               parts: Parts | None = None) -> bytes:
    """GEXF of G after :func:`sanitise`, with the picture's positions, sector colours and node sizes."""
    parts = _with_viz(parts or sanitised_parts(G), pos, sizes)
    text = _gexf_direct(G, parts)
    if text is not None:
        return text
    H = sanitise(G)
    for n, d in parts[1]:
        if "viz" in d:
            H.nodes[n]["viz"] = d["viz"]
    text = "\n".join(nx.generate_gexf(H)) + "\n"
    # networkx stamps today's date into <meta>; drop it so the same graph gives the same bytes.
    return re.sub(r' lastmodifieddate="[^"]*"', "", text, count=1).encode("utf-8")


# ------------------------------------------------------------------------------- CSV

def csv_bytes(header: list[str], rows) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue().encode("utf-8")


def nodes_csv(a) -> bytes:
    """One row per organisation of a NetworkAnalysis with every measure."""
    from .centrality import MEASURES

    rows = a.node_table()
    header = list(rows[0]) if rows else ["id", "label", "short", "sector", "events", *MEASURES]
    return csv_bytes(header, [[r[h] for h in header] for r in rows])


def edges_csv(a) -> bytes:
    """One row per co-attending pair of a NetworkAnalysis, sorted by IRIs."""
    G = a.projection
    nodes = G.nodes
    header = ["source", "target", "source_label", "target_label", "weight", "shared_events", "newman",
              "cross_sector"]
    rows = [[u, v, nodes[u]["label"], nodes[v]["label"], d["weight"], d["shared_events"], d["newman"],
             nodes[u]["sector"] != nodes[v]["sector"]]
            for u, v, d in sorted(G.edges(data=True), key=lambda e: (e[0], e[1]))]
    return csv_bytes(header, rows)
