"""SPARQL updates keep the derived graphs with the named graphs, through crashes, and are seen.

Issue 13: a SIGKILL 18-24 s into a served INSERT DATA left 202,656 quads in
the named graphs and 2,222 in the union default graph, and the next build
kept it so; `INSERT DATA { <a> <b> <c> }` and `LOAD` reported success and
changed nothing a reader could see. Here:

- a served update of 10,000 triples is SIGKILLed (the server and its
  workers, as a service manager would) at eight points, timed and at its
  steps on disk; after each, the store opens, a build and a query run, the
  update is there whole or not at all, and the derived graphs agree with the
  named graphs;
- updates to the default graph (INSERT DATA, LOAD from a local listener)
  are kept where readers see them; deletes from it of what a source states
  are refused with a reason, leaving the store as it was;
- a store left inconsistent by an older version (or another tool), or
  holding writes only in its log, is repaired at open or by the next build.
"""

from __future__ import annotations

import http.server
import shutil
import signal
import threading
import time
from pathlib import Path

import pytest

from helpers import Server, assert_one_error, cli, consistency, kill_group, store_dump

N_TRIPLES = 10_000
GRAPH = "urn:test:big"


def _big_update() -> str:
    lines = "\n".join(f'<urn:test:s{i}> <urn:test:p> "value {i}" .' for i in range(N_TRIPLES))
    return f"INSERT DATA {{ GRAPH <{GRAPH}> {{\n{lines}\n}} }}"


def _copy(template: Path, dest: Path) -> Path:
    shutil.copytree(template / "store", dest / "store")
    return dest


def _big_count(run: Path) -> int:
    (run / "big.rq").write_text(f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }}\n")
    result = cli("query", "--file", "big.rq", "--store", "store", "--format", "csv", cwd=run)
    assert result.returncode == 0, result.stderr
    return int(result.stdout.splitlines()[1])


def _union_count(run: Path) -> int:
    (run / "union.rq").write_text("SELECT (COUNT(*) AS ?n) { ?s <urn:test:p> ?o }\n")
    result = cli("query", "--file", "union.rq", "--store", "store", "--format", "csv", cwd=run)
    assert result.returncode == 0, result.stderr
    return int(result.stdout.splitlines()[1])


@pytest.fixture(scope="module")
def update_seconds(_good_template, tmp_path_factory) -> float:
    """How long the big served update takes here, uninterrupted (the kill times are fractions of it)."""
    run = _copy(_good_template, tmp_path_factory.mktemp("timing"))
    server = Server("--store", "store", "--allow-update", "--timeout", "120", cwd=run)
    try:
        t0 = time.monotonic()
        status, _, body = server.request("/sparql", _big_update().encode(),
                                         {"Content-Type": "application/sparql-update"}, timeout=120)
        seconds = time.monotonic() - t0
        assert status == 200, body
    finally:
        server.stop()
    assert _big_count(run) == N_TRIPLES == _union_count(run)
    print(f"the served update of {N_TRIPLES} triples took {seconds:.2f} s")
    return seconds


def _wait_for(condition, limit: float = 60.0) -> bool:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.002)
    return False


KILL_POINTS = [("at", f) for f in (0.1, 0.3, 0.5, 0.7, 0.9)] + [("staging", None), ("sealed", None),
                                                                 ("swapped", None)]


@pytest.mark.parametrize("kind,fraction", KILL_POINTS, ids=[f"{k}-{f}" if f else k for k, f in KILL_POINTS])
def test_a_killed_served_update_leaves_all_or_nothing(_good_template, update_seconds, tmp_path, kind, fraction):
    run = _copy(_good_template, tmp_path)
    before = store_dump(run / "store")
    server = Server("--store", "store", "--allow-update", "--timeout", "120", cwd=run)
    store, staging = run / "store", run / "store.staging"
    inode = store.stat().st_ino
    box: dict = {}

    def send():
        try:
            box["r"] = server.request("/sparql", _big_update().encode(),
                                      {"Content-Type": "application/sparql-update"}, timeout=120)
        except OSError as exc:                  # the server died under it: that is the point
            box["r"] = exc
    thread = threading.Thread(target=send)
    thread.start()
    try:
        if kind == "at":
            time.sleep(update_seconds * fraction)
        elif kind == "staging":
            assert _wait_for(staging.exists)
        elif kind == "sealed":
            assert _wait_for(lambda: (staging / "cthr-derived.json").exists())
        else:
            assert _wait_for(lambda: store.stat().st_ino != inode)
    finally:
        kill_group(server.proc)                # the server and its worker processes
        server.proc.wait(timeout=30)
        thread.join(timeout=60)

    # Open: the store is whole, either as it was or with the whole update.
    stats = cli("stats", "--store", "store", cwd=run)
    assert stats.returncode == 0, stats.stderr
    assert "warning" not in stats.stderr                # nothing needed repairing
    dump = store_dump(store)
    big = _big_count(run)
    assert big in (0, N_TRIPLES)
    assert (dump == before) == (big == 0)
    assert _union_count(run) == big                     # the union follows the named graph
    assert consistency(store) == []
    # Build and query: the next writer cleans up and keeps what is there.
    extra = run / "extra.yaml"
    shutil.copy2(Path(__file__).resolve().parents[2] / "corpus" / "records" / "seed-events.yaml", extra)
    build = cli("build", "extra.yaml", "--store", "store", "-o", "g.ttl", cwd=run)
    assert build.returncode == 0, build.stderr
    assert _big_count(run) == big and _union_count(run) == big
    assert consistency(store) == []
    assert not [p.name for p in run.iterdir() if p.name.endswith((".staging", ".old"))]
    query = cli("query", "events-in-range", "--store", "store", "--format", "csv", cwd=run)
    assert query.returncode == 0 and len(query.stdout.splitlines()) == 3, query.stderr


# -------------------------------------------------- writes readers see
def _update(run: Path, text: str, *extra: str):
    (run / "u.ru").write_text(text, encoding="utf-8")
    return cli("query", "--file", "u.ru", "--store", "store", "--allow-update", *extra, cwd=run)


def _ask(run: Path, text: str) -> str:
    (run / "q.rq").write_text(text, encoding="utf-8")
    result = cli("query", "--file", "q.rq", "--store", "store", "--format", "csv", cwd=run)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()[1]


def test_insert_data_into_the_default_graph_is_kept_where_readers_see_it(_good_template, tmp_path):
    run = _copy(_good_template, tmp_path)
    result = _update(run, "INSERT DATA { <urn:test:a> <urn:test:b> \"seen\" }")
    assert result.returncode == 0, result.stderr
    assert "kept in the named graph <https://w3id.org/cthr/graph/updates>" in result.stdout
    assert _ask(run, "ASK { <urn:test:a> <urn:test:b> \"seen\" }") == "true"
    assert _ask(run, "ASK { GRAPH <https://w3id.org/cthr/graph/updates> { <urn:test:a> <urn:test:b> ?o } }") == "true"
    # A later build keeps it, and the store stays consistent.
    build = cli("build", Path(__file__).resolve().parents[2] / "corpus" / "records" / "seed-events.yaml",
                "--store", "store", "-o", "g.ttl", cwd=run)
    assert build.returncode == 0, build.stderr
    assert _ask(run, "ASK { <urn:test:a> <urn:test:b> \"seen\" }") == "true"
    assert consistency(run / "store") == []


def test_insert_data_over_http_is_seen_by_the_next_query(_good_template, tmp_path):
    run = _copy(_good_template, tmp_path)
    server = Server("--store", "store", "--allow-update", cwd=run)
    try:
        status, _, body = server.request("/sparql", {"update": "INSERT DATA { <urn:test:h> <urn:test:b> 7 }"})
        assert status == 200 and "kept in the named graph" in body, body
        assert server.count("SELECT (COUNT(*) AS ?n) { <urn:test:h> <urn:test:b> 7 }") == 1
        status, _, body = server.request("/sparql", {"update": "DELETE DATA { GRAPH <https://w3id.org/cthr/graph/updates> "
                                                               "{ <urn:test:h> <urn:test:b> 7 } }"})
        assert status == 200, body
        assert server.count("SELECT (COUNT(*) AS ?n) { <urn:test:h> <urn:test:b> 7 }") == 0
    finally:
        server.stop()
    assert consistency(run / "store") == []


class _Turtle(http.server.BaseHTTPRequestHandler):
    body = b'<urn:test:loaded> <urn:test:from> "the local listener" .\n'

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/n-triples")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args):
        pass


def test_load_into_the_default_graph_is_kept_where_readers_see_it(_good_template, tmp_path):
    """LOAD <url> (with --allow-network) from a listener on 127.0.0.1: applied, visible."""
    run = _copy(_good_template, tmp_path)
    httpd = http.server.HTTPServer(("127.0.0.1", 0), _Turtle)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{httpd.server_address[1]}/data.nt"
        result = _update(run, f"LOAD <{url}>", "--allow-network")
        assert result.returncode == 0, result.stderr
        assert "1 triple(s) written to the default graph were kept" in result.stdout
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert _ask(run, 'ASK { <urn:test:loaded> <urn:test:from> "the local listener" }') == "true"
    assert consistency(run / "store") == []


@pytest.mark.parametrize("text", [
    "DELETE DATA { ?s ?p ?o }",      # placeholder, replaced by a triple the source states
    "CLEAR DEFAULT",
    "DELETE WHERE { ?s a <https://w3id.org/cthr/ontology#Event> }",
], ids=["delete-data", "clear-default", "delete-where"])
def test_deleting_from_the_default_graph_what_a_source_states_is_refused(_good_template, tmp_path, text):
    run = _copy(_good_template, tmp_path)
    if text.startswith("DELETE DATA"):
        from pyoxigraph import NamedNode, Store

        source = Store.read_only(str(run / "store"))
        q = next(iter(source.quads_for_pattern(None, None, None,
                                               NamedNode("https://w3id.org/cthr/id/source/seed-events"))))
        text = f"DELETE DATA {{ {q.subject} {q.predicate} {q.object} }}"
        del source
    before = store_dump(run / "store")
    result = _update(run, text)
    assert_one_error(result.returncode, result.stderr, "the default graph is the union of the named graphs",
                     "still states")
    assert store_dump(run / "store") == before
    assert not [p.name for p in run.iterdir() if p.name.endswith((".staging", ".old"))]


def test_dropping_a_source_graph_updates_the_union(_good_template, tmp_path):
    run = _copy(_good_template, tmp_path)
    result = _update(run, "DROP GRAPH <https://w3id.org/cthr/id/source/seed-events>")
    assert result.returncode == 0, result.stderr
    assert _ask(run, "SELECT (COUNT(*) AS ?n) { ?e a <https://w3id.org/cthr/ontology#Event> }") == "0"
    assert consistency(run / "store") == []


# --------------------------------------------------- the check at open
def _make_inconsistent(store: Path) -> None:
    """What an interrupted update of an older cthr left: a named graph ahead of the union, no mark."""
    from pyoxigraph import Literal, NamedNode, Quad, Store

    for mark in ("cthr-validated.json", "cthr-derived.json"):
        (store / mark).unlink(missing_ok=True)
    raw = Store(str(store))
    raw.add(Quad(NamedNode("urn:test:orphan"), NamedNode("urn:test:p"), Literal("only in a named graph"),
                 NamedNode("urn:test:g")))
    raw.add(Quad(NamedNode("urn:test:stale"), NamedNode("https://w3id.org/cthr/ontology#hostedBy"),
                 NamedNode("urn:test:nobody"), NamedNode("https://w3id.org/cthr/graph/inferred")))
    raw.flush()
    del raw


def test_an_inconsistent_store_is_repaired_at_open(_good_template, tmp_path):
    run = _copy(_good_template, tmp_path)
    _make_inconsistent(run / "store")
    assert consistency(run / "store")
    result = cli("stats", "--store", "store", cwd=run)
    assert result.returncode == 0, result.stderr
    warnings = [ln for ln in result.stderr.splitlines() if ln.startswith("warning")]
    assert len(warnings) == 1 and "repaired" in warnings[0], result.stderr
    assert consistency(run / "store") == []
    assert _ask(run, 'ASK { <urn:test:orphan> <urn:test:p> "only in a named graph" }') == "true"
    assert _ask(run, "ASK { GRAPH ?g { <urn:test:stale> ?p ?o } }") == "false"
    again = cli("stats", "--store", "store", cwd=run)
    assert again.returncode == 0 and "warning" not in again.stderr


def test_an_inconsistent_store_is_refused_while_another_process_holds_the_lock(_good_template, tmp_path):
    from cthr.graph.lock import store_lock

    run = _copy(_good_template, tmp_path)
    _make_inconsistent(run / "store")
    with store_lock(run / "store", command="a test holding the lock"):
        result = cli("stats", "--store", "store", cwd=run)
    assert_one_error(result.returncode, result.stderr, "cannot be repaired now", "a test holding the lock")


def test_the_next_build_repairs_an_inconsistent_store(_good_template, tmp_path):
    run = _copy(_good_template, tmp_path)
    _make_inconsistent(run / "store")
    build = cli("build", Path(__file__).resolve().parents[2] / "corpus" / "records" / "seed-events.yaml",
                "--store", "store", "-o", "g.ttl", cwd=run)
    assert build.returncode == 0, build.stderr
    assert consistency(run / "store") == []
    assert _ask(run, 'ASK { <urn:test:orphan> <urn:test:p> "only in a named graph" }') == "true"


def test_writes_held_only_in_the_log_survive_the_next_build(_good_template, tmp_path):
    """A store whose last writer did not flush (an older cthr) keeps those writes through a build."""
    from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad, Store

    run = _copy(_good_template, tmp_path)
    for mark in ("cthr-validated.json", "cthr-derived.json"):
        (run / "store" / mark).unlink(missing_ok=True)
    raw = Store(str(run / "store"))
    for g in ("urn:test:logged", None):
        raw.add(Quad(NamedNode("urn:test:w"), NamedNode("urn:test:p"), Literal("in the log"),
                     NamedNode(g) if g else DefaultGraph()))
    del raw                                      # closed without a flush: the write sits in the log
    build = cli("build", Path(__file__).resolve().parents[2] / "corpus" / "records" / "seed-events.yaml",
                "--store", "store", "-o", "g.ttl", cwd=run)
    assert build.returncode == 0, build.stderr
    assert _ask(run, 'ASK { GRAPH <urn:test:logged> { <urn:test:w> <urn:test:p> "in the log" } }') == "true"
    assert consistency(run / "store") == []


def test_a_write_keeps_the_files_writers_keep_beside_the_database(_good_template, tmp_path):
    """`cthr-*.json` files (other writers' records, e.g. which curation built each source) survive a
    remove or an update, which work on a checkpoint copy; the validation mark does not (it is void)."""
    run = _copy(_good_template, tmp_path)
    (run / "store" / "cthr-example.json").write_text('{"kept": true}\n')
    result = _update(run, "INSERT DATA { GRAPH <urn:test:k> { <urn:test:a> <urn:test:b> 1 } }")
    assert result.returncode == 0, result.stderr
    assert (run / "store" / "cthr-example.json").read_text() == '{"kept": true}\n'
    assert not (run / "store" / "cthr-validated.json").exists()
    assert (run / "store" / "cthr-derived.json").exists()
    removed = cli("remove", "seed-events", "--store", "store", cwd=run)
    assert removed.returncode == 0, removed.stderr
    assert (run / "store" / "cthr-example.json").read_text() == '{"kept": true}\n'
