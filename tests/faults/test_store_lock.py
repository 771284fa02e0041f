"""The store's write lock: a second writer fails at once naming the holder, or waits with --wait.

The holder here is either this test process (graph.lock.store_lock, as any
cthr writer takes it) or a real cthr process. Every writer is covered:
`cthr build`, `cthr remove`, `cthr query --allow-update` and an update sent
to `cthr serve --allow-update`. The lock dies with its holder, even by
SIGKILL, so a killed writer never blocks the next one.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import textwrap
import time

import pytest

from helpers import ENV, Server, assert_one_error, cli, finish, start, store_dump

from cthr.graph.lock import store_lock

NAMES_HOLDER = re.compile(r"\(pid \d+: a test holding the lock, since \d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d{4}\)")


@pytest.fixture
def run(_good_template, tmp_path):
    shutil.copytree(_good_template / "store", tmp_path / "store")
    shutil.copy2(_good_template / "g.ttl", tmp_path / "g.ttl")
    (tmp_path / "u.ru").write_text("INSERT DATA { GRAPH <urn:test:g> { <urn:test:a> <urn:test:b> 1 } }\n")
    return tmp_path


WRITERS = {
    "build": ["build", "--store", "store", "-o", "g.ttl"],
    "remove": ["remove", "seed-events", "--store", "store"],
    "update": ["query", "--file", "u.ru", "--allow-update", "--store", "store"],
}


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_a_second_writer_fails_at_once_naming_the_holder(run, writer):
    before = store_dump(run / "store")
    with store_lock(run / "store", command="a test holding the lock"):
        t0 = time.monotonic()
        result = cli(*WRITERS[writer], cwd=run)
        seconds = time.monotonic() - t0
    line = assert_one_error(result.returncode, result.stderr, "is being changed by another cthr process",
                            "--wait")
    assert NAMES_HOLDER.search(line), line
    assert seconds < 5, seconds                     # at once: no waiting without --wait
    assert store_dump(run / "store") == before


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_wait_gives_up_after_its_seconds(run, writer):
    with store_lock(run / "store", command="a test holding the lock"):
        t0 = time.monotonic()
        result = cli(*WRITERS[writer], "--wait", "1.5", cwd=run)
        seconds = time.monotonic() - t0
    assert_one_error(result.returncode, result.stderr, "a test holding the lock", "waited")
    assert 1.4 <= seconds < 8, seconds


_HOLD = textwrap.dedent("""
    import sys, time
    from cthr.graph.lock import store_lock
    with store_lock(sys.argv[1], command="a test holding the lock"):
        print("held", flush=True)
        time.sleep(float(sys.argv[2]))
""")


def _holder(run, seconds: float) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", _HOLD, str(run / "store"), str(seconds)], env=ENV,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "held"
    return proc


QUEUED = [(w, "10") for w in sorted(WRITERS)] + [("build", None)]


@pytest.mark.parametrize("writer,wait", QUEUED, ids=[f"{w}-wait-{s or 'bare'}" for w, s in QUEUED])
def test_wait_queues_behind_the_holder_then_writes(run, writer, wait):
    holder = _holder(run, 1.0)
    try:
        t0 = time.monotonic()
        # A bare --wait (no seconds) goes last, so it does not take the next argument as its value.
        result = cli(*WRITERS[writer], *(["--wait", wait] if wait else ["--wait"]), cwd=run, timeout=60)
        seconds = time.monotonic() - t0
    finally:
        holder.wait(timeout=30)
    assert result.returncode == 0, result.stderr
    assert "waiting for it" in result.stderr
    assert seconds >= 0.5


def test_a_killed_holder_never_blocks_the_next_writer(run):
    holder = _holder(run, 600)
    holder.kill()                                  # SIGKILL: no chance to release anything itself
    holder.wait(timeout=30)
    t0 = time.monotonic()
    result = cli(*WRITERS["build"], cwd=run)
    assert result.returncode == 0, result.stderr
    assert time.monotonic() - t0 < 30


def test_a_served_update_gets_503_naming_the_holder_and_its_wait_option(run):
    server = Server("--store", "store", "--allow-update", cwd=run)
    try:
        update = {"update": "INSERT DATA { GRAPH <urn:test:h> { <urn:test:a> <urn:test:b> 2 } }"}
        with store_lock(run / "store", command="a test holding the lock"):
            status, headers, body = server.request("/sparql", update)
        assert status == 503 and NAMES_HOLDER.search(body), body
        assert headers.get("Retry-After") == "5"
        status, _, body = server.request("/sparql", update)
        assert status == 200, body
        assert server.count("SELECT (COUNT(*) AS ?n) { GRAPH <urn:test:h> { ?s ?p ?o } }") == 1
    finally:
        server.stop()
    waiting = Server("--store", "store", "--allow-update", "--wait", "10", cwd=run)
    try:
        holder = _holder(run, 1.0)
        status, _, body = waiting.request("/sparql", {"update": "INSERT DATA { GRAPH <urn:test:w> { <urn:test:a> "
                                                                "<urn:test:b> 3 } }"})
        holder.wait(timeout=30)
        assert status == 200, body
    finally:
        waiting.stop()


def test_a_build_names_a_running_build_as_the_holder(_good_template, run):
    """Two real builds: the second one's error names the first (its pid and command line)."""
    many = run / "many"
    many.mkdir()
    for i in range(120):
        (many / f"r{i:02d}.yaml").write_text(
            f"source: {{title: Lock record {i}}}\nevents:\n  - {{key: e, title: Lock workshop {i}, start: 2024-06-01}}\n")
    first = start("build", many, "--store", "store", "-o", "g.ttl", cwd=run)

    def first_holds() -> bool:
        try:
            return f'"pid": {first.pid},' in (run / "store.lock").read_text(errors="replace")
        except OSError:
            return False
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not first_holds():
        time.sleep(0.01)
    second = cli(*WRITERS["build"], cwd=run)
    code, _, err = finish(first)
    assert code == 0, err
    line = assert_one_error(second.returncode, second.stderr, f"pid {first.pid}: cthr build")
    assert str(many) in line
