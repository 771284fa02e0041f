"""Incremental builds and the store validation engine give the same answers as full ones."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pyoxigraph import DefaultGraph, RdfFormat, Store

from cthr.graph.build import VALIDATED_MARK, build, remove_sources
from cthr.loaders.model import LoadError
from cthr.graph.store import GraphStore
from cthr.graph.validate import to_rdflib, validate_graph, validate_store_graph

from helpers import RECORDS

BROKEN = Path(__file__).parent / "bench-faults" / "every-shape-broken.ttl"

EXTRA = """events:
  - {key: e1, title: Workshop on oversight, start: 2023-03-01, end: 2023-03-02, place: Amman, country: Jordan}
organisations:
  - {name: Office of the National Security Advisory, acronym: ONSA}
  - {name: Jordanian Human Rights Centre}
participations:
  - {event: e1, agent: Office of the National Security Advisory, roles: [organiser]}
  - {event: e1, agent: Jordanian Human Rights Centre, roles: [participant]}
fundings:
  - {funder: Canada, event: e1, currency: CAD}
"""


def content(store: Path) -> set:
    return set(GraphStore(store).store.quads_for_pattern(None, None, None, None))


def test_store_engine_reports_exactly_what_pyshacl_reports():
    store = Store()
    store.load(path=str(BROKEN), format=RdfFormat.TURTLE)
    fast = validate_store_graph(store)
    reference = validate_graph(to_rdflib(q.triple for q in store.quads_for_pattern(None, None, None, DefaultGraph())))
    assert not reference.conforms
    assert len({(r.message, r.path) for r in reference.results}) >= 40      # the fixture breaks most shapes
    assert fast.conforms == reference.conforms
    assert fast.results == reference.results


@pytest.mark.parametrize("scan", [True, False])
def test_both_join_forms_of_the_store_engine_report_what_pyshacl_reports(monkeypatch, scan):
    """Whole-graph checks join whole scans or look each focus node up (a choice by size,
    graph/shaclstore.py `_scan`): each form alone gives pySHACL's report."""
    from cthr.graph import shaclstore

    monkeypatch.setattr(shaclstore.StoreValidator, "_scan", lambda self, shape: scan and bool(shape.path))
    store = Store()
    store.load(path=str(BROKEN), format=RdfFormat.TURTLE)
    reference = validate_graph(to_rdflib(q.triple for q in store.quads_for_pattern(None, None, None, DefaultGraph())))
    assert validate_store_graph(store).results == reference.results


def test_store_engine_agrees_on_a_valid_graph(records_build):
    store = GraphStore(records_build / "store")
    triples = [q.triple for q in store.store.quads_for_pattern(None, None, None, DefaultGraph())]
    assert validate_store_graph(store.store).results == validate_graph(to_rdflib(triples)).results


def test_incremental_build_equals_full_build(tmp_path):
    extra = tmp_path / "extra.yaml"
    extra.write_text(EXTRA, encoding="utf-8")
    first = build([RECORDS], store=tmp_path / "inc", out=tmp_path / "inc.ttl")
    assert first.ok and first.validated == "full"
    assert (tmp_path / "inc" / VALIDATED_MARK).is_file()
    # Add a source, then change it: both later builds check only what they touch.
    added = build([RECORDS, extra], store=tmp_path / "inc", out=tmp_path / "inc.ttl")
    assert added.ok and added.validated.startswith("incremental") and added.skipped == ["seed-events"]
    extra.write_text(EXTRA.replace("Amman", "Irbid").replace("CAD", "EUR"), encoding="utf-8")
    changed = build([RECORDS, extra], store=tmp_path / "inc", out=tmp_path / "inc.ttl")
    assert changed.ok and changed.validated.startswith("incremental") and changed.sources == ["extra"]

    full = build([RECORDS, extra], store=tmp_path / "full", out=tmp_path / "full.ttl")
    assert full.validated == "full"
    assert content(tmp_path / "inc") == content(tmp_path / "full")
    assert (tmp_path / "inc.ttl").read_bytes() == (tmp_path / "full.ttl").read_bytes()
    assert changed.report.results == full.report.results        # same warnings, same order


def test_incremental_build_rejects_a_bad_source_in_a_valid_store(tmp_path):
    good = build([RECORDS], store=tmp_path / "store", out=tmp_path / "g.ttl")
    assert good.ok
    before, ttl = content(tmp_path / "store"), (tmp_path / "g.ttl").read_bytes()
    bad = tmp_path / "bad.yaml"
    # Loads fine; breaks two shapes: the currency pattern and (through an
    # organisation that also appears in the valid store) nothing else.
    bad.write_text(EXTRA.replace("CAD", "dollars"), encoding="utf-8")
    result = build([RECORDS, bad], store=tmp_path / "store", out=tmp_path / "g.ttl")
    assert result.validated.startswith("incremental")
    assert not result.ok
    assert [v.message for v in result.report.violations] == ['currency must be an ISO 4217 code such as "EUR"']
    # The same source in a full build gives the same report.
    shutil.rmtree(tmp_path / "store.staging", ignore_errors=True)
    full = build([RECORDS, bad], store=tmp_path / "full", out=tmp_path / "full.ttl")
    assert full.report.results == result.report.results
    assert content(tmp_path / "store") == before and (tmp_path / "g.ttl").read_bytes() == ttl
    assert not (tmp_path / "store.staging").exists()


def test_a_change_that_breaks_another_sources_node_is_caught(tmp_path):
    """Removing the only statement of a type breaks sh:class checks on other sources' nodes."""
    holder = tmp_path / "holder.yaml"
    holder.write_text("organisations:\n  - {name: Alpha Commission}\n", encoding="utf-8")
    user = tmp_path / "user.yaml"
    user.write_text("events:\n  - {key: e1, title: A workshop, start: 2022-01-10, place: Tunis}\n"
                    "participations:\n  - {event: e1, agent: Alpha Commission, roles: [host]}\n", encoding="utf-8")
    assert build([holder, user], store=tmp_path / "s", out=tmp_path / "g.ttl").ok
    # Replace holder with a file that no longer declares the organisation:
    # user's participation still points at it, and its declaration in user's
    # own graph keeps it an Organisation, so this must still pass ...
    holder.write_text("organisations:\n  - {name: Beta Council}\n", encoding="utf-8")
    result = build([holder, user], store=tmp_path / "s", out=tmp_path / "g.ttl")
    full = build([holder, user], store=tmp_path / "f", out=tmp_path / "f.ttl")
    assert result.validated.startswith("incremental")
    assert result.report.results == full.report.results and result.ok == full.ok


def test_remove_forgets_that_the_store_was_validated(tmp_path):
    extra = tmp_path / "extra.yaml"
    extra.write_text(EXTRA, encoding="utf-8")
    assert build([RECORDS, extra], store=tmp_path / "s", out=tmp_path / "g.ttl").ok
    remove_sources(tmp_path / "s", ["extra"])
    assert not (tmp_path / "s" / VALIDATED_MARK).exists()
    again = build([RECORDS], store=tmp_path / "s", out=tmp_path / "g.ttl")
    assert again.validated == "full"


def test_parallel_and_sequential_loading_build_the_same_graph(tmp_path):
    pytest.importorskip("cthr.loaders.text")
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from synth import generate

    generate(tmp_path / "corpus", articles=50, records=40, per_file=20)
    src = [tmp_path / "corpus" / "texts", tmp_path / "corpus" / "records"]
    one = build(src, store=tmp_path / "one", out=tmp_path / "one.ttl", workers=1)
    two = build(src, store=tmp_path / "two", out=tmp_path / "two.ttl", workers=2)
    assert one.ok and two.ok
    assert (tmp_path / "one.ttl").read_bytes() == (tmp_path / "two.ttl").read_bytes()


# Two invented record files that share names, a project and a person, so a
# change to one changes what the rules derive for nodes the other states.
SHARED_A = """events:
  - {key: a1, title: Dialogue on river policing, start: 2022-05-03, place: Lakeside, country: Ruritania,
     project: Riverbank Dialogue Project}
organisations:
  - {name: Zeta Institute, acronym: ZI}
participations:
  - {event: a1, agent: Zeta Institute, roles: [organiser]}
  - {event: a1, agent: Mira Okonkwo, agent_kind: person, roles: [speaker], on_behalf_of: Zeta Institute}
"""
SHARED_B = """events:
  - {key: b1, title: Roundtable on detention review, start: 2022-09-14, place: Hillport, country: Ruritania}
organisations:
  - {name: Ministry of Rivers, kind: government}
projects:
  - {name: Riverbank Dialogue Project, organiser: Zeta Institute}
participations:
  - {event: b1, agent: Ministry of Rivers, roles: [participant]}
  - {event: b1, agent: Mira Okonkwo, agent_kind: person, roles: [chair]}
fundings:
  - {funder: Kingdom of Elbonia, project: Riverbank Dialogue Project, currency: EUR}
"""
STEPS = [
    # (file, new text): each applied, then an incremental build compared with a fresh one
    ("b", SHARED_B),                                                       # funds a1 through the project
    ("b", SHARED_B.replace("project: Riverbank Dialogue Project, currency", "event: b1, currency")),
    ("a", SHARED_A.replace("roles: [organiser]", "roles: [partner, host]")
                  .replace("on_behalf_of: Zeta Institute", "on_behalf_of: Ministry of Rivers")),
    ("a", SHARED_A.replace("acronym: ZI", "acronym: ZI, aliases: [Institute Zeta]")
                  .replace("agent_kind: person, roles: [speaker]", "agent_kind: person, roles: [participant]")),
    ("b", "events:\n  - {key: b1, title: Roundtable on detention review, start: 2022-09-14, place: Hillport}\n"),
]


def test_incremental_rules_equal_a_fresh_build_at_every_step(tmp_path):
    files = {"a": tmp_path / "a.yaml", "b": tmp_path / "b.yaml"}
    files["a"].write_text(SHARED_A, encoding="utf-8")
    assert build([RECORDS, files["a"]], store=tmp_path / "inc").ok
    for i, (name, text) in enumerate(STEPS):
        files[name].write_text(text, encoding="utf-8")
        given = [RECORDS, *(p for p in files.values() if p.exists())]
        step = build(given, store=tmp_path / "inc")
        assert step.ok and step.rules.startswith("incremental"), (i, step.rules)
        fresh = build(given, store=tmp_path / f"fresh-{i}")
        assert fresh.ok and fresh.rules == "full"
        assert content(tmp_path / "inc") == content(tmp_path / f"fresh-{i}"), f"step {i}"
        assert (step.triples, step.quads) == (fresh.triples, fresh.quads)
        assert step.report.results == fresh.report.results


def test_incremental_rules_derive_exactly_what_the_full_rules_derive(records_build):
    """Restricted to any set of subjects, the rules give the full derivation's triples about them."""
    from cthr.graph.inference import load_rules
    from cthr.graph.store import RULES

    graph = GraphStore(records_build / "store")
    rules = load_rules(RULES)
    assert rules.problem is None
    full = graph.derived()
    subjects = sorted({t.subject for t in full}, key=str)
    assert len(subjects) > 20
    for part in (subjects[::2], subjects[1::3], subjects[:1]):
        assert rules.derive_for(graph.store, set(part)) == {t for t in full if t.subject in set(part)}


def test_unchanged_files_are_known_by_their_stat_and_a_same_size_rewrite_is_not_missed(tmp_path):
    import json
    import os
    import time

    from cthr.graph.filestat import FILES_MARK, RACY_NS

    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text(SHARED_A, encoding="utf-8")
    b.write_text(SHARED_B, encoding="utf-8")
    time.sleep(RACY_NS / 1e9 + 0.2)                     # older than the racy window: their hashes are recorded
    assert build([a, b], store=tmp_path / "s").ok
    assert build([a, b], store=tmp_path / "s").skipped == ["a", "b"]
    manifest = json.loads((tmp_path / "s" / FILES_MARK).read_text(encoding="utf-8"))
    assert set(manifest) == {str(a.absolute()), str(b.absolute())}
    # The recorded hash is what decides for a file whose stat is unchanged: a wrong one means "read it
    # again" (the file is loaded and found equal to the stored source).
    manifest[str(a.absolute())][4] = "0" * 64
    (tmp_path / "s" / FILES_MARK).write_text(json.dumps(manifest), encoding="utf-8")
    reread = build([a, b], store=tmp_path / "s")
    assert reread.sources == [] and reread.skipped == ["b", "a"]      # b skipped by its stat, a after loading
    # Same size, mtime set back: the inode's change time still differs, so the file is hashed again.
    st = b.stat()
    b.write_text(SHARED_B.replace("Hillport", "Hillpert"), encoding="utf-8")
    os.utime(b, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert b.stat().st_size == st.st_size and b.stat().st_mtime_ns == st.st_mtime_ns
    again = build([a, b], store=tmp_path / "s")
    assert again.sources == ["b"] and again.skipped == ["a"]
    # A file changed just now has no recorded hash: the next build reads it again.
    manifest = json.loads((tmp_path / "s" / FILES_MARK).read_text(encoding="utf-8"))
    assert str(b.absolute()) not in manifest and str(a.absolute()) in manifest


def test_another_version_of_the_extractor_reloads_every_source_and_checks_in_full(tmp_path, monkeypatch):
    from cthr.graph import curation
    from cthr.loaders import pipeline

    extra = tmp_path / "extra.yaml"
    extra.write_text(EXTRA, encoding="utf-8")
    assert build([RECORDS, extra], store=tmp_path / "s").ok
    again = build([RECORDS, extra], store=tmp_path / "s")
    assert sorted(again.skipped) == sorted([RECORDS.stem, "extra"]) and not again.sources
    # An upgrade (or an edited pattern file) changes the digest of cthr's own files;
    # a new process would read the bundled tables again.
    monkeypatch.setattr(pipeline, "pipeline_digest", lambda: "another version")
    monkeypatch.setattr(curation, "_BUNDLED", [])
    upgraded = build([RECORDS, extra], store=tmp_path / "s")
    assert upgraded.ok and not upgraded.skipped and sorted(upgraded.sources) == sorted([RECORDS.stem, "extra"])
    assert upgraded.validated == "full" and upgraded.rules == "full"
    # A stored source not given again is not kept as if this version had read it.
    monkeypatch.setattr(pipeline, "pipeline_digest", lambda: "a third version")
    monkeypatch.setattr(curation, "_BUNDLED", [])
    with pytest.raises(LoadError, match=r"1 source\(s\) resolved with .* another version of cthr"):
        build([extra], store=tmp_path / "s")


def test_the_pipeline_digest_follows_file_names_and_bytes(tmp_path):
    from cthr.loaders.pipeline import pipeline_digest, tree_digest

    (tmp_path / "a" / "patterns").mkdir(parents=True)
    (tmp_path / "a" / "patterns" / "cues.yaml").write_text("x: 1\n", encoding="utf-8")
    (tmp_path / "a" / "mod.py").write_text("X = 1\n", encoding="utf-8")
    first = tree_digest({"pkg": tmp_path / "a"})
    (tmp_path / "a" / "__pycache__").mkdir()
    (tmp_path / "a" / "__pycache__" / "mod.cpython-311.pyc").write_bytes(b"\0")
    assert tree_digest({"pkg": tmp_path / "a"}) == first          # bytecode is not the pipeline
    (tmp_path / "a" / "patterns" / "cues.yaml").write_text("x: 2\n", encoding="utf-8")
    assert tree_digest({"pkg": tmp_path / "a"}) != first
    assert len(pipeline_digest()) == 64


@pytest.mark.parametrize("name", ["shortcuts.rq", "funding.rq", "funders.rq", "persons-attend.rq",
                                  "display-names.rq"])
def test_each_whole_graph_rule_derives_what_its_rule_derives(records_build, name):
    """graph/rules/NAME.whole.rq (every full refresh) and NAME (incremental refreshes) give the same
    triples, on the records build and on the fixture that breaks every shape."""
    from importlib.resources import files

    from cthr.graph.store import _rule_text

    rule = (files("cthr.graph") / "rules" / name).read_text(encoding="utf-8")
    broken = Store()
    broken.load(path=str(BROKEN), format=RdfFormat.TURTLE)
    records = GraphStore.read_only(records_build / "store").store
    assert any(True for _ in records.query(rule))
    for store in (records, broken):
        assert set(store.query(_rule_text(name))) == set(store.query(rule))
