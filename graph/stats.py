"""Summaries of a graph for the CLI: counts, organisations and their names, evidence, redirects."""

from __future__ import annotations

import re

from pyoxigraph import NamedNode, Variable

from cthr.loaders.hygiene import cut

from .store import GraphStore
from .vocab import ID, PREFIXES

CLASSES = ("Event", "Organisation", "Person", "Funder", "Participation", "Membership",
           "Project", "Funding", "Resource", "Place", "SourceDocument", "Evidence")


def graph_stats(graph: GraphStore) -> dict[str, int]:
    """Triples, quads, sources and instances per class."""
    counts = {"quads": len(graph)}
    counts["triples (distinct)"] = int(next(iter(graph.query(
        "SELECT (COUNT(*) AS ?n) { SELECT DISTINCT ?s ?p ?o { ?s ?p ?o } }")))["n"].value)
    counts["sources"] = int(next(iter(graph.query(
        "SELECT (COUNT(DISTINCT ?d) AS ?n) { ?d a cthr:SourceDocument }")))["n"].value)
    rows = graph.query("SELECT ?c (COUNT(DISTINCT ?x) AS ?n) { ?x a ?c } GROUP BY ?c")
    by_class = {r["c"].value: int(r["n"].value) for r in rows}
    for name in CLASSES:
        counts[name] = by_class.get("https://w3id.org/cthr/ontology#" + name, 0)
    return counts


# Names and sources from the union (rdfs:label, prov:wasDerivedFrom), so a
# Turtle export, which has no named graphs, lists the same as the store.
ORGANISATIONS = """
SELECT ?org (SAMPLE(?pref) AS ?canonical) (MIN(?name) AS ?first)
       (GROUP_CONCAT(DISTINCT ?name; separator="\\u001f") AS ?names)
       (SAMPLE(?sec) AS ?sector) (SAMPLE(?where) AS ?country)
       (COUNT(DISTINCT ?event) AS ?events) (COUNT(DISTINCT ?src) AS ?sources)
WHERE {
  ?org a cthr:Organisation ; rdfs:label ?name .
  OPTIONAL { ?org prov:wasDerivedFrom ?src . FILTER (STRSTARTS(STR(?src), "%ssource/")) }
  OPTIONAL { ?org skos:prefLabel ?pref }
  OPTIONAL { ?org cthr:sector ?s . BIND (STRAFTER(STR(?s), "/sector/") AS ?sec) }
  OPTIONAL { ?org cthr:jurisdiction/cthr:displayName ?where }
  OPTIONAL { ?event cthr:hasParticipation/cthr:agent ?org }
}
GROUP BY ?org
""" % ID


def organisations(graph: GraphStore) -> list[dict]:
    """Each organisation with every name it was found under, sector, event and source counts."""
    rows = []
    for r in graph.query(ORGANISATIONS):
        names = sorted(set(r["names"].value.split("\x1f")))
        label = (r["canonical"] or r["first"]).value
        rows.append({
            "iri": r["org"].value, "label": label, "names": names,
            "sector": r["sector"].value if r["sector"] else "",
            "country": r["country"].value if r["country"] else "",   # a national body's jurisdiction
            "events": int(r["events"].value), "sources": int(r["sources"].value),
        })
    return sorted(rows, key=lambda r: (r["label"].casefold(), r["iri"]))


EVIDENCE = """
SELECT ?node ?doc ?title ?exact ?start ?end ?line WHERE {
  ?node cthr:evidence ?ann .
  ?ann oa:hasTarget ?t . ?t oa:hasSource ?doc .
  OPTIONAL { ?doc rdfs:label ?title }
  OPTIONAL { ?t oa:hasSelector ?q . ?q oa:exact ?exact }
  OPTIONAL { ?t oa:hasSelector ?p . ?p oa:start ?start ; oa:end ?end }
  OPTIONAL { ?ann cthr:sourceLine ?line }
}
"""


def evidence_for(graph: GraphStore, iri: str) -> list[list[str]]:
    """[source, where, quote] rows for every evidence annotation of a node."""
    rows = []
    for r in graph.query(EVIDENCE, {Variable("node"): NamedNode(iri)}):
        if r["start"] is not None:
            where = f"chars {r['start'].value}-{r['end'].value}"
        elif r["line"] is not None:
            where = f"line {r['line'].value}"
        else:
            where = ""
        rows.append([r["doc"].value.rsplit("/", 1)[-1], where, r["exact"].value if r["exact"] else ""])
    return [list(r) for r in sorted(set(map(tuple, rows)))]


def node_iri(graph: GraphStore, text: str) -> str:
    """The IRI `text` names: a full IRI, a short `id:kind/hash` as tables print, or an organisation's name.

    A name or acronym resolves as an `org` query parameter does (exact
    matches of find-organisation); none or several raise a one-line QueryError.
    """
    from .query import QueryError, local_runner, org_resolver, resolve_name

    value = text.strip()
    prefix, sep, local = value.partition(":")
    if re.match(r"[A-Za-z][A-Za-z0-9+.\-]*://", value) or (sep and local and not re.search(r"\s", value)):
        # `id:org/...` is how tables shorten IRIs; any other `scheme:` must be an IRI itself.
        iri = PREFIXES[prefix] + local if prefix in PREFIXES and not local.startswith("//") else value
        try:
            return NamedNode(iri).value
        except ValueError as exc:
            raise QueryError(f"{cut(value)} is not an IRI ({cut(str(exc), 200)})") from None
    if not value:
        raise QueryError("give an IRI, a short id:kind/hash or an organisation's name")
    return resolve_name(value, org_resolver(local_runner(graph))).value


def has_node(graph: GraphStore, iri: str) -> bool:
    """Whether the graph says anything about `iri` (as subject or object)."""
    node = NamedNode(iri)
    return bool(next(iter(graph.store.quads_for_pattern(node, None, None, None)), None)
                or next(iter(graph.store.quads_for_pattern(None, None, node, None)), None))


REDIRECTS = """
SELECT ?old ?now ?label WHERE {
  ?old owl:sameAs ?now .
  FILTER NOT EXISTS { ?old a ?type }
  OPTIONAL { ?now cthr:displayName ?label }
}
ORDER BY ?old ?now
"""


def redirects(graph) -> list[tuple[str, str, str]]:
    """(old IRI, current IRI, label): every IRI a merge or an alias made another node's."""
    return [(r["old"].value, r["now"].value, r["label"].value if r["label"] else "")
            for r in graph.query(REDIRECTS)]


def current_iri(graph, iri: str) -> str:
    """The IRI a redirected one now resolves to (itself if it is not redirected)."""
    from .query import inline_bindings

    text = inline_bindings(REDIRECTS, {"old": NamedNode(iri)})
    return next((r["now"].value for r in graph.query(text)), iri)
