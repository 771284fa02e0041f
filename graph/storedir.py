"""The store folder on disk: copy-on-write changes, an atomic swap, recovery, and a check at open.

A store folder in use is never changed in place. A writer, holding the
folder's lock (graph/lock.py), copies it to `<store>.staging` (a RocksDB
checkpoint: hard links, so cheap), changes the copy, re-derives the union
default graph and the inferred graph in the copy, writes a mark into it, and
only then swaps it in. So a reader opens either the previous store or the
next one, each whole, and a crash (even SIGKILL) at any point leaves the
previous store as it was: the copy is just a folder the next writer removes.

The swap exchanges the two folders in one `renameat2(RENAME_EXCHANGE)` call
where Linux offers it; elsewhere it is two renames, and a crash between
them leaves `<store>.old`, which the next command holding the lock puts back.

Two marks in a store folder say its derived graphs were derived from its
named graphs: VALIDATED_MARK (written by `cthr build`, which also checked
the shapes; it records a fingerprint for incremental validation) or
DERIVED_MARK (written by `cthr remove` and by SPARQL updates). A store with
neither (written by an older cthr, or by another tool) is checked when it
is opened and repaired, under the lock, if its derived graphs disagree.
"""

from __future__ import annotations

import gc
import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from cthr.loaders.errors import LoadError

from .lock import StoreBusy, store_lock
from .store import GraphStore, atomic_write

__all__ = ["VALIDATED_MARK", "DERIVED_MARK", "write_transaction", "open_store", "swap_in", "seal",
           "backup_store", "recover_store", "check_store_folder", "is_derived", "staging_path",
           "StoreInconsistent"]

# A file inside the store folder recording that the store's content passed the
# shapes (its quad count and sources' hashes): only then may the next build
# validate just what changed. Anything that changes the store another way
# (`cthr remove`, SPARQL updates) makes a new folder without it.
VALIDATED_MARK = "cthr-validated.json"
# The store's union and inferred graphs were derived from its named graphs.
DERIVED_MARK = "cthr-derived.json"


class StoreInconsistent(RuntimeError):
    """The store's derived graphs disagree with its named graphs and it could not be repaired now."""


def staging_path(store: Path) -> Path:
    return store.with_name(store.name + ".staging")


def _old_path(store: Path) -> Path:
    return store.with_name(store.name + ".old")


def is_derived(store: Path) -> bool:
    """True if a cthr writer left its mark: the derived graphs follow the named graphs."""
    return (store / VALIDATED_MARK).is_file() or (store / DERIVED_MARK).is_file()


def _flushed(store: Path) -> bool:
    try:
        return json.loads((store / DERIVED_MARK).read_text(encoding="utf-8")).get("flushed") is True
    except (OSError, ValueError, AttributeError):
        return False


def seal(graph: GraphStore, folder: Path, by: str) -> None:
    """Finish a store copy before it is swapped in: every write flushed to its tables, and the mark.

    A read-only checkpoint (backup_store) copies only flushed tables, not the
    write-ahead log, so a copy that is not flushed would lose writes later.
    """
    graph.store.flush()
    atomic_write(folder / DERIVED_MARK, json.dumps({"by": by, "flushed": True, "written": time.time()},
                                                   sort_keys=True).encode())


def backup_store(current: Path, dest: Path) -> None:
    """Copy the store folder `current` to `dest` (a RocksDB checkpoint: hard links), all of it."""
    if _flushed(current):
        GraphStore.read_only(current).store.backup(str(dest))      # leaves `current` untouched
    else:
        # Written by an older cthr or another tool: writes may sit only in the log, which a
        # read-only checkpoint leaves out. A writable open replays them (once: ours are sealed).
        from pyoxigraph import Store

        Store(str(current)).backup(str(dest))


# ------------------------------------------------------------------- swap
def _rmtree(path: Path, ignore_errors: bool = True) -> None:
    import shutil                   # writers only: a reading command never imports it

    shutil.rmtree(path, ignore_errors=ignore_errors)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux renameat2); False where that is not available."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes                   # only writers swap: readers skip the import
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    errno = ctypes.get_errno()
    if errno in (22, 38, 95):           # EINVAL, ENOSYS, EOPNOTSUPP: this file system cannot
        return False
    raise OSError(errno, os.strerror(errno), str(b))


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def swap_in(new: Path, current: Path) -> None:
    """Make the folder `new` the store at `current` and remove the previous one (hold the lock)."""
    if current.exists() and _exchange(new, current):
        _fsync_dir(current.parent)
        _rmtree(new, ignore_errors=True)          # `new` now names the previous store
        return
    old = _old_path(current)
    _rmtree(old, ignore_errors=True)
    if current.exists():
        current.rename(old)
    new.rename(current)
    _fsync_dir(current.parent)
    _rmtree(old, ignore_errors=True)


def recover_store(path: Path) -> None:
    """Put back a store a crash left half-swapped, and drop a dead writer's copy (hold the lock)."""
    old = _old_path(path)
    if not path.exists() and (old / "CURRENT").is_file():
        old.rename(path)
    if path.exists():
        _rmtree(old, ignore_errors=True)
    _rmtree(staging_path(path), ignore_errors=True)


def check_store_folder(path: Path) -> None:
    """Refuse a folder that is not a store; recover one a crash left half-swapped (hold the lock)."""
    recover_store(path)
    if path.is_dir() and any(path.iterdir()) and not (path / "CURRENT").is_file():
        raise LoadError(str(path), None, "is not a cthr store (it has other files); choose another --store folder")


# ---------------------------------------------------------- transactions
@dataclass
class Transaction:
    """A write in progress: `graph` is the writable copy, `previous` the store as it was (read-only)."""

    store: Path
    graph: GraphStore | None
    previous: GraphStore | None
    cancelled: bool = False

    def cancel(self) -> None:
        """Leave the store as it was (the copy is removed)."""
        self.cancelled = True


def _mark(folder: Path, mark: str, **info) -> None:
    atomic_write(folder / mark, json.dumps({"written": time.time(), **info}, sort_keys=True).encode())


def _carry_marks(store: Path, copy: Path) -> None:
    """Copy the files writers keep beside the database (`cthr-*.json`), which a checkpoint leaves out.

    Not the validation mark (a change voids it: the next build validates all)
    nor the derived mark (the transaction writes its own).
    """
    for path in store.glob("cthr-*.json"):
        if path.name not in (VALIDATED_MARK, DERIVED_MARK):
            import shutil

            shutil.copy2(path, copy / path.name)


@contextmanager
def write_transaction(store: str | Path, *, wait: float = 0.0, command: str | None = None,
                      on_wait: Callable[[str], None] | None = None) -> Iterator[Transaction]:
    """Change the store at `store` all or nothing, holding its lock.

    Yields a Transaction whose `graph` is a writable copy of the store, with
    its derived graphs already repaired if the store had no mark. When the
    block ends normally (and was not cancelled) the copy is marked derived
    and swapped in; if it raises, the copy is removed and the store is as it
    was. The block must re-derive what it changes (refresh_inferences).
    """
    store = Path(store)
    with store_lock(store, wait=wait, command=command, on_wait=on_wait):
        check_store_folder(store)
        if not (store / "CURRENT").is_file():
            raise LoadError(str(store), None, "no graph store here: run `cthr build` first")
        staging = staging_path(store)
        backup_store(store, staging)
        _carry_marks(store, staging)
        previous = GraphStore.read_only(store)
        tx = Transaction(store, GraphStore(staging), previous)
        ok = False
        try:
            if not is_derived(store):
                tx.graph.repair()
            yield tx
            ok = not tx.cancelled
            if ok:
                seal(tx.graph, staging, command or "cthr")
        finally:
            # Close both stores (pyoxigraph closes on release) before the folders move.
            tx.graph = tx.previous = None
            del previous
            gc.collect()
            if ok:
                swap_in(staging, store)
            else:
                _rmtree(staging, ignore_errors=True)


# ----------------------------------------------------------------- readers
def _open_once(path: Path) -> GraphStore:
    """Open read-only; if a writer swapped the folder while RocksDB was opening it, open again."""
    for attempt in range(5):
        before = path.stat().st_ino
        try:
            graph = GraphStore.read_only(path)
        except (OSError, RuntimeError):
            if attempt == 4 or not path.exists() or path.stat().st_ino == before:
                raise
            continue
        if path.stat().st_ino == before:
            return graph
        del graph
    return GraphStore.read_only(path)


def _await_swap(path: Path, limit: float = 2.0) -> None:
    """A store missing beside a `.old` one: a writer between two renames, or a crash there."""
    deadline = time.monotonic() + limit
    while not path.exists() and (_old_path(path) / "CURRENT").is_file():
        if time.monotonic() >= deadline:
            with store_lock(path):            # nobody is swapping: a crash left it; put it back
                recover_store(path)
            return
        time.sleep(0.02)


def open_store(path: str | Path, *, check: bool = True,
               warn: Callable[[str], None] | None = None) -> GraphStore:
    """Open the store folder at `path` read-only, as every reading command does.

    With `check`, a store without a writer's mark has its derived graphs
    checked (a scan and one run of the rules); if they disagree with the
    named graphs it is repaired under the lock (`warn` is told why) or, if
    another process holds the lock, StoreInconsistent is raised. Raises
    OSError/RuntimeError if the folder is not a readable store.
    """
    path = Path(path)
    _await_swap(path)
    graph = _open_once(path)
    if not check or is_derived(path):
        return graph
    inode = path.stat().st_ino
    problems = graph.consistency_problems()
    if not problems:
        # Consistent (an older cthr's store): mark it so the next open skips the check.
        try:
            with store_lock(path, wait=0):
                if path.stat().st_ino == inode:
                    _mark(path, DERIVED_MARK, by="check at open", flushed=False)
        except (StoreBusy, OSError):
            pass
        return graph
    del graph
    try:
        with write_transaction(path, wait=0, command="cthr (repair at open)"):
            pass                        # the transaction repairs an unmarked store before its block
    except StoreBusy as exc:
        raise StoreInconsistent(f"{path}: {problems[0]}, and it cannot be repaired now: {exc}") from None
    except OSError as exc:
        raise StoreInconsistent(f"{path}: {problems[0]}, and repairing it failed: {exc}") from None
    if warn:
        warn(f"{path}: {problems[0]} (left by an interrupted write of an earlier cthr, or by another tool); "
             "repaired: derived again from the source graphs")
    return _open_once(path)
