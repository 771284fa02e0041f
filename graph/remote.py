"""Remote SPARQL endpoints: where they are, how they are asked, retried and read.

Everything goes over the SPARQL 1.1 Protocol through SPARQLWrapper, so any
conforming server works (tested against Virtuoso Open Source and oxigraph).

Connection errors, timeouts, 5xx and unreadable replies are retried with
exponential backoff; then the request stops with a one-line error. Pushing
the graph to an endpoint is in graph/push.py.

Credentials come from the environment (CTHR_SPARQL_USER, CTHR_SPARQL_PASSWORD,
CTHR_SPARQL_AUTH=basic|digest) or from the endpoints file (CTHR_ENDPOINTS, by
default ~/.config/cthr/endpoints.toml; see docs/remote.md), never from the
command line; URLs in messages have any user:password@ masked.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import time
import urllib.error
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from pyoxigraph import BlankNode, NamedNode, RdfFormat, parse

from .query import (check_query, inline_bindings, rows_from_sparql_json, sparql_term,
                    with_prefixes)
from .vocab import BASE

DEFAULT_BATCH = 1000
DEFAULT_RETRIES = 4
DEFAULT_BACKOFF = 0.5          # seconds before the first retry; doubled each time
DEFAULT_TIMEOUT = 60.0         # seconds per HTTP request
CONFIG_ENV = "CTHR_ENDPOINTS"
CONFIG_DEFAULT = Path("~/.config/cthr/endpoints.toml")
# Graphs this project writes: run_remote restricts the dataset to them when
# the server holds any, so a store's own system graphs (Virtuoso keeps its
# schema in <http://www.openlinksw.com/schemas/virtrdf#>) never leak into rows.
PROJECT_GRAPHS = BASE

XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGER_TYPES = {XSD + t for t in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
    "nonPositiveInteger", "negativeInteger", "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte")}


class RemoteError(RuntimeError):
    """A remote endpoint failed or refused (one-line message, credentials masked)."""


class PushError(RemoteError):
    """A push that stopped part-way; `report` says what the server really holds."""

    def __init__(self, message: str, report):        # report: graph/push.py PushReport
        super().__init__(message)
        self.report = report


# ------------------------------------------------------------- endpoints
def mask_url(url: str) -> str:
    """The URL with any user:password@ replaced by ***@ (for messages and logs)."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc="***@" + parts.netloc.rsplit("@", 1)[1]))


@dataclass(frozen=True)
class Endpoint:
    """Where to query and update, and how to authenticate (repr hides the password)."""

    query_url: str
    update_url: str
    user: str | None = field(default=None, repr=False)
    password: str | None = field(default=None, repr=False)
    auth: str = "basic"
    timeout: float = DEFAULT_TIMEOUT

    def __str__(self) -> str:
        return mask_url(self.query_url)


def _config_entries() -> list[dict]:
    path = Path(os.environ.get(CONFIG_ENV) or CONFIG_DEFAULT).expanduser()
    if not path.is_file():
        return []
    try:
        import tomllib
    except ImportError:                                  # Python 3.10
        raise RemoteError(f"{path}: reading the endpoints file needs Python 3.11+; "
                          "use CTHR_SPARQL_USER / CTHR_SPARQL_PASSWORD instead") from None
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise RemoteError(f"{path}: cannot read the endpoints file: {exc}") from None
    entries = data.get("endpoint", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) and isinstance(e.get("url"), str)
                                                for e in entries):
        raise RemoteError(f"{path}: expected [[endpoint]] tables, each with url = \"...\"")
    return entries


def resolve_endpoint(url: str | Endpoint, update_url: str | None = None,
                     timeout: float | None = None) -> Endpoint:
    """An Endpoint for `url` with credentials from the environment or the endpoints file.

    The file's entry whose `url` equals the query URL supplies `update_url`,
    `user`, `password` and `auth`; CTHR_SPARQL_USER / CTHR_SPARQL_PASSWORD /
    CTHR_SPARQL_AUTH override it. Credentials inside the URL are taken out of
    it (so they are sent as an Authorization header, not kept in the URL).
    """
    if isinstance(url, Endpoint):
        return url
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RemoteError(f"{mask_url(url)}: not an http(s) endpoint URL")
    user = password = None
    if parts.username is not None:
        user, password = parts.username, parts.password
        url = urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))
    entry = next((e for e in _config_entries() if e["url"].rstrip("/") == url.rstrip("/")), {})
    user = os.environ.get("CTHR_SPARQL_USER") or entry.get("user") or user
    password = os.environ.get("CTHR_SPARQL_PASSWORD") or entry.get("password") or password
    auth = (os.environ.get("CTHR_SPARQL_AUTH") or entry.get("auth") or "basic").lower()
    if auth not in ("basic", "digest"):
        raise RemoteError(f"unknown authentication {auth!r} for {mask_url(url)} (basic or digest)")
    return Endpoint(url, update_url or entry.get("update_url") or url, user, password, auth,
                    timeout if timeout is not None else float(entry.get("timeout", DEFAULT_TIMEOUT)))


# ---------------------------------------------------------------- requests
def _transient(exc: BaseException) -> str | None:
    """Why a failed request is worth retrying, or None when retrying cannot help."""
    from SPARQLWrapper.SPARQLExceptions import EndPointInternalError

    if isinstance(exc, (socket.timeout, TimeoutError)):
        return "timed out"
    if isinstance(exc, EndPointInternalError):
        return f"HTTP 500: {_body_of(exc)}".rstrip(": ")
    if isinstance(exc, urllib.error.HTTPError):
        return f"HTTP {exc.code} {exc.reason}" if exc.code >= 500 or exc.code == 429 else None
    if isinstance(exc, urllib.error.URLError):
        reason = exc.reason
        if isinstance(reason, (socket.timeout, TimeoutError)):
            return "timed out"
        if isinstance(reason, ConnectionRefusedError):
            return "connection refused"
        return f"cannot connect ({reason})"
    if isinstance(exc, (ConnectionError, http.client.HTTPException)):
        return f"connection failed ({type(exc).__name__})"
    if isinstance(exc, _Unreadable):
        return str(exc)
    return None


def _body_of(exc: BaseException) -> str:
    """The server's own message from a SPARQLWrapper exception (which embeds the response body)."""
    text = str(exc.args[0] if exc.args else "")
    if isinstance(exc.args[0] if exc.args else None, bytes):
        text = exc.args[0].decode("utf-8", "replace")
    text = text.split("Response:", 1)[-1].strip()
    if text.startswith(("b'", 'b"')):
        text = text[2:-1].encode("latin-1", "replace").decode("unicode_escape", "replace")
    # Virtuoso repeats the whole query after its message: keep the message.
    return _one_line(text.split("SPARQL query:", 1)[0])


class _Unreadable(ValueError):
    """A 2xx reply whose body is not what the protocol says (a proxy's page, a cut reply)."""


def _one_line(data) -> str:
    if isinstance(data, bytes):
        data = data.decode("utf-8", "replace")
    text = " ".join(str(data).split())
    return text[:300] + ("..." if len(text) > 300 else "")


def _permanent(exc: BaseException, endpoint: Endpoint) -> str:
    from SPARQLWrapper.SPARQLExceptions import (EndPointNotFound, QueryBadFormed, SPARQLWrapperException,
                                                Unauthorized)

    if isinstance(exc, Unauthorized):
        return ("HTTP 401 unauthorised: set CTHR_SPARQL_USER / CTHR_SPARQL_PASSWORD (and CTHR_SPARQL_AUTH=digest "
                "for Virtuoso's /sparql-auth) or add the endpoint to ~/.config/cthr/endpoints.toml")
    if isinstance(exc, urllib.error.HTTPError) and exc.code == 403:
        return "HTTP 403 forbidden: the endpoint refuses this operation (updates need a writable endpoint)"
    if isinstance(exc, EndPointNotFound):
        return "HTTP 404: no SPARQL endpoint at this URL"
    if isinstance(exc, QueryBadFormed):
        return f"HTTP 400 the server rejected the request: {_body_of(exc)}"
    if isinstance(exc, SPARQLWrapperException):
        return _one_line(exc)
    if isinstance(exc, urllib.error.HTTPError):
        return f"HTTP {exc.code} {exc.reason}"
    return f"{type(exc).__name__}: {_one_line(exc)}"


def _with_retries(action: Callable[[], object], what: str, endpoint: Endpoint, retries: int, backoff: float,
                  sleep: Callable[[float], None] = time.sleep):
    """Run `action`, retrying transient failures `retries` times with doubling delays."""
    last = ""
    for attempt in range(retries + 1):
        try:
            return action()
        except Exception as exc:                       # noqa: BLE001 - classified just below
            why = _transient(exc)
            if why is None:
                raise RemoteError(f"{what} at {endpoint}: {_permanent(exc, endpoint)}") from None
            last = why
            if attempt < retries:
                sleep(backoff * 2 ** attempt)
    tries = f"{retries + 1} attempt{'s' if retries else ''}"
    down = last.startswith(("timed out", "connection", "cannot connect"))
    raise RemoteError(f"{what} at {endpoint}: {last} ({tries})"
                      + ("; the server is down or unreachable" if down else ""))


def _wrapper(endpoint: Endpoint, text: str, dataset: tuple[list[str], list[str]] | None = None):
    from SPARQLWrapper import BASIC, DIGEST, POST, SPARQLWrapper

    sparql = SPARQLWrapper(endpoint.query_url, updateEndpoint=endpoint.update_url, agent="cthr-kg")
    sparql.setMethod(POST)                 # long VALUES blocks and batches do not fit in a GET URL
    # setTimeout() truncates to whole seconds (0.5 -> 0 = no limit); the attribute keeps the float.
    sparql.timeout = endpoint.timeout
    if endpoint.user:
        sparql.setHTTPAuth(DIGEST if endpoint.auth == "digest" else BASIC)
        sparql.setCredentials(endpoint.user, endpoint.password or "")
    if dataset:
        for g in dataset[0]:
            sparql.addParameter("default-graph-uri", g)
        for g in dataset[1]:
            sparql.addParameter("named-graph-uri", g)
    sparql.setQuery(text)
    return sparql


def _select_json(endpoint: Endpoint, text: str, dataset=None) -> dict:
    from SPARQLWrapper import JSON

    sparql = _wrapper(endpoint, text, dataset)
    sparql.setReturnFormat(JSON)
    body = sparql.query().response.read()
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise _Unreadable(f"unreadable reply ({_one_line(body[:80])!r} is not SPARQL JSON)") from None
    if not isinstance(data, dict) or not ("boolean" in data or isinstance(data.get("results"), dict)):
        raise _Unreadable("unreadable reply (JSON without results)")
    return data


def _update(endpoint: Endpoint, text: str) -> None:
    sparql = _wrapper(endpoint, text)
    if not sparql.isSparqlUpdateRequest():      # SPARQLWrapper decides by the first keyword
        raise RemoteError("internal: not an update")
    sparql.query().response.read()


# ------------------------------------------------------------------ values
def _normal_cell(cell: dict) -> dict:
    """A result binding with the lexical form local oxigraph would print.

    Engines differ in datatype and lexical form for the same value (Virtuoso
    returns xsd:int, "1" for true, "1.0" for a double); rows are compared as
    strings, so numbers, booleans and dates are written canonically.
    """
    dtype, value = cell.get("datatype"), cell.get("value", "")
    if cell.get("type") not in ("literal", "typed-literal") or not dtype:
        return cell
    try:
        if dtype in _INTEGER_TYPES:
            value = str(int(value))
        elif dtype == XSD + "boolean":
            value = {"1": "true", "0": "false"}.get(value, value)
        elif dtype in (XSD + "decimal", XSD + "double", XSD + "float"):
            value = _plain_number(value)
        elif dtype == XSD + "date" and len(value) > 10 and value[10] in "TZ":
            value = value[:10] if value[10] == "T" else value     # "2024-12-03T00:00:00" from dateTime casts
    except (ValueError, InvalidOperation):
        pass
    return {**cell, "value": value}


def _plain_number(value: str) -> str:
    """A decimal or double as oxigraph prints it: shortest digits, no exponent ("1", "1.5", "1E20" -> digits)."""
    f = float(value)
    if f != f or f in (float("inf"), float("-inf")):
        return {"nan": "NaN", "inf": "INF", "-inf": "-INF"}[str(f)]
    d = Decimal(value.strip()) if "e" not in value.lower() else Decimal(repr(f))
    return format(d.normalize(), "f")


def normalise_results(data: dict) -> dict:
    """SPARQL JSON results with Virtuoso's ASK-as-SELECT and literal forms normalised."""
    if "boolean" in data:
        return data
    columns = data.get("head", {}).get("vars", [])
    bindings = data.get("results", {}).get("bindings", [])
    if columns == ["__ASK_RETVAL"]:                 # Virtuoso answers ASK with a one-cell SELECT
        value = bindings[0]["__ASK_RETVAL"]["value"] if bindings else "0"
        return {"head": {}, "boolean": value in ("1", "true")}
    return {**data, "results": {**data["results"],
                                "bindings": [{k: _normal_cell(v) for k, v in b.items()} for b in bindings]}}


# ------------------------------------------------------------------ queries
def project_graphs(endpoint: Endpoint, retries: int = 1, backoff: float = DEFAULT_BACKOFF) -> list[str]:
    """The named graphs on the endpoint whose IRI starts with https://w3id.org/cthr/."""
    text = ("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
            f'FILTER (STRSTARTS(STR(?g), "{PROJECT_GRAPHS}")) }}')
    data = _with_retries(lambda: _select_json(endpoint, text), "listing graphs", endpoint, retries, backoff)
    return sorted(b["g"]["value"] for b in data.get("results", {}).get("bindings", []) if "g" in b)


def run_remote(endpoint: str | Endpoint, text: str, bindings: Mapping | None = None, *,
               graphs: Iterable[str] | str | None = "auto", retries: int = 1,
               backoff: float = DEFAULT_BACKOFF, timeout: float | None = None) -> tuple[list[str], list[list[str]]]:
    """Run a read-only query on a remote endpoint; same (columns, rows) as graph.query.run_query.

    Parameters are inlined as a VALUES row (:func:`inline_bindings`), the
    project prefixes are declared, SERVICE/LOAD and updates are refused
    before anything is sent. `graphs="auto"` makes the dataset the project's
    graphs on the server (default graph = their union, as in the local store;
    GRAPH ?g sees each), or the endpoint's own default dataset when it holds
    none; pass a list to choose, or None for the endpoint's default.
    """
    endpoint = resolve_endpoint(endpoint, timeout=timeout)
    check_query(text)
    final = inline_bindings(text, bindings or {})
    form = check_query(final)
    final = with_prefixes(final)
    if graphs == "auto":
        graphs = project_graphs(endpoint, retries, backoff)
    chosen = sorted(graphs) if graphs else []
    dataset = (chosen, chosen) if chosen else None
    if form in ("SELECT", "ASK"):
        data = _with_retries(lambda: _select_json(endpoint, final, dataset), "query", endpoint, retries, backoff)
        return rows_from_sparql_json(normalise_results(data))
    triples = _with_retries(lambda: _graph_result(endpoint, final, dataset), "query", endpoint, retries, backoff)
    rows = sorted([_term_cell(t.subject), _term_cell(t.predicate), _term_cell(t.object)] for t in triples)
    return ["subject", "predicate", "object"], rows


def _graph_result(endpoint: Endpoint, text: str, dataset) -> list:
    from SPARQLWrapper import TURTLE

    sparql = _wrapper(endpoint, text, dataset)
    sparql.setReturnFormat(TURTLE)
    body = sparql.query().response.read()
    try:
        return list(parse(body, format=RdfFormat.TURTLE))
    except (SyntaxError, ValueError) as exc:
        raise _Unreadable(f"unreadable reply (not Turtle: {_one_line(exc)})") from None


def _term_cell(term) -> str:
    return f"_:{term.value}" if isinstance(term, BlankNode) else term.value


def count_triples(endpoint: str | Endpoint, graph_iri: str, retries: int = DEFAULT_RETRIES,
                  backoff: float = DEFAULT_BACKOFF) -> int:
    """How many triples the server holds in one named graph."""
    endpoint = resolve_endpoint(endpoint)
    text = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {sparql_term(NamedNode(graph_iri))} {{ ?s ?p ?o }} }}"

    def ask() -> int:
        data = _select_json(endpoint, text)
        try:
            return int(data["results"]["bindings"][0]["n"]["value"])
        except (KeyError, IndexError, TypeError, ValueError):
            raise _Unreadable("unreadable reply (no count in the result)") from None
    return _with_retries(ask, f"counting <{graph_iri}>", endpoint, retries, backoff)



__all__ = ["Endpoint", "RemoteError", "PushError", "mask_url", "resolve_endpoint", "run_remote", "count_triples",
           "project_graphs", "normalise_results", "DEFAULT_BATCH", "DEFAULT_RETRIES", "DEFAULT_BACKOFF",
           "DEFAULT_TIMEOUT"]
