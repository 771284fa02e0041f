"""The build pipeline: sources -> facts -> named graphs -> rules -> SHACL -> store and Turtle.

Nothing is written unless the whole candidate graph passes the shapes: the
new graph is assembled in a staging store (a hard-link backup of the existing
store, or memory), validated, and only then swapped in and exported.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path

import yaml
from cthr.loaders.model import Extraction, LoadError
from pyoxigraph import (
    BlankNode,
    DefaultGraph,
    Literal,
    NamedNode,
    RdfFormat,
    parse,
    serialize,
)

from .curation import (CURATION_FILES, CURATION_MARK, Curation, apply_curation, curation_of, judgement_notes,
                       read_curation_mark, stale_sources)
from .filestat import FILES_MARK, file_sha256, read_json
from .forkpool import fork_map
from .lock import holds_store_lock
from .mapping import extraction_quads
from .progress import Stages
from .store import RULES, GraphStore, atomic_write
from .storedir import VALIDATED_MARK, backup_store, check_store_folder, is_derived, seal, write_transaction
from .storedir import swap_in as _swap
from .validate import ValidationReport, validate_store_graph
from .vocab import INFERRED_GRAPH, source_iri

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
class _Loaded:
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
    return _Loaded(x.source.key, x.source.path, x.source.sha256,
                   serialize(quads, format=RdfFormat.N_QUADS),
                   serialize((q.triple for q in quads), format=RdfFormat.N_TRIPLES), tuple(notes))


# Below this many files the process start-up costs more than it saves.
PARALLEL_MIN_FILES = 48


def _load_all(files: list[Path], workers: int | None, curation: Curation | None = None,
              tick: Callable[[], None] = lambda: None) -> list[_Loaded]:
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


def _fingerprint(store: GraphStore, named: int, triples: int) -> dict:
    """What VALIDATED_MARK records: quads in the named graphs, triples in the union, the sources' hashes."""
    return {"quads": named + triples, "named": named, "triples": triples, "sources": store.source_hashes()}


def _trusted(store: GraphStore, mark: dict | None) -> bool:
    """True if the store is the one the mark describes (one count of its quads, inside oxigraph)."""
    return (isinstance(mark, dict) and isinstance(mark.get("named"), int) and isinstance(mark.get("triples"), int)
            and mark.get("sources") == store.source_hashes() and mark.get("quads") == len(store.store))


def _read_mark(store_path: Path) -> dict | None:
    try:
        return json.loads((store_path / VALIDATED_MARK).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _graph_triples(store: GraphStore, graph: NamedNode) -> set:
    return {q.triple for q in store.store.quads_for_pattern(None, None, None, graph)}


def _union_changes(store: GraphStore, old: dict, new: dict) -> set:
    """Triples whose presence in the union differs between before and after.

    `old`/`new` map each changed graph to its triples before/after. A triple
    changes in the union only if the changed graphs disagree on it and no
    unchanged graph states it.
    """
    changed_graphs = set(old) | set(new)
    before = set().union(*old.values()) if old else set()
    after = set().union(*new.values()) if new else set()
    out = set()
    for t in before ^ after:
        others = store.store.quads_for_pattern(t.subject, t.predicate, t.object, None)
        if not any(not isinstance(q.graph_name, DefaultGraph) and q.graph_name not in changed_graphs
                   for q in others):
            out.add(t)
    return out


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


def _affected_nodes(store: GraphStore, changes: set) -> set | None:
    """Focus nodes whose shape results may differ after `changes` to the union; None: all.

    A result on focus node f depends on f's types, f's values on the shapes'
    paths (forward, inverse, two-step sequences), and the types of those
    values (sh:class). So a changed triple (s p o) touches s and o; a changed
    type of s also touches every node one step from s (either direction) and,
    for sequence paths, two steps back; a changed second step of a sequence
    touches the nodes one step back.
    """
    from .validate import SEQUENCE_STEPS, Unsupported

    try:
        seq_first, seq_later = SEQUENCE_STEPS()
    except Unsupported:
        return None
    nodes: set = set()
    typed: set = set()
    second: set = set()
    for t in changes:
        if isinstance(t.subject, BlankNode) or isinstance(t.object, BlankNode):
            return None
        if t.predicate.value == _SUBCLASS:
            return None
        nodes.add(t.subject)
        if not isinstance(t.object, Literal):
            nodes.add(t.object)
        if t.predicate.value == _RDF_TYPE:
            typed.add(t.subject)
        if t.predicate.value in seq_later:
            second.add(t.subject)
    q = store.store
    for s in typed:
        for quad in q.quads_for_pattern(None, None, s, DefaultGraph()):
            nodes.add(quad.subject)
            if seq_first:
                for back in q.quads_for_pattern(None, None, quad.subject, DefaultGraph()):
                    if back.predicate.value in seq_first:
                        nodes.add(back.subject)
        for quad in q.quads_for_pattern(s, None, None, DefaultGraph()):
            if not isinstance(quad.object, Literal):
                nodes.add(quad.object)
    for s in second:
        for quad in q.quads_for_pattern(None, None, s, DefaultGraph()):
            if quad.predicate.value in seq_first:
                nodes.add(quad.subject)
    if any(isinstance(n, BlankNode) for n in nodes):
        return None
    return nodes


_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"


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
