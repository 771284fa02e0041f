"""SHACL validation against shapes/cthr-shapes.ttl: the report, pySHACL on an rdflib graph, and
the entry to the store engine (graph/shaclstore.py) that builds use."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import rdflib
from pyoxigraph import RdfFormat, Triple, serialize
from pyshacl import validate as shacl_validate
from rdflib.namespace import SH

from cthr import shapes


@dataclass(frozen=True)
class Violation:
    severity: str        # "Violation", "Warning" or "Info"
    focus: str
    path: str
    message: str
    value: str | None = None

    def line(self) -> str:
        value = f" (value: {self.value})" if self.value else ""
        return f"{self.severity}: {self.focus} {self.path}: {self.message}{value}"


@dataclass
class ValidationReport:
    conforms: bool
    results: list[Violation] = field(default_factory=list)

    @property
    def violations(self) -> list[Violation]:
        return [r for r in self.results if r.severity == "Violation"]

    @property
    def warnings(self) -> list[Violation]:
        return [r for r in self.results if r.severity == "Warning"]

    def text(self, limit: int = 50) -> str:
        """A readable report: errors first, grouped by message, a few nodes each."""
        if not self.results:
            return "conforms: every shape passes"
        groups: dict[tuple[str, str], list[Violation]] = {}
        for r in sorted(self.results, key=lambda r: (r.severity != "Violation", r.message, r.focus)):
            groups.setdefault((r.severity, r.message), []).append(r)
        lines = [f"{'conforms' if self.conforms else 'DOES NOT CONFORM'}: "
                 f"{len(self.violations)} violation(s), {len(self.warnings)} warning(s)"]
        for (severity, message), items in list(groups.items())[:limit]:
            lines.append(f"- {severity}: {message} [{len(items)} node(s)]")
            for r in items[:3]:
                value = f" = {r.value}" if r.value else ""
                lines.append(f"    {r.focus} {r.path}{value}")
        return "\n".join(lines)


def _not_lexical_noise(record: logging.LogRecord) -> bool:
    return not record.getMessage().startswith("Failed to convert Literal lexical form")


# rdflib logs a warning with a full traceback for every literal whose lexical
# form does not fit its datatype ("2024-13-45"^^xsd:date, an integer over
# Python's 4,300-digit limit). The shapes report each such value as a
# violation, in one line; the traceback on stderr is only noise.
logging.getLogger("rdflib.term").addFilter(_not_lexical_noise)


@lru_cache(maxsize=1)
def shapes_graph() -> rdflib.Graph:
    g = rdflib.Graph()
    g.parse(data=shapes.path().read_text(encoding="utf-8"), format="turtle")
    return g


def to_rdflib(triples: Iterable[Triple]) -> rdflib.Graph:
    """Copy oxigraph triples into an rdflib Graph (via N-Triples, the fastest path)."""
    g = rdflib.Graph()
    data = serialize(triples, format=RdfFormat.N_TRIPLES)
    if data:
        # Turtle, a superset of N-Triples: rdflib's nt parser is quadratic in literal length.
        g.parse(data=data.decode("utf-8"), format="turtle")
    return g


def _short(term) -> str:
    if term is None:
        return ""
    if isinstance(term, rdflib.BNode):
        return "(path)"
    return str(term)


def validate_graph(data: rdflib.Graph) -> ValidationReport:
    """Validate an rdflib graph against the project's shapes (no inference)."""
    conforms, report, _ = shacl_validate(
        data, shacl_graph=shapes_graph(), inference="none", allow_warnings=True,
        advanced=False, meta_shacl=False,
    )
    results = []
    for result in report.subjects(rdflib.RDF.type, SH.ValidationResult):
        severity = report.value(result, SH.resultSeverity)
        message = report.value(result, SH.resultMessage)
        path = report.value(result, SH.resultPath)
        results.append(Violation(
            severity=str(severity).rsplit("#", 1)[-1],
            focus=_short(report.value(result, SH.focusNode)),
            path=_short(path) if not isinstance(path, rdflib.BNode) else _path_text(report, path),
            message=str(message) if message else "",
            value=_short(report.value(result, SH.value)) or None,
        ))
    results.sort(key=lambda r: (r.severity, r.message, r.focus, r.path, r.value or ""))
    return ValidationReport(conforms=bool(conforms), results=results)


def _path_text(report: rdflib.Graph, path: rdflib.BNode) -> str:
    inverse = report.value(path, SH.inversePath)
    if inverse is not None:
        return f"^{inverse}"
    items = list(rdflib.collection.Collection(report, path)) if report.value(path, rdflib.RDF.first) else []
    return "/".join(str(i) for i in items) or "(path)"


def validate_store_graph(store, focus: Iterable | None = None) -> ValidationReport:
    """Validate a store's default graph (the union of its named graphs) with the
    store engine (graph/shaclstore.py), or pySHACL if the shapes need it."""
    from .shaclstore import validate_store_graph as run

    return run(store, focus)

