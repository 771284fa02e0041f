"""Tests for the co-attendance network, its analysis and the report (cthr.graph.network, .report, `cthr network`)."""

from __future__ import annotations

import csv
import io
import itertools
import math
import struct
import xml.etree.ElementTree as ET
from datetime import date

import networkx as nx
import numpy as np
import pytest
from click.testing import CliRunner
from cthr.graph import network as N
from cthr.graph.build import build
from cthr.graph.report import (
    gexf_bytes,
    graphml_bytes,
    layout,
    render_png,
    sanitise,
    two_mode_layout,
    write_report,
)

from cthr.cli import main, open_graph

# A hand-made corpus whose network is small enough to compute by hand.
#   e1 (2024-01-10, Testville, workshop):  A, B, C  (+ Norway funds it, F publishes)
#   e2 (2024-06-01, Othertown, training):  C, D
#   e3 (2025-03-01, Testville, workshop):  D, and E through a person speaking on its behalf
#   e4 (2025-09-01, Othertown, seminar):   A, B     (funded by Norway directly)
# Projection (shared events): A-B 2, A-C 1, B-C 1, C-D 1, D-E 1.
# Sectors (loaders/sectors.yaml name rules): A government, B security,
# C academia, D judiciary, E security.
HAND = """\
source:
  title: Hand-made network test records
events:
  - {key: e1, title: Event one, start: 2024-01-10, place: Testville, country: Testland, event_type: workshop}
  - {key: e2, title: Event two, start: 2024-06-01, place: Othertown, country: Testland, event_type: training}
  - {key: e3, title: Event three, start: 2025-03-01, place: Testville, country: Testland, event_type: workshop}
  - {key: e4, title: Event four, start: 2025-09-01, end: 2025-09-02, place: Othertown, country: Testland,
     event_type: seminar}
organisations:
  - {name: Ministry of Tests, acronym: MOT}
  - {name: Tests Police}
  - {name: Tests University}
  - {name: Tests Court}
  - {name: Tests Border Police, acronym: TBP}
  - {name: Tests Publishing Foundation}
  - {name: Norway}
persons:
  - {name: Jane Doe, organisation: Tests Border Police, role: Officer}
participations:
  - {event: e1, agent: Ministry of Tests, roles: [organiser]}
  - {event: e1, agent: Tests Police, roles: [participant]}
  - {event: e1, agent: Tests University, roles: [host, participant]}
  - {event: e1, agent: Norway, roles: [funder]}
  - {event: e1, agent: Tests Publishing Foundation, roles: [publisher]}
  - {event: e2, agent: Tests University, roles: [participant]}
  - {event: e2, agent: Tests Court, roles: [participant]}
  - {event: e3, agent: Tests Court, roles: [participant]}
  - {event: e3, agent: Jane Doe, agent_kind: person, roles: [speaker], on_behalf_of: Tests Border Police}
  - {event: e4, agent: Ministry of Tests, roles: [partner]}
  - {event: e4, agent: Tests Police, roles: [participant]}
fundings:
  - {funder: Norway, event: e4}
"""


@pytest.fixture(scope="module")
def hand(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hand")
    records = tmp / "hand.yaml"
    records.write_text(HAND, encoding="utf-8")
    result = build([records], store=tmp / "store", out=tmp / "hand.ttl")
    assert result.ok, result.report.text()
    graph = open_graph(str(tmp / "store"), None)
    data = N.load_network_data(graph)
    by_label = {o.label: iri for iri, o in data.organisations.items()}
    names = {"A": "Ministry of Tests", "B": "Tests Police", "C": "Tests University", "D": "Tests Court",
             "E": "Tests Border Police", "F": "Tests Publishing Foundation", "X": "Norway"}
    ids = {k: by_label[v] for k, v in names.items()}
    return {"tmp": tmp, "graph": graph, "data": data, "ids": ids, "analysis": N.analyse(data)}


def _named(values: dict, ids: dict) -> dict:
    back = {v: k for k, v in ids.items()}
    return {back[n]: v for n, v in values.items()}


# ------------------------------------------------------------- hand-made graph

def test_attendance_roles_and_representation(hand):
    ids, B = hand["ids"], hand["analysis"].bipartite
    orgs = {n for n, d in B.nodes(data=True) if d["kind"] == "organisation"}
    # funder and publisher do not attend; E attends only through its speaker
    assert orgs == {ids[k] for k in "ABCDE"}
    e3 = next(e for e, d in B.nodes(data=True) if d.get("label") == "Event three")
    assert B.edges[ids["E"], e3]["roles"] == ("speaker",) and B.edges[ids["E"], e3]["persons"] == 1
    e1 = next(e for e, d in B.nodes(data=True) if d.get("label") == "Event one")
    assert B.edges[ids["C"], e1]["roles"] == ("host", "participant")
    assert nx.is_bipartite(B)


def test_projection_weights_by_hand(hand):
    G, ids = hand["analysis"].projection, hand["ids"]
    got = {frozenset(_named({u: 1, v: 1}, ids)): (d["shared_events"], d["newman"], d["weight"])
           for u, v, d in G.edges(data=True)}
    # Newman: e1 has 3 attendees -> 1/2 per pair; e2, e3, e4 have 2 -> 1
    assert got == {frozenset("AB"): (2, 1.5, 2.0), frozenset("AC"): (1, 0.5, 1.0), frozenset("BC"): (1, 0.5, 1.0),
                   frozenset("CD"): (1, 1.0, 1.0), frozenset("DE"): (1, 1.0, 1.0)}
    newman = N.co_attendance(hand["data"], "newman")
    assert newman.edges[ids["A"], ids["B"]]["weight"] == 1.5
    assert newman.edges[ids["A"], ids["C"]]["distance"] == 2.0


def test_centralities_by_hand(hand):
    a, ids = hand["analysis"], hand["ids"]
    m = {k: _named(v, ids) for k, v in a.measures.items()}
    assert m["degree"] == {"A": 2, "B": 2, "C": 3, "D": 2, "E": 1}
    assert m["strength"] == {"A": 3, "B": 3, "C": 3, "D": 2, "E": 1}
    # C lies on A-D, A-E, B-D, B-E; D on A-E, B-E, C-E; of (5-1)(5-2)/2 = 6 pairs
    assert m["betweenness"] == pytest.approx({"A": 0, "B": 0, "C": 4 / 6, "D": 3 / 6, "E": 0})
    # distances: A-B 1/2, every other tie 1. A: B .5, C 1, D 2, E 3 -> 4/6.5; D: C 1, E 1, A 2, B 2 -> 4/6
    assert m["closeness"] == pytest.approx({"A": 4 / 6.5, "B": 4 / 6.5, "C": 4 / 5, "D": 4 / 6, "E": 4 / 9})
    # eigenvector: leading eigenvector of the weighted adjacency matrix, top = 1
    order = [ids[k] for k in "ABCDE"]
    adj = nx.to_numpy_array(a.projection, nodelist=order, weight="weight")
    vals, vecs = np.linalg.eigh(adj)
    lead = np.abs(vecs[:, np.argmax(vals)])
    assert [m["eigenvector"][k] for k in "ABCDE"] == pytest.approx(list(lead / lead.max()))
    assert sum(m["pagerank"].values()) == pytest.approx(1.0)


def test_brokerage_by_hand(hand):
    b, ids = hand["analysis"].brokerage, hand["ids"]
    # C (academia) met A (government), B and, separately, D (judiciary): A-D and B-D never met
    assert _named(b.liaison, ids) == {"A": 0, "B": 0, "C": 2, "D": 1, "E": 0}
    assert _named(b.representative, ids) == {"A": 0, "B": 0, "C": 0, "D": 0, "E": 0}
    assert _named(b.sectors_reached, ids) == {"A": 2, "B": 2, "C": 3, "D": 2, "E": 1}
    # B and E are both security: their pair is not cross-sector. C is on A-D, A-E, B-D of
    # the 5 cross-sector pairs without C; D on A-E, C-E of the 5 without D.
    assert _named(b.cross_betweenness, ids) == pytest.approx({"A": 0, "B": 0, "C": 3 / 5, "D": 2 / 5, "E": 0})
    pairs = {(x, y): n for x, y, n, _ in b.sector_pairs}
    assert pairs[("academia", "judiciary")] == 1 and pairs[("government", "security")] == 1


def test_brokerage_matches_brute_force_on_random_graphs():
    for seed in range(15):
        G = nx.relabel_nodes(nx.gnp_random_graph(11, 0.35, seed=seed), lambda i: f"n{i:02d}")
        rng = np.random.default_rng(seed)
        for n in G:
            G.nodes[n]["sector"] = str(rng.choice(["gov", "un", "eu"]))
        nx.set_edge_attributes(G, 1.0, "weight")
        nx.set_edge_attributes(G, 1.0, "distance")
        b = N.brokerage(G)
        sec = nx.get_node_attributes(G, "sector")
        sizes = {s: list(sec.values()).count(s) for s in set(sec.values())}
        for v in G:
            lia = rep = 0
            for x, y in itertools.combinations(G[v], 2):
                if sec[x] != sec[y] and not G.has_edge(x, y):
                    rep, lia = (rep + 1, lia) if sec[v] in (sec[x], sec[y]) else (rep, lia + 1)
            assert (b.liaison[v], b.representative[v]) == (lia, rep)
            through = 0.0
            for s, t in itertools.combinations(sorted(G), 2):
                if v in (s, t) or sec[s] == sec[t] or not nx.has_path(G, s, t):
                    continue
                paths = list(nx.all_shortest_paths(G, s, t))
                through += sum(v in p for p in paths) / len(paths)
            pairs = sum(sizes[x] * sizes[y] for x, y in itertools.combinations(sorted(sizes), 2)) \
                - (len(G) - sizes[sec[v]])
            assert b.cross_betweenness[v] == pytest.approx(through / pairs if pairs else 0.0)


def test_filters(hand):
    graph, ids = hand["graph"], hand["ids"]

    def orgs(**kw):
        d = N.load_network_data(graph, N.NetworkFilter(**kw))
        return {k for k, v in ids.items() if v in {a.org for a in d.attendance}}, len(d.events)

    assert orgs(start=date(2025, 1, 1)) == (set("ABDE"), 2)
    assert orgs(end=date(2024, 12, 31)) == (set("ABCD"), 2)
    assert orgs(start=date(2025, 9, 2), end=date(2025, 9, 30)) == (set("AB"), 1)   # e4 ends on the 2nd
    assert orgs(place="othertown") == (set("ABCD"), 2)
    assert orgs(place="Testland") == (set("ABCDE"), 4)
    assert orgs(event_types=frozenset({"workshop"})) == (set("ABCDE"), 2)
    assert orgs(funder="Norway") == (set("ABC"), 2)        # e1 through its funder participation, e4 by funding
    assert orgs(roles=frozenset({"organiser", "partner"})) == (set("A"), 4)
    assert orgs(roles=N.ATTENDING_ROLES | {"funder"})[0] == set("ABCDEX")
    for bad, message in [({"funder": "Japan"}, "no funder named"), ({"place": "Paris"}, "no event takes place"),
                         ({"roles": frozenset({"guest"})}, "unknown role"),
                         ({"event_types": frozenset({"party"})}, "unknown event type"),
                         ({"start": date(2025, 1, 1), "end": date(2024, 1, 1)}, "date range is empty")]:
        with pytest.raises(N.NetworkError, match=message):
            N.load_network_data(graph, N.NetworkFilter(**bad))


def test_other_views(hand):
    ids = hand["ids"]
    M = N.membership_network(hand["graph"])
    person = next(n for n, d in M.nodes(data=True) if d["kind"] == "person")
    assert M.nodes[person]["label"] == "Jane Doe" and set(M[person]) == {ids["E"]}
    assert M.edges[person, ids["E"]]["post"] == "Officer"
    F = hand["analysis"].funding
    assert {n for n, d in F.nodes(data=True) if d["kind"] == "organisation"} == {ids["X"]}
    assert F.degree(ids["X"]) == 2


def test_short_labels():
    assert N.short_label("Office of the National Security Advisory", ["NSA", "ONSA", "National Security Advisory"]) \
        == "ONSA"
    assert N.short_label("Baghdad University", ["Baghdad University"]) == "Baghdad University"
    # Hyphenated words give an initial a part; an alias's acronym in another language loses.
    assert N.short_label("Agency for Counter-Narcotics Cooperation", ["ACNC", "BCN"]) == "ACNC"
    assert N.short_label("National Fisheries and Ocean Office of Ruritania", ["BPN", "NFOO"]) == "NFOO"
    assert N.short_label("International Institute for Justice and the Rule of Law", ["IIJ"]) == "IIJ"


def test_small_and_degenerate_graphs_do_not_crash():
    def analysed(edges, nodes=()):
        G = nx.Graph()
        G.add_nodes_from(nodes)
        G.add_edges_from(edges, weight=1.0, distance=1.0)
        for n in G:
            G.nodes[n].update(sector="other", label=n, short=n, events=1)
        return N.centralities(G)[0], N.communities(G), N.brokerage(G)

    for edges, nodes in [([], []), ([], ["a"]), ([], ["a", "b"]), ([("a", "b")], []),
                         ([("a", "b"), ("c", "d")], ["e"]), ([("a", "b"), ("b", "c")], [])]:
        measures, comms, _ = analysed(edges, nodes)
        assert set(measures) == set(N.MEASURES)
        assert sorted(n for p in comms.louvain for n in p) == sorted({*nodes, *itertools.chain(*edges)})
    # two components of different size: eigenvector is per component, scaled by size
    measures, *_ = analysed([("a", "b"), ("b", "c"), ("c", "a"), ("d", "e")])
    assert measures["eigenvector"] == pytest.approx({"a": 1, "b": 1, "c": 1, "d": 2 / 3, "e": 2 / 3})


_EIGENVECTOR_RUN = """
import random, sys
import networkx as nx
from cthr.graph.centrality import eigenvector_by_component
G = nx.connected_watts_strogatz_graph(900, 8, 0.3, seed=int(sys.argv[1]))
G.add_edges_from([(2000, 2001), (2001, 2002), (2002, 2000), (2002, 2003)])   # a second cluster
rnd = random.Random(5)
for u, v in G.edges():
    G[u][v]["weight"] = float(rnd.randint(1, 9))
G = nx.relabel_nodes(G, {n: f"org-{n:04d}" for n in G})
print(repr(sorted(eigenvector_by_component(G)[0].items())))
"""


def test_eigenvector_centrality_has_the_same_bits_in_every_process():
    """ARPACK from a fixed start vector: networkx's random start changed the last digits between runs."""
    import subprocess
    import sys

    from helpers import ENV

    runs = [subprocess.run([sys.executable, "-c", _EIGENVECTOR_RUN, "3"], capture_output=True, text=True,
                           env=ENV, timeout=120) for _ in range(3)]
    assert all(r.returncode == 0 for r in runs), runs[0].stderr[-2000:]
    assert runs[0].stdout == runs[1].stdout == runs[2].stdout
    values = dict(eval(runs[0].stdout))                                  # noqa: S307 - our own repr of floats
    # The same answer as networkx's solver, per cluster, scaled as eigenvector_by_component scales it.
    G = nx.connected_watts_strogatz_graph(900, 8, 0.3, seed=3)
    import random

    rnd = random.Random(5)
    for u, v in G.edges():
        G[u][v]["weight"] = float(rnd.randint(1, 9))
    reference = nx.eigenvector_centrality_numpy(G, weight="weight")
    top = max(reference.values())
    assert [values[f"org-{n:04d}"] for n in G] == pytest.approx([reference[n] / top for n in G], abs=1e-9)
    assert values["org-2002"] == pytest.approx(4 / 900) and values["org-2003"] < values["org-2002"]


def test_louvain_ignores_insertion_order():
    G = nx.karate_club_graph()
    G = nx.relabel_nodes(G, lambda i: f"https://w3id.org/cthr/id/org/{i:03d}")
    nx.set_edge_attributes(G, 1.0, "weight")
    shuffled = nx.Graph()
    rng = np.random.default_rng(1)
    shuffled.add_nodes_from(rng.permutation(sorted(G)))
    shuffled.add_edges_from((u, v, d) for u, v, d in [list(G.edges(data=True))[i] for i in
                                                       rng.permutation(G.number_of_edges())])
    assert N.communities(G).louvain == N.communities(shuffled).louvain
    c = N.communities(G)
    assert len(c.seed_agreement) == len(N.LOUVAIN_SEEDS) and c.seed_agreement[0] == 1.0
    assert c.louvain_modularity > 0.3


def test_adjusted_rand():
    assert N.adjusted_rand([["a", "b"], ["c", "d"]], [["c", "d"], ["a", "b"]]) == 1.0
    assert N.adjusted_rand([["a", "b"], ["c", "d"]], [["a", "c"], ["b", "d"]]) == pytest.approx(-0.5)


# ----------------------------------------------------------------- the seed graph

@pytest.fixture(scope="module")
def seed(records_build):
    graph = open_graph(str(records_build / "store"), None)
    data = N.load_network_data(graph)
    return {"graph": graph, "data": data, "analysis": N.analyse(data)}


def _org(a, short):
    return next(n for n, d in a.projection.nodes(data=True) if d["short"] == short)


def test_seed_projection_matches_networkx_and_inferred_edges(seed):
    a, graph = seed["analysis"], seed["graph"]
    B = a.bipartite
    orgs = [n for n, d in B.nodes(data=True) if d["bipartite"] == 0]
    direct = nx.bipartite.weighted_projected_graph(B, orgs)
    assert {frozenset(e) for e in direct.edges} == {frozenset(e) for e in a.projection.edges}
    for u, v, d in direct.edges(data=True):
        assert a.projection.edges[u, v]["shared_events"] == d["weight"]
    # the same attendance as the build rules' cthr:hasParticipant shortcut, restricted to organisations
    rows = graph.query("SELECT DISTINCT ?e ?o { ?e cthr:hasParticipant ?o . ?o a cthr:Organisation }")
    assert {(r["o"].value, r["e"].value) for r in rows} == {(o, e) if o in orgs else (e, o) for o, e in B.edges}
    G = a.projection
    assert a.measures["betweenness"] == pytest.approx(nx.betweenness_centrality(G, weight="distance"))
    assert a.measures["pagerank"] == pytest.approx(nx.pagerank(G, weight="weight"))
    assert a.measures["closeness"] == pytest.approx(nx.closeness_centrality(G, distance="distance"))
    assert a.measures["degree"] == {n: d for n, d in G.degree()}


def test_seed_onsa_links_the_two_baghdad_workshops(seed):
    a = seed["analysis"]
    onsa, unoct = _org(a, "ONSA"), _org(a, "UNOCT")
    names = set(a.data.organisations[onsa].names)
    assert {"Office of the National Security Advisory", "National Security Advisory", "ONSA", "NSA"} <= names
    B = a.bipartite
    in_both = {o for o, d in B.nodes(data=True) if d["bipartite"] == 0 and B.degree(o) == 2}
    assert len(a.data.events) == 2
    # ONSA attends both workshops (merged by the alias table); so does UNOCT, which organised
    # the second: they are the only two, and they share the highest betweenness.
    assert in_both == {onsa, unoct}
    top = max(a.measures["betweenness"].values())
    assert top > 0 and a.measures["betweenness"][onsa] == top == a.measures["betweenness"][unoct]
    assert {n for n, v in a.measures["betweenness"].items() if v == top} == {onsa, unoct}
    assert a.projection.edges[onsa, unoct]["shared_events"] == 2


# --------------------------------------------------------------------- exports

def test_exports_load_back(seed, tmp_path):
    a = seed["analysis"]
    written = write_report(a, tmp_path / "report", top=5)
    assert {p.name for p in written} == {"report.md", "report.html", "network.png", "network.graphml",
                                         "network.gexf", "organisation-event.graphml", "nodes.csv", "edges.csv"}
    out = tmp_path / "report"
    ET.parse(out / "network.graphml")          # a standard XML parser accepts it
    G = nx.read_graphml(out / "network.graphml")
    assert set(G) == set(a.projection) and G.number_of_edges() == a.projection.number_of_edges()
    onsa = _org(a, "ONSA")
    assert G.nodes[onsa]["betweenness"] == pytest.approx(a.measures["betweenness"][onsa])
    assert G.nodes[onsa]["label"] == "Office of the National Security Advisory"
    X = nx.read_gexf(out / "network.gexf")
    assert X.number_of_nodes() == G.number_of_nodes() and X.number_of_edges() == G.number_of_edges()
    Bg = nx.read_graphml(out / "organisation-event.graphml")
    assert any("participant" in d["roles"] for *_, d in Bg.edges(data=True))
    nodes = list(csv.DictReader(io.StringIO((out / "nodes.csv").read_text(encoding="utf-8"))))
    edges = list(csv.DictReader(io.StringIO((out / "edges.csv").read_text(encoding="utf-8"))))
    assert len(nodes) == len(G) and len(edges) == G.number_of_edges()
    assert nodes[0]["short"] in {"ONSA", "UNOCT"}      # sorted by betweenness


def test_sanitise_makes_any_attributes_writable():
    G = nx.Graph(note=None, tags=["b", "a"])
    G.add_node("x", none=None, roles=("host", "chair"), mixed=1, obj=object, nan=float("nan"))
    G.add_node("y", mixed=2.5, flag=True)
    G.add_edge("x", "y", roles={"partner"}, weight=None)
    H = sanitise(G)
    assert H.nodes["x"]["roles"] == "chair;host" and "none" not in H.nodes["x"] and "nan" not in H.nodes["x"]
    assert H.nodes["x"]["mixed"] == 1.0 and isinstance(H.nodes["x"]["mixed"], float)
    back = nx.read_graphml(io.BytesIO(graphml_bytes(G)))
    assert back.edges["x", "y"]["roles"] == "partner" and back.graph["tags"] == "a;b"
    nx.read_gexf(io.BytesIO(gexf_bytes(G)))


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_png_is_a_reasonable_picture(seed):
    a = seed["analysis"]
    png = render_png(a)
    w, h = _png_size(png)
    assert 1000 <= w <= 4000 and 800 <= h <= 4000 and len(png) > 50_000
    pos = layout(a)
    assert set(pos) == set(a.projection) and len({(round(x, 6), round(y, 6)) for x, y in pos.values()}) == len(pos)
    assert layout(a) == pos                      # deterministic


def test_few_events_are_drawn_two_mode(seed):
    # Each event's own attendees gather round it; the ones at both sit between them.
    a = seed["analysis"]
    pos = two_mode_layout(a)
    events = [n for n in pos if n not in a.projection]
    assert len(events) == 2 and set(pos) == set(events) | set(a.projection)
    assert two_mode_layout(a) == pos                     # deterministic
    dist = lambda p, q: math.dist(pos[p], pos[q])
    for org in a.projection:
        mine = set(a.bipartite[org]) & set(events)
        if len(mine) == 1:
            (own,), (other,) = mine, set(events) - mine
            assert dist(org, own) < dist(org, other)
        else:
            assert all(dist(org, e) < dist(events[0], events[1]) for e in events)
    one = N.NetworkAnalysis(a.data, a.bipartite.subgraph([n for n in a.bipartite if n != events[1]]).copy(),
                            a.projection, a.funding, a.measures, a.communities, a.brokerage)
    assert two_mode_layout(one) is None                  # one event: the co-attendance view


def test_sparse_layout_and_picture(hand):
    a = hand["analysis"]          # density 0.5 with 5 nodes: ring; force a sparse one too
    pos = layout(a)
    assert len(pos) == 5 and all(abs(x) <= 1.01 and abs(y) <= 1.01 for x, y in pos.values())
    ring = nx.cycle_graph(12)
    G = nx.relabel_nodes(ring, lambda i: f"o{i:02d}")
    for n in G:
        G.nodes[n].update(sector="un", label=n, short=n, events=1)
    nx.set_edge_attributes(G, 1.0, "weight")
    nx.set_edge_attributes(G, 1.0, "distance")
    G.graph["weighting"] = "count"
    sparse = N.NetworkAnalysis(a.data, a.bipartite, G, a.funding, N.centralities(G)[0], N.communities(G),
                               N.brokerage(G))
    assert N.density(G) < 0.25
    assert _png_size(render_png(sparse))[0] > 500


# ------------------------------------------------------------------------ CLI

def test_cli_report_and_stats(records_build, tmp_path):
    runner = CliRunner()
    store = str(records_build / "store")
    out = tmp_path / "rep"
    r = runner.invoke(main, ["network", "report", "-o", str(out), "--store", store, "--top", "5"])
    assert r.exit_code == 0, r.output
    md = (out / "report.md").read_text(encoding="utf-8")
    for heading in ("## How to read this", "## Most central organisations", "## Communities",
                    "## Brokers between sectors", "## Organisations that co-attended most"):
        assert heading in md
    assert "| 1 | Office of the National Security Advisory (ONSA) |" in md
    page = (out / "report.html").read_text(encoding="utf-8")
    assert 'src="data:image/png;base64,iVBORw0KGgo' in page and "http" not in page.split("<body>")[0]
    r = runner.invoke(main, ["network", "stats", "--store", store, "--format", "csv", "--top", "2"])
    assert r.exit_code == 0 and {row["short"] for row in csv.DictReader(io.StringIO(r.stdout))} == {"ONSA", "UNOCT"}
    r = runner.invoke(main, ["network", "stats", "--graph", str(records_build / "graph.ttl"), "--format", "json",
                             "--weighting", "newman", "--top", "0"])
    assert r.exit_code == 0 and r.stdout.count('"id"') == 28


def test_cli_bad_filter_fails_and_keeps_the_old_report(records_build, tmp_path):
    runner = CliRunner()
    store = str(records_build / "store")
    out = tmp_path / "rep"
    assert runner.invoke(main, ["network", "report", "-o", str(out), "--store", store]).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    for args, message in [(["--funder", "Atlantis"], "no funder named 'Atlantis'"),
                          (["--from", "2030-01-01"], "no events match the filters"),
                          (["--roles", "funder,guest"], "unknown role(s) guest")]:
        r = runner.invoke(main, ["network", "report", "-o", str(out), "--store", store, *args])
        assert r.exit_code == 1 and message in r.stderr, r.output
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before     # untouched, no temp files left


def test_cli_export_views(records_build, tmp_path):
    runner = CliRunner()
    store = str(records_build / "store")
    for view, suffix in [("projection", "gexf"), ("bipartite", "graphml"), ("funding", "csv"),
                         ("membership", "graphml")]:
        path = tmp_path / f"{view}.{suffix}"
        r = runner.invoke(main, ["network", "export", view, str(path), "--store", store])
        assert r.exit_code == 0, r.output
        assert path.stat().st_size > 100
    M = nx.read_graphml(tmp_path / "membership.graphml")
    assert sum(1 for _, d in M.nodes(data=True) if d["kind"] == "person") == 8
    r = runner.invoke(main, ["network", "export", "projection", str(tmp_path / "x.json"), "--store", store])
    assert r.exit_code == 1 and "unknown export format" in r.stderr


def test_default_corpus_report(default_build, tmp_path):
    """The full default corpus (seed texts + records): ONSA still joins the two Baghdad workshops."""
    graph = open_graph(str(default_build / "store"), None)
    a = N.analyse(N.load_network_data(graph))
    onsa = _org(a, "ONSA")
    assert a.bipartite.degree(onsa) == 2
    assert a.measures["betweenness"][onsa] == max(a.measures["betweenness"].values())
    write_report(a, tmp_path / "r")
    assert (tmp_path / "r" / "report.html").stat().st_size > 50_000


# ------------------------------------------------- exact and sampled path measures

def _weighted_random_graph(n: int, m: int, seed: int) -> nx.Graph:
    """Random graph with weights 1, 2, 4: distances 1, 0.5, 0.25 add up exactly in floats,
    so shortest-path ties are the same for every implementation."""
    G = nx.relabel_nodes(nx.gnm_random_graph(n, m, seed=seed), lambda i: f"https://w3id.org/cthr/id/org/{i:04d}")
    rng = np.random.default_rng(seed)
    for a, b in sorted(G.edges()):
        w = float(rng.choice([1, 2, 4]))
        G.edges[a, b].update(weight=w, distance=1.0 / w)
    for v in sorted(G):
        G.nodes[v]["sector"] = str(rng.choice(["un", "government", "security"]))
    return G


def test_sampled_measures_with_every_source_are_the_exact_values():
    from cthr.graph import centrality as C
    G = _weighted_random_graph(60, 200, 1)
    G.add_node("https://w3id.org/cthr/id/org/isolate", sector="un")
    n = len(G)
    assert C.betweenness(G, k=n) == pytest.approx(nx.betweenness_centrality(G, weight="distance"), abs=1e-12)
    assert C.closeness(G, k=n) == pytest.approx(nx.closeness_centrality(G, distance="distance"), abs=1e-12)
    assert C.closeness(G) == pytest.approx(nx.closeness_centrality(G, distance="distance"), abs=1e-12)
    assert N.cross_sector_betweenness(G, None, n) == pytest.approx(N.cross_sector_betweenness(G), abs=1e-12)


def test_sampled_estimates_are_seeded_and_rank_like_the_exact_values():
    from scipy.stats import spearmanr

    from cthr.graph import centrality as C
    G = _weighted_random_graph(300, 1200, 2)
    nodes = sorted(G)
    exact = nx.betweenness_centrality(G, weight="distance")
    first, again, other = C.betweenness(G, 60, seed=0), C.betweenness(G, 60, seed=0), C.betweenness(G, 60, seed=1)
    assert first == again and first != other
    assert spearmanr([exact[v] for v in nodes], [first[v] for v in nodes]).statistic > 0.8
    close = nx.closeness_centrality(G, distance="distance")
    est = C.closeness(G, 60)
    assert spearmanr([close[v] for v in nodes], [est[v] for v in nodes]).statistic > 0.8
    # brokerage counts stay exact when its betweenness is sampled
    b_exact, b_sampled = N.brokerage(G), N.brokerage(G, 60)
    assert b_exact.open_cross_pairs == b_sampled.open_cross_pairs and b_exact.cross_ties == b_sampled.cross_ties
    assert b_exact.cross_betweenness != b_sampled.cross_betweenness


def test_sample_size_threshold():
    from cthr.graph import centrality as C
    assert C.sample_size(C.EXACT_MAX) is None and C.sample_size(C.EXACT_MAX + 1) == C.SAMPLE
    assert C.sample_size(50, exact_max=10, sample=60) is None    # a sample as big as the graph is exact


def test_report_states_which_measures_are_estimated(hand, tmp_path, monkeypatch):
    from cthr.graph import centrality as C
    assert hand["analysis"].estimated == {}          # 5 organisations: everything exact
    monkeypatch.setattr(C, "EXACT_MAX", 3)
    monkeypatch.setattr(C, "SAMPLE", 4)
    a = N.analyse(hand["data"])
    assert a.estimated == {"betweenness": 4, "closeness": 4, "cross_sector_betweenness": 4}
    assert a.measures["degree"] == hand["analysis"].measures["degree"]
    write_report(a, tmp_path)
    md = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "estimated from 4 of 5 organisations" in md
    assert "Estimated from 4 of 5 organisations" in md


def test_big_cluster_layout_places_every_organisation_deterministically(monkeypatch):
    from cthr.graph import netpicture as R   # the layout code (re-exported by report)
    G = _weighted_random_graph(80, 300, 3)
    G = G.subgraph(max(nx.connected_components(G), key=len)).copy()
    rank = nx.pagerank(G)
    monkeypatch.setattr(R, "SPRING_MAX", 20)
    pos = R._core_layout(G, rank, seed=7)
    assert set(pos) == set(G) and pos == R._core_layout(G, rank, seed=7)
    assert all(np.isfinite(p).all() for p in pos.values())
