"""The wheel builds without setuptools warnings and carries every file of the package folders."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile

import pytest

from helpers import ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:   # pragma: no cover - Python 3.10
    import tomli as tomllib

# Checkout folder -> its path inside the wheel, from pyproject's package-dir.
PACKAGE_DIRS = {folder: package.replace(".", "/") for package, folder in tomllib.loads(
    (ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-dir"].items()}
PROJECT_FILES = ("pyproject.toml", "README.md", "LICENSE")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """(backend output, wheel) for a copy of the project, so no build/ folder lands in the checkout."""
    src = tmp_path_factory.mktemp("src")
    for name in PACKAGE_DIRS:
        shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name in PROJECT_FILES:
        shutil.copy2(ROOT / name, src / name)
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "-v", "--no-deps", "-w", str(out), str(src)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return proc.stdout + proc.stderr, next(out.glob("cthr_kg-*.whl"))


def test_wheel_builds_without_setuptools_warnings(built):
    log, _ = built
    # pip's own notes on its index locations are not the build backend's.
    warnings = [line.strip() for line in log.splitlines()
                if "warning" in line.lower() and "WARNING: Location" not in line
                and "byte-compiling is disabled" not in line]
    assert warnings == []


def test_wheel_carries_every_file_of_the_package_folders(built):
    _, wheel = built
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = []
    for folder, target in PACKAGE_DIRS.items():
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                name = f"{target}/{path.relative_to(ROOT / folder).as_posix()}"
                if name not in names:
                    missing.append(name)
    assert missing == []
    assert "cthr/graph/rules/display-names.rq" in names   # a data-only sub-folder


def test_wheel_metadata_bounds_pyoxigraph_and_keeps_test_tools_out_of_the_install(built):
    _, wheel = built
    with zipfile.ZipFile(wheel) as z:
        meta = z.read(next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))).decode()
        licences = [n for n in z.namelist() if n.endswith(".dist-info/licenses/LICENSE")]
    requires = [line.split(":", 1)[1].strip() for line in meta.splitlines() if line.startswith("Requires-Dist:")]
    base = {r.split(";")[0].strip() for r in requires if "extra ==" not in r}
    assert "pyoxigraph<0.6,>=0.5" in base   # 0.4.x crashes builds and queries
    assert not any(r.startswith(("owlrl", "pytest", "pylode", "matplotlib", "pandas")) for r in base)
    # The report's picture is the `network` extra's.
    assert any(r.startswith("matplotlib") and "extra == \"network\"" in r for r in requires), requires
    assert "License-Expression: MIT" in meta and licences
