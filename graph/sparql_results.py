"""SPARQL results for the server: media types, rendering, and the calls its query workers run.

`cthr serve` never evaluates a user query in its own process: it sends the
query to a worker (graph/limits.py), which opens the graph itself, runs the
query, renders the result in the negotiated media type and sends back the
bytes. This module holds what the worker needs, so the worker need not
import the HTTP server.

A worker keeps the graph it opened between calls. A store folder is opened
again when the folder at its path has been replaced (a build or an update
swapped a new one in), so the server answers from the newest store without a
restart; a query already running keeps the store it started on.
"""

from __future__ import annotations

import io
import os
import time
from pathlib import Path

from pyoxigraph import (NamedNode, QueryBoolean, QueryResultsFormat, QuerySolutions, RdfFormat,
                       parse_query_results, serialize)

from .conneg import GRAPH_TYPES, RESULT_TYPES
from .query import run_query
from .store import GraphStore
from .vocab import PREFIXES

__all__ = ["render_solutions", "render_graph", "evaluate", "page_body", "select_lines", "keep_answer", "run_rows", "result_kind", "TURTLE_PREFIXES"]

# Instance IRIs (id:) have slashes in their local part, which Turtle would escape (id:event\/...).
TURTLE_PREFIXES = {k: v for k, v in PREFIXES.items() if k != "id"}


class _Enough(Exception):
    """Raised from _CappedLines.write to stop pyoxigraph's serialiser at the row cap."""


class _CappedLines(io.RawIOBase):
    """A sink that keeps the first `keep` lines written to it and stops the writer at the next one.

    SPARQL TSV has exactly one line per row (its terms escape newlines and
    tabs), so counting lines counts rows without parsing them.
    """

    def __init__(self, keep: int):
        super().__init__()
        self.data, self.lines, self.keep, self.cut = bytearray(), 0, keep, False

    def writable(self) -> bool:
        return True

    def write(self, chunk) -> int:
        chunk = bytes(chunk)
        room, end, seen = self.keep - self.lines, 0, 0
        while seen < room:
            k = chunk.find(b"\n", end)
            if k < 0:
                break
            end, seen = k + 1, seen + 1
        self.lines += seen
        if seen < room or end == len(chunk):        # all of it fits (a partial line is finished later)
            self.data += chunk
            return len(chunk)
        self.data += chunk[:end]
        self.cut = True
        raise _Enough


def render_solutions(result: QuerySolutions, fmt: QueryResultsFormat, max_rows: int) -> tuple[bytes, bool]:
    """SELECT solutions in `fmt`, at most `max_rows` of them: (body, whether rows were cut).

    pyoxigraph serialises a whole result with no row limit, so the rows go
    first through its TSV writer into a sink that stops it after max_rows
    (bounding memory as well as output); the kept TSV is then parsed back
    and serialised by pyoxigraph in the wanted format.
    """
    sink = _CappedLines(max_rows + 1)               # the header line, then one line per row
    try:
        result.serialize(sink, format=QueryResultsFormat.TSV)
    except _Enough:
        pass
    tsv = bytes(sink.data)
    if fmt == QueryResultsFormat.TSV:
        return tsv, sink.cut
    return parse_query_results(tsv, format=QueryResultsFormat.TSV).serialize(format=fmt), sink.cut


def render_graph(triples, media: str, prefixes: dict | None = None) -> bytes:
    """Triples in the RDF format of `media` (graph.conneg.GRAPH_TYPES); Turtle and RDF/XML with prefixes
    (the project's by default)."""
    fmt = GRAPH_TYPES[media]
    prefixed = fmt in (RdfFormat.TURTLE, RdfFormat.RDF_XML)
    return serialize(triples, format=fmt, prefixes=(prefixes or TURTLE_PREFIXES) if prefixed else None)


def result_kind(form: str) -> str:
    """"ask", "select" or "graph": what a query of this form (graph.query.query_form) returns."""
    return {"ASK": "ask", "SELECT": "select"}.get(form, "graph")


# ------------------------------------------------------------- in a worker
_opened: dict = {}


def _graph(source: tuple) -> GraphStore:
    """The graph of `source` ("store", folder) or ("nquads", file), opened once per worker."""
    kind, path = source
    if kind == "nquads":
        graph = _opened.get(source)
        if graph is None:
            graph = GraphStore()
            graph.store.bulk_load(path=path, format=RdfFormat.N_QUADS)
            _opened.clear()
            _opened[source] = graph
        return graph
    inode = os.stat(path).st_ino
    cached = _opened.get(source)
    if cached is None or cached[0] != inode:
        from .storedir import open_store

        _opened.clear()
        _opened[source] = cached = (inode, open_store(Path(path), check=False))
    return cached[1]


def prepare(source: tuple) -> None:
    """Open the graph of `source` in this worker (its first call, made without the memory limit)."""
    _graph(source)


def _dataset(default_graphs, named_graphs) -> dict:
    kwargs: dict = {"prefixes": PREFIXES}
    # Without default-graph-uri the store's default graph is the union of the
    # named graphs (see graph/store.py).
    if default_graphs:
        kwargs["default_graph"] = [NamedNode(g) for g in default_graphs]
    if named_graphs:
        kwargs["named_graphs"] = [NamedNode(g) for g in named_graphs]
    return kwargs


def _kept_cache(graph, text: str, kwargs: dict):
    """The store's result cache if this SELECT on the store's own dataset may be kept, else None."""
    from .resultcache import cacheable

    cache = getattr(graph, "cache", None)
    return cache if cache is not None and len(kwargs) == 1 and cacheable(text) else None


def evaluate(source: tuple, text: str, default_graphs: list[str], named_graphs: list[str],
             media: str, max_rows: int) -> tuple[bytes, bool]:
    """Run a query on `source` and render it in `media`: (body, whether rows were cut at max_rows)."""
    kwargs = _dataset(default_graphs, named_graphs)
    graph = _graph(source)
    cache = _kept_cache(graph, text, kwargs)
    if cache is not None:                       # a SELECT on a store: kept whole, its first rows rendered
        columns, page, _ = select_lines(graph, text, kwargs, cache, 0, max_rows + 1, keep_max=max_rows)
        return _render(columns, page[:max_rows], media), len(page) > max_rows
    result = graph.store.query(text, **kwargs)
    if isinstance(result, QueryBoolean):
        return result.serialize(format=RESULT_TYPES[media]), False
    if isinstance(result, QuerySolutions):
        return render_solutions(result, RESULT_TYPES[media], max_rows)
    triples = []
    for triple in result:          # stop early: the cap bounds memory as well as output
        triples.append(triple)
        if len(triples) > max_rows:
            break
    return render_graph(triples[:max_rows], media), len(triples) > max_rows


def select_lines(graph, text: str, kwargs: dict, cache, offset: int, limit: int | None, rows: bool = False,
                 keep_max: int | None = None) -> tuple[list[str], list[str], int | None]:
    """(columns, the answer's rows offset..offset+limit as SPARQL TSV lines, total), from one evaluation.

    The rows outside the page are only counted, unless `cache` keeps the
    whole answer (up to `keep_max` rows, at most MAX_ROWS): then as TSV lines, every term exact,
    read back for any later page in any media type, and with `rows` also as
    the cells `cthr query` and the API read (graph/resultcache.py). With
    `keep_max` the evaluation stops once the page is full and the answer is
    too large to keep (the total is then None): an unsorted product streams
    and ends at the row cap, as before the cache.
    """
    from .query import _fast_cell
    from .resultcache import MAX_ROWS

    found = cache.terms(text, offset, limit) if cache is not None else None
    if found is not None and not rows:
        return found
    started = time.perf_counter()
    result = graph.store.query(text, **kwargs)
    if not isinstance(result, QuerySolutions):
        raise ValueError("paging applies to SELECT queries only")
    columns = [v.value for v in result.variables]
    end = None if limit is None else offset + limit
    keep = cache is not None
    most = MAX_ROWS if keep_max is None else min(keep_max, MAX_ROWS)
    lines, cells, page, total = [], [], [], 0
    for solution in result:
        inside = total >= offset and (end is None or total < end)
        if keep or inside:
            line = "\t".join("" if (t := solution[c]) is None else str(t) for c in columns)
            if keep:
                lines.append(line)
                if rows:
                    cells.append(list(map(_fast_cell, solution)))
                if len(lines) > most:               # too large to keep: only the page from here on
                    keep, lines, cells = False, [], []
            if inside:
                page.append(line)
        total += 1
        if keep_max is not None and not keep and end is not None and total >= end:
            return columns, page, None
    if keep:
        seconds = time.perf_counter() - started
        cache.put_terms(text, columns, lines, seconds)
        if rows:
            cache.put_rows(text, columns, cells, seconds)
    return columns, page, total


def _render(columns: list[str], lines: list[str], media: str) -> bytes:
    tsv = "\t".join(f"?{c}" for c in columns) + "\n" + "".join(f"{line}\n" for line in lines)
    # Through pyoxigraph's parser and writer, in TSV too: its TSV abbreviates numbers and booleans.
    solutions = parse_query_results(tsv.encode("utf-8"), format=QueryResultsFormat.TSV)
    return solutions.serialize(format=RESULT_TYPES[media])


def page_body(source: tuple, text: str, limit: int | None, offset: int, media: str, max_rows: int,
              default_graphs: list[str] = (), named_graphs: list[str] = ()) -> tuple[bytes, bool, int]:
    """One page of a SELECT in `media`, whether it was cut at max_rows, and the whole answer's total.

    One evaluation gives both, and on a store the whole answer is kept
    (:func:`select_lines`), so any later page of it is read, not evaluated.
    """
    kwargs = _dataset(default_graphs, named_graphs)
    graph = _graph(source)
    cap = max_rows + 1 if limit is None else min(limit, max_rows + 1)
    columns, page, total = select_lines(graph, text, kwargs, _kept_cache(graph, text, kwargs), offset, cap)
    return _render(columns, page[:max_rows], media), len(page) > max_rows, total


def keep_answer(graph, text: str) -> int | None:
    """Evaluate a SELECT on a store opened read-only and keep its whole answer in both forms; its rows, or None."""
    kwargs = _dataset((), ())
    cache = _kept_cache(graph, text, kwargs)
    if cache is None:
        return None
    return select_lines(graph, text, kwargs, cache, 0, 0, rows=True)[2]


def run_rows(source: tuple, text: str, bindings: dict) -> tuple[list[str], list[list[str]]]:
    """graph.query.run_query on `source`: (columns, rows of strings)."""
    return run_query(_graph(source), text, bindings)
