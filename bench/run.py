"""Benchmark of the build pipeline, stored queries and network report at several graph sizes.

    python bench/run.py --sizes 1k,10k,100k,1m --out bench/results/latest.json

For each size (target number of triples) it generates a synthetic corpus
(bench/synth.py, seeded), then measures in child processes, so each stage's
peak memory (getrusage ru_maxrss) is its own:

* build: load/extract, mapping + rules, SHACL validation, Turtle export,
  wall time, peak RSS (main process and load workers);
* text extraction alone (articles/s, one process);
* raw pyoxigraph on the same quads (bulk_load + Turtle dump), the anchor
  the build is compared with (build wall / raw wall);
* incremental rebuild after one changed article;
* every stored query (graph/query.py catalogue, with its example parameters)
  repeated: p50/p95;
* the network report (graph/network.py: data, projection, analysis);
* the naive baseline: rdflib in-memory Graph, rules as rdflib SPARQL,
  pySHACL on the whole graph, rdflib Turtle, rdflib SPARQL for the queries,
  at the sizes given by --naive-sizes, each under --naive-timeout.

It prints a table and writes JSON. Speed is measured here only, never in
the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

# Calibrated on synth output: ~560 triples per press release, ~150 per record
# event (incl. its share of the inferred graph). 30% of triples from text.
TRIPLES_PER_ARTICLE = 560
TRIPLES_PER_RECORD = 150
TEXT_SHARE = 0.3


def parse_size(text: str) -> int:
    text = text.strip().lower()
    mult = {"k": 1_000, "m": 1_000_000}.get(text[-1], 1)
    return int(float(text.rstrip("km")) * mult)


def corpus_plan(triples: int) -> tuple[int, int]:
    articles = max(1, round(triples * TEXT_SHARE / TRIPLES_PER_ARTICLE))
    records = max(1, round(triples * (1 - TEXT_SHARE) / TRIPLES_PER_RECORD))
    return articles, records


def peak_mib() -> dict:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"self_mib": round(own, 1), "children_mib": round(kids, 1)}


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    k = (len(values) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


# ----------------------------------------------------------------- children
def child_build(corpus: Path, work: Path) -> dict:
    from cthr.graph.build import build

    t = time.perf_counter()
    # One load worker per core, as the figures in bench/README.md were measured
    # (`cthr build --workers N`; the library default is sequential).
    r = build([corpus / "texts", corpus / "records"], store=work / "store", out=work / "graph.ttl", fresh=True,
              workers=os.cpu_count())
    wall = time.perf_counter() - t
    if not r.ok:
        raise SystemExit("synthetic corpus does not validate:\n" + r.report.text())
    return {"timings": r.timings, "wall_s": wall, "triples": r.triples, "quads": r.quads,
            "warnings": len(r.report.warnings), "peak": peak_mib()}


def child_incremental(corpus: Path, work: Path, change: str = "wording") -> dict:
    """One article changed, then the build again. `wording`: a phrase the rules do not see (the source
    graph changes: text, evidence spans); `funder`: its funder and host renamed (fundings,
    participations and names change, so the rules re-derive for their nodes)."""
    import re

    from cthr.graph.build import build

    victim = sorted((corpus / "texts").glob("*.txt"))[0]
    text = victim.read_text(encoding="utf-8")
    if change == "funder":
        changed = re.sub(r"funded by [A-Z][a-z]+", "funded by Freedonia", text, count=1)
        changed = re.sub(r"hosted by the [^(.]+\(", "hosted by the Freedonian Institute of Justice (", changed, count=1)
    else:
        changed = text.replace("took part", "took part in person", 1)
    assert changed != text, f"{victim}: nothing to change for {change!r}"
    victim.write_text(changed, encoding="utf-8")
    try:
        t = time.perf_counter()
        # As `cthr build` does it: the store updated, no Turtle export (that is `-o`, or `cthr export`).
        r = build([corpus / "texts", corpus / "records"], store=work / "store", workers=os.cpu_count())
        wall = time.perf_counter() - t
    finally:
        victim.write_text(text, encoding="utf-8")
    return {"timings": r.timings, "wall_s": wall, "validated": r.validated, "rules": getattr(r, "rules", "full"),
            "ok": r.ok, "changed": r.sources, "peak": peak_mib()}


def child_raw(work: Path) -> dict:
    """The anchor: raw pyoxigraph bulk_load of the built store's quads + a Turtle dump of its union."""
    from pyoxigraph import DefaultGraph, RdfFormat, Store

    nq, raw = work / "raw.nq", work / "raw-store"
    Store.read_only(str(work / "store")).dump(str(nq), format=RdfFormat.N_QUADS)    # not timed
    shutil.rmtree(raw, ignore_errors=True)
    t = time.perf_counter()
    store = Store(str(raw))
    store.bulk_load(path=str(nq), format=RdfFormat.N_QUADS)
    t_load = time.perf_counter() - t
    store.dump(str(work / "raw.ttl"), format=RdfFormat.TURTLE, from_graph=DefaultGraph())
    wall = time.perf_counter() - t
    del store
    shutil.rmtree(raw, ignore_errors=True)
    nq.unlink()
    return {"bulk_load_s": t_load, "dump_s": wall - t_load, "wall_s": wall, "peak": peak_mib()}


def child_extract(corpus: Path, limit: int) -> dict:
    from cthr.graph.build import load_source

    files = sorted((corpus / "texts").glob("*.txt"))[:limit]
    load_source(files[0])                     # imports and lexicon out of the timing
    t = time.perf_counter()
    for f in files:
        load_source(f)
    dt = time.perf_counter() - t
    return {"articles": len(files), "seconds": dt, "articles_per_s": len(files) / dt if dt else None,
            "long_article": _long_article(files)}


def _long_article(files: list[Path]) -> dict:
    """Seconds to extract one article of 100k, 300k and 1M characters (the
    corpus's texts joined): the extractor must stay linear in text length."""
    from cthr.loaders.model import Source
    from cthr.loaders.text import extract_text

    joined = "\n".join(f.read_text("utf-8") for f in files)
    text = (joined + "\n") * (1_000_000 // max(1, len(joined)) + 1)
    out = {}
    for size in (100_000, 300_000, 1_000_000):
        t = time.process_time()
        extract_text(Source(key="long", path="long.txt", kind="text", text=text[:size], language="auto"))
        out[str(size)] = round(time.process_time() - t, 3)
    return out


def _query_cases():
    from cthr.graph.query import load_catalogue

    return [(name, q, q.example_params()) for name, q in sorted(load_catalogue().items())]


def child_queries(work: Path, repeat: int, names: list[str]) -> None:
    """Time the named stored queries; prints one JSON line per query as it finishes."""
    from cthr.graph.query import local_runner, run_stored
    from cthr.graph.store import GraphStore

    graph = GraphStore(work / "store")
    runner = local_runner(graph)
    for name, q, params in _query_cases():
        if name not in names:
            continue
        try:
            t = time.perf_counter()
            cols, rows = run_stored(runner, q, params)          # first run: also the row count
            times = [(time.perf_counter() - t) * 1000]
            # Up to `repeat` runs, within ~5 s per query, at least 3.
            while len(times) < repeat and (sum(times) < 5000 or len(times) < 3):
                t = time.perf_counter()
                run_stored(runner, q, params)
                times.append((time.perf_counter() - t) * 1000)
            times = times[1:] if len(times) > 3 else times         # drop the cold run when we can
            rec = {"params": params, "rows": len(rows), "p50_ms": statistics.median(times),
                   "p95_ms": percentile(times, 0.95), "runs": len(times)}
        except Exception as exc:                                   # noqa: BLE001 - reported, not hidden
            rec = {"params": params, "error": " ".join(str(exc).split())[:200]}
        print(json.dumps({"name": name, **rec}), flush=True)


def run_queries(work: Path, repeat: int, per_query_timeout: float) -> dict:
    """All stored queries, in child processes; a query slower than the limit is stopped and noted."""
    try:
        names = [n for n, _, _ in _query_cases()]
    except ImportError as exc:
        return {"skipped": f"stored query catalogue not available: {exc}"}
    import selectors

    out: dict = {}
    todo = list(names)
    while todo:
        cmd = [sys.executable, str(Path(__file__).resolve()), "--child", "queries", str(work), str(repeat), *todo]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        sel = selectors.DefaultSelector()
        sel.register(proc.stdout, selectors.EVENT_READ)
        # The first query also pays for opening the store.
        while todo:
            if not sel.select(timeout=per_query_timeout + 30 * (todo == names)):
                proc.kill()
                out[todo.pop(0)] = {"did_not_finish": f"stopped after {per_query_timeout:.0f} s"}
                break
            line = proc.stdout.readline()
            if not line:
                for n in todo:
                    out[n] = {"error": "query child exited"}
                todo = []
                break
            rec = json.loads(line)
            out[rec.pop("name")] = rec
            todo.remove(next(n for n in todo if n in out))
        proc.wait()
    return {"queries": {n: out[n] for n in names}}


def child_network(work: Path) -> dict:
    try:
        from cthr.graph import network
    except ImportError as exc:
        return {"skipped": f"cthr.graph.network not available: {exc}"}
    from cthr.graph.store import GraphStore

    graph = GraphStore(work / "store")
    t = time.perf_counter()
    data = network.load_network_data(graph)
    t_data = time.perf_counter() - t
    G = network.co_attendance(data)
    t_proj = time.perf_counter() - t - t_data
    t2 = time.perf_counter()
    network.analyse(data)
    t_an = time.perf_counter() - t2
    return {"organisations": G.number_of_nodes(), "edges": G.number_of_edges(), "data_s": t_data,
            "projection_s": t_proj, "analyse_s": t_an, "total_s": time.perf_counter() - t, "peak": peak_mib()}


def child_naive(corpus: Path, work: Path, queries: bool) -> dict:
    """The straightforward pipeline: rdflib Graph + rdflib SPARQL rules + pySHACL + rdflib Turtle."""
    from importlib.resources import files

    import rdflib

    from cthr.graph.build import expand_sources, load_source
    from cthr.graph.mapping import extraction_quads
    from cthr.graph.store import RULES
    from cthr.graph.validate import to_rdflib, validate_graph

    timings = {}
    t0 = time.perf_counter()
    extractions = [load_source(p) for p in expand_sources([corpus / "texts", corpus / "records"])]
    timings["load"] = time.perf_counter() - t0
    t = time.perf_counter()
    g = rdflib.Graph()
    parts = []
    for x in extractions:
        part = to_rdflib(q.triple for q in extraction_quads(x))
        parts.append((x.source.key, part))
        g += part
    inferred = rdflib.Graph()
    for name in RULES:
        text = (files("cthr.graph") / "rules" / name).read_text(encoding="utf-8")
        for triple in list(g.query(text)):
            inferred.add(triple)
    g += inferred
    timings["map"] = time.perf_counter() - t
    t = time.perf_counter()
    report = validate_graph(g)
    timings["validate"] = time.perf_counter() - t
    t = time.perf_counter()
    g.serialize(destination=str(work / "naive.ttl"), format="turtle")
    timings["export"] = time.perf_counter() - t
    out = {"timings": timings, "wall_s": time.perf_counter() - t0, "triples": len(g),
           "conforms": report.conforms, "peak": peak_mib()}
    if queries:
        from cthr.graph.query import bind_params, inline_bindings, with_prefixes

        from cthr.graph.vocab import INFERRED_GRAPH, source_iri

        # The stored queries use GRAPH: they need the named graphs (an rdflib Dataset).
        ds = rdflib.Dataset(default_union=True)
        for key, part in [*parts, (None, inferred)]:
            ds.graph(rdflib.URIRef(source_iri(key).value if key else INFERRED_GRAPH)).__iadd__(part)
        g = ds
        qs = {}
        for name, q, params in _query_cases():
            try:
                resolve = None
                if any(p.type == "org" for p in q.params):
                    resolve = _rdflib_org_resolver(g)
                text = with_prefixes(inline_bindings(q.text, bind_params(q, params, resolve)))
                t = time.perf_counter()
                rows = list(g.query(text))
                qs[name] = {"ms": (time.perf_counter() - t) * 1000, "rows": len(rows)}
            except Exception as exc:                                # noqa: BLE001
                qs[name] = {"error": " ".join(str(exc).split())[:200]}
        out["queries"] = qs
    return out


def _rdflib_org_resolver(g):
    from cthr.graph.query import ORG_LOOKUP, get_query, inline_bindings, with_prefixes
    from pyoxigraph import Literal, Variable

    lookup = get_query(ORG_LOOKUP)

    def resolve(name):
        text = with_prefixes(inline_bindings(lookup.text, {Variable("name"): Literal(name)}))
        res = g.query(text)
        cols = [str(v) for v in res.vars]
        e, o, lab = cols.index("exact"), cols.index("org"), cols.index("label")
        return [(str(r[o]), str(r[lab])) for r in res if str(r[e]) == "true"]
    return resolve


# ----------------------------------------------------------------- driver
def run_child(kind: str, args: list[str], timeout: float | None, python: str | None = None) -> dict:
    """Run one measured stage in a fresh interpreter (`python`: another one); returns its JSON (or why not)."""
    cmd = [python or sys.executable, str(Path(__file__).resolve()), "--child", kind, *args]
    t = time.perf_counter()
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"did_not_finish": f"stopped after {timeout:.0f} s", "wall_s": time.perf_counter() - t}
    if proc.returncode != 0:
        return {"error": (proc.stderr.strip().splitlines() or ["?"])[-1][:300]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    import pyoxigraph
    import pyshacl
    import rdflib

    return {"nproc": os.cpu_count(), "cpu": cpu, "memory_gib": round(mem, 1),
            "python": platform.python_version(), "pyoxigraph": pyoxigraph.__version__,
            "rdflib": rdflib.__version__, "pyshacl": pyshacl.__version__, "platform": platform.platform()}


def measure(size: int, args, work_root: Path) -> dict:
    from synth import generate

    articles, records = corpus_plan(size)
    work = work_root / f"size-{size}"
    corpus = work / "corpus"
    shutil.rmtree(work, ignore_errors=True)
    t = time.perf_counter()
    generate(corpus, articles=articles, records=records, seed=args.seed)
    row = {"target_triples": size, "articles": articles, "record_events": records,
           "generate_s": time.perf_counter() - t}
    say = lambda m: print(f"  [{size:>9,}] {m}", file=sys.stderr, flush=True)   # noqa: E731
    say(f"corpus: {articles} articles, {records} record events")
    if args.before_python:
        # The same stages with another checkout's interpreter, first, on its own store: before/after in one run.
        before = work / "before"
        row["before"] = {"build": run_child("build", [str(corpus), str(before)], args.timeout, args.before_python)}
        row["before"]["incremental"] = run_child("incremental", [str(corpus), str(before)], args.timeout,
                                                 args.before_python)
        if args.update_only:
            row["before"]["incremental_funder"] = run_child("incremental", [str(corpus), str(before), "funder"],
                                                            args.timeout, args.before_python)
        shutil.rmtree(before, ignore_errors=True)
        say(f"before: build {row['before']['build'].get('wall_s', 0):.1f} s, "
            f"update {row['before']['incremental'].get('wall_s', 0):.2f} s")
    row["build"] = run_child("build", [str(corpus), str(work)], args.timeout)
    say(f"build: {row['build'].get('wall_s', 0):.1f} s")
    if args.update_only:
        row["incremental"] = run_child("incremental", [str(corpus), str(work)], args.timeout)
        row["incremental_funder"] = run_child("incremental", [str(corpus), str(work), "funder"], args.timeout)
        say(f"update: {row['incremental'].get('wall_s', 0):.2f} s, "
            f"funder changed: {row['incremental_funder'].get('wall_s', 0):.2f} s")
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        return row
    row["raw"] = run_child("raw", [str(work)], args.timeout)
    if row["build"].get("wall_s") and row["raw"].get("wall_s"):
        row["build_vs_raw"] = row["build"]["wall_s"] / row["raw"]["wall_s"]
    say(f"raw pyoxigraph: {row['raw'].get('wall_s', 0):.1f} s")
    row["extract"] = run_child("extract", [str(corpus), str(args.extract_sample)], args.timeout)
    row["incremental"] = run_child("incremental", [str(corpus), str(work)], args.timeout)
    row["queries"] = run_queries(work, args.repeat, args.query_timeout)
    say("queries done")
    if size <= parse_size(args.network_max):
        row["network"] = run_child("network", [str(work)], args.timeout)
        say(f"network: {row['network'].get('total_s', 0):.1f} s")
    else:
        row["network"] = {"skipped": f"above --network-max {args.network_max}"}
    if size in args.naive_set:
        row["naive"] = run_child("naive", [str(corpus), str(work), "1" if size <= args.naive_query_max else "0"],
                                 args.naive_timeout)
        say(f"naive: {row['naive'].get('wall_s', 0):.1f} s")
        fast, naive = row["build"].get("wall_s"), row["naive"].get("wall_s")
        if fast and naive:
            key = "lower_bound_speedup" if "did_not_finish" in row["naive"] else "speedup"
            row[key] = naive / fast
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return row


def table(rows: list[dict]) -> str:
    head = ("triples", "articles", "load s", "map s", "valid s", "export s", "wall s", "raw s", "x raw", "peak MiB",
            "extract art/s", "incr s", "q p50 max ms", "q p95 max ms", "q p50>=50ms / DNF", "network s",
            "naive s", "speedup")
    lines = [" | ".join(head), " | ".join("---" for _ in head)]
    for r in rows:
        b, tm = r["build"], r["build"].get("timings", {})
        qs = [q for q in r["queries"].get("queries", {}).values() if "p50_ms" in q]
        naive = r.get("naive", {})
        naive_s = ("> %.0f" % naive["wall_s"]) if "did_not_finish" in naive else (
            "%.1f" % naive["wall_s"] if "wall_s" in naive else "-")
        speed = r.get("speedup") or r.get("lower_bound_speedup")
        peak = b.get("peak", {})
        cells = (f"{b.get('triples', 0):,}", str(r["articles"]), *(f"{tm.get(k, 0):.2f}" for k in
                 ("load", "map", "validate", "export")), f"{b.get('wall_s', 0):.2f}",
                 f"{r.get('raw', {}).get('wall_s', 0):.2f}", f"{r.get('build_vs_raw', 0):.1f}x",
                 f"{max(peak.get('self_mib', 0), peak.get('children_mib', 0)):.0f}",
                 f"{r['extract'].get('articles_per_s') or 0:.0f}",
                 f"{r['incremental'].get('wall_s', 0):.2f}",
                 f"{max((q['p50_ms'] for q in qs), default=0):.1f}",
                 f"{max((q['p95_ms'] for q in qs), default=0):.1f}",
                 f"{sum(q['p50_ms'] >= 50 for q in qs)} / "
                 f"{sum('did_not_finish' in q for q in r['queries'].get('queries', {}).values())}",
                 f"{r['network'].get('total_s', 0):.2f}" if "total_s" in r["network"] else "-",
                 naive_s, (">" if "lower_bound_speedup" in r else "") + (f"{speed:.1f}x" if speed else "-"))
        lines.append(" | ".join(cells))
    return "\n".join(lines)


def update_table(rows: list[dict]) -> str:
    """One-article update against a full build, before (--before-python) and after."""
    lines = ["triples | code | build wall s | update wall s | update / build | rules | validated",
             "--- | --- | --- | --- | --- | --- | ---"]
    for r in rows:
        for code, part in (("before", r.get("before")), ("after", r)):
            if not part:
                continue
            for stage in ("incremental", "incremental_funder"):
                if stage not in part:
                    continue
                b, u = part["build"].get("wall_s"), part[stage].get("wall_s")
                lines.append(" | ".join([f"{r['build'].get('triples', 0):,}", f"{code} ({stage})", f"{b or 0:.2f}",
                                         f"{u or 0:.2f}", f"{100 * u / b:.1f}%" if b and u else "-",
                                         str(part[stage].get("rules", "-")), str(part[stage].get("validated", "-"))]))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1k,10k,100k,1m", help="target triple counts (k, m suffixes)")
    ap.add_argument("--out", default=str(HERE / "results" / "latest.json"))
    ap.add_argument("--naive-sizes", default="1k,10k,100k", help="sizes that also run the naive baseline")
    ap.add_argument("--naive-timeout", type=float, default=240, help="seconds before the naive run is stopped")
    ap.add_argument("--naive-query-max", default="1k", help="largest size that runs queries in rdflib")
    ap.add_argument("--network-max", default="100k", help="largest size that runs the network report")
    ap.add_argument("--repeat", type=int, default=20, help="runs per stored query")
    ap.add_argument("--extract-sample", type=int, default=300, help="articles timed for extraction speed")
    ap.add_argument("--query-timeout", type=float, default=30, help="seconds before one stored query is stopped")
    ap.add_argument("--timeout", type=float, default=300, help="seconds per measured stage")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--before-python", help="also run build + incremental with this interpreter (another checkout)")
    ap.add_argument("--update-only", action="store_true", help="only the build and the one-article update")
    ap.add_argument("--work", help="work folder (default: a temp folder)")
    ap.add_argument("--keep", action="store_true", help="keep corpora and stores")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("rest", nargs="*", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.child:
        a = args.rest
        fn = {"build": lambda: child_build(Path(a[0]), Path(a[1])),
              "incremental": lambda: child_incremental(Path(a[0]), Path(a[1]), *a[2:3]),
              "extract": lambda: child_extract(Path(a[0]), int(a[1])),
              "raw": lambda: child_raw(Path(a[0])),
              "queries": lambda: child_queries(Path(a[0]), int(a[1]), a[2:]),
              "network": lambda: child_network(Path(a[0])),
              "naive": lambda: child_naive(Path(a[0]), Path(a[1]), a[2] == "1")}[args.child]
        res = fn()
        if res is not None:
            print(json.dumps(res))
        return

    sizes = [parse_size(s) for s in args.sizes.split(",") if s]
    args.naive_set = {parse_size(s) for s in args.naive_sizes.split(",") if s}
    args.naive_query_max = parse_size(args.naive_query_max)
    work_root = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="cthr-bench-"))
    t0 = time.perf_counter()
    rows = []
    for size in sizes:
        rows.append(measure(size, args, work_root))
    result = {"machine": machine(), "sizes": rows, "total_s": time.perf_counter() - t0,
              "argv": sys.argv[1:]}
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1, default=str) + "\n", encoding="utf-8")
    print(update_table(rows) if args.update_only else table(rows))
    print(f"\nwrote {out} ({result['total_s']:.0f} s in all)")
    if not args.work:
        shutil.rmtree(work_root, ignore_errors=True)


if __name__ == "__main__":
    main()
