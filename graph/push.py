"""Push the graph to a SPARQL endpoint, graph by graph, and count what the server then holds.

Each named graph of the store is *replaced* on the server (DROP SILENT
GRAPH, then INSERT DATA in batches), the way `cthr build` replaces a source;
with `graph_iri` every quad goes into that one graph instead. Terms are
written as N-Triples by :func:`cthr.graph.query.sparql_term`, so a literal
can never break out of the data block. Failed requests are retried as in
graph/remote.py; then the push stops with a one-line error. The result is
verified by counting each written graph on the server: the count reported is
what the server holds, never what was merely sent.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from pyoxigraph import BlankNode, DefaultGraph, NamedNode

from .progress import Stages
from .query import QueryError, sparql_term
from .remote import (DEFAULT_BACKOFF, DEFAULT_BATCH, DEFAULT_RETRIES, Endpoint, PushError,
                     RemoteError, _update, _with_retries, count_triples, resolve_endpoint)


@dataclass
class PushReport:
    """What a push sent and what the server was then counted to hold, per graph."""

    endpoint: str
    expected: dict[str, int] = field(default_factory=dict)   # graph -> distinct triples to push
    sent: dict[str, int] = field(default_factory=dict)       # graph -> triples in accepted batches
    verified: dict[str, int | None] = field(default_factory=dict)  # graph -> server count (None: unknown)
    batches: int = 0

    @property
    def total_expected(self) -> int:
        return sum(self.expected.values())

    @property
    def total_verified(self) -> int | None:
        """Triples the server holds in the graphs this push wrote (None if any count failed)."""
        if any(v is None for v in self.verified.values()):
            return None
        return sum(v for v in self.verified.values() if v is not None)

    @property
    def complete(self) -> bool:
        return bool(self.expected) and all(self.verified.get(g) == n for g, n in self.expected.items())

    def summary(self) -> str:
        held = self.total_verified
        held_text = "an unknown number of" if held is None else str(held)
        return (f"{self.endpoint}: server holds {held_text} of {self.total_expected} triples in "
                f"{len(self.expected)} graph(s), counted after the push ({self.batches} batch(es) accepted)")


def _push_plan(graph_store, graph_iri: str | None) -> dict[str, list]:
    """Target graph IRI -> sorted distinct triples."""
    plan: dict[str, set] = {}
    for q in graph_store.quads():
        if graph_iri:
            target = graph_iri
        elif isinstance(q.graph_name, DefaultGraph):
            raise RemoteError("the graph has triples outside named graphs (it was read from a file); "
                              "pass --graph IRI to push them into one named graph")
        else:
            target = q.graph_name.value
        plan.setdefault(target, set()).add(q.triple)
    return {g: sorted(ts, key=str) for g, ts in sorted(plan.items())}


def _batches(triples: list, size: int) -> list[list]:
    """Chunks of `size` triples; every triple with a blank node goes in one chunk.

    A blank node label is scoped to one INSERT DATA request, so splitting
    triples that share one over two requests would make two nodes.
    """
    ground, blank = [], []
    for t in triples:
        (blank if isinstance(t.subject, BlankNode) or isinstance(t.object, BlankNode) else ground).append(t)
    return [ground[i:i + size] for i in range(0, len(ground), size)] + ([blank] if blank else [])


def _term(term) -> str:
    return f"_:{term.value}" if isinstance(term, BlankNode) else sparql_term(term)


def insert_data(graph_iri: str, triples: Iterable) -> str:
    """INSERT DATA for `triples` into one named graph, every term in N-Triples syntax."""
    lines = "".join(f"  {_term(t.subject)} {_term(t.predicate)} {_term(t.object)} .\n" for t in triples)
    return f"INSERT DATA {{ GRAPH {sparql_term(NamedNode(graph_iri))} {{\n{lines}}} }}"


def push(graph_store, endpoint: str | Endpoint, graph_iri: str | None = None, *,
         update_endpoint: str | None = None, batch_size: int = DEFAULT_BATCH, retries: int = DEFAULT_RETRIES,
         backoff: float = DEFAULT_BACKOFF, timeout: float | None = None,
         progress: Callable[[str], None] | None = None, stages: Stages | None = None,
         sleep: Callable[[float], None] = time.sleep) -> PushReport:
    """Replace the graph's named graphs (or `graph_iri`) on the endpoint and verify by counting.

    `stages` (graph/progress.py) hears "push" counted in triples sent and
    "verify" counted in graphs counted on the server, for a progress bar.

    Returns a complete PushReport, or raises PushError (its `.report` has the
    server's counts of the graphs written so far) when a batch still fails
    after the retries or the counts do not match.
    """
    if batch_size < 1:
        raise RemoteError("the batch size must be at least 1")
    endpoint = resolve_endpoint(endpoint, update_endpoint, timeout)
    if graph_iri is not None:
        try:
            sparql_term(NamedNode(graph_iri))
        except (ValueError, QueryError) as exc:
            raise RemoteError(f"--graph {graph_iri!r} is not an IRI ({exc})") from None
    plan = _push_plan(graph_store, graph_iri)
    report = PushReport(str(endpoint), {g: len(ts) for g, ts in plan.items()})
    if not plan:
        raise RemoteError("the graph is empty: nothing to push")
    note = progress or (lambda _m: None)
    stages = stages or Stages()
    started: list[str] = []

    def attempt(what: str, text: str) -> None:
        _with_retries(lambda: _update(endpoint, text), what, endpoint, retries, backoff, sleep)

    try:
        stages.start("push", report.total_expected)
        for g, triples in plan.items():
            started.append(g)
            attempt(f"clearing <{g}>", f"DROP SILENT GRAPH {sparql_term(NamedNode(g))}")
            report.sent[g] = 0
            for chunk in _batches(triples, batch_size):
                attempt(f"pushing to <{g}>", insert_data(g, chunk))
                report.sent[g] += len(chunk)
                report.batches += 1
                stages.tick(len(chunk))
            note(f"<{g}>: sent {report.sent[g]} triples")
    except RemoteError as exc:
        _verify(endpoint, report, started, retries=0, backoff=backoff)
        held = report.total_verified
        raise PushError(f"push stopped: {exc}; the server holds "
                        + ("an unknown number" if held is None else str(held))
                        + f" of {report.total_expected} triples in the graphs written", report) from None
    stages.start("verify", len(started))
    _verify(endpoint, report, started, retries, backoff, stages.tick)
    stages.finish()
    if not report.complete:
        short = [f"<{g}> {report.verified.get(g)} of {n}" for g, n in report.expected.items()
                 if report.verified.get(g) != n]
        raise PushError(f"push not verified at {endpoint}: the server holds {'; '.join(short)} triples "
                        "(a count of None means it could not be read)", report)
    return report


def _verify(endpoint: Endpoint, report: PushReport, graphs: list[str], retries: int, backoff: float,
            tick: Callable[[], None] = lambda: None) -> None:
    for g in graphs:
        try:
            report.verified[g] = count_triples(endpoint, g, retries, backoff)
        except RemoteError:
            report.verified[g] = None
        tick()


__all__ = ["PushReport", "push", "insert_data"]
