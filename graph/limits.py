"""Memory and time limits for user queries: each runs in a child process that can be stopped.

oxigraph cannot cancel a running evaluation, and one small query can take
every byte or every second there is: nested CONCATs double a string at each
step, a cartesian product enumerates billions of rows, a property path
walks the whole graph. So a user query (or update) runs in a child process
with an address-space limit (RLIMIT_AS: the child's size when it starts plus
a budget) and a deadline. Past the deadline the parent kills it; out of
memory it dies alone (Rust aborts on a failed allocation, Python raises
MemoryError). The CLI then prints one line; the server answers 503 and
keeps serving, because its own process never ran the query.

Two kinds of child:

- :func:`call_forked` (the CLI) forks the current process, so the child has
  the open store or the loaded `--graph` file at no cost;
- :class:`Worker` and :class:`WorkerPool` (the server) start fresh
  interpreters (``python -m cthr.graph.limits``), because forking a
  multi-threaded server is unsafe; a worker serves many calls until it is
  killed, and a pool replaces killed workers.

A call names a module-level function ("module:function") and its arguments;
arguments, results and exceptions travel pickled between processes of this
same installation.
"""

from __future__ import annotations

import os
import pickle
import resource
import select
import signal
import struct
import sys
import time
import warnings
from dataclasses import dataclass

from .query import QueryError

__all__ = ["Limits", "LimitExceeded", "WorkersBusy", "call_forked", "Worker", "WorkerPool",
           "CLI_LIMITS", "SERVE_LIMITS"]


@dataclass(frozen=True)
class Limits:
    """How long a query may run (seconds) and how much memory it may add (MiB)."""

    timeout: float
    memory_mib: int


CLI_LIMITS = Limits(timeout=300.0, memory_mib=2048)
SERVE_LIMITS = Limits(timeout=30.0, memory_mib=1024)


class LimitExceeded(QueryError):
    """A query ran past its time limit, needed more memory than allowed, or crashed its process."""

    def __init__(self, message: str, kind: str):
        super().__init__(message)
        self.kind = kind            # "time", "memory", "depth" or "crash"


class WorkersBusy(RuntimeError):
    """Every query worker is busy."""


# ------------------------------------------------------------ in the child
def _vm_bytes() -> int:
    """This process's address space now (Linux /proc; 0 where unknown)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _limit_memory(memory_mib: int | None) -> None:
    """Cap the address space at its present size plus `memory_mib` (None: no cap of ours)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = hard if memory_mib is None else _vm_bytes() + memory_mib * 1024 * 1024
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def _limit_cpu(seconds: float) -> None:
    """A backstop should the parent die: the kernel stops this process after `seconds` more CPU time."""
    soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    used = resource.getrusage(resource.RUSAGE_SELF)
    cap = int(used.ru_utime + used.ru_stime + seconds) + 1
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (cap, hard))


def _outcome(fn, args) -> bytes:
    """Run fn(*args) and pickle ("ok", value) / ("error", exception) / ("memory", None)."""
    try:
        result = ("ok", fn(*args))
    except MemoryError:
        result = ("memory", None)
    except BaseException as exc:             # noqa: BLE001 - handed back to the parent
        result = ("error", exc)
    try:
        return pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:
        return pickle.dumps(("memory", None))
    except Exception as exc:                 # an exception that does not pickle
        return pickle.dumps(("error", RuntimeError(f"{type(result[1]).__name__}: {result[1]}"
                                                   if result[0] == "error" else str(exc))))


def _resolve(name: str):
    import importlib

    module, _, attr = name.partition(":")
    return getattr(importlib.import_module(module), attr)


# ----------------------------------------------------------- in the parent
def _describe_death(status: int | None, stderr: bytes, limits: Limits, what: str) -> LimitExceeded:
    text = stderr.decode("utf-8", "replace")
    if "memory allocation" in text or "MemoryError" in text or "Cannot allocate memory" in text:
        return LimitExceeded(f"the {what} needed more memory than its limit of {limits.memory_mib} MiB "
                             "(raise it with --max-memory, or narrow the query)", "memory")
    if "overflowed its stack" in text or (status is not None and -status == signal.SIGSEGV):
        return LimitExceeded(f"the {what} is nested too deeply to evaluate", "depth")
    sig = -status if status is not None and status < 0 else None
    how = f"signal {signal.Signals(sig).name}" if sig else f"exit status {status}"
    return LimitExceeded(f"the {what} stopped its worker process ({how})", "crash")


def _timeout(limits: Limits, what: str) -> LimitExceeded:
    return LimitExceeded(f"the {what} ran past its time limit of {limits.timeout:g} s "
                         "(raise it with --timeout, or narrow the query; add LIMIT)", "time")


def _unpack(data: bytes, limits: Limits, what: str):
    kind, value = pickle.loads(data)
    if kind == "ok":
        return value
    if kind == "memory":
        raise _describe_death(None, b"MemoryError", limits, what)
    raise value


def call_forked(fn, *args, limits: Limits, what: str = "query"):
    """fn(*args) in a forked child under `limits`; its result, its exception, or LimitExceeded.

    For a single-threaded caller (the CLI). The child's stderr is captured,
    so a Rust abort message never reaches the user's terminal.
    """
    rd, wr = os.pipe()
    erd, ewr = os.pipe()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)     # "multi-threaded fork": see module doc
        pid = os.fork()
    if pid == 0:                                                # the child
        code = 0
        try:
            os.close(rd)
            os.close(erd)
            os.dup2(ewr, 2)
            _limit_memory(limits.memory_mib)
            _limit_cpu(limits.timeout + 5)
            data = _outcome(fn, args)
            view = memoryview(data)
            while view:
                view = view[os.write(wr, view):]
        except BaseException:                                   # noqa: BLE001
            code = 70
        finally:
            os._exit(code)
    os.close(wr)
    os.close(ewr)
    chunks, errs = [], []
    deadline = time.monotonic() + limits.timeout
    open_fds = {rd: chunks, erd: errs}
    # poll, not select: a process with a big store open can hold descriptors past FD_SETSIZE.
    poller = select.poll()
    for fd in open_fds:
        poller.register(fd, select.POLLIN)
    try:
        while open_fds:
            left = deadline - time.monotonic()
            if left <= 0:
                raise _timeout(limits, what)
            for fd, _ in poller.poll(max(1, int(left * 1000))):
                block = os.read(fd, 1 << 20)
                if block:
                    if open_fds[fd] is chunks or sum(map(len, errs)) < 65536:
                        open_fds[fd].append(block)
                else:
                    poller.unregister(fd)
                    del open_fds[fd]
    except BaseException:
        # Past the deadline, or the caller was interrupted (Ctrl-C): the child must not outlive it.
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        raise
    finally:
        os.close(rd)
        os.close(erd)
    _, raw = os.waitpid(pid, 0)
    status = os.waitstatus_to_exitcode(raw)
    if status != 0 or not chunks:
        raise _describe_death(status, b"".join(errs), limits, what)
    return _unpack(b"".join(chunks), limits, what)


# ------------------------------------------------------------------ workers
_HEADER = struct.Struct(">Q")


def _read_exact(fd: int, n: int, deadline: float | None) -> bytes | None:
    parts, need = [], n
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    while need:
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0 or not poller.poll(max(1, int(left * 1000))):
                raise TimeoutError
        block = os.read(fd, min(need, 1 << 20))
        if not block:
            return None
        parts.append(block)
        need -= len(block)
    return b"".join(parts)


def _write_frame(fd: int, data: bytes) -> None:
    view = memoryview(_HEADER.pack(len(data)) + data)
    while view:
        view = view[os.write(fd, view):]


def _read_frame(fd: int, deadline: float | None = None) -> bytes | None:
    head = _read_exact(fd, _HEADER.size, deadline)
    if head is None:
        return None
    return _read_exact(fd, _HEADER.unpack(head)[0], deadline)


class Worker:
    """One worker process (a fresh interpreter) that runs calls one at a time under `limits`."""

    def __init__(self, limits: Limits, prepare: tuple | None = None):
        """Start the worker; `prepare` = (name, args) is a first call made without the memory limit.

        Use it to open the graph, so its cost is not charged to the first query.
        """
        # Imported here: the CLI's forked queries (most commands) never start a worker.
        import subprocess
        import tempfile

        self.limits = limits
        self.stderr = tempfile.TemporaryFile()
        self.proc = subprocess.Popen([sys.executable, "-m", "cthr.graph.limits"],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.stderr,
                                     close_fds=True)
        if prepare:
            try:
                self.call(prepare[0], *prepare[1], what="start of a worker", timeout=max(limits.timeout, 60.0),
                          unlimited=True)
            except BaseException:
                self.kill()
                raise

    def call(self, name: str, *args, what: str = "query", timeout: float | None = None, unlimited: bool = False):
        """Run the function `name` ("module:function") on `args` in the worker; LimitExceeded if it dies."""
        limit = self.limits.timeout if timeout is None else timeout
        deadline = time.monotonic() + limit if limit != float("inf") else None
        budget = None if unlimited else self.limits.memory_mib
        try:
            _write_frame(self.proc.stdin.fileno(), pickle.dumps((name, args, limit, budget)))
            data = _read_frame(self.proc.stdout.fileno(), deadline)
        except TimeoutError:
            self.kill()
            raise _timeout(Limits(limit, self.limits.memory_mib), what) from None
        except (BrokenPipeError, OSError):
            data = None
        if data is None:
            status = self._stop()
            self.stderr.seek(0)
            text = self.stderr.read()[-65536:]
            self.kill()
            raise _describe_death(status, text, self.limits, what)
        return _unpack(data, self.limits, what)

    def _stop(self) -> int | None:
        import subprocess

        if self.proc.poll() is None:
            self.proc.kill()
        try:
            return self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:    # pragma: no cover - SIGKILL does not wait
            return None

    def kill(self) -> int | None:
        """Stop the worker (SIGKILL) and close its pipes; its exit status."""
        status = self._stop()
        for stream in (self.proc.stdin, self.proc.stdout, self.stderr):
            try:
                stream.close()
            except OSError:
                pass
        return status

    @property
    def alive(self) -> bool:
        return self.proc.poll() is None


class WorkerPool:
    """At most `size` workers at once; a call waits up to `queue_wait` seconds for a free one."""

    def __init__(self, size: int, limits: Limits, queue_wait: float = 5.0, prepare: tuple | None = None):
        import threading

        self.limits = limits
        self.queue_wait = queue_wait
        self.prepare = prepare
        self._slots = threading.BoundedSemaphore(size)
        self._idle: list[Worker] = []
        self._guard = threading.Lock()
        self._closed = False

    def start(self, n: int) -> None:
        """Start `n` workers now, so the first queries do not wait for an interpreter to start."""
        with self._guard:
            self._idle.extend(Worker(self.limits, self.prepare) for _ in range(n))

    def call(self, name: str, *args, what: str = "query"):
        if not self._slots.acquire(timeout=self.queue_wait):
            raise WorkersBusy("the server is busy with other queries; try again shortly")
        try:
            with self._guard:
                worker = self._idle.pop() if self._idle else None
            if worker is None or not worker.alive:
                worker = Worker(self.limits, self.prepare)
            try:
                result = worker.call(name, *args, what=what)
            except LimitExceeded:
                raise                       # the worker is gone; the next call starts another
            except BaseException:
                self._keep(worker)
                raise
            self._keep(worker)
            return result
        finally:
            self._slots.release()

    def _keep(self, worker: Worker) -> None:
        with self._guard:
            if self._closed or not worker.alive:
                worker.kill()
            else:
                self._idle.append(worker)

    def close(self) -> None:
        with self._guard:
            self._closed = True
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.kill()


def _worker_main() -> None:
    """The worker's loop: read a call, run it, write the outcome; end when the parent closes stdin."""
    # The protocol owns the real stdout; anything a library prints goes to stderr.
    import importlib
    import tempfile

    channel = os.dup(1)
    os.dup2(2, 1)
    # What every call needs is set up before any limit, so the budget is the call's own:
    # the modules, and RocksDB's environment (its thread pools reserve ~340 MB of address
    # space, once per process), started by opening and dropping a throwaway store.
    importlib.import_module("cthr.graph.sparql_results")
    from pyoxigraph import Store

    with tempfile.TemporaryDirectory(prefix="cthr-worker-") as tmp:
        Store(tmp)
    signal.signal(signal.SIGINT, signal.SIG_IGN)        # Ctrl-C on the server's terminal: the server decides
    while True:
        frame = _read_frame(0)
        if frame is None:
            return
        name, args, timeout, budget = pickle.loads(frame)
        # Relative to now, so a store an earlier call opened (and keeps) is not charged again.
        _limit_memory(budget)
        if timeout != float("inf"):
            _limit_cpu(timeout + 5)
        try:
            fn = _resolve(name)
        except (ImportError, AttributeError) as exc:
            _write_frame(channel, pickle.dumps(("error", RuntimeError(f"no function {name}: {exc}"))))
            continue
        _write_frame(channel, _outcome(fn, args))


if __name__ == "__main__":
    _worker_main()
