"""Provenance quads of one source graph: the document, evidence annotations, curated origins.

Every organisation and person has evidence: a span of the source, a record
line, a review line, or a curated origin (the line of a curated file that
names it: an alias entry's ``parent:``, the publisher in ``sources.yaml``).
Each evidence annotation says how the fact was obtained (``cthr:method``: the
extractor's rule name, "record", or "review" with the reviewer, date and
corrected fields), so SPARQL can tell extracted, curated and corrected facts
apart.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from pathlib import Path

from pyoxigraph import Literal, NamedNode

from cthr import __version__
from cthr.loaders.curated_yaml import LineMap, read_yaml
from cthr.loaders.entities import Origin
from cthr.loaders.model import Evidence, LoadError

from .vocab import DCT, OA, PROV, RDF, RDFS, SDO, XSD, C, mint

SOFTWARE = NamedNode(f"https://w3id.org/cthr/software/cthr-kg/{__version__}")
SIDECAR = "sources.yaml"
# Methods a loader need not name: what the fact's source kind implies.
DEFAULT_METHOD = {"records": "record", "text": "extracted"}
_WITH_ACRONYM = re.compile(r"^(?P<name>.+?)\s*\((?P<acronym>[^()]{2,12})\)\s*$")


def en(text: str) -> Literal:
    return Literal(text, language="en")


def xsd_date(value: date) -> Literal:
    return Literal(value.isoformat(), datatype=XSD.date)


def name_and_acronym(text: str) -> tuple[str, str | None]:
    """"Northern Institute for Court Studies (NICS)" -> (name, "NICS")."""
    found = _WITH_ACRONYM.match(text.strip())
    if found and " " not in found.group("acronym").strip():
        return found.group("name").strip(), found.group("acronym").strip()
    return text.strip(), None


@lru_cache(maxsize=64)
def _sidecar(folder: str, mtime_ns: int):
    try:
        return read_yaml(str(Path(folder) / SIDECAR))
    except LoadError:
        return None       # the build has reported a malformed sidecar already


def _sidecar_entry(source_path: str) -> LineMap | None:
    meta = Path(source_path).parent / SIDECAR
    if not meta.is_file():
        return None
    table = _sidecar(str(meta.parent), meta.stat().st_mtime_ns)
    entry = table.get(Path(source_path).name) if isinstance(table, LineMap) else None
    return entry if isinstance(entry, LineMap) else None


def sidecar_origin(source_path: str, field: str) -> Origin | None:
    """The line of `field` in the sources.yaml entry of a text source, if there is one."""
    entry = _sidecar_entry(source_path)
    return Origin(SIDECAR, entry.line_of(field)) if entry is not None and field in entry else None


def sidecar_country(source_path: str) -> str | None:
    """The `country:` a sources.yaml entry gives a text (its national bodies' country when no event says)."""
    entry = _sidecar_entry(source_path)
    value = entry.get("country") if entry is not None else None
    return value.strip() if isinstance(value, str) and value.strip() else None


def record_line(source_path: str, needle: str) -> int | None:
    """The first line of a record file that contains `needle` (the file as read, for a source field)."""
    try:
        text = Path(source_path).read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    at = text.find(needle)
    return text.count("\n", 0, at) + 1 if at >= 0 else None


class ProvenanceWriter:
    """Mixin of the mapping writer: `self.add`, `self.source`, `self.doc`, `self.curation` come from it."""

    def evidence(self, node: NamedNode, ev: Evidence | None) -> None:
        self.add(node, PROV.wasDerivedFrom, self.doc)
        if ev is None:
            return
        method = ev.method or DEFAULT_METHOD.get(self.source.kind, "extracted")
        spanned = ev.start is not None and ev.end is not None
        if spanned:
            key = ("span", str(ev.start), str(ev.end))
        else:
            key = ("line", str(ev.line), ev.field or "")
        if method not in DEFAULT_METHOD.values():
            # Two rules (or a rule and a review) stating facts on one span are
            # two annotations, each with its own method.
            key = (*key, method)
        ann = mint("evidence", self.source.key, *key)
        self.add(node, C.evidence, ann)
        if ann in self._seen_evidence:
            return
        self._seen_evidence.add(ann)
        target = mint("target", self.source.key, *key)
        self.add(ann, RDF.type, C.Evidence)
        self.add(ann, RDF.type, OA.Annotation)
        self.add(ann, C.method, Literal(method))
        self.add(ann, OA.hasTarget, target)
        self.add(target, OA.hasSource, self.doc)
        if spanned:
            quote, position = mint("quote", self.source.key, *key), mint("position", self.source.key, *key)
            self.add(target, OA.hasSelector, quote)
            self.add(quote, RDF.type, OA.TextQuoteSelector)
            self.add(quote, OA.exact, Literal(ev.exact if ev.exact is not None else self.source.text[ev.start:ev.end]))
            self.add(target, OA.hasSelector, position)
            self.add(position, RDF.type, OA.TextPositionSelector)
            self.add(position, OA.start, Literal(ev.start))
            self.add(position, OA.end, Literal(ev.end))
        if method == "review":
            self._review_provenance(ann, ev)
        elif ev.line is not None:
            self.add(ann, C.sourceLine, Literal(ev.line))

    def _review_provenance(self, ann: NamedNode, ev: Evidence) -> None:
        review = self.curation.review_for(self.source.key)
        if review is not None:
            self.add(ann, C.curatedFile, Literal(Path(review.path).name))
            if review.date:
                self.add(ann, DCT.date, xsd_date(review.date))
            if review.reviewer:
                self.add(ann, DCT.creator, Literal(review.reviewer))
        if ev.line is not None:
            self.add(ann, C.curatedLine, Literal(ev.line))
        for name in (ev.field or "").split(","):     # the corrected fields, or "added"
            if name:
                self.add(ann, C.correctedField, Literal(name))

    def curated_origin(self, node: NamedNode, origin: Origin | None) -> None:
        """Evidence that is a curated file's line naming `node` (no sentence or record states it).

        It is a cthr:Evidence like any other (method "curated"), pointing at
        the source that brought the node in, so one shape covers every node.
        """
        if origin is None:
            return
        name = Path(origin.file).name
        key = ("curated", name, str(origin.line))
        ann, target = mint("evidence", self.source.key, *key), mint("target", self.source.key, *key)
        self.add(node, PROV.wasDerivedFrom, self.doc)
        self.add(node, C.evidence, ann)
        self.add(ann, RDF.type, C.Evidence)
        self.add(ann, RDF.type, OA.Annotation)
        self.add(ann, C.method, Literal("curated"))
        self.add(ann, C.curatedFile, Literal(name))
        self.add(ann, C.curatedLine, Literal(origin.line))
        self.add(ann, OA.hasTarget, target)
        self.add(target, OA.hasSource, self.doc)

    def document(self) -> None:
        s, doc = self.source, self.doc
        self.add(doc, RDF.type, C.SourceDocument)
        self.add(doc, RDFS.label, en(s.title or s.key))
        if s.title:
            self.add(doc, DCT.title, en(s.title))
        if s.url:
            self.add(doc, SDO.url, Literal(s.url, datatype=XSD.anyURI))
        if s.sha256:
            self.add(doc, C.sha256, Literal(s.sha256))
        self.add(doc, C.sourceKind, Literal(s.kind))
        self.add(doc, DCT.language, Literal(s.language))
        if s.publication_date:
            self.add(doc, DCT.issued, xsd_date(s.publication_date))
        if s.publisher:
            # "Name (ACR)" is one organisation under its acronym, not a new name.
            name, acronym = name_and_acronym(s.publisher)
            if s.kind == "records":
                line = record_line(s.path, s.publisher)
                publisher = self.organisation(name, acronym, ev=Evidence(line=line, field="publisher") if line else None)
            else:
                publisher = self.organisation(name, acronym, origin=sidecar_origin(s.path, "publisher"))
            self.add(doc, DCT.publisher, publisher)
        if s.curator:
            self.add(doc, DCT.creator, Literal(s.curator))
        for url in s.derived_from:
            self.add(doc, DCT.source, Literal(url, datatype=XSD.anyURI))
        activity = mint("extraction", s.key, s.sha256)
        self.add(activity, RDF.type, PROV.Activity)
        self.add(activity, PROV.used, doc)
        self.add(activity, PROV.wasAssociatedWith, SOFTWARE)
        self.add(SOFTWARE, RDF.type, PROV.SoftwareAgent)
        self.add(SOFTWARE, RDFS.label, Literal(f"cthr-kg {__version__}"))
        self.add(doc, PROV.wasGeneratedBy, activity)
