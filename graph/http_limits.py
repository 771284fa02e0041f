"""Connection-level limits for `cthr serve`: a deadline per request, a cap on connections.

http.server reads the request line, the headers and the body with blocking
socket calls. A client that sends a Content-Length larger than its body, or
that sends one byte every few seconds, would keep a thread waiting forever,
and enough of them would keep every thread. So:

- every read of a request goes through :class:`DeadlineSocket`, which gives
  each `recv` only the time left until the request's deadline; past it the
  read raises TimeoutError (the handler answers 408, or drops a request
  whose headers never came). On an HTTP/1.1 connection kept alive, each
  request gets a fresh deadline, so an idle connection is closed after the
  same time;
- :class:`BoundedHTTPServer` serves at most `max_connections` connections at
  once and answers 503 at once to the rest, so slow clients cannot starve
  the others.
"""

from __future__ import annotations

import socket
import threading
import time
from http.server import ThreadingHTTPServer

__all__ = ["DeadlineSocket", "BoundedHTTPServer", "deadline_reader"]


class DeadlineSocket:
    """The reading side of a socket, with one deadline for everything read through it."""

    def __init__(self, sock: socket.socket, seconds: float):
        self._sock = sock
        self.restart(seconds)

    def restart(self, seconds: float) -> None:
        """A new deadline, `seconds` from now (each request on a kept-alive connection gets its own)."""
        self.deadline = time.monotonic() + seconds

    def recv_into(self, buffer, nbytes: int = 0, flags: int = 0) -> int:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("the request took longer than its time limit")
        self._sock.settimeout(left)
        return self._sock.recv_into(buffer, nbytes, flags)

    def _decref_socketios(self) -> None:       # socket.SocketIO calls this when closed
        pass


def deadline_reader(sock: socket.socket | DeadlineSocket, seconds: float, bufsize: int = 65536):
    """A buffered binary reader of `sock` that stops reading `seconds` from now (or at a
    DeadlineSocket's own deadline)."""
    import io

    deadline = sock if isinstance(sock, DeadlineSocket) else DeadlineSocket(sock, seconds)
    return io.BufferedReader(socket.SocketIO(deadline, "rb"), bufsize)


_BUSY_TEXT = b"too many open connections; try again in a moment\n"
_BUSY = (b"HTTP/1.0 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nRetry-After: 5\r\n"
         b"Connection: close\r\nContent-Length: " + str(len(_BUSY_TEXT)).encode() + b"\r\n\r\n" + _BUSY_TEXT)


class BoundedHTTPServer(ThreadingHTTPServer):
    """A ThreadingHTTPServer with at most `max_connections` request threads at once."""

    daemon_threads = True
    max_connections = 64
    request_queue_size = 128        # the listen backlog: a burst of clients is accepted, then capped

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._connections = threading.BoundedSemaphore(self.max_connections)

    def process_request(self, request, client_address):
        if not self._connections.acquire(blocking=False):
            try:
                request.settimeout(1.0)
                request.sendall(_BUSY)
            except OSError:
                pass
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._connections.release()
            raise

    def process_request_thread(self, request, client_address):
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._connections.release()
