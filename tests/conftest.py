"""Shared fixtures: real graphs built from the bundled corpus into temp folders."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "corpus" / "seeds"
RECORDS = ROOT / "corpus" / "records" / "seed-events.yaml"
SHARED_DEV = ROOT.parent / "shared" / "corpus" / "dev"   # optional: only where present


@pytest.fixture(scope="session")
def records_build(tmp_path_factory):
    """The curated seed records built into a store and a Turtle file."""
    from cthr.graph.build import build

    tmp = tmp_path_factory.mktemp("records-build")
    result = build([RECORDS], store=tmp / "store", out=tmp / "graph.ttl")
    assert result.ok, result.report.text()
    return tmp


@pytest.fixture(scope="session")
def default_build(tmp_path_factory):
    """The whole bundled default corpus (seed texts + curated records) built once."""
    pytest.importorskip("cthr.loaders.text")
    from cthr.corpus import default_sources
    from cthr.graph.build import build

    tmp = tmp_path_factory.mktemp("default-build")
    result = build(default_sources(), store=tmp / "store", out=tmp / "graph.ttl")
    assert result.ok, result.report.text()
    return tmp
