"""SPARQL Update on a store folder, all or nothing, with the derived graphs following.

Used by `cthr query --file U.ru --allow-update` and by `cthr serve
--allow-update`. The update runs on a copy of the store under its write lock
(graph.storedir.write_transaction); then, in the copy, the default graph is
made the union of the named graphs again and the rules re-derive the
inferred graph, and only then is the copy swapped in. A crash at any point
leaves the store as it was.

The default graph is derived (the union of the named graphs), so an update
that writes to it directly would be undone by that step and report success
for nothing. Instead:

- triples an update inserts into the default graph (`INSERT DATA { <a> <b>
  <c> }`, `LOAD <url>`) are kept in the named graph UPDATES_GRAPH, where
  every reader sees them and from where they can be dropped again;
- an update that deletes from the default graph triples a named graph still
  states (`DELETE DATA` without GRAPH, `CLEAR DEFAULT`) is refused, naming
  one such triple and the graph to delete it from.

The inferred graph is derived too: it is recomputed after every update, so a
direct change to it lasts only as long as the rules agree with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import DefaultGraph, NamedNode, Quad

from .query import QueryError, check_query
from .storedir import write_transaction
from .vocab import GRAPH, PREFIXES

__all__ = ["UPDATES_GRAPH", "UpdateResult", "apply_update", "apply_update_call"]

UPDATES_GRAPH = GRAPH + "updates"


@dataclass
class UpdateResult:
    before: int                      # quads in the named graphs before
    after: int                       # and after
    kept_in_updates: int = 0         # triples written to the default graph, kept in UPDATES_GRAPH
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = f"{self.before} -> {self.after} quads"
        if self.kept_in_updates:
            text += (f"; {self.kept_in_updates} triple(s) written to the default graph were kept in the "
                     f"named graph <{UPDATES_GRAPH}> (the default graph is the union of the named graphs)")
        return text


def _triples(store, query: str) -> list:
    return [(r["s"], r["p"], r["o"]) for r in store.query(query)]


def _short(term) -> str:
    text = str(term)
    return text if len(text) <= 120 else text[:119] + "…"


def apply_update(store: str | Path, text: str, *, allow_network: bool = False, wait: float = 0.0,
                 command: str | None = None) -> UpdateResult:
    """Apply the SPARQL Update `text` to the store folder `store`; see the module docstring.

    Raises QueryError (refused or malformed update), graph.lock.StoreBusy
    (another writer holds the lock past `wait` seconds) or LoadError (no store).
    """
    check_query(text, allow_network=allow_network, allow_update=True)
    with write_transaction(store, wait=wait, command=command) as tx:
        graph, previous = tx.graph, tx.previous
        before = len(graph)
        try:
            graph.store.update(text, prefixes=PREFIXES)
        except (SyntaxError, ValueError, OSError, RuntimeError) as exc:
            raise QueryError(f"the update failed: {' '.join(str(exc).split())}") from None
        # Before the update the default graph was the union (the transaction
        # repaired it if need be), so the previous store tells a triple the
        # update wrote to the default graph from one a named-graph change left behind.
        extra = _triples(graph.store, "SELECT ?s ?p ?o { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } }")
        missing = _triples(graph.store,
                           "SELECT DISTINCT ?s ?p ?o { GRAPH ?g { ?s ?p ?o } FILTER NOT EXISTS { ?s ?p ?o } }")
        default = DefaultGraph()
        updates = NamedNode(UPDATES_GRAPH)
        for s, p, o in missing:
            if any(True for _ in previous.store.quads_for_pattern(s, p, o, default)):
                where = next((q.graph_name for q in graph.store.quads_for_pattern(s, p, o, None)
                              if not isinstance(q.graph_name, DefaultGraph)), None)
                raise QueryError(
                    f"the update deletes from the default graph a triple the named graph <{_short(where.value)}> "
                    f"still states ({_short(s)} {_short(p)} {_short(o)}); the default graph is the union of the "
                    "named graphs, so delete it there: DELETE WHERE { GRAPH ?g { ... } }")
            graph.store.add(Quad(s, p, o, default))
        kept = 0
        for s, p, o in extra:
            if any(True for _ in previous.store.quads_for_pattern(s, p, o, default)):
                graph.store.remove(Quad(s, p, o, default))     # its named graph was changed: it goes
            else:
                graph.store.add(Quad(s, p, o, updates))        # written to the default graph: kept
                kept += 1
        graph.refresh_inferences()
        result = UpdateResult(before, len(graph), kept)
        del graph, previous          # the stores must be closed before the swap
    return result


def apply_update_call(store: str, text: str, wait: float, allow_network: bool = False,
                      command: str = "cthr serve --allow-update (an update over HTTP)") -> UpdateResult:
    """apply_update as a worker process calls it (graph.limits: positional arguments only)."""
    return apply_update(store, text, allow_network=allow_network, wait=wait, command=command)
