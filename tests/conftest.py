"""Shared fixtures: real graphs built from the bundled corpus into temp folders.

Plain helpers and paths live in helpers.py (`from helpers import ROOT`): this
file is imported as `conftest` like every other conftest.py of the tree.
"""

from __future__ import annotations

import pytest

from helpers import RECORDS


@pytest.fixture(scope="session")
def records_build(tmp_path_factory):
    """The curated seed records built into a store and a Turtle file."""
    from cthr.graph.build import build

    tmp = tmp_path_factory.mktemp("records-build")
    result = build([RECORDS], store=tmp / "store", out=tmp / "graph.ttl")
    assert result.ok, result.report.text()
    return tmp


@pytest.fixture(scope="session")
def records_graph(records_build):
    """The records build's store opened read-only, as `cthr query --store` opens it."""
    from cthr.graph.store import GraphStore

    return GraphStore.read_only(records_build / "store")


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
