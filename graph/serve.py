"""A local SPARQL 1.1 Protocol endpoint over the graph, with a query page.

Standard library only (http.server): the endpoint is for one researcher on
their own machine, not a public service, and a web framework would add
nothing the protocol needs.

Routes:
  GET  /                    the query page (graph/templates/serve.html, .js, .css)
  GET  /static/PATH         vendored browser files, e.g. the YASGUI editor (graph/assets.py)
  GET  /catalogue           the stored queries and their parameters (JSON)
  GET|POST /sparql          SPARQL 1.1 Protocol: query (GET ?query=, POST form
                            or application/sparql-query) and, with
                            allow_update, update (POST form update= or
                            application/sparql-update); GET without a query
                            gives the service description
  GET  /id/KIND/LOCAL       the entity page of https://w3id.org/cthr/id/KIND/LOCAL:
                            HTML, or its triples as RDF (graph/entity.py)
  GET  /network             the interactive network view; its data at /network.json
                            and its scripts at /network/NAME (graph/netview.py)
  OPTIONS  *                CORS preflight, for the cors_origins sites only

Answers are negotiated (graph/conneg.py) and written by pyoxigraph's own
serialisers: SELECT/ASK as SPARQL JSON, XML, CSV or TSV; CONSTRUCT/DESCRIBE
as Turtle, N-Triples, JSON-LD or RDF/XML; 406 only when the client accepts
none of them.
  GET|POST /stored/NAME     a stored query with its parameters bound on the
                            server (graph.query.bind_params), then as /sparql;
                            limit=N&offset=M give one page, the total rows in
                            the X-Cthr-Total header (graph/paging.py)

Safety: read-only unless allow_update (updates get 403); SERVICE and LOAD
are refused (graph.query.check_query); malformed queries get 400 with the
parser's message; the page's Content-Security-Policy lets it load nothing
from outside; requests whose Host or Origin is not this server are refused
(DNS rebinding, CSRF), except an Origin listed in cors_origins, which also
gets the CORS headers that let its page read the answers.

HTTP/1.1 with keep-alive: every answer has a Content-Length, and an error
that leaves a request body unread ends the connection.

Limits: the server process never evaluates a query. Every query and update
runs in one of `workers` worker processes (graph/limits.py) under a time
limit and a memory limit; a query past either is answered 503 and its
worker is killed and replaced, so no query can take the server down. Rows
are capped at max_rows (announced in X-Cthr-Truncated). A request must
arrive, line, headers and body, within io_timeout seconds (else 408 or a
dropped connection; on a kept-alive connection each request has its own
deadline); bodies over 16 MiB get 413, URLs over 64 KiB 414, a
bad Content-Length 400; at most 64 connections are served at once
(graph/http_limits.py). Updates change the store all or nothing under its
write lock (graph/update.py); while another cthr process holds it they get
503.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from importlib.resources import files
from urllib.parse import parse_qs, unquote, urlsplit

from . import entity, netview
from .assets import MAX_AGE, asset
from .conneg import GRAPH_PARAM, GRAPH_TYPES, RESULT_PARAM, RESULT_TYPES, NotAcceptable, content_type, negotiate
from .http_limits import BoundedHTTPServer, DeadlineSocket, deadline_reader
from .query import load_catalogue
from .served import (DEFAULT_IO_TIMEOUT, DEFAULT_MAX_MEMORY, DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT, SD_PREFIXES,
                     HttpError, Served, one_line, service_description)
from .sparql_results import render_graph, result_kind
from .vocab import PREFIXES

MAX_BODY = 16 * 1024 * 1024                     # bytes of request body
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
# Nothing from outside: scripts, styles and fetches from this server only. The one hash is
# the <style> element the vendored YASGUI table's column resizer adds (graph/static/yasgui/).
YASGUI_STYLE = "'sha256-zCK2EVMoPc04mRF/g5CotUvxbJPWS+8V0b+s9ptqQIk='"
PAGE_HEADERS = {"Content-Security-Policy": "default-src 'none'; script-src 'self'; "
                                           f"style-src 'self' {YASGUI_STYLE}; "
                                           "connect-src 'self'; img-src 'self' data:; form-action 'self'; "
                                           "base-uri 'none'; frame-ancestors 'none'",
                "Referrer-Policy": "no-referrer", "Vary": "Accept"}
# Where the JSON-LD context is served (`cthr export --format jsonld --context-url BASE/context.jsonld`).
CONTEXT_PATH = "/context.jsonld"
# What a cross-origin page (--cors-origin) may send and read.
CORS_METHODS = "GET, POST, OPTIONS"
CORS_HEADERS = {"accept", "content-type"}
CORS_EXPOSE = "X-Cthr-Truncated, X-Cthr-Total, Content-Type"


def choose(offered: dict, accept: str | None, fmt: str | None = None) -> str:
    """negotiate() for a request: the format= vocabulary of `offered`, 406 when nothing fits."""
    try:
        return negotiate(offered, accept, fmt, GRAPH_PARAM if offered is GRAPH_TYPES else RESULT_PARAM)
    except NotAcceptable as exc:
        raise HttpError(406, str(exc)) from None


# ----------------------------------------------------------------- handler
class Handler(BaseHTTPRequestHandler):
    server_version = "cthr-serve"
    protocol_version = "HTTP/1.1"        # keep-alive; every answer has a Content-Length
    served: Served                       # set on the subclass made by make_server

    def setup(self):
        super().setup()
        # One deadline for the whole request (line, headers, body): see graph/http_limits.py.
        self._deadline = DeadlineSocket(self.connection, self.served.io_timeout)
        plain, self.rfile = self.rfile, deadline_reader(self._deadline, self.served.io_timeout)
        plain.close()

    def handle_one_request(self):
        # HTTP/1.1 keeps connections open: each request (and the wait for it) gets its own deadline.
        self._deadline.restart(self.served.io_timeout)
        self._body_read = False
        super().handle_one_request()

    def log_error(self, fmt, *args):
        if fmt.startswith("Request timed out") and not getattr(self, "raw_requestline", b""):
            return                  # a kept-alive connection that sent no further request: not an error
        super().log_error(fmt, *args)

    def log_request(self, code="-", size="-"):
        # The path only: a GET query string holds the query text, which need not fill the log.
        # (No path at all when the request line was refused, e.g. as too long.)
        path = urlsplit(getattr(self, "path", "") or "").path
        self.served.log(f"{self.address_string()} {getattr(self, 'command', '') or '-'} {path[:200]} {code}")

    def log_message(self, fmt, *args):
        self.served.log(f"{self.address_string()} {one_line(fmt % args)}")

    # -- plumbing ------------------------------------------------------------
    def _send(self, status: int, body: bytes, ctype: str, extra: dict | None = None) -> None:
        self.connection.settimeout(self.served.io_timeout)      # writing is not bound by the read deadline
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        extra = {"Cache-Control": "no-store", **getattr(self, "_cors", {}), **(extra or {})}
        for k, v in extra.items():
            self.send_header(k, v)
        if self.close_connection or not self._body_read and (self.headers.get("Transfer-Encoding")
                                                             or (self.headers.get("Content-Length") or "0").strip() != "0"):
            # A body left unread would be taken for the next request: end the connection instead.
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, status: int, message: str, extra: dict | None = None) -> None:
        if status in (400, 408, 411, 413):
            self.close_connection = True         # the rest of the body, if any, is not read
        self._send(status, (one_line(message) + "\n").encode("utf-8"), "text/plain; charset=utf-8", extra)

    def _guard(self) -> None:
        """Refuse requests addressed to another host name or sent from another site's page."""
        host = self.headers.get("Host", "")
        bound = self.server.server_address[0]
        if bound in ("127.0.0.1", "::1", "localhost"):
            name = re.sub(r":\d+$", "", host).lower()
            if name not in LOOPBACK:
                raise HttpError(403, f"this endpoint answers only requests to localhost, not {name!r}")
        self._cors = {}
        origin = self.headers.get("Origin")
        if origin is not None and origin in self.served.cors_origins:
            # A page the user listed with --cors-origin: it may read the answers.
            self._cors = {"Access-Control-Allow-Origin": origin, "Vary": "Origin",
                          "Access-Control-Expose-Headers": CORS_EXPOSE}
        elif origin is not None and origin != f"http://{host}":
            raise HttpError(403, "cross-site requests are not accepted" +
                            ("" if self.served.cors_origins else "; start the server with --cors-origin to allow a site"))

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
            self._body_read = True
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

    def do_OPTIONS(self):
        """A CORS preflight: answered for the --cors-origin sites only."""
        try:
            self._guard()
            if not self._cors:
                raise HttpError(403, "no cross-site requests are allowed from here" if self.headers.get("Origin")
                                else "OPTIONS is for CORS preflight requests")
            method = (self.headers.get("Access-Control-Request-Method") or "").upper()
            if method not in ("GET", "POST", "HEAD"):
                raise HttpError(403, f"cross-site {method[:20] or 'requests without a method'} not allowed; "
                                     f"use {CORS_METHODS}")
            asked = {h.strip().lower() for h in (self.headers.get("Access-Control-Request-Headers") or "").split(",")
                     if h.strip()}
            if asked - CORS_HEADERS:
                raise HttpError(403, f"cross-site headers not allowed: {', '.join(sorted(asked - CORS_HEADERS))[:200]}")
            extra = {"Access-Control-Allow-Methods": CORS_METHODS, "Access-Control-Max-Age": "600",
                     "Access-Control-Allow-Headers": ", ".join(sorted(CORS_HEADERS))}
            if self.headers.get("Access-Control-Request-Private-Network") == "true":
                extra["Access-Control-Allow-Private-Network"] = "true"     # a public page calling localhost
            self._send(204, b"", "text/plain; charset=utf-8", extra)
        except HttpError as exc:
            self._cors = {}                 # a refused preflight grants nothing
            self._error(exc.status, str(exc), exc.headers)

    def _dispatch(self) -> None:
        try:
            self._guard()
            path = urlsplit(self.path).path
            if path in ("/", "/index.html") and self.command in ("GET", "HEAD"):
                self._static("serve.html")
            elif path in ("/serve.js", "/serve.css") and self.command in ("GET", "HEAD"):
                self._static(path[1:])
            elif path.startswith("/static/") and self.command in ("GET", "HEAD"):
                self._asset(path[len("/static/"):])
            elif path == "/catalogue":
                self._catalogue()
            elif path == CONTEXT_PATH and self.command in ("GET", "HEAD"):
                self._context()
            elif path == "/sparql":
                self._sparql(None)
            elif path.startswith("/stored/"):
                self._sparql(unquote(path[len("/stored/"):]))
            elif (path in ("/network", "/network.json") or path.startswith("/network/")) and self.command in ("GET", "HEAD"):
                body, ctype = netview.respond(self.served, path)
                self._send(200, body, ctype, PAGE_HEADERS)
            elif path.startswith("/id/") and self.command in ("GET", "HEAD"):
                fmt = parse_qs(urlsplit(self.path).query).get("format", [None])[-1]
                body, media = entity.respond(self.served, path, self.headers.get("Accept"), fmt)
                self._send(200, body, content_type(media), PAGE_HEADERS if media == "text/html" else {"Vary": "Accept"})
            else:
                raise HttpError(404, f"nothing at {path[:200]}; the endpoint is /sparql")
        except HttpError as exc:
            self._error(exc.status, str(exc), exc.headers)
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            self.close_connection = True
        except Exception as exc:                 # noqa: BLE001 - a bug must not stop the server
            self.served.log(f"internal error: {type(exc).__name__}: {one_line(exc)}")
            self._error(500, f"internal error ({type(exc).__name__}); see the server log")

    # -- routes ----------------------------------------------------------------
    def _static(self, name: str) -> None:
        body = (files("cthr.graph") / "templates" / name).read_bytes()
        ctype = {"html": "text/html", "js": "text/javascript", "css": "text/css"}[name.rsplit(".", 1)[1]]
        self._send(200, body, ctype + "; charset=utf-8", PAGE_HEADERS)

    def _asset(self, name: str) -> None:
        """A vendored file (graph/assets.py): cached a day, then revalidated by its ETag."""
        found = asset(name)
        if found is None:
            raise HttpError(404, f"no vendored file {name[:200]!r}")
        body, ctype, etag = found
        headers = {"ETag": etag, "Cache-Control": f"public, max-age={MAX_AGE}"}
        if etag in (self.headers.get("If-None-Match") or ""):
            self._send(304, b"", ctype, headers)
        else:
            self._send(200, body, ctype, headers)

    def _context(self) -> None:
        """The JSON-LD context, byte for byte, so an export made with --context-url URL/context.jsonld resolves."""
        from .jsonld import context_bytes

        self._send(200, context_bytes(), "application/ld+json", {"Cache-Control": f"public, max-age={MAX_AGE}"})

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
        paging = None
        if stored is not None:
            given = {k: v for k, v in one.items() if k not in ("format", "output")}
            (text, paging), update = self.served.stored_page(stored, given), None
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
        if text is None and stored is None and self.command in ("GET", "HEAD"):
            self._describe()
            return
        if not text or not text.strip():
            raise HttpError(400, "no query: pass query=... (GET or POST form) or POST application/sparql-query")
        form = self.served.check(text, as_update=False)
        kind = result_kind(form)
        # Negotiated before the query runs: a 406 costs nothing.
        media = choose(GRAPH_TYPES if kind == "graph" else RESULT_TYPES, self.headers.get("Accept"),
                       one.get("format") or one.get("output"))
        extra = {}
        if paging is not None:
            # One page and the whole answer's row count, from one evaluation (or the store's result cache).
            body, truncated, total = self.served.page(text, *paging, media, params.get("default-graph-uri", []),
                                                      params.get("named-graph-uri", []))
            extra["X-Cthr-Total"] = str(total)
        else:
            body, truncated = self.served.evaluate(text, form, params.get("default-graph-uri", []),
                                                   params.get("named-graph-uri", []), media)
        if truncated:
            # The cap is announced, never silent: clients and the page read this header.
            extra["X-Cthr-Truncated"] = str(self.served.max_rows)
        self._send(200, body, content_type(media), extra)

    def _describe(self) -> None:
        """GET /sparql without a query: the SPARQL 1.1 Service Description (Turtle by default)."""
        media = choose(GRAPH_TYPES, self.headers.get("Accept"))
        host = self.headers.get("Host") or "%s:%d" % self.server.server_address[:2]
        try:
            # Asked each time: an update may add or drop a source's graph.
            graphs = self.served.call("cthr.graph.served:named_graphs", self.served.source)
            triples = service_description(f"http://{host}/sparql", self.served.allow_update, graphs)
        except ValueError:
            raise HttpError(400, f"bad Host header {host[:80]!r}") from None
        self._send(200, render_graph(triples, media, SD_PREFIXES), content_type(media))


def make_server(graph, host: str = "127.0.0.1", port: int = 8000, *, allow_update: bool = False,
                timeout: float = DEFAULT_TIMEOUT, max_rows: int = DEFAULT_MAX_ROWS, workers: int = 2,
                max_memory: int = DEFAULT_MAX_MEMORY, io_timeout: float = DEFAULT_IO_TIMEOUT, wait: float = 0.0,
                catalogue: dict | None = None, log: Callable[[str], None] | None = None,
                cors_origins: tuple[str, ...] = ()) -> BoundedHTTPServer:
    """An HTTP server serving `graph` (not started; call serve_forever(), then server.served.close())."""
    served = Served(graph, allow_update, timeout, max_rows, workers,
                    load_catalogue() if catalogue is None else catalogue,
                    max_memory=max_memory, io_timeout=io_timeout, wait=wait, cors_origins=frozenset(cors_origins))
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


__all__ = ["make_server", "Served", "Handler", "choose", "DEFAULT_TIMEOUT", "DEFAULT_MAX_ROWS", "DEFAULT_MAX_MEMORY"]
