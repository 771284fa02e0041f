"""A researcher's judgements on pairs of entities: same, different, unsure.

Kept as data in the researcher's folder (``judgements.yaml`` or
``judgements.csv``), one decision per entry with who made it, when and why,
as nomenklatura's resolver keeps its edges. Every build reads them:

- ``same`` merges the two nodes (their other IRIs keep resolving through
  owl:sameAs);
- ``different`` keeps them apart even when the alias table would merge them,
  and blocks the pair from ``cthr entities --candidates``;
- ``unsure`` changes nothing in the graph but also blocks the suggestion.

Deleting an entry undoes it: the graph is rebuilt as if it had never been
there. A side is an IRI, or a name with an optional country (and ``kind:
person`` for persons). This module only reads and checks the file; applying
the judgements to IRIs is :mod:`cthr.graph.identity`.
"""

from __future__ import annotations

import csv
import enum
import hashlib
import io
import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .curated_yaml import LineList, LineMap, read_yaml
from .model import LoadError

ID_PREFIX = "https://w3id.org/cthr/id/"
_KINDS = {"organisation": "org", "person": "person"}
_FIELDS = ("judgement", "a", "b", "kind", "author", "date", "note")
_SIDE_FIELDS = ("name", "country", "kind", "iri")
_CSV_COLUMNS = ("judgement", "a", "a_country", "b", "b_country", "kind", "author", "date", "note")


class Judgement(enum.Enum):
    SAME = "same"
    DIFFERENT = "different"
    UNSURE = "unsure"


@dataclass(frozen=True)
class Side:
    """One end of a judgement: an IRI, or a name (with a country) to resolve as the build does."""

    iri: str | None = None
    name: str | None = None
    country: str | None = None
    kind: str = "organisation"

    def show(self) -> str:
        if self.iri:
            return self.iri
        return f"{self.name!r}" + (f" ({self.country})" if self.country else "")


@dataclass(frozen=True)
class Edge:
    """One decision, with the file line it came from."""

    judgement: Judgement
    a: Side
    b: Side
    author: str | None = None
    date: date | None = None
    note: str | None = None
    file: str = ""
    line: int = 0

    def where(self) -> str:
        return f"{self.file}:{self.line}"


def _text(path: str, line: int, field: str, value) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        raise LoadError(path, line, f"field '{field}': expected text, got {value!r} (quote it)")
    return value.strip()


def _side(path: str, line: int, field: str, raw, kind_default: str | None = None,
          country: str | None = None) -> Side:
    if isinstance(raw, LineMap):
        for key in raw:
            if key not in _SIDE_FIELDS:
                raise LoadError(path, raw.line_of(key), f"field '{field}.{key}': unknown "
                                                        f"(known: {', '.join(_SIDE_FIELDS)})")
        values = {k: _text(path, raw.line_of(k), f"{field}.{k}", raw.get(k)) for k in _SIDE_FIELDS}
        line = raw.line
    else:
        text = _text(path, line, field, raw)
        values = {"iri": text, "name": None} if text and re.match(r"https?://", text) else {"name": text, "iri": None}
        values.update(country=country, kind=kind_default)
    kind = values.get("kind") or kind_default or "organisation"
    if kind not in _KINDS:
        where = f"{field}.kind" if isinstance(raw, LineMap) and raw.get("kind") else "kind"
        raise LoadError(path, line, f"field '{where}': {kind!r} is not one of {', '.join(_KINDS)}")
    iri, name = values.get("iri"), values.get("name")
    if bool(iri) == bool(name):
        raise LoadError(path, line, f"field '{field}': give an IRI or a name (with an optional country)")
    if iri:
        found = re.fullmatch(re.escape(ID_PREFIX) + r"(org|person)/[0-9a-f]{20}", iri)
        if not found:
            raise LoadError(path, line, f"field '{field}': {iri!r} is not an organisation or person IRI "
                                        f"({ID_PREFIX}org/... or .../person/...)")
        kind = "organisation" if found.group(1) == "org" else "person"
        if values.get("country"):
            raise LoadError(path, line, f"field '{field}': an IRI side takes no country")
    return Side(iri=iri, name=name, country=values.get("country"), kind=kind)


def _date(path: str, line: int, value) -> date | None:
    text = _text(path, line, "date", value)
    if text is None:
        return None
    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise LoadError(path, line, f"field 'date': {text!r} is not a date YYYY-MM-DD") from None


def _edge(path: str, line: int, fields: dict, line_of) -> Edge:
    verdict = _text(path, line_of("judgement"), "judgement", fields.get("judgement"))
    if verdict is None:
        raise LoadError(path, line, "field 'judgement': required (same, different or unsure)")
    try:
        judgement = Judgement(verdict.casefold())
    except ValueError:
        raise LoadError(path, line_of("judgement"),
                        f"field 'judgement': {verdict!r} is not one of same, different, unsure") from None
    sides = []
    for field in ("a", "b"):
        if fields.get(field) in (None, ""):
            raise LoadError(path, line, f"field '{field}': required")
        sides.append(_side(path, line_of(field), field, fields[field], fields.get("kind"),
                           fields.get(f"{field}_country")))
    a, b = sides
    if a.kind != b.kind:
        raise LoadError(path, line, f"a judgement compares two organisations or two persons, not {a.kind} and {b.kind}")
    if a == b:
        raise LoadError(path, line, "both sides are the same")
    return Edge(judgement, a, b, _text(path, line_of("author"), "author", fields.get("author")),
                _date(path, line_of("date"), fields.get("date")),
                _text(path, line_of("note"), "note", fields.get("note")), path, line)


def load_judgements(path: str | Path) -> list[Edge]:
    """Read a judgements file (.yaml/.yml: a list of entries; .csv: one row each)."""
    spath = str(path)
    if Path(path).suffix.lower() == ".csv":
        return _load_csv(spath)
    raw = read_yaml(spath)
    if raw is None:
        return []
    if not isinstance(raw, LineList):
        raise LoadError(spath, getattr(raw, "line", 1), "a judgements file is a list of entries (- judgement: ...)")
    edges = []
    for entry in raw:
        if not isinstance(entry, LineMap):
            raise LoadError(spath, raw.line, f"each judgement must be a mapping, got {entry!r}")
        for key in entry:
            if key not in _FIELDS:
                raise LoadError(spath, entry.line_of(key), f"field '{key}': unknown (known: {', '.join(_FIELDS)})")
        edges.append(_edge(spath, entry.line, entry, entry.line_of))
    return edges


def _load_csv(path: str) -> list[Edge]:
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise LoadError(path, None, f"cannot read file: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise LoadError(path, None, f"not UTF-8 text (bad byte at offset {exc.start})") from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    edges, header, last = [], None, 0
    try:
        for cells in reader:
            start, last = last + 1, reader.line_num
            if not any(c.strip() for c in cells) or cells[0].lstrip().startswith("#"):
                continue
            if header is None:
                header = [c.strip() for c in cells]
                for col in header:
                    if col not in _CSV_COLUMNS:
                        raise LoadError(path, start, f"field '{col}': unknown column (known: {', '.join(_CSV_COLUMNS)})")
                continue
            if len(cells) > len(header):
                raise LoadError(path, start, f"row has {len(cells)} cells but the header has {len(header)}")
            row = {k: v.strip() for k, v in zip(header, cells) if v.strip()}
            edges.append(_edge(path, start, row, lambda _f, line=start: line))
    except csv.Error as exc:
        raise LoadError(path, last + 1, f"CSV syntax: {exc}") from None
    return edges


def digest(edges: list[Edge]) -> str:
    """What the graph depends on: the same/different pairs, not lines, authors or notes.

    So deleting an entry gives the digest (and the graph) of before it was added.
    """
    facts = sorted({json.dumps([e.judgement.value, *sorted(json.dumps(s.__dict__, sort_keys=True) for s in (e.a, e.b))])
                    for e in edges if e.judgement is not Judgement.UNSURE})
    return hashlib.sha256("\n".join(facts).encode()).hexdigest()


def entry_yaml(judgement: Judgement, a: Side, b: Side, author: str | None, when: date, note: str | None) -> str:
    """One judgement as YAML text, as `cthr judge` appends it."""
    def side(s: Side) -> str:
        if s.iri:
            return s.iri
        parts = [f"name: {json.dumps(s.name, ensure_ascii=False)}"]
        if s.country:
            parts.append(f"country: {json.dumps(s.country, ensure_ascii=False)}")
        if s.kind != "organisation":
            parts.append(f"kind: {s.kind}")
        return "{" + ", ".join(parts) + "}"
    lines = [f"- judgement: {judgement.value}", f"  a: {side(a)}", f"  b: {side(b)}"]
    if author:
        lines.append(f"  author: {json.dumps(author, ensure_ascii=False)}")
    lines.append(f"  date: {when.isoformat()}")
    if note:
        lines.append(f"  note: {json.dumps(note, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"
