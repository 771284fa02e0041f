"""Helpers shared by the test suites: paths, the query catalogue, real `cthr` processes, real HTTP.

One importable module (`from helpers import ...`) instead of helpers reached
through conftest.py files: pytest imports every conftest.py of this tree
under the one module name `conftest`, so `from conftest import X` could find
another folder's. Fixtures stay in the conftest.py files and use these.

The process helpers start the installed `cthr` in child processes (with a
timeout, so nothing hangs CI), read a store as a user's next command would,
and speak HTTP to a real `cthr serve` on 127.0.0.1, down to raw bytes on a
socket for the malformed requests.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "corpus" / "seeds"
RECORDS = ROOT / "corpus" / "records" / "seed-events.yaml"
SHARED_DEV = ROOT.parent / "shared" / "corpus" / "dev"   # optional: only where present


@lru_cache(maxsize=1)
def _catalogue() -> dict:
    from cthr.graph.query import load_catalogue

    return load_catalogue()


def __getattr__(name: str):
    # `from helpers import CATALOGUE`: the stored queries, loaded once and only by modules that ask.
    if name == "CATALOGUE":
        return _catalogue()
    raise AttributeError(name)


# The installed console script (see tests/test_serve.py for why not `-m cthr`).
CTHR = str(Path(sys.executable).with_name("cthr"))
ENV = {**os.environ, "NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "200"}
ENV.pop("CTHR_STORE", None)
GiB = 1024 ** 3


def address_space(limit: int):
    """A preexec_fn capping the child's address space (RLIMIT_AS) at `limit` bytes."""
    def apply():
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    return apply


def cli(*args, cwd: Path, timeout: float = 300, memory: int | None = None,
        env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run `cthr ARGS` to completion (bounded by `timeout`, and by `memory` bytes of address space)."""
    return subprocess.run([CTHR, *map(str, args)], cwd=cwd, env=ENV if env is None else env, capture_output=True,
                          text=True, timeout=timeout, preexec_fn=address_space(memory) if memory else None)


def start(*args, cwd: Path) -> subprocess.Popen:
    """Start `cthr ARGS` in its own session (so its whole group can be killed) without waiting."""
    return subprocess.Popen([CTHR, *map(str, args)], cwd=cwd, env=ENV, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)


def finish(proc: subprocess.Popen, timeout: float = 120) -> tuple[int, str, str]:
    """Wait for a started command: (exit code, stdout, stderr); kills its group if it overruns."""
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        kill_group(proc)
        out, err = proc.communicate(timeout=30)
        raise AssertionError(f"`{' '.join(proc.args)}` did not finish in {timeout} s; stderr: {err[-2000:]}")
    return proc.returncode, out, err


def kill_group(proc: subprocess.Popen, sig: int = signal.SIGKILL) -> None:
    """Signal the process group `proc` leads (it and the workers it started), by its id."""
    try:
        os.killpg(proc.pid, sig)
    except ProcessLookupError:
        pass


def stderr_until(proc: subprocess.Popen, needle: str, timeout: float = 60) -> str:
    """A started command's stderr lines up to the first containing `needle` (or to its end, or the timeout)."""
    import selectors

    sel = selectors.DefaultSelector()
    sel.register(proc.stderr, selectors.EVENT_READ)
    text, deadline = "", time.monotonic() + timeout
    while needle not in text and sel.select(max(deadline - time.monotonic(), 0)):
        line = proc.stderr.readline()
        if not line:
            break
        text += line
    return text


def lock_holder_pid(store: Path) -> int | None:
    """The pid the store's lock file names as its holder (None while nobody holds it)."""
    from cthr.graph.lock import lock_path

    try:
        return json.loads(lock_path(store).read_text(errors="replace"))["pid"]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _stopped(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] in "tT"
    except (OSError, IndexError):
        return False


@contextmanager
def frozen_holding(store: Path, group: int, alive: Callable[[], bool], timeout: float = 60) -> Iterator[int]:
    """Stop (SIGSTOP) the process of group `group` that holds `store`'s lock, for the block; SIGCONT after.

    A holder writes its pid into the lock file just after taking the lock and
    empties the file just before letting go, so a pid still named there once
    that process is stopped is stopped inside its write: whatever the block
    does meets the lock for certain, however slow the machine. `alive` says
    whether the writer may still take the lock. Yields the holder's pid.
    """
    deadline = time.monotonic() + timeout
    while True:
        assert alive() and time.monotonic() < deadline, "the writer never held the lock"
        pid = lock_holder_pid(store)
        try:
            ours = pid is not None and os.getpgid(pid) == group
        except ProcessLookupError:
            ours = False
        if ours:
            os.kill(pid, signal.SIGSTOP)
            try:
                while not _stopped(pid) and time.monotonic() < deadline:
                    time.sleep(0.001)
                if lock_holder_pid(store) == pid:
                    break
            except BaseException:
                os.kill(pid, signal.SIGCONT)
                raise
            os.kill(pid, signal.SIGCONT)     # it let go between the two reads: catch it next time
        time.sleep(0.002)
    try:
        yield pid
    finally:
        os.kill(pid, signal.SIGCONT)


def has_open(pid: int, path: Path) -> bool:
    """True if process `pid` or one of its children has the file `path` open (Linux /proc)."""
    target = os.path.realpath(path)
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        children = []
    for p in [str(pid), *children]:
        try:
            fds = os.listdir(f"/proc/{p}/fd")
        except OSError:
            continue
        for fd in fds:
            try:
                if os.readlink(f"/proc/{p}/fd/{fd}") == target:
                    return True
            except OSError:
                pass
    return False


def error_lines(stderr: str) -> list[str]:
    return [ln for ln in stderr.splitlines() if ln.lower().startswith("error")]


def assert_one_error(returncode: int, stderr: str, *needles: str, max_len: int = 2000) -> str:
    """A non-zero exit with exactly one `error:` line, no traceback, containing every needle."""
    assert returncode != 0, f"exit 0; stderr={stderr[-1000:]!r}"
    assert "Traceback" not in stderr, stderr[-3000:]
    errors = error_lines(stderr)
    assert len(errors) == 1, stderr[-3000:]
    for needle in needles:
        assert needle in errors[0], errors[0][:3000]
    assert len(errors[0]) <= max_len, f"error line of {len(errors[0])} characters"
    return errors[0]


def assert_one_line_error(result: subprocess.CompletedProcess, name: str, line: int | None = None) -> str:
    """assert_one_error for a finished command whose one error line names the file `name` (and `line`)."""
    error = assert_one_error(result.returncode, result.stderr, name)
    if line is not None:
        assert f"{name}:{line}" in error or f"line {line}" in error, error
    return error


def store_dump(path: Path) -> list[str]:
    """The store's content as sorted N-Quads lines, opened read-only as a reader would."""
    from pyoxigraph import Store

    store = Store.read_only(str(path))
    try:
        return sorted(str(q) for q in store)
    finally:
        del store


def consistency(path: Path) -> list[str]:
    """graph.store.GraphStore.consistency_problems of the store at `path` (empty: consistent)."""
    from cthr.graph.store import GraphStore

    return GraphStore.read_only(path).consistency_problems()


@dataclass
class Snapshot:
    turtle: bytes
    quads: list[str]


def snapshot(store: Path, turtle: Path) -> Snapshot:
    """A build's Turtle bytes and store content, to compare before and after a command."""
    return Snapshot(turtle.read_bytes(), store_dump(store))


class Server:
    """A real `cthr serve --port 0 ...` child process, in its own process group."""

    def __init__(self, *args, cwd: Path, memory: int | None = None):
        self.proc = subprocess.Popen([CTHR, "serve", "--port", "0", *map(str, args)], cwd=cwd, env=ENV,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                     start_new_session=True,
                                     preexec_fn=address_space(memory) if memory else None)
        line = _readline(self.proc, 60)
        if not line.startswith("serving "):
            self.kill()
            raise RuntimeError(f"cthr serve did not start: {line}{self.proc.stderr.read()[-2000:]}")
        self.url = line.split()[1].rstrip("/")
        self.port = int(self.url.rsplit(":", 1)[1])

    @property
    def alive(self) -> bool:
        return self.proc.poll() is None

    def request(self, path: str, data: dict | bytes | None = None, headers: dict | None = None,
                timeout: float = 60) -> tuple[int, dict, str]:
        """(status, headers, body) of one request; HTTP errors are returned, not raised."""
        body = urllib.parse.urlencode(data).encode() if isinstance(data, dict) else data
        req = urllib.request.Request(self.url + path, data=body, headers=headers or {})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                return resp.status, dict(resp.headers), resp.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.code, dict(exc.headers), exc.read().decode("utf-8")

    def query(self, sparql: str, accept: str = "text/csv", timeout: float = 60) -> tuple[int, str]:
        status, _, body = self.request("/sparql", {"query": sparql}, {"Accept": accept}, timeout)
        return status, body

    def count(self, sparql: str) -> int:
        status, body = self.query(sparql)
        assert status == 200, body
        return int(body.splitlines()[1])

    def raw(self, data: bytes, *, wait: float = 30, keep_open: bool = True) -> tuple[bytes, float]:
        """Send raw bytes, read until the server closes or `wait` passes: (reply, seconds taken)."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=wait) as sock:
            start = time.monotonic()
            sock.sendall(data)
            if not keep_open:
                sock.shutdown(socket.SHUT_WR)
            reply = b""
            while time.monotonic() - start < wait:
                try:
                    block = sock.recv(65536)
                except (socket.timeout, ConnectionResetError):
                    break
                if not block:
                    break
                reply += block
            return reply, time.monotonic() - start

    def stop(self) -> str:
        """SIGTERM, as a service manager would; returns what it wrote on stderr."""
        if self.alive:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
        return self._rest()

    def kill(self) -> None:
        kill_group(self.proc)
        self.proc.wait(timeout=20)

    def _rest(self) -> str:
        try:
            return self.proc.stderr.read()
        except (OSError, ValueError):
            return ""


def _readline(proc: subprocess.Popen, timeout: float) -> str:
    """The child's first stdout line, waiting at most `timeout` seconds."""
    import selectors

    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    if not sel.select(timeout):
        return ""
    return proc.stdout.readline()


def status_line(reply: bytes) -> int | None:
    """The status code of a raw HTTP reply, or None if there is none."""
    if not reply.startswith(b"HTTP/"):
        return None
    return int(reply.split(b" ", 2)[1])


SECRET = "SECRET-PAYLOAD-7f3a"    # what the Listener serves; must never reach a graph


class Listener:
    """Records the first bytes of each connection to 127.0.0.1:port (at most `limit` connections).

    It accepts in a thread with a short accept timeout, answers each
    connection with a small HTTP reply (so a client that did connect gets
    content to leak), and stops on close(): bounded in time and in the number
    of connections it serves. It proves that nothing is fetched.
    """

    def __init__(self, limit: int = 32):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.requests: list[bytes] = []
        self.limit = limit
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set() and len(self.requests) < self.limit:
            try:
                conn, _ = self.sock.accept()
            except (socket.timeout, OSError):
                continue
            with conn:
                conn.settimeout(1.0)
                try:
                    self.requests.append(conn.recv(4096) or b"(connected, sent nothing)")
                except OSError:
                    self.requests.append(b"(connected, read failed)")
                try:
                    body = SECRET.encode()
                    conn.sendall(b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: "
                                 + str(len(body)).encode() + b"\r\n\r\n" + body)
                except OSError:
                    pass

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self.sock.close()


def chromium(profile: Path):
    """A headless Chromium driven by selenium, with its own empty profile; skips where either is missing.

    The flags keep Chromium off the network (this machine refuses its background connections).
    """
    import pytest

    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if not binary or not driver:
        pytest.skip("headless Chromium not installed (Debian: apt-get install chromium chromium-driver)")
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install selenium)")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--window-size=1280,900", f"--user-data-dir={profile}"):
        options.add_argument(flag)
    return webdriver.Chrome(options=options, service=Service(driver))


# The query page's editor and results are YASGUI's (graph/static/yasgui/): the
# editor is a CodeMirror instance, reached through its wrapper element the way
# a paste would fill it; the results are the Yasr table plugin's DataTables table.
_EDITOR = "document.querySelector('#editor .CodeMirror').CodeMirror"


def editor_text(browser) -> str:
    """The SPARQL in the page's editor."""
    return browser.execute_script(f"return {_EDITOR}.getValue()")


def set_editor_text(browser, text: str) -> None:
    """Replace the SPARQL in the page's editor (as the reader's paste would)."""
    browser.execute_script(f"{_EDITOR}.setValue(arguments[0])", text)


def result_table(browser) -> tuple[list[str], list[list[str]]]:
    """The shown page of results: column names (without the row-number column) and cell texts."""
    from selenium.webdriver.common.by import By

    heads = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "#yasr table.dataTable thead th")][1:]
    rows = [[td.text for td in tr.find_elements(By.TAG_NAME, "td")][1:]
            for tr in browser.find_elements(By.CSS_SELECTOR, "#yasr table.dataTable tbody tr")]
    return heads, [r for r in rows if r]
