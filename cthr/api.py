"""The Python API: open a graph, run stored queries with typed rows, build, get the network graphs.

`import cthr` does not load this module: `cthr.open`, `cthr.build` and the
classes below are looked up on first use (see cthr/__init__.py), so a
script that only needs the version stays fast.

Errors are ValueError subclasses with one-line messages, as the CLI prints
them: QueryError (a query or parameter), LoadError (bad input), NetworkError
(a network filter), BuildError (the built graph fails the shapes).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path

__all__ = ["open", "build", "Graph", "Result", "BuildError"]


class BuildError(ValueError):
    """The built graph does not pass the shapes; nothing was written. `.report` has the details."""

    def __init__(self, report):
        self.report = report
        problems = len(getattr(report, "results", []) or [])
        super().__init__("the graph does not pass the shapes; nothing was written"
                         + (f" ({problems} problem(s); see .report.text())" if problems else ""))


class Result(Sequence):
    """Rows of a query as dicts of Python values, in the query's column order.

    Values: int, float, bool, datetime.date/datetime for typed literals, str
    for IRIs and text, None when unbound, and a list for a multi-valued
    (GROUP_CONCAT'ed) column.
    """

    def __init__(self, columns: list[str], rows: list[dict], total: int | None = None, offset: int = 0):
        self.columns = list(columns)
        self.rows = rows
        # With paging (Graph.query(limit=, offset=)): the size of the whole answer and where this page starts.
        self.total = len(rows) if total is None else total
        self.offset = offset

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, index):
        return self.rows[index]

    def __repr__(self) -> str:
        return f"<cthr.Result: {len(self.rows)} row(s) x {', '.join(self.columns)}>"

    def to_pandas(self):
        """A pandas DataFrame of the rows (needs pandas: `pip install 'cthr-kg[pandas]'`)."""
        try:
            import pandas
        except ImportError:
            raise ImportError("to_pandas() needs pandas: pip install 'cthr-kg[pandas]'") from None
        return pandas.DataFrame(self.rows, columns=self.columns)


def _result(columns: list[str], rows: list[list[str]], query_text: str, page=None) -> Result:
    from cthr.graph.values import multi_columns, python_value, split_multi

    multi = multi_columns(query_text)

    def value(column, cell):
        if column in multi:
            return [python_value(v) for v in split_multi(cell, multi[column])]
        return python_value(cell)
    return Result(columns, [{c: value(c, v) for c, v in zip(columns, r)} for r in rows],
                  page.total if page else None, page.offset if page else 0)


def _param_text(name: str, value) -> str:
    """A Python parameter value as the text `cthr query --param` takes."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (int, str)):
        return str(value)
    from cthr.graph.query import QueryError

    raise QueryError(f"parameter {name!r}: give a str, int or date, not {type(value).__name__}")


class Graph:
    """A cthr graph opened read-only: a store folder, or an RDF file loaded in memory."""

    def __init__(self, store, path: Path):
        self._store = store
        self.path = path
        self.built = None           # the BuildResult, when cthr.build() opened it

    def __repr__(self) -> str:
        return f"<cthr.Graph {self.path}: {len(self._store)} quads>"

    def __len__(self) -> int:
        return len(self._store)

    def queries(self) -> dict[str, str]:
        """The stored queries: {name: title}."""
        from cthr.graph.query import load_catalogue

        return {name: q.title for name, q in load_catalogue().items()}

    def query(self, name: str, /, *, limit: int | None = None, offset: int | None = None, **params) -> Result:
        """Run the stored query `name` with keyword parameters (`from_=` for `from`; dates, ints or text).

        An `org` parameter takes an organisation's name, acronym or IRI, as on
        the command line. `limit`/`offset` return one page of the answer, as
        `cthr query --limit --offset` does; the result's `.total` is the
        number of rows of the whole answer.
        """
        from cthr.graph.query import get_query, load_catalogue, local_runner, run_stored

        catalogue = load_catalogue()
        stored = get_query(name, catalogue)
        given = {k[:-1] if k.endswith("_") else k: v for k, v in params.items()}    # from_ -> from
        given = {k: _param_text(k, v) for k, v in given.items() if v is not None}
        if limit is not None or offset is not None:
            from cthr.graph.paging import run_page

            page = run_page(local_runner(self._store), stored, given, limit, offset or 0, catalogue)
            return _result(page.columns, page.rows, stored.text, page)
        columns, rows = run_stored(local_runner(self._store), stored, given, catalogue)
        return _result(columns, rows, stored.text)

    def sparql(self, text: str) -> Result:
        """Run a read-only SPARQL query (the project prefixes are declared); SERVICE and LOAD are refused."""
        from cthr.graph.query import run_query

        columns, rows = run_query(self._store, text)
        return _result(columns, rows, text)

    def network(self, *, start: date | str | None = None, end: date | str | None = None, place: str | None = None,
                funder: str | None = None, event_types: Iterable[str] = (), roles: Iterable[str] | None = None,
                weighting: str = "count"):
        """The co-attendance analysis `cthr network report` draws, as a NetworkAnalysis.

        Its NetworkX graphs are `.projection` (organisations, tied by shared
        events), `.bipartite` (organisation-event) and `.funding`
        (funder-event); `.measures` holds the centralities and
        `.node_table()` the rows `cthr network stats` prints.
        """
        from cthr.graph.network import ATTENDING_ROLES, NetworkError, NetworkFilter, analyse, load_network_data

        day = lambda v: date.fromisoformat(v) if isinstance(v, str) else v  # noqa: E731
        filters = NetworkFilter(start=day(start), end=day(end), place=place, funder=funder,
                                event_types=frozenset(event_types),
                                roles=frozenset(roles) if roles is not None else ATTENDING_ROLES)
        data = load_network_data(self._store, filters)
        if not data.events:
            raise NetworkError("no events match the filters" if filters.describe() else "the graph has no events")
        if not data.attendance:
            raise NetworkError(f"none of the {len(data.events)} selected event(s) has an attending organisation")
        return analyse(data, weighting)

    def membership(self):
        """The person-organisation NetworkX graph of posts (`cthr network export membership`)."""
        from cthr.graph.network import membership_network

        return membership_network(self._store)


def open(path: str | Path) -> Graph:          # noqa: A001 - cthr.open, as in the brief
    """Open a store folder (read-only) or an RDF file (Turtle, TriG, N-Triples, N-Quads, RDF/XML, JSON-LD)."""
    from cthr.graph.store import GraphStore

    path = Path(path)
    if path.is_dir():
        from cthr.graph.storedir import open_store

        return Graph(open_store(path, warn=lambda m: warnings.warn(m, stacklevel=3)), path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such store folder or RDF file")
    store = GraphStore()
    store.load_file(path)
    # Stored queries read the derived edges and display names, which a file not written by cthr lacks.
    store.refresh_inferences()
    return Graph(store, path)


def build(paths: str | Path | Iterable[str | Path] | None = None, *, store: str | Path | None = "cthr-store",
          out: str | Path | None = None, fresh: bool = False, project: str | Path | None = None) -> Graph:
    """Build `paths` (files or folders; None: the bundled corpus) into `store` and/or the Turtle file `out`.

    Returns the built graph opened read-only, with the BuildResult as
    `.built`. Raises LoadError for bad input and BuildError if the graph
    fails the shapes (then nothing is written).
    """
    from cthr.graph.build import build as run_build

    if store is None and out is None:
        raise ValueError("give a store folder or an output file (or both)")
    if paths is None:
        from cthr.corpus import default_sources

        paths = default_sources()
    elif isinstance(paths, (str, Path)):
        paths = [paths]
    result = run_build(list(paths), store=store, out=out, fresh=fresh, project=project)
    if not result.ok:
        raise BuildError(result.report)
    graph = open(store if store is not None else out)
    graph.built = result
    return graph

