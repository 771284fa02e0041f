"""Query safety: bound values are inert, and SERVICE/LOAD/updates are refused unless allowed.

The graphs here are writable copies of a real build, so an injection that
managed to run an update would show up as a changed graph.
"""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings, strategies as st
from pyoxigraph import Literal, NamedNode, Quad, Variable

from cthr.cli import main
from cthr.graph.query import (QueryError, bind_params, check_query, inline_bindings,
                              local_runner, run_query, run_stored)
from cthr.graph.store import GraphStore
from cthr.graph.vocab import RDF, RDFS, C, ID

from helpers import CATALOGUE

NASTY = [
    'x" } ; DROP ALL ; #',
    "x' } ; DROP ALL ; #",
    'x"\n}\nDROP ALL ;\n#',
    'x""" } DROP ALL #',
    'Baghdad" || true || "',
    '") } } ; INSERT DATA { <http://e.org/a> <http://e.org/b> "c" } #',
    "x\\u0022 } ; DROP ALL ; #",
    "x\\\\\" } ; CLEAR ALL ; #",
    "> } SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } #",
    "x\r\n} # \x00 \x1f",
]


@pytest.fixture()
def graph(records_build, tmp_path):
    """A writable copy of the records build."""
    shutil.copytree(records_build / "store", tmp_path / "store")
    return GraphStore(tmp_path / "store")


def snapshot(graph):
    return len(graph), sorted(map(str, graph.quads()))


def cli(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


# ------------------------------------------------------------- bound values
@pytest.mark.parametrize("value", NASTY)
def test_string_parameters_are_inert(graph, value):
    before = snapshot(graph)
    runner = local_runner(graph)
    for name, param in [("events-in-range", "place"), ("fact-provenance", "event"), ("fact-provenance", "role"),
                        ("find-organisation", "name"), ("organisations-by-sector", "sector"),
                        ("event-overview", "event"), ("sectors-meet", "sector_a")]:
        columns, rows = run_stored(runner, CATALOGUE[name], {param: value}, CATALOGUE)
        assert rows == [], (name, value)            # no label holds the value: nothing matches
    assert snapshot(graph) == before


@pytest.mark.parametrize("value", NASTY)
def test_a_nasty_value_matches_itself_as_a_literal(graph, value):
    """An organisation really named with the nasty string is found by it, exactly."""
    org = NamedNode(ID + "org/nasty")
    g = NamedNode(ID + "source/nasty")
    graph.replace_source(g, [Quad(org, RDF.type, C.Organisation, g), Quad(org, RDFS.label, Literal(value), g)])
    graph.refresh_inferences()                      # its display name, as a build derives it
    before = snapshot(graph)
    columns, rows = run_stored(local_runner(graph), CATALOGUE["find-organisation"], {"name": value}, CATALOGUE)
    found = [dict(zip(columns, r)) for r in rows]
    assert [(r["org"], r["label"], r["exact"]) for r in found] == [(org.value, value, "true")]
    # ... and as an org parameter it resolves to that organisation.
    b = bind_params(CATALOGUE["co-attendance"], {"org": value},
                    lambda name: [(r["org"], r["label"]) for r in found if r["exact"] == "true"])
    assert b[Variable("org")] == org
    assert snapshot(graph) == before


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(min_size=1, max_size=40))
def test_any_text_is_one_literal(graph, value):
    before = len(graph)
    text = inline_bindings(CATALOGUE["find-organisation"].text, {Variable("name"): Literal(value)})
    assert check_query(text) == "SELECT"            # the bound text is still one read-only SELECT
    columns, rows = run_query(graph, CATALOGUE["find-organisation"].text, {Variable("name"): Literal(value)})
    for r in rows:
        assert value.lower() in r[columns.index("matched")].lower()
    assert len(graph) == before


@pytest.mark.parametrize("value", ["http://e.org/x> } ; DROP ALL ; #", "http://e.org/x y", 'http://e.org/"',
                                   "http://e.org/{x}", "http://e.org/\\u003E"])
def test_iri_parameters_must_be_iris(value):
    with pytest.raises(QueryError, match="is not an IRI"):
        bind_params(CATALOGUE["co-attendance"], {"org": value})


def test_cli_injection_leaves_the_store_unchanged(records_build, tmp_path):
    shutil.copytree(records_build / "store", tmp_path / "store")
    before = snapshot(GraphStore(tmp_path / "store"))
    for value in NASTY:
        result = cli("query", "events-in-range", "--param", f"place={value}", "--store", str(tmp_path / "store"),
                     "--format", "csv")
        assert result.exit_code == 0, result.output
        assert result.output.splitlines() == ["event,label,start,end,city,country,organisers"]
    assert snapshot(GraphStore(tmp_path / "store")) == before


# ------------------------------------------------------------------- refusal
REFUSED = {
    "service": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "service lowercase, no space": "select * { service<http://127.0.0.1:9/sparql>{ ?s ?p ?o } }",
    "service silent mixed case": "SELECT * { SeRvIcE SILENT <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "service after a comment with a quote": 'SELECT * WHERE { # it\'s "harmless\n SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }',
    "service after a string ending in an escaped backslash":
        'SELECT * WHERE { BIND ("a\\\\" AS ?x) SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }',
    "service after a long string with quotes": 'SELECT * WHERE { BIND ("""a "b" ""c""" AS ?x) SERVICE <http://127.0.0.1:9/> {} }',
    "service as a codepoint escape": "SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "load": "LOAD <http://127.0.0.1:9/data.ttl>",
    "insert data": 'INSERT DATA { <http://e.org/a> <http://e.org/b> "c" }',
    "delete where lowercase": "delete where { ?s ?p ?o }",
    "drop all": "DROP ALL",
    "clear after prefix": "PREFIX ex: <http://e.org/>\nCLEAR GRAPH ex:g",
    "with modify": "WITH <http://e.org/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "query then update": "SELECT * WHERE { ?s ?p ?o } ; DROP ALL",
    "copy": "COPY DEFAULT TO <http://e.org/g>",
    "create": "CREATE GRAPH <http://e.org/g>",
    "add": "ADD <http://e.org/a> TO <http://e.org/b>",
    "move": "MOVE <http://e.org/a> TO <http://e.org/b>",
}
ALLOWED = {
    "keywords in a comment": "# SERVICE, LOAD, DROP ALL, INSERT\nSELECT * WHERE { ?s ?p ?o } LIMIT 1",
    "keywords in strings": 'SELECT * WHERE { ?s ?p ?o FILTER (?o != "DROP ALL" && ?o != \'SERVICE\') } LIMIT 1',
    "keywords in an IRI and a prefixed name": "SELECT * WHERE { ?s <http://e.org/drop#service> ?o . ?s cthr:load ?x }",
    "keywords as variables": "SELECT ?drop ?service WHERE { ?drop ?load ?service } LIMIT 1",
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_refused_without_flags(case):
    with pytest.raises(QueryError, match="--allow-network|--allow-update"):
        check_query(REFUSED[case])


@pytest.mark.parametrize("case", sorted(ALLOWED))
def test_keywords_outside_the_syntax_are_not_refused(case):
    assert check_query(ALLOWED[case]) == "SELECT"


def test_flags_lift_the_matching_refusal_only():
    assert check_query(REFUSED["service"], allow_network=True) == "SELECT"
    with pytest.raises(QueryError, match="--allow-network"):
        check_query(REFUSED["service"], allow_update=True)
    assert check_query(REFUSED["drop all"], allow_update=True) == "UPDATE"
    with pytest.raises(QueryError, match="--allow-update"):
        check_query(REFUSED["drop all"], allow_network=True)
    with pytest.raises(QueryError, match="--allow-network"):
        check_query(REFUSED["load"], allow_update=True)            # LOAD also fetches


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_cli_refuses_file_queries(records_build, tmp_path, case):
    shutil.copytree(records_build / "store", tmp_path / "store")
    before = snapshot(GraphStore(tmp_path / "store"))
    f = tmp_path / "q.rq"
    f.write_text(REFUSED[case], encoding="utf-8")
    result = cli("query", "--file", str(f), "--store", str(tmp_path / "store"))
    assert result.exit_code != 0
    assert "--allow-" in result.output and "Traceback" not in result.output
    assert len([line for line in result.output.splitlines() if line.strip()]) <= 2   # one (wrapped) line
    assert snapshot(GraphStore(tmp_path / "store")) == before


def test_cli_update_applies_to_a_store_only(records_build, tmp_path):
    shutil.copytree(records_build / "store", tmp_path / "store")
    store = str(tmp_path / "store")
    f = tmp_path / "u.rq"
    f.write_text('INSERT DATA { GRAPH <https://w3id.org/cthr/id/source/manual> {\n'
                 '  <https://w3id.org/cthr/id/org/new> a cthr:Organisation ; rdfs:label "New body"@en } }\n',
                 encoding="utf-8")
    before = len(GraphStore(store))
    refused = cli("query", "--file", str(f), "--store", store)
    assert refused.exit_code != 0 and "--allow-update" in refused.output
    on_file = cli("query", "--file", str(f), "--allow-update", "--graph", str(records_build / "graph.ttl"))
    assert on_file.exit_code != 0 and "only to a local --store" in on_file.output
    remote = cli("query", "--file", str(f), "--allow-update", "--endpoint", "http://127.0.0.1:9/sparql")
    assert remote.exit_code != 0 and "only to a local --store" in remote.output
    with_params = cli("query", "--file", str(f), "--allow-update", "--param", "x=1", "--store", store)
    assert with_params.exit_code != 0 and "cannot be bound in an update" in with_params.output
    assert len(GraphStore(store)) == before
    applied = cli("query", "--file", str(f), "--allow-update", "--store", store)
    assert applied.exit_code == 0, applied.output
    result = cli("query", "find-organisation", "--param", "name=new body", "--store", store, "--format", "csv")
    assert "New body" in result.output


def test_service_with_allow_network_is_not_refused_by_the_check(records_build, tmp_path):
    """With the flag the check lets SERVICE through; nothing listens on port 9, so the engine fails cleanly."""
    f = tmp_path / "s.rq"
    f.write_text(REFUSED["service"], encoding="utf-8")
    result = cli("query", "--file", str(f), "--allow-network", "--store", str(records_build / "store"))
    assert "--allow-network" not in result.output
    assert "Traceback" not in result.output
