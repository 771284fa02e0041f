"""An interrupted `cthr build` loses nothing: the previous graph survives, the next build completes.

A good graph (the curated seed records) is built first; then `cthr build` of
48 small valid record files (as many as it takes for `--workers` to start a
pool), with the same --store and -o, runs as a child process and is killed
(SIGKILL, or SIGINT as Ctrl-C sends) at several points: after a fixed delay,
while a `--workers 2` pool loads, when it reports having read the sources,
during validation, while the Turtle's temp file is being written, and just
after the Turtle is replaced (the store swap follows). After each kill, the Turtle file and the store each hold either
exactly the previous graph or exactly the finished new one, never a part;
then the same build is run again and must produce exactly the finished graph
and clean up its staging folder. Ctrl-C during a `--workers 2` load of
invented press releases ends the build within seconds, with one line and
status 130, no worker traceback, and the previous store as it was.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from cthr.graph.build import PARALLEL_MIN_FILES

from helpers import ENV, RECORDS, ROOT, cli, snapshot, store_dump


# The fewest files with which `--workers 2` loads in a pool (below that a build loads
# them itself); enough for validation to last well past the 0.2 s after "mapped".
N_FILES = PARALLEL_MIN_FILES


@pytest.fixture(scope="module")
def many(tmp_path_factory) -> Path:
    """N_FILES small valid YAML record files (one event, two organisations, two participations each)."""
    folder = tmp_path_factory.mktemp("many") / "records"
    folder.mkdir()
    for i in range(N_FILES):
        (folder / f"ev{i:04d}.yaml").write_text(
            f"source: {{title: Synthetic record {i}}}\n"
            "events:\n"
            f"  - {{key: e{i}, title: Synthetic workshop number {i}, start: 2024-01-{1 + i % 28:02d},"
            " place: Baghdad, country: Iraq, event_type: workshop}\n"
            "organisations:\n"
            f"  - {{name: Synthetic Ministry {i % 37}, kind: government}}\n"
            f"  - {{name: Synthetic Institute {i}}}\n"
            "participations:\n"
            f"  - {{event: e{i}, agent: Synthetic Ministry {i % 37}, roles: [host]}}\n"
            f"  - {{event: e{i}, agent: Synthetic Institute {i}, roles: [organiser]}}\n",
            encoding="utf-8")
    return folder


def _copy_good(template: Path, dest: Path) -> Path:
    dest.mkdir(parents=True)
    shutil.copytree(template / "store", dest / "store")
    shutil.copy2(template / "g.ttl", dest / "g.ttl")
    return dest


@pytest.fixture(scope="module")
def states(_good_template, many, tmp_path_factory):
    """(old, new, ref): the good graph, the graph the full build of `many` on top of it gives, and that build's folder."""
    old = snapshot(_good_template / "store", _good_template / "g.ttl")
    ref = _copy_good(_good_template, tmp_path_factory.mktemp("reference") / "run")
    result = cli("build", many, "--store", "store", "-o", "g.ttl", cwd=ref)
    assert result.returncode == 0, result.stderr
    new = snapshot(ref / "store", ref / "g.ttl")
    graphs = {q.rsplit(" ", 2)[-2] for q in new.quads}
    assert "<https://w3id.org/cthr/id/source/seed-events>" in graphs and len(graphs) >= N_FILES + 1
    assert new.turtle != old.turtle
    return old, new, ref


# `python -m cthr` with os.replace held for five seconds before it renames the Turtle's temp file
# into place: the real build, with a window wide enough to kill it while that file exists
# (unheld, the Turtle of 48 files is written in milliseconds, too briefly to poll for).
_HELD_TURTLE_RENAME = """
import os, runpy, sys, time
_replace = os.replace
def replace(src, dst, *args, **kwargs):
    if os.path.basename(os.fspath(src)).startswith(".g.ttl."):
        time.sleep(5.0)
    return _replace(src, dst, *args, **kwargs)
os.replace = replace
sys.argv[0] = "cthr"
runpy.run_module("cthr", run_name="__main__", alter_sys=True)
"""


def _as_from_a_terminal() -> None:
    """Ctrl-C as a terminal's job has it: a test run started in the background of a
    script (`.ci/run &`, nohup) ignores SIGINT, and its children inherit that, so the
    build would never see the Ctrl-C these tests send."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _start(cwd: Path, many: Path, *options: str, hold_turtle_rename: bool = False
           ) -> tuple[subprocess.Popen, queue.Queue]:
    """`cthr build` in its own process group (as a shell job is), its stderr pumped into a queue."""
    launcher = ["-c", _HELD_TURTLE_RENAME] if hold_turtle_rename else ["-m", "cthr"]
    proc = subprocess.Popen([sys.executable, *launcher, "build", str(many), "--store", "store", "-o", "g.ttl",
                             *options],
                            cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            start_new_session=True, preexec_fn=_as_from_a_terminal)
    lines: queue.Queue = queue.Queue()

    def pump():
        for line in proc.stderr:
            lines.put(line)
        lines.put(None)
    threading.Thread(target=pump, daemon=True).start()
    return proc, lines


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def _end_group(pgid: int) -> None:
    """Kill what is left of the build's own process group (its worker processes), by the group's id."""
    if _group_alive(pgid):
        os.killpg(pgid, signal.SIGKILL)


def _workers(pid: int) -> list[str]:
    try:
        return Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []


def _trigger(kind: str, run: Path, lines: queue.Queue, seen: list[str], pid: int = 0, limit: float = 60) -> bool:
    """Wait (bounded, polling every 2 ms) for a point of the build; False if it ended first.

    "workers": the parallel loader's worker processes exist (Linux /proc);
    "read"/"mapped": its progress line on stderr; "tmpfile": the Turtle's temp
    file appears (export under way); "replaced": g.ttl was replaced (the store
    swap comes next).
    """
    turtle = run / "g.ttl"
    first = turtle.stat().st_ino
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        while True:
            try:
                line = lines.get_nowait()
            except queue.Empty:
                break
            if line is None:
                return False
            seen.append(line)
            if kind in ("read", "mapped") and line.startswith(kind + " "):
                return True
        if kind == "workers" and _workers(pid):
            return True
        if kind == "tmpfile" and any(run.glob(".g.ttl.*.tmp")):
            return True
        if kind == "replaced" and turtle.exists() and turtle.stat().st_ino != first:
            return True
        time.sleep(0.002)
    return False


# (signal, point to wait for or None, then a delay in seconds)
KILL_POINTS = [
    (sig, trigger, delay)
    for sig in (signal.SIGKILL, signal.SIGINT)
    for trigger, delay in ((None, 0.4), ("workers", 0.1), ("read", 0.0), ("mapped", 0.2),
                           ("tmpfile", 0.0), ("replaced", 0.0))
]


@pytest.mark.parametrize("sig,trigger,delay", KILL_POINTS,
                         ids=[f"{s.name}-{t or 'start'}+{d}s" for s, t, d in KILL_POINTS])
def test_killed_build_keeps_the_previous_graph(_good_template, many, states, tmp_path, sig, trigger, delay):
    """SIGKILL goes to the build process (kill -9 PID); SIGINT to its group, as Ctrl-C in a shell does."""
    old, new, _ = states
    run = _copy_good(_good_template, tmp_path / "run")
    # The loader's worker processes exist only when asked for (the CLI's default is one process).
    proc, lines = _start(run, many, *(["--workers", "2"] if trigger == "workers" else []),
                         hold_turtle_rename=trigger == "tmpfile")
    seen: list[str] = []
    try:
        reached = _trigger(trigger, run, lines, seen, proc.pid) if trigger else True
        assert reached, f"the build ended before the point {trigger!r}: {''.join(seen)[-1000:]}"
        time.sleep(delay)
        if proc.poll() is None:
            if sig == signal.SIGINT:
                os.killpg(proc.pid, sig)
            else:
                proc.send_signal(sig)
        try:
            proc.wait(timeout=30)           # a clean exit takes well under a second
        except subprocess.TimeoutExpired:
            pass
    finally:
        _end_group(proc.pid)
        proc.wait()
    time.sleep(0.2)
    while True:
        try:
            line = lines.get_nowait()
        except queue.Empty:
            break
        if line is not None:
            seen.append(line)
    stderr = "".join(seen)

    # Each artefact is exactly the old graph or exactly the new one.
    turtle = (run / "g.ttl").read_bytes()
    assert turtle in (old.turtle, new.turtle), "the Turtle file is neither the previous graph nor the new one"
    if trigger == "tmpfile":    # killed while the rename was held: the new Turtle never replaced the old
        assert turtle == old.turtle, "the kill did not land while the Turtle's temp file existed"
    assert (run / "store").is_dir(), f"the store folder is gone: {sorted(p.name for p in run.iterdir())}"
    assert store_dump(run / "store") in (old.quads, new.quads), "the store holds a partial graph"
    tmp_files = sorted(p.name for p in run.iterdir() if p.name.endswith(".tmp"))
    if sig == signal.SIGINT:
        assert not tmp_files, f"Ctrl-C left temp files: {tmp_files}"
        # Not at start+0.4 s: a signal there may land in the interpreter's own imports, before
        # the CLI is there to answer it. The --workers processes ignore it: the build decides.
        if trigger:
            assert "Traceback" not in stderr, stderr[-3000:]
    else:   # SIGKILL cannot be cleaned up after; a temp file may stay only hidden, never as g.ttl
        assert all(name.startswith(".g.ttl.") for name in tmp_files), tmp_files

    # The next build finishes the job and cleans the staging folder.
    result = cli("build", many, "--store", "store", "-o", "g.ttl", cwd=run)
    assert result.returncode == 0, result.stderr[-3000:]
    assert (run / "g.ttl").read_bytes() == new.turtle
    assert store_dump(run / "store") == new.quads
    leftovers = sorted(p.name for p in run.iterdir() if p.name.endswith((".staging", ".old")))
    assert not leftovers, f"left behind after the next build: {leftovers}"


def test_a_crash_between_the_swap_renames_loses_nothing(_good_template, many, states, tmp_path):
    """Recreate on disk exactly what a kill between the two renames of the store swap leaves."""
    old, new, ref = states
    run = _copy_good(_good_template, tmp_path / "run")
    (run / "store").rename(run / "store.old")             # _swap: current.rename(old) done ...
    shutil.copytree(ref / "store", run / "store.staging")  # ... new.rename(current) not yet
    shutil.copy2(ref / "g.ttl", run / "g.ttl")              # export ran before the swap

    stats = cli("stats", "--store", "store", cwd=run)
    assert stats.returncode == 0, stats.stderr
    extra = run / "extra"
    extra.mkdir()
    shutil.copy2(many / "ev0000.yaml", extra / "extra0.yaml")
    result = cli("build", extra, "--store", "store", "-o", "g.ttl", cwd=run)
    assert result.returncode == 0, result.stderr
    graphs = {q.rsplit(" ", 2)[-2] for q in store_dump(run / "store")}
    assert "<https://w3id.org/cthr/id/source/seed-events>" in graphs, "the previously stored source was lost"


def test_the_same_sources_give_byte_identical_graphs(many, tmp_path):
    """Two fresh builds in different folders, and a rebuild in place, give the same bytes."""
    outs = []
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        r = cli("build", many, RECORDS, "--store", "store", "-o", "g.ttl", cwd=tmp_path / name)
        assert r.returncode == 0, r.stderr
        outs.append(snapshot(tmp_path / name / "store", tmp_path / name / "g.ttl"))
    assert outs[0].turtle == outs[1].turtle
    assert outs[0].quads == outs[1].quads
    r = cli("build", many, RECORDS, "--store", "store", "-o", "g.ttl", cwd=tmp_path / "a")
    assert r.returncode == 0, r.stderr
    again = snapshot(tmp_path / "a" / "store", tmp_path / "a" / "g.ttl")
    assert again.turtle == outs[0].turtle and again.quads == outs[0].quads
    r = cli("build", many, RECORDS, "--fresh", "--store", "store", "-o", "g.ttl", cwd=tmp_path / "b")
    assert r.returncode == 0, r.stderr
    fresh = snapshot(tmp_path / "b" / "store", tmp_path / "b" / "g.ttl")
    assert fresh.turtle == outs[0].turtle and fresh.quads == outs[0].quads


def test_ctrl_c_ends_a_parallel_build_at_once(_good_template, tmp_path):
    """SIGINT to the process group of `cthr build --workers 2` while its workers load 200 texts."""
    sys.path.insert(0, str(ROOT / "bench"))
    from synth import generate

    generate(tmp_path / "corpus", articles=200)              # about 1 s of loading on 2 workers
    run = _copy_good(_good_template, tmp_path / "run")
    old = snapshot(run / "store", run / "g.ttl")
    proc, lines = _start(run, tmp_path / "corpus" / "texts", "--workers", "2")
    seen: list[str] = []
    try:
        assert _trigger("workers", run, lines, seen, proc.pid), f"no worker processes: {''.join(seen)[-1000:]}"
        time.sleep(0.1)
        assert proc.poll() is None, "the build ended before it could be interrupted"
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            pytest.fail("the build had not exited 20 s after Ctrl-C")
        assert not _group_alive(proc.pid), "a worker process outlived the build"
    finally:
        _end_group(proc.pid)
        proc.wait()
    while (line := lines.get(timeout=10)) is not None:       # stderr to its end
        seen.append(line)
    stderr = "".join(seen)
    assert proc.returncode == 130, (proc.returncode, stderr[-2000:])
    assert "Traceback" not in stderr, stderr[-3000:]
    assert stderr.splitlines()[-1] == "error: interrupted", stderr[-2000:]
    assert snapshot(run / "store", run / "g.ttl") == old, "the interrupted build changed the previous graph"
    leftovers = sorted(p.name for p in run.iterdir() if p.name.endswith((".tmp", ".staging", ".old")))
    assert not leftovers, leftovers
    asked = [cli("query", "frequent-attendees", "--store", "store", "--format", "json", cwd=where)
             for where in (run, _good_template)]
    assert asked[0].returncode == 0, asked[0].stderr
    assert asked[0].stdout == asked[1].stdout and json.loads(asked[0].stdout)   # the same answers as before
