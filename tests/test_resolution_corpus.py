"""Whole builds: no wrong merges across countries, no node without evidence, candidates for the rest."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from cthr.cli import main
from cthr.corpus import default_sources
from cthr.graph.build import build
from cthr.graph.candidates import candidates
from cthr.graph.export import export
from cthr.graph.curation import curation_of
from cthr.graph.mapping import extraction_quads
from cthr.graph.network import co_attendance, load_network_data
from cthr.graph.store import GraphStore
from cthr.loaders.model import Event, Evidence, Extraction, Organisation, Participation, Source

from helpers import RECORDS, ROOT, SHARED_DEV

NO_EVIDENCE = """
SELECT ?n ?label WHERE {
  VALUES ?type { cthr:Organisation cthr:Person }
  ?n a ?type ; rdfs:label ?label .
  FILTER NOT EXISTS { ?n cthr:evidence/oa:hasTarget/oa:hasSource ?doc . ?doc a cthr:SourceDocument }
}"""
NATIONAL_SECURITY = """
SELECT ?o (SAMPLE(?c) AS ?country) (COUNT(DISTINCT ?e) AS ?events) (GROUP_CONCAT(DISTINCT STR(?e)) AS ?at) WHERE {
  ?o a cthr:Organisation ; rdfs:label|skos:altLabel ?name .
  FILTER (CONTAINS(LCASE(STR(?name)), "national security advis") || STR(?name) = "ONSA")
  OPTIONAL { ?o cthr:jurisdiction/cthr:displayName ?c }
  OPTIONAL { ?e cthr:hasParticipation/cthr:agent ?o }
} GROUP BY ?o"""
# Two invented press releases, two countries, one office name and acronym,
# each with a curated record of its workshop (as the seeds have).
TEXTS = {
    "ng-workshop.txt": ("The Office of the National Security Adviser (ONSA) organised a workshop in Abuja, Nigeria "
                        "on 3-4 May 2021. The Nigeria Police took part.\n", "Nigeria", "Abuja", "2021-05-03"),
    "gh-workshop.txt": ("The Office of the National Security Adviser (ONSA) organised a workshop in Accra, Ghana "
                        "on 10-11 June 2022. The Ghana Police Service took part.\n", "Ghana", "Accra", "2022-06-10"),
}
RECORD = """\
events:
  - {{key: w, title: Workshop, start: {start}, place: {city}, country: {country}}}
organisations:
  - {{name: Office of the National Security Adviser, acronym: ONSA}}
  - {{name: {police}}}
  - {{name: United Nations Development Programme, acronym: UNDP}}
participations:
  - {{event: w, agent: Office of the National Security Adviser, roles: [organiser]}}
  - {{event: w, agent: {police}, roles: [participant]}}
  - {{event: w, agent: United Nations Development Programme, roles: [partner]}}
"""


def in_memory(ttl) -> GraphStore:
    """A built Turtle file as a graph (no store lock held between tests)."""
    graph = GraphStore()
    graph.load_file(str(ttl))
    graph.refresh_inferences()
    return graph


def rows(graph: GraphStore, sparql: str) -> list[dict]:
    result = graph.query(sparql)
    names = [v.value for v in result.variables]
    return [{n: r[n].value for n in names if r[n] is not None} for r in result]


def test_default_build_has_no_organisation_or_person_without_evidence(default_build):
    graph = GraphStore(default_build / "store")
    assert rows(graph, NO_EVIDENCE) == []
    assert rows(graph, "SELECT ?e { ?e a cthr:Evidence FILTER NOT EXISTS { ?e cthr:method ?m } }") == []
    # The IIJ release's publisher ("... (IIJ)" in sources.yaml) is the IIJ the texts and records name.
    iij = rows(graph, 'SELECT DISTINCT ?o { ?o a cthr:Organisation ; rdfs:label|skos:prefLabel ?n '
                      'FILTER (CONTAINS(STR(?n), "Justice and the Rule of Law")) }')
    assert len(iij) == 1
    (publisher,) = rows(graph, """SELECT ?o ?file ?line {
        ?doc dcterms:publisher ?o . ?o rdfs:label "United Nations Iraq"@en ;
        cthr:evidence [ cthr:method "curated" ; cthr:curatedFile ?file ; cthr:curatedLine ?line ] }""")
    sidecar = (ROOT / "corpus" / "seeds" / "sources.yaml").read_text(encoding="utf-8").splitlines()
    assert publisher["file"] == "sources.yaml" and "United Nations Iraq" in sidecar[int(publisher["line"]) - 1]


def test_every_organisation_of_the_default_build_has_at_most_one_country(default_build):
    graph = GraphStore(default_build / "store")
    assert rows(graph, "SELECT ?o { ?o cthr:jurisdiction ?a , ?b FILTER (?a != ?b) }") == []
    iraq = {r["n"] for r in rows(graph, 'SELECT ?n { ?o cthr:jurisdiction/cthr:displayName "Iraq"@en ; '
                                        'cthr:displayName ?n }')}
    assert {"Office of the National Security Advisory", "Ministry of Justice", "Government of Iraq"} <= iraq
    assert "European Union" not in iraq and "United Nations Office of Counter-Terrorism" not in iraq


@pytest.fixture(scope="module")
def two_countries(tmp_path_factory):
    """The bundled corpus plus two invented releases from two other countries, both about an "ONSA"."""
    tmp = tmp_path_factory.mktemp("two-countries")
    texts = tmp / "texts"
    texts.mkdir()
    sidecar = []
    for name, (text, country, city, start) in TEXTS.items():
        (texts / name).write_text(text, encoding="utf-8")
        sidecar.append(f"{name}:\n  country: {country}\n")
        police = "Nigeria Police" if country == "Nigeria" else "Ghana Police Service"
        (texts / f"{country.lower()}-records.yaml").write_text(
            RECORD.format(start=start, city=city, country=country, police=police), encoding="utf-8")
    (texts / "sources.yaml").write_text("".join(sidecar), encoding="utf-8")
    result = build([*default_sources(), texts], store=tmp / "store", out=tmp / "graph.ttl")
    assert result.ok, result.report.text()
    export(GraphStore(tmp / "store"), tmp / "graph.trig", "trig")      # keeps the named graphs
    return tmp


def test_one_acronym_in_three_countries_gives_three_offices(two_countries):
    graph = in_memory(two_countries / "graph.trig")
    offices = rows(graph, NATIONAL_SECURITY)
    assert sorted(o.get("country", "") for o in offices) == ["Ghana", "Iraq", "Nigeria"]
    by_country = {o["country"]: o for o in offices}
    # Each office is at its own country's workshops, and nowhere else.
    assert by_country["Iraq"]["events"] == "2"
    at = {c: set(o.get("at", "").split()) for c, o in by_country.items()}
    assert at["Nigeria"] and at["Ghana"] and not (at["Nigeria"] & at["Ghana"]) and not (at["Iraq"] & (at["Nigeria"] | at["Ghana"]))
    texts = rows(graph, """SELECT ?c (COUNT(DISTINCT ?g) AS ?sources) {
        ?o cthr:jurisdiction/cthr:displayName ?c . GRAPH ?g { ?o rdfs:label ?n } FILTER (CONTAINS(?n, "Adviser")) }
        GROUP BY ?c""")
    assert {r["c"]: r["sources"] for r in texts} == {"Nigeria": "2", "Ghana": "2"}   # text + record, one node


def test_stored_queries_keep_the_offices_apart(two_countries):
    store = str(two_countries / "store")
    cli = CliRunner()
    r = cli.invoke(main, ["query", "organisation-profile", "--param", "org=ONSA", "--store", store])
    assert r.exit_code == 1 and "names several organisations" in r.output
    offices = {o["country"]: o["o"] for o in rows(in_memory(two_countries / "graph.ttl"), NATIONAL_SECURITY)}
    r = cli.invoke(main, ["query", "co-attendance", "--param", f"org={offices['Nigeria']}", "--store", store,
                          "--format", "csv"])
    assert r.exit_code == 0, r.output
    met = r.output
    assert "Nigeria Police" in met
    assert "Ghana" not in met and "United Nations Office of Counter-Terrorism" not in met
    r = cli.invoke(main, ["query", "co-attendance", "--param", f"org={offices['Iraq']}", "--store", store,
                          "--format", "csv"])
    assert "Nigeria Police" not in r.output and "Ghana" not in r.output and "United Nations Office" in r.output


def test_the_network_keeps_the_offices_apart(two_countries):
    graph = in_memory(two_countries / "graph.ttl")
    offices = {o["country"]: o["o"] for o in rows(graph, NATIONAL_SECURITY)}
    G = co_attendance(load_network_data(graph))
    assert set(offices.values()) <= set(G)
    for a in offices.values():
        for b in offices.values():
            assert a == b or not G.has_edge(a, b)
    # UNDP, one body everywhere, is the only organisation both invented workshops share; Iraq's
    # office meets nobody from them.
    assert set(G[offices["Nigeria"]]) & set(G[offices["Ghana"]]) == {
        next(iter(o["o"] for o in rows(graph, 'SELECT ?o { ?o skos:altLabel "UNDP"@en }')))}
    assert not set(G[offices["Iraq"]]) & (set(G[offices["Nigeria"]]) | set(G[offices["Ghana"]]))


def test_curated_records_of_two_countries_keep_their_ministries_apart(tmp_path):
    for country, city in (("Kenya", "Nairobi"), ("Ghana", "Accra")):
        (tmp_path / f"{country.lower()}.yaml").write_text(
            "events:\n"
            f"  - {{key: e1, title: Dialogue on oversight, start: 2022-01-10, place: {city}, country: {country}}}\n"
            "organisations:\n"
            "  - {name: Office of the National Security Adviser, acronym: ONSA}\n"
            "  - {name: Ministry of Interior}\n  - {name: United Nations Development Programme, acronym: UNDP}\n"
            "participations:\n"
            "  - {event: e1, agent: Office of the National Security Adviser, roles: [organiser]}\n"
            "  - {event: e1, agent: Ministry of Interior, roles: [participant]}\n"
            "  - {event: e1, agent: United Nations Development Programme, roles: [funder]}\n", encoding="utf-8")
    result = build([tmp_path / "kenya.yaml", tmp_path / "ghana.yaml", RECORDS], store=tmp_path / "s")
    assert result.ok, result.report.text()
    graph = GraphStore(tmp_path / "s")
    count = {r["n"]: int(r["k"]) for r in rows(graph, "SELECT ?n (COUNT(DISTINCT ?o) AS ?k) "
                                                      "{ ?o a cthr:Organisation ; cthr:displayName ?n } GROUP BY ?n")}
    assert count["Office of the National Security Adviser"] == 2        # Kenya's and Ghana's
    assert count["Ministry of Interior"] == 3                          # and Iraq's
    assert count["United Nations Development Programme"] == 1          # one UN body everywhere
    assert count["Office of the National Security Advisory"] == 1       # Iraq's, through the alias table


def test_a_recorded_country_makes_a_body_that_country_s_wherever_it_meets(tmp_path):
    (tmp_path / "r.yaml").write_text(
        "events:\n  - {key: e1, title: Exchange, start: 2022-02-01, place: Baghdad, country: Iraq}\n"
        "organisations:\n  - {name: Ministry of Interior, country: Ruritania}\n  - {name: Ministry of Justice}\n"
        "participations:\n  - {event: e1, agent: Ministry of Interior, roles: [participant]}\n"
        "  - {event: e1, agent: Ministry of Justice, roles: [host]}\n", encoding="utf-8")
    assert build([tmp_path / "r.yaml"], store=tmp_path / "s").ok
    graph = GraphStore(tmp_path / "s")
    assert {(r["n"], r["c"]) for r in rows(graph, "SELECT ?n ?c { ?o cthr:displayName ?n ; "
                                                  "cthr:jurisdiction/cthr:displayName ?c }")} == \
        {("Ministry of Interior", "Ruritania"), ("Ministry of Justice", "Iraq")}


def test_an_extracted_parent_without_evidence_of_its_own_is_not_invented():
    text = "Judges met at the Ruritania Institute in Ruritown."
    x = Extraction(Source(key="t", path="t.txt", kind="text", text=text, sha256="0" * 64))
    x.organisations = [Organisation("Ruritania Institute", parent="Ruritania", evidence=Evidence(16, 35)),
                       Organisation("Freedonia Institute", parent="Freedonia Academy", evidence=Evidence(0, 6)),
                       Organisation("Freedonia Academy", evidence=Evidence(0, 6))]
    x.events = [Event("t#1", "Meeting")]
    x.participations = [Participation("t#1", "Ruritania Institute", roles={"participant"})]
    quads = extraction_quads(x)
    labels = {q.object.value for q in quads if q.predicate.value.endswith("#label") and "/org/" in q.subject.value}
    assert labels == {"Ruritania Institute", "Freedonia Institute", "Freedonia Academy"}
    parents = [q for q in quads if q.predicate.value.endswith("subOrganisationOf")]
    assert len(parents) == 1              # only the parent the text itself names as an organisation


def test_candidates_list_the_iij_short_form_if_it_is_not_merged(tmp_path):
    (tmp_path / "r.yaml").write_text(
        "events:\n  - {key: e1, title: Judges' course, start: 2021-06-01, place: Valletta, country: Malta}\n"
        "organisations:\n  - {name: International Institute for Justice}\n"
        "participations:\n  - {event: e1, agent: International Institute for Justice, roles: [organiser]}\n",
        encoding="utf-8")
    result = build([RECORDS, tmp_path / "r.yaml"], store=tmp_path / "s")
    assert result.ok
    found = candidates(GraphStore(tmp_path / "s"), curation_of(None))
    pair = [c for c in found if {c.a.label, c.b.label} == {"International Institute for Justice",
                                                           "International Institute for Justice and the Rule of Law"}]
    assert len(pair) == 1 and pair[0].score >= 80
    assert any("acronym IIJ" in r for r in pair[0].reasons)


def test_bundled_corpus_candidates_are_few_and_explained(default_build):
    found = candidates(GraphStore(default_build / "store"), curation_of(None))
    assert 0 < len(found) <= 10
    assert all(c.reasons and 70 <= c.score <= 100 for c in found)
    assert all(not (c.a.country and c.b.country and c.a.country != c.b.country) for c in found)


@pytest.mark.skipif(not (SHARED_DEV / "onsa-undp-kaduna-2020-11.txt").is_file(), reason="shared dev corpus not available")
def test_dev_release_from_nigeria_and_the_seeds_from_iraq_give_two_offices(tmp_path):
    result = build([*default_sources(), SHARED_DEV / "onsa-undp-kaduna-2020-11.txt"], store=tmp_path / "s")
    assert result.ok, result.report.text()
    graph = GraphStore(tmp_path / "s")
    offices = rows(graph, NATIONAL_SECURITY)
    assert sorted(o.get("country", "") for o in offices) == ["Iraq", "Nigeria"]
    assert rows(graph, NO_EVIDENCE) == []
    by_country = {o["country"]: o["o"] for o in offices}
    r = CliRunner().invoke(main, ["query", "organisation-profile", "--param", f"org={by_country['Iraq']}",
                                  "--store", str(tmp_path / "s"), "--format", "csv"])
    assert r.exit_code == 0 and "2020-11" not in r.output
    G = co_attendance(load_network_data(graph))
    assert not G.has_edge(by_country["Iraq"], by_country["Nigeria"])
