"""A listener on 127.0.0.1 that records every connection, to prove that nothing is fetched.

It accepts in a thread with a short accept timeout, answers each connection
with a small HTTP reply (so a client that did connect gets content to leak),
and stops when the test ends: bounded in time and in the number of
connections it serves.
"""

from __future__ import annotations

import importlib.util
import socket
import threading
from pathlib import Path

import pytest

# pytest imports every conftest.py of this rootdir-style tree as the module
# `conftest`, the latest one winning; tests that do `from conftest import
# RECORDS` may get this one. So re-export the root conftest's constants.
_spec = importlib.util.spec_from_file_location("_cthr_root_conftest",
                                               Path(__file__).resolve().parents[1] / "conftest.py")
_root = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_root)
globals().update({k: v for k, v in vars(_root).items() if k.isupper()})

SECRET = "SECRET-PAYLOAD-7f3a"    # what the listener serves; must never reach a graph


class Listener:
    """Records the first bytes of each connection to 127.0.0.1:port (at most `limit` connections)."""

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


@pytest.fixture
def listener():
    listen = Listener()
    yield listen
    listen.close()
