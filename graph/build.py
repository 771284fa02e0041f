"""The build pipeline: sources -> facts -> named graphs -> rules -> SHACL -> store and Turtle.

Nothing is written unless the whole candidate graph passes the shapes: the
new graph is assembled in a staging store (a hard-link backup of the existing
store, or memory), validated, and only then swapped in and exported.

Loading source files is graph/sourcefiles.py; what an incremental build
changed (union differences, the validation mark, focus nodes) is
graph/changes.py. Their public names stay importable from here.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from cthr.loaders.model import LoadError
from pyoxigraph import NamedNode, RdfFormat, parse

from .changes import _affected_nodes, _fingerprint, _graph_triples, _read_mark, _trusted, _union_changes
from .curation import CURATION_MARK, curation_of, judgement_notes, read_curation_mark, stale_sources
from .filestat import FILES_MARK, file_sha256, read_json
from .lock import holds_store_lock
from .progress import Stages
# The public names of the split-out loading stay importable from here (cli, bench, tests).
from .sourcefiles import (PARALLEL_MIN_FILES, RECORD_SUFFIXES, SIDECAR, TEXT_SUFFIXES, _load_all,  # noqa: F401
                          expand_sources, load_source)
from .store import RULES, GraphStore, atomic_write
from .storedir import VALIDATED_MARK, backup_store, check_store_folder, is_derived, seal, write_transaction
from .storedir import swap_in as _swap
from .validate import ValidationReport, validate_store_graph
from .vocab import INFERRED_GRAPH, source_iri


@dataclass
class BuildResult:
    sources: list[str] = field(default_factory=list)      # keys loaded now
    skipped: list[str] = field(default_factory=list)      # unchanged, kept as stored
    triples: int = 0
    quads: int = 0
    report: ValidationReport | None = None
    written: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    validated: str = "full"        # "full", or "incremental: N nodes"
    rules: str = "full"            # likewise for the rules (graph/inference.py)
    notes: list[str] = field(default_factory=list)        # curation reports (reviews not applied, ...)

    @property
    def ok(self) -> bool:
        return self.report is None or self.report.conforms


@holds_store_lock      # the store's write lock for the whole build; takes wait= (seconds)
def build(
    paths: Iterable[str | Path],
    *,
    store: str | Path | None = None,
    out: str | Path | None = None,
    fresh: bool = False,
    progress: Callable[[str], None] | None = None,
    workers: int | None = None,
    incremental: bool = True,
    project: str | Path | object | None = None,
    stages: Stages | None = None,
) -> BuildResult:
    """Load `paths` into the graph, validate, then write the store and Turtle.

    With `store`, sources already in it are kept (a source given again is
    replaced; an unchanged one, by SHA-256, is skipped); `fresh` starts empty.
    Raises LoadError on bad input before anything is written. Files are
    loaded over `workers` processes (default: one per CPU) for big builds.
    With `incremental` and a store validated by an earlier build, only the
    nodes the changed sources touch are re-checked (same report as a full
    validation); otherwise the whole graph is. `project` is the researcher's
    project folder (or a loaded Curation): alias, sector and scope tables,
    judgements and review files over the bundled ones (docs/curation.md).
    `progress` gets the phase lines; `stages` (graph/progress.py) is told
    when each stage starts and how far a counted one is, for progress bars.
    """
    say = progress or (lambda _msg: None)
    stages = stages or Stages()
    result = BuildResult()
    t0 = time.perf_counter()
    curation = curation_of(project)
    files = expand_sources(paths)
    store_path = Path(store) if store else None
    if store_path:
        check_store_folder(store_path)
    existing = bool(store_path and store_path.exists() and not fresh)

    # Unchanged sources (same key, same bytes) are skipped before loading them.
    stored_hashes: dict[str, str] = {}
    stored_curation: dict[str, str] = {}
    trusted = False
    if existing:
        current = GraphStore.read_only(store_path)
        stored_hashes = current.source_hashes()
        stored_curation = read_curation_mark(store_path)
        mark = _read_mark(store_path) if incremental else None
        trusted = _trusted(current, mark)
        del current
    keys: dict[str, str] = {}
    manifest = read_json(store_path / FILES_MARK) if existing else {}
    todo = _to_load(files, stored_hashes, stored_curation, curation, keys, result, manifest)
    stale_sources(store_path, stored_hashes, stored_curation, curation, {p.stem for p in files})
    stages.start("load", len(todo))
    loaded = _load_all(todo, workers, curation, stages.tick)
    for x in loaded:
        if x.key in keys:
            raise LoadError(x.path, None, f"source key {x.key!r} is also used by {keys[x.key]}")
        keys[x.key] = x.path
    result.timings["load"] = time.perf_counter() - t0
    say(f"read {len(loaded)} source(s)" + (f", {len(result.skipped)} unchanged" if result.skipped else ""))

    stages.start("map", len(loaded))
    staging, staging_path = _open_staging(store_path, existing)

    done = False
    try:
        t1 = time.perf_counter()
        old: dict = {}
        new: dict = {}
        fresh_data = []
        for x in loaded:
            stages.tick()
            graph = source_iri(x.key)
            if existing and stored_hashes.get(graph.value) == x.sha256 and x.sha256 \
                    and stored_curation.get(x.key) == curation.digest(x.key):
                result.skipped.append(x.key)
                continue
            result.sources.append(x.key)
            for note in x.notes:
                result.notes.append(note)
                say(f"warning: {note}")
            if existing and graph.value in stored_hashes:
                quads = list(parse(x.nquads, format=RdfFormat.N_QUADS))
                if trusted:
                    old[graph] = _graph_triples(staging, graph)
                    new[graph] = {q.triple for q in quads}
                staging.replace_source(graph, quads)
            else:
                fresh_data.append(x)
                if trusted:
                    new[graph] = set(parse(x.ntriples, format=RdfFormat.N_TRIPLES))
        if fresh_data:
            # New sources need no DROP: their graphs go in with one load (the bulk
            # loader when the staging store starts empty).
            staging.add_new_sources(b"".join(x.nquads for x in fresh_data),
                                    b"".join(x.ntriples for x in fresh_data), bulk=not existing)
        del loaded, fresh_data
        stages.start("rules")
        _refresh_rules(staging, store_path, (old, new) if trusted else None, result)
        for note in judgement_notes(staging, curation):
            result.notes.append(note)
            say(f"warning: {note}")
        result.timings["map"] = time.perf_counter() - t1
        union = _union_changes(staging, old, new) if trusted else None
        if trusted:
            # Counted from the change: a count scans the whole store (seconds at a million triples).
            result.quads = mark["named"] + sum(len(new.get(g, ())) - len(old.get(g, ())) for g in set(old) | set(new))
            after = set().union(*new.values())
            result.triples = mark["triples"] + sum(1 if t in after else -1 for t in union)
        else:
            result.quads, result.triples = len(staging), staging.triple_count()
        say(f"mapped to {result.quads} quads")

        stages.start("validate")
        _validate(staging, result, union)
        if not result.ok:
            return result
        stages.start("write")
        _write(staging, staging_path, out, result, {**stored_curation, **{k: curation.digest(k) for k in keys}},
               manifest)
        done = True
    finally:
        del staging
        if staging_path and not (done and result.ok):
            shutil.rmtree(staging_path, ignore_errors=True)

    if store_path and staging_path:
        _swap(staging_path, store_path)
        result.written.append(str(store_path))
    stages.finish()
    return result


def _to_load(files: list[Path], stored_hashes: dict, stored_curation: dict, curation, keys: dict,
             result: BuildResult, manifest: dict) -> list[Path]:
    """The files to load; unchanged ones (same bytes, same curation) go to `keys` and `result.skipped`.

    `manifest` (the store's FILES_MARK) is updated in place with what is known now.
    """
    todo = []
    for p in files:
        graph = source_iri(p.stem).value
        if graph in stored_hashes and stored_hashes[graph] == file_sha256(p, manifest) \
                and stored_curation.get(p.stem) == curation.digest(p.stem):
            if p.stem in keys:
                raise LoadError(str(p), None, f"source key {p.stem!r} is also used by {keys[p.stem]}")
            keys[p.stem] = str(p)
            result.skipped.append(p.stem)
        else:
            todo.append(p)
    return todo


def _open_staging(store_path: Path | None, existing: bool) -> tuple[GraphStore, Path | None]:
    """The store the build writes into: a copy of the old one, a new folder, or in memory."""
    if not store_path:
        return GraphStore(), None
    staging_path = store_path.with_name(store_path.name + ".staging")
    shutil.rmtree(staging_path, ignore_errors=True)
    if existing:
        backup_store(store_path, staging_path)
        staging = GraphStore(staging_path)
        if not is_derived(store_path):     # no writer's mark: derive union and inferred graph again first
            staging.repair()
        return staging, staging_path
    staging_path.parent.mkdir(parents=True, exist_ok=True)
    return GraphStore(staging_path), staging_path


def _refresh_rules(staging: GraphStore, store_path: Path | None, changes: tuple[dict, dict] | None,
                   result: BuildResult) -> None:
    """Re-derive the inferred graph: for the nodes `changes` (old, new source graphs) reach, else in full.

    With `changes`, their (old, new) get the inferred graph's part that was looked at.
    """
    inferred = NamedNode(INFERRED_GRAPH)
    focus = None
    if changes:
        from .inference import load_rules

        rules = load_rules(RULES)
        previous = GraphStore.read_only(store_path)        # the store before this build (kept until the swap)
        focus = rules.affected(_union_changes(staging, *changes), [previous.store, staging.store])
        del previous
    if focus is None:
        if changes:
            changes[0][inferred] = _graph_triples(staging, inferred)
        staging.refresh_inferences()
        if changes:
            changes[1][inferred] = _graph_triples(staging, inferred)
        return
    result.rules = f"incremental: {len(focus)} nodes"
    changes[0][inferred], changes[1][inferred] = rules.refresh(staging.store, focus, inferred)


def _validate(staging: GraphStore, result: BuildResult, union: set | None) -> None:
    """Validate the staged graph into `result`: only the nodes the `union` changes touch, if given."""
    t = time.perf_counter()
    focus = _affected_nodes(staging, union) if union is not None else None
    if focus is None:
        result.report = validate_store_graph(staging.store)
    else:
        result.validated = f"incremental: {len(focus)} nodes"
        result.report = validate_store_graph(staging.store, focus=focus)
    result.timings["validate"] = time.perf_counter() - t


def _write(staging: GraphStore, staging_path: Path | None, out, result: BuildResult, curation_mark: dict,
           manifest: dict) -> None:
    """Export the Turtle and mark the staged store as sealed, validated and curated."""
    t = time.perf_counter()
    if out:
        from .export import export

        export(staging, out, "turtle")
        result.written.append(str(out))
    result.timings["export"] = time.perf_counter() - t
    if staging_path:
        seal(staging, staging_path, "cthr build")
        atomic_write(staging_path / VALIDATED_MARK,
                     json.dumps(_fingerprint(staging, result.quads, result.triples), sort_keys=True).encode())
        atomic_write(staging_path / CURATION_MARK, json.dumps(curation_mark, sort_keys=True).encode())
        atomic_write(staging_path / FILES_MARK, json.dumps(manifest, sort_keys=True).encode())


def remove_sources(store: str | Path, keys: list[str], *, wait: float = 0.0,
                   on_wait: Callable[[str], None] | None = None) -> list[str]:
    """Drop sources (their named graphs) from a store and refresh the rules, all or nothing.

    Holds the store's lock (waiting up to `wait` seconds for another writer);
    the store is changed only if at least one key was in it.
    """
    with write_transaction(store, wait=wait, on_wait=on_wait) as tx:
        removed = [k for k in keys if tx.graph.remove_source(source_iri(k))]
        if removed:
            tx.graph.refresh_inferences()
        else:
            tx.cancel()
    return removed


__all__ = ["build", "BuildResult", "expand_sources", "load_source", "remove_sources"]
