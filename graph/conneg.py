"""Content negotiation for `cthr serve`: which media type answers a request.

The formats are pyoxigraph's own (QueryResultsFormat for SELECT/ASK,
RdfFormat for CONSTRUCT/DESCRIBE, entity pages and the service
description): this module only picks one from the Accept header or a
format= parameter. Kept apart from graph/serve.py so the query workers
(graph/sparql_results.py) can use the same tables without the HTTP code.
"""

from __future__ import annotations

from pyoxigraph import QueryResultsFormat, RdfFormat

__all__ = ["RESULT_TYPES", "GRAPH_TYPES", "NotAcceptable", "negotiate", "JSON_TYPE", "XML_TYPE"]

JSON_TYPE = "application/sparql-results+json"
XML_TYPE = "application/sparql-results+xml"

# Offered media types in order of preference (the first answers */* or no Accept).
# Aliases clients send (application/json, application/xml) are answered under the
# name they asked for, as most SPARQL servers do.
RESULT_TYPES = {
    JSON_TYPE: QueryResultsFormat.JSON,
    XML_TYPE: QueryResultsFormat.XML,
    "text/csv": QueryResultsFormat.CSV,
    "text/tab-separated-values": QueryResultsFormat.TSV,
    "application/json": QueryResultsFormat.JSON,
    "application/xml": QueryResultsFormat.XML,
    "text/xml": QueryResultsFormat.XML,
}
GRAPH_TYPES = {
    "text/turtle": RdfFormat.TURTLE,
    "application/n-triples": RdfFormat.N_TRIPLES,
    "application/ld+json": RdfFormat.JSON_LD,
    "application/rdf+xml": RdfFormat.RDF_XML,
    "application/x-turtle": RdfFormat.TURTLE,
    "text/plain": RdfFormat.N_TRIPLES,           # N-Triples' media type before 2014
}
# format= / output= values (for links and curl; Accept is the standard way).
RESULT_PARAM = {"json": JSON_TYPE, "xml": XML_TYPE, "csv": "text/csv", "tsv": "text/tab-separated-values"}
GRAPH_PARAM = {"turtle": "text/turtle", "ttl": "text/turtle", "nt": "application/n-triples",
               "ntriples": "application/n-triples", "jsonld": "application/ld+json",
               "json-ld": "application/ld+json", "json": "application/ld+json", "rdfxml": "application/rdf+xml",
               "xml": "application/rdf+xml", "rdf": "application/rdf+xml"}


class NotAcceptable(ValueError):
    """Nothing the client accepts is offered (HTTP 406)."""


def _ranges(accept: str) -> tuple[list[str], set[str]]:
    """The media ranges of an Accept header with q > 0, most wanted first (ties keep their order),
    and those it refuses (q=0)."""
    wanted, refused = [], set()
    for k, part in enumerate(accept.split(",")):
        media, *opts = [b.strip().lower() for b in part.split(";")]
        q = next((o[2:] for o in opts if o.startswith("q=")), "1")
        try:
            weight = float(q)
        except ValueError:
            weight = 0.0
        if media and weight > 0:
            wanted.append((-weight, k, media))
        elif media:
            refused.add(media)
    return [media for _, _, media in sorted(wanted)], refused


def negotiate(offered: dict, accept: str | None, fmt: str | None = None, params: dict | None = None) -> str:
    """The offered media type to answer with, from a format= value or the Accept header.

    `offered` is RESULT_TYPES or GRAPH_TYPES (or any dict keyed by media type,
    preferred first); `params` maps format= values to media types. No Accept
    header means anything; one whose ranges all have q=0 means nothing.
    """
    if fmt:
        media = (params or {}).get(fmt.lower(), fmt.lower())
        if media in offered:
            return media
    if not (accept or "").strip():
        return next(iter(offered))
    ranges, refused = _ranges(accept)
    for media in ranges:
        if media in offered:
            return media
        family = media[:-1] if media.endswith("/*") else None          # "text/" from "text/*"
        match = [o for o in offered if o not in refused and (media == "*/*" or family and o.startswith(family))]
        if match:
            return match[0]
    raise NotAcceptable(f"cannot answer in {accept[:200]!r}; offered: {', '.join(offered)}")


def content_type(media: str) -> str:
    """The Content-Type header for `media` (text and JSON say their charset)."""
    return media + ("; charset=utf-8" if media.startswith("text/") or "json" in media else "")
