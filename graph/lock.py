"""One writer at a time per store folder: an advisory lock on a file beside the store.

Every command that changes a store (`cthr build`, `cthr remove`, a SPARQL
update from `cthr query --allow-update` or `cthr serve --allow-update`)
holds this lock from before it reads the store until the new store is in
place. Two writers that each copied the store, changed their copy and swapped
it in would lose one of the changes, or worse, remove each other's staging
folder half-way (the corrupted stores of issue 13).

The lock is ``flock(2)`` on ``<parent>/<store name>.lock``: beside the store,
not inside it, because a write ends by replacing the store folder itself.
The kernel drops the lock when its holder exits, even by SIGKILL, so a lock
is never stale and the file can stay. Its content names the holder (pid,
command line, since when) for the one-line message a second writer gets.
"""

from __future__ import annotations

import functools
import json
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

try:
    import fcntl
except ImportError:                      # pragma: no cover - Windows: byte-range locks instead
    fcntl = None
    import msvcrt

__all__ = ["StoreBusy", "store_lock", "lock_path", "holder", "holds_store_lock", "FOREVER"]

FOREVER = float("inf")
_POLL = 0.05


class StoreBusy(RuntimeError):
    """Another process holds the store's lock (the message names it)."""


def lock_path(store: str | Path) -> Path:
    """The lock file of a store folder: `cthr-store` -> `cthr-store.lock` beside it."""
    store = Path(store).absolute()
    return store.with_name(store.name + ".lock")


# Within one process the lock is re-entrant per thread (the CLI may take it
# around a library call that takes it again); other threads wait as another
# process would.
_registry_guard = threading.Lock()
_held: dict[str, list] = {}          # lock path -> [fd, depth, RLock]


def _rlock(key: str) -> threading.RLock:
    with _registry_guard:
        entry = _held.setdefault(key, [None, 0, threading.RLock()])
        return entry[2]


def _try_os_lock(fd: int) -> bool:
    """Take the OS lock on `fd` without blocking; False if another process holds it."""
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        else:                            # pragma: no cover
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    except (BlockingIOError, PermissionError):
        return False
    return True


def holder(store: str | Path) -> dict | None:
    """What the lock file says about its current holder, or None (no holder, or not yet written)."""
    # The holder writes its line just after taking the lock (and empties it when it
    # lets go), so an empty file means "being written": on a loaded machine that
    # gap can last well over 100 ms.
    for _ in range(50):
        try:
            text = lock_path(store).read_text(encoding="utf-8")
        except OSError:
            return None
        if text.strip():
            try:
                info = json.loads(text)
                return info if isinstance(info, dict) else None
            except ValueError:
                pass
        time.sleep(0.02)
    return None


def _busy_message(store: Path, waited: float | None = None) -> str:
    info = holder(store) or {}
    who = f"pid {info.get('pid', '?')}"
    if info.get("command"):
        who += f": {info['command']}"
    if info.get("since"):
        who += f", since {info['since']}"
    text = f"{store} is being changed by another cthr process ({who})"
    if waited is None:
        return text
    if waited:
        return f"{text}; waited {waited:.1f} s for it; wait longer with --wait SECONDS"
    return f"{text}; try again when it has finished, or pass --wait [SECONDS]"


def _command() -> str:
    args = [Path(sys.argv[0]).name if sys.argv and sys.argv[0] else "python", *sys.argv[1:]]
    if args[0] in ("__main__.py", "-m", "-c"):
        args[0] = "cthr"
    text = " ".join(args)
    return text if len(text) <= 200 else text[:199] + "…"


@contextmanager
def store_lock(store: str | Path, wait: float = 0.0, command: str | None = None,
               on_wait: Callable[[str], None] | None = None) -> Iterator[Path]:
    """Hold the write lock of `store` for the `with` block.

    `wait` is how long to wait for another holder, in seconds (0: fail at
    once; FOREVER: no limit); then StoreBusy is raised with a one-line
    message naming the holder. `on_wait` is told once, with that message,
    when waiting starts.
    """
    path = lock_path(store)
    key = str(path)
    rlock = _rlock(key)
    start = time.monotonic()
    deadline = start + wait
    told = False
    # The same thread re-enters at once; another thread waits like another process.
    while not rlock.acquire(timeout=_POLL):
        if time.monotonic() >= deadline:
            raise StoreBusy(_busy_message(Path(store), time.monotonic() - start if wait else 0))
    try:
        entry = _held[key]
        if entry[1] == 0:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o666)
            try:
                while not _try_os_lock(fd):
                    now = time.monotonic()
                    if now >= deadline:
                        raise StoreBusy(_busy_message(Path(store), now - start if wait else 0))
                    if on_wait and not told:
                        limit = "" if wait == FOREVER else f" (up to {wait:g} s)"
                        on_wait(_busy_message(Path(store)) + f"; waiting for it{limit}")
                        told = True
                    time.sleep(min(_POLL, max(deadline - now, 0.001)))
                info = {"pid": os.getpid(), "command": command or _command(),
                        "since": datetime.now(timezone.utc).astimezone().strftime("%Y-%m-%d %H:%M:%S %z")}
                os.ftruncate(fd, 0)
                os.pwrite(fd, (json.dumps(info) + "\n").encode("utf-8"), 0)
            except BaseException:
                os.close(fd)
                raise
            entry[0] = fd
        entry[1] += 1
        try:
            yield path
        finally:
            entry[1] -= 1
            if entry[1] == 0:
                fd, entry[0] = entry[0], None
                try:
                    os.ftruncate(fd, 0)  # no stale holder line for the next writer's rivals
                finally:
                    os.close(fd)         # closing the descriptor releases the flock
    finally:
        rlock.release()


def holds_store_lock(fn):
    """Decorator: run `fn(..., store=PATH, ...)` holding the lock of PATH.

    The wrapper takes two keyword arguments of its own: `wait` (seconds, as
    :func:`store_lock`) and `on_wait`. A call with `store=None` runs unlocked.
    """
    @functools.wraps(fn)
    def wrapper(*args, wait: float = 0.0, on_wait: Callable[[str], None] | None = None, **kwargs):
        store = kwargs.get("store")
        if store is None:
            return fn(*args, **kwargs)
        with store_lock(store, wait=wait, on_wait=on_wait):
            return fn(*args, **kwargs)
    return wrapper
