"""Co-attendance networks of organisations, built from the graph with SPARQL, analysed with NetworkX.

Split into graph/netdata.py (queries and filters), graph/centrality.py,
graph/communities.py and graph/brokerage.py; their public names are
importable from here. The pieces, in the order a report uses them:

* :func:`load_network_data` runs the stored queries in ``network-queries/``
  over a :class:`~cthr.graph.store.GraphStore` and applies a
  :class:`NetworkFilter` (dates, place, funder, event type, roles).
* :func:`bipartite_network` is the organisation-event graph (edge attribute
  ``roles``); :func:`co_attendance` its weighted one-mode projection;
  :func:`membership_network` (person-organisation) and
  :func:`funder_event_network` are the other two views.
* :func:`analyse` computes centralities, communities and cross-sector
  brokerage of a projection and returns a :class:`NetworkAnalysis`.

Cost of the projection: an event with k attendees adds k(k-1)/2 pairs, so
projecting is O(sum over events of k^2) time and O(number of distinct pairs)
memory whatever the method; iterating per event over its attendee list (as
here) does no work for pairs that never meet. Path measures are exact up to
:data:`~cthr.graph.centrality.EXACT_MAX` organisations and estimated from a
seeded sample of sources above it (graph/centrality.py, docs/network.md).
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import networkx as nx

# The split modules' public names stay importable from here (cli, report, tests, bench).
from .brokerage import Brokerage, brokerage, cross_sector_betweenness  # noqa: F401
from .centrality import (MEASURES, centralities, dependencies, eigenvector_by_component,  # noqa: F401
                         sample_size, sample_sources)
from .communities import GREEDY_MAX, LOUVAIN_SEEDS, Communities, adjusted_rand, communities, sorted_copy  # noqa: F401
from .netdata import (ALL_ROLES, ATTENDING_ROLES, ETYPE_NS, EVENT_TYPES, ROLE_NS, WEIGHTINGS, Attendance,  # noqa: F401
                      Event, NetworkData, NetworkError, NetworkFilter, Organisation, Progress, _quiet, _v,
                      load_events, load_network_data, load_organisations, query_text, short_label)
from .store import GraphStore


# ------------------------------------------------------------------- graphs

def _org_attrs(o: Organisation) -> dict:
    return {"kind": "organisation", "label": o.label, "short": o.short, "sector": o.sector}


def bipartite_network(data: NetworkData) -> nx.Graph:
    """Organisation-event graph: node attribute ``bipartite`` 0 for organisations, 1 for events.

    Edge attributes: ``roles`` (sorted tuple of role names) and ``persons``
    (how many people took part on the organisation's behalf).
    """
    B = nx.Graph(kind="organisation-event")
    roles: dict[tuple[str, str], set[str]] = defaultdict(set)
    persons: dict[tuple[str, str], set[str]] = defaultdict(set)
    for a in data.attendance:
        roles[a.org, a.event].add(a.role)
        if a.person:
            persons[a.org, a.event].add(a.person)
    for iri in sorted(data.events):
        e = data.events[iri]
        B.add_node(iri, bipartite=1, kind="event", label=e.title, short=e.title,
                   start=e.start.isoformat() if e.start else "", event_type=e.event_type or "",
                   place=e.place or "", country=e.country or "")
    for org in sorted({a.org for a in data.attendance}):
        B.add_node(org, bipartite=0, **_org_attrs(data.organisations[org]))
    for (org, ev) in sorted(roles):
        B.add_edge(org, ev, roles=tuple(sorted(roles[org, ev])), persons=len(persons[org, ev]))
    return B


def co_attendance(data: NetworkData, weighting: str = "count") -> nx.Graph:
    """The organisation-organisation projection: an edge per pair that shared an event.

    Every edge carries ``shared_events`` (how many events both attended) and
    ``newman`` (sum over shared events of 1/(k-1), k = attendees of the
    event, so one big conference does not outweigh several small meetings);
    ``weight`` is one of the two (``weighting``) and ``distance`` = 1/weight,
    for path-based measures. Per event, pairs of its attendee list are
    accumulated in a Counter: O(sum of k^2), nothing for pairs that never meet.
    """
    if weighting not in WEIGHTINGS:
        raise NetworkError(f"unknown weighting {weighting!r}; use one of {', '.join(WEIGHTINGS)}")
    shared: Counter = Counter()
    newman: defaultdict = defaultdict(float)
    events_of: Counter = Counter()
    for attendees in data.attendees().values():
        k = len(attendees)
        for org in attendees:
            events_of[org] += 1
        if k < 2:
            continue
        share = 1.0 / (k - 1)
        for pair in itertools.combinations(attendees, 2):   # attendees are sorted: (a, b) with a < b
            shared[pair] += 1
            newman[pair] += share
    G = nx.Graph(kind="co-attendance", weighting=weighting)
    for org in sorted(events_of):
        G.add_node(org, events=events_of[org], **_org_attrs(data.organisations[org]))
    for (a, b) in sorted(shared):
        w = shared[a, b] if weighting == "count" else newman[a, b]
        G.add_edge(a, b, shared_events=shared[a, b], newman=round(newman[a, b], 12),
                   weight=float(w), distance=1.0 / w)
    return G


def membership_network(graph: GraphStore) -> nx.Graph:
    """Person-organisation graph from cthr:Membership (edge attributes ``post``, ``job_title``)."""
    orgs = load_organisations(graph)
    G = nx.Graph(kind="person-organisation")
    rows = sorted((r["person"].value, _v(r["personName"]) or "", r["org"].value, _v(r["post"]) or "",
                    _v(r["jobTitle"]) or "") for r in graph.query(query_text("memberships")))
    for person, name, org, post, title in rows:
        G.add_node(person, bipartite=1, kind="person", label=name, short=name)
        o = orgs.get(org) or Organisation(org, org, org, "other")
        G.add_node(org, bipartite=0, **_org_attrs(o))
        if G.has_edge(person, org):   # several posts: keep them all, readably
            d = G.edges[person, org]
            d["post"] = "; ".join(sorted(set(d["post"].split("; ")) | {post}) - {""})
            d["job_title"] = "; ".join(sorted(set(d["job_title"].split("; ")) | {title}) - {""})
        else:
            G.add_edge(person, org, post=post, job_title=title)
    return G


def funder_event_network(data: NetworkData) -> nx.Graph:
    """Funder-event graph of the kept events (funding direct or through a project)."""
    G = nx.Graph(kind="funder-event")
    for ev in sorted(data.funders):
        e = data.events[ev]
        G.add_node(ev, bipartite=1, kind="event", label=e.title, short=e.title,
                   start=e.start.isoformat() if e.start else "")
        for org in sorted(data.funders[ev]):
            o = data.organisations.get(org) or Organisation(org, org, org, "other")
            G.add_node(org, bipartite=0, **_org_attrs(o))
            G.add_edge(org, ev)
    return G


# ------------------------------------------------------------------ analyse

@dataclass
class NetworkAnalysis:
    data: NetworkData
    bipartite: nx.Graph
    projection: nx.Graph
    funding: nx.Graph
    measures: dict[str, dict[str, float]]
    communities: Communities
    brokerage: Brokerage
    notes: list[str] = field(default_factory=list)
    estimated: dict[str, int] = field(default_factory=dict)   # measure -> sources it was estimated from

    def top(self, measure: str, n: int = 10) -> list[tuple[str, float]]:
        """The n highest values of a measure, ties broken by display name then IRI."""
        values = self.measures[measure]
        label = lambda k: self.projection.nodes[k]["label"].casefold()
        return sorted(values.items(), key=lambda kv: (-kv[1], label(kv[0]), kv[0]))[:n]

    def top_pairs(self, n: int = 10) -> list[tuple[str, str, dict]]:
        G = self.projection
        label = lambda k: G.nodes[k]["label"].casefold()
        return sorted(G.edges(data=True), key=lambda e: (-e[2]["shared_events"], -e[2]["newman"],
                                                          label(e[0]), label(e[1])))[:n]

    def node_table(self) -> list[dict]:
        """One row per organisation: names, sector and every measure (for nodes.csv, the stats command)."""
        G, b = self.projection, self.brokerage
        lou, gre = self.communities.membership("louvain"), self.communities.membership("greedy")
        rows = []
        for n in sorted(G, key=lambda k: (-self.measures["betweenness"][k], -self.measures["degree"][k],
                                          G.nodes[k]["label"].casefold(), k)):
            d = G.nodes[n]
            row = {"id": n, "label": d["label"], "short": d["short"], "sector": d["sector"], "events": d["events"]}
            row.update({m: self.measures[m][n] for m in MEASURES})
            row.update(community_louvain=lou[n], community_greedy=gre.get(n, ""), sectors_reached=b.sectors_reached[n],
                       cross_sector_ties=b.cross_ties[n], open_cross_pairs=b.open_cross_pairs[n],
                       liaison=b.liaison[n], representative=b.representative[n],
                       cross_sector_betweenness=b.cross_betweenness[n])
            rows.append(row)
        return rows


def analyse(data: NetworkData, weighting: str = "count", seeds: tuple[int, ...] = LOUVAIN_SEEDS,
            progress: Progress = _quiet) -> NetworkAnalysis:
    """Everything a report shows, from filtered network data."""
    progress("projecting organisation-event network")
    B = bipartite_network(data)
    G = co_attendance(data, weighting)
    progress(f"centralities on {G.number_of_nodes()} organisations, {G.number_of_edges()} ties")
    k = sample_size(len(G))
    deps = None
    if k is not None:   # one pass per sampled source serves betweenness and cross-sector betweenness
        progress(f"shortest paths from {k} sampled organisations")
        deps = dependencies(G, sample_sources(G, k))
    measures, notes = centralities(G, k, deps=deps and deps[0])
    progress(f"communities (Louvain, {len(seeds)} seeds; greedy modularity)")
    comms = communities(G, seeds)
    if comms.greedy_skipped:
        notes.append(f"Greedy modularity is not run above {GREEDY_MAX} organisations; Louvain only.")
    progress("cross-sector brokerage")
    brk = brokerage(G, k, cross=deps and deps[1])
    for n in G:   # analysis results on the nodes, for exports
        G.nodes[n].update({m: measures[m][n] for m in MEASURES})
    for n, i in comms.membership("louvain").items():
        G.nodes[n]["community"] = i
    estimated = {m: k for m in ("betweenness", "closeness", "cross_sector_betweenness")} if k else {}
    return NetworkAnalysis(data, B, G, funder_event_network(data), measures, comms, brk, notes, estimated)


def is_connected(G: nx.Graph) -> bool:
    return len(G) > 0 and nx.is_connected(G)


def density(G: nx.Graph) -> float:
    return nx.density(G) if len(G) > 1 else 0.0

