"""Two writers on one store folder at once: the lock keeps the store whole, and nothing is lost.

Issue 13 found that two `cthr build --fresh` in one folder left an unreadable
store in 9 of 34 tries (each removed the other's staging folder half-way),
and one build spun for 21 minutes on a staging store the other had replaced.
Here real `cthr` processes are started in pairs per combination: build/build,
build --fresh/build --fresh, build/remove, and build against an update served
by `cthr serve --allow-update`. Some pairs overlap for certain: the first
writer is stopped (SIGSTOP, as a loaded machine may stall it) at a moment the
lock file names it as holder, the second runs to its end, then the first goes
on; without the lock the second would write under the first's feet every
time. Other pairs start both at the same instant and race for the lock.
After each pair the store must open, hold derived graphs consistent with its
sources, and equal one of the results the two commands give when run one
after the other (or the result of the one that ran, when the other was
refused by the lock with one line naming the holder). Every process has a
timeout, so nothing can hang.
"""

from __future__ import annotations

import re
import shutil
import threading
from pathlib import Path

import pytest

from helpers import Server, consistency, finish, frozen_holding, start, stderr_until, store_dump

# Pairs per combination: HELD (the first writer stopped while it holds the lock,
# once in each order) are certain to overlap; RACED start at the same instant.
HELD = 2
RACED = 3
HOLDER = re.compile(r"is being changed by another cthr process \(pid \d+: .*cthr.*, since \d{4}-\d\d-\d\d ")


def _source(folder: Path, key: str) -> Path:
    """A small valid record file with its own event and organisations."""
    path = folder / f"{key}.yaml"
    path.write_text(
        f"source: {{title: Concurrency record {key}}}\n"
        "events:\n"
        f"  - {{key: e, title: Workshop {key}, start: 2024-03-0{1 + len(key) % 9}, place: Erbil, country: Iraq,"
        " event_type: workshop}\n"
        "organisations:\n"
        f"  - {{name: Ministry of {key.title()}, kind: government}}\n"
        f"  - {{name: Institute of {key.title()}}}\n"
        "participations:\n"
        f"  - {{event: e, agent: Ministry of {key.title()}, roles: [host]}}\n"
        f"  - {{event: e, agent: Institute of {key.title()}, roles: [organiser]}}\n", encoding="utf-8")
    return path


def _cmd(step: list) -> list:
    """A build or remove step with the test's --store (and -o for builds)."""
    return [*step, "--store", "store", *(["-o", "g.ttl"] if step[0] == "build" else [])]


def _run_pair(cwd: Path, first: list, second: list, held: bool = False) -> list[tuple[int, str, str]]:
    """Both commands' (exit code, stdout, stderr), each bounded by a timeout.

    Raced: both start at the same instant. Held: the second starts, and runs
    to its end, while the first is stopped holding the lock.
    """
    if not held:
        procs = [start(*first, cwd=cwd), start(*second, cwd=cwd)]
        return [finish(p, timeout=120) for p in procs]
    proc = start(*first, cwd=cwd)
    try:
        with frozen_holding(cwd / "store", proc.pid, lambda: proc.poll() is None):
            later = finish(start(*second, cwd=cwd), timeout=120)
    finally:
        earlier = finish(proc, timeout=120)
    return [earlier, later]


def _check_refusal(result: tuple[int, str, str]) -> bool:
    """True if the command was refused by the lock (with one line naming the holder); else it succeeded."""
    code, _, err = result
    if code == 0:
        return False
    errors = [ln for ln in err.splitlines() if ln.startswith("error")]
    assert len(errors) == 1 and HOLDER.search(errors[0]), err[-2000:]
    assert "Traceback" not in err
    return True


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith((".staging", ".old")))


@pytest.fixture(scope="module")
def world(_good_template, tmp_path_factory):
    """Sources a and b, and every state a pair can end in, each built by one command after another.

    Each state's folder (root/NAME/store) is also where pairs that start from that state copy it from.
    """
    root = tmp_path_factory.mktemp("concurrent")
    src = root / "src"
    src.mkdir()
    a, b = _source(src, "alpha"), _source(src, "beta")
    from cthr.graph.store import GraphStore

    states = {"base": store_dump(_good_template / "store")}
    named: dict[str, int] = {}

    def build(name, *steps, start_from: Path = _good_template):
        run = root / name
        shutil.copytree(start_from / "store", run / "store")
        for step in steps:
            code, _, err = finish(start(*_cmd(step), cwd=run))
            assert code == 0, err
        states[name] = store_dump(run / "store")
        named[name] = len(GraphStore.read_only(run / "store"))
    build("a", ["build", a])
    build("b", ["build", b])
    build("ab", ["build", b], start_from=root / "a")
    build("fresh-a", ["build", a, "--fresh"])
    build("fresh-b", ["build", b, "--fresh"])
    assert len({tuple(v) for v in states.values()}) == len(states)    # the outcomes can be told apart
    return root, a, b, states, named


def _fresh_run(state: Path, folder: Path) -> Path:
    """`folder` with a copy of the store in `state` (the good build, or a state of `world`)."""
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(state / "store", folder / "store")
    return folder


@pytest.mark.parametrize("fresh", [False, True], ids=["build-build", "fresh-fresh"])
def test_two_builds_at_once_leave_one_whole_result(_good_template, world, fresh):
    root, a, b, states, named = world
    flags = ["--fresh"] if fresh else []
    refused = 0
    for i in range(HELD + RACED):
        held = i < HELD
        run = _fresh_run(_good_template, root / f"pair-{fresh}-{i}")
        steps = [["build", a, *flags, "--store", "store", "-o", "g.ttl"],
                 ["build", b, *flags, "--store", "store", "-o", "g.ttl"]]
        if held and i % 2:                 # b holds the lock, a comes second
            results = _run_pair(run, steps[1], steps[0], held=True)[::-1]
        else:
            results = _run_pair(run, *steps, held=held)
        lost = [_check_refusal(r) for r in results]
        assert not all(lost), "both builds were refused"
        if held:
            assert lost == [False, True][::(-1 if i % 2 else 1)], f"held pair {i}: the second was not refused"
        refused += sum(lost)
        dump = store_dump(run / "store")
        if fresh:
            # Each --fresh build replaces the store: whichever finished last is the store.
            assert dump in (states["fresh-a"], states["fresh-b"])
            if lost[0]:
                assert dump == states["fresh-b"]
            if lost[1]:
                assert dump == states["fresh-a"]
        else:
            expected = {(False, False): states["ab"], (True, False): states["b"], (False, True): states["a"]}
            assert dump == expected[tuple(lost)], f"pair {i}: refused={lost}"
        assert consistency(run / "store") == []
        assert not _leftovers(run)
        shutil.rmtree(run)
    print(f"{HELD} held + {RACED} raced pairs ({'--fresh' if fresh else 'build'}): "
          f"{refused} writer(s) refused by the lock")


def test_builds_that_wait_for_each_other_both_apply(_good_template, world):
    """With --wait the second writer queues instead of failing: both changes land."""
    root, a, b, states, named = world
    steps = [["build", a, "--store", "store", "-o", "g.ttl", "--wait", "60"],
             ["build", b, "--store", "store", "-o", "g.ttl", "--wait", "60"]]
    # Held: the second must say it waits while the first is stopped holding the lock.
    run = _fresh_run(_good_template, root / "wait-held")
    first = start(*steps[0], cwd=run)
    try:
        with frozen_holding(run / "store", first.pid, lambda: first.poll() is None):
            second = start(*steps[1], cwd=run)
            said = stderr_until(second, "waiting for it")
    finally:
        results = [finish(first, timeout=120), finish(second, timeout=120)]
    assert "waiting for it" in said, said[-1000:]
    assert [r[0] for r in results] == [0, 0], [r[2][-500:] for r in results]
    assert store_dump(run / "store") == states["ab"]
    run = _fresh_run(_good_template, root / "wait-raced")
    results = _run_pair(run, *steps)
    assert [r[0] for r in results] == [0, 0], [r[2][-500:] for r in results]
    assert store_dump(run / "store") == states["ab"]


def test_build_and_remove_at_once(_good_template, world):
    root, a, b, states, named = world
    refused = 0
    for i in range(HELD + RACED):
        held = i < HELD
        run = _fresh_run(root / "a", root / f"remove-{i}")
        steps = [["build", b, "--store", "store", "-o", "g.ttl"], ["remove", "alpha", "--store", "store"]]
        if held and i % 2:                 # the remove holds the lock, the build comes second
            results = _run_pair(run, steps[1], steps[0], held=True)[::-1]
        else:
            results = _run_pair(run, *steps, held=held)
        lost = tuple(_check_refusal(r) for r in results)
        assert lost != (True, True)
        if held:
            assert lost == ((True, False) if i % 2 else (False, True)), f"held pair {i}: the second was not refused"
        refused += sum(lost)
        # Both: b added, alpha removed (in either order the same); one refused: only the other.
        expected = {(False, False): states["b"], (True, False): states["base"],
                    (False, True): states["ab"]}
        assert store_dump(run / "store") == expected[lost], f"pair {i}: refused={lost}"
        assert consistency(run / "store") == []
        assert not _leftovers(run)
        shutil.rmtree(run)
    print(f"{HELD} held + {RACED} raced build/remove pairs: {refused} writer(s) refused by the lock")


# The served pairs, in order: the build stopped holding the lock while the update comes;
# the server's worker stopped inside the update while the build comes; then raced pairs.
SERVED = ["build-held", "update-held"] + ["raced"] * RACED


def test_build_and_a_served_update_at_once(_good_template, world, tmp_path):
    """A build and an update over HTTP meet each other's lock; each change is there iff it reported success.

    Raced pairs alternate a small update sent just after the build starts and
    a large one sent just before it, so either may take the lock first.
    """
    run = tmp_path / "served"
    shutil.copytree(_good_template / "store", run / "store")
    server = Server("--store", "store", "--allow-update", "--timeout", "60", cwd=run)
    try:
        applied, built, refused_updates, refused_builds = [], [], 0, 0
        for i, kind in enumerate(SERVED):
            source = _source(run, f"served{i:02d}")
            size = 1 if i % 2 == 0 else 3000
            triples = " ".join(f"<urn:test:s{i}> <urn:test:p> {k} ." for k in range(size))
            update = f"INSERT DATA {{ GRAPH <urn:test:u{i}> {{ {triples} }} }}"
            box: dict = {}
            thread = threading.Thread(target=lambda: box.update(r=server.request("/sparql", {"update": update})))
            build = ["build", source, "--store", "store", "-o", "g.ttl"]
            if kind == "build-held":
                proc = start(*build, cwd=run)
                try:
                    with frozen_holding(run / "store", proc.pid, lambda: proc.poll() is None):
                        thread.start()
                        thread.join(timeout=120)
                finally:
                    code, _, err = finish(proc, timeout=120)
                assert box["r"][0] == 503, f"pair {i}: the update did not meet the held lock: {box['r']}"
            elif kind == "update-held":
                thread.start()
                with frozen_holding(run / "store", server.proc.pid, lambda: thread.is_alive()):
                    code, _, err = finish(start(*build, cwd=run), timeout=120)
                assert code != 0, f"pair {i}: the build did not meet the held lock"
            elif i % 2 == 0:
                proc = start(*build, cwd=run)
                thread.start()
            else:
                thread.start()
                proc = start(*build, cwd=run)
            if kind == "raced":
                code, _, err = finish(proc, timeout=120)
            thread.join(timeout=120)
            status, _, body = box["r"]
            assert status in (200, 503), body
            if status == 503:
                assert "is being changed by another cthr process" in body, body
                refused_updates += 1
            else:
                applied.append(i)
            if code == 0:
                built.append(source.stem)
            else:
                refused_builds += 1
                assert _check_refusal((code, "", err))
            # Nothing lost, nothing half-applied: every change that reported success is there.
            dump = "\n".join(store_dump(run / "store"))
            for j in range(i + 1):
                assert (f"<urn:test:s{j}> <urn:test:p>" in dump) == (j in applied), j
                assert (f"source/served{j:02d}>" in dump) == (f"served{j:02d}" in built), j
            expected = (1 if i % 2 == 0 else 3000) if i in applied else 0
            assert server.count(f"SELECT (COUNT(*) AS ?n) {{ <urn:test:s{i}> ?p ?o }}") == expected
        assert consistency(run / "store") == []
        assert not _leftovers(run)
        assert server.alive
        print(f"{len(SERVED)} build/served-update pairs: {refused_updates} update(s) and {refused_builds} build(s) "
              "refused by the lock")
        assert refused_updates >= 1 and refused_builds >= 1 and applied and built
    finally:
        server.stop()


WRITES = 4     # --fresh builds b, a, b, a while the readers read


def test_readers_never_see_a_half_written_store(_good_template, world, tmp_path):
    """While --fresh builds of a and b alternate, every read opens a whole store: a's or b's."""
    from cthr.graph.storedir import open_store

    root, a, b, states, named = world
    run = _fresh_run(root / "fresh-a", tmp_path / "readers")
    wholes = (states["fresh-a"], states["fresh-b"])
    counts = {str(named["fresh-a"]), str(named["fresh-b"])}
    done = threading.Event()
    failures: list[str] = []

    def writer():
        try:
            for i in range(WRITES):
                code, _, err = finish(start("build", b if i % 2 == 0 else a, "--fresh", "--store", "store",
                                            "-o", "g.ttl", "--wait", "60", cwd=run))
                if code != 0:
                    failures.append(err[-1000:])
        finally:
            done.set()
    thread = threading.Thread(target=writer)
    thread.start()
    reads, cli_reads, seen = 0, 0, set()
    count = run / "count.rq"
    count.write_text("SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }\n")
    try:
        while not done.is_set():
            graph = open_store(run / "store")
            dump = sorted(str(q) for q in graph.store)
            del graph
            assert dump in wholes, "a reader saw a store that is neither a's nor b's"
            seen.add(wholes.index(dump))
            reads += 1
            if reads % 10 == 0:
                code, out, err = finish(start("query", "--file", count, "--store", "store", "--format", "csv",
                                              cwd=run))
                assert code == 0 and out.splitlines()[1] in counts, (out, err[-1000:])
                cli_reads += 1
    finally:
        thread.join(timeout=300)
    assert not failures, failures
    assert reads >= 20 and cli_reads >= 1 and seen == {0, 1}
