"""A local SPARQL 1.1 Protocol endpoint over the graph, with a query page.

Standard library only (http.server): the endpoint is for one researcher on
their own machine, not a public service, and a web framework would add
nothing the protocol needs.

Routes:
  GET  /                    the query page (graph/templates/serve.html, .js, .css)
  GET  /catalogue           the stored queries and their parameters (JSON)
  GET|POST /sparql          SPARQL 1.1 Protocol: query (GET ?query=, POST form
                            or application/sparql-query) and, with
                            allow_update, update (POST form update= or
                            application/sparql-update)
  GET|POST /stored/NAME     a stored query with its parameters bound on the
                            server (graph.query.bind_params), then as /sparql

Safety: read-only unless allow_update (updates get 403); SERVICE and LOAD
are refused (graph.query.check_query); malformed queries get 400 with the
parser's message; the page's Content-Security-Policy lets it load nothing
from outside; requests whose Host or Origin is not this server are refused
(DNS rebinding, CSRF).

Limits: the server process never evaluates a query. Every query and update
runs in one of `workers` worker processes (graph/limits.py) under a time
limit and a memory limit; a query past either is answered 503 and its
worker is killed and replaced, so no query can take the server down. Rows
are capped at max_rows (announced in X-Cthr-Truncated). A request must
arrive, line, headers and body, within io_timeout seconds (else 408 or a
dropped connection); bodies over 16 MiB get 413, URLs over 64 KiB 414, a
bad Content-Length 400; at most 64 connections are served at once
(graph/http_limits.py). Updates change the store all or nothing under its
write lock (graph/update.py); while another cthr process holds it they get
503.
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from importlib.resources import files
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from pyoxigraph import NamedNode, RdfFormat

from .http_limits import BoundedHTTPServer, deadline_reader
from .limits import SERVE_LIMITS, LimitExceeded, Limits, WorkerPool, WorkersBusy
from .query import (QueryError, bind_params, check_query, get_query, inline_bindings, load_catalogue,
                    org_resolver, query_form)
from .sparql_results import GRAPH_TYPES, SELECT_TYPES, FORMAT_PARAM, result_kind
from .vocab import PREFIXES

DEFAULT_TIMEOUT = SERVE_LIMITS.timeout          # seconds per query or update
DEFAULT_MAX_MEMORY = SERVE_LIMITS.memory_mib    # MiB a query may add to its worker
DEFAULT_MAX_ROWS = 10_000                       # rows (or triples) per result
DEFAULT_IO_TIMEOUT = 20.0                       # seconds for a client to send its request
MAX_BODY = 16 * 1024 * 1024                     # bytes of request body
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


class HttpError(Exception):
    def __init__(self, status: int, message: str, headers: dict | None = None):
        super().__init__(message)
        self.status = status
        self.headers = headers or {}


def _one_line(exc) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= 500 else text[:499] + "…"


def _busy(exc: Exception) -> HttpError:
    return HttpError(503, _one_line(exc), {"Retry-After": "5"})


@dataclass
class Served:
    """The graph being served and the limits it is served under.

    `graph` is a GraphStore: one with a folder is served from that folder
    (and may take updates); one in memory is handed to the workers as an
    N-Quads file.
    """

    graph: object
    allow_update: bool = False
    timeout: float = DEFAULT_TIMEOUT
    max_rows: int = DEFAULT_MAX_ROWS
    workers: int = 2
    catalogue: dict = field(default_factory=dict)
    log: Callable[[str], None] = lambda m: print(m, file=sys.stderr)
    max_memory: int = DEFAULT_MAX_MEMORY
    io_timeout: float = DEFAULT_IO_TIMEOUT
    wait: float = 0.0                   # seconds an update waits for another writer's lock

    def __post_init__(self):
        self.store_path = Path(self.graph.path).absolute() if getattr(self.graph, "path", None) else None
        self._dump = None
        if self.store_path:
            self.source = ("store", str(self.store_path))
        else:
            if self.allow_update:
                raise ValueError("updates need a store folder")
            fd, self._dump = tempfile.mkstemp(prefix="cthr-serve-", suffix=".nq")
            os.close(fd)
            self.graph.store.dump(self._dump, RdfFormat.N_QUADS)
            self.source = ("nquads", self._dump)
        self.graph = None               # the workers open it themselves
        self.pool = WorkerPool(self.workers, Limits(self.timeout, self.max_memory),
                               queue_wait=min(self.timeout, 5.0),
                               prepare=("cthr.graph.sparql_results:prepare", (self.source,)))
        self.write_lock = threading.Lock()

    def close(self) -> None:
        """Stop the workers and remove the temporary N-Quads file."""
        self.pool.close()
        if self._dump:
            Path(self._dump).unlink(missing_ok=True)

    def _call(self, name: str, *args, what: str = "query"):
        try:
            return self.pool.call(name, *args, what=what)
        except (WorkersBusy, LimitExceeded) as exc:
            if isinstance(exc, LimitExceeded):
                self.log(f"{what} stopped: {exc}")
            raise _busy(exc) from None

    # -- queries ---------------------------------------------------------------
    def evaluate(self, text: str, form: str, default_graphs: list[str], named_graphs: list[str],
                 media: str) -> tuple[bytes, bool]:
        """The result of a query rendered in `media`, and whether rows were cut at max_rows."""
        try:
            for g in default_graphs + named_graphs:
                NamedNode(g)
        except ValueError as exc:
            raise HttpError(400, f"bad graph IRI in default-graph-uri/named-graph-uri: {exc}") from None
        try:
            return self._call("cthr.graph.sparql_results:evaluate", self.source, text, default_graphs,
                              named_graphs, media, self.max_rows)
        except SyntaxError as exc:
            raise HttpError(400, f"malformed query: {_one_line(exc)}") from None
        except (ValueError, OSError, RuntimeError) as exc:
            raise HttpError(400, f"the query failed: {_one_line(exc)}") from None

    def update(self, text: str) -> str:
        """Apply an update to the store (all or nothing); a one-line summary."""
        from .lock import StoreBusy

        if not self.write_lock.acquire(timeout=self.timeout):
            raise HttpError(503, "another update to this store is still running; try again", {"Retry-After": "5"})
        try:
            result = self._call("cthr.graph.update:apply_update_call", str(self.store_path), text, self.wait,
                                what="update")
        except StoreBusy as exc:
            raise _busy(exc) from None
        except SyntaxError as exc:
            raise HttpError(400, f"malformed update: {_one_line(exc)}") from None
        except (ValueError, OSError, RuntimeError) as exc:
            raise HttpError(400, _one_line(exc) if isinstance(exc, QueryError)
                            else f"the update failed: {_one_line(exc)}") from None
        finally:
            self.write_lock.release()
        return result.summary()

    def check(self, text: str, as_update: bool) -> str:
        """The form of `text`; 400 if it is not SPARQL or sent as the wrong kind, 403 if policy refuses it."""
        try:
            form = query_form(text)
        except QueryError as exc:
            raise HttpError(400, str(exc)) from None
        if form == "UPDATE" and not self.allow_update:
            raise HttpError(403, "updates are not allowed on this endpoint (read-only; start it with --allow-update)")
        if as_update != (form == "UPDATE"):
            raise HttpError(400, "update=... must hold an update" if as_update
                            else "send updates as update=... or application/sparql-update")
        try:
            check_query(text, allow_network=False, allow_update=self.allow_update)
        except QueryError as exc:
            # The CLI's hint (--allow-network) does not apply here: keep the reason only.
            raise HttpError(403, str(exc).split(";")[0] + "; this endpoint refuses it") from None
        return form

    def stored_text(self, name: str, given: dict[str, str]) -> str:
        try:
            stored = get_query(name, self.catalogue)
            lookup = None
            if any(p.type == "org" for p in stored.params):
                def runner(text, bindings):
                    return self._call("cthr.graph.sparql_results:run_rows", self.source, text, bindings)
                lookup = org_resolver(runner, self.catalogue)
            return inline_bindings(stored.text, bind_params(stored, given, lookup))
        except QueryError as exc:
            raise HttpError(404 if "no stored query" in str(exc) else 400, _one_line(exc)) from None


def negotiate(kind: str, accept: str, fmt: str | None) -> str:
    """The media type to answer with, from a format= parameter or the Accept header."""
    offered = list(GRAPH_TYPES) if kind == "graph" else list(SELECT_TYPES)
    if fmt:
        media = FORMAT_PARAM.get(fmt.lower(), fmt.lower())
        if media in offered:
            return media
    wanted = []
    for k, part in enumerate(accept.split(",")):
        media, *opts = [b.strip().lower() for b in part.split(";")]
        q = next((o[2:] for o in opts if o.startswith("q=")), "1")
        try:
            weight = float(q)
        except ValueError:
            weight = 0.0
        if media and weight > 0:
            wanted.append((-weight, k, media))
    if not wanted:
        return offered[0]
    for _, _, media in sorted(wanted):
        if media in offered:
            return media
        family = media[:-1] if media.endswith("/*") else None          # "text/" or "*/" .. "*/*"
        match = [o for o in offered if media == "*/*" or family and o.startswith(family)]
        if match:
            return match[0]
    raise HttpError(406, f"cannot answer in {accept!r}; offered: {', '.join(offered)}")


# ----------------------------------------------------------------- handler
class Handler(BaseHTTPRequestHandler):
    server_version = "cthr-serve"
    served: Served                       # set on the subclass made by make_server

    def setup(self):
        super().setup()
        # One deadline for the whole request (line, headers, body): see graph/http_limits.py.
        plain, self.rfile = self.rfile, deadline_reader(self.connection, self.served.io_timeout)
        plain.close()

    def log_request(self, code="-", size="-"):
        # The path only: a GET query string holds the query text, which need not fill the log.
        # (No path at all when the request line was refused, e.g. as too long.)
        path = urlsplit(getattr(self, "path", "") or "").path
        self.served.log(f"{self.address_string()} {getattr(self, 'command', '') or '-'} {path[:200]} {code}")

    def log_message(self, fmt, *args):
        self.served.log(f"{self.address_string()} {_one_line(fmt % args)}")

    # -- plumbing ------------------------------------------------------------
    def _send(self, status: int, body: bytes, ctype: str, extra: dict | None = None) -> None:
        self.connection.settimeout(self.served.io_timeout)      # writing is not bound by the read deadline
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, status: int, message: str, extra: dict | None = None) -> None:
        if status in (400, 408, 411, 413):
            self.close_connection = True         # the rest of the body, if any, is not read
        self._send(status, (_one_line(message) + "\n").encode("utf-8"), "text/plain; charset=utf-8", extra)

    def _guard(self) -> None:
        """Refuse requests addressed to another host name or sent from another site's page."""
        host = self.headers.get("Host", "")
        bound = self.server.server_address[0]
        if bound in ("127.0.0.1", "::1", "localhost"):
            name = re.sub(r":\d+$", "", host).lower()
            if name not in LOOPBACK:
                raise HttpError(403, f"this endpoint answers only requests to localhost, not {name!r}")
        origin = self.headers.get("Origin")
        if origin is not None and origin != f"http://{host}":
            raise HttpError(403, "cross-site requests are not accepted")

    def _body_length(self) -> int:
        if self.headers.get("Transfer-Encoding"):
            raise HttpError(411, "chunked request bodies are not accepted; send a Content-Length")
        raw = self.headers.get_all("Content-Length") or []
        if len(set(v.strip() for v in raw)) > 1:
            raise HttpError(400, "conflicting Content-Length headers")
        value = raw[0].strip() if raw else "0"
        if not re.fullmatch(r"[0-9]{1,12}", value or "0"):
            raise HttpError(400, f"bad Content-Length {value[:40]!r}: expected a number of bytes")
        length = int(value or 0)
        if length > MAX_BODY:
            raise HttpError(413, f"request body over {MAX_BODY // (1024 * 1024)} MiB")
        return length

    def _params(self) -> tuple[dict[str, list[str]], str | None, str | None]:
        """Form/query-string parameters, and a direct query or update body."""
        parts = urlsplit(self.path)
        params = parse_qs(parts.query, keep_blank_values=True)
        direct_query = direct_update = None
        if self.command == "POST":
            length = self._body_length()
            try:
                body = self.rfile.read(length) if length else b""
            except (TimeoutError, OSError):
                raise HttpError(408, f"the request body did not arrive within {self.served.io_timeout:g} s") from None
            if len(body) < length:
                raise HttpError(400, f"the request body ended after {len(body)} of {length} bytes")
            ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError:
                raise HttpError(400, "the request body is not UTF-8") from None
            if ctype == "application/x-www-form-urlencoded":
                for k, v in parse_qs(text, keep_blank_values=True).items():
                    params.setdefault(k, []).extend(v)
            elif ctype == "application/sparql-query":
                direct_query = text
            elif ctype == "application/sparql-update":
                direct_update = text
            elif body:
                raise HttpError(415, f"unsupported Content-Type {ctype[:80]!r}; use a form, "
                                     "application/sparql-query or application/sparql-update")
        return params, direct_query, direct_update

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        self._dispatch()

    def do_POST(self):
        self._dispatch()

    def _dispatch(self) -> None:
        try:
            self._guard()
            path = urlsplit(self.path).path
            if path in ("/", "/index.html") and self.command in ("GET", "HEAD"):
                self._static("serve.html")
            elif path in ("/serve.js", "/serve.css") and self.command in ("GET", "HEAD"):
                self._static(path[1:])
            elif path == "/catalogue":
                self._catalogue()
            elif path == "/sparql":
                self._sparql(None)
            elif path.startswith("/stored/"):
                self._sparql(unquote(path[len("/stored/"):]))
            else:
                raise HttpError(404, f"nothing at {path[:200]}; the endpoint is /sparql")
        except HttpError as exc:
            self._error(exc.status, str(exc), exc.headers)
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            self.close_connection = True
        except Exception as exc:                 # noqa: BLE001 - a bug must not stop the server
            self.served.log(f"internal error: {type(exc).__name__}: {_one_line(exc)}")
            self._error(500, f"internal error ({type(exc).__name__}); see the server log")

    # -- routes ----------------------------------------------------------------
    def _static(self, name: str) -> None:
        body = (files("cthr.graph") / "templates" / name).read_bytes()
        ctype = {"html": "text/html", "js": "text/javascript", "css": "text/css"}[name.rsplit(".", 1)[1]]
        self._send(200, body, ctype + "; charset=utf-8", {
            # Nothing from outside: scripts, styles and fetches from this server only.
            "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; "
                                       "connect-src 'self'; img-src 'self' data:; form-action 'self'; "
                                       "base-uri 'none'; frame-ancestors 'none'",
            "Referrer-Policy": "no-referrer"})

    def _catalogue(self) -> None:
        items = [{"name": q.name, "title": q.title, "description": q.description, "text": q.text,
                  "example": q.example_params(),
                  "params": [{"name": p.name, "type": p.type, "default": p.default, "optional": p.optional,
                              "required": p.required, "help": p.help} for p in q.params]}
                 for q in self.served.catalogue.values()]
        self._send(200, json.dumps({"queries": items, "update": self.served.allow_update,
                                    "maxRows": self.served.max_rows, "prefixes": PREFIXES}, ensure_ascii=False).encode("utf-8"),
                   "application/json")

    def _sparql(self, stored: str | None) -> None:
        if self.command not in ("GET", "POST", "HEAD"):
            raise HttpError(405, "use GET or POST")
        params, direct_query, direct_update = self._params()
        one = {k: v[-1] for k, v in params.items()}
        if stored is not None:
            given = {k: v for k, v in one.items() if k not in ("format", "output")}
            text, update = self.served.stored_text(stored, given), None
        else:
            text = direct_query if direct_query is not None else one.get("query")
            update = direct_update if direct_update is not None else one.get("update")
            if "query" in params and len(params["query"]) > 1 or "update" in params and len(params["update"]) > 1:
                raise HttpError(400, "give exactly one query or update")
            if text is not None and update is not None:
                raise HttpError(400, "give either query or update, not both")
        if update is not None:
            if self.command != "POST":
                raise HttpError(405, "updates must be sent with POST")
            self.served.check(update, as_update=True)
            summary = self.served.update(update)
            self._send(200, f"update applied: {summary}\n".encode("utf-8"), "text/plain; charset=utf-8")
            return
        if not text or not text.strip():
            raise HttpError(400, "no query: pass query=... (GET or POST form) or POST application/sparql-query")
        form = self.served.check(text, as_update=False)
        kind = result_kind(form)
        # Negotiated before the query runs: a 406 costs nothing.
        media = negotiate(kind, self.headers.get("Accept", "*/*"), one.get("format") or one.get("output"))
        body, truncated = self.served.evaluate(text, form, params.get("default-graph-uri", []),
                                               params.get("named-graph-uri", []), media)
        extra = {}
        if truncated:
            # The cap is announced, never silent: clients and the page read this header.
            extra["X-Cthr-Truncated"] = str(self.served.max_rows)
        ctype = media + ("; charset=utf-8" if media.startswith("text/") or "json" in media else "")
        self._send(200, body, ctype, extra)


def make_server(graph, host: str = "127.0.0.1", port: int = 8000, *, allow_update: bool = False,
                timeout: float = DEFAULT_TIMEOUT, max_rows: int = DEFAULT_MAX_ROWS, workers: int = 2,
                max_memory: int = DEFAULT_MAX_MEMORY, io_timeout: float = DEFAULT_IO_TIMEOUT, wait: float = 0.0,
                catalogue: dict | None = None, log: Callable[[str], None] | None = None) -> BoundedHTTPServer:
    """An HTTP server serving `graph` (not started; call serve_forever(), then server.served.close())."""
    served = Served(graph, allow_update, timeout, max_rows, workers,
                    load_catalogue() if catalogue is None else catalogue,
                    max_memory=max_memory, io_timeout=io_timeout, wait=wait)
    if log is not None:
        served.log = log
    handler = type("CthrHandler", (Handler,), {"served": served})
    try:
        server = BoundedHTTPServer((host, port), handler)
    except OSError:
        served.close()
        raise
    server.served = served
    served.pool.start(1)                # one warm worker: the first query need not wait for it
    return server


__all__ = ["make_server", "Served", "negotiate", "DEFAULT_TIMEOUT", "DEFAULT_MAX_ROWS", "DEFAULT_MAX_MEMORY"]
