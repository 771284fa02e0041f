"""The stored query library: catalogue, safe parameter binding, checks and execution.

Stored queries are the `queries/*.rq` files. Each starts with a header of
`# key: value` comment lines (title, description, param, example; see
docs/queries.md) that this module parses into a :class:`StoredQuery`.

Binding. Parameter values never reach SPARQL as text typed by the user: each
is converted to an RDF term (date, integer, string literal, IRI) and written
into a `VALUES` block by :func:`inline_bindings`, with N-Triples escaping, at
the start of the query's WHERE group (and of each sub-SELECT that uses it). That block is a row of data, not
syntax, so a value holding quotes, braces or newlines stays one literal.
pyoxigraph's own `substitutions` are not used for the parameters: they join
the given values with the solutions *after* the WHERE group (hence its rule
that a substituted variable be projected), so a FILTER in the group never
sees them, and a date range or an optional filter could not be expressed.
The VALUES block is standard SPARQL 1.1, so the same text runs locally and on
a remote endpoint (whose client, SPARQLWrapper, has no binding API).

Results come back as `(columns, rows)`: column names and rows of strings
(an IRI in full, a literal's lexical form, "" when unbound). A remote runner
(`cthr.graph.remote.run_remote`) returns the same shape; see
:func:`rows_from_sparql_json`.

The lexer, the form checks and the writing of terms and VALUES blocks into
query text are graph/sparqltext.py; their names are importable from here.
"""

from __future__ import annotations

import re
import shlex
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pyoxigraph import BlankNode, Literal, NamedNode, QueryBoolean, QuerySolutions, Variable

from cthr.loaders.hygiene import cut

from .namekey import name_key
from .resultcache import cache_for as _cache_for, cached_answer  # noqa: F401 - cached_answer is public here
from .values import BY_DATATYPE, IRI, BNode, literal_cell
from .vocab import PREFIXES, XSD
# The lexer, the checks and the binding into text (graph/sparqltext.py): every name importable from here.
from .sparqltext import _ECHAR, _TOKEN, _UCHAR, _VARNAME, _escape, _form, _keywords, _lex, _Tok  # noqa: F401
from .sparqltext import _cached_tokens, _subselect_groups, _tokens, _unescape_codepoints  # noqa: F401
from .sparqltext import _values_block, _values_set, _where_brace  # noqa: F401
from .sparqltext import NETWORK_KEYWORDS, NOTHING, QUERY_FORMS, UPDATE_KEYWORDS, QueryError  # noqa: F401
from .sparqltext import check_query, inline_bindings, query_form, sparql_term, with_prefixes  # noqa: F401

PARAM_TYPES = ("xsd:date", "xsd:integer", "string", "iri", "org", "event")
HEADER_KEYS = ("title", "description", "param", "example")
# The query that resolves an `org` parameter given by name or acronym.
ORG_LOOKUP = "find-organisation"

Rows = list[list[str]]
Runner = Callable[[str, dict], tuple[list[str], Rows]]


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: str | None = None
    optional: bool = False
    help: str = ""

    @property
    def required(self) -> bool:
        return not self.optional and self.default is None


@dataclass(frozen=True)
class StoredQuery:
    name: str
    title: str
    description: str
    params: list[Param] = field(default_factory=list)
    example: str = ""
    text: str = ""
    path: str = ""

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)

    def example_params(self) -> dict[str, str]:
        """The `--param key=value` pairs of the example command line."""
        return _example_params(self.example, self.path)


# ---------------------------------------------------------------- the header
_PARAM = re.compile(
    r"(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\((?P<type>[^,()]+?)\s*(?:,\s*(?P<optional>optional)\s*)?\)"
    r"\s*(?:=\s*(?P<default>.*?))?\s*(?:--\s*(?P<help>.*))?\Z")


def parse_query_text(text: str, name: str, path: str = "<query>", require_header: bool = True,
                     check: bool = True) -> StoredQuery:
    """Parse a query file's header (`# key: value` lines before the first non-comment line).

    With `check` (the default) the query is lexed to check that each
    parameter is used; without, only the header is read (a listing).
    """
    fields: dict[str, list[str]] = {k: [] for k in HEADER_KEYS}
    params: list[Param] = []
    last = None
    for lineno, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped.startswith("#"):
            if stripped:
                break
            continue
        body = stripped[1:]
        m = re.match(r"\s?([a-z]+):\s*(.*)\Z", body)
        if m and m.group(1) in HEADER_KEYS:
            key, value = m.group(1), m.group(2).strip()
            last = key
            if key == "param":
                pm = _PARAM.match(value)
                if not pm:
                    raise QueryError(f"{path}:{lineno}: bad param line {value!r}; expected "
                                     "'NAME (TYPE[, optional]) [= DEFAULT] [-- help]'")
                ptype = pm.group("type").strip()
                if ptype not in PARAM_TYPES:
                    raise QueryError(f"{path}:{lineno}: parameter {pm.group('name')!r} has unknown type "
                                     f"{ptype!r} (one of {', '.join(PARAM_TYPES)})")
                params.append(Param(pm.group("name"), ptype, pm.group("default") or None,
                                    bool(pm.group("optional")), (pm.group("help") or "").strip()))
            else:
                fields[key].append(value)
        elif m and require_header:
            raise QueryError(f"{path}:{lineno}: unknown header key {m.group(1)!r} (expected {', '.join(HEADER_KEYS)})")
        elif body.startswith("  ") and last in ("description", "title") and body.strip():
            fields[last].append(body.strip())          # an indented continuation line
        else:
            last = "free" if body.strip() else last    # free comment: ends the field
    title, description = " ".join(fields["title"]), " ".join(fields["description"])
    if require_header and not (title and description and fields["example"]):
        raise QueryError(f"{path}: the header needs '# title:', '# description:' and '# example:' lines")
    names = [p.name for p in params]
    if len(set(names)) != len(names):
        raise QueryError(f"{path}: a parameter is declared twice")
    variables = {t.text[1:] for t in _tokens(text) if t.kind == "var"} if check else None
    for p in params:
        if variables is not None and p.name not in variables:
            raise QueryError(f"{path}: parameter {p.name!r} is not used as ?{p.name} in the query")
        if p.default is not None:
            convert(p, p.default)       # a bad default is the file's error, found at load
    query = StoredQuery(name, title or name, description, params, " ".join(fields["example"]), text, path)
    if require_header:
        query.example_params()
    return query


def _example_params(example: str, path: str) -> dict[str, str]:
    try:
        words = shlex.split(example)
    except ValueError as exc:
        raise QueryError(f"{path}: example is not a command line: {exc}") from None
    given: dict[str, str] = {}
    for k, w in enumerate(words):
        if w == "--param" and k + 1 < len(words):
            key, sep, value = words[k + 1].partition("=")
            if not sep:
                raise QueryError(f"{path}: example --param {words[k + 1]!r} is not key=value")
            given[key] = value
    return given


def _stored_entry(entry, check: bool = True) -> StoredQuery:
    """One catalogue file, parsed and checked (header, example; with `check` its parameters used, read-only)."""
    name = entry.name[:-3]
    text = entry.read_text(encoding="utf-8")
    query = parse_query_text(text, name, f"queries/{entry.name}", check=check)
    words = shlex.split(query.example)
    if words[:3] != ["cthr", "query", name]:
        raise QueryError(f"queries/{entry.name}: the example must start with 'cthr query {name}'")
    if check:
        check_query(text)
    return query


def _catalogue_dir() -> Path:
    """The bundled queries/ folder (a plain folder of the installed package; importlib.resources
    would cost a read command ~5 ms of imports for the same path)."""
    import cthr.queries

    return Path(cthr.queries.__file__).parent


def load_catalogue(directory: str | Path | None = None, *, check: bool = True) -> dict[str, StoredQuery]:
    """Every stored query by name (the file stem), sorted by name.

    `check=False` reads the headers only, for a listing: lexing every query
    (to check it is read-only and uses its parameters) is most of the cost
    of `cthr queries`, and a query is checked again whenever it is run.
    """
    root = Path(directory) if directory else None
    entries = sorted((root or _catalogue_dir()).glob("*.rq"))
    return {entry.name[:-3]: _stored_entry(entry, check) for entry in entries}


def get_query(name: str, catalogue: dict[str, StoredQuery] | None = None) -> StoredQuery:
    """The stored query `name` (from `catalogue`, or the bundled one).

    Without a catalogue only that one file is read: lexing all of them cost
    a read command a tenth of a second; the whole catalogue is read only to
    suggest names for one that does not exist.
    """
    if catalogue is None:
        entry = _catalogue_dir() / f"{name}.rq"
        if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]*", name) and entry.is_file():
            return _stored_entry(entry)
        catalogue = load_catalogue()
    if name in catalogue:
        return catalogue[name]
    import difflib

    close = difflib.get_close_matches(name, list(catalogue), n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else "; `cthr queries` lists them"
    raise QueryError(f"no stored query named {name!r}{hint}")


# ----------------------------------------------------------------- the values
def convert(param: Param, value: str):
    """The RDF term for one parameter value, or a QueryError naming the parameter.

    An `org` or `event` value that is not an IRI stays a string literal here;
    :func:`bind_params` turns it into IRIs with a resolver.
    """
    kind = param.type
    if kind == "xsd:date":
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                raise ValueError
            date.fromisoformat(value)
        except ValueError:
            raise QueryError(f"parameter {param.name!r}: {cut(value)} is not a date (expected YYYY-MM-DD)") from None
        return Literal(value, datatype=XSD.date)
    if kind == "xsd:integer":
        digits = value.strip()
        if not re.fullmatch(r"[+-]?[0-9]+", digits):
            raise QueryError(f"parameter {param.name!r}: {cut(value)} is not a whole number")
        sign = "-" if digits.startswith("-") else ""
        digits = digits.lstrip("+-").lstrip("0") or "0"
        # oxigraph's xsd:integer is 64-bit; read as text first (int() refuses over 4,300 digits).
        if len(digits) > 19 or not -2**63 <= int(sign + digits) < 2**63:
            raise QueryError(f"parameter {param.name!r}: {cut(value, 40)} is out of range "
                             f"(a whole number between {-2**63} and {2**63 - 1})")
        return Literal(str(int(sign + digits)), datatype=XSD.integer)
    if kind in ("iri", "org", "event"):
        if kind in ("org", "event") and not re.match(r"[A-Za-z][A-Za-z0-9+.\-]*://", value):
            return Literal(value)
        try:
            return NamedNode(value)
        except ValueError as exc:
            raise QueryError(f"parameter {param.name!r}: {cut(value)} is not an IRI "
                             f"({cut(str(exc), 200)[1:-1]})") from None
    return Literal(value)


def bind_params(query: StoredQuery, given: Mapping[str, str],
                resolve_org: Callable[[str], list[tuple[str, str]]] | None = None,
                resolve_event: Callable[[str], list[str]] | None = None) -> dict[Variable, object]:
    """Validate and convert `given` ({name: text}) into {Variable: term} for `query`.

    Unknown names, missing required parameters and malformed values raise a
    QueryError naming the parameter; defaults fill the rest; optional ones
    left out or given empty are absent (their variable stays unbound). An `org` parameter
    given by name or acronym is resolved with `resolve_org(name) -> [(iri,
    label)]`, which must find exactly one organisation. An `event` parameter
    is resolved with `resolve_event(text) -> [iri]` to every event it names
    (none, one or many), bound as a tuple of IRIs (see :func:`inline_bindings`).
    """
    unknown = sorted(set(given) - {p.name for p in query.params})
    if unknown:
        known = ", ".join(p.name for p in query.params) or "none"
        raise QueryError(f"unknown parameter {cut(unknown[0])} for query {query.name!r} (parameters: {known})")
    bindings: dict[Variable, object] = {}
    for p in query.params:
        value = given.get(p.name)
        if value is None or not value.strip():
            value = p.default             # an empty field ("?sector=", "--param sector=") is one not given
        if value is None:
            if p.required:
                raise QueryError(f"query {query.name!r} needs --param {p.name}=... ({p.type}"
                                 + (f": {p.help}" if p.help else "") + ")")
            continue
        term = convert(p, value)
        if p.type == "org" and isinstance(term, Literal):
            term = _resolve(p, value, resolve_org)
        elif p.type == "event":
            if resolve_event is not None:
                term = tuple(NamedNode(iri) for iri in resolve_event(value))
            elif isinstance(term, NamedNode):
                term = (term,)
            else:
                raise QueryError(f"parameter {p.name!r}: give the event's IRI (no graph to look {cut(value)} up in)")
        bindings[Variable(p.name)] = term
    return bindings


def _resolve(param: Param, name: str, resolve_org) -> NamedNode:
    return resolve_name(name, resolve_org, f"parameter {param.name!r}: ")


def resolve_name(name: str, resolve_org, what: str = "") -> NamedNode:
    """The one organisation `resolve_org(name)` finds, else a QueryError (`what` starts its message)."""
    if resolve_org is None:
        raise QueryError(f"{what}give the organisation's IRI (no graph to look {cut(name)} up in)")
    found = sorted(set(resolve_org(name)))
    if not found:
        raise QueryError(f"{what}no organisation is named {cut(name)} "
                         "(try `cthr query find-organisation --param name=...`)")
    if len({iri for iri, _ in found}) > 1:
        listed = "; ".join(f"{label} <{iri}>" for iri, label in found[:10])
        more = f" and {len(found) - 10} more" if len(found) > 10 else ""
        raise QueryError(f"{what}{cut(name)} names several organisations: {listed}{more}; "
                         "pass one IRI")
    return NamedNode(found[0][0])


def org_resolver(runner: Runner, catalogue: dict[str, StoredQuery] | None = None):
    """A resolve_org function: an exact match on the name key, else the stored find-organisation scan.

    The key (graph/namekey.py, lookup-queries/organisation-by-key.rq) is one
    indexed match. The scan, exact names only, runs only when no key matches:
    it keeps organisations that have no key (a store built before keys, an
    RDF source) resolvable, at the old cost, and costs nothing when a key hits.
    """
    by_key = (Path(__file__).parent / "lookup-queries" / "organisation-by-key.rq").read_text(encoding="utf-8")
    lookup = getattr(runner, "lookup", runner)

    def resolve(name: str) -> list[tuple[str, str]]:
        key = name_key(name)
        if key:
            columns, rows = lookup(by_key, {Variable("key"): Literal(key)})
            if rows:
                iri, label = columns.index("org"), columns.index("label")
                return [(r[iri], r[label]) for r in rows]
        scan = get_query(ORG_LOOKUP, catalogue)
        columns, rows = lookup(scan.text, {Variable("name"): Literal(name)})
        exact, iri, label = columns.index("exact"), columns.index("org"), columns.index("label")
        return [(r[iri], r[label]) for r in rows if r[exact] == "true"]
    return resolve


# The fast path of event_resolver: is this IRI an event? (?event is bound in a VALUES row.)
_IS_EVENT = "PREFIX cthr: <https://w3id.org/cthr/ontology#>\nSELECT ?event WHERE { ?event a cthr:Event }\n"


def event_resolver(runner: Runner):
    """A resolve_event function: the events an `event` parameter names (lookup-queries/events-by-title.rq).

    An event's IRI names that event (one lookup); any other text, and an IRI
    that is no event, is looked for in the events' display names.
    """
    by_title = (Path(__file__).parent / "lookup-queries" / "events-by-title.rq").read_text(encoding="utf-8")

    def resolve(text: str) -> list[str]:
        if re.match(r"[A-Za-z][A-Za-z0-9+.\-]*://", text):
            try:
                _, rows = runner(_IS_EVENT, {Variable("event"): NamedNode(text)})
            except ValueError:                      # not a valid IRI: only a title can match it
                rows = []
            if rows:
                return [text]
        _, rows = runner(by_title, {Variable("text"): Literal(text)})
        return [r[0] for r in rows]
    return resolve


def stored_bindings(runner: Runner, query: StoredQuery, given: Mapping[str, str],
                    catalogue: dict[str, StoredQuery] | None = None) -> dict[Variable, object]:
    """bind_params with the resolvers `query`'s parameter types need, each running its lookups on `runner`."""
    types = {p.type for p in query.params}
    return bind_params(query, given, org_resolver(runner, catalogue) if "org" in types else None,
                       event_resolver(runner) if "event" in types else None)


# ------------------------------------------------------------------ running
def _cell(term) -> str:
    """The term as text; an IRI or typed literal as a graph.values cell that keeps its type."""
    if term is None:
        return ""
    if isinstance(term, BlankNode):
        return BNode(f"_:{term.value}")
    if isinstance(term, NamedNode):
        return IRI(term.value)
    if isinstance(term, Literal):
        return literal_cell(term.value, term.datatype.value)
    return str(term)


def _fast_cell(term, _literal=Literal, _named=NamedNode, _iri=IRI, _by=BY_DATATYPE, _cell=_cell) -> str:
    """:func:`_cell` with the two common cases first (the same cells): a first ask converts every
    row of its answer, and this is a third of the time of a 2,370-row answer at 1M triples."""
    kind = type(term)
    if kind is _literal:
        if term.language:                   # rdf:langString: plain text, as literal_cell gives it
            return term.value
        typed = _by.get(term.datatype.value)
        return typed(term.value) if typed else term.value
    if kind is _named:
        return _iri(term.value)
    return _cell(term)


def run_query(graph, text: str, bindings: Mapping | None = None, *,
              allow_network: bool = False) -> tuple[list[str], Rows]:
    """Run a read-only query on a GraphStore; returns (columns, rows of strings).

    SELECT gives its projection; ASK one column `ask` ("true"/"false");
    CONSTRUCT and DESCRIBE the columns subject, predicate, object.
    """
    check_query(text, allow_network=allow_network)
    final = inline_bindings(text, bindings or {})
    check_query(final, allow_network=allow_network)       # the bound text is still read-only
    cache = _cache_for(graph, final)
    if cache is not None and (hit := cache.rows(final)) is not None:
        return hit[0], hit[1]
    # Results are computed lazily: evaluation errors surface while iterating.
    started = time.perf_counter()
    try:
        result = graph.query(final)
        if isinstance(result, QueryBoolean):
            return ["ask"], [[literal_cell("true" if bool(result) else "false", XSD.boolean.value)]]
        if isinstance(result, QuerySolutions):
            columns = [v.value for v in result.variables]
            # A solution iterates its values in the order of result.variables (None when unbound).
            rows = [list(map(_fast_cell, sol)) for sol in result]
            if cache is not None:
                cache.put_rows(final, columns, rows, time.perf_counter() - started)
            return columns, rows
        rows = sorted([_cell(t.subject), _cell(t.predicate), _cell(t.object)] for t in result)
        return ["subject", "predicate", "object"], rows
    except (SyntaxError, ValueError, OSError, RuntimeError) as exc:
        raise QueryError(f"the query failed: {' '.join(str(exc).split())}") from None


def run_update(graph, text: str, *, allow_network: bool = False) -> None:
    """Apply a SPARQL Update to a writable GraphStore (one transaction in oxigraph)."""
    check_query(text, allow_network=allow_network, allow_update=True)
    try:
        graph.store.update(text, prefixes=PREFIXES)
    except (SyntaxError, ValueError, OSError, RuntimeError) as exc:
        raise QueryError(f"the update failed: {' '.join(str(exc).split())}") from None


def rows_from_sparql_json(data: dict) -> tuple[list[str], Rows]:
    """(columns, rows) from SPARQL 1.1 JSON results, in the shape :func:`run_query` returns."""
    if "boolean" in data:
        return ["ask"], [[literal_cell("true" if data["boolean"] else "false", XSD.boolean.value)]]
    columns = list(data.get("head", {}).get("vars", []))
    rows = []
    for b in data.get("results", {}).get("bindings", []):
        row = []
        for c in columns:
            cell = b.get(c)
            if cell is None:
                row.append("")
            elif cell.get("type") == "bnode":
                row.append(BNode(f"_:{cell['value']}"))
            elif cell.get("type") == "uri":
                row.append(IRI(cell.get("value", "")))
            else:
                row.append(literal_cell(cell.get("value", ""), cell.get("datatype")))
        rows.append(row)
    return columns, rows


def local_runner(graph, allow_network: bool = False, limits=None) -> Runner:
    """A runner over a GraphStore; with `limits` (graph.limits.Limits) each query runs in a child process under them.

    Its `.page` gives a page and its total from one evaluation (graph/paging.py
    run_page uses it), and its `.lookup` runs the project's own lookups (the
    organisation resolver's) in this process: their texts are fixed and their
    cost is one indexed match or one scan of the labels, so only the user's
    query needs a child, and a command forks once.
    """
    from .paging import local_page

    def direct(text, bindings):
        return run_query(graph, text, bindings, allow_network=allow_network)

    def page(text, limit, offset):
        return local_page(graph, text, limit, offset, allow_network=allow_network)
    if limits is None:
        runner = direct
    else:
        from .limits import call_forked

        def runner(text, bindings):
            # Checked here as well as in the child: a refusal needs no process, nor does a cached answer.
            check_query(text, allow_network=allow_network)
            if (hit := cached_answer(graph, text, bindings)) is not None:
                return hit[0], hit[1]
            return call_forked(direct, text, bindings, limits=limits)

        def page(text, limit, offset, _page=page):      # noqa: F811 - the same, in the child
            check_query(text, allow_network=allow_network)
            if (hit := cached_answer(graph, text, None, offset, limit)) is not None:
                return hit
            return call_forked(_page, text, limit, offset, limits=limits)
    runner.page = page
    runner.lookup = direct
    return runner


def run_stored(runner: Runner, query: StoredQuery, given: Mapping[str, str],
               catalogue: dict[str, StoredQuery] | None = None) -> tuple[list[str], Rows]:
    """Bind `given` to a stored query (resolving organisations and events by name) and run it with `runner`."""
    return runner(query.text, stored_bindings(runner, query, given, catalogue))


# ------------------------------------------------------------------ display
_DISPLAY_PREFIXES = sorted(((k, v) for k, v in PREFIXES.items()), key=lambda kv: -len(kv[1]))


def compact(value: str) -> str:
    """An IRI shortened with the project prefixes, for tables only."""
    for prefix, ns in _DISPLAY_PREFIXES:
        if value.startswith(ns) and len(value) > len(ns) and not re.search(r"\s", value):
            return f"{prefix}:{value[len(ns):]}"
    return value


def compact_rows(rows: Rows) -> Rows:
    return [[compact(v) for v in r] for r in rows]


def catalogue_markdown(runner: Runner, catalogue: dict[str, StoredQuery] | None = None, max_rows: int = 6) -> str:
    """docs/queries.md: every stored query with its parameters and its example's real output on `runner`'s graph."""
    catalogue = catalogue if catalogue is not None else load_catalogue()
    out = ["# Stored queries", "",
           "<!-- Generated from queries/*.rq and a built graph: `cthr build && cthr queries --markdown >",
           "     docs/queries.md`. Do not edit by hand: edit the query headers and regenerate. -->", "",
           "Each query is a SPARQL file in `queries/` with a header describing it. Run one with",
           "`cthr query NAME --param key=value`; `--format csv|tsv|json` keep full IRIs, the table",
           "shortens them with the project prefixes. Parameters are bound as typed RDF terms in a",
           "`VALUES` row, never pasted into the query text. An `org` parameter takes an organisation's",
           "name, acronym or IRI, matched ignoring case, accents and punctuation: the name's key",
           "(`cthr:nameKey`, written at build time) must equal one of the organisation's keys, an exact",
           "indexed match done once per command; only when no key matches is the name looked for with",
           "`find-organisation`'s scan of every label (exact names only), so a graph without keys still",
           "resolves. `find-organisation` itself is the search by part of a name: a scan, exact names first.",
           "Only read-only queries run: SERVICE and LOAD need",
           "`--allow-network`, updates (from `--file`) need `--allow-update` and apply to a `--store` only.", "",
           "`--limit N --offset M` print one page of any stored SELECT (rows M+1 to M+N, in the query's",
           "own ORDER BY) and the total on stderr (`rows 1-100 of 25,501`); `cthr.open(...).query(name,",
           "limit=, offset=)` gives `.total`, and `cthr serve`'s `/stored/NAME?limit=N&offset=M` the",
           "`X-Cthr-Total` header. A stored query therefore never carries a LIMIT of its own.",
           "On a store the whole answer is kept for the store's version (`cthr-cache.sqlite` in the",
           "folder), so the next page, or the same query again, is read rather than evaluated.", "",
           "A stored query starts with a header of comment lines, which `cthr queries` reads:", "",
           "```sparql",
           "# title: Events in a date range",
           "# description: Events whose start date falls between two dates ...",
           "#   (an indented line continues the description)",
           "# param: from (xsd:date, optional) -- first day, inclusive",
           "# param: place (string, optional) -- city or country name, case-insensitive",
           "# example: cthr query events-in-range --param from=2024-12-01",
           "```", "",
           "Parameter types: `xsd:date` (YYYY-MM-DD), `xsd:integer`, `string`, `iri`, `org` (an",
           "organisation by name, acronym or IRI, resolved with `find-organisation`), and `event` (part of",
           "an event's title, case-insensitive, or its IRI: resolved once to every event it names, bound",
           "as a VALUES block of IRIs, so write the query from `?event`). A parameter is the",
           "query variable of the same name; an optional one left out stays unbound, so write its filter",
           "as `FILTER (!BOUND(?place) || ...)`. Use parameters in the top-level WHERE group (a sub-select",
           "does not see them). The same header works in a `--file` query.", "",
           "A parameter written `NAME (TYPE) = DEFAULT` takes DEFAULT when it is not given (the table",
           "output of `cthr query` says so on stderr). Stored queries have defaults only where the value",
           "is the question itself (the threshold of `frequent-attendees` and `merged-names`, the two",
           "sectors of `sectors-meet`), never a hidden filter: with no parameters, `events-in-range`",
           "returns every event.", ""]
    if "sources" in catalogue:
        _, rows = runner(catalogue["sources"].text, {})
        keys = ", ".join(f"`{r[0].rsplit('/', 1)[-1]}`" for r in rows)
        out += [f"The outputs shown were computed on a build of these sources: {keys}.", ""]
    out += [f"{len(catalogue)} queries:", ""]
    out += [f"- [`{q.name}`](#{q.name}): {q.title}" for q in catalogue.values()]
    for q in catalogue.values():
        out += ["", f"## {q.name}", "", f"**{q.title}.** {q.description}", ""]
        if q.params:
            out += ["| parameter | type | default | meaning |", "|---|---|---|---|"]
            for p in q.params:
                kind = p.type + (", optional" if p.optional else "")
                out.append(f"| `{p.name}` | {kind} | {_md(p.default or '')} | {_md(p.help)} |")
            out.append("")
        out += ["```sh", q.example, "```", ""]
        try:
            columns, rows = run_stored(runner, q, q.example_params(), catalogue)
        except QueryError as exc:
            out += [f"_The example fails: {exc}_"]
            continue
        out += [f"Output ({len(rows)} row{'s' if len(rows) != 1 else ''}"
                + (f", first {max_rows} shown" if len(rows) > max_rows else "") + "):", ""]
        out += ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
        for r in compact_rows(rows[:max_rows]):
            out.append("| " + " | ".join(_md(v) for v in r) + " |")
        out += ["", f"[query text](../queries/{q.name}.rq)"]
    return "\n".join(out) + "\n"


def _md(value: str) -> str:
    value = value.replace("|", "\\|").replace("\n", " ")
    return value if len(value) <= 120 else value[:117] + "..."


__all__ = [
    "Param", "StoredQuery", "QueryError", "PARAM_TYPES", "load_catalogue", "get_query", "parse_query_text",
    "bind_params", "convert", "check_query", "query_form", "inline_bindings", "sparql_term", "with_prefixes",
    "run_query", "run_update", "run_stored", "cached_answer", "local_runner", "org_resolver", "event_resolver", "stored_bindings",
    "resolve_name", "rows_from_sparql_json",
    "compact", "compact_rows", "catalogue_markdown",
]
