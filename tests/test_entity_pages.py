"""Entity pages of `cthr serve` (/id/KIND/LOCAL), by real requests to a real server.

The server serves the bundled default corpus (texts and curated records), so
pages carry both kinds of evidence: quotes with character spans and record
lines. What a page must show is computed here with SPARQL on the same
server, never written out from the corpus.
"""

from __future__ import annotations

import html
import re

import pytest
from pyoxigraph import RdfFormat, parse

from helpers import chromium, set_editor_text
from test_serve import request, select_rows, start_serve, stop

MAX_ROWS = 60            # an event has more statements than this: its page says it was cut
ID = "https://w3id.org/cthr/id/"
PREFIX = ("PREFIX cthr: <https://w3id.org/cthr/ontology#>\nPREFIX oa: <http://www.w3.org/ns/oa#>\n"
          "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n")


@pytest.fixture(scope="module")
def base(default_build):
    proc, url = start_serve("--store", str(default_build / "store"), "--max-rows", str(MAX_ROWS))
    yield url
    stop(proc)


def select(base: str, query: str) -> list[dict]:
    return select_rows(base, PREFIX + query)


def page_of(iri: str) -> str:
    return "/id/" + iri[len(ID):]


def text_of(page: str) -> str:
    """The page's text with tags dropped and entities decoded (what a reader sees)."""
    return html.unescape(re.sub(r"<[^>]+>", "", page))


@pytest.fixture(scope="module")
def organiser(base):
    """An organisation that organised an event, with a quoted (text) and a record-line evidence of it."""
    rows = select(base, """
        SELECT ?org ?name ?event ?quote ?line WHERE {
          ?event cthr:hasParticipation ?p . ?p cthr:agent ?org ; cthr:role <https://w3id.org/cthr/concept/role/organiser> .
          ?org a cthr:Organisation ; cthr:displayName ?name .
          GRAPH ?g { ?p cthr:evidence ?a . ?a oa:hasTarget/oa:hasSelector/oa:exact ?quote }
          GRAPH ?h { ?p cthr:evidence ?b . ?b cthr:sourceLine ?line }
        } ORDER BY ?org LIMIT 1""")
    assert rows, "the default corpus has an organiser stated by a text and by a record"
    return rows[0]


def test_an_organisation_page_shows_names_sector_events_and_evidence(base, organiser):
    status, headers, body = request(base + page_of(organiser["org"]), headers={"Accept": "text/html"})
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "default-src 'none'" in headers["Content-Security-Policy"] and "<script" not in body
    text = text_of(body)
    names = select(base, f"SELECT ?n WHERE {{ <{organiser['org']}> rdfs:label|skos:prefLabel ?n }}")
    assert names and all(n["n"] in text for n in names)
    assert re.search(r"<h1>([^<]+)</h1>", body)[1] == html.escape(organiser["name"], quote=False)
    sector = select(base, f"SELECT ?s WHERE {{ <{organiser['org']}> cthr:sector ?s }}")[0]["s"]
    assert "sector:" + sector.rsplit("/", 1)[1] in text
    assert f'href="{page_of(organiser["event"])}"' in body and "organiser" in text
    # Each fact's evidence: the quote with its span, and the record line.
    assert organiser["quote"] in text and re.search(r"characters \d+–\d+", text)
    assert f"record line {organiser['line']}" in text


def test_every_link_on_a_page_opens(base, organiser):
    _, _, body = request(base + page_of(organiser["org"]))
    links = sorted(set(re.findall(r'href="(/id/[^"?]+)"', body)))
    kinds = {link.split("/")[2] for link in links}
    assert {"event", "source", "person"} <= kinds
    for link in links:
        status, headers, page = request(base + link)
        assert status == 200 and "<h1>" in page, link


def test_a_person_page_shows_posts_and_co_attendees(base):
    row = select(base, """SELECT ?person ?org ?orgName WHERE { ?m a cthr:Membership ; cthr:member ?person ;
                          cthr:organisation ?org . ?org cthr:displayName ?orgName } ORDER BY ?person LIMIT 1""")[0]
    _, _, body = request(base + page_of(row["person"]))
    assert "People and posts" in body and f'href="{page_of(row["org"])}"' in body
    others = select(base, f"""SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE {{
        ?e cthr:hasParticipation ?p . ?p cthr:agent <{row['person']}> . ?e cthr:hasParticipation ?q .
        {{ ?q cthr:agent ?o }} UNION {{ ?q cthr:onBehalfOf ?o }} FILTER (?o != <{row['person']}>)
        ?o cthr:displayName ?x }}""")[0]["n"]
    assert f"Co-attendees <small>({others})</small>" in body


def test_an_event_page_shows_fundings_and_is_cut_at_the_row_cap(base):
    # The funded event with the most statements.
    row = select(base, """SELECT ?event ?funder (COUNT(DISTINCT ?o) AS ?n) WHERE {
                            ?event a cthr:Event ; cthr:deliveredUnder ?proj ; ?p ?o .
                            ?f a cthr:Funding ; cthr:fundedItem ?proj ; cthr:funder ?funder }
                          GROUP BY ?event ?funder ORDER BY DESC(?n) ?event LIMIT 1""")[0]
    status, _, body = request(base + page_of(row["event"]))
    assert status == 200 and "Fundings" in body and f'href="{page_of(row["funder"])}"' in body
    assert int(row["n"]) > MAX_ROWS and "row cap" in body       # the same limits as any query


@pytest.mark.parametrize("accept, fmt", [("text/turtle", RdfFormat.TURTLE), ("application/ld+json", RdfFormat.JSON_LD),
                                         ("application/n-triples", RdfFormat.N_TRIPLES),
                                         ("application/rdf+xml", RdfFormat.RDF_XML)])
def test_the_same_url_gives_rdf_by_accept(base, organiser, accept, fmt):
    iri = organiser["org"]
    status, headers, body = request(base + page_of(iri), headers={"Accept": accept})
    assert status == 200 and headers["Content-Type"].split(";")[0] == accept
    got = {str(t) for t in parse(body.encode(), format=fmt)}
    _, _, nt = request(base + "/sparql", {"query": f"CONSTRUCT {{ <{iri}> ?p ?o . ?s ?q <{iri}> }} WHERE "
                                                   f"{{ {{ <{iri}> ?p ?o }} UNION {{ ?s ?q <{iri}> }} }}"},
                       {"Accept": "application/n-triples"})
    assert got == {str(t) for t in parse(nt.encode(), format=RdfFormat.N_TRIPLES)} and len(got) > 5
    status, headers, _ = request(base + page_of(iri) + "?format=jsonld")
    assert status == 200 and headers["Content-Type"].startswith("application/ld+json")


@pytest.mark.parametrize("path", ["/id/org/ffffffffffffffffffff", "/id/org/", "/id/org/a/b", "/id/ORG/x",
                                  "/id/org/%3Cscript%3E", "/id/" + "x" * 50 + "/y"])
def test_unknown_or_malformed_entity_paths_are_404(base, path):
    status, headers, body = request(base + path)
    assert status == 404 and headers["Content-Type"].startswith("text/plain") and len(body.splitlines()) == 1


def test_an_entity_page_refuses_what_it_cannot_give(base, organiser):
    status, _, body = request(base + page_of(organiser["org"]), headers={"Accept": "application/sparql-results+json"})
    assert status == 406 and "text/html" in body
    status, _, _ = request(base + page_of(organiser["org"]), {"x": "y"})
    assert status == 404                       # no POST route for pages


# A graph whose values are HTML and a script URL: the page must show them as text.
HOSTILE = """
@prefix cthr: <https://w3id.org/cthr/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <http://schema.org/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
<https://w3id.org/cthr/id/source/evil> { 
  <https://w3id.org/cthr/id/org/evil> a cthr:Organisation ;
      rdfs:label "<script>alert(1)</script> & \\"Co\\"" ; cthr:evidence <https://w3id.org/cthr/id/evidence/e1> .
  <https://w3id.org/cthr/id/evidence/e1> a cthr:Evidence ; oa:hasTarget <https://w3id.org/cthr/id/target/t1> .
  <https://w3id.org/cthr/id/target/t1> oa:hasSelector <https://w3id.org/cthr/id/quote/q1> .
  <https://w3id.org/cthr/id/quote/q1> oa:exact "<img src=x onerror=alert(2)>" .
}
<https://w3id.org/cthr/id/source/evil> dcterms:title "</a><b>t</b>" ; schema:url "javascript:alert(3)" .
"""


def test_html_and_script_urls_in_the_data_stay_text(tmp_path):
    trig = tmp_path / "hostile.trig"
    trig.write_text(HOSTILE, encoding="utf-8")
    proc, url = start_serve("--graph", str(trig))
    try:
        status, _, body = request(url + "/id/org/evil")
        assert status == 200
        assert "<script" not in body and "<img" not in body and "<b>" not in body and "javascript:" not in body
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot;" in body
        assert "&lt;img src=x onerror=alert(2)&gt;" in body
        assert "original" not in text_of(body)           # the script URL is not offered as a link
        status, _, _ = request(url + "/id/source/evil")
        assert status == 200
    finally:
        stop(proc)


def test_clicking_an_iri_in_the_results_opens_its_page_in_chromium(base, organiser, tmp_path):
    browser = chromium(tmp_path / "profile")       # skips where Chromium is missing
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
    try:
        browser.get(base + "/")
        wait = WebDriverWait(browser, 30)
        wait.until(lambda b: len(b.find_elements(By.CSS_SELECTOR, "#stored option")) > 1)
        set_editor_text(browser, f"SELECT ?org ?name WHERE {{ BIND (<{organiser['org']}> AS ?org) "
                                 "?org cthr:displayName ?name }")
        browser.find_element(By.ID, "run").click()
        wait.until(lambda b: b.find_element(By.ID, "status").text.startswith("1 row"))
        link = browser.find_element(By.CSS_SELECTOR, "#yasr table.dataTable a.iri[href^='/id/']")
        assert link.get_attribute("href") == base + page_of(organiser["org"])
        link.click()
        wait.until(lambda b: b.find_elements(By.TAG_NAME, "h1") and b.find_element(By.TAG_NAME, "h1").text
                   == organiser["name"])
        evidence = [li.text for li in browser.find_elements(By.CSS_SELECTOR, "ul.evidence li")]
        assert any(organiser["quote"] in e for e in evidence)
        assert any(f"record line {organiser['line']}" in e for e in evidence)
        # A CONSTRUCT from the page comes back as Turtle, not a 406.
        browser.back()
        wait.until(lambda b: len(b.find_elements(By.CSS_SELECTOR, "#stored option")) > 1)
        wait.until(lambda b: b.execute_script("return !!document.querySelector('#editor .CodeMirror')"))
        set_editor_text(browser, f"CONSTRUCT {{ <{organiser['org']}> ?p ?o }} WHERE {{ <{organiser['org']}> ?p ?o }}")
        browser.find_element(By.ID, "run").click()
        wait.until(lambda b: b.find_element(By.ID, "status").text.startswith("a graph, as Turtle"))
        wait.until(lambda b: "cthr:displayName" in b.find_element(By.ID, "yasr").text)
        assert not [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    finally:
        browser.quit()
