"""Co-attendance networks of organisations, built from the graph with SPARQL, analysed with NetworkX.

The pieces, in the order a report uses them:

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
here) does no work for pairs that never meet. Exact betweenness and closeness
are O(V E + V^2 log V) in pure Python: fine to a few thousand organisations;
beyond that use python-igraph or networkit on the exported GraphML/edge list
(docs/network.md).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib.resources import files

import networkx as nx

from .store import GraphStore
from .vocab import CONCEPT

ROLE_NS = CONCEPT + "role/"
ETYPE_NS = CONCEPT + "event-type/"
ALL_ROLES = ("organiser", "host", "partner", "participant", "speaker", "chair", "opener",
             "funder", "publisher", "other")
# Funding, publishing a resource used there, or an unqualified mention is not
# attending (issue 5); everything else is.
ATTENDING_ROLES = frozenset(ALL_ROLES) - {"funder", "publisher", "other"}
EVENT_TYPES = ("workshop", "training", "capacity-building", "seminar", "conference", "meeting", "event")
WEIGHTINGS = ("count", "newman")
LOUVAIN_SEEDS = (0, 1, 2, 3, 4)

Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    pass


class NetworkError(ValueError):
    """A filter or input the network cannot be built from (one clear line)."""


@cache
def query_text(name: str) -> str:
    """The text of a stored network query (graph/network-queries/NAME.rq)."""
    return (files("cthr.graph") / "network-queries" / f"{name}.rq").read_text(encoding="utf-8")


def _v(term) -> str | None:
    return None if term is None else term.value


# --------------------------------------------------------------------- data

@dataclass(frozen=True)
class Event:
    iri: str
    title: str
    start: date | None = None
    end: date | None = None
    event_type: str | None = None      # concept name: "workshop", ...
    place: str | None = None
    country: str | None = None
    participants: int | None = None    # stated count, not the network's

    @property
    def last_day(self) -> date | None:
        return self.end or self.start


@dataclass(frozen=True)
class Organisation:
    iri: str
    label: str                         # display name
    short: str                         # acronym when there is one, else the display name
    sector: str                        # concept name: "un", "security", ...
    names: tuple[str, ...] = ()


@dataclass(frozen=True)
class Attendance:
    event: str
    org: str
    role: str
    person: str | None = None          # set when the organisation took part through a person


@dataclass
class NetworkFilter:
    """Which events and roles make up the network. Empty fields do not filter.

    Dates keep events that overlap [start, end] (undated events are dropped
    when a date is given). ``place`` matches the place or its country by name
    (case-insensitive) or IRI; ``funder`` an organisation that funded the
    event, by any of its names or IRI; ``event_types`` concept names.
    """

    start: date | None = None
    end: date | None = None
    place: str | None = None
    funder: str | None = None
    event_types: frozenset[str] = frozenset()
    roles: frozenset[str] = ATTENDING_ROLES

    def describe(self) -> list[str]:
        out = []
        if self.start or self.end:
            out.append(f"dates {self.start or '…'} to {self.end or '…'}")
        if self.place:
            out.append(f"place {self.place}")
        if self.funder:
            out.append(f"funder {self.funder}")
        if self.event_types:
            out.append("event type " + ", ".join(sorted(self.event_types)))
        if set(self.roles) != set(ATTENDING_ROLES):
            out.append("roles " + ", ".join(sorted(self.roles)))
        return out


@dataclass
class NetworkData:
    """What the queries returned, after filtering."""

    events: dict[str, Event]
    organisations: dict[str, Organisation]      # every organisation of the graph
    attendance: list[Attendance]                 # of the kept events, in the kept roles
    funders: dict[str, set[str]]                 # event -> funder organisations (kept events)
    filters: NetworkFilter = field(default_factory=NetworkFilter)
    dropped: dict[str, int] = field(default_factory=dict)   # why events were left out

    def attendees(self) -> dict[str, list[str]]:
        """Event -> sorted organisations that attended it (each once)."""
        by_event: dict[str, set[str]] = defaultdict(set)
        for a in self.attendance:
            by_event[a.event].add(a.org)
        return {e: sorted(by_event.get(e, ())) for e in sorted(self.events)}


_ACRONYM = re.compile(r"^[A-Z][A-Za-z0-9&.\-]{1,11}$")


def short_label(display: str, names: Iterable[str]) -> str:
    """An acronym for the organisation if it has one, else its display name.

    Candidates are single-token names with at least two capitals ("ONSA",
    "UNOCT"); the one spelling the capitals of the display name wins (so
    ONSA, not NSA, for "Office of the National Security Advisory"), then the
    shortest, then alphabetical.
    """
    candidates = {n for n in names if _ACRONYM.match(n) and sum(c.isupper() for c in n) >= 2}
    if not candidates:
        return display
    initials = "".join(w[0] for w in re.findall(r"[A-Za-z][\w'-]*", display) if w[0].isupper())
    return min(candidates, key=lambda n: (n.replace(".", "") != initials, len(n), n))


def load_organisations(graph: GraphStore) -> dict[str, Organisation]:
    orgs = {}
    for r in graph.query(query_text("organisations")):
        iri = r["org"].value
        names = tuple(sorted(set(_v(r["names"]).split("\x1f")) - {""})) if r["names"] else ()
        display = _v(r["display"]) or iri.rsplit("/", 1)[-1]
        orgs[iri] = Organisation(iri, display, short_label(display, names), _v(r["sector"]) or "other", names)
    return orgs


def _date(term) -> date | None:
    if term is None:
        return None
    try:
        return date.fromisoformat(term.value[:10])
    except ValueError:
        return None


def load_events(graph: GraphStore) -> dict[str, Event]:
    events = {}
    for r in graph.query(query_text("events")):
        iri = r["event"].value
        etype = _v(r["eventType"])
        count = _v(r["participants"])
        events[iri] = Event(
            iri=iri, title=_v(r["title"]) or iri.rsplit("/", 1)[-1], start=_date(r["startDate"]),
            end=_date(r["endDate"]), event_type=etype[len(ETYPE_NS):] if etype and etype.startswith(ETYPE_NS) else etype,
            place=_v(r["place"]), country=_v(r["country"]),
            participants=int(count) if count and count.isdigit() else None)
    return events


def _matches(text: str, org: Organisation) -> bool:
    t = text.casefold()
    return t == org.iri.casefold() or any(t == n.casefold() for n in (org.label, *org.names))


def load_network_data(graph: GraphStore, filters: NetworkFilter | None = None,
                      progress: Progress = _quiet) -> NetworkData:
    """Run the network queries and keep the events and roles the filters select.

    Raises :class:`NetworkError` for a filter naming an unknown role, event
    type, place or funder (a typo should not silently give an empty network).
    """
    f = filters or NetworkFilter()
    unknown = set(f.roles) - set(ALL_ROLES)
    if unknown:
        raise NetworkError(f"unknown role(s) {', '.join(sorted(unknown))}; known: {', '.join(ALL_ROLES)}")
    if not f.roles:
        raise NetworkError("no roles selected")
    unknown = set(f.event_types) - set(EVENT_TYPES)
    if unknown:
        raise NetworkError(f"unknown event type(s) {', '.join(sorted(unknown))}; known: {', '.join(EVENT_TYPES)}")
    if f.start and f.end and f.start > f.end:
        raise NetworkError(f"date range is empty: {f.start} is after {f.end}")

    progress("querying organisations and events")
    orgs = load_organisations(graph)
    events = load_events(graph)
    funders: dict[str, set[str]] = defaultdict(set)
    for r in graph.query(query_text("funders")):
        funders[r["event"].value].add(r["funder"].value)

    dropped: Counter = Counter()
    keep: dict[str, Event] = {}
    if f.place:
        p = f.place.casefold()
        if not any(p in {(e.place or "").casefold(), (e.country or "").casefold()} for e in events.values()):
            places = sorted({x for e in events.values() for x in (e.place, e.country) if x})
            raise NetworkError(f"no event takes place in {f.place!r}; places in the graph: {', '.join(places) or 'none'}")
    funder_iris: set[str] = set()
    if f.funder:
        funder_iris = {o for fs in funders.values() for o in fs if o in orgs and _matches(f.funder, orgs[o])}
        if not funder_iris:
            known = sorted({orgs[o].short if o in orgs else o for fs in funders.values() for o in fs})
            raise NetworkError(f"no funder named {f.funder!r}; funders in the graph: {', '.join(known) or 'none'}")
    for iri, e in events.items():
        if f.start or f.end:
            if e.start is None:
                dropped["undated"] += 1
                continue
            if (f.start and e.last_day < f.start) or (f.end and e.start > f.end):
                dropped["outside the date range"] += 1
                continue
        if f.place and f.place.casefold() not in {(e.place or "").casefold(), (e.country or "").casefold()}:
            dropped["elsewhere"] += 1
            continue
        if f.event_types and e.event_type not in f.event_types:
            dropped["other event type"] += 1
            continue
        if f.funder and not (funders.get(iri, set()) & funder_iris):
            dropped["other funders"] += 1
            continue
        keep[iri] = e

    progress(f"querying attendance of {len(keep)} event(s)")
    attendance = []
    for r in graph.query(query_text("attendance")):
        ev, role = r["event"].value, r["role"].value
        role = role.removeprefix(ROLE_NS)
        if ev in keep and role in f.roles:
            attendance.append(Attendance(ev, r["org"].value, role, _v(r["person"])))
    attendance.sort(key=lambda a: (a.event, a.org, a.role, a.person or ""))
    for a in attendance:   # an organisation only reachable through a person still needs a node
        if a.org not in orgs:
            orgs[a.org] = Organisation(a.org, a.org.rsplit("/", 1)[-1], a.org.rsplit("/", 1)[-1], "other")
    return NetworkData(keep, orgs, attendance, {e: funders[e] for e in keep if e in funders}, f, dict(dropped))


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


# ----------------------------------------------------------------- measures

def eigenvector_by_component(G: nx.Graph, weight: str = "weight") -> tuple[dict[str, float], list[str]]:
    """Eigenvector centrality that survives disconnected and tiny graphs.

    Computed inside each connected component (the measure is undefined
    across components) and scaled so the top organisation of a component
    scores |component| / |largest component|: 1.0 is the most central
    organisation of the largest cluster. Isolates score 0; a component where
    the eigenvector solver fails falls back to PageRank (noted).
    """
    notes: list[str] = []
    values = {n: 0.0 for n in G}
    comps = [sorted(c) for c in nx.connected_components(G) if len(c) > 1]
    if not comps:
        return values, notes
    largest = max(len(c) for c in comps)
    for comp in comps:
        H = G.subgraph(comp)
        if len(comp) == 2:
            local = {n: 1.0 for n in comp}
        else:
            try:
                local = nx.eigenvector_centrality_numpy(H, weight=weight)
            except Exception:  # ARPACK/power iteration can fail on odd spectra; never crash a report
                local = nx.pagerank(H, weight=weight)
                notes.append(f"eigenvector centrality did not converge on a component of {len(comp)}; "
                             "PageRank used there")
        top = max(abs(v) for v in local.values()) or 1.0
        for n, v in local.items():
            values[n] = abs(v) / top * len(comp) / largest
    return values, notes


def centralities(G: nx.Graph) -> tuple[dict[str, dict[str, float]], list[str]]:
    """Measure name -> node -> value, for the co-attendance projection.

    degree: number of organisations met; strength: sum of edge weights;
    betweenness and closeness use distance = 1/weight (a tie seen at many
    shared events is a short hop); eigenvector per component; PageRank.
    """
    notes: list[str] = []
    out: dict[str, dict[str, float]] = {
        "degree": {n: float(d) for n, d in G.degree()},
        "strength": {n: float(d) for n, d in G.degree(weight="weight")},
    }
    if len(G) == 0:
        return {m: {} for m in MEASURES}, notes
    out["betweenness"] = nx.betweenness_centrality(G, weight="distance", normalized=True)
    out["closeness"] = nx.closeness_centrality(G, distance="distance")   # Wasserman-Faust for components
    out["eigenvector"], more = eigenvector_by_component(G)
    notes += more
    out["pagerank"] = nx.pagerank(G, weight="weight") if G.number_of_edges() else {n: 1.0 / len(G) for n in G}
    # Rounded so that float noise (0.9999999999999994) does not reach reports
    # or change their bytes between machines.
    return {m: {n: round(float(v), 12) for n, v in out[m].items()} for m in MEASURES}, notes


MEASURES = ("degree", "strength", "betweenness", "eigenvector", "pagerank", "closeness")


# -------------------------------------------------------------- communities

def sorted_copy(G: nx.Graph) -> nx.Graph:
    """The same graph with nodes and edges inserted in IRI order.

    Louvain's result depends on node order (networkx issue #6655), so a
    fixed seed only gives a reproducible partition on a fixed order.
    """
    H = nx.Graph()
    H.add_nodes_from(sorted(G.nodes(data=True)))
    H.add_edges_from(sorted((min(a, b), max(a, b), d) for a, b, d in G.edges(data=True)))
    return H


def _canonical(parts: Iterable[Iterable[str]]) -> list[list[str]]:
    """Communities as sorted lists, biggest first, then by first member."""
    return sorted((sorted(p) for p in parts), key=lambda p: (-len(p), p[0]))


def adjusted_rand(a: list[list[str]], b: list[list[str]]) -> float:
    """Adjusted Rand index of two partitions of the same nodes (1 = same, about 0 = chance)."""
    la = {n: i for i, p in enumerate(a) for n in p}
    lb = {n: i for i, p in enumerate(b) for n in p}
    nodes = sorted(la)
    n = len(nodes)
    if n < 2:
        return 1.0
    pairs = Counter((la[x], lb[x]) for x in nodes)
    comb = lambda k: k * (k - 1) / 2
    index = sum(comb(c) for c in pairs.values())
    sa = sum(comb(c) for c in Counter(la.values()).values())
    sb = sum(comb(c) for c in Counter(lb.values()).values())
    expected = sa * sb / comb(n)
    top = (sa + sb) / 2
    return 1.0 if top == expected else (index - expected) / (top - expected)


def _modularity(G: nx.Graph, parts: list[list[str]]) -> float:
    return nx.community.modularity(G, parts, weight="weight") if G.number_of_edges() else 0.0


@dataclass
class Communities:
    louvain: list[list[str]]             # seed LOUVAIN_SEEDS[0]
    louvain_modularity: float
    greedy: list[list[str]]
    greedy_modularity: float
    seeds: tuple[int, ...]
    seed_modularity: list[float]         # per seed
    seed_agreement: list[float]          # adjusted Rand of each seed's partition vs the first
    distinct_partitions: int
    greedy_agreement: float              # adjusted Rand of greedy vs Louvain

    def membership(self, which: str = "louvain") -> dict[str, int]:
        """Node -> community number (1 = the biggest community)."""
        return {n: i for i, p in enumerate(getattr(self, which), 1) for n in p}


def communities(G: nx.Graph, seeds: tuple[int, ...] = LOUVAIN_SEEDS) -> Communities:
    """Louvain (fixed seeds, IRI-sorted nodes) and greedy modularity, with their agreement."""
    H = sorted_copy(G)
    if H.number_of_edges() == 0:
        single = _canonical([n] for n in H)
        return Communities(single, 0.0, single, 0.0, tuple(seeds), [0.0] * len(seeds), [1.0] * len(seeds),
                           1, 1.0)
    runs = [_canonical(nx.community.louvain_communities(H, weight="weight", seed=s)) for s in seeds]
    greedy = _canonical(nx.community.greedy_modularity_communities(H, weight="weight"))
    return Communities(
        louvain=runs[0], louvain_modularity=_modularity(H, runs[0]),
        greedy=greedy, greedy_modularity=_modularity(H, greedy),
        seeds=tuple(seeds), seed_modularity=[_modularity(H, r) for r in runs],
        seed_agreement=[adjusted_rand(runs[0], r) for r in runs],
        distinct_partitions=len({tuple(map(tuple, r)) for r in runs}),
        greedy_agreement=adjusted_rand(runs[0], greedy))


# ---------------------------------------------------------------- brokerage

@dataclass
class Brokerage:
    """Per organisation: how it ties sectors together. All counts are explainable by hand.

    sectors_reached: distinct sectors among its co-attendees other than its own;
    cross_ties: co-attendees of another sector;
    open_cross_pairs: pairs of its co-attendees from two different sectors
      who never met each other (Gould-Fernandez-lite: it is the only link
      between them at distance 2), split into ``liaison`` (it belongs to
      neither sector) and ``representative`` (it shares a sector with one);
    cross_betweenness: share of shortest paths between organisations of
      different sectors that pass through it (betweenness restricted to
      cross-sector pairs, distance = 1/weight).
    """

    sectors_reached: dict[str, int]
    cross_ties: dict[str, int]
    open_cross_pairs: dict[str, int]
    liaison: dict[str, int]
    representative: dict[str, int]
    cross_betweenness: dict[str, float]
    sector_pairs: list[tuple[str, str, int, float]]   # (sector a, sector b, ties, total weight), a <= b


def brokerage(G: nx.Graph) -> Brokerage:
    """Cross-sector ties, open cross-sector pairs (liaison/representative) and cross-sector betweenness."""
    sector = {n: G.nodes[n].get("sector") or "other" for n in G}
    reached, cross, open_pairs, liaison, rep = {}, {}, {}, {}, {}
    for v in sorted(G):
        nbrs = set(G[v])
        sv = sector[v]
        by_sector = Counter(sector[u] for u in nbrs)
        reached[v] = len(set(by_sector) - {sv})
        cross[v] = len(nbrs) - by_sector[sv]
        # Pairs of neighbours from two different sectors, and those of them
        # with one end in v's own sector; then remove the pairs that met
        # directly (closed triangles), found by set intersection, i.e. at
        # triangle-counting cost rather than over all neighbour pairs.
        all_cross = (len(nbrs) ** 2 - sum(c * c for c in by_sector.values())) // 2
        all_rep = by_sector[sv] * (len(nbrs) - by_sector[sv])
        closed_cross = closed_rep = 0
        for a in nbrs:
            for b in nbrs & set(G[a]):
                if sector[a] != sector[b]:
                    closed_cross += 1
                    closed_rep += sv in (sector[a], sector[b])
        rep[v] = all_rep - closed_rep // 2
        liaison[v] = (all_cross - closed_cross // 2) - rep[v]
        open_pairs[v] = liaison[v] + rep[v]
    xb = {n: round(v, 12) for n, v in cross_sector_betweenness(G, sector).items()}
    return Brokerage(reached, cross, open_pairs, liaison, rep, xb,
                     _sector_pairs(G, sector))


def cross_sector_betweenness(G: nx.Graph, sector: dict[str, str] | None = None) -> dict[str, float]:
    """Betweenness counting only shortest paths whose two ends are in different sectors.

    Normalised by the number of such pairs not involving the node, so 1.0
    means: on every shortest path of every cross-sector pair.
    """
    sector = sector or {n: G.nodes[n].get("sector") or "other" for n in G}
    total = dict.fromkeys(G, 0.0)
    groups: dict[str, list[str]] = defaultdict(list)
    for n in sorted(G):
        groups[sector[n]].append(n)
    for s, members in sorted(groups.items()):
        others = [n for n in sorted(G) if sector[n] != s]
        if not others:
            continue
        part = nx.betweenness_centrality_subset(G, members, others, normalized=False, weight="distance")
        for n, v in part.items():
            total[n] += v
    # Each unordered cross-sector pair was visited from both of its sectors;
    # networkx halves undirected subset counts once, so the sum counts each pair once.
    sizes = Counter(sector.values())
    pairs_total = sum(sizes[a] * sizes[b] for a, b in itertools.combinations(sorted(sizes), 2))
    out = {}
    for n in G:
        pairs = pairs_total - (len(G) - sizes[sector[n]])   # pairs with n as an end are not "through" n
        out[n] = total[n] / pairs if pairs > 0 else 0.0
    return out


def _sector_pairs(G: nx.Graph, sector: dict[str, str]) -> list[tuple[str, str, int, float]]:
    ties: Counter = Counter()
    weight: defaultdict = defaultdict(float)
    for a, b, d in G.edges(data=True):
        key = tuple(sorted((sector[a], sector[b])))
        ties[key] += 1
        weight[key] += d.get("weight", 1.0)
    return sorted(((a, b, ties[a, b], weight[a, b]) for a, b in ties), key=lambda r: (r[0] == r[1], -r[2], r[0], r[1]))


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
            row.update(community_louvain=lou[n], community_greedy=gre[n], sectors_reached=b.sectors_reached[n],
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
    measures, notes = centralities(G)
    progress(f"communities (Louvain, {len(seeds)} seeds; greedy modularity)")
    comms = communities(G, seeds)
    progress("cross-sector brokerage")
    brk = brokerage(G)
    for n in G:   # analysis results on the nodes, for exports
        G.nodes[n].update({m: measures[m][n] for m in MEASURES})
    for n, i in comms.membership("louvain").items():
        G.nodes[n]["community"] = i
    return NetworkAnalysis(data, B, G, funder_event_network(data), measures, comms, brk, notes)


def is_connected(G: nx.Graph) -> bool:
    return len(G) > 0 and nx.is_connected(G)


def density(G: nx.Graph) -> float:
    return nx.density(G) if len(G) > 1 else 0.0

