"""Reading sources for a build: which files a path means, one file into facts, many over worker processes.

The build (graph/build.py) takes the loaded and mapped sources as N-Quads
and N-Triples bytes, so a worker process hands back plain bytes.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path

import yaml
from cthr.loaders.model import Extraction, LoadError
from pyoxigraph import RdfFormat, serialize

from .curation import CURATION_FILES, Curation, apply_curation
from .forkpool import fork_map
from .mapping import extraction_quads

__all__ = ["TEXT_SUFFIXES", "RECORD_SUFFIXES", "SIDECAR", "PARALLEL_MIN_FILES", "expand_sources", "load_source",
           "load_all", "Loaded"]

TEXT_SUFFIXES = {".txt", ".html", ".htm"}
RECORD_SUFFIXES = {".csv", ".json", ".yaml", ".yml"}
SIDECAR = "sources.yaml"   # per-folder metadata (URL, publisher) of text sources


def expand_sources(paths: Iterable[str | Path]) -> list[Path]:
    """Files to load: given files as they are, folders expanded (sorted).

    In a folder, `sources.yaml` is metadata, a project's curation files
    (aliases.yaml, judgements.yaml...) are not sources, and a .json/.yaml
    beside a .txt of the same stem is a gold annotation: all skipped.
    """
    found: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            texts = {p.stem for p in path.iterdir() if p.suffix.lower() in TEXT_SUFFIXES}
            for p in sorted(path.iterdir()):
                suffix = p.suffix.lower()
                if p.name == SIDECAR or p.name in CURATION_FILES or not p.is_file():
                    continue
                if suffix in TEXT_SUFFIXES or (suffix in RECORD_SUFFIXES and p.stem not in texts):
                    found.append(p)
        elif path.exists():
            found.append(path)
        else:
            raise LoadError(str(path), None, "no such file or folder")
    return found


@lru_cache(maxsize=256)
def _sidecar_table(meta: str, mtime_ns: int) -> dict:
    """A folder's sources.yaml, parsed once per build (not once per text file beside it)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)     # libyaml when installed: ~10x faster
    try:
        table = yaml.load(Path(meta).read_text(encoding="utf-8"), Loader=loader) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise LoadError(meta, mark.line + 1 if mark else None, f"malformed YAML: {exc}") from None
    return table if isinstance(table, dict) else {}


def _sidecar(path: Path) -> dict:
    meta = path.parent / SIDECAR
    if not meta.is_file():
        return {}
    entry = _sidecar_table(str(meta), meta.stat().st_mtime_ns).get(path.name)
    return entry if isinstance(entry, dict) else {}


def load_source(path: str | Path, overlay=None) -> Extraction:
    """Read one source file into facts (text or records, by its suffix);
    ``overlay`` is a project's additions to the extractor's vocabulary."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        from cthr.loaders.text import load_text

        meta = _sidecar(path)
        return load_text(path, url=meta.get("url"), publisher=meta.get("publisher"), language=meta.get("language"),
                         overlay=overlay)
    if suffix in RECORD_SUFFIXES:
        from cthr.loaders.records import load_records

        return load_records(path)
    raise LoadError(str(path), None, f"unknown source type {suffix!r} (expected .txt, .html, .csv, .json or .yaml)")


@dataclass
class Loaded:
    """One source, loaded and mapped: its graph as N-Quads and its triples as N-Triples."""

    key: str
    path: str
    sha256: str
    nquads: bytes
    ntriples: bytes
    notes: tuple = ()      # what the source's review did not apply, for the report


def _load_and_map(path: str, curation: Curation | None = None):
    """Worker: load + map one file. A LoadError comes back as a value (it does not pickle)."""
    try:
        x, notes = apply_curation(load_source(path, curation.extraction if curation else None), curation)
        quads = extraction_quads(x, curation)
    except LoadError as exc:
        return ("error", exc.path, exc.line, exc.problem)
    return Loaded(x.source.key, x.source.path, x.source.sha256,
                   serialize(quads, format=RdfFormat.N_QUADS),
                   serialize((q.triple for q in quads), format=RdfFormat.N_TRIPLES), tuple(notes))


# Below this many files the process start-up costs more than it saves.
PARALLEL_MIN_FILES = 48


def load_all(files: list[Path], workers: int | None, curation: Curation | None = None,
             tick: Callable[[], None] = lambda: None) -> list[Loaded]:
    """Load and map every file, over `workers` processes for big builds; errors in file order.

    `tick` is called after each file (as results come back)."""
    # Sequential unless asked. The workers are forked (graph/forkpool.py): they
    # ignore Ctrl-C and die with the build, so an interrupted build ends at once.
    n = workers if workers is not None else 1
    args = [str(p) for p in files]
    if n > 1 and len(files) >= PARALLEL_MIN_FILES and hasattr(os, "fork"):
        out = fork_map(partial(_load_and_map, curation=curation), args, n, tick)
    else:
        out = [_ticked(_load_and_map(a, curation), tick) for a in args]
    for item in out:          # the first bad file in the given order, as a sequential build reports
        if isinstance(item, tuple):
            raise LoadError(item[1], item[2], item[3])
    return out


def _ticked(item, tick):
    tick()
    return item
