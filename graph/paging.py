"""Paging of stored queries: `--limit N --offset M` with the total number of rows.

A page is the stored query with `LIMIT n OFFSET m` appended after its
solution modifiers. That is a documented convention of the catalogue, not a
string splice of user input: stored listing queries are SELECTs that end in
their own ORDER BY (tests/test_queries.py checks both, so pages are stable)
and never carry a LIMIT or OFFSET of their own, and the two numbers are
range-checked integers written by this module. A query that does not fit the
convention (a `--file` query with its own LIMIT, an ASK) is refused with
one line rather than rewritten.

On a remote endpoint the total is one `SELECT (COUNT(*) ...)` over the same
query, its ORDER BY dropped (the order cannot change the count); both texts
are standard SPARQL 1.1, so paging works the same on Virtuoso. On the local
store (`local_runner(...).page`) one evaluation gives both: the rows outside
the page are counted, not converted.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass

from pyoxigraph import Variable

from .query import QueryError, Rows, Runner, StoredQuery, _tokens, inline_bindings, query_form, stored_bindings

# Upper bounds: far beyond any answer of the catalogue, well inside oxigraph's and Virtuoso's integers.
MAX_LIMIT = 1_000_000
MAX_OFFSET = 1_000_000_000


@dataclass(frozen=True)
class Page:
    """Rows `offset+1 .. offset+len(rows)` of an answer of `total` rows."""
    columns: list[str]
    rows: Rows
    total: int
    offset: int

    def summary(self) -> str:
        """'rows 1-100 of 25,501' (or 'no rows of 12' past the end), for stderr."""
        if not self.rows:
            return f"no rows at offset {self.offset:,} of {self.total:,}"
        return f"rows {self.offset + 1:,}-{self.offset + len(self.rows):,} of {self.total:,}"


def check_page(limit: int | None, offset: int | None) -> tuple[int | None, int]:
    """(limit, offset) as checked integers, else a QueryError naming the bad one."""
    for name, value, low, high in (("limit", limit, 1, MAX_LIMIT), ("offset", offset, 0, MAX_OFFSET)):
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int):
            raise QueryError(f"--{name} must be a whole number, not {value!r}")
        if not low <= value <= high:
            raise QueryError(f"--{name} {value} is out of range ({low} to {high:,})")
    return limit, offset or 0


def _modifiers(text: str) -> tuple[int | None, set[str]]:
    """(offset of a top-level ORDER, the top-level solution-modifier keywords) after the last `}`."""
    toks = _tokens(text)
    depth, last_close = 0, -1
    for k, t in enumerate(toks):
        depth += {"{": 1, "}": -1}.get(t.text, 0)
        if t.text == "}" and depth == 0:
            last_close = k
    tail = toks[last_close + 1:]
    words = {t.text.upper() for t in tail if t.kind == "name"}
    order = next((t.start for t in tail if t.kind == "name" and t.text.upper() == "ORDER"), None)
    return order, words


def _check_select(text: str) -> None:
    if query_form(text) != "SELECT":
        raise QueryError("--limit and --offset apply to SELECT queries only")
    _, words = _modifiers(text)
    if words & {"LIMIT", "OFFSET"}:
        raise QueryError("the query has its own LIMIT or OFFSET; --limit/--offset page queries without one")


def paged_text(text: str, limit: int | None, offset: int = 0) -> str:
    """The query with `LIMIT limit OFFSET offset` after its modifiers (on a new line: a comment may end the text)."""
    limit, offset = check_page(limit, offset)
    _check_select(text)
    clauses = (f" LIMIT {limit}" if limit is not None else "") + (f" OFFSET {offset}" if offset else "")
    return text.rstrip() + "\n" + clauses.strip() + "\n" if clauses else text


def count_text(text: str) -> str:
    """A query counting the rows of `text` (a SELECT, its parameters already bound), its ORDER BY left out."""
    _check_select(text)
    order, _ = _modifiers(text)
    body = text[:order] if order is not None else text
    form = next(t for t in _tokens(body) if t.kind == "name" and t.text.upper() == "SELECT")
    prologue, select = body[:form.start], body[form.start:]
    return f"{prologue}SELECT (COUNT(*) AS ?total) WHERE {{ {{\n{select}\n}} }}\n"


def local_page(graph, text: str, limit: int | None, offset: int = 0, *,
               allow_network: bool = False) -> tuple[list[str], Rows, int]:
    """(columns, the page's rows, total) from one evaluation on a local store.

    oxigraph has to produce (and sort) the whole answer before its first row
    anyway, so the rows outside the page are only counted, never turned into
    Python cells: one evaluation instead of the page query plus the COUNT.
    A store opened read-only keeps the whole answer (graph/resultcache.py),
    so every later page, and the same page again, is read from there.
    """
    from .query import _cache_for, _fast_cell, check_query

    limit, offset = check_page(limit, offset)
    check_query(text, allow_network=allow_network)
    _check_select(text)
    end = None if limit is None else offset + limit
    cache = _cache_for(graph, text)
    if cache is not None and (hit := cache.rows(text, offset, limit)) is not None:
        return hit
    started = time.perf_counter()
    try:
        result = graph.query(text)
        columns = [v.value for v in result.variables]
        if cache is not None:               # every row converted once, kept, then sliced
            every = [list(map(_fast_cell, solution)) for solution in result]
            cache.put_rows(text, columns, every, time.perf_counter() - started)
            return columns, every[offset:end], len(every)
        rows, total = [], 0
        for solution in result:
            if total >= offset and (end is None or total < end):
                rows.append(list(map(_fast_cell, solution)))
            total += 1
    except (SyntaxError, ValueError, OSError, RuntimeError) as exc:
        raise QueryError(f"the query failed: {' '.join(str(exc).split())}") from None
    return columns, rows, total


def run_page(runner: Runner, query: StoredQuery, given: Mapping[str, str], limit: int | None, offset: int = 0,
             catalogue: dict[str, StoredQuery] | None = None) -> Page:
    """One page of a stored query and the size of its whole answer; names are resolved once for both."""
    limit, offset = check_page(limit, offset)
    bound = inline_bindings(query.text, stored_bindings(runner, query, given, catalogue))
    if getattr(runner, "page", None) is not None:           # a local store: one evaluation for both
        columns, rows, total = runner.page(bound, limit, offset)
        return Page(columns, rows, total, offset)
    columns, rows = runner(paged_text(bound, limit, offset), {})
    if offset == 0 and (limit is None or len(rows) < limit):
        total = len(rows)                     # the whole answer is in hand: no second query
    else:
        _, counted = runner(count_text(bound), {})
        total = int(counted[0][0]) if counted else 0
    return Page(columns, rows, total, offset)


__all__ = ["MAX_LIMIT", "MAX_OFFSET", "Page", "check_page", "count_text", "local_page", "paged_text", "run_page"]
