"""Review files: a researcher's accept / reject / correct decisions on a source's facts.

A review file (``reviews/<source key>.review.yaml`` in the project folder)
lists the facts loaded from one source, tied to that source's SHA-256, each
with a ``decision``: ``unreviewed`` (the default: no effect), ``accept``,
``reject`` (the fact and what depends on it go) or ``correct`` (the values
under ``set:`` replace the loaded ones). ``add:`` holds facts the extractor
missed, in record syntax (docs/records.md) with a ``type``. Every build
applies the review of each source it loads; if the source's bytes changed
since the review was written, the review is reported and not applied.

Corrected and added facts carry ``Evidence(method="review")`` with the review
line, so SPARQL tells them from extracted (rule name) and curated ("record")
facts. :func:`review_template` writes the file ``cthr review SOURCE`` starts from.
"""

from __future__ import annotations

import copy
import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from .curated_yaml import LineList, LineMap, read_yaml
from .model import Evidence, Extraction, LoadError
from .records import RECORD_TYPES, _Bad

DECISIONS = ("unreviewed", "accept", "reject", "correct")
# Record type -> the entry fields that name the fact a review entry is about
# (the first is required), and the fact attribute each reads.
MATCH = {
    "events": {"event": "key"},
    "organisations": {"organisation": "name"},
    "persons": {"person": "name"},
    "participations": {"event": "event", "agent": "agent", "agent_kind": "agent_kind"},
    "fundings": {"funder": "funder", "project": "project", "event": "event"},
    "resources": {"resource": "title"},
    "projects": {"project": "name"},
}
_INFO = ("quote", "at", "method", "note")


@dataclass
class Entry:
    kind: str                      # record type, e.g. "organisations"
    match: dict                    # match field -> value
    decision: str
    values: dict = field(default_factory=dict)   # converted `set:` values
    line: int = 0


@dataclass
class Review:
    path: str
    source: str
    sha256: str
    reviewer: str | None = None
    date: date | None = None
    entries: list[Entry] = field(default_factory=list)
    adds: list[tuple[str, dict, str | None, int]] = field(default_factory=list)   # (type, values, quote, line)
    digest: str = ""


def _convert(path: str, kind: str, raw: LineMap, names, what: str) -> dict:
    fields = RECORD_TYPES[kind].fields
    out = {}
    for name in names:
        if name not in fields:
            raise LoadError(path, raw.line_of(name), f"field '{name}': not a field {what} "
                                                     f"(known: {', '.join(fields)})")
        if raw[name] is None:
            out[name] = None
            continue
        try:
            out[name] = fields[name](raw[name])
        except _Bad as exc:
            raise LoadError(path, raw.line_of(name), f"field '{name}': {exc}") from None
    return out


def load_review(path: str | Path) -> Review:
    """Read and check one review file; LoadError names the file, line and problem."""
    spath = str(path)
    raw = read_yaml(spath)
    if not isinstance(raw, LineMap):
        raise LoadError(spath, getattr(raw, "line", 1), "a review file is a mapping with 'source', 'sha256' and facts")
    known = ("source", "sha256", "reviewer", "date", "add", *MATCH)
    for key in raw:
        if key not in known:
            raise LoadError(spath, raw.line_of(key), f"field '{key}': unknown (known: {', '.join(known)})")
    for key in ("source", "sha256"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise LoadError(spath, raw.line_of(key), f"field '{key}': required text")
    review = Review(spath, raw["source"].strip(), raw["sha256"].strip().lower(),
                    digest=hashlib.sha256(Path(path).read_bytes()).hexdigest())
    if raw.get("reviewer") is not None:
        if not isinstance(raw["reviewer"], str):
            raise LoadError(spath, raw.line_of("reviewer"), "field 'reviewer': expected text")
        review.reviewer = raw["reviewer"].strip() or None
    if raw.get("date") is not None:
        try:
            review.date = RECORD_TYPES["events"].fields["start"](raw["date"])
        except _Bad as exc:
            raise LoadError(spath, raw.line_of("date"), f"field 'date': {exc}") from None
    for kind in MATCH:
        for item in _items(spath, raw, kind):
            review.entries.append(_entry(spath, kind, item))
    for item in _items(spath, raw, "add"):
        kind = item.get("type")
        if kind not in RECORD_TYPES:
            raise LoadError(spath, item.line_of("type"), f"field 'type': {kind!r} is not one of {', '.join(RECORD_TYPES)}")
        names = [k for k in item if k not in ("type", "quote", "note")]
        values = {k: v for k, v in _convert(spath, kind, item, names, f"of {kind}").items() if v is not None}
        for req in RECORD_TYPES[kind].required:
            if req not in values:
                raise LoadError(spath, item.line, f"field '{req}': required for {kind}")
        quote = item.get("quote")
        if quote is not None and not isinstance(quote, str):
            raise LoadError(spath, item.line_of("quote"), "field 'quote': expected text")
        review.adds.append((kind, values, quote, item.line))
    return review


def _items(path: str, raw: LineMap, key: str) -> list[LineMap]:
    items = raw.get(key) or []
    if not isinstance(items, LineList) and items != []:
        raise LoadError(path, raw.line_of(key), f"field '{key}': expected a list")
    for item in items:
        if not isinstance(item, LineMap):
            raise LoadError(path, raw.line_of(key), f"field '{key}': each entry must be a mapping")
    return list(items)


def _entry(path: str, kind: str, item: LineMap) -> Entry:
    match = {k: item[k] for k in MATCH[kind] if item.get(k) is not None}
    first = next(iter(MATCH[kind]))
    if first not in match:
        raise LoadError(path, item.line, f"field '{first}': required (which fact this entry is about)")
    allowed = set(RECORD_TYPES[kind].fields) | set(MATCH[kind]) | {"decision", "set", *_INFO}
    for key in item:
        if key not in allowed:
            raise LoadError(path, item.line_of(key), f"field '{key}': unknown here (decision, set, or the fact's fields)")
    decision = item.get("decision", "unreviewed")
    if decision not in DECISIONS:
        raise LoadError(path, item.line_of("decision"), f"field 'decision': {decision!r} is not one of {', '.join(DECISIONS)}")
    values = {}
    if decision == "correct":
        new = item.get("set")
        if not isinstance(new, LineMap) or not new:
            raise LoadError(path, item.line_of("decision"), "a correction needs the new values under 'set:'")
        fixed = {"events": ("key",), "participations": ("event",)}.get(kind, ())
        for name in fixed:
            if name in new:
                raise LoadError(path, new.line_of(name), f"field '{name}': cannot be corrected; reject and add instead")
        values = _convert(path, kind, new, list(new), f"of {kind}")
    elif "set" in item:
        raise LoadError(path, item.line_of("set"), "'set:' goes with decision: correct")
    return Entry(kind, {k: str(v) for k, v in match.items()}, decision, values, item.line)


# -- applying ---------------------------------------------------------------

def _matches(kind: str, fact, match: dict) -> bool:
    for key, value in match.items():
        got = getattr(fact, MATCH[kind][key], None)
        if got != value:
            return False
    return True


def apply_review(x: Extraction, review: Review | None) -> tuple[Extraction, list[str]]:
    """The extraction with the review's decisions applied, and notes for the build report."""
    if review is None:
        return x, []
    if review.sha256 != x.source.sha256:
        return x, [f"{review.path}: {x.source.path} changed since this review "
                   f"(sha256 {review.sha256[:12]}... is now {x.source.sha256[:12]}...): review not applied"]
    original, x, notes = x, copy.deepcopy(x), []
    for entry in review.entries:
        if entry.decision == "unreviewed":
            continue
        facts = [f for f in getattr(x, entry.kind) if _matches(entry.kind, f, entry.match)]
        if not facts:
            # Gone with a fact rejected above (an organisation's participations): nothing to say.
            if not any(_matches(entry.kind, f, entry.match) for f in getattr(original, entry.kind)):
                notes.append(f"{review.path}:{entry.line}: no {entry.kind[:-1]} {_show(entry.match)} "
                             f"in {x.source.key} any more: not applied")
            continue
        for fact in facts:
            if entry.decision == "reject":
                _reject(x, entry.kind, fact)
            elif entry.decision == "correct":
                _correct(x, entry, fact, review)
    for kind, values, quote, line in review.adds:
        ev = Evidence(line=line, field="added", method="review")
        if quote:
            start = x.source.text.find(quote) if x.source.text else -1
            if start < 0:
                notes.append(f"{review.path}:{line}: quote not found in {x.source.key}; added without a span")
            else:
                ev = Evidence(start, start + len(quote), quote, line, "added", "review")
        getattr(x, kind).append(RECORD_TYPES[kind].cls(**values, evidence=ev))
    return x, notes


def _show(match: dict) -> str:
    return ", ".join(f"{k} {v!r}" for k, v in match.items())


def _review_evidence(old: Evidence | None, line: int, fields) -> Evidence:
    old = old or Evidence()
    return Evidence(old.start, old.end, old.exact, line, ",".join(sorted(fields)), "review")


def _correct(x: Extraction, entry: Entry, fact, review: Review) -> None:
    before = {k: getattr(fact, k) for k in entry.values}
    for name, value in entry.values.items():
        setattr(fact, name, value if value is not None else ([] if isinstance(before[name], list) else None))
    if entry.kind == "events" and fact.start and fact.end and fact.start > fact.end:
        raise LoadError(review.path, entry.line, f"field 'end': {fact.end} is before start {fact.start}")
    if entry.kind == "organisations" and entry.values.get("name"):
        _rename_org(x, before["name"], fact.name)
    if entry.kind == "persons" and entry.values.get("name"):
        _rename_person(x, before["name"], fact.name)
    fact.evidence = _review_evidence(fact.evidence, entry.line, entry.values)


def _rename_org(x: Extraction, old: str, new: str) -> None:
    for p in x.participations:
        if p.agent == old and p.agent_kind == "organisation":
            p.agent = new
        if p.on_behalf_of == old:
            p.on_behalf_of = new
    for items, attr in ((x.persons, "organisation"), (x.fundings, "funder"), (x.resources, "publisher"),
                        (x.projects, "organiser"), (x.organisations, "parent")):
        for item in items:
            if getattr(item, attr) == old:
                setattr(item, attr, new)


def _rename_person(x: Extraction, old: str, new: str) -> None:
    for p in x.participations:
        if p.agent == old and p.agent_kind == "person":
            p.agent = new
    for r in x.resources:
        if r.presented_by == old:
            r.presented_by = new


def _reject(x: Extraction, kind: str, fact) -> None:
    """Remove a fact and what cannot stand without it (an organisation's participations...)."""
    getattr(x, kind).remove(fact)
    if kind in ("organisations", "persons"):
        agent_kind = kind[:-1]
        name = fact.name
        x.participations = [p for p in x.participations if not (p.agent == name and p.agent_kind == agent_kind)]
        if kind == "organisations":
            x.fundings = [f for f in x.fundings if f.funder != name]
            for items, attr in ((x.persons, "organisation"), (x.resources, "publisher"), (x.projects, "organiser"),
                                (x.participations, "on_behalf_of"), (x.organisations, "parent")):
                for item in items:
                    if getattr(item, attr) == name:
                        setattr(item, attr, None)
        else:
            for r in x.resources:
                if r.presented_by == name:
                    r.presented_by = None
    elif kind == "events":
        x.participations = [p for p in x.participations if p.event != fact.key]
        x.fundings = [f for f in x.fundings if f.event != fact.key]
        for r in x.resources:
            r.used_at = [k for k in r.used_at if k != fact.key]


# -- the template -----------------------------------------------------------

_HEADER = """\
# Review of the facts cthr loaded from {path}.
# For each fact set `decision:` to accept, reject or correct (unreviewed
# facts are kept as loaded). For a correction give the new values under
# `set:` (field names as in docs/records.md), e.g.
#     decision: correct
#     set: {{start: 2024-12-04}}
# Rejecting an organisation, person or event also drops its participations.
# Facts the extractor missed go under `add:` in record syntax with a `type:`
# (and an optional `quote:` of the sentence, to point at it), e.g.
#     add:
#       - {{type: participations, event: {event}, agent: Some Ministry, roles: [participant]}}
# `sha256` ties the review to the bytes it was written for: if the source
# changes, the build reports this file and does not apply it.
"""


class _Dumper(yaml.SafeDumper):
    """Facts as block mappings, one field a line; lists (roles, aliases) inline."""

    def ignore_aliases(self, data) -> bool:
        return True                   # a one-day event's start and end both written out, no "&id001"


_Dumper.add_representer(list, lambda d, v: d.represent_sequence(
    "tag:yaml.org,2002:seq", v, flow_style=not any(isinstance(i, dict) for i in v)))


def review_template(x: Extraction, today: date) -> str:
    """The YAML text of a review file listing every fact of `x`, all unreviewed."""
    doc: dict = {"source": x.source.key, "sha256": x.source.sha256, "reviewer": "", "date": today}
    for kind, match in MATCH.items():
        rows = []
        for fact in getattr(x, kind):
            row = {key: getattr(fact, attr) for key, attr in match.items()}
            row = {k: v for k, v in row.items() if v not in (None, "", [])}
            for name in RECORD_TYPES[kind].fields:
                if name in row or name in match.values():
                    continue
                value = getattr(fact, name, None)
                if isinstance(value, set):
                    value = sorted(value)
                if value not in (None, "", []):
                    row[name] = value
            ev = fact.evidence
            if ev is not None and ev.start is not None:
                row["quote"] = ev.exact if ev.exact is not None else x.source.text[ev.start:ev.end]
                row["at"] = f"{ev.start}-{ev.end}"
            elif ev is not None and ev.line is not None:
                row["at"] = f"line {ev.line}"
            if ev is not None and ev.method:
                row["method"] = ev.method
            row["decision"] = "unreviewed"
            rows.append(row)
        if rows:
            doc[kind] = rows
    doc["add"] = []
    event = x.events[0].key if x.events else "EVENT-KEY"
    body = yaml.dump(doc, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    return _HEADER.format(path=Path(x.source.path).name, event=event) + body
