"""Property test: any value of any parameter type gives rows or one short error line, never anything else.

For each parameter type (xsd:date, xsd:integer, string, iri, org),
hypothesis draws values — arbitrary Unicode (controls, quotes, braces,
newlines, lone surrogates), numbers of up to 6,000 digits, dates real and
impossible, IRI-like text — and binds them to a stored query that takes
that type (an ad-hoc query with a header for `iri`, which no stored query
uses). Each query runs on a real store the way `cthr query` runs it: in a
forked child under time and memory limits. The outcome must be rows of
strings or a QueryError of one line under 1,000 characters; and it must be
the same outcome as running the query in-process, so the child's transport
adds and loses nothing. A smaller run goes over HTTP to a real server,
which must answer 200 or 400, never 500.
"""

from __future__ import annotations

import urllib.parse

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cthr.graph.limits import Limits
from cthr.graph.query import QueryError, local_runner, parse_query_text, run_stored

from helpers import CATALOGUE, Server

IRI_QUERY = parse_query_text(
    "# title: Properties of a node\n# description: what the graph says about one node\n"
    "# param: node (iri) -- the node\n# example: cthr query node --param node=urn:x\n"
    "SELECT ?p ?o WHERE { ?node ?p ?o } ORDER BY ?p ?o LIMIT 20\n", "node", "node.rq")

BY_TYPE = {
    "xsd:date": ("events-in-range", "from"),
    "xsd:integer": ("frequent-attendees", "min"),
    "string": ("find-organisation", "name"),
    "org": ("co-attendance", "org"),
    "iri": (None, "node"),
}

text = st.text(max_size=300)
digits = st.text(alphabet="0123456789", min_size=1, max_size=6000)
VALUES = {
    "xsd:date": st.one_of(st.dates().map(lambda d: d.isoformat()), st.from_regex(r"\A\d{4}-\d{2}-\d{2}\Z"), text),
    "xsd:integer": st.one_of(st.integers().map(str), digits, st.tuples(st.sampled_from("+- "), digits).map("".join),
                             text),
    "string": st.one_of(text, st.sampled_from(["ONSA", "United Nations", "", "\"}", "'; DROP ALL ; #",
                                               "\\u0053ERVICE", "\n}\nSELECT * {"])),
    "org": st.one_of(text, st.sampled_from(["ONSA", "UNOCT", "EU", "https://w3id.org/cthr/id/org/x",
                                            "http://exa mple.org/"])),
    "iri": st.one_of(text, text.map(lambda t: "http://example.org/" + t),
                     st.sampled_from(["urn:x", "https://w3id.org/cthr/id/source/seed-events", "http://a/>", "<x>"])),
}


def _outcome(runner, query, value):
    try:
        columns, rows = run_stored(runner, query, {BY_TYPE[query_type(query)][1]: value}, CATALOGUE)
    except QueryError as exc:
        message = str(exc)
        assert "\n" not in message and len(message) < 1000, message[:2000]
        return ("error", message)
    assert all(isinstance(c, str) for c in columns)
    assert all(isinstance(v, str) for row in rows for v in row)
    return ("rows", columns, rows)


def query_type(query) -> str:
    return next(t for t, (name, _) in BY_TYPE.items() if (name or "node") == query.name)


@pytest.fixture(scope="module")
def runners(records_build):
    from cthr.graph.storedir import open_store

    graph = open_store(records_build / "store")
    return local_runner(graph, limits=Limits(30, 512)), local_runner(graph)


@pytest.mark.parametrize("kind", sorted(BY_TYPE))
def test_any_value_gives_rows_or_one_short_error_line(runners, kind):
    limited, direct = runners
    name, _ = BY_TYPE[kind]
    query = CATALOGUE[name] if name else IRI_QUERY

    seen = set()

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(VALUES[kind])
    def check(value):
        outcome = _outcome(limited, query, value)
        assert outcome == _outcome(direct, query, value)
        if kind == "string":       # any text is a valid string; a blank one is no value given
            assert (outcome[0] == "error") == (not value.strip()), outcome
            if outcome[0] == "error":
                assert "needs --param" in outcome[1]
        seen.add(outcome[0])
    check()
    # Both paths were taken (values ran, values were refused; for a string only a blank one is).
    assert "rows" in seen if kind == "string" else seen == {"rows", "error"}


@pytest.fixture(scope="module")
def server(records_build, tmp_path_factory):
    srv = Server("--store", records_build / "store", cwd=tmp_path_factory.mktemp("param-http"))
    yield srv
    srv.stop()


@pytest.mark.parametrize("kind", ["xsd:date", "xsd:integer", "string", "org"])
def test_any_value_over_http_is_200_or_400(server, kind):
    name, param = BY_TYPE[kind]

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(VALUES[kind])
    def check(value):
        data = urllib.parse.urlencode({param: value}, encoding="utf-8", errors="surrogatepass").encode()
        status, _, body = server.request(f"/stored/{name}", data, {"Content-Type": "application/x-www-form-urlencoded"})
        assert status in (200, 400), (status, body[:500])
        if status == 400:
            assert body.count("\n") == 1 and len(body) < 1000, body[:1000]
    check()
    assert server.alive
