"""`cthr serve` under malformed and slow HTTP: a clear status for each, no thread left waiting, still up.

Issue 13: a GET URL over 64 KiB got no response (an AttributeError in the
handler), `Content-Length: abc` or `-5` gave 500, and a Content-Length
larger than the body left the request thread waiting forever. Each case
here is sent as raw bytes on a socket to a real server started with
`--io-timeout 2`, and after each the server must answer a normal query.
"""

from __future__ import annotations

import socket
import time

import pytest

from helpers import Server, status_line

IO_TIMEOUT = 2.0
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


@pytest.fixture(scope="module")
def server(records_build, tmp_path_factory):
    srv = Server("--store", records_build / "store", "--io-timeout", str(IO_TIMEOUT),
                 cwd=tmp_path_factory.mktemp("http-edges"))
    normal = srv.count(COUNT)
    yield srv, normal
    srv.stop()


def _post(length: str, body: bytes = b"query=ASK%7B%7D", extra: bytes = b"") -> bytes:
    return (b"POST /sparql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            b"Content-Length: " + length.encode() + b"\r\n" + extra + b"\r\n" + body)


CASES = {
    "url-over-64KiB": (b"GET /sparql?query=" + b"a" * 70_000 + b" HTTP/1.1\r\nHost: localhost\r\n\r\n", 414),
    "content-length-abc": (_post("abc"), 400),
    "content-length-negative": (_post("-5"), 400),
    "content-length-float": (_post("1e3"), 400),
    "content-length-huge": (_post("99999999999999999999"), 400),
    "content-length-over-16MiB": (_post(str(17 * 1024 * 1024)), 413),
    "content-length-twice": (_post("15", extra=b"Content-Length: 7\r\n"), 400),
    "chunked-body": (b"POST /sparql HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n"
                     b"Content-Type: application/sparql-query\r\n\r\n4\r\nASK \r\n0\r\n\r\n", 411),
    "not-http": (b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 64 + b"\r\n\r\n", 400),   # a TLS hello
    "bad-method": (b"BREW /sparql HTTP/1.1\r\nHost: localhost\r\n\r\n", 501),
    "body-not-utf8": (_post("4", body=b"\xff\xfe\xfd\xfc"), 400),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_malformed_request_gets_a_clear_status(server, case):
    srv, normal = server
    data, expected = CASES[case]
    reply, seconds = srv.raw(data, wait=10)
    # A request line that is not HTTP gets an HTTP/0.9 reply (no status line): the code is in the body.
    assert status_line(reply) == expected or f"Error code: {expected}".encode() in reply, reply[:300]
    assert seconds < IO_TIMEOUT + 3
    assert srv.alive and srv.count(COUNT) == normal


def test_a_content_length_larger_than_the_body_times_out_with_408(server):
    srv, normal = server
    reply, seconds = srv.raw(_post("100", body=b"query=ASK"), wait=IO_TIMEOUT + 10)
    assert status_line(reply) == 408, reply[:300]
    assert IO_TIMEOUT - 0.5 <= seconds < IO_TIMEOUT + 3, seconds
    assert srv.count(COUNT) == normal


def test_a_body_that_ends_early_is_400(server):
    srv, normal = server
    reply, _ = srv.raw(_post("100", body=b"query=ASK"), keep_open=False, wait=10)
    assert status_line(reply) == 400 and b"ended after" in reply, reply[:300]
    assert srv.count(COUNT) == normal


def _drip(port: int, head: bytes, drip: bytes, every: float, limit: float) -> tuple[bytes, float]:
    """Send `head`, then one byte of `drip` every `every` seconds until the server answers or closes."""
    with socket.create_connection(("127.0.0.1", port), timeout=limit) as sock:
        t0 = time.monotonic()
        sock.sendall(head)
        sock.settimeout(every)
        reply = b""
        for byte in drip:
            try:
                sock.sendall(bytes([byte]))
            except OSError:                     # the server closed the connection: that is the point
                break
            try:
                block = sock.recv(65536)
                if not block:
                    break
                reply += block
                break
            except socket.timeout:
                pass
            if time.monotonic() - t0 > limit:
                break
        return reply, time.monotonic() - t0


def test_a_slow_body_is_cut_at_the_deadline(server):
    """One byte every 0.3 s of a 60-byte body: 18 s at that pace; the server stops waiting at 2 s."""
    srv, normal = server
    reply, seconds = _drip(srv.port, _post("60", body=b""), b"query=" + b"x" * 54, 0.3, 20)
    assert status_line(reply) == 408, reply[:300]
    assert seconds < IO_TIMEOUT + 3, seconds
    assert srv.count(COUNT) == normal


def test_slow_headers_are_dropped_at_the_deadline(server):
    """A request line, then a header byte every 0.3 s (slowloris): the connection is closed at 2 s."""
    srv, normal = server
    reply, seconds = _drip(srv.port, b"GET /sparql HTTP/1.1\r\n", b"X-Slow: " + b"y" * 100, 0.3, 20)
    assert seconds < IO_TIMEOUT + 3, seconds
    assert status_line(reply) in (None, 408), reply[:300]
    assert srv.count(COUNT) == normal


def _stall(port: int, n: int) -> list[socket.socket]:
    """`n` connections that each send half a request and then nothing."""
    socks = []
    for _ in range(n):
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
        s.sendall(_post("100", body=b"query="))
        socks.append(s)
        time.sleep(0.01)                        # one at a time, as the server accepts them
    return socks


def _replies(socks: list[socket.socket], wait: float) -> list[int | None]:
    codes = []
    for s in socks:
        s.settimeout(wait)
        try:
            codes.append(status_line(s.recv(4096)))
        except (socket.timeout, OSError):
            codes.append(None)
    return codes


def test_stalled_clients_under_the_cap_do_not_delay_others(server):
    """30 stalled connections: a normal query is answered at once; each stalled one gets 408 at the deadline."""
    srv, normal = server
    socks = _stall(srv.port, 30)
    try:
        t0 = time.monotonic()
        assert srv.count(COUNT) == normal
        assert time.monotonic() - t0 < 1.5
        assert _replies(socks, IO_TIMEOUT + 3) == [408] * 30
    finally:
        for s in socks:
            s.close()


def test_stalled_clients_over_the_cap_are_refused_at_once_and_freed_at_the_deadline(server):
    """70 stalled connections, over the cap of 64: the rest get 503 at once instead of a hang, and
    the server answers again as soon as the deadline has freed the stalled threads."""
    srv, normal = server
    socks = _stall(srv.port, 70)
    try:
        assert _replies(socks[64:], 2) == [503] * 6
        def attempt() -> int | None:
            try:
                return srv.query(COUNT, timeout=5)[0]
            except OSError:                 # the 503 came, and the connection closed, before the body went
                return None
        t0 = time.monotonic()
        status = attempt()
        assert status in (200, 503, None) and time.monotonic() - t0 < 2       # an answer, not a wait
        deadline = time.monotonic() + IO_TIMEOUT + 5
        while status != 200 and time.monotonic() < deadline:
            time.sleep(0.2)
            status = attempt()
        assert status == 200 and time.monotonic() < deadline
        assert _replies(socks[:64], IO_TIMEOUT + 3) == [408] * 64
    finally:
        for s in socks:
            s.close()
    assert srv.alive and srv.count(COUNT) == normal
