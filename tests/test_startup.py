"""Read commands start light: what they import, seen by `python -X importtime` in a real subprocess."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from helpers import ENV

# Needed only by build, validate, the network report or the API's pandas path.
HEAVY = ("pyshacl", "rdflib", "matplotlib", "networkx", "scipy", "numpy", "pandas", "trafilatura", "yaml",
         "rapidfuzz", "SPARQLWrapper", "owlrl")


def imported(*args: str, cwd) -> set[str]:
    """Top-level names of every module `cthr ARGS` imported."""
    run = subprocess.run([sys.executable, "-X", "importtime", "-m", "cthr", *args], capture_output=True,
                         text=True, env=ENV, cwd=cwd, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    names = re.findall(r"^import time:\s+\d+ \|\s+\d+ \| +(\S+)$", run.stderr, re.M)
    assert len(names) > 20, run.stderr[-2000:]            # the trace was read
    return {n.split(".")[0] for n in names}


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_query_imports_no_heavy_package(records_build, tmp_path, fmt):
    store = str(records_build / "store")
    mods = imported("query", "events-in-range", "--store", store, "--format", fmt, cwd=tmp_path)
    assert "pyoxigraph" in mods                              # it did run the query
    assert not mods & set(HEAVY), sorted(mods & set(HEAVY))
    if fmt == "json":
        assert "rich" not in mods                           # no table, no console


def test_queries_and_help_import_no_heavy_package(records_build, tmp_path):
    listing = imported("queries", cwd=tmp_path)
    assert not listing & set(HEAVY), sorted(listing & set(HEAVY))
    helping = imported("--help", cwd=tmp_path)
    assert not helping & {*HEAVY, "rich", "pyoxigraph"}, sorted(helping & {*HEAVY, "rich", "pyoxigraph"})
