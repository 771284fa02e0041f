"""How long read commands take to start and answer, each in a fresh process (issue 15 item 7).

    python bench/startup.py [--store STORE] [--runs 5] [--checkout LABEL=DIR ...] [--source] [--out FILE]

Runs `cthr --help`, `queries`, `query NAME`, `query NAME --limit`, a query
with an organisation given by name, `stats` and `why NODE` as `python -m cthr ...` in new interpreters and prints the
median wall time and CPU time (user + system, the command and its forked
query child; steadier than wall time on a shared machine) of --runs of
each, next to `python -c pass` (the interpreter's own start). Without --store it builds the bundled corpus into a
temporary folder first.

Each --checkout LABEL=DIR runs the commands from another source tree (DIR on
PYTHONPATH, e.g. `git archive main | tar -x -C /tmp/before`), so one run
compares two versions under the same load; the runs of all versions are
interleaved. The installed package is the version labelled "installed".
By default compiled bytecode is kept (in a temporary PYTHONPYCACHEPREFIX,
warmed by one run), as an installed package has it; --source compiles every
module at every start (PYTHONDONTWRITEBYTECODE=1), as an editable install
does when bytecode is not written.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _env(checkout: str | None, pycache: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONPYCACHEPREFIX",
                                                            "PYTHONDONTWRITEBYTECODE")}
    env["COLUMNS"] = "200"
    if checkout:
        env["PYTHONPATH"] = checkout
    if pycache:
        env["PYTHONPYCACHEPREFIX"] = pycache
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def _cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _run(args: list[str], env: dict[str, str], cwd: str) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one run."""
    t, cpu = time.perf_counter(), _cpu()
    done = subprocess.run([sys.executable, *args], env=env, cwd=cwd, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, timeout=300)
    elapsed, used = time.perf_counter() - t, _cpu() - cpu
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed: {done.stderr.decode(errors='replace')[-500:]}")
    return elapsed, used


def commands(store: str, node: str, name: str) -> dict[str, list[str]]:
    s = ["--store", store]
    return {
        "python -c pass": ["-c", "pass"],
        "cthr --help": ["-m", "cthr", "--help"],
        "cthr queries": ["-m", "cthr", "queries"],
        "cthr query frequent-attendees": ["-m", "cthr", "query", "frequent-attendees", *s],
        "cthr query events-in-range --limit 1": ["-m", "cthr", "query", "events-in-range", "--limit", "1", *s],
        "cthr query co-attendance --param org=NAME": ["-m", "cthr", "query", "co-attendance", "--param",
                                                      f"org={name}", *s],
        "cthr stats": ["-m", "cthr", "stats", *s],
        "cthr why NODE": ["-m", "cthr", "why", node, *s],
    }


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--store", help="a built store (default: build the bundled corpus in a temporary folder)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--checkout", action="append", default=[], metavar="LABEL=DIR")
    ap.add_argument("--source", action="store_true", help="no bytecode: compile every module at every start")
    ap.add_argument("--out", help="write the medians as JSON here")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="cthr-startup-") as tmp:
        versions = {"installed": None}
        for item in args.checkout:
            label, sep, path = item.partition("=")
            if not sep:
                ap.error(f"--checkout {item}: expected LABEL=DIR")
            versions[label] = str(Path(path).resolve())
        envs = {label: _env(path, None if args.source else f"{tmp}/pyc-{label}")
                for label, path in versions.items()}
        store = args.store and str(Path(args.store).resolve())
        if not store:
            store = f"{tmp}/store"
            subprocess.run([sys.executable, "-m", "cthr", "build", "--store", store, "-o", f"{tmp}/g.ttl"],
                           env=envs["installed"], cwd=tmp, check=True, capture_output=True)
        found = subprocess.run([sys.executable, "-m", "cthr", "query", "frequent-attendees", "--store", store,
                                "--format", "json"], env=envs["installed"], cwd=tmp, check=True,
                               capture_output=True, text=True)
        first = json.loads(found.stdout)[0]
        cmds = commands(store, first["org"], first["organisation"])
        times: dict[str, dict[str, list[tuple[float, float]]]] = {label: {c: [] for c in cmds} for label in versions}
        for label in versions:                      # warm-up: bytecode written, files in the page cache
            for argv_ in cmds.values():
                _run(argv_, envs[label], tmp)
        for _ in range(args.runs):
            for name, argv_ in cmds.items():
                for label in versions:
                    times[label][name].append(_run(argv_, envs[label], tmp))
    medians = {label: {c: [statistics.median(w for w, _ in t), statistics.median(u for _, u in t)]
                       for c, t in per.items()} for label, per in times.items()}
    labels = list(versions)
    width = max(map(len, cmds))
    print(f"median of {args.runs} runs, seconds ({'no bytecode' if args.source else 'bytecode kept'}): "
          "wall / CPU")
    print(f"{'command':<{width}}  " + "  ".join(f"{label:>13}" for label in labels)
          + (f"  {labels[0]}/{labels[1]} wall, CPU" if len(labels) > 1 else ""))
    for c in cmds:
        row = [medians[label][c] for label in labels]
        ratio = (f"  {row[0][0] / row[1][0]:.2f}, {row[0][1] / row[1][1]:.2f}"
                 if len(labels) > 1 and row[1][0] and row[1][1] else "")
        print(f"{c:<{width}}  " + "  ".join(f"{w:>6.3f}/{u:.3f}" for w, u in row) + ratio)
    if args.out:
        Path(args.out).write_text(json.dumps({"runs": args.runs, "bytecode": not args.source,
                                              "medians [wall, cpu]": medians}, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
