"""Score extractions against gold annotations (format: shared/README.md).

Per type, true positives, false positives and false negatives are counted
with one-to-one matching (an extracted item can satisfy one gold item only);
there is no partial credit. Names are compared after a light normalisation
(case, punctuation, "&" = "and", "Centre" = "Center", a leading "the").
Organisations match when any extracted form (name, acronym, aliases) equals
any gold form (name, aliases).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .model import Extraction, Organisation

__all__ = ["Counts", "Report", "Error", "normalise", "score_extraction", "evaluate_dir",
           "format_table", "format_errors"]

EVENT_ATTRIBUTES = ("start", "end", "place", "participants_count")
# Row order of the report table.
TYPES = ("organisations", "persons", "funders", "resources", "events",
         *(f"event.{a}" for a in EVENT_ATTRIBUTES), "org_roles")


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __iadd__(self, other: "Counts") -> "Counts":
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        return self


@dataclass(frozen=True)
class Error:
    """One false positive ("fp") or false negative ("fn") with where it is."""

    type: str
    kind: str
    item: str
    context: str = ""          # the sentence of the extracted item's evidence
    method: str = ""           # the rule that produced an extracted item


@dataclass
class Report:
    """Micro-averaged totals plus the counts (and errors) of each document."""

    totals: dict[str, Counts] = field(default_factory=dict)
    documents: dict[str, dict[str, Counts]] = field(default_factory=dict)
    errors: dict[str, list[Error]] = field(default_factory=dict)


def _context(text: str, ev) -> str:
    """The sentence (at most 160 characters) around an evidence span."""
    if ev is None or ev.start is None or not text:
        return ""
    s = max(text.rfind("\n", 0, ev.start), text.rfind(". ", 0, ev.start)) + 1
    e = min([x for x in (text.find("\n", ev.end), text.find(". ", ev.end)) if x >= 0] or [len(text)])
    out = " ".join(text[s:e + 1].split())
    if len(out) > 160:
        mid = ev.start - s
        out = "…" + out[max(0, mid - 70):mid + 90] + "…"
    return out


def _err(errors, type_, kind, item, ev=None, text=""):
    if errors is not None:
        errors.append(Error(type_, kind, item, _context(text, ev), (ev.method or "") if ev is not None else ""))


def normalise(name: str | None) -> str:
    """Comparison key for names and titles."""
    if not name:
        return ""
    s = unicodedata.normalize("NFKC", name).lower()
    s = s.replace("’", "'").replace("&", " and ")
    s = re.sub(r"\bcent(?:re|er)\b", "center", s)
    s = re.sub(r"'s\b", "", s)
    s = re.sub(r"[^\w\s]", " ", s)
    s = " ".join(s.split())
    return re.sub(r"^the\s+", "", s)


def _match(left: list[set[str]], right: list[set[str]]) -> list[tuple[int, int]]:
    """Maximum one-to-one matching between items whose key sets intersect."""
    owner: dict[int, int] = {}

    def try_assign(i: int, seen: set[int]) -> bool:
        for j, keys in enumerate(right):
            if j in seen or not (left[i] & keys):
                continue
            seen.add(j)
            if j not in owner or try_assign(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(left)):
        try_assign(i, set())
    return sorted((i, j) for j, i in owner.items())


def _counts(n_extracted: int, n_gold: int, tp: int) -> Counts:
    return Counts(tp=tp, fp=n_extracted - tp, fn=n_gold - tp)


def _org_keys(o: Organisation) -> set[str]:
    return {k for k in map(normalise, [o.name, o.acronym, *o.aliases]) if k}


def _gold_org_keys(g: dict) -> set[str]:
    return {k for k in map(normalise, [g["name"], *g.get("aliases", [])]) if k}


def _title_keys(title: str, bodies: set[str]) -> set[str]:
    key = normalise(title)
    return {key} | {key[len(b) + 1:] for b in bodies if key.startswith(b + " ") and len(key) > len(b) + 12}


def score_extraction(extraction: Extraction, gold: dict, errors: list[Error] | None = None) -> dict[str, Counts]:
    """Counts per type for one document (see ``TYPES``); with ``errors``, each
    false positive and false negative is appended to it."""
    out: dict[str, Counts] = {}
    text = extraction.source.text

    # Organisations.
    orgs = extraction.organisations
    gold_orgs = gold.get("organisations", [])
    ex_keys = [_org_keys(o) for o in orgs]
    gd_keys = [_gold_org_keys(g) for g in gold_orgs]
    pairs = _match(ex_keys, gd_keys)
    out["organisations"] = _counts(len(orgs), len(gold_orgs), len(pairs))
    gold_of = {orgs[i].name: gold_orgs[j] for i, j in pairs}
    matched_ex, matched_gold = {i for i, _ in pairs}, {j for _, j in pairs}
    for i, o in enumerate(orgs):
        if i not in matched_ex:
            _err(errors, "organisations", "fp", o.name + (f" ({o.acronym})" if o.acronym else ""), o.evidence, text)
    for j, g in enumerate(gold_orgs):
        if j not in matched_gold:
            _err(errors, "organisations", "fn", g["name"])

    # Persons, by normalised name.
    ex_p = [{normalise(p.name)} for p in extraction.persons]
    gd_p = [{normalise(p["name"])} for p in gold.get("persons", [])]
    pp = _match(ex_p, gd_p)
    out["persons"] = _counts(len(ex_p), len(gd_p), len(pp))
    _list_errors(errors, "persons", [(p.name, p.evidence) for p in extraction.persons],
                 [p["name"] for p in gold.get("persons", [])], pp, text)

    # Funders: extracted funder organisations vs gold funder names (a gold
    # funder also matches through the aliases of its gold organisation).
    by_name = {o.name: o for o in orgs}
    ex_f = []
    for name in dict.fromkeys(f.funder for f in extraction.fundings):
        ex_f.append(_org_keys(by_name[name]) if name in by_name else {normalise(name)})
    gd_f = []
    for name in gold.get("funders", []):
        keys = {normalise(name)}
        for k in gd_keys:
            if normalise(name) in k:
                keys |= k
        gd_f.append(keys)
    fp_ = _match(ex_f, gd_f)
    out["funders"] = _counts(len(ex_f), len(gd_f), len(fp_))
    ev_of = {f.funder: f.evidence for f in extraction.fundings}
    _list_errors(errors, "funders", [(n, ev_of.get(n)) for n in dict.fromkeys(f.funder for f in extraction.fundings)],
                 list(gold.get("funders", [])), fp_, text)

    # Resources, by normalised title; a title with a body's name or acronym in
    # front ("UNODC Handbook on X") is also the title without it: annotators
    # differ on whether the publisher's name is part of the title.
    bodies = set().union(*ex_keys, *gd_keys)
    ex_r = [_title_keys(r.title, bodies) for r in extraction.resources]
    gd_r = [_title_keys(r["title"], bodies) for r in gold.get("resources", [])]
    rp = _match(ex_r, gd_r)
    out["resources"] = _counts(len(ex_r), len(gd_r), len(rp))
    _list_errors(errors, "resources", [(r.title, r.evidence) for r in extraction.resources],
                 [r["title"] for r in gold.get("resources", [])], rp, text)

    # Events: each non-null attribute is a fact; events are paired to agree most
    # (the pairs that share most facts first, whatever order they were found in;
    # an event that shares none with any gold event counts alone).
    facts = {a: Counts() for a in EVENT_ATTRIBUTES}
    gold_events = list(gold.get("events", []))
    values = [_event_values(ev) for ev in extraction.events]
    agree = sorted(((sum(v[a] is not None and v[a] == _gold_value(g, a) for a in EVENT_ATTRIBUTES), -i, -j)
                    for i, v in enumerate(values) for j, g in enumerate(gold_events)), reverse=True)
    pair_of: dict[int, int] = {}
    for score, i, j in agree:
        if score and -i not in pair_of and -j not in pair_of.values():
            pair_of[-i] = -j
    for i, (ev, vals) in enumerate(zip(extraction.events, values)):
        g = gold_events[pair_of[i]] if i in pair_of else {}
        for a in EVENT_ATTRIBUTES:
            mine, theirs = vals[a], _gold_value(g, a)
            if mine is not None and mine == theirs:
                facts[a].tp += 1
            else:
                facts[a].fp += mine is not None
                facts[a].fn += theirs is not None
                if mine is not None:
                    _err(errors, f"event.{a}", "fp", str(mine), ev.evidence, text)
                if theirs is not None:
                    _err(errors, f"event.{a}", "fn", str(theirs))
    for g in (g for j, g in enumerate(gold_events) if j not in pair_of.values()):   # gold events nobody extracted
        for a in EVENT_ATTRIBUTES:
            facts[a].fn += _gold_value(g, a) is not None
            if _gold_value(g, a) is not None:
                _err(errors, f"event.{a}", "fn", str(_gold_value(g, a)))
    total = Counts()
    for a, c in facts.items():
        out[f"event.{a}"] = c
        total += c
    out["events"] = total

    # Organisation roles: (organisation, role) pairs.
    ex_pairs: dict[tuple[str, str], object] = {}
    for p in extraction.participations:
        if p.agent_kind == "organisation":
            for r in p.roles:
                ex_pairs.setdefault((p.agent, r), p.evidence)
    gold_pairs = {(g["name"], r) for g in gold_orgs for r in g.get("roles", [])}
    hits = {(name, r) for name, r in ex_pairs if name in gold_of and r in gold_of[name].get("roles", [])}
    out["org_roles"] = _counts(len(ex_pairs), len(gold_pairs), len(hits))
    for (name, r), ev in ex_pairs.items():
        if (name, r) not in hits:
            _err(errors, "org_roles", "fp", f"{name}: {r}", ev, text)
    found_gold = {(gold_of[name]["name"], r) for name, r in hits}
    for name, r in sorted(gold_pairs - found_gold):
        _err(errors, "org_roles", "fn", f"{name}: {r}")
    return out


def _list_errors(errors, type_, extracted, gold_names, pairs, text):
    if errors is None:
        return
    got, want = {i for i, _ in pairs}, {j for _, j in pairs}
    for i, (name, ev) in enumerate(extracted):
        if i not in got:
            _err(errors, type_, "fp", name, ev, text)
    for j, name in enumerate(gold_names):
        if j not in want:
            _err(errors, type_, "fn", name)


def _event_values(ev) -> dict:
    return {"start": ev.start.isoformat() if ev.start else None,
            "end": ev.end.isoformat() if ev.end else None,
            "place": normalise(ev.place) or None,
            "participants_count": ev.participants_count}


def _gold_value(g: dict, attr: str):
    v = g.get(attr)
    return (normalise(v) or None) if attr == "place" else v


EVALUATED_SUFFIXES = {".txt", ".html", ".htm"}


def evaluate_dir(directory: str | Path, gold_dir: str | Path | None = None) -> Report:
    """Extract every text (``*.txt``) or HTML page (``*.html``, ``*.htm``) in
    ``directory`` and score it against the ``*.json`` of the same stem (in
    ``gold_dir``, default the same folder)."""
    from .text import load_text   # local import: evaluation is optional tooling

    directory = Path(directory)
    gold_dir = Path(gold_dir) if gold_dir else directory
    report = Report(totals={t: Counts() for t in TYPES})
    # The suffixes a build reads as articles, so an evaluation sees the same
    # documents (HTML pages with their chrome included) as a build would.
    sources = (p for p in directory.iterdir() if p.suffix.lower() in EVALUATED_SUFFIXES)
    for txt in sorted(sources):
        gold_path = gold_dir / f"{txt.stem}.json"
        if not gold_path.exists():
            continue
        gold = json.loads(gold_path.read_text("utf-8"))
        extraction = load_text(txt, url=gold.get("source_url"))
        errors: list[Error] = []
        counts = score_extraction(extraction, gold, errors)
        report.documents[txt.stem] = counts
        report.errors[txt.stem] = errors
        for t in TYPES:
            report.totals[t] += counts[t]
    return report


def format_table(report: Report | dict[str, Counts]) -> str:
    """A Markdown table: type, tp, fp, fn, precision, recall, F1."""
    totals = report.totals if isinstance(report, Report) else report
    rows = ["| type | tp | fp | fn | precision | recall | F1 |",
            "|---|---:|---:|---:|---:|---:|---:|"]
    for t in [t for t in TYPES if t in totals] + [t for t in totals if t not in TYPES]:
        c = totals[t]
        rows.append(f"| {t} | {c.tp} | {c.fp} | {c.fn} | {c.precision:.2f} | {c.recall:.2f} | {c.f1:.2f} |")
    return "\n".join(rows)


def format_errors(report: Report, types: tuple[str, ...] | None = None) -> str:
    """Every false positive and false negative, by document: type, item, rule, sentence."""
    lines = []
    for doc, errors in report.errors.items():
        chosen = [e for e in errors if types is None or e.type in types or e.type.split(".")[0] in types]
        if not chosen:
            continue
        lines.append(f"### {doc}")
        for e in chosen:
            where = f"  [{e.method}]" if e.method else ""
            lines.append(f"- {e.type} {e.kind.upper()}: {e.item}{where}")
            if e.context:
                lines.append(f"    > {e.context}")
    return "\n".join(lines)
