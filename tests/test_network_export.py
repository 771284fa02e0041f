"""The direct GraphML/GEXF writers (graph/netexport.py) give networkx's bytes for the same sanitised graph."""

from __future__ import annotations

import random
import re

import networkx as nx
import pytest
from cthr.graph import netexport as X

# Text that XML must escape, non-ASCII (written as character references),
# line breaks and tabs (escaped in attributes, split into lines in text), empty.
AWKWARD = ["a&b", "<x>", 'say "hi"', "tab\there", "two\nlines", "cr\rhere", "é ü 東京 😀", "", " ", "plain"]
VALUES = [1, 2.5, True, False, "text", None, ("b", "a"), float("nan"), 3, 0.1 + 0.2]


def _networkx_graphml(G: nx.Graph) -> bytes:
    return ("\n".join(nx.generate_graphml(X.sanitise(G))) + "\n").encode("utf-8")


def _networkx_gexf(G: nx.Graph, pos=None, sizes=None) -> bytes:
    H = X.sanitise(G)
    for n, d in X._with_viz(X.sanitised_parts(G), pos, sizes)[1]:
        if "viz" in d:
            H.nodes[n]["viz"] = d["viz"]
    text = "\n".join(nx.generate_gexf(H)) + "\n"
    return re.sub(r' lastmodifieddate="[^"]*"', "", text, count=1).encode("utf-8")


def _random_graph(rng: random.Random, directed: bool) -> nx.Graph:
    G = nx.DiGraph() if directed else nx.Graph()
    if rng.random() < 0.7:
        G.graph.update(kind=rng.choice(AWKWARD), n=rng.choice(VALUES))
    nodes = [f"{rng.choice(AWKWARD)}{i}" for i in range(rng.randint(0, 12))]
    rng.shuffle(nodes)
    for n in nodes:
        keys = rng.sample(["label", "sector", "x", "flag", "roles", "events", "note"], rng.randint(0, 6))
        G.add_node(n, **{k: rng.choice(VALUES + AWKWARD) for k in keys})
        if rng.random() < 0.5:
            G.nodes[n]["sector"] = rng.choice(["un", "security", "other", "not-a-sector"])
    for _ in range(rng.randint(0, 25) if len(nodes) > 1 else 0):
        u, v = rng.sample(nodes, 2)
        keys = rng.sample(["weight", "label", "type", "shared", "roles"], rng.randint(0, 4))
        G.add_edge(u, v, **{k: rng.choice(VALUES + AWKWARD) for k in keys})
    return G


@pytest.mark.parametrize("seed", range(120))
def test_direct_writers_give_networkx_bytes(seed):
    rng = random.Random(seed)
    G = _random_graph(rng, directed=seed % 7 == 0)
    parts = X.sanitised_parts(G)
    assert X._graphml_direct(G, parts) is not None          # the fast path, not the fallback, is compared
    assert X.graphml_bytes(G) == _networkx_graphml(G)
    pos = {n: (rng.uniform(-1, 1), rng.uniform(-1, 1)) for n in G} if seed % 2 else None
    sizes = {n: rng.uniform(5, 50) for n in G} if seed % 3 else None
    assert X._gexf_direct(G, X._with_viz(parts, pos, sizes)) is not None
    assert X.gexf_bytes(G, pos, sizes) == _networkx_gexf(G, pos, sizes)


def test_what_the_direct_writers_do_not_cover_goes_to_networkx():
    M = nx.MultiGraph()
    M.add_edge("a", "b", w=1)
    M.add_edge("a", "b", w=2)
    assert X._graphml_direct(M, X.sanitised_parts(M)) is None
    assert X.graphml_bytes(M) == _networkx_graphml(M)
    # An event's start date is a GEXF time spell: networkx makes the graph dynamic.
    B = nx.Graph()
    B.add_node("e", start="2024-01-10", label="Event")
    B.add_edge("e", "o")
    assert X._gexf_direct(B, X.sanitised_parts(B)) is None
    assert X.gexf_bytes(B) == _networkx_gexf(B)
    assert b'mode="dynamic"' in X.gexf_bytes(B)


def test_sanitise_copy_keeps_order_and_parts():
    G = nx.Graph()
    G.add_edges_from([("z", "a", {"w": 1}), ("m", "z", {"w": 2.5}), ("a", "m", {})])
    H = X.sanitise(G)
    graph, nodes, edges = X.sanitised_parts(G)
    assert list(H.nodes(data=True)) == nodes
    assert list(H.edges(data=True)) == edges
    assert {type(d["w"]) for *_, d in edges if "w" in d} == {float}
