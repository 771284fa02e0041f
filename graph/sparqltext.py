"""SPARQL as text: a small lexer, the checks on a query's form (no update, no SERVICE/LOAD unless allowed), RDF terms and VALUES blocks written into a query.

Part of the stored query library (graph/query.py re-exports every name):
parameters reach a query only as terms in a VALUES block placed by
:func:`inline_bindings`, never as text typed by the user.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import NamedTuple

from pyoxigraph import Literal, NamedNode, Variable


from .vocab import PREFIXES, XSD


class QueryError(ValueError):
    """A stored query, a parameter or an ad-hoc query is not acceptable (one-line message)."""


# --------------------------------------------------------------------- lexing
# A small SPARQL lexer: enough to tell keywords from strings, IRIs, comments,
# prefixed names and variables, which is what the safety check and the VALUES
# injection need. It is deliberately conservative: anything it cannot place
# becomes a one-character token.
#
# [^\x00-\xBF\U00010000-\U0010FFFF] is U+00C0..U+FFFF written so that it
# compiles fast: sre fills a table one code point at a time for a class whose
# ranges all lie in the BMP (about 0.1 s at every start-up for the five such
# classes this pattern had); a range past the BMP makes it skip the table.
# tests/test_query_lexer.py checks the two spellings agree on every code point.
_TOKEN = re.compile(r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\r\n]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*(?:\"\"\"|$)
              | '''(?:[^'\\]|\\.|'(?!''))*(?:'''|$)
              | "(?:[^"\\\r\n]|\\.)*"?
              | '(?:[^'\\\r\n]|\\.)*'?)
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$](?:[A-Za-z0-9_\u00B7]|[^\x00-\xBF\U00010000-\U0010FFFF])+)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<number>[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?)
  | (?P<name>(?:(?:[A-Za-z_]|[^\x00-\xBF\U00010000-\U0010FFFF])(?:[\w\-\u00B7]|[^\x00-\xBF\U00010000-\U0010FFFF])*)?
              :(?:[\w\-.%:\u00B7]|[^\x00-\xBF\U00010000-\U0010FFFF]|\\.)*
            |(?:[A-Za-z_]|[^\x00-\xBF\U00010000-\U0010FFFF])(?:[\w\-\u00B7]|[^\x00-\xBF\U00010000-\U0010FFFF])*)
  | (?P<punct>.)
""", re.VERBOSE | re.DOTALL)


class _Tok(NamedTuple):
    """One token; a NamedTuple, as a frozen dataclass took 3x as long to make (the catalogue makes thousands)."""

    kind: str
    text: str
    start: int
    end: int


def _tokens(text: str) -> tuple[_Tok, ...]:
    """Significant tokens (no whitespace, no comments) with their offsets.

    Cached for texts the size of a stored query: one command lexes the same
    text several times (the checks, the VALUES injection, paging), and the
    catalogue's files twice each. A long text (a server's user query can be
    a megabyte) is lexed afresh, so the cache never holds much memory.
    """
    return _cached_tokens(text) if len(text) <= 16384 else _lex(text)


@lru_cache(maxsize=32)
def _cached_tokens(text: str) -> tuple[_Tok, ...]:
    return _lex(text)


def _lex(text: str) -> tuple[_Tok, ...]:
    out = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind in ("ws", "comment"):
            continue
        value = m.group()
        if kind == "name" and value.endswith(".") and ":" in value:
            # A prefixed name cannot end with a dot: that dot ends the triple.
            value = value.rstrip(".")
        out.append(_Tok(kind, value, m.start(), m.start() + len(value)))
    return tuple(out)


_UCHAR = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def _unescape_codepoints(text: str) -> str:
    """SPARQL 1.1 §19.2 codepoint escapes, which some engines apply to the whole query."""
    def repl(m):
        try:
            return chr(int(m.group(1) or m.group(2), 16))
        except ValueError:
            return m.group()
    return _UCHAR.sub(repl, text)


def _keywords(text: str) -> list[str]:
    return [t.text.upper() for t in _tokens(text) if t.kind == "name" and ":" not in t.text]


# ----------------------------------------------------------------- the check
QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_KEYWORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "ADD", "MOVE", "COPY")
NETWORK_KEYWORDS = ("SERVICE", "LOAD")


def query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT, DESCRIBE, or UPDATE: the first keyword after the prologue."""
    return _form(_keywords(text))


def _form(words: list[str]) -> str:
    for word in words:
        if word in ("PREFIX", "BASE"):
            continue
        if word in QUERY_FORMS:
            return word
        if word in UPDATE_KEYWORDS or word == "WITH":
            return "UPDATE"
        break
    raise QueryError("not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE after the PREFIX lines")


def check_query(text: str, allow_network: bool = False, allow_update: bool = False) -> str:
    """Refuse remote access (SERVICE, LOAD) and updates unless allowed; return the query form.

    The scan reads keywords only: comments, string literals and IRIs are
    lexed out first, so a keyword inside them neither hides nor triggers
    anything; it looks at the text both as written and with codepoint escapes
    (\\u0053ERVICE) decoded, and refuses if either view shows a keyword.
    """
    words = _keywords(text)
    form = _form(words)
    seen = set(words)
    decoded = _unescape_codepoints(text)
    if decoded != text:                     # lexed again only when an escape changed something
        seen |= set(_keywords(decoded))
    if not allow_network:
        bad = sorted(seen & set(NETWORK_KEYWORDS))
        if bad:
            raise QueryError(f"the query uses {', '.join(bad)}, which fetches from the network; "
                             "pass --allow-network to permit it")
    if not allow_update:
        bad = sorted(seen & set(UPDATE_KEYWORDS))
        if form == "UPDATE" or bad:
            raise QueryError(f"the query is an update ({', '.join(bad) or 'WITH'}); only read-only SELECT, ASK, "
                             "CONSTRUCT and DESCRIBE run unless --allow-update is given (and then only on a --store)")
    return form


# ----------------------------------------------------------------- the terms
_VARNAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_ECHAR = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def _escape(value: str) -> str:
    out = []
    for ch in value:
        if ch in _ECHAR:
            out.append(_ECHAR[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return "".join(out)


def sparql_term(term) -> str:
    """An RDF term written as SPARQL/N-Triples syntax, escaped so it is one term."""
    if isinstance(term, NamedNode):
        iri = term.value
        # pyoxigraph validated the IRI; re-check the characters that could end it.
        if re.search(r'[<>"{}|^`\\\x00-\x20]', iri):
            raise QueryError(f"invalid IRI {iri!r}")
        return f"<{iri}>"
    if isinstance(term, Literal):
        text = f'"{_escape(term.value)}"'
        if term.language:
            if not re.fullmatch(r"[A-Za-z]+(-[A-Za-z0-9]+)*", term.language):
                raise QueryError(f"invalid language tag {term.language!r}")
            return f"{text}@{term.language}"
        if term.datatype.value != XSD.string.value:
            return f"{text}^^{sparql_term(term.datatype)}"
        return text
    raise QueryError(f"cannot bind a {type(term).__name__} as a query parameter")


def _where_brace(text: str) -> int:
    """Offset just after the `{` that opens the query's WHERE group."""
    toks = _tokens(text)
    i = next((k for k, t in enumerate(toks) if t.kind == "name" and t.text.upper() in QUERY_FORMS), None)
    if i is None:
        raise QueryError("parameters can only be bound in a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    form = toks[i].text.upper()
    k = i + 1
    if form == "CONSTRUCT":
        if k < len(toks) and toks[k].text == "{":          # skip the template
            depth = 0
            while k < len(toks):
                depth += {"{": 1, "}": -1}.get(toks[k].text, 0)
                k += 1
                if depth == 0:
                    break
        elif k < len(toks) and toks[k].text.upper() == "WHERE":
            raise QueryError("parameters cannot be bound in the short form CONSTRUCT WHERE { ... }")
    while k < len(toks):
        if toks[k].text == "{":
            return toks[k].end
        k += 1
    raise QueryError("no WHERE { ... } group to bind parameters in")


def _subselect_groups(text: str, after: int) -> list[tuple[int, set[str]]]:
    """(offset just after the `{`, variable names used inside) for each sub-SELECT's WHERE group past `after`."""
    toks = _tokens(text)
    groups = []
    for i, t in enumerate(toks):
        if t.start < after or t.kind != "name" or t.text.upper() != "SELECT":
            continue
        k = next((k for k in range(i + 1, len(toks)) if toks[k].text == "{"), None)
        if k is None:
            continue
        depth, names, j = 0, set(), k
        while j < len(toks):
            depth += {"{": 1, "}": -1}.get(toks[j].text, 0)
            if toks[j].kind == "var":
                names.add(toks[j].text[1:])
            if depth == 0:
                break
            j += 1
        groups.append((toks[k].end, names))
    return groups


def _union_groups(text: str, after: int) -> list[tuple[int, set[str]]]:
    """(offset just after the `{`, variable names used inside) for each UNION branch past `after`.

    oxigraph 0.5 evaluates a UNION on its own and joins it with the VALUES
    row around it afterwards, so a branch not bound itself reads every
    match in the store (organisation-profile for one organisation at 1M:
    every participation, 0.53 s, against 0.1 ms per branch bound).
    """
    toks = _tokens(text)
    match, stack = {}, []
    for k, t in enumerate(toks):
        if t.text == "{":
            stack.append(k)
        elif t.text == "}" and stack:
            match[k] = stack.pop()
    opens = set()
    for i, t in enumerate(toks):
        if t.start < after or t.kind != "name" or t.text.upper() != "UNION":
            continue
        if i > 0 and toks[i - 1].text == "}" and i - 1 in match:
            opens.add(match[i - 1])
        if i + 1 < len(toks) and toks[i + 1].text == "{":
            opens.add(i + 1)
    close = {o: c for c, o in match.items()}
    groups = []
    for k in sorted(opens):
        names = {toks[j].text[1:] for j in range(k, close.get(k, len(toks) - 1) + 1) if toks[j].kind == "var"}
        groups.append((toks[k].end, names))
    return groups


def _values_block(items: list[tuple[str, str]]) -> str:
    return (" VALUES (" + " ".join(f"?{n}" for n, _ in items) + ") { ("
            + " ".join(t for _, t in items) + ") } ")


# Bound for an empty set: an IRI no graph mentions. `VALUES ?x { }` is standard
# too, but Virtuoso 7.2 refuses it as a query over its 30 s estimate.
NOTHING = "<https://w3id.org/cthr/id/nothing>"


def _values_set(name: str, terms: list[str]) -> str:
    """One variable's VALUES block with a row per term (none: a term that matches nothing)."""
    return f" VALUES ?{name} {{ " + "".join(f"{t} " for t in terms or [NOTHING]) + "} "


def inline_bindings(text: str, bindings: Mapping) -> str:
    """The query with `bindings` ({Variable or name: term}) as a VALUES row opening its WHERE group.

    A parameter is a constant of the whole query: the row also opens the WHERE
    group of every sub-SELECT that uses one of the variables (a sub-select has
    its own scope, so the outer row would not reach it), which binds the focus
    before the sub-select aggregates, and every UNION branch that uses one
    (see :func:`_union_groups`). Only serialised RDF terms are inserted
    (see :func:`sparql_term`), on the line of the opening brace so error line
    numbers stay those of the file. A value of None leaves its variable
    unbound (an optional filter is off); a tuple or list of terms is a VALUES
    block of its own with one row per term (an `event` parameter that names
    several events; an empty one matches nothing).
    """
    items, sets = [], []
    for var, term in bindings.items():
        name = var.value if isinstance(var, Variable) else str(var)
        if not _VARNAME.match(name):
            raise QueryError(f"invalid parameter name {name!r}")
        if isinstance(term, (tuple, list, frozenset)):
            sets.append((name, [sparql_term(t) for t in term]))
        elif term is not None:
            items.append((name, sparql_term(term)))
    if not items and not sets:
        return text

    def blocks(names=None):
        row = [(n, t) for n, t in items if names is None or n in names]
        return ((_values_block(row) if row else "")
                + "".join(_values_set(n, ts) for n, ts in sets if names is None or n in names))
    at = _where_brace(text)
    inserts = [(at, blocks())]
    for offset, names in _subselect_groups(text, at) + _union_groups(text, at):
        block = blocks(names)
        if block:
            inserts.append((offset, block))
    for offset, block in sorted(inserts, reverse=True):
        text = text[:offset] + block + text[offset:]
    return text


def with_prefixes(text: str) -> str:
    """The query with PREFIX lines for the project prefixes it uses but does not declare (for remote endpoints)."""
    declared = set(re.findall(r"(?im)^\s*PREFIX\s+([A-Za-z][\w\-.]*)?:", text))
    used = {t.text.split(":", 1)[0] for t in _tokens(text) if t.kind == "name" and ":" in t.text}
    missing = sorted((used - declared) & set(PREFIXES))
    return "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in missing) + text
