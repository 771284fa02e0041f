"""How close the sampled network measures are to the exact ones (docs/network.md, "Exact and estimated").

    python bench/estimates.py STORE [--k 100] [--seeds 0,1,2,3,4]

Builds the co-attendance projection of the store, computes betweenness,
closeness and cross-sector betweenness exactly (networkx; scipy for
closeness) and from k sampled sources for each seed, and prints Spearman's
rank correlation and the overlap of the top 10 for each. Use a store where
the exact values are affordable (bench/synth.py at 100k triples: ~860
organisations, about 20 s).
"""

from __future__ import annotations

import argparse
import time

from scipy.stats import spearmanr


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("store")
    ap.add_argument("--k", type=int, default=None, help="sources (default: cthr.graph.centrality.SAMPLE)")
    ap.add_argument("--seeds", default="0,1,2,3,4")
    args = ap.parse_args(argv)

    from cthr.graph import brokerage as Bk, centrality as C, network as N
    from cthr.graph.store import GraphStore

    G = N.co_attendance(N.load_network_data(GraphStore(args.store)))
    k = args.k or C.SAMPLE
    print(f"{len(G)} organisations, {G.number_of_edges()} ties; k = {k}")
    t = time.perf_counter()
    exact = {"betweenness": C.betweenness(G), "closeness": C.closeness(G),
             "cross_sector_betweenness": Bk.cross_sector_betweenness(G)}
    print(f"exact: {time.perf_counter() - t:.1f} s")
    for seed in (int(s) for s in args.seeds.split(",")):
        t = time.perf_counter()
        sources = C.sample_sources(G, k, seed)
        total, cross = C.dependencies(G, sources)
        est = {"betweenness": C.betweenness(G, k, seed, total), "closeness": C.closeness(G, k, seed),
               "cross_sector_betweenness": Bk.cross_sector_betweenness(G, None, k, seed, cross)}
        took = time.perf_counter() - t
        cells = []
        for m, ex in exact.items():
            nodes = sorted(G)
            rho = spearmanr([ex[n] for n in nodes], [est[m][n] for n in nodes]).statistic
            top = lambda d: set(sorted(d, key=lambda n: (-d[n], n))[:10])   # noqa: E731
            cells.append(f"{m} rho {rho:.3f}, top-10 overlap {len(top(ex) & top(est[m]))}/10")
        print(f"seed {seed} ({took:.1f} s): " + "; ".join(cells))


if __name__ == "__main__":
    main()
