"""Exports: byte-stable Turtle first, plus N-Triples, TriG, N-Quads, JSON-LD, RDF/XML.

JSON-LD is compact, with the context of ontology/context.jsonld embedded
(graph/jsonld.py); the other formats are pyoxigraph's serialisers.

Byte stability comes from having no blank nodes (every structural node has a
hash IRI) and writing statements in sorted order with fixed prefixes, so two
builds of the same sources give identical files and git diffs mean something.
"""

from __future__ import annotations

from pathlib import Path

from pyoxigraph import DefaultGraph, Quad, RdfFormat, parse, serialize

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


def _sorted_lines(store: GraphStore, graph) -> list[bytes]:
    """Canonical N-Triples lines of one graph of the store, sorted as bytes.

    oxigraph dumps the graph straight to bytes (no Python object per
    statement), and sorting the lines (C-speed bytes comparison) keeps a
    1M-triple export to seconds; a line starts with its subject, so the
    order also groups each subject's statements for Turtle.
    """
    data = store.store.dump(format=RdfFormat.N_TRIPLES, from_graph=graph)
    return sorted(data.splitlines()) if data else []


def serialise(store: GraphStore, fmt: str = "turtle", context_url: str | None = None) -> bytes:
    """The graph as bytes in `fmt`; quad formats keep the named graphs.

    `context_url`: JSON-LD only, reference the context there instead of embedding it.
    """
    try:
        rdf_format, quads = FORMATS[fmt]
    except KeyError:
        raise ValueError(f"unknown export format {fmt!r}; choose from {', '.join(FORMATS)}") from None
    if context_url is not None and rdf_format != RdfFormat.JSON_LD:
        raise ValueError(f"--context-url applies to --format jsonld only, not {fmt}")
    if quads:
        graphs = sorted(store.store.named_graphs(), key=lambda g: g.value)
        if rdf_format == RdfFormat.JSON_LD:
            from .jsonld import document
            return document(((g.value, (q.triple for q in store.store.quads_for_pattern(None, None, None, g)))
                             for g in graphs), context_url=context_url)
        items = []
        for g in graphs:
            items.extend(Quad(t.subject, t.predicate, t.object, g)
                         for t in parse(b"\n".join(_sorted_lines(store, g)), format=RdfFormat.N_TRIPLES))
    else:
        # The default graph is the set union of the named graphs (graph/store.py keeps it so).
        lines = _sorted_lines(store, DefaultGraph())
        if rdf_format == RdfFormat.N_TRIPLES:
            return b"".join(line + b"\n" for line in lines)
        # Streamed from the sorted bytes into the serialiser: no list of every triple.
        items = parse(b"\n".join(lines), format=RdfFormat.N_TRIPLES)
    prefixes = EXPORT_PREFIXES if rdf_format in (RdfFormat.TURTLE, RdfFormat.TRIG, RdfFormat.RDF_XML) else None
    return serialize(items, format=rdf_format, prefixes=prefixes)


def export(store: GraphStore, path: str | Path, fmt: str = "turtle", context_url: str | None = None) -> int:
    """Write the graph to `path` atomically; returns the bytes written."""
    data = serialise(store, fmt, context_url)
    atomic_write(path, data)
    return len(data)
