"""How long the network picture takes to draw, on a generated network (issue 15 item 7).

    python bench/network_png.py [--orgs 100] [--events 30] [--runs 3]

Builds a deterministic NetworkData (organisations attend events with a
Zipf-like law, as bench/synth.py does for texts), runs the analysis once,
then times render_png alone: the median of --runs. With 2-12 events the
picture is the two-mode view, otherwise the co-attendance projection.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from datetime import date, timedelta

SECTORS = ("un", "government", "security", "civil-society", "academia", "eu", "donor", "judiciary")


def network_data(orgs: int, events: int, seed: int = 7):
    """`orgs` invented organisations at `events` invented events, the same for the same arguments."""
    from cthr.graph.netdata import Attendance, Event, NetworkData, Organisation

    rng = random.Random(seed)
    base = "https://example.org/id/"
    organisations = {f"{base}org/{i}": Organisation(f"{base}org/{i}", f"Invented Body Number {i} for Testing",
                                                    f"IB{i}", SECTORS[i % len(SECTORS)]) for i in range(orgs)}
    kept = {f"{base}event/{k}": Event(f"{base}event/{k}", f"Invented workshop {k}",
                                      date(2030, 1, 1) + timedelta(days=9 * k), place=f"Town {k % 5}")
            for k in range(events)}
    weights = [1 / (r + 1) ** 1.1 for r in range(orgs)]
    iris = list(organisations)
    attendance = []
    for e in kept:
        chosen = set(rng.choices(iris, weights, k=rng.randint(6, 18)))
        attendance += [Attendance(e, o, "participant") for o in sorted(chosen)]
    for o in iris:      # everyone attended something
        if not any(a.org == o for a in attendance):
            attendance.append(Attendance(rng.choice(list(kept)), o, "participant"))
    return NetworkData(kept, organisations, attendance, {})


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--orgs", type=int, default=100)
    ap.add_argument("--events", type=int, default=30)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args(argv)

    from cthr.graph.network import analyse
    from cthr.graph.report import render_png

    a = analyse(network_data(args.orgs, args.events))
    render_png(a)                           # first call: imports matplotlib, loads fonts
    times, size = [], 0
    for _ in range(args.runs):
        t = time.perf_counter()
        size = len(render_png(a))
        times.append(time.perf_counter() - t)
    print(f"{len(a.projection)} organisations, {a.projection.number_of_edges()} ties, {args.events} events: "
          f"render_png median {statistics.median(times):.2f} s (min {min(times):.2f}), {size} bytes")


if __name__ == "__main__":
    main()
