"""push against misbehaving servers: down, slow, failing N times, failing part-way, garbage.

The servers are real HTTP servers on 127.0.0.1: the project's own SPARQL
endpoint (cthr.graph.serve over an empty store folder, updates allowed, its
queries and updates run by its worker processes) with a fault layer in front
of its request handling. Each test
bounds its loops by count (retries) and by a short socket timeout, and the
reported counts are checked against what the real store behind the faults
holds.
"""

from __future__ import annotations

import math
import socket
import threading
import time

import pytest
from pyoxigraph import NamedNode

from cthr.graph.push import push
from cthr.graph.remote import PushError, RemoteError, count_triples, resolve_endpoint
from cthr.graph.serve import Handler, Served
from cthr.graph.store import GraphStore
from cthr.graph.vocab import INFERRED_GRAPH
from http.server import ThreadingHTTPServer


class Faults:
    """What the next requests get: a list of actions consumed in order, then `then`."""

    def __init__(self, actions=(), then="ok", only_updates=False):
        self.actions, self.then, self.only_updates = list(actions), then, only_updates
        self.seen: list[str] = []
        self.lock = threading.Lock()

    def next(self, is_update: bool) -> str:
        with self.lock:
            if self.only_updates and not is_update:
                return "ok"
            action = self.actions.pop(0) if self.actions else self.then
            self.seen.append(action)
            return action


class FaultHandler(Handler):
    faults: Faults

    def _dispatch(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        is_update = body.startswith(b"update=") or b"&update=" in body
        # Hand the body on to the real handler.
        import io
        self.rfile = io.BytesIO(body)
        action = self.faults.next(is_update)
        if action == "ok":
            return super()._dispatch()
        if action == "500":
            return self._error(500, "internal error (injected)")
        if action == "503":
            return self._error(503, "unavailable (injected)")
        if action == "slow":
            time.sleep(1.5)               # longer than the client's timeout, bounded
            try:
                return self._error(500, "too late")
            except OSError:               # the client has gone: that is the point
                return None
        if action == "garbage":           # a 200 whose body is no SPARQL result
            return self._send(200, b"<html>proxy says hello</html>", "text/html")
        if action == "raw":               # not even HTTP
            self.wfile.write(b"\x00\x13garbage\r\n\r\n")
            self.close_connection = True
            return None
        raise AssertionError(action)


class Held:
    """What the server's store folder holds now (opened afresh: each update swaps in a new folder)."""

    def __init__(self, path):
        self.path = path

    @property
    def store(self):
        return GraphStore.read_only(self.path).store

    def quads(self):
        return GraphStore.read_only(self.path).quads()

    def __len__(self):
        return len(GraphStore.read_only(self.path))


@pytest.fixture
def server(tmp_path):
    """Start a fault server over an empty store folder; yields (url, what the store holds)."""
    started = []

    def start(faults: Faults):
        path = tmp_path / f"store{len(started)}"
        GraphStore(path)                                    # creates an empty store folder (closed at once)
        served = Served(GraphStore.read_only(path), allow_update=True, timeout=10, catalogue={}, log=lambda m: None)
        handler = type("H", (FaultHandler,), {"served": served, "faults": faults})
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        httpd.daemon_threads = True
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        started.append((httpd, served))
        return f"http://127.0.0.1:{httpd.server_address[1]}/sparql", Held(path)
    yield start
    for httpd, served in started:
        httpd.shutdown()
        httpd.server_close()
        served.close()


@pytest.fixture(autouse=True)
def no_credentials(monkeypatch, tmp_path):
    for key in ("CTHR_SPARQL_USER", "CTHR_SPARQL_PASSWORD", "CTHR_SPARQL_AUTH"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("CTHR_ENDPOINTS", str(tmp_path / "none.toml"))


def held(store: GraphStore) -> int:
    return len(store)


def test_server_down_fails_after_bounded_retries_with_one_line(records_graph):
    with socket.socket() as s:                 # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    delays = []
    with pytest.raises(PushError) as info:
        push(records_graph, f"http://127.0.0.1:{port}/sparql", retries=3, backoff=0.01, sleep=delays.append)
    message = str(info.value)
    assert "connection refused" in message and "4 attempts" in message and "down or unreachable" in message
    assert "\n" not in message
    assert delays == [0.01, 0.02, 0.04]        # exponential backoff, bounded by the retry count
    assert info.value.report.total_verified is None      # unknown, and not claimed as pushed


def test_slow_server_times_out(server, records_graph):
    url, store = server(Faults(then="slow"))
    with pytest.raises(PushError) as info:
        push(records_graph, url, retries=1, backoff=0.01, timeout=0.3, sleep=lambda _s: None)
    assert "timed out (2 attempts)" in str(info.value)
    assert held(store) == 0


def test_500_twice_then_ok_is_retried_and_complete(server, records_graph):
    faults = Faults(["500", "503"], only_updates=True)
    url, store = server(faults)
    delays = []
    report = push(records_graph, url, batch_size=400, retries=3, backoff=0.01, sleep=delays.append)
    assert faults.seen[:3] == ["500", "503", "ok"]
    assert delays == [0.01, 0.02]
    assert report.complete
    assert report.total_verified == held(store) == len(records_graph)
    assert {g.value for g in store.store.named_graphs()} == set(report.expected)


def test_failure_part_way_reports_what_the_server_really_holds(server, records_graph):
    # The inferred graph goes first (its DROP and its batches of 100), then the first
    # source graph's DROP and one batch; then the server fails for good. The server
    # (`cthr serve --allow-update`) re-derives its inferred graph from its source
    # graphs after every update, so only the source batch is sure to be held.
    inferred = len(records_graph.quads(NamedNode(INFERRED_GRAPH)))
    faults = Faults(["ok"] * (1 + math.ceil(inferred / 100) + 2), then="500", only_updates=True)
    url, store = server(faults)
    with pytest.raises(PushError) as info:
        push(records_graph, url, batch_size=100, retries=2, backoff=0.01, sleep=lambda _s: None)
    report = info.value.report
    # Some batches landed before the server failed for good (how many depends
    # on how the client's requests line up with the fault schedule); what
    # matters is that the report states exactly what the server holds.
    assert 0 < held(store) < report.total_expected
    assert report.total_verified == held(store)
    assert report.total_verified < report.total_expected
    assert f"the server holds {held(store)} of {report.total_expected}" in str(info.value)


def test_garbage_replies_to_updates_are_caught_by_the_count(server, records_graph):
    # A proxy answering 200 with a page to every update: nothing is stored. The
    # count after the push shows it; the push is never reported as complete.
    url, store = server(Faults(then="garbage", only_updates=True))
    with pytest.raises(PushError) as info:
        push(records_graph, url, batch_size=500, retries=0)
    assert "not verified" in str(info.value)
    assert info.value.report.total_verified == held(store) == 0


def test_garbage_replies_to_queries_are_retried_then_a_clear_error(server):
    url, _ = server(Faults(then="garbage"))
    with pytest.raises(RemoteError) as info:
        count_triples(url, "https://w3id.org/cthr/id/source/x", retries=2, backoff=0.01)
    assert "unreadable reply" in str(info.value) and "3 attempts" in str(info.value)


def test_non_http_bytes_are_retried_then_a_clear_error(server, records_graph):
    url, store = server(Faults(then="raw"))
    with pytest.raises(PushError) as info:
        push(records_graph, url, retries=1, backoff=0.01, sleep=lambda _s: None)
    assert "connection failed" in str(info.value) and "2 attempts" in str(info.value)
    assert held(store) == 0


class _Stages:
    """A progress hook (graph/progress.py's interface) that remembers what it was told."""

    def __init__(self):
        self.log: list[list] = []

    def start(self, name, total=None):
        self.log.append([name, total, 0])

    def tick(self, n=1):
        self.log[-1][2] += n

    def finish(self):
        pass


def test_a_real_store_holds_the_pushed_quads_exactly(server, records_graph):
    url, store = server(Faults())
    stages = _Stages()
    report = push(records_graph, url, batch_size=97, stages=stages)
    # The progress bar's counts: every triple sent, every graph counted on the server.
    assert stages.log == [["push", len(records_graph), len(records_graph)],
                          ["verify", len(report.expected), len(report.expected)]]
    assert sorted(map(str, store.quads())) == sorted(map(str, records_graph.quads()))
    assert report.batches == sum(-(-n // 97) for n in report.expected.values())
    assert count_triples(resolve_endpoint(url), next(iter(report.expected))) == report.expected[
        next(iter(report.expected))]
    assert NamedNode(next(iter(report.expected))) in set(store.store.named_graphs())
