"""A local SPARQL 1.1 Protocol endpoint over the graph, with a query page.

Standard library only (http.server.ThreadingHTTPServer): the endpoint is
for one researcher on their own machine, not a public service, and a web
framework would add nothing the protocol needs.

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
parser's message; each request has a time limit and results a row cap; the
page's Content-Security-Policy lets it load nothing from outside; requests
whose Host or Origin is not this server are refused (DNS rebinding, CSRF).
oxigraph cannot cancel a running evaluation, so a query past its time limit
is answered 503 while its thread finishes; `workers` such threads at most
run at once, beyond that requests get 503 too.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from urllib.parse import parse_qs, unquote, urlsplit

from pyoxigraph import (BlankNode, Literal, NamedNode, QueryBoolean, QuerySolutions, RdfFormat, Triple,
                        serialize)

from .build import VALIDATED_MARK
from .query import (QueryError, bind_params, check_query, get_query, inline_bindings, load_catalogue,
                    local_runner, org_resolver, query_form)
from .vocab import PREFIXES, XSD

DEFAULT_TIMEOUT = 30.0          # seconds per request
DEFAULT_MAX_ROWS = 10_000       # rows (or triples) per result
MAX_BODY = 16 * 1024 * 1024     # bytes of request body
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}

JSON_TYPE = "application/sparql-results+json"
# Result formats by media type: SELECT/ASK, then CONSTRUCT/DESCRIBE.
SELECT_TYPES = {JSON_TYPE: "json", "application/json": "json", "text/csv": "csv",
                "text/tab-separated-values": "tsv"}
GRAPH_TYPES = {"text/turtle": RdfFormat.TURTLE, "application/n-triples": RdfFormat.N_TRIPLES}
# Instance IRIs (id:) have slashes in their local part, which Turtle would escape (id:event\/...).
TURTLE_PREFIXES = {k: v for k, v in PREFIXES.items() if k != "id"}
FORMAT_PARAM = {"json": JSON_TYPE, "csv": "text/csv", "tsv": "text/tab-separated-values",
                "turtle": "text/turtle", "ttl": "text/turtle", "nt": "application/n-triples"}


class HttpError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


@dataclass
class Served:
    """The graph being served and the limits it is served under."""

    graph: object                       # a GraphStore
    allow_update: bool = False
    timeout: float = DEFAULT_TIMEOUT
    max_rows: int = DEFAULT_MAX_ROWS
    workers: int = 2
    catalogue: dict = field(default_factory=dict)
    log: Callable[[str], None] = lambda m: print(m, file=sys.stderr)

    def __post_init__(self):
        self.slots = threading.BoundedSemaphore(self.workers)
        self.write_lock = threading.Lock()

    # -- running with a deadline ---------------------------------------------
    def bounded(self, work: Callable[[], object]):
        """Run `work` in a worker thread; 503 if it has no slot or passes the time limit."""
        if not self.slots.acquire(timeout=min(self.timeout, 5.0)):
            raise HttpError(503, "the server is busy with other queries; try again shortly")
        box: dict = {}
        done = threading.Event()

        def run():
            try:
                box["value"] = work()
            except BaseException as exc:     # noqa: BLE001 - handed back to the request thread
                box["error"] = exc
            finally:
                self.slots.release()
                done.set()
        threading.Thread(target=run, daemon=True, name="cthr-query").start()
        if not done.wait(self.timeout):
            raise HttpError(503, f"the query ran past the time limit of {self.timeout:g} s; narrow it or add LIMIT")
        if "error" in box:
            raise box["error"]
        return box["value"]

    # -- queries ---------------------------------------------------------------
    def evaluate(self, text: str, default_graphs: list[str], named_graphs: list[str]):
        """Solutions (capped at max_rows + 1), a boolean, or triples, with the variables."""
        kwargs: dict = {"prefixes": PREFIXES}
        try:
            # Without default-graph-uri the store's default graph is the union
            # of the named graphs (see graph/store.py).
            if default_graphs:
                kwargs["default_graph"] = [NamedNode(g) for g in default_graphs]
            if named_graphs:
                kwargs["named_graphs"] = [NamedNode(g) for g in named_graphs]
        except ValueError as exc:
            raise HttpError(400, f"bad graph IRI in default-graph-uri/named-graph-uri: {exc}") from None

        def work():
            result = self.graph.store.query(text, **kwargs)
            if isinstance(result, QueryBoolean):
                return "ask", [], bool(result)
            items = []
            for item in result:          # stop early: the cap bounds memory as well as output
                items.append(item if not isinstance(result, QuerySolutions)
                             else [item[v] for v in result.variables])
                if len(items) > self.max_rows:
                    break
            if isinstance(result, QuerySolutions):
                return "select", [v.value for v in result.variables], items
            return "graph", [], items
        try:
            return self.bounded(work)
        except SyntaxError as exc:
            raise HttpError(400, f"malformed query: {_one_line(exc)}") from None
        except (ValueError, OSError, RuntimeError) as exc:
            raise HttpError(400, f"the query failed: {_one_line(exc)}") from None

    def update(self, text: str) -> None:
        def work():
            with self.write_lock:
                if self.graph.path:   # the next build must validate the whole store again
                    (self.graph.path / VALIDATED_MARK).unlink(missing_ok=True)
                self.graph.store.update(text, prefixes=PREFIXES)
                # The default graph (union) and the derived edges follow the named graphs.
                self.graph.rebuild_union()
                self.graph.refresh_inferences()
        try:
            self.bounded(work)
        except SyntaxError as exc:
            raise HttpError(400, f"malformed update: {_one_line(exc)}") from None
        except (ValueError, OSError, RuntimeError) as exc:
            raise HttpError(400, f"the update failed: {_one_line(exc)}") from None

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
            lookup = (org_resolver(local_runner(self.graph), self.catalogue)
                      if any(p.type == "org" for p in stored.params) else None)
            return inline_bindings(stored.text, bind_params(stored, given, lookup))
        except QueryError as exc:
            raise HttpError(404 if "no stored query" in str(exc) else 400, str(exc)) from None


# ------------------------------------------------------------------ output
def _one_line(exc) -> str:
    text = " ".join(str(exc).split())
    return text[:500]


def _json_term(term) -> dict:
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, Literal):
        cell = {"type": "literal", "value": term.value}
        if term.language:
            cell["xml:lang"] = term.language
        elif term.datatype.value != XSD.string.value:
            cell["datatype"] = term.datatype.value
        return cell
    if isinstance(term, Triple):
        return {"type": "triple", "value": {"subject": _json_term(term.subject),
                                            "predicate": _json_term(term.predicate),
                                            "object": _json_term(term.object)}}
    return {"type": "literal", "value": str(term)}


def _csv_value(term) -> str:
    if term is None:
        return ""
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    return term.value if isinstance(term, (NamedNode, Literal)) else str(term)


def render(kind: str, columns: list[str], items, media: str) -> bytes:
    """Serialise a result in the negotiated media type."""
    if kind == "ask":
        if media in (JSON_TYPE, "application/json"):
            return json.dumps({"head": {}, "boolean": items}).encode()
        return f"_askResult\r\n{'true' if items else 'false'}\r\n".encode()
    if kind == "graph":
        return serialize(items, format=GRAPH_TYPES[media], prefixes=TURTLE_PREFIXES if media == "text/turtle" else None)
    fmt = SELECT_TYPES[media]
    if fmt == "json":
        bindings = [{c: _json_term(t) for c, t in zip(columns, row) if t is not None} for row in items]
        return json.dumps({"head": {"vars": columns}, "results": {"bindings": bindings}},
                          ensure_ascii=False).encode("utf-8")
    buf = io.StringIO()
    if fmt == "csv":
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(columns)
        writer.writerows([_csv_value(t) for t in row] for row in items)
    else:
        buf.write("\t".join("?" + c for c in columns) + "\n")
        for row in items:
            buf.write("\t".join("" if t is None else str(t) for t in row) + "\n")
    return buf.getvalue().encode("utf-8")


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

    def log_request(self, code="-", size="-"):
        # The path only: a GET query string holds the query text, which need not fill the log.
        self.served.log(f"{self.address_string()} {self.command} {urlsplit(self.path).path} {code}")

    def log_message(self, fmt, *args):
        self.served.log(f"{self.address_string()} {fmt % args}")

    # -- plumbing ------------------------------------------------------------
    def _send(self, status: int, body: bytes, ctype: str, extra: dict | None = None) -> None:
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

    def _error(self, status: int, message: str) -> None:
        self._send(status, (message + "\n").encode("utf-8"), "text/plain; charset=utf-8")

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

    def _params(self) -> tuple[dict[str, list[str]], str | None, str | None]:
        """Form/query-string parameters, and a direct query or update body."""
        parts = urlsplit(self.path)
        params = parse_qs(parts.query, keep_blank_values=True)
        direct_query = direct_update = None
        if self.command == "POST":
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY:
                raise HttpError(413, f"request body over {MAX_BODY // (1024 * 1024)} MiB")
            body = self.rfile.read(length) if length else b""
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
                raise HttpError(415, f"unsupported Content-Type {ctype!r}; use a form, "
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
                raise HttpError(404, f"nothing at {path}; the endpoint is /sparql")
        except HttpError as exc:
            self._error(exc.status, str(exc))
        except (BrokenPipeError, ConnectionResetError):
            pass
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
            self.served.update(update)
            self._send(200, b"update applied\n", "text/plain; charset=utf-8")
            return
        if not text or not text.strip():
            raise HttpError(400, "no query: pass query=... (GET or POST form) or POST application/sparql-query")
        self.served.check(text, as_update=False)
        kind, columns, items = self.served.evaluate(text, params.get("default-graph-uri", []),
                                                    params.get("named-graph-uri", []))
        media = negotiate(kind, self.headers.get("Accept", "*/*"), one.get("format") or one.get("output"))
        extra = {}
        if kind != "ask" and len(items) > self.served.max_rows:
            items = items[:self.served.max_rows]
            # The cap is announced, never silent: clients and the page read this header.
            extra["X-Cthr-Truncated"] = str(self.served.max_rows)
        ctype = media + ("; charset=utf-8" if media.startswith("text/") or "json" in media else "")
        self._send(200, render(kind, columns, items, media), ctype, extra)


def make_server(graph, host: str = "127.0.0.1", port: int = 8000, *, allow_update: bool = False,
                timeout: float = DEFAULT_TIMEOUT, max_rows: int = DEFAULT_MAX_ROWS, workers: int = 2,
                catalogue: dict | None = None, log: Callable[[str], None] | None = None) -> ThreadingHTTPServer:
    """A ThreadingHTTPServer serving `graph` (not started; call serve_forever())."""
    served = Served(graph, allow_update, timeout, max_rows, workers,
                    load_catalogue() if catalogue is None else catalogue)
    if log is not None:
        served.log = log
    handler = type("CthrHandler", (Handler,), {"served": served})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server


__all__ = ["make_server", "Served", "render", "negotiate", "DEFAULT_TIMEOUT", "DEFAULT_MAX_ROWS"]
