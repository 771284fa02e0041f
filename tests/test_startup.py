"""Read commands start light: what they import (seen by `python -X importtime`) and how many
processes they fork (seen by an audit hook), each in a real subprocess. Their speed is measured
by bench/startup.py, not here."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from helpers import ENV, RECORDS, cli

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
    assert "rich" not in mods               # stdout and stderr are pipes: the table is drawn without rich


def test_queries_and_help_import_no_heavy_package(records_build, tmp_path):
    listing = imported("queries", cwd=tmp_path)
    assert not listing & set(HEAVY), sorted(listing & set(HEAVY))
    helping = imported("--help", cwd=tmp_path)
    assert not helping & {*HEAVY, "rich", "pyoxigraph"}, sorted(helping & {*HEAVY, "rich", "pyoxigraph"})


def test_why_and_stats_import_no_heavy_package_nor_the_curation_loaders(records_build, tmp_path):
    store = str(records_build / "store")
    for args in (["why", "ONSA"], ["stats"]):
        mods = imported(*args, "--store", store, cwd=tmp_path)
        assert "pyoxigraph" in mods
        assert not mods & set(HEAVY), (args, sorted(mods & set(HEAVY)))
    names = set(re.findall(r"^import time:.*\| +(\S+)$", subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "cthr", "why", "ONSA", "--store", store],
        capture_output=True, text=True, env=ENV, cwd=tmp_path, timeout=120).stderr, re.M))
    assert not {"cthr.loaders.project", "cthr.graph.curation", "cthr.loaders.model"} & names


# Counts the os.fork calls of the command itself (a forked child ends in os._exit, never here).
_COUNT_FORKS = """
import sys
forks = []
sys.addaudithook(lambda event, args: forks.append(event) if event == "os.fork" else None)
from cthr.cli import main
try:
    main(sys.argv[2:], prog_name="cthr")
finally:
    open(sys.argv[1], "w").write(str(len(forks)))
"""


def forks(tmp_path, *args: str, cache: bool = False) -> int:
    """The forks of one command; the result cache off unless asked (a kept answer needs no child)."""
    count = tmp_path / "forks"
    env = {**ENV, "CTHR_CACHE_MIN_MS": "0"} if cache else {**ENV, "CTHR_CACHE": "off"}
    run = subprocess.run([sys.executable, "-c", _COUNT_FORKS, str(count), *args], capture_output=True, text=True,
                         env=env, cwd=tmp_path, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip(), run.stderr[-2000:]
    return int(count.read_text())


def test_a_query_forks_one_child_however_it_resolves_names(records_build, tmp_path):
    """The user's query runs in one child under the limits; the name lookups it needs run in-process."""
    store = str(records_build / "store")
    by_name = ["query", "co-attendance", "--param", "org=ONSA", "--store", store, "--format", "csv"]
    assert forks(tmp_path, *by_name) == 1
    assert forks(tmp_path, *by_name, "--limit", "1") == 1            # the page and its total: one child
    assert forks(tmp_path, "query", "events-in-range", "--store", store, "--format", "csv") == 1
    assert forks(tmp_path, "why", "ONSA", "--store", store) == 0
    assert forks(tmp_path, "stats", "--store", store) == 0


def test_an_answer_kept_for_the_store_version_forks_no_child(tmp_path):
    from cthr.graph.build import build

    assert build([RECORDS], store=tmp_path / "store").ok
    page = ["query", "events-in-range", "--store", str(tmp_path / "store"), "--format", "csv", "--limit", "3"]
    assert forks(tmp_path, *page, cache=True) == 1                   # evaluated, and kept
    assert forks(tmp_path, *page, cache=True) == 0                   # read back
    assert forks(tmp_path, *page, "--offset", "3", cache=True) == 0  # another page of the same answer
    # `cthr queries --warm` keeps every listing beforehand: its first ask needs no child either.
    warm = cli("queries", "--warm", "--store", tmp_path / "store", cwd=tmp_path, env={**ENV, "CTHR_CACHE_MIN_MS": "0"})
    assert warm.returncode == 0, warm.stderr
    assert "co-attendance: skipped (needs --param org=...)" in warm.stderr and "events-per-year: " in warm.stderr
    assert forks(tmp_path, "query", "events-per-year", "--store", str(tmp_path / "store"), "--format", "csv",
                 "--limit", "5", cache=True) == 0
