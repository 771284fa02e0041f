"""Namespaces and IRI minting shared by the loaders' mapping, rules and queries."""

from __future__ import annotations

from pyoxigraph import NamedNode

BASE = "https://w3id.org/cthr/"
CTHR = BASE + "ontology#"          # the vocabulary (classes, properties)
ID = BASE + "id/"                  # instances minted by the build
CONCEPT = BASE + "concept/"        # SKOS concepts in ontology/concepts.ttl
GRAPH = BASE + "graph/"            # named graphs that are not a source's own
INFERRED_GRAPH = GRAPH + "inferred"

PREFIXES = {
    "cthr": CTHR,
    "id": ID,
    "role": CONCEPT + "role/",
    "sector": CONCEPT + "sector/",
    "etype": CONCEPT + "event-type/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "org": "http://www.w3.org/ns/org#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "schema": "http://schema.org/",
    "prov": "http://www.w3.org/ns/prov#",
    "oa": "http://www.w3.org/ns/oa#",
    "time": "http://www.w3.org/2006/time#",
}


class _NS:
    """Attribute access to terms of one namespace as pyoxigraph NamedNodes."""

    def __init__(self, base: str):
        self._base = base

    def __getattr__(self, name: str) -> NamedNode:
        return NamedNode(self._base + name)

    def __getitem__(self, name: str) -> NamedNode:
        return NamedNode(self._base + name)


C = _NS(CTHR)
RDF = _NS(PREFIXES["rdf"])
RDFS = _NS(PREFIXES["rdfs"])
XSD = _NS(PREFIXES["xsd"])
SKOS = _NS(PREFIXES["skos"])
DCT = _NS(PREFIXES["dcterms"])
SDO = _NS(PREFIXES["schema"])
PROV = _NS(PREFIXES["prov"])
OA = _NS(PREFIXES["oa"])
ROLE = _NS(PREFIXES["role"])
SECTOR = _NS(PREFIXES["sector"])
ETYPE = _NS(PREFIXES["etype"])


def mint(kind: str, *key: str) -> NamedNode:
    """A stable, opaque IRI for an instance of `kind` from its raw key parts.

    Hash-based (no personal data in a readable slug); the same key gives the
    same IRI in every build, on every machine.
    """
    import hashlib                  # ~4 ms at start-up that read commands never need

    digest = hashlib.sha256("\x1f".join(key).encode("utf-8")).hexdigest()[:20]
    return NamedNode(f"{ID}{kind}/{digest}")


def source_iri(source_key: str) -> NamedNode:
    """The IRI of a source document, which is also its named graph's name."""
    return NamedNode(f"{ID}source/{source_key}")


def sparql_prefixes(names: list[str] | None = None) -> str:
    """PREFIX declarations for SPARQL text."""
    items = PREFIXES.items() if names is None else ((n, PREFIXES[n]) for n in names)
    return "".join(f"PREFIX {n}: <{iri}>\n" for n, iri in items)
