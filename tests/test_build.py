"""The build pipeline: default corpus, validation gate, stores, provenance, idempotence."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import rdflib
from pyoxigraph import NamedNode

from cthr.graph.build import build
from cthr.graph.store import GraphStore
from cthr.loaders.model import LoadError

from helpers import RECORDS, SEEDS

C = rdflib.Namespace("https://w3id.org/cthr/ontology#")


def events(ttl: Path) -> dict[str, tuple]:
    g = rdflib.Graph().parse(ttl)
    rows = g.query("""
        PREFIX cthr: <https://w3id.org/cthr/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?start ?end ?place WHERE {
          ?e a cthr:Event ; cthr:startDate ?start ; cthr:endDate ?end ; cthr:location/rdfs:label ?place }""")
    return {str(r.start): (str(r.end), str(r.place)) for r in rows}


def test_default_corpus_has_both_seed_events_in_baghdad(default_build):
    assert events(default_build / "graph.ttl") == {
        "2024-12-03": ("2024-12-05", "Baghdad"),
        "2025-05-06": ("2025-05-08", "Baghdad"),
    }


def test_text_and_records_of_one_event_resolve_to_one_event(default_build):
    g = GraphStore(default_build / "store")
    n = next(iter(g.query("SELECT (COUNT(DISTINCT ?e) AS ?n) { ?e a cthr:Event }")))["n"].value
    assert n == "2"
    # Each event is described by its seed text and by the curated records: two named graphs.
    rows = g.query("SELECT ?e (COUNT(DISTINCT ?g) AS ?n) { GRAPH ?g { ?e a cthr:Event } } GROUP BY ?e")
    assert sorted(int(r["n"].value) for r in rows) == [2, 2]


def test_one_named_graph_per_source_plus_inferred(records_build):
    g = GraphStore(records_build / "store")
    names = sorted(x.value for x in g.store.named_graphs())
    assert names == ["https://w3id.org/cthr/graph/inferred", "https://w3id.org/cthr/id/source/seed-events"]


def test_invalid_source_writes_nothing(tmp_path):
    good = build([RECORDS], store=tmp_path / "store", out=tmp_path / "g.ttl")
    assert good.ok
    before_ttl = (tmp_path / "g.ttl").read_bytes()
    before = len(GraphStore(tmp_path / "store"))
    bad = tmp_path / "bad.yaml"
    # Valid YAML records, but the event ends before it starts.
    bad.write_text("events:\n  - key: e1\n    title: Bad\n    start: 2024-05-02\n    end: 2024-05-01\n", encoding="utf-8")
    with pytest.raises(LoadError):
        build([bad], store=tmp_path / "store", out=tmp_path / "g.ttl")
    assert (tmp_path / "g.ttl").read_bytes() == before_ttl
    assert len(GraphStore(tmp_path / "store")) == before


def test_shape_violation_writes_nothing_and_reports(tmp_path):
    # A well-formed record file whose facts break a shape (a funder string the
    # loader accepts but SHACL rejects: currency must be an ISO code).
    src = tmp_path / "grant.yaml"
    src.write_text(
        "events:\n  - key: e1\n    title: A workshop\n    start: 2024-05-01\n    place: Nairobi\n"
        "participations:\n  - event: e1\n    agent: Some Ministry\n    roles: [organiser]\n"
        "fundings:\n  - funder: Canada\n    event: e1\n    amount: 100\n    currency: dollars\n",
        encoding="utf-8")
    result = build([src], store=tmp_path / "store", out=tmp_path / "g.ttl")
    assert not result.ok
    assert "ISO 4217" in result.report.text()
    assert not (tmp_path / "g.ttl").exists()
    assert not (tmp_path / "store").exists()


def test_rebuild_is_byte_identical_and_idempotent(tmp_path):
    a = build([RECORDS], store=tmp_path / "a", out=tmp_path / "a.ttl")
    b = build([RECORDS], store=tmp_path / "b", out=tmp_path / "b.ttl")
    assert a.ok and b.ok
    assert (tmp_path / "a.ttl").read_bytes() == (tmp_path / "b.ttl").read_bytes()
    # Loading the same source again into the same store changes nothing.
    size = len(GraphStore(tmp_path / "a"))
    again = build([RECORDS], store=tmp_path / "a", out=tmp_path / "a2.ttl")
    assert again.ok and again.skipped == ["seed-events"]
    assert len(GraphStore(tmp_path / "a")) == size
    assert (tmp_path / "a2.ttl").read_bytes() == (tmp_path / "a.ttl").read_bytes()


def test_changed_source_replaces_its_graph_and_removal_drops_it(tmp_path):
    src = tmp_path / "one.yaml"
    src.write_text("events:\n  - key: e1\n    title: First title\n    start: 2024-05-01\n    place: Nairobi\n"
                   "participations:\n  - event: e1\n    agent: Kenya Prisons Service\n    roles: [participant]\n",
                   encoding="utf-8")
    assert build([src, RECORDS], store=tmp_path / "s", out=tmp_path / "g.ttl").ok
    src.write_text(src.read_text(encoding="utf-8").replace("First title", "Second title"), encoding="utf-8")
    assert build([src], store=tmp_path / "s", out=tmp_path / "g.ttl").ok
    text = (tmp_path / "g.ttl").read_text(encoding="utf-8")
    assert "Second title" in text and "First title" not in text
    assert "seed-events" in text            # the other source was kept

    from cthr.graph.build import remove_sources

    assert remove_sources(tmp_path / "s", ["one"]) == ["one"]
    g = GraphStore(tmp_path / "s")
    assert not g.store.contains_named_graph(NamedNode("https://w3id.org/cthr/id/source/one"))
    assert not list(g.query('SELECT ?x { ?x rdfs:label "Kenya Prisons Service"@en }'))


def test_every_fact_has_provenance_to_a_source_span(default_build):
    g = GraphStore(default_build / "store")
    missing = list(g.query("""
        SELECT ?x WHERE {
          VALUES ?c { cthr:Event cthr:Participation cthr:Membership cthr:Funding cthr:Resource }
          ?x a ?c FILTER NOT EXISTS { ?x cthr:evidence ?e } }"""))
    assert missing == []
    text = (SEEDS / "ctphare-baghdad-2024-12.txt").read_text(encoding="utf-8")
    spans = list(g.query("""
        SELECT ?exact ?start ?end WHERE {
          GRAPH <https://w3id.org/cthr/id/source/ctphare-baghdad-2024-12> {
            ?a oa:hasTarget ?t . ?t oa:hasSelector ?q, ?p .
            ?q oa:exact ?exact . ?p oa:start ?start ; oa:end ?end } }"""))
    assert len(spans) > 20
    for r in spans:
        assert text[int(r["start"].value):int(r["end"].value)] == r["exact"].value


def test_cli_build_from_another_directory(tmp_path):
    pytest.importorskip("cthr.loaders.text")
    exe = Path(sys.executable).with_name("cthr")
    proc = subprocess.run([str(exe), "build", "-o", "out/cthr.ttl"], cwd=tmp_path, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "shapes pass" in proc.stdout
    assert (tmp_path / "out" / "cthr.ttl").stat().st_size > 10_000
    stats = subprocess.run([str(exe), "stats"],
                           cwd=tmp_path, capture_output=True, text=True)
    assert stats.returncode == 0 and "Event" in stats.stdout


def test_cli_reports_bad_input_in_one_line(tmp_path):
    exe = Path(sys.executable).with_name("cthr")
    bad = tmp_path / "broken.json"
    bad.write_text('{"events": [', encoding="utf-8")
    proc = subprocess.run([str(exe), "build", str(bad)], cwd=tmp_path, capture_output=True, text=True)
    assert proc.returncode == 1
    assert "broken.json:1" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "cthr.ttl").exists()


def test_build_api_creates_missing_parent_folders(tmp_path):
    result = build([RECORDS], store=tmp_path / "a" / "b" / "store", out=tmp_path / "c" / "graph.ttl")
    assert result.ok
    assert (tmp_path / "c" / "graph.ttl").stat().st_size > 1000
    assert len(list(GraphStore(tmp_path / "a" / "b" / "store").quads())) == result.quads > 0


def test_cli_build_writes_turtle_only_when_asked(tmp_path):
    exe = Path(sys.executable).with_name("cthr")
    src = str(Path(RECORDS))
    proc = subprocess.run([str(exe), "build", src, "--store", "s"], cwd=tmp_path, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "s").is_dir() and not list(tmp_path.glob("*.ttl"))
    proc = subprocess.run([str(exe), "build", src, "--store", "s", "-o", "g.ttl"], cwd=tmp_path,
                          capture_output=True, text=True)
    assert proc.returncode == 0 and (tmp_path / "g.ttl").stat().st_size > 1000
    proc = subprocess.run([str(exe), "build", src, "--no-store"], cwd=tmp_path, capture_output=True, text=True)
    assert proc.returncode == 0 and (tmp_path / "cthr.ttl").stat().st_size > 1000
