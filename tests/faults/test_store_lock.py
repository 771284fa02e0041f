"""The store's write lock: a second writer fails at once naming the holder, or waits with --wait.

The holder here is either this test process (graph.lock.store_lock, as any
cthr writer takes it) or a real cthr process. Every writer is covered:
`cthr build`, `cthr remove`, `cthr query --allow-update` and an update sent
to `cthr serve --allow-update`. The lock dies with its holder, even by
SIGKILL, so a killed writer never blocks the next one. A writer that waits
is seen waiting (its "waiting for it" line, or the lock file open in its
process) before the holder lets go, so no test depends on how fast a loaded
machine starts a process.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import textwrap
import threading
import time

import pytest

from helpers import (ENV, Server, assert_one_error, cli, finish, frozen_holding, has_open, start, stderr_until,
                     store_dump)

from cthr.graph.lock import store_lock

NAMES_HOLDER = re.compile(r"\(pid \d+: a test holding the lock, since \d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d{4}\)")


@pytest.fixture
def run(_good_template, tmp_path):
    shutil.copytree(_good_template / "store", tmp_path / "store")
    shutil.copy2(_good_template / "g.ttl", tmp_path / "g.ttl")
    (tmp_path / "u.ru").write_text("INSERT DATA { GRAPH <urn:test:g> { <urn:test:a> <urn:test:b> 1 } }\n")
    (tmp_path / "lockrec.yaml").write_text("source: {title: Lock record}\n"
                                          "events:\n  - {key: e, title: Lock workshop, start: 2024-06-01}\n")
    return tmp_path


WRITERS = {
    "build": ["build", "lockrec.yaml", "--store", "store", "-o", "g.ttl"],
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
    assert "waited" not in line and "try again when it has finished" in line, line   # at once: no waiting
    assert seconds < 15, seconds                    # the start of a process on a loaded machine, no wait
    assert store_dump(run / "store") == before


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_wait_gives_up_after_its_seconds(run, writer):
    with store_lock(run / "store", command="a test holding the lock"):
        t0 = time.monotonic()
        result = cli(*WRITERS[writer], "--wait", "1.5", cwd=run)
        seconds = time.monotonic() - t0
    line = assert_one_error(result.returncode, result.stderr, "a test holding the lock", "waited")
    waited = float(re.search(r"waited ([\d.]+) s", line).group(1))    # as the writer itself measured it
    assert 1.5 <= waited < 3, line
    assert seconds >= 1.4, seconds


# A holder in another process: it takes the lock, says "held", and lets go when its stdin closes.
_HOLD = textwrap.dedent("""
    import sys
    from cthr.graph.lock import store_lock
    with store_lock(sys.argv[1], command="a test holding the lock"):
        print("held", flush=True)
        sys.stdin.read()
""")


def _holder(run) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", _HOLD, str(run / "store")], env=ENV,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "held"
    return proc


def _release(holder: subprocess.Popen) -> None:
    holder.stdin.close()
    assert holder.wait(timeout=30) == 0


QUEUED = [(w, "10") for w in sorted(WRITERS)] + [("build", None)]
CHANGED = {"build": "source/lockrec>", "remove": "source/seed-events>", "update": "<urn:test:g>"}


@pytest.mark.parametrize("writer,wait", QUEUED, ids=[f"{w}-wait-{s or 'bare'}" for w, s in QUEUED])
def test_wait_queues_behind_the_holder_then_writes(run, writer, wait):
    holder = _holder(run)
    try:
        # A bare --wait (no seconds) goes last, so it does not take the next argument as its value.
        proc = start(*WRITERS[writer], *(["--wait", wait] if wait else ["--wait"]), cwd=run)
        said = stderr_until(proc, "waiting for it")
        assert "waiting for it" in said, said[-2000:]
        assert proc.poll() is None, "the writer ended while the lock was held"
    finally:
        _release(holder)
    code, _, err = finish(proc, timeout=60)
    assert code == 0, said + err
    # It wrote once the holder let go: its change is in the store.
    dump = "\n".join(store_dump(run / "store"))
    assert (CHANGED[writer] in dump) == (writer != "remove"), writer


def test_a_killed_holder_never_blocks_the_next_writer(run):
    holder = _holder(run)
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
    waiting = Server("--store", "store", "--allow-update", "--wait", "60", cwd=run)
    try:
        box: dict = {}
        update = {"update": "INSERT DATA { GRAPH <urn:test:w> { <urn:test:a> <urn:test:b> 3 } }"}
        thread = threading.Thread(target=lambda: box.update(r=waiting.request("/sparql", update)))
        with store_lock(run / "store", command="a test holding the lock"):
            thread.start()
            # The update's worker has the lock file open: it is waiting for the lock this test holds.
            deadline = time.monotonic() + 60
            while not has_open(waiting.proc.pid, run / "store.lock") and time.monotonic() < deadline:
                time.sleep(0.01)
            assert has_open(waiting.proc.pid, run / "store.lock"), "the update never waited for the lock"
        thread.join(timeout=60)
        status, _, body = box["r"]
        assert status == 200, body
        assert waiting.count("SELECT (COUNT(*) AS ?n) { GRAPH <urn:test:w> { ?s ?p ?o } }") == 1
    finally:
        waiting.stop()


def test_a_build_names_a_running_build_as_the_holder(run):
    """Two real builds: the second one's error names the first (its pid and command line).

    The first is stopped (SIGSTOP) while it holds the lock, so the second meets it however slow the machine.
    """
    first = start(*WRITERS["build"], cwd=run)
    try:
        with frozen_holding(run / "store", first.pid, lambda: first.poll() is None):
            second = cli(*WRITERS["build"], cwd=run)
    finally:
        code, _, err = finish(first)
    assert code == 0, err
    line = assert_one_error(second.returncode, second.stderr, f"pid {first.pid}: cthr build lockrec.yaml")
    assert "--store store" in line, line
