"""The build pipeline: sources -> facts -> named graphs -> rules -> SHACL -> store and Turtle.

Nothing is written unless the whole candidate graph passes the shapes: the
new graph is assembled in a staging store (a hard-link backup of the existing
store, or memory), validated, and only then swapped in and exported.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from cthr.loaders.model import Extraction, LoadError

from .mapping import extraction_quads
from .store import GraphStore
from .validate import ValidationReport, to_rdflib, validate_graph
from .vocab import source_iri

TEXT_SUFFIXES = {".txt", ".html", ".htm"}
RECORD_SUFFIXES = {".csv", ".json", ".yaml", ".yml"}
SIDECAR = "sources.yaml"   # per-folder metadata (URL, publisher) of text sources


def expand_sources(paths: Iterable[str | Path]) -> list[Path]:
    """Files to load: given files as they are, folders expanded (sorted).

    In a folder, `sources.yaml` is metadata, and a .json/.yaml beside a .txt
    of the same stem is a gold annotation, not a record file: both skipped.
    """
    found: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            texts = {p.stem for p in path.iterdir() if p.suffix.lower() in TEXT_SUFFIXES}
            for p in sorted(path.iterdir()):
                suffix = p.suffix.lower()
                if p.name == SIDECAR or not p.is_file():
                    continue
                if suffix in TEXT_SUFFIXES or (suffix in RECORD_SUFFIXES and p.stem not in texts):
                    found.append(p)
        elif path.exists():
            found.append(path)
        else:
            raise LoadError(str(path), None, "no such file or folder")
    return found


def _sidecar(path: Path) -> dict:
    meta = path.parent / SIDECAR
    if not meta.is_file():
        return {}
    try:
        table = yaml.safe_load(meta.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise LoadError(str(meta), mark.line + 1 if mark else None, f"malformed YAML: {exc}") from None
    entry = table.get(path.name) if isinstance(table, dict) else None
    return entry if isinstance(entry, dict) else {}


def load_source(path: str | Path) -> Extraction:
    """Read one source file into facts (text or records, by its suffix)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        from cthr.loaders.text import load_text

        meta = _sidecar(path)
        return load_text(path, url=meta.get("url"), publisher=meta.get("publisher"), language=meta.get("language"))
    if suffix in RECORD_SUFFIXES:
        from cthr.loaders.records import load_records

        return load_records(path)
    raise LoadError(str(path), None, f"unknown source type {suffix!r} (expected .txt, .html, .csv, .json or .yaml)")


@dataclass
class BuildResult:
    sources: list[str] = field(default_factory=list)      # keys loaded now
    skipped: list[str] = field(default_factory=list)      # unchanged, kept as stored
    triples: int = 0
    quads: int = 0
    report: ValidationReport | None = None
    written: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.report is None or self.report.conforms


def build(
    paths: Iterable[str | Path],
    *,
    store: str | Path | None = None,
    out: str | Path | None = None,
    fresh: bool = False,
    progress: Callable[[str], None] | None = None,
) -> BuildResult:
    """Load `paths` into the graph, validate, then write the store and Turtle.

    With `store`, sources already in it are kept (a source given again is
    replaced; an unchanged one, by SHA-256, is skipped); `fresh` starts empty.
    Raises LoadError on bad input before anything is written.
    """
    say = progress or (lambda _msg: None)
    result = BuildResult()
    t0 = time.perf_counter()
    files = expand_sources(paths)
    extractions = [load_source(p) for p in files]
    keys: dict[str, str] = {}
    for x in extractions:
        if x.source.key in keys:
            raise LoadError(x.source.path, None, f"source key {x.source.key!r} is also used by {keys[x.source.key]}")
        keys[x.source.key] = x.source.path
    result.timings["load"] = time.perf_counter() - t0
    say(f"read {len(extractions)} source(s)")

    store_path = Path(store) if store else None
    staging_path = None
    if store_path and store_path.exists() and not fresh:
        staging_path = store_path.with_name(store_path.name + ".staging")
        shutil.rmtree(staging_path, ignore_errors=True)
        GraphStore(store_path).store.backup(str(staging_path))
        staging = GraphStore(staging_path)
    elif store_path:
        staging_path = store_path.with_name(store_path.name + ".staging")
        shutil.rmtree(staging_path, ignore_errors=True)
        staging = GraphStore(staging_path)
    else:
        staging = GraphStore()

    try:
        t1 = time.perf_counter()
        for x in extractions:
            graph = source_iri(x.source.key)
            if staging_path and staging.source_hash(graph) == x.source.sha256 and x.source.sha256:
                result.skipped.append(x.source.key)
                continue
            staging.replace_source(graph, extraction_quads(x))
            result.sources.append(x.source.key)
        staging.refresh_inferences()
        result.timings["map"] = time.perf_counter() - t1
        say(f"mapped to {len(staging)} quads")

        t2 = time.perf_counter()
        triples = {q.triple for q in staging.quads()}
        result.quads, result.triples = len(staging), len(triples)
        result.report = validate_graph(to_rdflib(triples))
        result.timings["validate"] = time.perf_counter() - t2
        if not result.report.conforms:
            return result

        t3 = time.perf_counter()
        if out:
            from .export import export

            export(staging, out, "turtle")
            result.written.append(str(out))
        result.timings["export"] = time.perf_counter() - t3
    finally:
        del staging
        if staging_path and not result.ok:
            shutil.rmtree(staging_path, ignore_errors=True)

    if store_path and staging_path:
        _swap(staging_path, store_path)
        result.written.append(str(store_path))
    return result


def _swap(new: Path, current: Path) -> None:
    """Replace the store folder by the validated staging one (two renames)."""
    old = current.with_name(current.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if current.exists():
        current.rename(old)
    new.rename(current)
    shutil.rmtree(old, ignore_errors=True)


def validate_store(store: GraphStore) -> ValidationReport:
    """Validate the union of all graphs of a store against the shapes."""
    triples = {q.triple for q in store.quads()}
    return validate_graph(to_rdflib(triples))


def remove_sources(store: str | Path, keys: list[str]) -> list[str]:
    """Drop sources (their named graphs) from a store and refresh the rules."""
    graph_store = GraphStore(store)
    removed = [k for k in keys if graph_store.remove_source(source_iri(k))]
    graph_store.refresh_inferences()
    return removed


__all__ = ["build", "BuildResult", "expand_sources", "load_source", "remove_sources", "validate_store"]
