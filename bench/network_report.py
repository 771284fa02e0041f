"""Where the network report's time goes, on one store, in one run (issue 16 item 4).

    python bench/network_report.py STORE [--old-attendance]

Times the attendance query as it is now (the full pattern in each UNION
branch) and, with --old-attendance, the earlier form (the UNION nested
inside the join with the event) on the same store, checking both return the
same rows; then load_network_data, co_attendance and analyse (with the
sample size analyse chose).
"""

from __future__ import annotations

import argparse
import time

# The attendance query before issue 16: a UNION inside a join.
NESTED = """SELECT DISTINCT ?event ?org ?role ?person WHERE {
  ?event a cthr:Event ; cthr:hasParticipation ?p .
  ?p cthr:role ?role .
  { ?p cthr:agent ?org . ?org a cthr:Organisation . }
  UNION
  { ?p cthr:agent ?person ; cthr:onBehalfOf ?org . ?person a cthr:Person . ?org a cthr:Organisation . }
}"""


def _rows(graph, text: str) -> tuple[float, set]:
    t = time.perf_counter()
    rows = {tuple(None if r[v] is None else r[v].value for v in ("event", "org", "role", "person"))
            for r in graph.query(text)}
    return time.perf_counter() - t, rows


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("store")
    ap.add_argument("--old-attendance", action="store_true", help="also time the nested-UNION form")
    args = ap.parse_args(argv)

    from cthr.graph import centrality as C, network as N
    from cthr.graph.store import GraphStore

    graph = GraphStore(args.store)
    new_s, new_rows = _rows(graph, N.query_text("attendance"))
    print(f"attendance.rq: {new_s:.2f} s, {len(new_rows)} rows")
    if args.old_attendance:
        old_s, old_rows = _rows(graph, NESTED)
        print(f"nested UNION:  {old_s:.2f} s, {len(old_rows)} rows; same rows: {old_rows == new_rows}; "
              f"ratio {old_s / new_s:.1f}x")
    t = time.perf_counter()
    data = N.load_network_data(graph)
    t_data = time.perf_counter() - t
    G = N.co_attendance(data)
    t_proj = time.perf_counter() - t - t_data
    t2 = time.perf_counter()
    a = N.analyse(data)
    t_an = time.perf_counter() - t2
    print(f"{len(G)} organisations, {G.number_of_edges()} ties; sample {C.sample_size(len(G)) or 'none (exact)'}")
    print(f"load_network_data {t_data:.2f} s, co_attendance {t_proj:.2f} s, analyse {t_an:.2f} s, "
          f"total {time.perf_counter() - t:.2f} s; estimated: {a.estimated or 'nothing'}")


if __name__ == "__main__":
    main()
