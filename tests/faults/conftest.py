"""Fixtures for the fault tests: the real CLI in a subprocess, a good build to protect, snapshots.

Test files here run `cthr` as a user would (a child process, its exit code,
its stderr), against a graph built first into the test's tmp_path, and then
compare that graph's Turtle bytes and store content before and after.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from helpers import RECORDS, Snapshot, cli, snapshot


@pytest.fixture(scope="session")
def _good_template(tmp_path_factory) -> Path:
    """The curated seed records built once through the CLI (store + Turtle)."""
    tmp = tmp_path_factory.mktemp("good-template")
    result = cli("build", RECORDS, "--store", "store", "-o", "g.ttl", cwd=tmp)
    assert result.returncode == 0, result.stderr
    return tmp


@dataclass
class Good:
    """A good build in a test's own folder, with its snapshot taken."""

    dir: Path
    store: Path
    turtle: Path
    before: Snapshot

    def assert_unchanged(self) -> None:
        now = snapshot(self.store, self.turtle)
        assert now.turtle == self.before.turtle, "the Turtle file changed"
        assert len(now.quads) == len(self.before.quads), "the store's quad count changed"
        assert now.quads == self.before.quads, "the store's content changed"
        leftovers = sorted(p.name for p in self.dir.iterdir()
                           if p.name.endswith((".tmp", ".staging", ".old")))
        assert not leftovers, f"temp files or folders left behind: {leftovers}"


@pytest.fixture
def good(_good_template, tmp_path) -> Good:
    """A copy of the good build in tmp_path: `store/` and `g.ttl`."""
    shutil.copytree(_good_template / "store", tmp_path / "store")
    shutil.copy2(_good_template / "g.ttl", tmp_path / "g.ttl")
    return Good(tmp_path, tmp_path / "store", tmp_path / "g.ttl", snapshot(tmp_path / "store", tmp_path / "g.ttl"))
