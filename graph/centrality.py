"""Centralities of a co-attendance projection: exact up to a size, seeded estimates above it.

Exact weighted betweenness (Brandes in pure Python) costs one shortest-path
pass per organisation, O(V E + V^2 log V): about 9 s at 856 organisations
and 9,389 ties, minutes at a few thousand. Above :data:`EXACT_MAX`
organisations betweenness (and cross-sector betweenness, graph/brokerage.py)
is estimated from :data:`SAMPLE` seeded source organisations and closeness
from as many seeded pivots, so their cost stops growing with V. Distances
come from scipy's Dijkstra (C) in both cases.
"""

from __future__ import annotations

import random

import networkx as nx
import numpy as np

EXACT_MAX = 500     # organisations; above this, betweenness is estimated
SAMPLE = 300        # source organisations of the estimate (rank correlation 0.92 at 100k, docs/network.md)
SEED = 0


def sample_size(n: int, exact_max: int | None = None, sample: int | None = None) -> int | None:
    """How many source organisations path measures are estimated from for n organisations; None = exact.

    Defaults are read at call time (EXACT_MAX, SAMPLE), so a setting changed on the module applies.
    """
    exact_max = EXACT_MAX if exact_max is None else exact_max
    sample = SAMPLE if sample is None else sample
    return None if n <= exact_max or sample >= n else sample


def sample_sources(G: nx.Graph, k: int, seed: int = SEED) -> list[str]:
    """k organisations drawn with a seeded generator from the IRI-sorted node list (same draw on every machine)."""
    return random.Random(seed).sample(sorted(G), k)


def betweenness(G: nx.Graph, k: int | None = None, seed: int = SEED,
                deps: dict[str, float] | None = None) -> dict[str, float]:
    """Normalised betweenness on distance = 1/weight: exact (networkx), or estimated from k seeded sources.

    The estimate follows networkx's source sampling (Brandes & Pich 2007,
    the same scaling as ``betweenness_centrality(k=...)``) but runs each
    source's pass with scipy (:func:`dependencies`), about 10x faster;
    ``deps`` are those dependencies when already computed for the same sample.
    """
    if k is None:
        return nx.betweenness_centrality(G, weight="distance", normalized=True)
    sources = sample_sources(G, k, seed)
    total = deps if deps is not None else dependencies(G, sources)[0]
    n, chosen = len(G), set(sources)
    return {v: total[v] / ((k - 1 if v in chosen else k) * (n - 2)) for v in G}


def dependencies(G: nx.Graph, sources: list[str], sector: dict[str, str] | None = None,
                 distance: str = "distance") -> tuple[dict[str, float], dict[str, float]]:
    """Brandes' dependencies summed over ``sources``: (all targets, targets of another sector than the source).

    Per source: scipy Dijkstra gives the distances; an arc u->v is on a
    shortest path when d(u) + w = d(v) (relative tolerance 1e-9, so float
    sums of 1/weight that should tie do); in distance order the path counts
    sigma and the dependencies are two sparse triangular solves:
    sigma = e_s + P sigma, and y = delta / sigma with y = P^T (c / sigma + y),
    c the targets counted. Unnormalised, each ordered (source, target) once.
    """
    from scipy.sparse import csr_array
    from scipy.sparse.linalg import spsolve_triangular

    nodes = list(G)
    index = {v: i for i, v in enumerate(nodes)}
    n = len(nodes)
    sector = sector or {v: G.nodes[v].get("sector") or "other" for v in G}
    codes = {s: i for i, s in enumerate(sorted(set(sector.values())))}
    sec = np.array([codes[sector[v]] for v in nodes])
    arcs = [(index[a], index[b], d if d is not None else 1.0) for a, b, d in G.edges(data=distance)]
    a = np.array([x[0] for x in arcs], dtype=np.int64)
    b = np.array([x[1] for x in arcs], dtype=np.int64)
    w = np.array([x[2] for x in arcs], dtype=float)
    u, v, w = np.concatenate([a, b]), np.concatenate([b, a]), np.concatenate([w, w])
    total, cross = np.zeros(n), np.zeros(n)
    if not len(u):
        return dict.fromkeys(nodes, 0.0), dict.fromkeys(nodes, 0.0)
    from scipy.sparse.csgraph import dijkstra

    M = csr_array((w, (u, v)), shape=(n, n))
    for src in sources:
        s = index[src]
        D = dijkstra(M, directed=True, indices=s)
        reach = np.flatnonzero(np.isfinite(D))
        order = reach[np.argsort(D[reach], kind="stable")]
        rank = np.full(n, -1)
        rank[order] = np.arange(len(order))
        # Both ends of an arc are reached or neither (the arcs go both ways): an arc
        # off the source's cluster has inf - inf = nan, never tight, so no mask is needed.
        with np.errstate(invalid="ignore"):
            tight = np.abs(D[u] + w - D[v]) <= 1e-9 * np.maximum(D[v], 1.0)
        r = len(order)
        # P[v, u] = 1 when u precedes v on a shortest path; lower triangular in distance order.
        P = csr_array((np.ones(int(tight.sum())), (rank[v[tight]], rank[u[tight]])), shape=(r, r))
        e = np.zeros(r)
        e[0] = 1.0
        eye = csr_array((np.ones(r), (np.arange(r), np.arange(r))), shape=(r, r))
        sigma = spsolve_triangular((eye - P).tocsr(), e, lower=True)
        c = np.ones((r, 2))
        c[:, 1] = sec[order] != sec[s]
        c[0] = 0.0   # the source is no target of its own paths
        rhs = (P.T @ (c / sigma[:, None]))
        y = spsolve_triangular((eye - P.T).tocsr(), rhs, lower=False)
        delta = y * sigma[:, None]
        delta[0] = 0.0
        total[order] += delta[:, 0]
        cross[order] += delta[:, 1]
    return dict(zip(nodes, total.tolist())), dict(zip(nodes, cross.tolist()))


def closeness(G: nx.Graph, k: int | None = None, seed: int = SEED, distance: str = "distance",
              block: int = 256) -> dict[str, float]:
    """Closeness with the Wasserman-Faust correction: exact (the values of ``nx.closeness_centrality``) or estimated.

    (r - 1) / (sum of distances to the r - 1 others it reaches) * (r - 1) / (n - 1);
    0 for an isolate. Distances come from scipy's Dijkstra, ``block``
    sources at a time so memory stays O(block * n). With k, a cluster
    larger than k is measured from k seeded pivots of it (Eppstein & Wang
    2004): a node's mean distance is its mean distance to the pivots; r is
    exact (its cluster's size). Smaller clusters stay exact.
    """
    from scipy.sparse import csr_array
    from scipy.sparse.csgraph import dijkstra

    nodes = list(G)
    n = len(nodes)
    if n < 2:
        return {v: 0.0 for v in nodes}
    index = {v: i for i, v in enumerate(nodes)}
    edges = [(index[a], index[b], d) for a, b, d in G.edges(data=distance, default=1.0)]
    rows, cols, vals = (list(x) for x in zip(*edges)) if edges else ([], [], [])
    M = csr_array((vals, (rows, cols)), shape=(n, n))
    out = dict.fromkeys(nodes, 0.0)
    exact: list[int] = []
    for comp in nx.connected_components(G):
        if len(comp) < 2:
            continue
        if k is None or len(comp) <= k:
            exact.extend(index[v] for v in comp)
            continue
        members = np.array(sorted(index[v] for v in comp))
        pivots = np.array(sorted(index[v] for v in sample_sources(G.subgraph(comp), k, seed)))
        D = dijkstra(M, directed=False, indices=pivots)[:, members]
        # A pivot's distance to itself is not one of its distances to others.
        is_pivot = np.isin(members, pivots)
        mean = D.sum(axis=0) / np.where(is_pivot, k - 1, k)
        r = len(comp) - 1
        for i, m in zip(members, mean):
            out[nodes[i]] = float(1 / m * r / (n - 1)) if m > 0 else 0.0
    for start in range(0, len(exact), block):
        rows_ = np.array(exact[start:start + block])
        D = dijkstra(M, directed=False, indices=rows_)
        finite = np.isfinite(D)
        reach = finite.sum(axis=1) - 1
        total = np.where(finite, D, 0.0).sum(axis=1)
        for i, r, t in zip(rows_, reach, total):
            out[nodes[i]] = float(r / t * r / (n - 1)) if t > 0 else 0.0
    return out


def _leading_eigenvector(H: nx.Graph, nodes: list[str], weight: str) -> dict[str, float]:
    """networkx's eigenvector_centrality_numpy, from a fixed start vector: the same bits in every process.

    networkx lets ARPACK start from a random vector, so the last digits of
    the values changed from one run to the next (the twelfth digit of a
    1M-triple report in about one process in four). The all-ones vector is
    never orthogonal to the leading eigenvector of a connected non-negative
    matrix (its entries all have one sign), so the answer is the same.
    """
    from scipy.sparse.linalg import eigs

    M = nx.to_scipy_sparse_array(H, nodelist=nodes, weight=weight, dtype=float)
    _, vector = eigs(M.T, k=1, which="LR", maxiter=50, tol=0, v0=np.ones(len(nodes)))
    largest = vector.flatten().real
    norm = np.sign(largest.sum()) * np.linalg.norm(largest)
    return dict(zip(nodes, (largest / norm).tolist()))


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
                local = _leading_eigenvector(H, comp, weight)
            except Exception:  # ARPACK/power iteration can fail on odd spectra; never crash a report
                local = nx.pagerank(H, weight=weight)
                notes.append(f"eigenvector centrality did not converge on a component of {len(comp)}; "
                             "PageRank used there")
        top = max(abs(v) for v in local.values()) or 1.0
        for n, v in local.items():
            values[n] = abs(v) / top * len(comp) / largest
    return values, notes


def centralities(G: nx.Graph, k: int | None = None, seed: int = SEED,
                 deps: dict[str, float] | None = None) -> tuple[dict[str, dict[str, float]], list[str]]:
    """Measure name -> node -> value, for the co-attendance projection.

    degree: number of organisations met; strength: sum of edge weights;
    betweenness and closeness use distance = 1/weight (a tie seen at many
    shared events is a short hop); betweenness is estimated from k seeded
    sources when k is given (see :func:`sample_size`); eigenvector per
    component; PageRank.
    """
    notes: list[str] = []
    out: dict[str, dict[str, float]] = {
        "degree": {n: float(d) for n, d in G.degree()},
        "strength": {n: float(d) for n, d in G.degree(weight="weight")},
    }
    if len(G) == 0:
        return {m: {} for m in MEASURES}, notes
    out["betweenness"] = betweenness(G, k, seed, deps)
    if k is not None:
        notes.append(f"Betweenness, closeness and cross-sector betweenness are estimated from {k} of {len(G)} "
                     f"organisations as path sources (seeded sample, seed {seed}; docs/network.md says how "
                     "close the estimates are); the other measures are exact.")
    out["closeness"] = closeness(G, k, seed)
    out["eigenvector"], more = eigenvector_by_component(G)
    notes += more
    out["pagerank"] = nx.pagerank(G, weight="weight") if G.number_of_edges() else {n: 1.0 / len(G) for n in G}
    # Rounded so that float noise (0.9999999999999994) does not reach reports
    # or change their bytes between machines.
    return {m: {n: round(float(v), 12) for n, v in out[m].items()} for m in MEASURES}, notes


MEASURES = ("degree", "strength", "betweenness", "eigenvector", "pagerank", "closeness")
