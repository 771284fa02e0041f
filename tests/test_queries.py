"""The stored query library (cthr.graph.query, queries/*.rq) and the query CLI, on real built graphs."""

from __future__ import annotations

import json
import re

import pytest
import yaml
from click.testing import CliRunner
from pyoxigraph import Literal, NamedNode, Store, Variable

from cthr.cli import main
from cthr.graph.query import (PARAM_TYPES, QueryError, bind_params, catalogue_markdown, check_query, compact,
                              get_query, inline_bindings, local_runner, parse_query_text,
                              rows_from_sparql_json, run_query, run_stored, sparql_term)
from cthr.graph.store import GraphStore
from cthr.graph.vocab import XSD

from helpers import CATALOGUE, RECORDS, ROOT, SEEDS

# The two bundled events' titles, read from the curated records (not quoted here).
_TITLES = {e["key"]: e["title"] for e in yaml.safe_load(RECORDS.read_text(encoding="utf-8"))["events"]}
CTPHARE = _TITLES["ctphare-baghdad-2024-12"]
UNOCT_EVENT = _TITLES["unoct-ncijc-baghdad-2025-05"]


@pytest.fixture(scope="module")
def run(records_graph):
    """run(name, **params) -> list of dicts (full IRIs), through the same path as the CLI."""
    runner = local_runner(records_graph)

    def _run(query_name, /, **params):
        columns, rows = run_stored(runner, CATALOGUE[query_name], {k: str(v) for k, v in params.items()}, CATALOGUE)
        return [dict(zip(columns, r)) for r in rows]
    return _run


def cli(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


# ------------------------------------------------------------------ catalogue
def test_catalogue_has_at_least_15_documented_queries():
    assert len(CATALOGUE) >= 15
    for name, q in CATALOGUE.items():
        assert q.name == name and q.title and q.description, name
        assert q.example.startswith(f"cthr query {name}"), name
        assert all(p.type in PARAM_TYPES for p in q.params), name
        assert re.search(r"^\s*ORDER BY", q.text, re.M), f"{name} has no ORDER BY: output would not be stable"
        assert check_query(q.text) in ("SELECT", "ASK", "CONSTRUCT"), name


def test_catalogue_covers_the_questions_of_the_brief():
    for name in ("events-in-range", "co-attendance", "events-by-funder", "people-by-organisation",
                 "resources-at-events", "events-per-year", "frequent-attendees", "sectors-meet",
                 "fact-provenance", "event-overview", "organisations-by-sector", "funders", "event-persons",
                 "sources", "organisation-profile", "merged-names"):
        assert name in CATALOGUE


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_every_stored_query_runs_its_example_on_the_records_corpus(records_graph, name):
    q = CATALOGUE[name]
    columns, rows = run_stored(local_runner(records_graph), q, q.example_params(), CATALOGUE)
    assert columns and rows, f"{name}: the documented example returns no row"
    assert all(len(r) == len(columns) for r in rows)
    # Stable output: a second run gives the same rows in the same order.
    assert run_stored(local_runner(records_graph), q, q.example_params(), CATALOGUE) == (columns, rows)


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_every_stored_query_runs_its_example_on_the_default_corpus(default_build, name):
    graph = GraphStore.read_only(default_build / "store")
    q = CATALOGUE[name]
    columns, rows = run_stored(local_runner(graph), q, q.example_params(), CATALOGUE)
    assert rows, f"{name}: the documented example returns no row on the default corpus"


# -------------------------------------------------------------- real content
def test_events_in_range_selects_by_start_date(run):
    both = run("events-in-range", **{"from": "2024-12-01", "to": "2025-05-31"})
    assert [(r["label"], r["start"], r["city"]) for r in both] == [
        (CTPHARE, "2024-12-03", "Baghdad"), (UNOCT_EVENT, "2025-05-06", "Baghdad")]
    only_2024 = run("events-in-range", **{"from": "2024-01-01", "to": "2024-12-31"})
    assert [r["label"] for r in only_2024] == [CTPHARE]
    assert only_2024[0]["organisers"] == "International Institute for Justice and the Rule of Law"
    # Inclusive bounds: an event starting on the last day is in.
    assert [r["label"] for r in run("events-in-range", **{"from": "2025-05-06", "to": "2025-05-06"})] == [UNOCT_EVENT]


def test_events_in_range_place_filter_is_optional_and_case_insensitive(run):
    assert len(run("events-in-range")) == 2                       # defaults, no place: no filter
    assert len(run("events-in-range", place="bAgHdAd")) == 2
    assert len(run("events-in-range", place="iraq")) == 2          # the country matches too
    assert run("events-in-range", place="Paris") == []


OUTSIDE_2024_2025 = """\
@prefix cthr: <https://w3id.org/cthr/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://w3id.org/cthr/id/event/old> a cthr:Event ; rdfs:label "An old seminar" ; cthr:startDate "2009-03-02"^^xsd:date .
<https://w3id.org/cthr/id/event/new> a cthr:Event ; rdfs:label "A later course" ; cthr:startDate "2031-10-20"^^xsd:date .
"""


def test_events_in_range_has_no_hidden_date_range(tmp_path):
    (tmp_path / "g.ttl").write_text(OUTSIDE_2024_2025, encoding="utf-8")
    r = CliRunner().invoke(main, ["query", "events-in-range", "--graph", str(tmp_path / "g.ttl"), "--format", "csv"])
    assert r.exit_code == 0, r.output
    assert [line.split(",")[2] for line in r.output.splitlines()[1:]] == ["2009-03-02", "2031-10-20"]
    # Each bound alone leaves the other side open.
    r = CliRunner().invoke(main, ["query", "events-in-range", "--graph", str(tmp_path / "g.ttl"), "--format", "csv",
                                  "--param", "from=2010-01-01"])
    assert [line.split(",")[1] for line in r.output.splitlines()[1:]] == ["A later course"]
    r = CliRunner().invoke(main, ["query", "events-in-range", "--graph", str(tmp_path / "g.ttl"), "--format", "csv",
                                  "--param", "to=2010-01-01"])
    assert [line.split(",")[1] for line in r.output.splitlines()[1:]] == ["An old seminar"]


def test_no_stored_query_hides_a_date_default():
    # Defaults are allowed only where the value is the question (a threshold, two sectors), never a date filter.
    dated = [(q.name, p.name) for q in CATALOGUE.values() for p in q.params if p.default and p.type == "xsd:date"]
    assert dated == []
    assert {(q.name, p.name) for q in CATALOGUE.values() for p in q.params if p.default} == {
        ("frequent-attendees", "min"), ("merged-names", "min"), ("sectors-meet", "sector_a"), ("sectors-meet", "sector_b")}


def test_the_table_says_which_defaults_applied(records_build):
    r = CliRunner().invoke(main, ["query", "frequent-attendees", "--store", str(records_build / "store")])
    assert r.exit_code == 0
    assert "rows (defaults: min=2)" in r.output
    r = CliRunner().invoke(main, ["query", "frequent-attendees", "--param", "min=1", "--store", str(records_build / "store")])
    assert "defaults" not in r.output


def test_co_attendance_with_onsa_covers_both_events(run, records_graph):
    rows = run("co-attendance", org="ONSA")
    names = {r["organisation"] for r in rows}
    # Others of the 2024 CT PHARE workshop and of the 2025 UNOCT/NCIJC workshop.
    assert {"International Institute for Justice and the Rule of Law", "High Commission for Human Rights",
            "Federal Intelligence and Investigation Agency", "Ministry of Interior",
            "National Center for International Judicial Cooperation",
            "United Nations Office of Counter-Terrorism"} <= names
    assert "Office of the National Security Advisory" not in names          # not itself
    assert not {"European Union", "Canada"} & names                          # funders did not attend
    shared = {r["organisation"]: int(r["sharedEvents"]) for r in rows}
    assert shared["United Nations Office of Counter-Terrorism"] == 2
    assert shared["Baghdad University"] == 1
    # Exactly the organisations that share an event with ONSA, by an independent query.
    onsa = run("find-organisation", name="onsa")[0]["org"]
    independent = {r["o"].value for r in records_graph.query(
        f"SELECT DISTINCT ?o {{ ?e cthr:hasParticipant <{onsa}> , ?o . ?o a cthr:Organisation "
        f"FILTER (?o != <{onsa}>) }}")}
    assert {r["other"] for r in rows} == independent


def test_org_parameter_accepts_name_acronym_or_iri(run):
    iri = run("find-organisation", name="ONSA")[0]["org"]
    by_acronym = run("co-attendance", org="onsa")
    assert run("co-attendance", org="Office of the National Security Advisory") == by_acronym
    assert run("co-attendance", org="National Security Advisory") == by_acronym     # merged surface form
    assert run("co-attendance", org=iri) == by_acronym


def test_events_by_funder(run):
    eu = run("events-by-funder", funder="European Union")
    assert [r["label"] for r in eu] == [CTPHARE]
    assert eu[0]["fundsProject"] == "yes" and eu[0]["fundsEvent"] == "" and eu[0]["project"] == "CT PHARE"
    canada = run("events-by-funder", funder="Canada")
    assert [r["label"] for r in canada] == [UNOCT_EVENT]


def test_funders_tell_stated_from_inferred(run):
    rows = run("funders")
    by = {(r["funderName"], r["itemLabel"]): r for r in rows}
    assert by[("European Union", "CT PHARE")]["kind"] == "project"
    assert by[("European Union", "CT PHARE")]["howKnown"] == "funding record"
    event = by[("Canada", UNOCT_EVENT)]
    assert event["kind"] == "event" and event["basis"] == "stated"
    assert "derived by the build rules" in event["howKnown"]
    assert {r["funderName"] for r in run("funders", funder="EU")} == {"European Union"}


def test_fact_provenance_points_at_the_record_line(run):
    rows = run("fact-provenance", event="strengthening", role="organiser")
    assert len(rows) == 1
    row = rows[0]
    assert row["agentName"] == "International Institute for Justice and the Rule of Law"
    assert row["source"] == "https://w3id.org/cthr/id/source/seed-events"
    line = RECORDS.read_text(encoding="utf-8").splitlines()[int(row["line"]) - 1]
    assert "IIJ" in line and "organiser" in line and "ctphare-baghdad-2024-12" in line


def test_fact_provenance_of_a_funder_role(run):
    rows = run("fact-provenance", role="funder", org="Canada")
    assert [r["eventLabel"] for r in rows] == [UNOCT_EVENT]
    line = RECORDS.read_text(encoding="utf-8").splitlines()[int(rows[0]["line"]) - 1]
    assert "Canada" in line and "funder" in line


def test_fact_provenance_quotes_the_seed_text(default_build):
    graph = GraphStore.read_only(default_build / "store")
    columns, rows = run_stored(local_runner(graph), CATALOGUE["fact-provenance"],
                               {"event": "strengthening", "role": "organiser"}, CATALOGUE)
    text_rows = [dict(zip(columns, r)) for r in rows if dict(zip(columns, r))["quote"]]
    assert text_rows, "no participation quoted from the seed text"
    url = "https://theiij.org/event/strengthening-dialogue-between-iraqi-government-authorities-and-human-rights-stakeholders"
    source_text = (SEEDS / "ctphare-baghdad-2024-12.txt").read_text(encoding="utf-8")
    for r in text_rows:
        assert r["url"] == url
        assert r["quote"] in source_text
        if r["start"]:
            assert source_text[int(r["start"]):int(r["end"])] == r["quote"]


def test_frequent_attendees_threshold(run):
    assert {r["organisation"] for r in run("frequent-attendees", min=2)} == {
        "Office of the National Security Advisory", "United Nations Office of Counter-Terrorism"}
    assert run("frequent-attendees", min=3) == []
    assert len(run("frequent-attendees", min=1)) > 20


def test_sectors_meet_human_rights_and_security(run):
    rows = run("sectors-meet")
    assert [r["label"] for r in rows] == [CTPHARE]
    # The Integrity Commission is an anti-corruption body: the alias table files it under government.
    assert {"High Commission for Human Rights"} == set(rows[0]["bodiesA"].split("; "))
    assert {"Federal Intelligence and Investigation Agency", "Counter-Terrorism Services"} <= set(
        rows[0]["bodiesB"].split("; "))
    judiciary = run("sectors-meet", sector_a="judiciary", sector_b="un")
    assert [r["label"] for r in judiciary] == [UNOCT_EVENT]


def test_event_overview(run):
    rows = {r["label"]: r for r in run("event-overview")}
    assert rows[CTPHARE]["participants"] == "55" and rows[CTPHARE]["funders"] == "European Union"
    assert rows[CTPHARE]["hosts"] == "European Union Advisory Mission in Iraq"
    assert rows[UNOCT_EVENT]["participants"] == "15" and rows[UNOCT_EVENT]["countQualifier"] == "approximate"
    assert rows[UNOCT_EVENT]["funders"] == "Canada" and rows[UNOCT_EVENT]["place"] == "Baghdad, Iraq"
    assert [r["label"] for r in run("event-overview", event="principles")] == [UNOCT_EVENT]


def test_people_posts_and_event_persons(run):
    iij = run("people-by-organisation", org="IIJ")
    assert {(r["name"], r["post"]) for r in iij} == {("Paul Madden", "Project Lead"),
                                                     ("Francesca Amerio", "Program Manager")}
    assert len(run("people-by-organisation")) == 8
    persons = {r["name"]: r for r in run("event-persons", event="strengthening")}
    assert persons["Paul Madden"]["roles"] == "chair, opener" or set(
        persons["Paul Madden"]["roles"].split(", ")) == {"opener", "chair"}
    assert persons["Sirmad Hikmat"]["onBehalfOf"] == "Office of the National Security Advisory"
    assert "Ali Hussain Chfat" not in persons


def test_resources_and_publishers(run):
    rows = {r["title"]: r for r in run("resources-at-events")}
    toolkit = rows["OHCHR Toolkit on Strengthening Human Rights in Counter-Terrorism Strategy and Policy"]
    assert toolkit["publisher"] == "Office of the United Nations High Commissioner for Human Rights"
    memo = next(r for t, r in rows.items() if t.startswith("GCTF Brussels Memorandum"))
    assert memo["presentedBy"] == "Francesca Amerio" and memo["eventLabel"] == CTPHARE


def test_events_per_year_and_profiles(run):
    assert [(r["year"], r["organiser"], r["events"], r["participants"]) for r in run("events-per-year")] == [
        ("2024", "International Institute for Justice and the Rule of Law", "1", "55"),
        ("2025", "United Nations Office of Counter-Terrorism", "1", "15")]
    profile = {r["eventLabel"]: r for r in run("organisation-profile", org="onsa")}
    assert set(profile[CTPHARE]["roles"].split(", ")) == {"partner", "participant", "opener (through a person)"}
    assert profile[CTPHARE]["representedBy"] == "Sirmad Hikmat"
    assert profile[UNOCT_EVENT]["roles"] == "partner"
    eu = run("organisation-profile", org="EU")
    assert [r["eventLabel"] for r in eu] == [CTPHARE] and "funder of its project" in eu[0]["roles"]


def test_merged_names_sources_and_sectors(run, records_graph):
    merged = run("merged-names")
    assert [r["canonical"] for r in merged] == ["Office of the National Security Advisory"]
    assert set(merged[0]["surfaceNames"].split("; ")) == {"Office of the National Security Advisory",
                                                          "National Security Advisory"}
    sources = run("sources")
    assert [r["source"] for r in sources] == ["https://w3id.org/cthr/id/source/seed-events"]
    assert int(sources[0]["statements"]) == len(records_graph.quads(NamedNode(sources[0]["source"])))
    assert sources[0]["events"] == "2" and sources[0]["kind"] == "records"
    security = {r["organisation"] for r in run("organisations-by-sector", sector="security")}
    assert "Federal Intelligence and Investigation Agency" in security and "Canada" not in security
    assert {r["sectorName"] for r in run("organisations-by-sector")} >= {"security", "un", "eu", "human-rights"}


# --------------------------------------------------------------- parameters
def test_bind_params_converts_and_validates():
    q = CATALOGUE["events-in-range"]
    b = bind_params(q, {"from": "2024-02-29", "place": "Baghdad"})
    assert b[Variable("from")] == Literal("2024-02-29", datatype=XSD.date)
    assert Variable("to") not in b                                             # optional, unset: unbound
    assert b[Variable("place")] == Literal("Baghdad")
    assert bind_params(q, {}) == {}
    assert bind_params(CATALOGUE["frequent-attendees"], {}) == {Variable("min"): Literal("2", datatype=XSD.integer)}
    with pytest.raises(QueryError, match=r"parameter 'from': '2023-02-29' is not a date"):
        bind_params(q, {"from": "2023-02-29"})
    with pytest.raises(QueryError, match=r"parameter 'to': '31/12/2024' is not a date"):
        bind_params(q, {"to": "31/12/2024"})
    with pytest.raises(QueryError, match=r"unknown parameter 'city'.*parameters: from, to, place"):
        bind_params(q, {"city": "Baghdad"})
    with pytest.raises(QueryError, match=r"parameter 'min': '2.5' is not a whole number"):
        bind_params(CATALOGUE["frequent-attendees"], {"min": "2.5"})
    assert bind_params(CATALOGUE["frequent-attendees"], {"min": " 3"})[Variable("min")] == Literal(
        "3", datatype=XSD.integer)
    with pytest.raises(QueryError, match=r"needs --param org="):
        bind_params(CATALOGUE["co-attendance"], {})


def test_an_empty_parameter_is_one_not_given(run):
    """A form's empty field ("?sector=") or "--param sector=" leaves the filter off, not a search for ""."""
    q = CATALOGUE["events-in-range"]
    assert bind_params(q, {"from": "", "to": "  ", "place": ""}) == bind_params(q, {}) == {}
    assert bind_params(CATALOGUE["frequent-attendees"], {"min": ""}) == {Variable("min"): Literal("2", datatype=XSD.integer)}
    with pytest.raises(QueryError, match=r"needs --param org="):
        bind_params(CATALOGUE["co-attendance"], {"org": ""})
    assert len(run("organisations-by-sector", sector="")) == len(run("organisations-by-sector")) > 0


def test_org_parameter_resolution_errors():
    q = CATALOGUE["co-attendance"]
    with pytest.raises(QueryError, match="no organisation is named 'Nowhere'"):
        bind_params(q, {"org": "Nowhere"}, lambda name: [])
    with pytest.raises(QueryError, match="names several organisations"):
        bind_params(q, {"org": "X"}, lambda name: [("https://e.org/a", "A"), ("https://e.org/b", "B")])
    with pytest.raises(QueryError, match="give the organisation's IRI"):
        bind_params(q, {"org": "ONSA"})
    assert bind_params(q, {"org": "https://e.org/a"})[Variable("org")] == NamedNode("https://e.org/a")
    with pytest.raises(QueryError, match="is not an IRI"):
        bind_params(q, {"org": "https://e.org/a b"})


def test_header_parse_errors_name_file_and_line():
    ok = "# title: T\n# description: D\n# example: cthr query t\nSELECT ?x WHERE { ?x ?p ?o } ORDER BY ?x\n"
    assert parse_query_text(ok, "t").title == "T"
    with pytest.raises(QueryError, match=r"q.rq:2: bad param line"):
        parse_query_text("# title: T\n# param: x string\n" + ok, "t", "q.rq")
    with pytest.raises(QueryError, match=r"unknown type 'date'"):
        parse_query_text("# param: x (date)\n" + ok.replace("?x", "?x"), "t", "q.rq")
    with pytest.raises(QueryError, match=r"q.rq:1: unknown header key 'parm'"):
        parse_query_text("# parm: x (string)\n" + ok, "t", "q.rq")
    with pytest.raises(QueryError, match=r"parameter 'y' is not used as \?y"):
        parse_query_text("# param: y (string)\n" + ok, "t", "q.rq")
    with pytest.raises(QueryError, match=r"parameter 'x': 'soon' is not a date"):
        parse_query_text("# param: x (xsd:date) = soon\n" + ok, "t", "q.rq")
    with pytest.raises(QueryError, match=r"needs '# title:'"):
        parse_query_text("SELECT * {}", "t", "q.rq")
    q = parse_query_text("# param: x (string, optional) = a -- help text\n" + ok, "t")
    assert q.params[0].optional and q.params[0].default == "a" and q.params[0].help == "help text"


def test_unknown_query_name_suggests():
    with pytest.raises(QueryError, match="did you mean events-in-range"):
        get_query("events-in-rang")


# ----------------------------------------------------------- binding syntax
def test_inline_bindings_opens_the_where_group():
    text = ('PREFIX ex: <http://e.org/{x}#>\n# a comment with { and WHERE\n'
            'SELECT (CONCAT("{", ?v) AS ?w) WHERE { ?s ex:p ?v }')
    out = inline_bindings(text, {Variable("v"): Literal("a")})
    assert out.endswith('WHERE { VALUES (?v) { ("a") }  ?s ex:p ?v }')
    construct = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    assert inline_bindings(construct, {"o": Literal("1", datatype=XSD.integer)}) == (
        'CONSTRUCT { ?s ?p ?o } WHERE { VALUES (?o) { ("1"^^<http://www.w3.org/2001/XMLSchema#integer>) }  ?s ?p ?o }')
    assert inline_bindings("ASK { ?s ?p ?o }", {"s": NamedNode("http://e.org/a")}).startswith(
        "ASK { VALUES (?s) { (<http://e.org/a>) } ")
    assert inline_bindings("SELECT * {}", {}) == "SELECT * {}"
    with pytest.raises(QueryError, match="short form"):
        inline_bindings("CONSTRUCT WHERE { ?s ?p ?o }", {"o": Literal("x")})
    with pytest.raises(QueryError, match="invalid parameter name"):
        inline_bindings("SELECT * {}", {"a b": Literal("x")})


def test_parameters_reach_the_sub_selects_that_use_them(records_build):
    text = ("SELECT ?n ?c WHERE { ?x <http://e.org/p> ?n .\n"
            "  { SELECT ?x (COUNT(*) AS ?c) WHERE { ?x ?p ?o } GROUP BY ?x }\n"
            "  { SELECT ?y WHERE { ?y ?q ?z } } }")
    out = inline_bindings(text, {"x": NamedNode("http://e.org/a")})
    assert out.count("VALUES (?x) { (<http://e.org/a>) }") == 2      # the outer group and the first sub-select
    assert "{ SELECT ?y WHERE { ?y" in out                          # not where ?x is not used
    # On a real graph: the counting sub-select of co-attendance sees the bound organisation.
    graph = GraphStore.read_only(records_build / "store")
    query = CATALOGUE["co-attendance"]
    _, rows = run_stored(local_runner(graph), query, {"org": "ONSA"}, CATALOGUE)
    names = [r[1] for r in rows]
    assert rows and "Office of the National Security Advisory" not in names   # never itself
    assert len(names) == len(set(names))


def test_parameters_open_the_union_branches_that_use_them(records_build):
    text = ("SELECT ?e ?r WHERE {\n  { ?e <http://e.org/by> ?x . BIND (1 AS ?r) }\n  UNION { ?e <http://e.org/for> ?x }\n"
            "  UNION { ?e <http://e.org/other> ?y }\n  OPTIONAL { { ?e <http://e.org/a> ?z } UNION { ?z <http://e.org/b> ?x } }\n}")
    out = inline_bindings(text, {"x": NamedNode("http://e.org/a")})
    block = "VALUES (?x) { (<http://e.org/a>) }"
    # The outer group, the two top branches that use ?x, and the nested branch that does.
    assert out.count(block) == 4
    assert "UNION { ?e <http://e.org/other>" in out and "{ ?e <http://e.org/a> ?z }" in out
    assert out.count("\n") == text.count("\n")                    # error line numbers stay those of the file
    # On a real graph: one organisation's profile, each way it took part bound to it (the same rows as
    # the branches read whole and joined after, which is what oxigraph did with the outer row alone).
    import cthr.graph.sparqltext as sparqltext

    graph = GraphStore.read_only(records_build / "store")
    graph.cache = None
    query = CATALOGUE["organisation-profile"]
    bound = run_stored(local_runner(graph), query, {"org": "ONSA"}, CATALOGUE)
    unbound_branches = sparqltext._union_groups
    try:
        sparqltext._union_groups = lambda text, after: []
        joined_after = run_stored(local_runner(graph), query, {"org": "ONSA"}, CATALOGUE)
    finally:
        sparqltext._union_groups = unbound_branches
    assert bound[1] and bound == joined_after


def test_sparql_term_escapes():
    assert sparql_term(Literal('a"b\\c\nd}')) == '"a\\"b\\\\c\\nd}"'
    assert sparql_term(Literal("x\x00y")) == '"x\\u0000y"'
    assert sparql_term(Literal("chat", language="fr")) == '"chat"@fr'
    assert sparql_term(NamedNode("https://w3id.org/cthr/id/x")) == "<https://w3id.org/cthr/id/x>"


def test_run_query_shapes(records_graph):
    assert run_query(records_graph, "ASK { ?e a cthr:Event }") == (["ask"], [["true"]])
    columns, rows = run_query(records_graph, "CONSTRUCT { ?e a cthr:Event } WHERE { ?e a cthr:Event }")
    assert columns == ["subject", "predicate", "object"] and len(rows) == 2
    columns, rows = run_query(records_graph, "SELECT ?e ?missing WHERE { ?e a cthr:Event } ORDER BY ?e")
    assert columns == ["e", "missing"] and rows[0][1] == "" and rows[0][0].startswith("https://w3id.org/cthr/id/event/")
    with pytest.raises(QueryError, match="the query failed"):
        run_query(records_graph, "SELECT ?x WHERE { ?x ?y }")


def test_rows_from_sparql_json_matches_local_shape():
    data = {"head": {"vars": ["a", "b"]}, "results": {"bindings": [
        {"a": {"type": "uri", "value": "http://e.org/x"}, "b": {"type": "literal", "value": "1"}},
        {"a": {"type": "bnode", "value": "b0"}}]}}
    assert rows_from_sparql_json(data) == (["a", "b"], [["http://e.org/x", "1"], ["_:b0", ""]])
    assert rows_from_sparql_json({"head": {}, "boolean": False}) == (["ask"], [["false"]])


def test_compact_only_shortens_known_namespaces():
    assert compact("https://w3id.org/cthr/ontology#Event") == "cthr:Event"
    assert compact("https://w3id.org/cthr/id/event/abc") == "id:event/abc"
    assert compact("https://theiij.org/event/x") == "https://theiij.org/event/x"
    assert compact("Baghdad") == "Baghdad"


# --------------------------------------------------------------------- CLI
def test_cli_queries_lists_every_query():
    result = cli("queries")
    assert result.exit_code == 0
    for name in CATALOGUE:
        assert name in result.output


def test_cli_query_formats(records_build):
    store = str(records_build / "store")
    result = cli("query", "events-in-range", "--param", "from=2024-01-01", "--param", "to=2024-12-31",
                 "--store", store, "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [r["label"] for r in rows] == [CTPHARE] and rows[0]["event"].startswith("https://w3id.org/cthr/id/event/")
    csv_out = cli("query", "co-attendance", "--param", "org=ONSA", "--store", store, "--format", "csv").output
    assert csv_out.splitlines()[0] == "other,organisation,sharedEvents,events"
    assert "https://w3id.org/cthr/id/org/" in csv_out                # CSV keeps full IRIs
    table = cli("query", "co-attendance", "--param", "org=ONSA", "--store", store).output
    assert "id:org/" in table and "https://w3id.org/cthr/id/org/" not in table
    tsv = cli("query", "sources", "--graph", str(records_build / "graph.ttl"), "--format", "tsv").output
    assert tsv.splitlines()[0].split("\t")[0] == "source"


def test_cli_query_errors_are_one_line(records_build):
    store = str(records_build / "store")
    for args, message in [
        (["events-in-range", "--param", "from=2024-13-01"], "parameter 'from': '2024-13-01' is not a date"),
        (["events-in-range", "--param", "from"], "expected key=value"),
        (["events-in-range", "--param", "nope=1"], "unknown parameter 'nope'"),
        (["co-attendance"], "needs --param org="),
        (["co-attendance", "--param", "org=Atlantis"], "no organisation is named 'Atlantis'"),
        (["no-such-query"], "no stored query named 'no-such-query'"),
        ([], "give either a stored query NAME or --file FILE"),
    ]:
        result = cli("query", *args, "--store", store)
        assert result.exit_code != 0, args
        assert message in result.output, (args, result.output)
        assert "Traceback" not in result.output
    missing = cli("query", "sources", "--store", str(records_build / "nowhere"))
    assert missing.exit_code != 0 and "no graph store" in missing.output


def test_cli_query_file_with_header_params(records_build, tmp_path):
    f = tmp_path / "mine.rq"
    f.write_text("# title: Mine\n# description: d\n# param: year (xsd:integer)\n# example: cthr query --file mine.rq\n"
                 "SELECT ?label WHERE { ?e a cthr:Event ; rdfs:label ?label ; cthr:startDate ?d "
                 "FILTER (YEAR(?d) = ?year) } ORDER BY ?label\n", encoding="utf-8")
    result = cli("query", "--file", str(f), "--param", "year=2025", "--store", str(records_build / "store"),
                 "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["label", f'"{UNOCT_EVENT}"']
    bad = cli("query", "--file", str(f), "--param", "year=last", "--store", str(records_build / "store"))
    assert bad.exit_code != 0 and "parameter 'year': 'last' is not a whole number" in bad.output
    plain = tmp_path / "plain.rq"
    plain.write_text("# Note: no header here\nSELECT (COUNT(*) AS ?n) WHERE { ?e a cthr:Event }\n", encoding="utf-8")
    result = cli("query", "--file", str(plain), "--store", str(records_build / "store"), "--format", "csv")
    assert result.output.splitlines() == ["n", "2"]


@pytest.fixture()
def sparql_server(records_build):
    """A real SPARQL 1.1 Protocol server on 127.0.0.1 answering from an oxigraph copy of the build."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    from urllib.parse import parse_qs, urlsplit

    from pyoxigraph import QueryBoolean, QueryResultsFormat, QuerySolutions, RdfFormat, serialize

    store = Store()
    store.extend(GraphStore.read_only(records_build / "store").quads())
    seen = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            self.answer(parse_qs(urlsplit(self.path).query))

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode("utf-8")
            form = parse_qs(urlsplit(self.path).query)
            if self.headers.get("Content-Type", "").startswith("application/sparql-query"):
                form["query"] = [body]
            else:
                form.update(parse_qs(body))
            self.answer(form)

        def answer(self, form):
            text = form["query"][0]
            seen.append(text)
            defaults = [NamedNode(g) for g in form.get("default-graph-uri", [])]
            named = [NamedNode(g) for g in form.get("named-graph-uri", [])]
            try:
                if defaults:
                    result = store.query(text, default_graph=defaults, named_graphs=named or None)
                else:
                    result = store.query(text, use_default_graph_as_union=True)
                if isinstance(result, (QuerySolutions, QueryBoolean)):
                    body, kind = result.serialize(format=QueryResultsFormat.JSON), "application/sparql-results+json"
                else:
                    body, kind = serialize(result, format=RdfFormat.TURTLE), "text/turtle"
            except (SyntaxError, ValueError, OSError, RuntimeError) as exc:
                body, kind, code = str(exc).encode(), "text/plain", 400
            else:
                code = 200
            self.send_response(code)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql", store, seen
    server.shutdown()
    server.server_close()


def same_rows(csv_a: str, csv_b: str) -> bool:
    """Equal CSV outputs, up to the order of items inside a GROUP_CONCAT list (engine-dependent)."""
    import csv
    import io

    def norm(text):
        return [[";".join(sorted(cell.split("; "))) for cell in row] for row in csv.reader(io.StringIO(text))]
    return norm(csv_a) == norm(csv_b)


def test_cli_endpoint_runs_the_stored_query_remotely(records_build, sparql_server):
    """--endpoint sends the same stored query, with its values in a VALUES row, and prints the same rows."""
    pytest.importorskip("cthr.graph.remote")
    url, store, seen = sparql_server
    local_store = str(records_build / "store")
    for args in (["events-in-range", "--param", "place=Baghdad"],
                 ["co-attendance", "--param", "org=ONSA"],               # name resolved on the endpoint
                 ["frequent-attendees", "--param", "min=2"]):
        remote = cli("query", *args, "--endpoint", url, "--format", "csv")
        local = cli("query", *args, "--store", local_store, "--format", "csv")
        assert remote.exit_code == 0, remote.output
        assert same_rows(remote.output, local.output), args
    # The name is resolved on the endpoint by its key (graph/namekey.py), sent as a VALUES row.
    assert any('VALUES (?key) { ("onsa") }' in q for q in seen)
    before = len(store)
    nasty = cli("query", "events-in-range", "--param", 'place=x" } ; DROP ALL ; #', "--endpoint", url,
                "--format", "csv")
    assert nasty.exit_code == 0, nasty.output
    assert nasty.output.splitlines() == ["event,label,start,end,city,country,organisers"]
    assert len(store) == before
    refused = cli("query", "--file", str(ROOT / "queries" / "sources.rq"), "--endpoint", "http://127.0.0.1:9/x",
                  "--format", "csv")
    assert refused.exit_code != 0 and "Traceback" not in refused.output


# -------------------------------------------------------------------- docs
def test_docs_list_every_query():
    doc = (ROOT / "docs" / "queries.md").read_text(encoding="utf-8")
    for name, q in CATALOGUE.items():
        assert f"\n## {name}\n" in doc, f"docs/queries.md lacks {name}: regenerate with `cthr queries --markdown`"
        assert q.example in doc
    assert len(re.findall(r"^## ", doc, re.M)) == len(CATALOGUE)


def test_markdown_generation_runs_every_example(records_graph):
    doc = catalogue_markdown(local_runner(records_graph), CATALOGUE)
    for name in CATALOGUE:
        assert f"\n## {name}\n" in doc
    assert "The example fails" not in doc
    assert doc.count("\nOutput (") == len(CATALOGUE)
    assert "build of these sources: `seed-events`." in doc
    assert "| Baghdad University |" in doc or "Baghdad University" in doc


def test_cli_markdown_matches_function(records_build, records_graph):
    result = cli("queries", "--markdown", "--store", str(records_build / "store"))
    assert result.exit_code == 0
    assert result.output == catalogue_markdown(local_runner(records_graph), CATALOGUE)
