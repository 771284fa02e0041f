"""Push to a real Virtuoso and compare every stored query's rows, locally and remotely."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from pyoxigraph import NamedNode

from cthr.cli import main
from cthr.graph.query import local_runner, run_stored
from cthr.graph.push import push
from cthr.graph.remote import PushError, RemoteError, count_triples, mask_url, resolve_endpoint, run_remote

from helpers import CATALOGUE

TIMEOUT = 30.0          # per request: a query Virtuoso cannot plan must fail, not hang the suite


@pytest.fixture(scope="module")
def pushed(virtuoso, records_graph):
    """The records graph pushed once to Virtuoso (credentials passed explicitly: module scope)."""
    endpoint = resolve_endpoint(virtuoso.query_url, virtuoso.update_url)
    endpoint = type(endpoint)(endpoint.query_url, virtuoso.update_url, virtuoso.user, virtuoso.password,
                              "digest", TIMEOUT)
    report = push(records_graph, endpoint, batch_size=150)
    return endpoint, report


def group_concat_separators(text: str) -> dict[str, str]:
    """Column -> separator of each GROUP_CONCAT in a query: their order is not defined by SPARQL."""
    return {m.group(2): m.group(1).encode().decode("unicode_escape")
            for m in re.finditer(r'separator\s*=\s*"((?:[^"\\]|\\.)*)"\s*\)\s*AS\s*\?(\w+)', text)}


def canonical(query, columns, rows):
    seps = group_concat_separators(query.text)
    return sorted(tuple(seps[c].join(sorted(v.split(seps[c]))) if c in seps and v else v
                        for c, v in zip(columns, r)) for r in rows)


def test_push_is_verified_by_counting_on_the_server(pushed, records_graph):
    endpoint, report = pushed
    expected = {}
    for q in records_graph.quads():
        expected.setdefault(q.graph_name.value, set()).add(q.triple)
    assert report.expected == {g: len(ts) for g, ts in expected.items()}
    assert report.complete and report.total_verified == len(records_graph)
    for g, n in report.expected.items():
        assert count_triples(endpoint, g) == n          # counted again, independently of push


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_stored_query_rows_are_the_same_locally_and_remotely(name, pushed, records_graph):
    endpoint, _ = pushed
    query = CATALOGUE[name]
    given = query.example_params()
    local_columns, local_rows = run_stored(local_runner(records_graph), query, given, CATALOGUE)
    remote_columns, remote_rows = run_stored(
        lambda text, bindings: run_remote(endpoint, text, bindings, timeout=TIMEOUT), query, given, CATALOGUE)
    assert remote_columns == local_columns
    assert local_rows, f"{name}: the example returns no rows locally, so the comparison proves little"
    assert canonical(query, remote_columns, remote_rows) == canonical(query, local_columns, local_rows)


# Values beyond each query's example: every organisation name and acronym in
# the graph for the `org` parameters, and ambiguous or hostile text for the
# string ones. A name matching several organisations once made the lookup
# query hang Virtuoso 7.2 (a BIND reading a VALUES-bound variable).
ORG_PARAMS = {"co-attendance": "org", "events-by-funder": "funder", "organisation-profile": "org",
              "people-by-organisation": "org", "funders": "funder", "fact-provenance": "org"}
TEXTS = ["a", "un", "eu", "iraq", "baghdad", "'\"}\n"]


def wide_cases(records_graph):
    _, rows = local_runner(records_graph)(
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX cthr: <https://w3id.org/cthr/ontology#> "
        "SELECT DISTINCT ?n { ?o a cthr:Organisation ; skos:altLabel|skos:prefLabel ?n }", {})
    names = sorted(r[0] for r in rows)
    assert len(names) > 10
    cases = [(q, {p: n}) for n in names for q, p in ORG_PARAMS.items()]
    for text in TEXTS:
        cases += [("find-organisation", {"name": text}), ("event-persons", {"event": text}),
                  ("event-overview", {"event": text}),
                  ("events-in-range", {"from": "2000-01-01", "to": "2030-01-01", "place": text})]
    sectors = ["human-rights", "security", "government", "civil-society"]
    cases += [("sectors-meet", {"sector_a": a, "sector_b": b}) for a in sectors for b in sectors]
    cases += [("fact-provenance", {"role": r}) for r in ("organiser", "participant", "funder", "host")]
    cases += [(q, {"min": m}) for q in ("frequent-attendees", "merged-names") for m in ("1", "2", "3")]
    return cases


def test_stored_queries_agree_on_many_parameter_values(pushed, records_graph):
    endpoint, _ = pushed
    differ = []
    cases = wide_cases(records_graph)
    for name, params in cases:
        query = CATALOGUE[name]
        local = run_stored(local_runner(records_graph), query, params, CATALOGUE)
        remote = run_stored(lambda text, b: run_remote(endpoint, text, b, timeout=TIMEOUT),
                            query, params, CATALOGUE)
        if canonical(query, *remote) != canonical(query, *local):
            differ.append((name, params))
    assert not differ, f"{len(differ)} of {len(cases)} differ: {differ[:5]}"


def test_pages_and_totals_are_the_same_locally_and_remotely(pushed, records_graph):
    """graph/paging.py's LIMIT/OFFSET and COUNT texts are standard SPARQL: Virtuoso pages the same rows."""
    from cthr.graph.paging import run_page

    endpoint, _ = pushed

    def remote(text, b):
        return run_remote(endpoint, text, b, timeout=TIMEOUT)
    for name, params in (("events-in-range", {}), ("frequent-attendees", {"min": "1"}),
                         ("co-attendance", {"org": "ONSA"}), ("funders", {})):
        query = CATALOGUE[name]
        whole = run_stored(local_runner(records_graph), query, params, CATALOGUE)[1]
        for limit, offset in ((1, 0), (2, 1), (3, len(whole) - 1)):
            local = run_page(local_runner(records_graph), query, params, limit, offset, CATALOGUE)
            there = run_page(remote, query, params, limit, offset, CATALOGUE)
            assert there.total == local.total == len(whole), (name, limit, offset)
            assert len(there.rows) == len(local.rows) == len(whole[offset:offset + limit]), (name, limit, offset)
            if name == "events-in-range":           # a total order (start, IRI): the very same rows
                assert [r[0] for r in there.rows] == [r[0] for r in local.rows]


def test_push_into_one_graph_and_query_it(virtuoso_env, records_graph):
    target = "https://w3id.org/cthr/graph/test-one-graph"
    report = push(records_graph, virtuoso_env.query_url, target, update_endpoint=virtuoso_env.update_url, batch_size=500)
    distinct = len({q.triple for q in records_graph.quads()})
    assert report.expected == {target: distinct} and report.verified == {target: distinct}
    columns, rows = run_remote(virtuoso_env.query_url, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", {},
                               graphs=[target], timeout=TIMEOUT)
    assert rows == [[str(distinct)]]
    # Pushing again replaces the graph: the count stays, nothing is doubled.
    again = push(records_graph, virtuoso_env.query_url, target, update_endpoint=virtuoso_env.update_url)
    assert again.verified == {target: distinct}


def test_wrong_password_is_a_clear_error_without_the_password(virtuoso, records_graph, monkeypatch):
    monkeypatch.setenv("CTHR_SPARQL_USER", "dba")
    monkeypatch.setenv("CTHR_SPARQL_PASSWORD", "not-the-password")
    monkeypatch.setenv("CTHR_SPARQL_AUTH", "digest")
    with pytest.raises(PushError) as info:
        push(records_graph, virtuoso.query_url, "https://w3id.org/cthr/graph/denied",
             update_endpoint=virtuoso.update_url, retries=0)
    message = str(info.value)
    assert "401" in message and "not-the-password" not in message
    assert info.value.report.total_verified == 0        # counted on the server: nothing landed


def test_anonymous_update_is_refused_by_virtuoso(virtuoso, records_graph, monkeypatch):
    for key in ("CTHR_SPARQL_USER", "CTHR_SPARQL_PASSWORD", "CTHR_SPARQL_AUTH"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("CTHR_ENDPOINTS", str(virtuoso.folder / "none.toml"))
    with pytest.raises(RemoteError) as info:
        push(records_graph, virtuoso.query_url, "https://w3id.org/cthr/graph/anon", retries=0)
    assert "at http://127.0.0.1" in str(info.value)


def test_endpoints_file_supplies_credentials(virtuoso, records_graph, tmp_path, monkeypatch):
    for key in ("CTHR_SPARQL_USER", "CTHR_SPARQL_PASSWORD", "CTHR_SPARQL_AUTH"):
        monkeypatch.delenv(key, raising=False)
    config = tmp_path / "endpoints.toml"
    config.write_text(f'[[endpoint]]\nurl = "{virtuoso.query_url}"\nupdate_url = "{virtuoso.update_url}"\n'
                      f'user = "{virtuoso.user}"\npassword = "{virtuoso.password}"\nauth = "digest"\n')
    monkeypatch.setenv("CTHR_ENDPOINTS", str(config))
    target = "https://w3id.org/cthr/graph/from-config"
    report = push(records_graph, virtuoso.query_url, target)
    assert report.complete and report.verified[target] == len({q.triple for q in records_graph.quads()})


def test_cli_push_and_remote_query(virtuoso_env, records_build):
    runner = CliRunner()
    result = runner.invoke(main, ["push", "--endpoint", virtuoso_env.query_url, "--update-endpoint",
                                  virtuoso_env.update_url, "--store", str(records_build / "store"),
                                  "--batch", "300"])
    assert result.exit_code == 0, result.output
    assert "counted on the server" in result.output
    result = runner.invoke(main, ["query", "events-in-range", "--endpoint", virtuoso_env.query_url,
                                  "--param", "from=2024-12-01", "--param", "to=2024-12-31", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert "2024-12-03" in result.output and "2025-05-06" not in result.output


def test_cli_refuses_credentials_in_the_url(records_build):
    result = CliRunner().invoke(main, ["push", "--endpoint", "http://dba:s3cret@127.0.0.1:1/sparql",
                                       "--store", str(records_build / "store")])
    assert result.exit_code != 0
    assert "s3cret" not in result.output and "***@127.0.0.1" in result.output


def test_mask_url():
    assert mask_url("http://u:p@host:8890/sparql") == "http://***@host:8890/sparql"
    assert mask_url("http://host/sparql") == "http://host/sparql"
    assert "secret" not in repr(resolve_endpoint("http://u:secret@host/sparql"))
    assert str(NamedNode("http://host/")) == "<http://host/>"
