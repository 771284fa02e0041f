"""The build pipeline: sources -> facts -> named graphs -> rules -> SHACL -> store and Turtle.

Nothing is written unless the whole candidate graph passes the shapes: the
new graph is assembled in a staging store (a hard-link backup of the existing
store, or memory), validated, and only then swapped in and exported.
build() is that sequence of named steps; reading the sources is in
graph/sources.py, the incremental re-checks in graph/incremental.py.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from cthr.loaders.model import LoadError
from pyoxigraph import RdfFormat, parse

from .curation import CURATION_MARK, Curation, curation_of, judgement_notes, read_curation_mark, stale_sources
from .filestat import FILES_MARK, file_sha256, read_json
from .incremental import (affected_nodes, fingerprint, graph_triples, read_mark, refresh_rules, trusted,
                          union_changes)
from .lock import holds_store_lock
from .progress import Stages
# expand_sources, load_source and PARALLEL_MIN_FILES are imported from here by the CLI, bench/ and tests.
from .sources import PARALLEL_MIN_FILES, Loaded, expand_sources, load_all, load_source  # noqa: F401
from .store import GraphStore, atomic_write
from .storedir import VALIDATED_MARK, backup_store, check_store_folder, is_derived, seal, write_transaction
from .storedir import swap_in as _swap
from .validate import ValidationReport, validate_store_graph
from .vocab import source_iri


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


@dataclass
class _Prior:
    """What the store holds before the build: sources' hashes and curation, and whether its mark is trusted."""

    existing: bool = False
    hashes: dict = field(default_factory=dict)         # source graph IRI -> SHA-256
    curation: dict = field(default_factory=dict)       # source key -> curation digest
    mark: dict | None = None                           # VALIDATED_MARK, if it still describes the store
    manifest: dict = field(default_factory=dict)       # FILES_MARK: what each file's stat said

    @property
    def trusted(self) -> bool:
        return self.mark is not None


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
    loaded over `workers` processes (default: one) for big builds.
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
    prior = _prior(store_path, fresh, incremental)
    stale_sources(store_path, prior.hashes, prior.curation, curation, {p.stem for p in files})
    keys: dict[str, str] = {}                      # source key -> its file, for clashes and the curation mark
    loaded = _load(files, prior, curation, workers, keys, result, stages)
    result.timings["load"] = time.perf_counter() - t0
    say(f"read {len(loaded)} source(s)" + (f", {len(result.skipped)} unchanged" if result.skipped else ""))

    stages.start("map", len(loaded))
    staging, staging_path = _open_staging(store_path, prior.existing)
    done = False
    try:
        t1 = time.perf_counter()
        changes = _map_into(staging, loaded, prior, curation, result, stages.tick, say)
        del loaded
        stages.start("rules")
        result.rules = refresh_rules(staging, store_path, changes, bulk=not prior.existing)
        if not prior.existing:
            # Everything is written: compact the bulk-loaded files once (RocksDB), which makes
            # each lookup of the validation and the export cheaper (at 1M: 2-3 s for 8 s less).
            staging.store.optimize()
        for note in judgement_notes(staging, curation):
            result.notes.append(note)
            say(f"warning: {note}")
        result.timings["map"] = time.perf_counter() - t1
        union = union_changes(staging, *changes) if changes else None
        _count(staging, prior, changes, union, result)
        say(f"mapped to {result.quads} quads")

        stages.start("validate")
        _validate(staging, result, union)
        if not result.ok:
            return result
        stages.start("write")
        _write(staging, staging_path, out, result, {**prior.curation, **{k: curation.digest(k) for k in keys}},
               prior.manifest)
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


def _prior(store_path: Path | None, fresh: bool, incremental: bool) -> _Prior:
    """Read what the store holds now (nothing for a new store, --fresh or no store)."""
    if not (store_path and store_path.exists() and not fresh):
        return _Prior()
    current = GraphStore.read_only(store_path)
    mark = read_mark(store_path) if incremental else None
    prior = _Prior(True, current.source_hashes(), read_curation_mark(store_path),
                   mark if trusted(current, mark) else None, read_json(store_path / FILES_MARK))
    del current
    return prior


def _load(files: list[Path], prior: _Prior, curation: Curation, workers: int | None, keys: dict,
          result: BuildResult, stages: Stages) -> list[Loaded]:
    """Load and map the files that changed; a key two files share is a LoadError."""
    todo = _to_load(files, prior.hashes, prior.curation, curation, keys, result, prior.manifest)
    stages.start("load", len(todo))
    loaded = load_all(todo, workers, curation, stages.tick)
    for x in loaded:
        if x.key in keys:
            raise LoadError(x.path, None, f"source key {x.key!r} is also used by {keys[x.key]}")
        keys[x.key] = x.path
    return loaded


def _map_into(staging: GraphStore, loaded: list[Loaded], prior: _Prior, curation: Curation, result: BuildResult,
              tick: Callable[[], None], say: Callable[[str], None]) -> tuple[dict, dict] | None:
    """Put the loaded sources' graphs into the staging store.

    Returns (old, new): each changed graph's triples before and after, when
    the store is trusted (for the incremental rules and shapes); else None.
    """
    old: dict = {}
    new: dict = {}
    fresh_data = []
    for x in loaded:
        tick()
        graph = source_iri(x.key)
        if prior.existing and prior.hashes.get(graph.value) == x.sha256 and x.sha256 \
                and prior.curation.get(x.key) == curation.digest(x.key):
            result.skipped.append(x.key)
            continue
        result.sources.append(x.key)
        for note in x.notes:
            result.notes.append(note)
            say(f"warning: {note}")
        if prior.existing and graph.value in prior.hashes:
            quads = list(parse(x.nquads, format=RdfFormat.N_QUADS))
            if prior.trusted:
                old[graph] = graph_triples(staging, graph)
                new[graph] = {q.triple for q in quads}
            staging.replace_source(graph, quads)
        else:
            fresh_data.append(x)
            if prior.trusted:
                new[graph] = set(parse(x.ntriples, format=RdfFormat.N_TRIPLES))
    if fresh_data:
        # New sources need no DROP: their graphs go in with one load (the bulk
        # loader when the staging store starts empty).
        staging.add_new_sources(b"".join(x.nquads for x in fresh_data),
                                b"".join(x.ntriples for x in fresh_data), bulk=not prior.existing)
    return (old, new) if prior.trusted else None


def _count(staging: GraphStore, prior: _Prior, changes: tuple[dict, dict] | None, union: set | None,
           result: BuildResult) -> None:
    """result.quads and result.triples: from the change on a trusted store (a count scans the whole
    store, seconds at a million triples), else counted."""
    if changes is None:
        result.quads, result.triples = len(staging), staging.triple_count()
        return
    old, new = changes
    result.quads = prior.mark["named"] + sum(len(new.get(g, ())) - len(old.get(g, ())) for g in set(old) | set(new))
    after = set().union(*new.values())
    result.triples = prior.mark["triples"] + sum(1 if t in after else -1 for t in union)


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


def _validate(staging: GraphStore, result: BuildResult, union: set | None) -> None:
    """Validate the staged graph into `result`: only the nodes the `union` changes touch, if given."""
    t = time.perf_counter()
    focus = affected_nodes(staging, union) if union is not None else None
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
                     json.dumps(fingerprint(staging, result.quads, result.triples), sort_keys=True).encode())
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
