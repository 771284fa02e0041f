"""The graph store: one named graph per source in an embedded pyoxigraph store.

pyoxigraph (Rust, RocksDB on disk) is the default because it answers SPARQL
over millions of triples in milliseconds; rdflib is used where it serves
(SHACL through pySHACL, some serialisations). The store's default graph is
empty; queries read the union of all named graphs.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from importlib.resources import files
from pathlib import Path

from pyoxigraph import NamedNode, Quad, RdfFormat, Store, Variable, serialize

from .vocab import ID, INFERRED_GRAPH, PREFIXES

RULES = ("shortcuts.rq", "funding.rq", "persons-attend.rq")
_SOURCE_PREFIX = ID + "source/"


def atomic_write(path: str | Path, data: bytes) -> None:
    """Write `data` to `path` via a temp file in the same folder and a rename.

    A crash or Ctrl-C leaves either the old file or the new one, never half.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _nt(quads: Iterable[Quad]) -> str:
    return serialize((q.triple for q in quads), format=RdfFormat.N_TRIPLES).decode("utf-8")


class GraphStore:
    """A knowledge graph: source named graphs plus the inferred graph."""

    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path else None
        self.store = Store(str(path)) if path else Store()

    # -- sources --------------------------------------------------------------
    def replace_source(self, graph: NamedNode, quads: list[Quad]) -> None:
        """Replace one source's named graph in a single transaction.

        One SPARQL Update (DROP + INSERT DATA) is atomic in oxigraph, so a
        failure leaves the previous version of the source in place.
        """
        body = _nt(quads)
        self.store.update(f"DROP SILENT GRAPH <{graph.value}> ;\nINSERT DATA {{ GRAPH <{graph.value}> {{\n{body}}} }}")

    def remove_source(self, graph: NamedNode) -> bool:
        if not self.store.contains_named_graph(graph):
            return False
        self.store.remove_graph(graph)
        return True

    def sources(self) -> list[NamedNode]:
        return sorted((g for g in self.store.named_graphs() if g.value.startswith(_SOURCE_PREFIX)),
                      key=lambda g: g.value)

    def source_hash(self, graph: NamedNode) -> str | None:
        """The sha256 recorded for a loaded source, to skip unchanged ones."""
        rows = list(self.store.query(
            "SELECT ?g ?h WHERE { GRAPH ?g { ?g <https://w3id.org/cthr/ontology#sha256> ?h } }",
            substitutions={Variable("g"): graph}))
        return rows[0]["h"].value if rows else None

    # -- rules ----------------------------------------------------------------
    def refresh_inferences(self) -> int:
        """Recompute the inferred graph from the build rules; returns its size."""
        inferred = NamedNode(INFERRED_GRAPH)
        derived: set = set()
        for name in RULES:
            text = (files("cthr.graph") / "rules" / name).read_text(encoding="utf-8")
            derived.update(self.store.query(text, use_default_graph_as_union=True))
        quads = sorted((Quad(t.subject, t.predicate, t.object, inferred) for t in derived), key=str)
        self.replace_source(inferred, quads)
        return len(quads)

    # -- reading --------------------------------------------------------------
    def query(self, sparql: str, substitutions: dict | None = None):
        """Run SPARQL over the union of all graphs (GRAPH ?g still sees each)."""
        return self.store.query(sparql, use_default_graph_as_union=True,
                                substitutions=substitutions or None, prefixes=PREFIXES)

    def quads(self, graph: NamedNode | None = None) -> list[Quad]:
        return list(self.store.quads_for_pattern(None, None, None, graph))

    def __len__(self) -> int:
        return len(self.store)

    def load_file(self, path: str | Path) -> None:
        """Load an RDF file exported earlier (format from the extension; triples go to the default graph)."""
        fmt = RdfFormat.from_extension(Path(path).suffix.lstrip(".")) or RdfFormat.TURTLE
        self.store.bulk_load(path=str(path), format=fmt)
