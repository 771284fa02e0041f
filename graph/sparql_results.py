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

import csv
import io
import json
import os
from pathlib import Path

from pyoxigraph import (BlankNode, Literal, NamedNode, QueryBoolean, QuerySolutions, RdfFormat, Triple,
                        serialize)

from .query import run_query
from .store import GraphStore
from .vocab import PREFIXES, XSD

__all__ = ["JSON_TYPE", "SELECT_TYPES", "GRAPH_TYPES", "FORMAT_PARAM", "render", "evaluate", "run_rows",
           "result_kind"]

JSON_TYPE = "application/sparql-results+json"
# Result formats by media type: SELECT/ASK, then CONSTRUCT/DESCRIBE.
SELECT_TYPES = {JSON_TYPE: "json", "application/json": "json", "text/csv": "csv",
                "text/tab-separated-values": "tsv"}
GRAPH_TYPES = {"text/turtle": RdfFormat.TURTLE, "application/n-triples": RdfFormat.N_TRIPLES}
# Instance IRIs (id:) have slashes in their local part, which Turtle would escape (id:event\/...).
TURTLE_PREFIXES = {k: v for k, v in PREFIXES.items() if k != "id"}
FORMAT_PARAM = {"json": JSON_TYPE, "csv": "text/csv", "tsv": "text/tab-separated-values",
                "turtle": "text/turtle", "ttl": "text/turtle", "nt": "application/n-triples"}



def _json_term(term) -> dict:
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, Literal):
        cell = {"type": "literal", "value": term.value}
        if term.language:
            cell["xml:lang"] = term.language
        elif term.datatype.value != XSD.string.value:
            cell["datatype"] = term.datatype.value
        return cell
    if isinstance(term, Triple):
        return {"type": "triple", "value": {"subject": _json_term(term.subject),
                                            "predicate": _json_term(term.predicate),
                                            "object": _json_term(term.object)}}
    return {"type": "literal", "value": str(term)}


def _csv_value(term) -> str:
    if term is None:
        return ""
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    return term.value if isinstance(term, (NamedNode, Literal)) else str(term)


def render(kind: str, columns: list[str], items, media: str) -> bytes:
    """Serialise a result in the negotiated media type."""
    if kind == "ask":
        if media in (JSON_TYPE, "application/json"):
            return json.dumps({"head": {}, "boolean": items}).encode()
        return f"_askResult\r\n{'true' if items else 'false'}\r\n".encode()
    if kind == "graph":
        return serialize(items, format=GRAPH_TYPES[media], prefixes=TURTLE_PREFIXES if media == "text/turtle" else None)
    fmt = SELECT_TYPES[media]
    if fmt == "json":
        bindings = [{c: _json_term(t) for c, t in zip(columns, row) if t is not None} for row in items]
        return json.dumps({"head": {"vars": columns}, "results": {"bindings": bindings}},
                          ensure_ascii=False).encode("utf-8")
    buf = io.StringIO()
    if fmt == "csv":
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(columns)
        writer.writerows([_csv_value(t) for t in row] for row in items)
    else:
        buf.write("\t".join("?" + c for c in columns) + "\n")
        for row in items:
            buf.write("\t".join("" if t is None else str(t) for t in row) + "\n")
    return buf.getvalue().encode("utf-8")


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


def evaluate(source: tuple, text: str, default_graphs: list[str], named_graphs: list[str],
             media: str, max_rows: int) -> tuple[bytes, bool]:
    """Run a query on `source` and render it in `media`: (body, whether rows were cut at max_rows)."""
    kwargs: dict = {"prefixes": PREFIXES}
    # Without default-graph-uri the store's default graph is the union of the
    # named graphs (see graph/store.py).
    if default_graphs:
        kwargs["default_graph"] = [NamedNode(g) for g in default_graphs]
    if named_graphs:
        kwargs["named_graphs"] = [NamedNode(g) for g in named_graphs]
    result = _graph(source).store.query(text, **kwargs)
    if isinstance(result, QueryBoolean):
        return render("ask", [], bool(result), media), False
    items = []
    for item in result:          # stop early: the cap bounds memory as well as output
        items.append(item if not isinstance(result, QuerySolutions) else [item[v] for v in result.variables])
        if len(items) > max_rows:
            break
    truncated = len(items) > max_rows
    items = items[:max_rows]
    if isinstance(result, QuerySolutions):
        return render("select", [v.value for v in result.variables], items, media), truncated
    return render("graph", [], items, media), truncated


def run_rows(source: tuple, text: str, bindings: dict) -> tuple[list[str], list[list[str]]]:
    """graph.query.run_query on `source`: (columns, rows of strings)."""
    return run_query(_graph(source), text, bindings)
