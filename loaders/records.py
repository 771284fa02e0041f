"""Curated structured records (CSV, JSON, YAML) -> :class:`~cthr.loaders.model.Extraction`.

Researchers keep hand-curated records beside the press releases; this module
loads one such file into the same data model the text extractor produces, so
both meet in :mod:`cthr.graph.mapping`. The schema is documented for
researchers in ``docs/records.md``; :data:`RECORD_TYPES` below is its single
source of truth (field name -> converter), so the loader, the docs and the
error messages cannot drift apart.

Every fact gets ``Evidence(line=<1-based line of its record>)``. Bad input of
any kind raises :class:`~cthr.loaders.model.LoadError` naming the file, the
line (of the offending field where the format tells us, else of the record)
and the field, as ``"<path>:<line>: field 'x': problem"``.
"""

from __future__ import annotations

import bisect
import csv
import hashlib
import io
import json
import json.decoder
import json.scanner
import math
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable

import yaml

from .hygiene import control_problem
from .model import (
    PARTICIPATION_ROLES, Event, Evidence, Extraction, Funding, LoadError,
    Organisation, Participation, Person, Project, Resource, Source,
)

__all__ = ["load_records", "RECORD_TYPES", "SOURCE_FIELDS", "SUFFIXES", "LoadError"]

SUFFIXES = (".csv", ".json", ".yaml", ".yml")


# --------------------------------------------------------------------------
# Field converters: raw value (str from CSV; str/int/list/... from YAML/JSON)
# -> model value. They raise _Bad(problem); the caller adds file, line, field.

class _Bad(Exception):
    """A value problem, before we know which file/line/field it belongs to."""


class _Problem(Exception):
    """A problem found while parsing, already placed at a line and field."""

    def __init__(self, line: int | None, field: str, problem: str):
        super().__init__(problem)
        self.line, self.field, self.problem = line, field, problem


def _show(v: Any) -> str:
    s = repr(v)
    return s if len(s) <= 60 else s[:57] + "..."


def _kind(v: Any) -> str:
    """The YAML/JSON word for a value's type, for error messages."""
    for t, word in ((bool, "true/false"), (int, "number"), (float, "number"), (str, "text"),
                    (dict, "mapping"), (list, "list"), (type(None), "nothing")):
        if isinstance(v, t):
            return word
    return type(v).__name__


def _text(v: Any) -> str:
    # Strict on purpose: YAML 1.1 reads `country: NO` as False and `title: 1.0`
    # as a float; silently str()-ing those would store "False" as a country.
    if isinstance(v, str):
        # Invisible characters (NUL, escapes, bidi overrides) would reach Turtle,
        # reports and name matching looking like nothing: refused, never stored.
        problem = control_problem(v)
        if problem:
            _fail(problem)
        return v.strip()
    hint = " (quote it in YAML)" if isinstance(v, (bool, int, float)) else ""
    return _fail(f"expected text, got {_kind(v)} {_show(v)}{hint}")


def _fail(problem: str):
    raise _Bad(problem)


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _date(v: Any) -> date:
    if isinstance(v, date) and not isinstance(v, datetime):   # explicit !!timestamp
        return v
    s = _text(v)
    if not _ISO_DATE.fullmatch(s):
        _fail(f"{_show(s)} is not a date YYYY-MM-DD")
    try:
        return date.fromisoformat(s)
    except ValueError:
        return _fail(f"{_show(s)} is not a real date")


def _count(v: Any) -> int:
    if isinstance(v, int) and not isinstance(v, bool) and v >= 0:
        return v
    if isinstance(v, str) and re.fullmatch(r"[0-9]{1,12}", v.strip()):
        return int(v)
    return _fail(f"{_show(v)} is not a whole number >= 0")


def _amount(v: Any) -> float:
    x = None
    if isinstance(v, (int, float, str)) and not isinstance(v, bool):
        try:
            x = float(v)
        except (ValueError, OverflowError):
            pass
    if x is not None and math.isfinite(x) and x >= 0:
        return x
    return _fail(f"{_show(v)} is not an amount >= 0")


def _list(v: Any) -> list[str]:
    # CSV cells (and, for convenience, YAML/JSON strings) use ';' separators.
    items = v.split(";") if isinstance(v, str) else v
    if not isinstance(items, list):
        _fail(f"expected a list, got {_kind(v)} {_show(v)}")
    return [s for s in (_text(i) for i in items) if s]


def _roles(v: Any) -> set[str]:
    roles = set(_list(v))
    unknown = sorted(roles - set(PARTICIPATION_ROLES))
    if unknown:
        _fail(f"unknown role {_show(unknown[0])} (known: {', '.join(PARTICIPATION_ROLES)})")
    return roles


def _choice(*options: str) -> Callable[[Any], str]:
    def convert(v: Any) -> str:
        s = _text(v)
        return s if s in options else _fail(f"{_show(s)} is not one of: {', '.join(options)}")
    return convert


# --------------------------------------------------------------------------
# The schema, as data. Field names mirror the dataclasses in model.py.

@dataclass(frozen=True)
class _Spec:
    cls: type
    fields: dict[str, Callable[[Any], Any]]
    required: tuple[str, ...]


RECORD_TYPES: dict[str, _Spec] = {
    "events": _Spec(Event, {
        "key": _text, "title": _text, "start": _date, "end": _date,
        "place": _text, "country": _text, "participants_count": _count,
        "count_qualifier": _choice("exact", "approximate", "at least"),
        "event_type": _text, "date_text": _text, "project": _text,
    }, ("key", "title")),
    "organisations": _Spec(Organisation, {
        "name": _text, "acronym": _text, "aliases": _list, "parent": _text, "kind": _text,
        "country": _text,
    }, ("name",)),
    "persons": _Spec(Person, {
        "name": _text, "honorific": _text, "job_title": _text, "role": _text,
        "organisation": _text,
    }, ("name",)),
    "participations": _Spec(Participation, {
        "event": _text, "agent": _text, "agent_kind": _choice("organisation", "person"),
        "roles": _roles, "on_behalf_of": _text,
    }, ("event", "agent", "roles")),
    "projects": _Spec(Project, {"name": _text, "organiser": _text}, ("name",)),
    "fundings": _Spec(Funding, {
        "funder": _text, "project": _text, "event": _text, "amount": _amount, "currency": _text,
    }, ("funder",)),
    "resources": _Spec(Resource, {
        "title": _text, "publisher": _text, "used_at": _list, "presented_by": _text,
    }, ("title",)),
}

# The file's own source metadata. `derived_from` lists the URLs of the
# documents a curated file was compiled from.
SOURCE_FIELDS: dict[str, Callable[[Any], Any]] = {
    "url": _text, "title": _text, "publisher": _text, "publication_date": _date,
    "language": _text, "curator": _text, "derived_from": _list,
}
_SOURCE_CARRIED = ("url", "title", "publisher", "publication_date", "language", "curator", "derived_from")

# `record` column / file-name type: plural as in YAML, singular accepted too.
_TYPE_NAMES = {**{t: t for t in RECORD_TYPES}, **{t[:-1]: t for t in RECORD_TYPES}}


def _missing(v: Any) -> bool:
    return v is None or v == [] or (isinstance(v, str) and not v.strip())


def _convert(path: str, fields: dict, required: tuple, items: dict, line: int,
             field_line: Callable[[Any], int], what: str, prefix: str = "") -> dict:
    """Check and convert one record's raw fields; errors name the field's line."""
    values = {}
    for name, raw in items.items():
        conv = fields.get(name)
        if conv is None:
            raise LoadError(path, field_line(name),
                            f"field '{prefix}{name}': unknown field for {what} "
                            f"(known: {', '.join(prefix + f for f in fields)})")
        if _missing(raw):
            continue
        try:
            value = conv(raw)
        except _Bad as e:
            raise LoadError(path, field_line(name), f"field '{prefix}{name}': {e}") from None
        if value or value == 0:       # a list of only separators counts as missing
            values[name] = value
    for name in required:
        if name not in values:
            raise LoadError(path, line, f"field '{prefix}{name}': required for {what}")
    return values


# --------------------------------------------------------------------------
# Readers. Each returns (source items, source line, source field_line,
# [(record type, raw items, line, field_line), ...]).

class _Map(dict):
    """A parsed mapping that remembers its own line and the line of each key."""

    def __init__(self, line: int = 1):
        super().__init__()
        self.line, self.key_lines = line, {}


def _field_line(m: _Map) -> Callable[[Any], int]:
    return lambda name: m.key_lines.get(name, m.line)


def _from_mapping(path: str, doc: Any):
    """Shared by YAML and JSON: the top-level mapping -> source + records."""
    if not isinstance(doc, _Map):
        raise LoadError(path, 1, f"expected a mapping with 'source', 'events', ... at the top, "
                                 f"got {_kind(doc)}")
    fl = _field_line(doc)
    src = doc.get("source")
    if src is None:
        src = _Map()
    elif not isinstance(src, _Map):
        raise LoadError(path, fl("source"), f"field 'source': expected a mapping, got {_kind(src)}")
    records = []
    for key, items in doc.items():
        if key == "source":
            continue
        if key not in RECORD_TYPES:
            raise LoadError(path, fl(key), f"field '{key}': unknown record type "
                                           f"(known: source, {', '.join(RECORD_TYPES)})")
        if items is None:
            continue
        if not isinstance(items, list):
            raise LoadError(path, fl(key), f"field '{key}': expected a list, got {_kind(items)}")
        for item in items:
            if not isinstance(item, _Map):
                raise LoadError(path, fl(key), f"field '{key}': each entry must be a mapping, "
                                               f"got {_kind(item)} {_show(item)}")
            records.append((key, dict(item), item.line, _field_line(item)))
    return dict(src), src.line, _field_line(src), records


# libyaml's parser when PyYAML was built with it: the pure-Python one took about
# a quarter of a big build's CPU. Both give the same nodes, marks and errors.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _YamlLoader(_BaseLoader):
    """SafeLoader (no python/* tags) that keeps dates as text and records lines."""

    # Dates stay strings so we validate them ourselves: stock PyYAML turns
    # `2024-02-31` into a bare ValueError mid-parse.
    yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


def _yaml_map(loader: _YamlLoader, node: yaml.MappingNode):
    m = _Map(node.start_mark.line + 1)
    yield m                          # yield first so recursive aliases still work
    seen = set()
    for key_node, _ in node.value:   # before merge (<<) flattening: real duplicates only
        if isinstance(key_node, yaml.ScalarNode) and key_node.tag != "tag:yaml.org,2002:merge":
            if (key_node.tag, key_node.value) in seen:
                raise _Problem(key_node.start_mark.line + 1, key_node.value, "given twice")
            seen.add((key_node.tag, key_node.value))
    m.update(loader.construct_mapping(node))
    m.key_lines = {loader.construct_object(k): k.start_mark.line + 1 for k, _ in node.value}


_YamlLoader.add_constructor("tag:yaml.org,2002:map", _yaml_map)


def _read_yaml(path: str, text: str):
    try:
        doc = yaml.load(text, Loader=_YamlLoader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
        line = mark.line + 1 if mark else None
        if hasattr(e, "position"):                   # ReaderError (bad character): no mark
            # libyaml counts the position in UTF-8 bytes, the Python reader in characters.
            before = text.encode("utf-8")[:e.position] if _BaseLoader is not yaml.SafeLoader \
                else text[:e.position]
            line = before.count(b"\n" if isinstance(before, bytes) else "\n") + 1
        problem = " ".join(filter(None, (getattr(e, "context", None), getattr(e, "problem", None))))
        raise LoadError(path, line, f"YAML: {problem or ' '.join(str(e).split())}") from None
    if doc is None:
        raise LoadError(path, 1, "empty file (no YAML content)")
    return _from_mapping(path, doc)


def _read_json(path: str, text: str):
    newlines = [m.start() for m in re.finditer("\n", text)]

    def line_at(pos: int) -> int:
        return bisect.bisect_left(newlines, pos) + 1

    # The json module keeps no positions, so we wrap its object parser: the
    # pure-Python scanner calls `parse_object` with the offset after '{' and
    # calls `scan_once` at the start of each value, which gives record and
    # field lines (a key's line is taken as its value's line).
    def parse_object(s_and_end, strict, scan_once, object_hook, object_pairs_hook, memo=None):
        starts: list[int] = []

        def scan(s: str, idx: int):
            starts.append(idx)
            return scan_once(s, idx)

        pairs, end = json.decoder.JSONObject(s_and_end, strict, scan, None, list, memo)
        m = _Map(line_at(s_and_end[1] - 1))
        for (key, value), pos in zip(pairs, starts):
            if key in m:
                raise _Problem(line_at(pos), key, "given twice")
            m[key], m.key_lines[key] = value, line_at(pos)
        return m, end

    decoder = json.JSONDecoder()
    decoder.parse_object = parse_object
    decoder.scan_once = json.scanner.py_make_scanner(decoder)
    try:
        doc = decoder.decode(text)
    except json.JSONDecodeError as e:
        raise LoadError(path, e.lineno, f"JSON syntax: {e.msg}") from None
    return _from_mapping(path, doc)


def _csv_type_from_name(p: Path) -> str | None:
    """`seeds.events.csv` -> "events"; None if the name does not say."""
    parts = p.name.split(".")
    return _TYPE_NAMES.get(parts[-2].lower()) if len(parts) >= 3 else None


def _read_csv(path: str, text: str, name_type: str | None):
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows, last = [], 0
    try:
        for cells in reader:
            # A quoted cell may span lines, so a row starts after the previous one ended.
            start, last = last + 1, reader.line_num
            if any(c.strip() for c in cells):
                rows.append((start, cells))
    except csv.Error as e:
        raise LoadError(path, last + 1, f"CSV syntax: {e}") from None   # where the bad row starts
    if not rows:
        raise LoadError(path, 1, "empty file (no CSV header)")

    hline, header = rows[0][0], [h.strip() for h in rows[0][1]]
    source_cols = {f"source_{f}": f for f in SOURCE_FIELDS}
    typed = [name_type] if name_type else list(RECORD_TYPES)
    allowed = {"record", *source_cols, *(f for t in typed for f in RECORD_TYPES[t].fields)}
    for i, col in enumerate(header):
        if col not in allowed:
            raise LoadError(path, hline, f"field '{col}': unknown column "
                                         f"(known: {', '.join(sorted(allowed))})")
        if col in header[:i]:
            raise LoadError(path, hline, f"field '{col}': column given twice")
    if name_type is None and "record" not in header:
        raise LoadError(path, hline, "field 'record': no record type: add a 'record' column "
                                     "or name the file <name>.<type>.csv")

    source: dict[str, Any] = {}
    source_lines: dict[str, int] = {}
    records = []
    for line, cells in rows[1:]:
        if len(cells) > len(header):
            raise LoadError(path, line, f"row has {len(cells)} cells but the header has "
                                        f"{len(header)} (a comma in a cell needs \"quotes\")")
        row = dict(zip(header, cells))   # short rows: the missing cells are empty
        rtype = name_type
        given = row.pop("record", "").strip()
        if given:
            rtype = _TYPE_NAMES.get(given.lower())
            if rtype is None or (name_type and rtype != name_type):
                expected = name_type or ", ".join(RECORD_TYPES)
                raise LoadError(path, line, f"field 'record': {_show(given)} is not a record type "
                                            f"for this file (expected: {expected})")
        if rtype is None:
            raise LoadError(path, line, "field 'record': required (no type in the file name)")
        for col, name in source_cols.items():
            value = row.pop(col, "").strip()
            if not value:
                continue
            if source.setdefault(name, value) != value:
                raise LoadError(path, line, f"field '{col}': {_show(value)} differs from "
                                            f"line {source_lines[name]} (one source per file)")
            source_lines.setdefault(name, line)
        # In a mixed file (record column), other types' columns must be empty here.
        fields = RECORD_TYPES[rtype].fields
        items = {k: v for k, v in row.items() if k in fields or v.strip()}
        records.append((rtype, items, line, lambda _name, line=line: line))
    return source, hline, (lambda name: source_lines.get(name, hline)), records


# --------------------------------------------------------------------------

def _sibling_events(p: Path, name_type: str | None) -> list:
    """For `x.participations.csv` etc., the event keys of `x.events.csv` beside it.

    One record type per CSV file means participations cannot name events of
    the same file; the sibling events file is the CSV form's "same file".
    """
    sibling = p.with_name(".".join(p.name.split(".")[:-2] + ["events", "csv"]))
    if name_type in (None, "events") or not sibling.is_file():
        return []
    return load_records(sibling).events


def load_records(path: str | Path) -> Extraction:
    """Load one curated records file (.csv, .json, .yaml, .yml) into an Extraction.

    Raises LoadError (and nothing else) for any bad input: unreadable or
    undecodable file, syntax errors, unknown record types or fields, bad
    values, dangling event references, duplicate event keys.
    """
    p, spath = Path(path), str(path)
    suffix = p.suffix.lower()
    if suffix not in SUFFIXES:
        raise LoadError(spath, None, f"unsupported file type {suffix or '(none)'!r} "
                                     f"(use {', '.join(SUFFIXES)})")
    try:
        data = p.read_bytes()
    except OSError as e:
        raise LoadError(spath, None, f"cannot read file: {e.strerror or e}") from None
    try:
        text = data.decode("utf-8-sig")        # a BOM is fine; CRLF is handled by each parser
    except UnicodeDecodeError as e:
        raise LoadError(spath, data.count(b"\n", 0, e.start) + 1,
                        f"not UTF-8 text (bad byte at offset {e.start})") from None
    if not text.strip():
        raise LoadError(spath, 1, "empty file")

    name_type = _csv_type_from_name(p) if suffix == ".csv" else None
    try:
        if suffix == ".csv":
            src, src_line, src_fl, raw = _read_csv(spath, text, name_type)
        elif suffix == ".json":
            src, src_line, src_fl, raw = _read_json(spath, text)
        else:
            src, src_line, src_fl, raw = _read_yaml(spath, text)
    except _Problem as e:
        raise LoadError(spath, e.line, f"field '{e.field}': {e.problem}") from None
    except (RecursionError, ValueError, TypeError, OverflowError) as e:
        # Pathological input the parsers reject without a position: very deep
        # nesting, explicit YAML tags with impossible values, huge JSON ints.
        if isinstance(e, LoadError):
            raise
        raise LoadError(spath, None, f"cannot parse: {type(e).__name__}: {_show(str(e))}") from None

    meta = _convert(spath, SOURCE_FIELDS, (), src, src_line, src_fl, "source",
                    "source_" if suffix == ".csv" else "")
    ex = Extraction(Source(
        key=p.stem, path=spath, kind="records", sha256=hashlib.sha256(data).hexdigest(),
        **{k: meta[k] for k in _SOURCE_CARRIED if k in meta},
    ))
    lines: dict[int, Callable[[Any], int]] = {}      # id(fact) -> its field_line
    for rtype, items, line, field_line in raw:
        spec = RECORD_TYPES[rtype]
        values = _convert(spath, spec.fields, spec.required, items, line, field_line, rtype)
        fact = spec.cls(**values, evidence=Evidence(line=line))
        getattr(ex, rtype).append(fact)
        lines[id(fact)] = field_line
    ex.external_events = _sibling_events(p, name_type)
    _check_references(spath, ex, lines, {e.key for e in ex.external_events})
    return ex


def _check_references(path: str, ex: Extraction, lines: dict, external_events: set[str]) -> None:
    """Cross-record rules: unique event keys, start <= end, known event keys."""
    def err(fact, field: str, problem: str):
        raise LoadError(path, lines[id(fact)](field), f"field '{field}': {problem}")

    first: dict[str, int] = {}
    for ev in ex.events:
        if ev.key in first:
            err(ev, "key", f"duplicate event key {_show(ev.key)} (first at line {first[ev.key]})")
        first[ev.key] = ev.evidence.line
        if ev.start and ev.end and ev.start > ev.end:
            err(ev, "end", f"{ev.end} is before start {ev.start}")
    known = set(first) | external_events

    def check(fact, field: str, key: str | None):
        if key is not None and key not in known:
            err(fact, field, f"unknown event key {_show(key)} "
                             f"(events here: {', '.join(sorted(known)) or 'none'})")

    for pa in ex.participations:
        check(pa, "event", pa.event)
    for fu in ex.fundings:
        if fu.project is None and fu.event is None:
            raise LoadError(path, fu.evidence.line, "field 'project': a funding needs a 'project' or an 'event'")
        check(fu, "event", fu.event)
    for res in ex.resources:
        for key in res.used_at:
            check(res, "used_at", key)
