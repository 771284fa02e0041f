"""Compact JSON-LD with the published context (ontology/context.jsonld).

The context is a reviewable data file kept beside the ontology: one readable
key per property ("startDate", "hasParticipant"), the vocabulary prefixes,
and a type per key where the value is an IRI or a date. The export embeds
it, so no reader ever fetches a context from the network; given a
`context_url` it references the context there instead (`"@context": URL`,
for a copy published at a stable address, such as `cthr serve`'s
/context.jsonld), the keys compacted with the same bundled context.

Why compact here instead of through a JSON-LD library: the graph has no
blank nodes and no lists, so compaction is a lookup per predicate and per
value, linear and byte-stable (nodes, keys and values sorted); rdflib's
serialiser orders nodes by its own set iteration and takes Python time per
triple. tests/test_jsonld.py parses the output with rdflib's JSON-LD parser,
which shares no code with this module, and compares the graphs.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib.resources import files

from pyoxigraph import Literal, NamedNode

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
CONTEXT_FILE = "context.jsonld"


def context_bytes() -> bytes:
    """ontology/context.jsonld as installed, byte for byte (what a referenced context must serve)."""
    return (files("cthr.ontology") / CONTEXT_FILE).read_bytes()


def check_context_url(url: str) -> str:
    """`url` if it can be a document's "@context" reference (an absolute http or https URL), else ValueError."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() or ord(c) < 0x20 for c in url):
        raise ValueError(f"--context-url must be an absolute http(s) URL, not {url[:200]!r}")
    return url


def _unique_keys(pairs):
    keys = [k for k, _ in pairs]
    twice = sorted({k for k in keys if keys.count(k) > 1})
    if twice:
        raise ValueError(f"{CONTEXT_FILE}: key {twice[0]!r} is defined twice")
    return dict(pairs)


def load_context(text: str | None = None) -> dict:
    """The context object of ontology/context.jsonld (or of `text`); duplicate keys refused."""
    if text is None:
        text = context_bytes().decode("utf-8")
    doc = json.loads(text, object_pairs_hook=_unique_keys)
    if not isinstance(doc, dict) or not isinstance(doc.get("@context"), dict):
        raise ValueError(f"{CONTEXT_FILE}: expected {{\"@context\": {{...}}}}")
    return doc["@context"]


class Compactor:
    """Turns IRIs, predicates and values into their compact form under one context."""

    def __init__(self, context: dict):
        self.context = context
        # A prefix: a plain string ending where an IRI segment ends (JSON-LD 1.1
        # only expands such terms as prefixes). Longest first, so "id:" wins over a shorter base.
        self.prefixes = sorted(((v, k) for k, v in context.items()
                                if isinstance(v, str) and v[-1:] in "/#" and "://" in v),
                               key=lambda item: -len(item[0]))
        self.terms: dict[str, tuple[str, str | None]] = {}   # predicate IRI -> (key, coerced type)
        for key, value in context.items():
            if key.startswith("@") or any(key == p for _, p in self.prefixes):
                continue
            iri, kind = (value, None) if isinstance(value, str) else (value.get("@id"), value.get("@type"))
            full = self.expand(iri)
            if full in self.terms:
                raise ValueError(f"{CONTEXT_FILE}: {key!r} and {self.terms[full][0]!r} name the same property")
            self.terms[full] = (key, self.expand(kind) if kind and kind != "@id" else kind)

    def expand(self, value: str) -> str:
        prefix, sep, rest = value.partition(":")
        base = self.context.get(prefix) if sep and not rest.startswith("//") else None
        return base + rest if isinstance(base, str) else value

    @lru_cache(maxsize=65536)
    def iri(self, value: str) -> str:
        """`value` as prefix:rest, or in full when no prefix fits (or it would read as a URL)."""
        for base, prefix in self.prefixes:
            if value.startswith(base) and len(value) > len(base) and not value[len(base):].startswith("//"):
                return f"{prefix}:{value[len(base):]}"
        return value

    def entry(self, predicate: str, obj) -> tuple[str, object]:
        """(key, JSON value) of one statement's predicate and object."""
        key, kind = self.terms.get(predicate, (None, None))
        if isinstance(obj, NamedNode):
            if key and kind == "@id":
                return key, self.iri(obj.value)
            return key or self.iri(predicate), {"@id": self.iri(obj.value)}
        if not isinstance(obj, Literal):
            raise ValueError(f"blank node object of {predicate}: exports mint IRIs for every node")
        datatype = obj.datatype.value
        if key and kind == datatype:
            return key, obj.value
        name = key if key and kind is None else self.iri(predicate)
        return name, _literal(obj, datatype, self.iri)


def _literal(obj: Literal, datatype: str, iri) -> object:
    """A literal as JSON: strings and canonical integers/booleans natively, others as value objects."""
    if obj.language:
        return {"@value": obj.value, "@language": obj.language}
    if datatype == XSD + "string":
        return obj.value
    if datatype == XSD + "integer" and obj.value.lstrip("-").isdigit() and str(int(obj.value)) == obj.value:
        return int(obj.value)                # a JSON integer reads back as xsd:integer
    if datatype == XSD + "boolean" and obj.value in ("true", "false"):
        return obj.value == "true"
    return {"@value": obj.value, "@type": iri(datatype)}


def _node(subject: str, statements, compact: Compactor) -> dict:
    node: dict[str, list] = {}
    types = []
    for predicate, obj in statements:
        if predicate == RDF_TYPE and isinstance(obj, NamedNode):
            types.append(compact.iri(obj.value))
            continue
        key, value = compact.entry(predicate, obj)
        node.setdefault(key, []).append(value)
    out: dict[str, object] = {"@id": compact.iri(subject)}
    if types:
        out["@type"] = sorted(types) if len(types) > 1 else types[0]
    for key in sorted(node):
        values = node[key]
        values.sort(key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
        out[key] = values if len(values) > 1 else values[0]
    return out


def document(graphs, context: dict | None = None, context_url: str | None = None) -> bytes:
    """Compact JSON-LD of `graphs`: (graph IRI, triples) pairs, one named graph each.

    Byte-stable: graphs, nodes, keys and multi-values sorted ("@id" and
    "@type" first), the context embedded in the file's order, or with
    `context_url` only referenced (the URL must serve this same context).
    """
    reference = check_context_url(context_url) if context_url is not None else None
    context = load_context() if context is None else context
    compact = Compactor(context)
    body = []
    for name, triples in sorted(graphs, key=lambda item: item[0]):
        subjects: dict[str, list] = {}
        for t in triples:
            if not isinstance(t.subject, NamedNode):
                raise ValueError("blank node subject: exports mint IRIs for every node")
            subjects.setdefault(t.subject.value, []).append((t.predicate.value, t.object))
        nodes = [_node(s, subjects[s], compact) for s in sorted(subjects)]
        body.append({"@id": compact.iri(name), "@graph": nodes})
    text = json.dumps({"@context": reference or context, "@graph": body}, ensure_ascii=False, indent=1)
    return (text + "\n").encode("utf-8")
