"""Name keys (graph/namekey.py) and paging (graph/paging.py) on a graph built from invented records."""

from __future__ import annotations

import json

import pytest

from cthr.graph.namekey import name_key
from cthr.graph.paging import check_page, count_text, paged_text, run_page
from cthr.graph.query import (QueryError, event_resolver, inline_bindings, load_catalogue, local_runner, run_query,
                              run_stored)
from helpers import CATALOGUE, cli

# Invented bodies: accents, a dotted acronym, a hyphenated name, and a twelve-event listing.
RECORDS = """\
source:
  title: "Invented records for lookup tests"
  curator: tests/test_lookup.py
events:
""" + "".join(f"""  - key: ev-{i:02d}
    title: "Invented Round Table {i:02d}"
    start: 2021-03-{i + 1:02d}
    place: "Tarnow"
    country: "Poland"
    event_type: "workshop"
""" for i in range(12)) + """organisations:
  - {name: "Agence Sécurité Côtière", acronym: "A.S.C.", kind: security}
  - {name: "Blue-Harbour  Monitoring Group", acronym: BHMG}
  - {name: "Cedar Legal Aid Network"}
participations:
""" + "".join(f"""  - {{event: ev-{i:02d}, agent: "Agence Sécurité Côtière", agent_kind: organisation, roles: [organiser]}}
  - {{event: ev-{i:02d}, agent: "Blue-Harbour  Monitoring Group", agent_kind: organisation, roles: [participant]}}
""" for i in range(12)) + """  - {event: ev-00, agent: "Cedar Legal Aid Network", agent_kind: organisation, roles: [participant]}
  - {event: ev-03, agent: "Ilse Varnokova", agent_kind: person, roles: [speaker], on_behalf_of: "Cedar Legal Aid Network"}
  - {event: ev-03, agent: "Tomas Brenik", agent_kind: person, roles: [chair]}
  - {event: ev-11, agent: "Ilse Varnokova", agent_kind: person, roles: [opener]}
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from cthr.graph.build import build
    from cthr.graph.store import GraphStore

    tmp = tmp_path_factory.mktemp("lookup")
    (tmp / "invented.yaml").write_text(RECORDS, encoding="utf-8")
    result = build([tmp / "invented.yaml"], store=tmp / "store", out=tmp / "graph.ttl")
    assert result.ok, result.report.text()
    return tmp, GraphStore.read_only(tmp / "store")


@pytest.mark.parametrize("typed, key", [
    ("Agence Sécurité Côtière", "agence securite cotiere"),
    ("  AGENCE   securite-cotiere ", "agence securite cotiere"),
    ("A.S.C.", "asc"), ("a s c", "a s c"), ("O\u2019Neill & Partners", "oneill partners"),
    ("Straße", "strasse"), ("", ""), ("--", ""),
])
def test_name_key_folds_case_accents_and_punctuation(typed, key):
    assert name_key(typed) == key


def test_every_name_and_acronym_is_materialised_as_a_key(built):
    _, graph = built
    _, rows = run_query(graph, "SELECT ?k WHERE { ?o a cthr:Organisation ; cthr:nameKey ?k } ORDER BY ?k")
    keys = {r[0] for r in rows}
    assert {"agence securite cotiere", "asc", "blue harbour monitoring group", "bhmg",
            "cedar legal aid network"} <= keys


@pytest.mark.parametrize("typed", ["agence securite cotiere", "AGENCE SÉCURITÉ CÔTIÈRE", "asc", "A.S.C.",
                                   "Agence Sécurité-Côtière"])
def test_an_org_parameter_resolves_through_the_key(built, typed):
    _, graph = built
    columns, rows = run_stored(local_runner(graph), CATALOGUE["organisation-profile"], {"org": typed}, CATALOGUE)
    # Its twelve events, each as organiser (the other two bodies never organise).
    assert len(rows) == 12 and all("organiser" in r for r in rows)


def test_resolution_is_one_key_match_when_the_key_hits(built):
    # The runner sees every query text: a hit on the key never runs the label scan.
    _, graph = built
    seen = []
    base = local_runner(graph)

    def runner(text, bindings):
        seen.append(text)
        return base(text, bindings)
    run_stored(runner, CATALOGUE["co-attendance"], {"org": "bhmg"}, CATALOGUE)
    assert len(seen) == 2 and "cthr:nameKey ?key" in seen[0]
    assert CATALOGUE["find-organisation"].text not in seen


def test_a_name_with_no_key_falls_back_to_the_label_scan(tmp_path):
    # A graph from another tool has labels but no keys: the old exact-name scan still finds it.
    (tmp_path / "g.ttl").write_text(
        "@prefix cthr: <https://w3id.org/cthr/ontology#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "<https://w3id.org/cthr/id/org/z9> a cthr:Organisation ; rdfs:label \"Zeta Board\" ; "
        "cthr:displayName \"Zeta Board\" .\n", encoding="utf-8")
    r = cli("query", "organisation-profile", "--param", "org=zeta board", "--graph", str(tmp_path / "g.ttl"),
            "--format", "csv", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    r = cli("query", "organisation-profile", "--param", "org=zeta", "--graph", str(tmp_path / "g.ttl"),
            cwd=tmp_path)
    assert r.returncode == 1 and "no organisation is named 'zeta'" in r.stderr


# ------------------------------------------------------------ event parameter
def _event_iri(graph, title):
    _, rows = run_query(graph, 'SELECT ?e WHERE { ?e a cthr:Event ; cthr:displayName ?l . '
                               'FILTER (STR(?l) = "%s") }' % title)
    return rows[0][0]


def test_an_event_parameter_resolves_to_every_event_it_names(built):
    _, graph = built
    resolve = event_resolver(local_runner(graph))
    three = _event_iri(graph, "Invented Round Table 03")
    assert resolve("round TABLE 03") == [three]
    assert len(resolve("invented round table")) == 12
    assert resolve(three) == [three]
    assert resolve("no such title") == []


def test_an_event_parameter_is_bound_before_the_joins(built):
    # The query that runs starts from the resolved events (a VALUES block), with no title filter left.
    _, graph = built
    seen = []
    base = local_runner(graph)

    def runner(text, bindings):
        seen.append(inline_bindings(text, bindings))
        return base(text, bindings)
    for name in ("event-overview", "event-persons"):
        run_stored(runner, CATALOGUE[name], {"event": "table 03"}, CATALOGUE)
        assert "VALUES ?event { <https://w3id.org/cthr/id/event/" in seen[-1]
        assert "CONTAINS" not in seen[-1]


# Each query with an event parameter, against a direct reference: its rows for all events, kept
# when the event's title contains the text (the old CONTAINS filter) or the IRI is the event's.
EVENT_QUERIES = {"event-overview": "label", "event-persons": "eventLabel"}


def _cells_as_sets(row):
    return [frozenset(c.split("; ")) if "; " in c else c for c in row]


@pytest.mark.parametrize("name", sorted(EVENT_QUERIES))
@pytest.mark.parametrize("text", ["table 03", "ROUND TABLE 1", "Invented", "no such title", "IRI"])
def test_event_queries_give_the_rows_of_the_title_filter(built, name, text):
    _, graph = built
    runner = local_runner(graph)
    q = CATALOGUE[name]
    columns, everything = run_stored(runner, q, {}, CATALOGUE)
    label = columns.index(EVENT_QUERIES[name])
    if text == "IRI":                           # titles are unique here: the event's rows are its title's
        text = _event_iri(graph, "Invented Round Table 03")
        expected = [r for r in everything if r[label] == "Invented Round Table 03"]
    else:
        expected = [r for r in everything if text.lower() in r[label].lower()]
    got = run_stored(runner, q, {"event": text}, CATALOGUE)
    assert got[0] == columns
    assert [_cells_as_sets(r) for r in got[1]] == [_cells_as_sets(r) for r in expected]
    assert (len(expected) > 0) == (text != "no such title")


def test_an_empty_event_set_binds_a_term_that_matches_nothing():
    text = inline_bindings("SELECT ?event WHERE { ?event ?p ?o }", {"event": ()})
    assert "VALUES ?event { <https://w3id.org/cthr/id/nothing> }" in text


# ------------------------------------------------------------------ paging
def test_pages_cover_the_answer_in_order_with_the_total(built):
    _, graph = built
    runner, q = local_runner(graph), CATALOGUE["events-in-range"]
    _, whole = run_stored(runner, q, {}, CATALOGUE)
    assert len(whole) == 12
    pages = [run_page(runner, q, {}, 5, offset, CATALOGUE) for offset in (0, 5, 10, 15)]
    assert [p.total for p in pages] == [12] * 4
    assert [len(p.rows) for p in pages] == [5, 5, 2, 0]
    assert sum((p.rows for p in pages), []) == whole
    assert pages[0].summary() == "rows 1-5 of 12" and pages[2].summary() == "rows 11-12 of 12"
    assert pages[3].summary() == "no rows at offset 15 of 12"


def test_a_page_of_a_parametrised_query_counts_with_the_same_binding(built):
    _, graph = built
    page = run_page(local_runner(graph), CATALOGUE["events-in-range"], {"from": "2021-03-10"}, 2, 1, CATALOGUE)
    assert page.total == 3 and len(page.rows) == 2


@pytest.mark.parametrize("limit, offset", [(0, 0), (-1, 0), (1, -1), (10**7, 0), (1, 10**10), ("5", 0), (True, 0)])
def test_page_numbers_are_range_checked(limit, offset):
    with pytest.raises(QueryError):
        check_page(limit, offset)


def test_queries_outside_the_paging_convention_are_refused():
    with pytest.raises(QueryError, match="its own LIMIT"):
        paged_text("SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 3", 10)
    with pytest.raises(QueryError, match="SELECT queries only"):
        paged_text("ASK { ?s ?p ?o }", 10)
    # A LIMIT inside a sub-select is the query's own business, and a trailing comment cannot swallow ours.
    text = paged_text("SELECT ?s WHERE { { SELECT ?s WHERE { ?s ?p ?o } LIMIT 2 } } ORDER BY ?s # end", 1, 4)
    assert text.endswith("# end\nLIMIT 1 OFFSET 4\n")
    assert count_text("PREFIX x: <urn:x#>\nSELECT ?s WHERE { ?s x:p ?o } ORDER BY ?s").startswith(
        "PREFIX x: <urn:x#>\nSELECT (COUNT(*) AS ?total) WHERE { {\nSELECT ?s WHERE { ?s x:p ?o } \n} }")


def test_cli_pages_with_the_total_on_stderr(built):
    tmp, _ = built
    store = str(tmp / "store")
    r = cli("query", "events-in-range", "--limit", "5", "--offset", "5", "--store", store, cwd=tmp)
    assert r.returncode == 0, r.stderr
    assert "rows 6-10 of 12" in r.stderr and "Round Table 05" in r.stdout and "Round Table 04" not in r.stdout
    r = cli("query", "events-in-range", "--limit", "3", "--store", store, "--format", "json", cwd=tmp)
    data = json.loads(r.stdout)
    assert isinstance(data, list) and len(data) == 3        # stdout stays the plain JSON rows
    assert "rows 1-3 of 12" in r.stderr
    r = cli("query", "events-in-range", "--limit", "0", "--store", store, cwd=tmp)
    assert r.returncode == 2 and "--limit" in r.stderr


def test_api_pages_and_reports_the_total(built):
    import cthr

    tmp, _ = built
    graph = cthr.open(tmp / "store")
    result = graph.query("co-attendance", org="A.S.C.", limit=1)
    assert len(result) == 1 and result.total == 2 and result.offset == 0
    assert graph.query("events-in-range", limit=4, offset=8).total == 12


def test_served_stored_query_pages_with_the_total_in_a_header(built):
    from helpers import Server

    tmp, _ = built
    server = Server("--store", tmp / "store", cwd=tmp)
    try:
        status, headers, body = server.request("/stored/events-in-range?limit=4&offset=10",
                                               headers={"Accept": "text/csv"})
        assert status == 200, body
        assert headers["X-Cthr-Total"] == "12" and len(body.strip().splitlines()) == 1 + 2
        status, headers, body = server.request("/stored/events-in-range", headers={"Accept": "text/csv"})
        assert status == 200 and "X-Cthr-Total" not in headers and len(body.strip().splitlines()) == 13
        status, _, body = server.request("/stored/events-in-range?limit=1e3")
        assert status == 400 and "--limit must be a whole number" in body
    finally:
        server.kill()
