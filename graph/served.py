"""What `cthr serve` serves: the graph, its worker pool, and the policy every request goes through.

The HTTP side is graph/serve.py; this module holds what does not depend on
HTTP: the limits, the read-only policy, stored-query binding, and the calls
to the worker processes (graph/limits.py) that evaluate every query.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, Triple

from .conneg import GRAPH_TYPES, RESULT_TYPES
from .limits import SERVE_LIMITS, LimitExceeded, Limits, WorkerPool, WorkersBusy
from .query import QueryError, check_query, get_query, inline_bindings, query_form, stored_bindings

__all__ = ["Served", "HttpError", "one_line", "service_description", "named_graphs", "DEFAULT_TIMEOUT",
           "DEFAULT_MAX_ROWS", "DEFAULT_MAX_MEMORY",
           "DEFAULT_IO_TIMEOUT"]

DEFAULT_TIMEOUT = SERVE_LIMITS.timeout          # seconds per query or update
DEFAULT_MAX_MEMORY = SERVE_LIMITS.memory_mib    # MiB a query may add to its worker
DEFAULT_MAX_ROWS = 10_000                       # rows (or triples) per result
DEFAULT_IO_TIMEOUT = 20.0                       # seconds for a client to send its request


class HttpError(Exception):
    def __init__(self, status: int, message: str, headers: dict | None = None):
        super().__init__(message)
        self.status = status
        self.headers = headers or {}


def one_line(exc) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= 500 else text[:499] + "…"


def _busy(exc: Exception) -> HttpError:
    return HttpError(503, one_line(exc), {"Retry-After": "5"})


@dataclass
class Served:
    """The graph being served and the limits it is served under.

    `graph` is a GraphStore: one with a folder is served from that folder
    (and may take updates); one in memory is handed to the workers as an
    N-Quads file.
    """

    graph: object
    allow_update: bool = False
    timeout: float = DEFAULT_TIMEOUT
    max_rows: int = DEFAULT_MAX_ROWS
    workers: int = 2
    catalogue: dict = field(default_factory=dict)
    log: Callable[[str], None] = lambda m: print(m, file=sys.stderr)
    max_memory: int = DEFAULT_MAX_MEMORY
    io_timeout: float = DEFAULT_IO_TIMEOUT
    wait: float = 0.0                   # seconds an update waits for another writer's lock
    cors_origins: frozenset = frozenset()   # other sites' pages that may query (graph/serve.py)

    def __post_init__(self):
        self.store_path = Path(self.graph.path).absolute() if getattr(self.graph, "path", None) else None
        self._dump = None
        if self.store_path:
            self.source = ("store", str(self.store_path))
        else:
            if self.allow_update:
                raise ValueError("updates need a store folder")
            fd, self._dump = tempfile.mkstemp(prefix="cthr-serve-", suffix=".nq")
            os.close(fd)
            self.graph.store.dump(self._dump, RdfFormat.N_QUADS)
            self.source = ("nquads", self._dump)
        self.graph = None               # the workers open it themselves
        self.pool = WorkerPool(self.workers, Limits(self.timeout, self.max_memory),
                               queue_wait=min(self.timeout, 5.0),
                               prepare=("cthr.graph.sparql_results:prepare", (self.source,)))
        self.write_lock = threading.Lock()
        self.network: bytes | None = None       # the network view's JSON, once computed (graph/netview.py)

    def close(self) -> None:
        """Stop the workers and remove the temporary N-Quads file."""
        self.pool.close()
        if self._dump:
            Path(self._dump).unlink(missing_ok=True)

    def call(self, name: str, *args, what: str = "query"):
        try:
            return self.pool.call(name, *args, what=what)
        except (WorkersBusy, LimitExceeded) as exc:
            if isinstance(exc, LimitExceeded):
                self.log(f"{what} stopped: {exc}")
            raise _busy(exc) from None

    # -- queries ---------------------------------------------------------------
    def evaluate(self, text: str, form: str, default_graphs: list[str], named_graphs: list[str],
                 media: str) -> tuple[bytes, bool]:
        """The result of a query rendered in `media`, and whether rows were cut at max_rows."""
        try:
            for g in default_graphs + named_graphs:
                NamedNode(g)
        except ValueError as exc:
            raise HttpError(400, f"bad graph IRI in default-graph-uri/named-graph-uri: {exc}") from None
        try:
            return self.call("cthr.graph.sparql_results:evaluate", self.source, text, default_graphs,
                              named_graphs, media, self.max_rows)
        except SyntaxError as exc:
            raise HttpError(400, f"malformed query: {one_line(exc)}") from None
        except (ValueError, OSError, RuntimeError) as exc:
            raise HttpError(400, f"the query failed: {one_line(exc)}") from None

    def update(self, text: str) -> str:
        """Apply an update to the store (all or nothing); a one-line summary."""
        from .lock import StoreBusy

        if not self.write_lock.acquire(timeout=self.timeout):
            raise HttpError(503, "another update to this store is still running; try again", {"Retry-After": "5"})
        try:
            result = self.call("cthr.graph.update:apply_update_call", str(self.store_path), text, self.wait,
                                what="update")
        except StoreBusy as exc:
            raise _busy(exc) from None
        except SyntaxError as exc:
            raise HttpError(400, f"malformed update: {one_line(exc)}") from None
        except (ValueError, OSError, RuntimeError) as exc:
            raise HttpError(400, one_line(exc) if isinstance(exc, QueryError)
                            else f"the update failed: {one_line(exc)}") from None
        finally:
            self.write_lock.release()
        self.network = None             # the graph changed: the network view is computed again
        return result.summary()

    def check(self, text: str, as_update: bool) -> str:
        """The form of `text`; 400 if it is not SPARQL or sent as the wrong kind, 403 if policy refuses it."""
        try:
            form = query_form(text)
        except QueryError as exc:
            raise HttpError(400, str(exc)) from None
        if form == "UPDATE" and not self.allow_update:
            raise HttpError(403, "updates are not allowed on this endpoint (read-only; start it with --allow-update)")
        if as_update != (form == "UPDATE"):
            raise HttpError(400, "update=... must hold an update" if as_update
                            else "send updates as update=... or application/sparql-update")
        try:
            check_query(text, allow_network=False, allow_update=self.allow_update)
        except QueryError as exc:
            # The CLI's hint (--allow-network) does not apply here: keep the reason only.
            raise HttpError(403, str(exc).split(";")[0] + "; this endpoint refuses it") from None
        return form

    def stored_page(self, name: str, given: dict[str, str]) -> tuple[str, tuple[int | None, int] | None]:
        """(text, page): the stored query bound, and (limit, offset) when `limit`/`offset` are given, else None.

        `limit` and `offset` are the paging of `cthr query --limit --offset`
        (graph/paging.py), never query parameters. The text is checked to take
        them (a SELECT without its own LIMIT); :meth:`page` answers it.
        """
        from .paging import check_page, paged_text

        paging = {k: given.pop(k) for k in ("limit", "offset") if k in given}
        text = self.stored_text(name, given)
        if not paging:
            return text, None
        try:
            numbers = {k: int(v) if re.fullmatch(r"[0-9]{1,10}", v.strip()) else v for k, v in paging.items()}
            limit, offset = check_page(numbers.get("limit"), numbers.get("offset", 0))
            paged_text(text, limit, offset)                 # refuses a query outside the paging convention
        except QueryError as exc:
            raise HttpError(400, one_line(exc)) from None
        return text, (limit, offset)

    def page(self, text: str, limit: int | None, offset: int, media: str, default_graphs: list[str] = (),
             named_graphs: list[str] = ()) -> tuple[bytes, bool, int]:
        """One page of a bound stored SELECT in `media`, whether it was cut, and the answer's total (one evaluation)."""
        try:
            for g in [*default_graphs, *named_graphs]:
                NamedNode(g)
        except ValueError as exc:
            raise HttpError(400, f"bad graph IRI in default-graph-uri/named-graph-uri: {exc}") from None
        try:
            return self.call("cthr.graph.sparql_results:page_body", self.source, text, limit, offset, media,
                             self.max_rows, list(default_graphs), list(named_graphs))
        except SyntaxError as exc:
            raise HttpError(400, f"malformed query: {one_line(exc)}") from None
        except (ValueError, OSError, RuntimeError) as exc:
            raise HttpError(400, f"the query failed: {one_line(exc)}") from None

    def stored_text(self, name: str, given: dict[str, str]) -> str:
        try:
            stored = get_query(name, self.catalogue)
            def runner(text, bindings):
                return self.call("cthr.graph.sparql_results:run_rows", self.source, text, bindings)
            return inline_bindings(stored.text, stored_bindings(runner, stored, given, self.catalogue))
        except QueryError as exc:
            raise HttpError(404 if "no stored query" in str(exc) else 400, one_line(exc)) from None


SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"
# The W3C format IRIs (https://www.w3.org/ns/formats/) of what the endpoint answers in.
SD_PREFIXES = {"sd": SD, "formats": FORMATS, "dcterms": "http://purl.org/dc/terms/"}
_FORMAT_IRIS = {"application/sparql-results+json": "SPARQL_Results_JSON",
                "application/sparql-results+xml": "SPARQL_Results_XML", "text/csv": "SPARQL_Results_CSV",
                "text/tab-separated-values": "SPARQL_Results_TSV", "text/turtle": "Turtle",
                "application/n-triples": "N-Triples", "application/ld+json": "JSON-LD",
                "application/rdf+xml": "RDF_XML"}


def named_graphs(source: tuple) -> list[str]:
    """The IRIs of the named graphs of `source` (run in a worker: the server process holds no graph)."""
    from .sparql_results import _graph

    return sorted(g.value for g in _graph(source).store.named_graphs())


def service_description(endpoint: str, allow_update: bool, graphs: list[str] = ()) -> list[Triple]:
    """A SPARQL 1.1 Service Description of the endpoint at `endpoint` (an absolute IRI).

    `graphs` are the dataset's named graphs (one per source, and the build
    rules' inferred graph), each listed as an sd:namedGraph so a client can see what GRAPH ?g and
    named-graph-uri may name.
    """
    rdf_type = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    service, dataset, default = NamedNode(endpoint), BlankNode(), BlankNode()

    def sd(name):
        return NamedNode(SD + name)
    triples = [Triple(service, rdf_type, sd("Service")), Triple(service, sd("endpoint"), service),
               Triple(service, sd("supportedLanguage"), sd("SPARQL11Query")),
               # The default graph is the union of the named graphs (one per source).
               Triple(service, sd("feature"), sd("UnionDefaultGraph")),
               Triple(service, sd("defaultDataset"), dataset), Triple(dataset, rdf_type, sd("Dataset")),
               Triple(dataset, sd("defaultGraph"), default), Triple(default, rdf_type, sd("Graph")),
               Triple(service, NamedNode("http://purl.org/dc/terms/title"),
                      Literal("cthr-kg: counter-terrorism and human-rights engagement", language="en"))]
    for g in graphs:
        named, inner = BlankNode(), BlankNode()
        triples += [Triple(dataset, sd("namedGraph"), named), Triple(named, rdf_type, sd("NamedGraph")),
                    Triple(named, sd("name"), NamedNode(g)), Triple(named, sd("graph"), inner),
                    Triple(inner, rdf_type, sd("Graph"))]
    if allow_update:
        triples.append(Triple(service, sd("supportedLanguage"), sd("SPARQL11Update")))
    for media in dict.fromkeys(list(RESULT_TYPES) + list(GRAPH_TYPES)):
        if media in _FORMAT_IRIS:
            triples.append(Triple(service, sd("resultFormat"), NamedNode(FORMATS + _FORMAT_IRIS[media])))
    return triples
