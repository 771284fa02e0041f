"""What lets a build re-check only what changed: the validated store's mark, the changed triples, their reach.

A build whose store carries a VALIDATED_MARK that still describes it (same
sources, same quad count) is "trusted": its new or replaced sources are
compared graph by graph with what the store held, and the rules and shapes
are run again only for the nodes those changes reach; anything this module
cannot bound (blank nodes, subclass changes) falls back to a full run.
"""

from __future__ import annotations

import json
from pathlib import Path

from cthr.loaders import pipeline
from pyoxigraph import BlankNode, DefaultGraph, Literal, NamedNode

from .store import RULES, GraphStore
from .storedir import VALIDATED_MARK
from .vocab import INFERRED_GRAPH

__all__ = ["fingerprint", "trusted", "read_mark", "graph_triples", "union_changes", "refresh_rules", "affected_nodes"]


def fingerprint(store: GraphStore, named: int, triples: int) -> dict:
    """What VALIDATED_MARK records: quads in the named graphs, triples in the union, the sources' hashes,
    and the digest of the code and data that built them (other rules or shapes: validate in full)."""
    return {"quads": named + triples, "named": named, "triples": triples, "sources": store.source_hashes(),
            "pipeline": pipeline.pipeline_digest()}


def trusted(store: GraphStore, mark: dict | None) -> bool:
    """True if the store is the one the mark describes (one count of its quads, inside oxigraph)."""
    return (isinstance(mark, dict) and isinstance(mark.get("named"), int) and isinstance(mark.get("triples"), int)
            and mark.get("pipeline") == pipeline.pipeline_digest() and mark.get("sources") == store.source_hashes() and mark.get("quads") == len(store.store))


def read_mark(store_path: Path) -> dict | None:
    try:
        return json.loads((store_path / VALIDATED_MARK).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def graph_triples(store: GraphStore, graph: NamedNode) -> set:
    return {q.triple for q in store.store.quads_for_pattern(None, None, None, graph)}


def union_changes(store: GraphStore, old: dict, new: dict) -> set:
    """Triples whose presence in the union differs between before and after.

    `old`/`new` map each changed graph to its triples before/after. A triple
    changes in the union only if the changed graphs disagree on it and no
    unchanged graph states it.
    """
    changed_graphs = set(old) | set(new)
    before = set().union(*old.values()) if old else set()
    after = set().union(*new.values()) if new else set()
    out = set()
    for t in before ^ after:
        others = store.store.quads_for_pattern(t.subject, t.predicate, t.object, None)
        if not any(not isinstance(q.graph_name, DefaultGraph) and q.graph_name not in changed_graphs
                   for q in others):
            out.add(t)
    return out


def refresh_rules(staging: GraphStore, store_path: Path | None, changes: tuple[dict, dict] | None,
                  bulk: bool = False) -> str:
    """Re-derive the inferred graph: for the nodes `changes` (old, new source graphs) reach, else in full.

    With `changes`, their (old, new) get the inferred graph's part that was
    looked at. `bulk`: a fresh staging store (no inferred graph yet, thrown
    away on failure), written with the bulk loader. Returns what was done:
    "full" or "incremental: N nodes".
    """
    inferred = NamedNode(INFERRED_GRAPH)
    focus = None
    if changes:
        from .inference import load_rules

        rules = load_rules(RULES)
        previous = GraphStore.read_only(store_path)        # the store before this build (kept until the swap)
        focus = rules.affected(union_changes(staging, *changes), [previous.store, staging.store])
        del previous
    if focus is None:
        if changes:
            changes[0][inferred] = graph_triples(staging, inferred)
        staging.refresh_inferences(bulk=bulk and not changes)
        if changes:
            changes[1][inferred] = graph_triples(staging, inferred)
        return "full"
    changes[0][inferred], changes[1][inferred] = rules.refresh(staging.store, focus, inferred)
    return f"incremental: {len(focus)} nodes"


def affected_nodes(store: GraphStore, changes: set) -> set | None:
    """Focus nodes whose shape results may differ after `changes` to the union; None: all.

    A result on focus node f depends on f's types, f's values on the shapes'
    paths (forward, inverse, two-step sequences), and the types of those
    values (sh:class). So a changed triple (s p o) touches s and o; a changed
    type of s also touches every node one step from s (either direction) and,
    for sequence paths, two steps back; a changed second step of a sequence
    touches the nodes one step back.
    """
    from .shaclstore import SEQUENCE_STEPS, Unsupported

    try:
        seq_first, seq_later = SEQUENCE_STEPS()
    except Unsupported:
        return None
    nodes: set = set()
    typed: set = set()
    second: set = set()
    for t in changes:
        if isinstance(t.subject, BlankNode) or isinstance(t.object, BlankNode):
            return None
        if t.predicate.value == _SUBCLASS:
            return None
        nodes.add(t.subject)
        if not isinstance(t.object, Literal):
            nodes.add(t.object)
        if t.predicate.value == _RDF_TYPE:
            typed.add(t.subject)
        if t.predicate.value in seq_later:
            second.add(t.subject)
    q = store.store
    for s in typed:
        for quad in q.quads_for_pattern(None, None, s, DefaultGraph()):
            nodes.add(quad.subject)
            if seq_first:
                for back in q.quads_for_pattern(None, None, quad.subject, DefaultGraph()):
                    if back.predicate.value in seq_first:
                        nodes.add(back.subject)
        for quad in q.quads_for_pattern(s, None, None, DefaultGraph()):
            if not isinstance(quad.object, Literal):
                nodes.add(quad.object)
    for s in second:
        for quad in q.quads_for_pattern(None, None, s, DefaultGraph()):
            if quad.predicate.value in seq_first:
                nodes.add(quad.subject)
    if any(isinstance(n, BlankNode) for n in nodes):
        return None
    return nodes


_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
