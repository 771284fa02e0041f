"""Where the network report's time goes, on one store, in one run (issue 16 item 4).

    python bench/network_report.py STORE [--old-attendance]
    python bench/network_report.py STORE --end-to-end [--before-python PY] [--repeat N]

Times the attendance query as it is now (the full pattern in each UNION
branch) and, with --old-attendance, the earlier form (the UNION nested
inside the join with the event) on the same store, checking both return the
same rows; then load_network_data, co_attendance and analyse (with the
sample size analyse chose).

--end-to-end runs `cthr network report` in a fresh process with this
interpreter (and, alternating with it, with --before-python, e.g. a venv of
an earlier commit), times each stage from the progress lines, and compares
the files the two wrote byte for byte (network.png, the positions in
network.gexf and the picture in report.html come from the spring layout).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _report_run(python: str, store: str, out: Path) -> tuple[float, float, list[tuple[str, float]]]:
    """Wall and CPU seconds of one `cthr network report`, and the seconds spent before each progress line."""
    cpu0 = _cpu()
    t0 = time.perf_counter()
    p = subprocess.Popen([python, "-m", "cthr", "network", "report", "--store", store, "-o", str(out)],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=out.parent,
                         env={**os.environ, "COLUMNS": "200"})   # cwd: not a source tree's cthr/ first on sys.path
    stages, last, name = [], t0, "start-up"
    for line in p.stderr:
        now = time.perf_counter()
        stages.append((name, now - last))
        name, last = line.strip(), now
    if p.wait() != 0:
        sys.exit(f"{python}: cthr network report failed (exit {p.returncode})")
    end = time.perf_counter()
    stages.append((name, end - last))
    return end - t0, _cpu() - cpu0, stages


def end_to_end(store: str, before: str | None, repeat: int, keep: str | None = None) -> None:
    pythons = {"after": sys.executable, **({"before": before} if before else {})}
    walls: dict[str, list[float]] = {k: [] for k in pythons}
    cpus: dict[str, list[float]] = {k: [] for k in pythons}
    stages: dict[str, list[list[tuple[str, float]]]] = {k: [] for k in pythons}
    store = str(Path(store).resolve())
    with tempfile.TemporaryDirectory(dir=keep) as tmp:
        for side, python in pythons.items():
            where = subprocess.run([python, "-c", "import cthr.graph.network as n; print(n.__file__)"], cwd=tmp,
                                   capture_output=True, text=True, check=True).stdout.strip()
            print(f"{side}: {python} runs {where}")
        for i in range(repeat):
            for side in sorted(pythons, reverse=i % 2 == 1):      # alternate which goes first
                wall, cpu, st = _report_run(pythons[side], store, Path(tmp) / side)
                walls[side].append(wall)
                cpus[side].append(cpu)
                stages[side].append(st)
                print(f"run {i + 1} {side}: {wall:.2f} s wall, {cpu:.2f} s CPU (load {os.getloadavg()[0]:.1f})",
                      flush=True)
        for side in pythons:
            print(f"\n{side}: wall {', '.join(f'{w:.2f}' for w in walls[side])} s; "
                  f"CPU {', '.join(f'{c:.2f}' for c in cpus[side])} s; stages (mean s):")
            for j, (name, _) in enumerate(stages[side][0]):
                print(f"  {sum(r[j][1] for r in stages[side]) / repeat:6.2f}  {name}")
        if before:
            for what, runs in (("wall", walls), ("CPU", cpus)):
                low = {k: min(v) for k, v in runs.items()}
                print(f"\nbefore / after, {what} (best of {repeat}): {low['before']:.2f} / {low['after']:.2f} s "
                      f"= {low['before'] / low['after']:.2f}x")
            for f in sorted(p.name for p in (Path(tmp) / "after").iterdir()):
                same = (Path(tmp) / "after" / f).read_bytes() == (Path(tmp) / "before" / f).read_bytes()
                print(f"  {f}: {'same bytes' if same else 'differs'}")
        if keep:
            for side in pythons:
                (Path(tmp) / side).rename(Path(keep) / side)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("store")
    ap.add_argument("--old-attendance", action="store_true", help="also time the nested-UNION form")
    ap.add_argument("--end-to-end", action="store_true", help="time `cthr network report` in fresh processes")
    ap.add_argument("--before-python", help="with --end-to-end: also run it with this interpreter, alternating")
    ap.add_argument("--repeat", type=int, default=1, help="with --end-to-end: runs per side")
    ap.add_argument("--keep", help="with --end-to-end: leave each side's last report in KEEP/after, KEEP/before")
    args = ap.parse_args(argv)
    if args.end_to_end:
        end_to_end(args.store, args.before_python, args.repeat, args.keep)
        return

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
