"""A map over forked worker processes that Ctrl-C stops at once (the parallel loader of `cthr build --workers`).

concurrent.futures' process pool did not survive Ctrl-C: a terminal sends
SIGINT to the whole process group, every worker printed its own
KeyboardInterrupt traceback, and the pool's shutdown could wait forever on a
queue lock a dying worker held. Here the workers ignore SIGINT (the parent
decides), die with the parent (Linux PR_SET_PDEATHSIG), and share no lock:
each has its own pipe and its own share of the items, fixed when it is
forked. On any exception in the parent (KeyboardInterrupt included) every
worker is killed and reaped before the exception goes on.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import struct
import sys
import warnings
from collections.abc import Callable, Sequence

__all__ = ["fork_map"]

_HEADER = struct.Struct(">IQ")          # item index, payload length


def _die_with_parent() -> None:
    """Ask the kernel to SIGKILL this process when its parent dies (Linux; elsewhere nothing)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL), 0, 0, 0)     # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _child(fn: Callable, items: Sequence, mine: range, wr: int, parent: int) -> None:
    """The worker: fn on its share of the items, each outcome framed on `wr`. Never returns."""
    code = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        _die_with_parent()
        if os.getppid() != parent:          # the parent died before the line above
            os._exit(1)
        for i in mine:
            try:
                outcome = ("ok", fn(items[i]))
            except Exception as exc:        # noqa: BLE001 - raised again in the parent
                outcome = ("error", exc)
            try:
                data = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
            except Exception as exc:        # an exception or value that does not pickle
                data = pickle.dumps(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))
            view = memoryview(_HEADER.pack(i, len(data)) + data)
            while view:
                view = view[os.write(wr, view):]
    except BaseException:                   # noqa: BLE001 - a broken pipe: the parent is gone
        code = 70
    finally:
        os._exit(code)


def fork_map(fn: Callable, items: Sequence, workers: int, tick: Callable[[], None] = lambda: None) -> list:
    """[fn(item) for item in items] over `workers` forked processes; `tick()` after each result arrives.

    The first exception fn raised (in item order) is raised here; a worker
    that dies without finishing its share raises RuntimeError. fn, the items
    and what fn reads reach the workers by fork, so only results are pickled.
    """
    n = max(1, min(workers, len(items)))
    pids: dict[int, int] = {}               # pipe read end -> worker pid
    buffers: dict[int, bytearray] = {}
    results: dict[int, tuple] = {}
    parent = os.getpid()
    try:
        for k in range(n):
            rd, wr = os.pipe()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)     # "fork of a multi-threaded process"
                pid = os.fork()
            if pid == 0:
                os.close(rd)
                for other in pids:          # the earlier workers' pipes are not this one's business
                    os.close(other)
                _child(fn, items, range(k, len(items), n), wr, parent)
            os.close(wr)
            pids[rd], buffers[rd] = pid, bytearray()
        poller = select.poll()              # poll, not select: descriptors may be past FD_SETSIZE
        for fd in pids:
            poller.register(fd, select.POLLIN)
        open_fds = set(pids)
        while open_fds:
            for fd, _ in poller.poll():
                block = os.read(fd, 1 << 20)
                if not block:
                    poller.unregister(fd)
                    open_fds.discard(fd)
                    continue
                buf = buffers[fd]
                buf += block
                while len(buf) >= _HEADER.size:
                    i, size = _HEADER.unpack_from(buf)
                    if len(buf) < _HEADER.size + size:
                        break
                    results[i] = pickle.loads(bytes(buf[_HEADER.size:_HEADER.size + size]))
                    del buf[:_HEADER.size + size]
                    tick()
        statuses = {pid: os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) for pid in pids.values()}
        pids.clear()
    except BaseException:
        for pid in pids.values():           # Ctrl-C, or a failure here: no worker outlives the call
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        for pid in pids.values():
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass
        raise
    finally:
        for fd in buffers:
            os.close(fd)
    for i in range(len(items)):
        if i not in results:
            bad = next((s for s in statuses.values() if s), None)
            how = (f"signal {signal.Signals(-bad).name}" if bad is not None and bad < 0
                   else f"exit status {bad}")
            raise RuntimeError(f"a loader process stopped before it finished ({how})")
        kind, value = results[i]
        if kind == "error":
            raise value
    return [results[i][1] for i in range(len(items))]
