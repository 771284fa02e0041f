"""Focused lookups and first pages of every stored query on one store, before vs after (issue 16 item 3).

    python bench/lookups.py STORE [--before DIR] [--out FILE.json]

STORE is a built store (e.g. from `bench/run.py --keep` or a `cthr build` of
a `bench/synth.py` corpus). For every stored query of the installed
catalogue it times, warm, up to --repeat runs within ~3 s each (p50 ms):

* focused: the query about one organisation, funder, event or fact (the
  FOCUS table below; the example parameters where they already name one),
  resolution of names included, as `cthr query` runs it;
* page: the first page of 100 rows with the total count
  (graph/paging.py `run_page`, what `cthr query --limit 100` runs);
* the same two for the queries in --before DIR (e.g. `git archive` of the
  queries/ folder of an earlier commit), with names resolved the earlier
  way: the find-organisation CONTAINS scan, exact names kept;
* anchors: the same focused lookups written directly against the raw
  pyoxigraph store (the IRI already known, no parameter binding, no row
  conversion), the floor the stored queries are compared with.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

# One organisation, funder, event or fact per query; EVENT is an event IRI read from the store.
FOCUS = {
    # UNOCT, IIJ, EU: central bodies with one node each (ONSA is one body per country in synth corpora).
    "co-attendance": {"org": "UNOCT"},
    "event-overview": {"event": "EVENT"},
    "event-persons": {"event": "EVENT"},
    "events-by-funder": {"funder": "EU"},
    "fact-provenance": {"event": "EVENT", "role": "organiser"},
    "find-organisation": {"name": "onsa"},
    "funders": {"funder": "EU"},
    "organisation-profile": {"org": "UNOCT"},
    "people-by-organisation": {"org": "IIJ"},
}

# The raw-pyoxigraph anchors: ORG is replaced by the organisation's IRI, KEY by its name key.
ANCHORS = {
    "name lookup (key)": 'SELECT ?o WHERE { ?o cthr:nameKey "KEY" }',
    "name lookup (CONTAINS scan)": 'SELECT DISTINCT ?o WHERE { ?o a cthr:Organisation ; '
                                   'rdfs:label|skos:prefLabel|skos:altLabel ?n . '
                                   'FILTER (LCASE(STR(?n)) = "KEY") }',
    "co-attendance": "SELECT ?other (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e cthr:hasParticipant <ORG> , ?other . "
                     "FILTER (?other != <ORG>) } GROUP BY ?other",
    "organisation-profile": "SELECT ?e ?r WHERE { ?e cthr:hasParticipation ?p . ?p cthr:agent <ORG> ; "
                            "cthr:role ?r }",
    "events-by-funder": "SELECT DISTINCT ?e WHERE { ?e cthr:fundedBy <FUNDER> }",
    "people-by-organisation": "SELECT ?person WHERE { ?m cthr:organisation <IIJ> ; cthr:member ?person }",
    "event-overview": "SELECT ?p ?o WHERE { <EVENT> ?p ?o }",
}


def _p50(fn, repeat: int, budget: float = 3.0) -> tuple[float, object]:
    out = fn()                                        # warm-up, and the answer
    times: list[float] = []
    while len(times) < repeat and (sum(times) < budget * 1000 or len(times) < min(3, repeat)):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
        if times[-1] > 10_000:
            break
    return statistics.median(times), out


def _scan_resolver(runner, catalogue):
    """Names resolved as before issue 16 item 3: the find-organisation scan, exact names only."""
    from pyoxigraph import Literal, Variable

    lookup = catalogue["find-organisation"]

    def resolve(name):
        columns, rows = runner(lookup.text, {Variable("name"): Literal(name)})
        exact, iri, label = columns.index("exact"), columns.index("org"), columns.index("label")
        return [(r[iri], r[label]) for r in rows if r[exact] == "true"]
    return resolve


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("store")
    ap.add_argument("--before", help="folder of the earlier queries/*.rq")
    ap.add_argument("--repeat", type=int, default=15)
    ap.add_argument("--out", help="write the measurements as JSON here")
    ap.add_argument("--names", help="only these stored queries (comma-separated)")
    ap.add_argument("--before-names", choices=("scan", "key"), default="scan",
                    help="how the --before side resolves names and pages: scan = before name keys (the "
                         "find-organisation scan, no paging); key = as now (name keys, run_page), so only the "
                         "query texts differ")
    ap.add_argument("--side", choices=("both", "after", "before"), default="both",
                    help="time only the current or only the --before queries (two processes in parallel)")
    args = ap.parse_args(argv)

    from pyoxigraph import Store

    from cthr.graph.namekey import name_key
    from cthr.graph.paging import run_page
    from cthr.graph.query import bind_params, load_catalogue, local_runner, resolve_name, run_stored
    from cthr.graph.store import GraphStore
    from cthr.graph.vocab import PREFIXES

    graph = GraphStore.read_only(args.store)
    runner = local_runner(graph)
    after = load_catalogue()
    before = load_catalogue(args.before) if args.before else {}
    events = [s["e"].value for s in graph.query("SELECT ?e WHERE { ?e a cthr:Event } ORDER BY ?e LIMIT 101")]
    event = events[-1]                                  # the 101st event, or the last of a small store
    focus = {n: {k: event if v == "EVENT" else v for k, v in p.items()} for n, p in FOCUS.items()}

    rows: dict[str, dict] = {}
    sides = [("after", after, None), ("before", before, _scan_resolver if args.before_names == "scan" else None)]
    for label, catalogue, resolver in [s for s in sides if args.side in ("both", s[0])]:
        for name, q in catalogue.items():
            if args.names and name not in args.names.split(","):
                continue
            rec = rows.setdefault(name, {})

            def stored(params, q=q, catalogue=catalogue, resolver=resolver):
                if resolver is None:
                    return run_stored(runner, q, params, catalogue)[1]
                bindings = bind_params(q, params, resolver(runner, catalogue))
                return runner(q.text, bindings)[1]

            def page(params, q=q, catalogue=catalogue, resolver=resolver):
                if resolver is None:
                    p = run_page(runner, q, params, 100, 0, catalogue)
                    return p.rows, p.total
                rows_ = stored(params)                   # before: no paging, the whole answer
                return rows_[:100], len(rows_)
            params = focus.get(name, q.example_params())
            if name in focus:
                try:
                    ms, out = _p50(lambda: stored(params), args.repeat)
                    rec[f"{label}_focused_ms"], rec[f"{label}_focused_rows"] = round(ms, 1), len(out)
                except Exception as exc:                 # noqa: BLE001 - reported, not hidden
                    rec[f"{label}_focused_error"] = " ".join(str(exc).split())[:120]
            # The listing: the example without its focus, unless the query needs one (then the focused answer).
            listing = q.example_params() if name not in focus or name == "find-organisation" else {
                k: v for k, v in q.example_params().items() if k not in ("event", "org", "funder")}
            if any(p.required and p.name not in listing for p in q.params):
                listing = params
            try:
                ms, (first, total) = _p50(lambda: page(listing), args.repeat)
                rec[f"{label}_page_ms"], rec[f"{label}_total"] = round(ms, 1), total
            except Exception as exc:                     # noqa: BLE001 - e.g. a required org parameter
                rec[f"{label}_page_error"] = " ".join(str(exc).split())[:120]
            print(name, label, rec, flush=True)

    raw = Store.read_only(args.store)
    iris = {k: resolve_name(v, lambda n: [(r[0], r[1]) for r in _key_rows(raw, name_key(n))]).value
            for k, v in (("ORG", "UNOCT"), ("FUNDER", "EU"), ("IIJ", "IIJ"))}
    anchors = {}
    for name, text in ANCHORS.items():
        text = text.replace("KEY", name_key("UNOCT")).replace("EVENT", event)
        for k, v in iris.items():
            text = text.replace(f"<{k}>", f"<{v}>")
        ms, out = _p50(lambda: [[t.value for t in s] for s in raw.query(text, prefixes=PREFIXES)], args.repeat)
        anchors[name] = {"ms": round(ms, 2), "rows": len(out)}
        print("anchor", name, anchors[name], flush=True)

    result = {"store": args.store, "queries": rows, "anchors": anchors, "event": event, "focus": focus}
    if args.out:
        Path(args.out).write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(table(result))


def _key_rows(raw, key):
    from cthr.graph.vocab import PREFIXES

    text = 'SELECT ?o ?l WHERE { ?o cthr:nameKey "%s" ; cthr:displayName ?l }' % key.replace('"', "")
    return [(s["o"].value, s["l"].value) for s in raw.query(text, prefixes=PREFIXES)]


def table(result: dict) -> str:
    def cell(rec, label, kind):
        if f"{label}_{kind}_ms" not in rec:
            return rec.get(f"{label}_{kind}_error", "-")[:40] if kind == "page" else "-"
        extra = rec.get(f"{label}_focused_rows") if kind == "focused" else rec.get(f"{label}_total")
        return f"{rec[f'{label}_{kind}_ms']:.1f} ({extra:,})"
    out = ["| query | focused before | focused after | first page of 100, before | first page of 100 + total, after |",
           "|---|---|---|---|---|"]
    for name, rec in sorted(result["queries"].items()):
        out.append(f"| {name} | {cell(rec, 'before', 'focused')} | {cell(rec, 'after', 'focused')} | "
                   f"{cell(rec, 'before', 'page')} | {cell(rec, 'after', 'page')} |")
    out += ["", "| raw pyoxigraph anchor | ms | rows |", "|---|---|---|"]
    out += [f"| {n} | {a['ms']:.1f} | {a['rows']:,} |" for n, a in result["anchors"].items()]
    return "\n".join(out)


if __name__ == "__main__":
    main()
