"""`cthr export`: every format parses back to the store's graph; Turtle is byte-stable; TriG keeps graphs."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner
from pyoxigraph import DefaultGraph, NamedNode, RdfFormat, parse
from rdflib.compare import isomorphic

from cthr.cli import main
from cthr.graph.build import build
from cthr.graph.export import FORMATS
from cthr.graph.store import GraphStore
from cthr.graph.vocab import INFERRED_GRAPH


PARSE = {"turtle": RdfFormat.TURTLE, "nt": RdfFormat.N_TRIPLES, "jsonld": RdfFormat.JSON_LD,
         "rdfxml": RdfFormat.RDF_XML, "trig": RdfFormat.TRIG, "nquads": RdfFormat.N_QUADS}
RDFLIB = {"turtle": "turtle", "nt": "nt", "jsonld": "json-ld", "rdfxml": "xml", "trig": "trig", "nquads": "nquads"}
RECORDS = Path(__file__).resolve().parents[1] / "corpus" / "records" / "seed-events.yaml"
QUAD_FORMATS = {"trig", "nquads", "jsonld"}


def cli(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def store_dir(records_build):
    return records_build / "store"


@pytest.fixture(scope="module")
def store_content(store_dir):
    quads = set(GraphStore.read_only(store_dir).quads())
    return quads, {q.triple for q in quads}


def test_every_format_is_offered():
    assert set(PARSE) == set(FORMATS)


@pytest.mark.parametrize("fmt", sorted(PARSE))
def test_export_parses_back_to_the_same_graph(store_dir, store_content, tmp_path, fmt):
    out = tmp_path / f"g.{fmt}"
    result = cli("export", "--format", fmt, "-o", str(out), "--store", str(store_dir))
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    quads, triples = store_content
    parsed = list(parse(data, format=PARSE[fmt]))
    if fmt in QUAD_FORMATS:
        assert set(parsed) == quads                      # named graphs kept, quad for quad
    else:
        assert {q.triple for q in parsed} == triples
    # An independent parser agrees (no blank nodes, so isomorphic = equal triple sets).
    ds = rdflib.Dataset()
    ds.parse(data=data, format=RDFLIB[fmt])
    theirs = rdflib.Graph()
    for s, p, o, _g in ds.quads((None, None, None, None)):
        theirs.add((s, p, o))
    ours = rdflib.Graph()
    ours.parse(data=cli("export", "--format", "nt", "--store", str(store_dir)).stdout_bytes, format="nt")
    assert isomorphic(theirs, ours)
    assert len(theirs) == len(triples)


@pytest.mark.parametrize("fmt", ["turtle", "trig", "jsonld"])
def test_stdout_equals_the_file(store_dir, tmp_path, fmt):
    out = tmp_path / "g"
    assert cli("export", "--format", fmt, "-o", str(out), "--store", str(store_dir)).exit_code == 0
    assert cli("export", "--format", fmt, "--store", str(store_dir)).stdout_bytes == out.read_bytes()


def test_trig_keeps_one_graph_per_source_plus_inferred(store_dir):
    data = cli("export", "--format", "trig", "--store", str(store_dir)).stdout_bytes
    graphs = {q.graph_name for q in parse(data, format=RdfFormat.TRIG)}
    assert graphs == {NamedNode("https://w3id.org/cthr/id/source/seed-events"), NamedNode(INFERRED_GRAPH)}
    assert DefaultGraph() not in graphs


def test_turtle_is_byte_identical_across_independent_builds(records_build, tmp_path):
    build([RECORDS], store=tmp_path / "store", out=tmp_path / "graph.ttl")
    first = cli("export", "--store", str(records_build / "store")).stdout_bytes
    second = cli("export", "--store", str(tmp_path / "store")).stdout_bytes
    assert first and first == second
    assert (tmp_path / "graph.ttl").read_bytes() == first       # the build's own Turtle too
    assert first.startswith(b"@prefix ")


def test_export_from_a_graph_file(records_build):
    result = cli("export", "--format", "nt", "--graph", str(records_build / "graph.ttl"))
    assert result.exit_code == 0
    ttl = {t for t in parse(path=str(records_build / "graph.ttl"), format=RdfFormat.TURTLE)}
    assert set(parse(result.stdout_bytes, format=RdfFormat.N_TRIPLES)) == ttl


def test_export_errors_are_one_line_and_leave_nothing(store_dir, tmp_path):
    target = tmp_path / "adir"
    target.mkdir()
    result = cli("export", "-o", str(target), "--store", str(store_dir))
    assert result.exit_code != 0 and "is a directory" in result.output
    blocker = tmp_path / "afile"
    blocker.write_text("keep", encoding="utf-8")
    result = cli("export", "-o", str(blocker / "g.ttl"), "--store", str(store_dir))
    assert result.exit_code != 0 and "cannot export" in result.output and "Traceback" not in result.output
    assert blocker.read_text(encoding="utf-8") == "keep"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["adir", "afile"]     # no temp file left
    # Writing over an existing file replaces it whole.
    old = tmp_path / "old.ttl"
    old.write_bytes(b"stale")
    assert cli("export", "-o", str(old), "--store", str(store_dir)).exit_code == 0
    assert old.read_bytes().startswith(b"@prefix ") and b"stale" not in old.read_bytes()
    bad = cli("export", "--format", "yaml", "--store", str(store_dir))
    assert bad.exit_code != 0 and "yaml" in bad.output
    missing = cli("export", "--store", str(tmp_path / "none"))
    assert missing.exit_code != 0 and "no graph store" in missing.output
