"""First pages and focused queries at 1M: evaluated each time (before) against the result cache (issue 16 item 3).

    python bench/pages.py STORE --before DIR [--repeat 5] [--out FILE.json]

STORE is a store built with `cthr build` (read-only here, apart from its
`cthr-cache.sqlite`); DIR is an earlier commit's queries/ folder (`git
archive main queries | tar -x -C DIR`). In one process, for every stored
query, the first page of 100 rows with its total (graph/paging.py
`run_page`, as `cthr query --limit 100` and the served page ask it) and, for
the queries about one organisation, funder, event or fact, the focused
answer for the most connected body and for a median one:

* before: DIR's text, no cache, parameters bound as this tree binds them
  (with --before-binding third-pass: as before 2026-12-02's third pass,
  graph/sparqltext.py without the VALUES rows in UNION branches), p50 of
  --repeat evaluations (the first in a child under --timeout: DNF past it);
* before, first ask: DIR's text through the result cache, emptied, one call;
* first ask: the current text, the cache emptied, one call (it evaluates,
  converts every row and keeps the answer), right after DIR's first ask;
* again: p50 of --repeat calls after it (read from the cache); for a page,
  also the next page (offset 100).

Every cached answer is compared with an evaluation without the cache, row
by row, cell types included, GROUP_CONCAT cells as sets; a changed query
text is compared with DIR's the same way, rows that tie on its ORDER BY as
multisets (their order is unspecified).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import time
from pathlib import Path

# The focus of each focused query; TOP/MEDIAN are replaced by organisations (or funders) read from the store.
FOCUS = {
    "co-attendance": "org", "organisation-profile": "org", "people-by-organisation": "org",
    "events-by-funder": "funder", "funders": "funder",
}
EVENT_FOCUS = {"event-overview": {}, "event-persons": {}, "fact-provenance": {"role": "organiser"}}
DEGREES = {
    "org": "SELECT ?o (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e cthr:hasParticipant ?o . ?o a cthr:Organisation } "
           "GROUP BY ?o ORDER BY DESC(?n) ?o",
    "funder": "SELECT ?o (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e cthr:fundedBy ?o } GROUP BY ?o ORDER BY DESC(?n) ?o",
}


def _p50(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def _once(fn) -> tuple[float, object]:
    t = time.perf_counter()
    out = fn()
    return (time.perf_counter() - t) * 1000, out


def _within(fn, timeout: float) -> bool:
    """Whether fn() ends within `timeout` s (run in a forked child, killed past it)."""
    from cthr.graph.limits import Limits, LimitExceeded, call_forked

    try:
        call_forked(_call, fn, limits=Limits(timeout=timeout, memory_mib=8192))
        return True
    except LimitExceeded:
        return False


def _call(fn):
    fn()
    return None


class _BoundAsBefore:
    """Parameters bound as before 2026-12-02's third pass: VALUES rows in the outer group and sub-selects only."""

    def __enter__(self):
        import cthr.graph.sparqltext as sparqltext

        self.module, self.saved = sparqltext, sparqltext._union_groups
        sparqltext._union_groups = lambda text, after: []

    def __exit__(self, *exc):
        self.module._union_groups = self.saved


def _empty(cache_file: Path) -> None:
    import sqlite3

    if cache_file.exists():
        with sqlite3.connect(cache_file) as db:
            db.execute("DELETE FROM rows")
            db.execute("DELETE FROM answers")


def _norm(columns, rows, multi):
    return [tuple(frozenset(v.split(multi[c])) if c in multi else (type(v).__name__, str(v))
                  for c, v in zip(columns, r)) for r in rows]


def _same(columns, a, b, multi, ties=None) -> str:
    """'same' row by row; 'same, ties reordered' when only rows tying on `ties` columns moved; else 'DIFFERENT'."""
    na, nb = _norm(columns, a, multi), _norm(columns, b, multi)
    if na == nb:
        return "same"
    if ties and len(na) == len(nb):
        keys = [columns.index(t) for t in ties]
        ga = [sorted(map(repr, g)) for _, g in itertools.groupby(na, key=lambda r: [r[k] for k in keys])]
        gb = [sorted(map(repr, g)) for _, g in itertools.groupby(nb, key=lambda r: [r[k] for k in keys])]
        if ga == gb:
            return "same, ties reordered"
    return "DIFFERENT"


def _order_columns(text: str) -> list[str]:
    """The plain ?variables of the query's last ORDER BY (the tie keys of its rows)."""
    import re

    tail = text[text.upper().rfind("ORDER BY"):]
    return re.findall(r"(?<![(\w])\?(\w+)", tail)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("store")
    ap.add_argument("--before", required=True, help="folder of the earlier queries/*.rq")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds for one 'before' evaluation")
    ap.add_argument("--names", help="only these stored queries (comma-separated)")
    ap.add_argument("--before-binding", choices=("current", "third-pass"), default="current",
                    help="how DIR's parameters are bound (third-pass: no VALUES rows in UNION branches)")
    ap.add_argument("--focus-only", action="store_true", help="only the focused cases (no listings)")
    ap.add_argument("--first-only", action="store_true",
                    help="only the first asks of this tree's text (no 'before' timing, no 'again'): to run "
                         "against another checkout's code in alternate processes (PYTHONPATH)")
    ap.add_argument("--out", help="write the measurements as JSON here")
    args = ap.parse_args(argv)

    from cthr.graph.paging import run_page
    from cthr.graph.query import load_catalogue, local_runner, run_stored
    from cthr.graph.resultcache import CACHE_FILE, store_version
    from cthr.graph.storedir import open_store
    from cthr.graph.values import multi_columns
    from cthr.graph.vocab import PREFIXES

    store = Path(args.store)
    cache_file = store / CACHE_FILE
    cache_file.unlink(missing_ok=True)
    graph = open_store(store)
    assert graph.cache is not None, "the store has no result cache (CTHR_CACHE=off?)"
    plain = open_store(store)
    plain.cache = None
    cached_runner, plain_runner = local_runner(graph), local_runner(plain)
    after, before = load_catalogue(), load_catalogue(args.before)

    def pick(kind):
        rows = [(s["o"].value, int(s["n"].value)) for s in plain.store.query(DEGREES[kind], prefixes=PREFIXES)]
        return {"top": rows[0], "median": rows[len(rows) // 2]}
    bodies = {kind: pick(kind) for kind in DEGREES}
    events = [s["e"].value for s in plain.store.query(
        "SELECT ?e WHERE { ?e a cthr:Event } ORDER BY ?e LIMIT 101", prefixes=PREFIXES)]
    cases = []                                            # (query, label, params, whole answer or page)
    for name in after:
        if args.names and name not in args.names.split(","):
            continue
        q = after[name]
        listing = {k: v for k, v in q.example_params().items()
                   if not (q.param(k) and q.param(k).optional and k in ("org", "funder", "event"))}
        if name in FOCUS:
            for which, (iri, degree) in bodies[FOCUS[name]].items():
                cases.append((name, f"{which} ({degree} events)", {FOCUS[name]: iri}, "whole"))
            cases.append((name, f"top ({bodies[FOCUS[name]]['top'][1]} events)",
                          {FOCUS[name]: bodies[FOCUS[name]]["top"][0]}, "page"))
        elif name in EVENT_FOCUS:
            cases.append((name, "one event", {"event": events[-1], **EVENT_FOCUS[name]}, "whole"))
        focus = q.param(FOCUS.get(name, "event"))
        takes = all(not p.required or p.name in listing for p in q.params)
        if not args.focus_only and not (focus and focus.required) and takes:
            cases.append((name, "listing", listing, "page"))

    results = []
    for name, label, params, kind in cases:
        qa, qb = after[name], before[name]
        rec = {"query": name, "focus": label, "kind": kind, "params": params}

        def ask(runner, query, catalogue, offset=0):
            if catalogue is before and args.before_binding == "third-pass":
                with _BoundAsBefore():
                    return ask_now(runner, query, catalogue, offset)
            return ask_now(runner, query, catalogue, offset)

        def ask_now(runner, query, catalogue, offset=0):
            if kind == "page":
                p = run_page(runner, query, params, 100, offset, catalogue)
                return p.columns, p.rows, p.total
            columns, rows = run_stored(runner, query, params, catalogue)
            return columns, rows, len(rows)
        # before: the earlier text, evaluated every time
        if args.first_only:
            _empty(cache_file)
            rec["first_ms"], (columns, rows, total) = _once(lambda: ask(cached_runner, qa, after))
            rec["rows"], rec["total"] = len(rows), total
            results.append(rec)
            print(json.dumps(rec), flush=True)
            continue
        if _within(lambda: ask(plain_runner, qb, before), args.timeout):
            rec["before_ms"] = _p50(lambda: ask(plain_runner, qb, before), args.repeat)
            _, before_rows, _ = ask(plain_runner, qb, before)
        else:
            rec["before_ms"], before_rows = None, None
        # first asks: the cache emptied (the file kept, as after any earlier query), one call each,
        # DIR's text then this tree's; then again
        _empty(cache_file)
        if rec["before_ms"] is not None:
            rec["before_first_ms"], _ = _once(lambda: ask(cached_runner, qb, before))
            _empty(cache_file)
        rec["first_ms"], (columns, rows, total) = _once(lambda: ask(cached_runner, qa, after))
        rec["again_ms"] = _p50(lambda: ask(cached_runner, qa, after), args.repeat)
        if kind == "page":
            rec["next_page_ms"] = _p50(lambda: ask(cached_runner, qa, after, 100), args.repeat)
        rec["rows"], rec["total"] = len(rows), total
        multi = multi_columns(qa.text)
        _, evaluated, _ = ask(plain_runner, qa, after)
        _, hit, _ = ask(cached_runner, qa, after)
        rec["cache_vs_evaluated"] = _same(columns, hit, evaluated, multi)
        if before_rows is not None:
            rec["after_vs_before"] = _same(columns, evaluated, before_rows, multi,
                                           _order_columns(qb.text) if qa.text != qb.text else None)
        results.append(rec)
        print(json.dumps(rec), flush=True)

    opened = _p50(lambda: open_store(store), args.repeat * 4)
    version = _p50(lambda: store_version(store), args.repeat * 4)
    out = {"store": str(store), "bodies": bodies, "results": results, "open_ms": opened, "version_ms": version,
           "load": os.getloadavg()}
    if args.out:
        Path(args.out).write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(table(out))


def _ratio(before, after) -> str:
    return "-" if not before or not after else f"{before / after:,.1f}x"


def table(out: dict) -> str:
    def ms(v):
        return "DNF" if v is None else f"{v:,.1f}"
    lines = ["| query | focus | what | before (evaluated) | before: first ask | first ask | ratio | again | next page "
             "| rows (total) | rows |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in out["results"]:
        rows = r["cache_vs_evaluated"] + (f"; vs before: {r['after_vs_before']}" if "after_vs_before" in r else "")
        lines.append(f"| {r['query']} | {r['focus']} | {'first 100' if r['kind'] == 'page' else 'whole answer'} | "
                     f"{ms(r['before_ms'])} | {ms(r.get('before_first_ms'))} | {ms(r['first_ms'])} | "
                     f"{_ratio(r.get('before_first_ms'), r['first_ms'])} | {ms(r['again_ms'])} | "
                     f"{ms(r['next_page_ms']) if 'next_page_ms' in r else '-'} | {r['rows']:,} ({r['total']:,}) | "
                     f"{rows} |")
    lines.append(f"\nopen_store {out['open_ms']:.2f} ms (of which the version {out['version_ms']:.2f} ms); "
                 f"load average {', '.join(f'{x:.1f}' for x in out['load'])}")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
