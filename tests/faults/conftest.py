"""Fixtures for the fault tests: the real CLI in a subprocess, a good build to protect, snapshots.

Test files here run `cthr` as a user would (a child process, its exit code,
its stderr), against a graph built first into the test's tmp_path, and then
compare that graph's Turtle bytes and store content before and after.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

# pytest imports every conftest.py of this rootdir-style tree as the module
# `conftest`, the latest one winning; tests that do `from conftest import
# RECORDS` may get this one. So re-export the root conftest's constants.
_spec = importlib.util.spec_from_file_location("_cthr_root_conftest",
                                               Path(__file__).resolve().parents[1] / "conftest.py")
_root = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_root)
globals().update({k: v for k, v in vars(_root).items() if k.isupper()})
ROOT, SEEDS, RECORDS = _root.ROOT, _root.SEEDS, _root.RECORDS


def run_cli(*args, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run `cthr ARGS` in a child process (no colour, no terminal)."""
    env = dict(os.environ, NO_COLOR="1", TERM="dumb", COLUMNS="200")
    env.pop("CTHR_STORE", None)
    return subprocess.run([sys.executable, "-m", "cthr", *map(str, args)], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=timeout)


def store_dump(path: Path) -> list[str]:
    """The store's content as sorted N-Quads lines (opened read-only)."""
    from pyoxigraph import Store

    store = Store.read_only(str(path))
    try:
        return sorted(str(q) for q in store)
    finally:
        del store


@dataclass
class Snapshot:
    turtle: bytes
    quads: list[str]


def snapshot(store: Path, turtle: Path) -> Snapshot:
    return Snapshot(turtle.read_bytes(), store_dump(store))


def assert_one_line_error(result: subprocess.CompletedProcess, name: str, line: int | None = None) -> str:
    """Non-zero exit; stderr has no traceback and exactly one error line naming the file (and line)."""
    assert result.returncode != 0, f"exit 0 for bad input; stdout={result.stdout[-500:]!r}"
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    errors = [ln for ln in result.stderr.splitlines() if ln.lower().startswith("error")]
    assert len(errors) == 1, result.stderr[-3000:]
    assert name in errors[0], errors[0]
    if line is not None:
        assert f"{name}:{line}" in errors[0] or f"line {line}" in errors[0], errors[0]
    return errors[0]


@pytest.fixture(scope="session")
def _good_template(tmp_path_factory) -> Path:
    """The curated seed records built once through the CLI (store + Turtle)."""
    tmp = tmp_path_factory.mktemp("good-template")
    result = run_cli("build", RECORDS, "--store", "store", "-o", "g.ttl", cwd=tmp)
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
