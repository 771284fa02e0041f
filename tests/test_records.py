"""Tests for the curated records loader (cthr.loaders.records)."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from cthr.loaders.model import Extraction, LoadError
from cthr.loaders.records import RECORD_TYPES, load_records

ROOT = Path(__file__).resolve().parents[1]
RECORDS = ROOT / "corpus" / "records"
SEED_YAML = RECORDS / "seed-events.yaml"
CTPHARE, UNOCT = "ctphare-baghdad-2024-12", "unoct-ncijc-baghdad-2025-05"
KINDS = ("events", "organisations", "persons", "participations", "projects", "fundings", "resources")


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    p = tmp_path / name
    if isinstance(content, str):
        p.write_text(content, encoding="utf-8", newline="")
    else:
        p.write_bytes(content)
    return p


def facts(ex: Extraction) -> dict:
    """All facts of an extraction with evidence stripped, for format comparisons."""
    return {k: [dataclasses.replace(f, evidence=None) for f in getattr(ex, k)] for k in KINDS}


# ---------------------------------------------------------------- the seed file

def test_seed_yaml_counts_and_source():
    ex = load_records(SEED_YAML)
    assert {k: len(getattr(ex, k)) for k in KINDS} == {
        "events": 2, "organisations": 35, "persons": 8, "participations": 40,
        "projects": 2, "fundings": 2, "resources": 2,
    }
    src = ex.source
    assert (src.key, src.kind, src.path) == ("seed-events", "records", str(SEED_YAML))
    assert src.sha256 == hashlib.sha256(SEED_YAML.read_bytes()).hexdigest()
    assert src.title.startswith("Curated records")


def test_seed_yaml_values():
    ex = load_records(SEED_YAML)
    ev = {e.key: e for e in ex.events}
    ct, un = ev[CTPHARE], ev[UNOCT]
    assert (ct.start, ct.end, ct.place, ct.country, ct.participants_count) == (
        date(2024, 12, 3), date(2024, 12, 5), "Baghdad", "Iraq", 55)
    assert ct.event_type == "capacity-building activity" and ct.project == "CT PHARE"
    assert (un.start, un.end, un.participants_count, un.count_qualifier) == (
        date(2025, 5, 6), date(2025, 5, 8), 15, "approximate")

    orgs = {o.name: o for o in ex.organisations}
    ministries = [o for o in ex.organisations if o.name.startswith("Ministry of ")]
    assert len(ministries) == 12 and all(m.parent == "Government of Iraq" for m in ministries)
    assert orgs["European Union Delegation to Iraq"].parent == "European Union"
    assert orgs["European Union Advisory Mission in Iraq"].acronym == "EUAM"
    assert "National Centre for International Judicial Cooperation" in \
        orgs["National Center for International Judicial Cooperation"].aliases

    roles = {(p.event, p.agent): p.roles for p in ex.participations}
    assert roles[(CTPHARE, "IIJ")] == {"organiser"}
    assert roles[(CTPHARE, "European Union Advisory Mission in Iraq")] == {"partner", "host"}
    assert roles[(CTPHARE, "Paul Madden")] == {"opener", "chair"}
    assert roles[(UNOCT, "National Center for International Judicial Cooperation")] == {
        "partner", "host", "participant"}
    assert roles[(UNOCT, "Canada")] == {"funder"}
    assert {p.agent for p in ex.participations if p.agent_kind == "person"} == {
        p.name for p in ex.persons}

    assert {(f.funder, f.project) for f in ex.fundings} == {
        ("European Union", "CT PHARE"),
        ("Canada", "UNOCT Human Rights and Counter-Terrorism Project")}
    assert {r.publisher for r in ex.resources} == {"UN Human Rights Office of the High Commissioner", "GCTF"}
    judge = next(p for p in ex.persons if p.name == "Ali Hussain Chfat")
    assert (judge.honorific, judge.role) == ("Judge", "President")


def test_seed_yaml_evidence_points_at_the_record_line():
    ex = load_records(SEED_YAML)
    lines = SEED_YAML.read_text(encoding="utf-8").splitlines()
    for k in KINDS:
        for f in getattr(ex, k):
            assert f.evidence.line is not None and f.evidence.field is None
    un = next(e for e in ex.events if e.key == UNOCT)
    assert lines[un.evidence.line - 1].strip() == f"- key: {UNOCT}"
    canada = next(p for p in ex.participations if p.agent == "Canada")
    assert "agent: Canada" in lines[canada.evidence.line - 1]


def test_seed_yaml_matches_gold_events():
    gold = {json.loads(p.read_text())["source_url"]: json.loads(p.read_text())
            for p in (ROOT / "corpus" / "seeds").glob("*.json")}
    ex = load_records(SEED_YAML)
    for g in gold.values():
        (ge,) = g["events"]
        ev = next(e for e in ex.events if e.start == date.fromisoformat(ge["start"]))
        assert (ev.end.isoformat(), ev.place, ev.country, ev.participants_count) == (
            ge["end"], ge["place"], ge["country"], ge["participants_count"])
        for name in g["funders"]:
            assert name in {f.funder for f in ex.fundings}
    assert "https://iraq.un.org/ku/node/294347" in SEED_YAML.read_text(encoding="utf-8")


# ---------------------------------------------------------------- other formats

def test_json_equivalent_loads_to_the_same_facts(tmp_path):
    doc = yaml.safe_load(SEED_YAML.read_text(encoding="utf-8"))
    text = json.dumps(doc, indent=2, default=str, ensure_ascii=False)
    p = write(tmp_path, "seed-events.json", text)
    ex_json, ex_yaml = load_records(p), load_records(SEED_YAML)
    assert facts(ex_json) == facts(ex_yaml)
    assert ex_json.source.key == "seed-events" and ex_json.source.title == ex_yaml.source.title
    # JSON evidence: the line of the record's opening brace.
    lines = text.splitlines()
    un = next(e for e in ex_json.events if e.key == UNOCT)
    assert lines[un.evidence.line - 1].strip() == "{"
    assert f'"key": "{UNOCT}"' in lines[un.evidence.line]


def test_csv_examples_load():
    events = load_records(RECORDS / "example.events.csv")
    parts = load_records(RECORDS / "example.participations.csv")
    assert events.source.key == "example.events"
    assert [e.key for e in events.events] == [CTPHARE, UNOCT]
    assert [e.evidence.line for e in events.events] == [2, 3]
    seed = {e.key: e for e in load_records(SEED_YAML).events}
    for e in events.events:          # same keys and facts as the curated YAML
        s = seed[e.key]
        assert (e.title, e.start, e.end, e.place, e.participants_count, e.project) == (
            s.title, s.start, s.end, s.place, s.participants_count, s.project)
    assert len(parts.participations) == 3
    assert parts.participations[1].roles == {"opener", "chair"}
    assert parts.participations[1].agent_kind == "person"
    assert parts.source.url.startswith("https://theiij.org/")


def test_csv_record_column_mixed_file_bom_crlf(tmp_path):
    rows = ["record,key,title,start,event,agent,roles",
            f"event,{CTPHARE},Workshop,2024-12-03,,,",
            f'participation,,,,{CTPHARE},"EUAM,\nIraq",host; partner',
            f"participations,,,,{CTPHARE},IIJ,organiser"]
    p = write(tmp_path, "mixed.csv", b"\xef\xbb\xbf" + "\r\n".join(rows).encode() + b"\r\n")
    ex = load_records(p)
    assert [e.key for e in ex.events] == [CTPHARE]
    assert [pa.roles for pa in ex.participations] == [{"host", "partner"}, {"organiser"}]
    # The quoted cell spans two lines, so the next record starts on line 5.
    assert [pa.evidence.line for pa in ex.participations] == [3, 5]


@pytest.mark.parametrize("name,line", [("bom.yaml", 2), ("bom.json", 3)])
def test_bom_and_crlf_accepted(tmp_path, name, line):
    doc = {"events": [{"key": "e1", "title": "T", "start": "2024-01-01"}]}
    text = yaml.safe_dump(doc) if name.endswith(".yaml") else json.dumps(doc, indent=1)
    p = write(tmp_path, name, b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    (ev,) = load_records(p).events
    assert ev.start == date(2024, 1, 1) and ev.evidence.line == line


def test_participations_csv_checks_sibling_events(tmp_path):
    write(tmp_path, "x.events.csv", "key,title\ne1,T\n")
    ok = write(tmp_path, "x.participations.csv", "event,agent,roles\ne1,A,host\n")
    assert load_records(ok).participations[0].event == "e1"
    bad = write(tmp_path, "x.participations.csv", "event,agent,roles\ne1,A,host\ne2,B,host\n")
    with pytest.raises(LoadError, match=r"x\.participations\.csv:3: field 'event': unknown event key 'e2'"):
        load_records(bad)


# ---------------------------------------------------------------- bad input

YAML_OK = """\
source:
  url: https://example.org/x
events:
  - key: e1
    title: T
    start: 2024-12-03
    end: 2024-12-05
participations:
  - event: e1
    agent: A
    roles: [host]
"""


def yaml_with(old: str, new: str) -> str:
    assert old in YAML_OK
    return YAML_OK.replace(old, new)


JSON_OK = """\
{
  "events": [
    {
      "key": "e1",
      "title": "T",
      "start": "2024-12-03",
      "participants_count": 5
    }
  ],
  "participations": [
    {"event": "e1", "agent": "A", "roles": ["host"]}
  ]
}
"""


def json_with(old: str, new: str) -> str:
    assert old in JSON_OK
    return JSON_OK.replace(old, new)


CSV_EVENTS = "key,title,start,end,participants_count\ne1,T,2024-12-03,2024-12-05,5\ne2,U,2025-01-01,,\n"

BAD = [
    # (case id, file name, content, line, field)
    ("yaml-unknown-type", "b.yaml", YAML_OK + "meetings:\n  - key: m\n", 12, "meetings"),
    ("yaml-unknown-field", "b.yaml", yaml_with("    title: T\n", "    title: T\n    venue: X\n"), 6, "venue"),
    ("yaml-missing-title", "b.yaml", yaml_with("    title: T\n", ""), 4, "title"),
    ("yaml-bad-date", "b.yaml", yaml_with("2024-12-03", "3 Dec 2024"), 6, "start"),
    ("yaml-impossible-date", "b.yaml", yaml_with("2024-12-03", "2024-02-31"), 6, "start"),
    ("yaml-count-text", "b.yaml", yaml_with("    end: 2024-12-05\n", "    end: 2024-12-05\n    participants_count: about 15\n"), 8, "participants_count"),
    ("yaml-count-float", "b.yaml", yaml_with("    end: 2024-12-05\n", "    end: 2024-12-05\n    participants_count: 15.5\n"), 8, "participants_count"),
    ("yaml-unknown-role", "b.yaml", yaml_with("[host]", "[host, sponsor]"), 11, "roles"),
    ("yaml-unknown-event", "b.yaml", yaml_with("  - event: e1", "  - event: e9"), 9, "event"),
    ("yaml-start-after-end", "b.yaml", yaml_with("2024-12-05", "2024-12-01"), 7, "end"),
    ("yaml-duplicate-event", "b.yaml", yaml_with("participations:", "  - key: e1\n    title: again\nparticipations:"), 8, "key"),
    ("yaml-duplicate-field", "b.yaml", yaml_with("    title: T\n", "    title: T\n    title: U\n"), 6, "title"),
    ("yaml-norway-bool", "b.yaml", yaml_with("    title: T\n", "    title: T\n    country: NO\n"), 6, "country"),
    ("yaml-no-python-tags", "b.yaml", yaml_with("    title: T\n", "    title: !!python/object/apply:os.getcwd []\n"), 5, None),
    ("yaml-syntax", "b.yaml", yaml_with("[host]", "[host"), 12, None),
    ("yaml-top-list", "b.yaml", "- key: e1\n", 1, None),
    ("yaml-not-a-list", "b.yaml", YAML_OK.split("participations:")[0] + "participations: e1\n", 8, "participations"),
    ("yaml-entry-not-mapping", "b.yaml", yaml_with("participations:\n", "participations:\n  - just text\n"), 8, "participations"),
    ("yaml-source-field", "b.yaml", yaml_with("  url:", "  homepage:"), 2, "homepage"),
    ("yaml-empty", "b.yaml", "# only a comment\n", 1, None),
    ("json-unknown-field", "b.json", json_with('"title": "T",', '"title": "T", "venue": "X",'), 5, "venue"),
    ("json-missing-key", "b.json", json_with('"key": "e1",', ""), 3, "key"),
    ("json-impossible-date", "b.json", json_with("2024-12-03", "2024-02-31"), 6, "start"),
    ("json-count-string", "b.json", json_with("5", '"five"'), 7, "participants_count"),
    ("json-count-bool", "b.json", json_with(": 5", ": true"), 7, "participants_count"),
    ("json-unknown-role", "b.json", json_with('["host"]', '["host", "sponsor"]'), 11, "roles"),
    ("json-unknown-event", "b.json", json_with('"event": "e1"', '"event": "e2"'), 11, "event"),
    ("json-duplicate-field", "b.json", json_with('"title": "T",', '"title": "T",\n"title": "U",'), 6, "title"),
    ("json-unknown-type", "b.json", json_with('  "events"', '  "meetings": [],\n  "events"'), 2, "meetings"),
    ("json-syntax", "b.json", json_with('"T",', '"T"'), 6, None),
    ("json-top-list", "b.json", "[]", 1, None),
    ("json-empty", "b.json", " \n", 1, None),
    ("csv-unknown-column", "b.events.csv", CSV_EVENTS.replace("participants_count", "venue"), 1, "venue"),
    ("csv-bad-date", "b.events.csv", CSV_EVENTS.replace("2025-01-01", "01/01/2025"), 3, "start"),
    ("csv-impossible-date", "b.events.csv", CSV_EVENTS.replace("2025-01-01", "2025-02-29"), 3, "start"),
    ("csv-count", "b.events.csv", CSV_EVENTS.replace(",5\n", ",5.5\n"), 2, "participants_count"),
    ("csv-missing-title", "b.events.csv", CSV_EVENTS.replace("e2,U,", "e2,,"), 3, "title"),
    ("csv-start-after-end", "b.events.csv", CSV_EVENTS.replace("2024-12-05", "2024-11-30"), 2, "end"),
    ("csv-duplicate-key", "b.events.csv", CSV_EVENTS.replace("e2,U", "e1,U"), 3, "key"),
    ("csv-too-many-cells", "b.events.csv", CSV_EVENTS + "e3,V,,,,extra\n", 4, None),
    ("csv-unterminated-quote", "b.events.csv", CSV_EVENTS + 'e3,"V\n', 4, None),
    ("csv-unknown-role", "b.participations.csv", "event,agent,roles\ne1,A,host;sponsor\n", 2, "roles"),
    ("csv-unknown-event", "b.participations.csv", "event,agent,roles\ne1,A,host\n", 2, "event"),
    ("csv-no-type", "b.csv", "key,title\ne1,T\n", 1, "record"),
    ("csv-bad-record", "b.csv", "record,key,title\nevent,e1,T\nmeeting,e2,U\n", 3, "record"),
    ("csv-record-vs-name", "b.events.csv", "record,key,title\nperson,e1,T\n", 2, "record"),
    ("csv-foreign-column", "b.csv", "record,key,title,name\nevent,e1,T,X\n", 2, "name"),
    ("csv-source-conflict", "b.events.csv", "key,title,source_url\ne1,T,https://a\ne2,U,https://b\n", 3, "source_url"),
    ("csv-empty", "b.events.csv", "\n\n", 1, None),
    ("csv-latin1", "b.events.csv", "key,title\ne1,T\ne2,Caf\xe9\n".encode("latin-1"), 3, None),
    ("yaml-latin1", "b.yaml", YAML_OK.replace("title: T", "title: Caf\xe9").encode("latin-1"), 5, None),
    # A bad character after accented ones: libyaml counts bytes, the line must still be right.
    ("yaml-control-char", "b.yaml", "source:\n  title: \u00e9t\u00e9 \u00fc\nevents:\n  - title: a\x07b\n", 4, None),
]


@pytest.mark.parametrize("name,content,line,field", [c[1:] for c in BAD], ids=[c[0] for c in BAD])
def test_bad_input_raises_load_error(tmp_path, name, content, line, field):
    p = write(tmp_path, name, content)
    with pytest.raises(LoadError) as info:
        load_records(p)
    err = info.value
    assert str(p) in str(err) and name in str(err)
    assert err.line == line and f"{p}:{line}: " in str(err), str(err)
    if field is not None:
        assert f"field '{field}'" in str(err), str(err)


def test_python_tags_are_not_executed(tmp_path, monkeypatch):
    called = []
    monkeypatch.setattr("os.getcwd", lambda: called.append(1))
    p = write(tmp_path, "t.yaml", "source: !!python/object/apply:os.getcwd []\n")
    with pytest.raises(LoadError):
        load_records(p)
    assert not called


@pytest.mark.parametrize("name", ["missing.yaml", "notes.txt"])
def test_unreadable_or_unsupported_file(tmp_path, name):
    if name.endswith(".txt"):
        write(tmp_path, name, "hello")
    with pytest.raises(LoadError, match=name):
        load_records(tmp_path / name)


# ---------------------------------------------------------------- property test

_WORDS = ["source", "url", "title", "key", "start", "end", "event", "agent", "roles", "record",
          "host", "participants_count", "e1", "2024-02-31", "2024-12-03", "-1", "1", "",
          *RECORD_TYPES, *{f for s in RECORD_TYPES.values() for f in s.fields}]
_word = st.sampled_from(_WORDS)
_json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | _word | st.text(max_size=8),
    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(_word, kids, max_size=5),
    max_leaves=25,
)


def _serialise(value, name: str) -> str:
    if name.endswith(".json"):
        return json.dumps(value)
    if name.endswith(".csv"):
        rows = value if isinstance(value, list) else [value]
        return "\n".join(",".join(str(c) for c in (r if isinstance(r, list) else [r])) for r in rows)
    return yaml.safe_dump(value)


@st.composite
def _documents(draw, name: str) -> bytes:
    kind = draw(st.sampled_from(["bytes", "text", "structured", "mutated"]))
    if kind == "bytes":
        return draw(st.binary(max_size=200))
    if kind == "text":
        return draw(st.text(max_size=200)).encode("utf-8", "surrogatepass")
    if kind == "structured":
        value = draw(st.dictionaries(_word, _json_value, max_size=4) | _json_value)
        return _serialise(value, name).encode("utf-8", "surrogatepass")
    # Mutate a valid file: splice random text into it at a random place.
    base = {".json": JSON_OK, ".csv": CSV_EVENTS}.get(Path(name).suffix, YAML_OK)
    i = draw(st.integers(0, len(base)))
    j = draw(st.integers(i, min(len(base), i + 10)))
    pieces = st.sampled_from([*" \n\r\t:-,;[]{}\"'#&*!|%0123456789eT\ufeff", *_WORDS])
    splice = "".join(draw(st.lists(pieces, max_size=5)))
    return (base[:i] + splice + base[j:]).encode("utf-8")


@pytest.mark.parametrize("name", ["p.yaml", "p.yml", "p.json", "p.csv", "p.events.csv", "p.participations.csv"])
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_input_gives_extraction_or_load_error(tmp_path, name, data):
    content = data.draw(_documents(name))
    p = write(tmp_path, name, content)
    try:
        result = load_records(p)
    except LoadError as e:
        assert str(p) in str(e)
    else:
        assert isinstance(result, Extraction)


def test_docs_yaml_example_loads(tmp_path):
    """The YAML example in docs/records.md stays valid."""
    doc = (ROOT / "docs" / "records.md").read_text(encoding="utf-8")
    block = doc.split("```yaml\n", 1)[1].split("```", 1)[0]
    ex = load_records(write(tmp_path, "docs-example.yaml", block))
    assert [e.key for e in ex.events] == [UNOCT]
    assert ex.source.url == "https://iraq.un.org/ku/node/294347"
    assert ex.source.publication_date == date(2025, 5, 15)
    assert len(ex.participations) == 2 and len(ex.fundings) == 1
