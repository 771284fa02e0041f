"""bench/synth.py makes a small corpus that loads, builds and validates (no timing here)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from synth import generate  # noqa: E402


def test_synth_is_deterministic(tmp_path):
    generate(tmp_path / "a", articles=3, records=10, per_file=5, seed=3)
    generate(tmp_path / "b", articles=3, records=10, per_file=5, seed=3)
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file())
    assert files_a == files_b and len(files_a) >= 5
    assert all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files_a)


def test_synth_corpus_builds_and_validates(tmp_path):
    pytest.importorskip("cthr.loaders.text")
    from cthr.graph.build import build
    from cthr.graph.store import GraphStore

    generate(tmp_path / "corpus", articles=8, records=30, per_file=10, seed=11)
    result = build([tmp_path / "corpus" / "texts", tmp_path / "corpus" / "records"],
                   store=tmp_path / "store", out=tmp_path / "g.ttl")
    assert result.ok, result.report.text()
    assert len(result.sources) >= 8 + 2
    g = GraphStore(tmp_path / "store")
    # Entity reuse: the most central body attends several events.
    rows = list(g.query("SELECT ?o (COUNT(DISTINCT ?e) AS ?n) { ?e cthr:hasParticipant ?o . ?o a cthr:Organisation }"
                        " GROUP BY ?o ORDER BY DESC(?n) LIMIT 1"))
    assert int(rows[0]["n"].value) >= 5
    # Text sources were extracted (persons with honorifics, "funded by" fundings).
    n = lambda q: int(next(iter(g.query(q)))["n"].value)   # noqa: E731
    assert n("SELECT (COUNT(*) AS ?n) { ?p cthr:honorific ?h }") > 0
    assert n("SELECT (COUNT(*) AS ?n) { ?f a cthr:Funding }") > 0
