"""Cross-sector brokerage of a co-attendance projection: ties, open pairs, cross-sector betweenness."""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from dataclasses import dataclass

import networkx as nx

from .centrality import SEED, dependencies, sample_sources


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


def brokerage(G: nx.Graph, k: int | None = None, seed: int = SEED,
              cross: dict[str, float] | None = None) -> Brokerage:
    """Cross-sector ties, open cross-sector pairs (liaison/representative) and cross-sector betweenness.

    Cross-sector betweenness is estimated from k seeded sources when k is
    given (the same sources as the betweenness estimate; ``cross``: their
    cross-sector dependencies when already computed); the counts are exact.
    """
    sector = {n: G.nodes[n].get("sector") or "other" for n in G}
    neighbours = {v: set(G[v]) for v in G}
    members: dict[str, set[str]] = defaultdict(set)
    for v, sv in sector.items():
        members[sv].add(v)
    # Pairs of v's neighbours that met each other (closed triangles) are not
    # open. Each cross-sector tie (a, b) closes a pair for every common
    # neighbour of a and b; counting from the ties visits each triangle once,
    # with the per-node counting done by Counter.update in C.
    closed_cross: Counter = Counter()    # v -> closed pairs of two different sectors
    closed_rep: Counter = Counter()      # ... of which one is in v's own sector
    for a, b in G.edges():
        sa, sb = sector[a], sector[b]
        if sa == sb:
            continue
        common = neighbours[a] & neighbours[b]
        if common:
            closed_cross.update(common)
            closed_rep.update(common & members[sa])
            closed_rep.update(common & members[sb])
    reached, ties, open_pairs, liaison, rep = {}, {}, {}, {}, {}
    for v in sorted(G):
        nbrs = neighbours[v]
        sv = sector[v]
        by_sector = Counter(sector[u] for u in nbrs)
        reached[v] = len(set(by_sector) - {sv})
        ties[v] = len(nbrs) - by_sector[sv]
        # All pairs of neighbours from two different sectors, and those with
        # one end in v's own sector, minus the closed ones.
        all_cross = (len(nbrs) ** 2 - sum(c * c for c in by_sector.values())) // 2
        all_rep = by_sector[sv] * (len(nbrs) - by_sector[sv])
        rep[v] = all_rep - closed_rep[v]
        liaison[v] = (all_cross - closed_cross[v]) - rep[v]
        open_pairs[v] = liaison[v] + rep[v]
    xb = {n: round(v, 12) for n, v in cross_sector_betweenness(G, sector, k, seed, cross).items()}
    return Brokerage(reached, ties, open_pairs, liaison, rep, xb,
                     _sector_pairs(G, sector))


def cross_sector_betweenness(G: nx.Graph, sector: dict[str, str] | None = None, k: int | None = None,
                             seed: int = SEED, cross: dict[str, float] | None = None) -> dict[str, float]:
    """Betweenness counting only shortest paths whose two ends are in different sectors.

    Normalised by the number of such pairs not involving the node, so 1.0
    means: on every shortest path of every cross-sector pair. With k, only
    paths from k seeded sources are followed and each node's sum is scaled
    up by n/k ((n-1)/(k-1) for a sampled node, which is never its own
    path's middle): an unbiased estimate at k/n of the cost.
    """
    sector = sector or {n: G.nodes[n].get("sector") or "other" for n in G}
    if k is None:
        total = _exact_cross_dependencies(G, sector)
    else:
        sources = set(sample_sources(G, k, seed))
        cross = cross if cross is not None else dependencies(G, sorted(sources), sector)[1]
        n_all = len(G)
        # dependencies() counts each ordered (source, target) once: halve, as networkx does for undirected.
        total = {n: cross[n] / 2 * ((n_all - 1) / (k - 1) if n in sources else n_all / k) for n in G}
    # Each unordered cross-sector pair was visited from both of its sectors;
    # networkx halves undirected subset counts once, so the sum counts each pair once.
    sizes = Counter(sector.values())
    pairs_total = sum(sizes[a] * sizes[b] for a, b in itertools.combinations(sorted(sizes), 2))
    out = {}
    for n in G:
        pairs = pairs_total - (len(G) - sizes[sector[n]])   # pairs with n as an end are not "through" n
        out[n] = total[n] / pairs if pairs > 0 else 0.0
    return out


def _exact_cross_dependencies(G: nx.Graph, sector: dict[str, str]) -> dict[str, float]:
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
    return total


def _sector_pairs(G: nx.Graph, sector: dict[str, str]) -> list[tuple[str, str, int, float]]:
    ties: Counter = Counter()
    weight: defaultdict = defaultdict(float)
    for a, b, d in G.edges(data=True):
        key = tuple(sorted((sector[a], sector[b])))
        ties[key] += 1
        weight[key] += d.get("weight", 1.0)
    return sorted(((a, b, ties[a, b], weight[a, b]) for a, b in ties), key=lambda r: (r[0] == r[1], -r[2], r[0], r[1]))
