"""The graph store: one named graph per source in an embedded pyoxigraph store.

pyoxigraph (Rust, RocksDB on disk) is the default because it answers SPARQL
over millions of triples in milliseconds; rdflib is used where it serves
(SHACL through pySHACL, some serialisations). The store's default graph is
kept equal to the union of all named graphs, as a set: oxigraph's own
`use_default_graph_as_union` is a multiset, so a fact stated by two sources
(a press release and a curated record of one event) would come back twice.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from pyoxigraph import DefaultGraph, NamedNode, Quad, RdfFormat, Store, Variable, parse, serialize

from .vocab import GRAPH, ID, INFERRED_GRAPH, PREFIXES

RULES = ("shortcuts.rq", "funding.rq", "funders.rq", "persons-attend.rq", "display-names.rq")
_SOURCE_PREFIX = ID + "source/"


def atomic_write(path: str | Path, data: bytes) -> None:
    """Write `data` to `path` via a temp file in the same folder and a rename.

    A crash or Ctrl-C leaves either the old file or the new one, never half.
    """
    import tempfile

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes the file private (0600); give it the mode a plain open() would.
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
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

    # Answers kept per store version (graph/resultcache.py): only for a folder opened read-only.
    cache = None

    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path else None
        self.store = Store(str(path)) if path else Store()

    @classmethod
    def read_only(cls, path: str | Path) -> GraphStore:
        """The store folder at `path` opened read-only (no checks; see graph.storedir.open_store)."""
        from .resultcache import ResultCache

        graph = cls.__new__(cls)
        graph.path, graph.store = Path(path), Store.read_only(str(path))
        # The version is taken right after opening (storedir._open_once checks the folder was not swapped).
        graph.cache = ResultCache.for_folder(graph.path)
        return graph

    # -- sources --------------------------------------------------------------
    def replace_source(self, graph: NamedNode, quads: list[Quad]) -> None:
        """Replace one source's named graph in a single transaction.

        One SPARQL Update (DROP + INSERT DATA) is atomic in oxigraph, so a
        failure leaves the previous version of the source in place.
        """
        body = _nt(quads)
        g = graph.value
        self.store.update(f"{_forget(g)} ;\nDROP SILENT GRAPH <{g}> ;\n"
                          f"INSERT DATA {{ GRAPH <{g}> {{\n{body}}} }} ;\nINSERT DATA {{\n{body}}}")

    def remove_source(self, graph: NamedNode) -> bool:
        if not self.store.contains_named_graph(graph):
            return False
        self.store.update(f"{_forget(graph.value)} ;\nDROP GRAPH <{graph.value}>")
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
    def derived(self) -> set:
        """The triples the build rules derive from the graph as it is now."""
        derived: set = set()
        for name in RULES:
            derived.update(self.store.query(_rule_text(name)))
        return derived

    def refresh_inferences(self, bulk: bool = False) -> int | None:
        """Recompute the inferred graph from the build rules; returns its size (None with `bulk`).

        `bulk`: for a staging store whose inferred graph is still empty and
        that is thrown away on failure (a fresh build). The rules' results
        go from oxigraph to its bulk loader as N-Triples bytes, with no
        Python object per triple and no transaction (at a million triples
        the transactional insert of ~280k quads alone took 3-5 s).
        """
        inferred = NamedNode(INFERRED_GRAPH)
        if bulk:
            if any(True for _ in self.store.quads_for_pattern(None, None, None, inferred)):
                raise ValueError("bulk rules need an empty inferred graph")
            data = b"".join(self.store.query(_rule_text(name)).serialize(format=RdfFormat.N_TRIPLES)
                            for name in RULES)
            if data:
                # Each line ends " .\n" (a literal's newline is escaped): the graph name goes before it.
                g = f" <{INFERRED_GRAPH}> .\n".encode()
                self.store.bulk_load(data.replace(b" .\n", g) + data, format=RdfFormat.N_QUADS)
            return None
        derived = self.derived()
        # Apply only the difference to the stored inferred graph (one SPARQL
        # DROP + INSERT DATA of ~10% of a big graph costs seconds), keeping the
        # default graph the set union: a triple leaves it only if no other graph states it.
        old = {q.triple for q in self.store.quads_for_pattern(None, None, None, inferred)}
        gone, added = old - derived, derived - old
        for t in gone:
            self.store.remove(Quad(t.subject, t.predicate, t.object, inferred))
            if not any(not isinstance(q.graph_name, DefaultGraph)
                       for q in self.store.quads_for_pattern(t.subject, t.predicate, t.object, None)):
                self.store.remove(Quad(t.subject, t.predicate, t.object, DefaultGraph()))
        self.store.extend([Quad(t.subject, t.predicate, t.object, g)
                           for t in sorted(added, key=str) for g in (inferred, DefaultGraph())])
        return len(derived)

    # -- consistency ------------------------------------------------------------
    def consistency_problems(self) -> list[str]:
        """What is wrong with the derived graphs: the union default graph and the inferred graph.

        Empty when the default graph is exactly the set union of the named
        graphs and the inferred graph is exactly what the rules derive.
        Costs a scan of the store and one run of the rules.
        """
        problems = []
        if self.store.query("ASK { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } }"):
            problems.append("the default graph holds triples that no named graph states")
        if self.store.query("ASK { GRAPH ?g { ?s ?p ?o } FILTER NOT EXISTS { ?s ?p ?o } }"):
            problems.append("the default graph lacks triples that the named graphs state")
        if not problems:
            inferred = NamedNode(INFERRED_GRAPH)
            if self.derived() != {q.triple for q in self.store.quads_for_pattern(None, None, None, inferred)}:
                problems.append("the inferred graph is not what the build rules derive from the sources")
        return problems

    def repair(self) -> None:
        """Derive the union and the inferred graph again from the source graphs, as a fresh build would."""
        self.store.update(f"DROP SILENT GRAPH <{INFERRED_GRAPH}>")
        self.rebuild_union()
        self.refresh_inferences()

    # -- reading --------------------------------------------------------------
    def query(self, sparql: str, substitutions: dict | None = None):
        """Run SPARQL over the union of all graphs (GRAPH ?g still sees each)."""
        return self.store.query(sparql, substitutions=substitutions or None, prefixes=PREFIXES)

    def quads(self, graph: NamedNode | None = None) -> list[Quad]:
        """The quads of one named graph, or of all named graphs (not the derived default graph)."""
        quads = self.store.quads_for_pattern(None, None, None, graph)
        return [q for q in quads if not isinstance(q.graph_name, DefaultGraph)]

    def __len__(self) -> int:
        """Number of quads in the named graphs."""
        # Counted inside oxigraph: iterating a million quads in Python takes seconds.
        rows = self.store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(next(iter(rows))["n"].value)

    def triple_count(self) -> int:
        """Number of distinct triples (the default graph, i.e. the union)."""
        return int(next(iter(self.store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))["n"].value)

    def add_new_sources(self, nquads: bytes, ntriples: bytes, bulk: bool = False) -> None:
        """Add the graphs of sources not yet in the store: their quads plus their triples in the union.

        `bulk` uses oxigraph's bulk loader (much faster, not transactional:
        only for a staging store that is thrown away on failure).
        """
        # Two loads, not one of both: one bulk load of the two (an N-Triples line is an N-Quads
        # line in the default graph) was ~1 s faster at 1M but peaked 1.2 GiB higher.
        load = self.store.bulk_load if bulk else self.store.load
        load(nquads, format=RdfFormat.N_QUADS)
        load(ntriples, format=RdfFormat.N_TRIPLES)

    def source_hashes(self) -> dict[str, str]:
        """{source graph IRI: recorded sha256} for every loaded source, in one query."""
        rows = self.store.query(
            "SELECT ?g ?h WHERE { GRAPH ?g { ?g <https://w3id.org/cthr/ontology#sha256> ?h } }")
        return {r["g"].value: r["h"].value for r in rows}

    def load_file(self, path: str | Path) -> None:
        """Load an RDF file (format from its suffix); a triple file becomes the graph .../graph/imported.

        Raises ValueError (RdfInputError) for an unknown suffix or XML with
        entity declarations, SyntaxError for a parse error.
        """
        from .rdfinput import read_rdf

        data, fmt = read_rdf(path)
        imported = NamedNode(GRAPH + "imported")
        self.store.bulk_extend(
            q if not isinstance(q.graph_name, DefaultGraph) else Quad(q.subject, q.predicate, q.object, imported)
            for q in parse(data, format=fmt))
        self.rebuild_union()

    def rebuild_union(self) -> None:
        """Recompute the default graph as the union of the named graphs (after raw updates)."""
        self.store.update("DROP SILENT DEFAULT ; INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")


@lru_cache(maxsize=None)
def _rule_text(name: str) -> str:
    """The text of a build rule for the whole graph: NAME.whole.rq where there is one (the same
    triples, its patterns joined from whole scans), else NAME. An incremental refresh evaluates
    NAME itself at its FOCUS lines (graph/inference.py)."""
    folder = Path(__file__).parent / "rules"
    whole = folder / name.replace(".rq", ".whole.rq")
    return (whole if whole.exists() else folder / name).read_text(encoding="utf-8")


def _forget(graph: str) -> str:
    """Update that removes from the default graph what only `graph` states."""
    return (f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} "
            f"FILTER NOT EXISTS {{ GRAPH ?h {{ ?s ?p ?o }} FILTER (?h != <{graph}>) }} }}")
