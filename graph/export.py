"""Exports: byte-stable Turtle first, plus N-Triples, TriG, N-Quads, JSON-LD, RDF/XML.

Byte stability comes from having no blank nodes (every structural node has a
hash IRI) and writing statements in sorted order with fixed prefixes, so two
builds of the same sources give identical files and git diffs mean something.
"""

from __future__ import annotations

from pathlib import Path

from pyoxigraph import RdfFormat, serialize

from .store import GraphStore, atomic_write
from .vocab import PREFIXES

FORMATS = {
    "turtle": (RdfFormat.TURTLE, False),
    "nt": (RdfFormat.N_TRIPLES, False),
    "jsonld": (RdfFormat.JSON_LD, True),
    "rdfxml": (RdfFormat.RDF_XML, False),
    "trig": (RdfFormat.TRIG, True),
    "nquads": (RdfFormat.N_QUADS, True),
}
EXTENSIONS = {"turtle": ".ttl", "nt": ".nt", "jsonld": ".jsonld", "rdfxml": ".rdf", "trig": ".trig", "nquads": ".nq"}


# Instance IRIs stay written in full: a prefix ending before "event/" would
# have to escape the slash ("id:event\\/...").
EXPORT_PREFIXES = {k: v for k, v in PREFIXES.items() if k != "id"}


def _key(term) -> tuple:
    # Sort by kind then lexical form so the order does not depend on the store.
    return (type(term).__name__, str(term))


def serialise(store: GraphStore, fmt: str = "turtle") -> bytes:
    """The graph as bytes in `fmt`; quad formats keep the named graphs."""
    try:
        rdf_format, quads = FORMATS[fmt]
    except KeyError:
        raise ValueError(f"unknown export format {fmt!r}; choose from {', '.join(FORMATS)}") from None
    if quads:
        items = sorted(set(store.quads()), key=lambda q: (_key(q.graph_name), _key(q.subject), _key(q.predicate), _key(q.object)))
    else:
        items = sorted({q.triple for q in store.quads()}, key=lambda t: (_key(t.subject), _key(t.predicate), _key(t.object)))
    prefixes = EXPORT_PREFIXES if rdf_format in (RdfFormat.TURTLE, RdfFormat.TRIG, RdfFormat.RDF_XML) else None
    if rdf_format == RdfFormat.JSON_LD:
        return serialize(items, format=rdf_format)
    return serialize(items, format=rdf_format, prefixes=prefixes)


def export(store: GraphStore, path: str | Path, fmt: str = "turtle") -> int:
    """Write the graph to `path` atomically; returns the bytes written."""
    data = serialise(store, fmt)
    atomic_write(path, data)
    return len(data)
