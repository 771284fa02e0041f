"""The network view of `cthr serve` (/network, /network.json), by real requests and in real headless Chromium.

The server serves the bundled default corpus. How many nodes the page must
draw is counted here with SPARQL on the same server, never taken from the
page's own data or written out from the corpus.
"""

from __future__ import annotations

import json
import shutil

import pytest

from helpers import chromium
from test_serve import request, select_rows, start_serve, stop

PREFIX = "PREFIX cthr: <https://w3id.org/cthr/ontology#>\nPREFIX role: <https://w3id.org/cthr/concept/role/>\n"
ATTENDING = "VALUES ?role { role:organiser role:host role:partner role:participant role:speaker role:chair role:opener }"
# Who attended what in the attending roles, directly or through a person (as graph/network-queries/attendance.rq).
ATTENDED = ATTENDING + """
  ?event a cthr:Event ; cthr:hasParticipation ?p . ?p cthr:role ?role .
  { ?p cthr:agent ?org } UNION { ?p cthr:agent ?person . ?person a cthr:Person . ?p cthr:onBehalfOf ?org }
  ?org a cthr:Organisation ."""


@pytest.fixture(scope="module")
def base(default_build):
    proc, url = start_serve("--store", str(default_build / "store"))
    yield url
    stop(proc)


def select(base: str, query: str) -> list[dict]:
    return select_rows(base, PREFIX + query)


def count(base: str, where: str, what: str = "?org") -> int:
    return int(select(base, f"SELECT (COUNT(DISTINCT {what}) AS ?n) WHERE {{ {where} }}")[0]["n"])


@pytest.fixture(scope="module")
def document(base):
    status, headers, body = request(base + "/network.json")
    assert status == 200 and headers["Content-Type"] == "application/json"
    return json.loads(body)


def test_the_json_holds_every_event_organisation_and_attendance_with_measures_and_positions(base, document):
    from cthr.graph.network import ALL_ROLES, MEASURES

    assert len(document["events"]) == count(base, "?e a cthr:Event", "?e")
    attended = {r["org"] for r in select(base, f"SELECT DISTINCT ?org WHERE {{ {ATTENDED} }}")}
    orgs = {o["id"]: o for o in document["organisations"]}
    assert attended and attended <= set(orgs)
    for o in orgs.values():
        assert set(o["measures"]) == set(MEASURES) and len(o["xy"]) == 2 and o["page"].startswith("/id/org/")
        assert o["sector"] in document["sectors"]
    # Only attending organisations have a co-attendance degree; someone met someone.
    assert all(o["measures"]["degree"] == 0 for i, o in orgs.items() if i not in attended)
    assert max(o["measures"]["degree"] for o in orgs.values()) > 0
    assert {r for a in document["attendance"] for r in a["roles"]} <= set(ALL_ROLES)
    pairs = {(a["event"], a["org"]) for a in document["attendance"] if set(a["roles"]) & set(document["attendingRoles"])}
    assert pairs == {(r["event"], r["org"]) for r in select(base, f"SELECT DISTINCT ?event ?org WHERE {{ {ATTENDED} }}")}
    funded = select(base, "SELECT ?event ?f WHERE { ?event cthr:fundedBy ?f }")
    events = {e["id"]: e for e in document["events"]}
    assert funded and all(r["f"] in events[r["event"]]["funders"] for r in funded)
    # Every page the view links to opens.
    status, _, _ = request(base + document["organisations"][0]["page"], headers={"Accept": "text/html"})
    assert status == 200


def test_an_update_through_the_endpoint_is_in_the_next_document(default_build, tmp_path):
    store = tmp_path / "store"
    shutil.copytree(default_build / "store", store)
    proc, url = start_serve("--store", str(store), "--allow-update")
    try:
        before = json.loads(request(url + "/network.json")[2])["events"]
        # An invented event, in a graph of its own.
        status, _, _ = request(url + "/sparql", {"update": PREFIX + """INSERT DATA { GRAPH <urn:test:netview> {
            <https://w3id.org/cthr/id/event/netviewtest> a cthr:Event ;
                <http://www.w3.org/2000/01/rdf-schema#label> "An invented round table" } }"""})
        assert status == 200
        after = json.loads(request(url + "/network.json")[2])["events"]
        assert len(after) == len(before) + 1 and "An invented round table" in {e["label"] for e in after}
    finally:
        stop(proc)


def test_the_page_and_its_scripts_are_served_from_here_under_the_page_policy(base):
    status, headers, body = request(base + "/network")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert 'href="/"' in body and "http" not in body.split("<body>")[1].replace("https://w3id", "")
    for asset in ("sigma.min.js", "graphology.umd.min.js", "network.js", "network.css"):
        assert f"/network/{asset}" in body
        status, headers, text = request(base + f"/network/{asset}")
        assert status == 200 and headers["Content-Type"].split(";")[0] == (
            "text/css" if asset.endswith(".css") else "text/javascript") and text
    assert request(base + "/network/../serve.py")[0] == 404
    assert request(base + "/network/nothing.js")[0] == 404
    # The safety layer holds for these routes too.
    assert request(base + "/network.json", headers={"Host": "attacker.example"})[0] == 403
    assert request(base + "/network.json", headers={"Origin": "http://attacker.example"})[0] == 403


def test_the_query_page_links_to_the_network_view(base):
    _, _, body = request(base + "/")
    assert 'href="/network"' in body


def graph_kind(iri: str) -> str:
    return iri.split("/id/", 1)[1].split("/", 1)[0]


def _nodes(browser) -> int:
    return int(browser.find_element("id", "count").get_attribute("data-nodes"))


def _set(browser, element_id: str, value: str) -> None:
    """Set a form field as a user would and tell the page (date inputs take locale-dependent keys)."""
    browser.execute_script("const el = document.getElementById(arguments[0]); el.value = arguments[1];"
                           "el.dispatchEvent(new Event('input', {bubbles: true}));", element_id, value)


def test_the_view_filters_and_opens_entity_pages_in_chromium(base, tmp_path):
    browser = chromium(tmp_path / "profile")       # skips where Chromium is missing
    from selenium.webdriver.common.actions.action_builder import ActionBuilder
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    orgs = count(base, ATTENDED)
    events = count(base, ATTENDED, "?event")
    sector = select(base, f"SELECT ?s (COUNT(DISTINCT ?org) AS ?n) WHERE {{ {ATTENDED} ?org cthr:sector ?s }} "
                          "GROUP BY ?s ORDER BY DESC(?n) ?s LIMIT 1")[0]
    first = select(base, "SELECT (MIN(?d) AS ?d) WHERE { ?e a cthr:Event ; cthr:startDate ?d }")[0]["d"][:10]
    at_first = count(base, ATTENDED + f" ?event cthr:startDate ?d FILTER (STR(?d) <= '{first}')")
    assert 0 < at_first < orgs, "the default corpus has events on more than one date"
    try:
        browser.get(base + "/network")
        wait = WebDriverWait(browser, 30)
        wait.until(lambda b: b.find_element(By.ID, "count").get_attribute("data-nodes"))
        assert _nodes(browser) == orgs + events                       # organisations and events
        browser.find_element(By.ID, "view-co-attendance").click()
        wait.until(lambda b: _nodes(b) == orgs)
        edges = int(browser.find_element(By.ID, "count").get_attribute("data-edges"))
        assert edges > 0
        # Unticking the biggest sector takes its organisations out.
        name = sector["s"].rsplit("/", 1)[-1]
        browser.find_element(By.CSS_SELECTOR, f"input.sector[value='{name}']").click()
        wait.until(lambda b: _nodes(b) == orgs - int(sector["n"]))
        browser.find_element(By.CSS_SELECTOR, f"input.sector[value='{name}']").click()
        wait.until(lambda b: _nodes(b) == orgs)
        # A date range up to the first event day keeps that day's attendees.
        _set(browser, "to", first)
        wait.until(lambda b: _nodes(b) == at_first)
        _set(browser, "to", "")
        wait.until(lambda b: _nodes(b) == orgs)
        # The time slider at its first step: the same.
        _set(browser, "until", "0")
        wait.until(lambda b: _nodes(b) == at_first)
        assert first in browser.find_element(By.ID, "until-label").text
        _set(browser, "until", browser.find_element(By.ID, "until").get_attribute("max"))
        wait.until(lambda b: _nodes(b) == orgs)
        # A funder keeps the events it funded; a role unticked drops those only there in that role.
        funder = browser.find_elements(By.CSS_SELECTOR, "#funder option")[1].get_attribute("value")
        _set(browser, "funder", funder)
        wait.until(lambda b: _nodes(b) == count(base, ATTENDED + f" ?event cthr:fundedBy <{funder}>"))
        _set(browser, "funder", "")
        wait.until(lambda b: _nodes(b) == orgs)
        browser.find_element(By.CSS_SELECTOR, "input.role[value='participant']").click()
        wait.until(lambda b: _nodes(b) == count(base, ATTENDED.replace("role:participant ", "")))
        assert _nodes(browser) < orgs
        browser.find_element(By.CSS_SELECTOR, "input.role[value='participant']").click()
        wait.until(lambda b: _nodes(b) == orgs)
        # Click the largest organisation where sigma draws it (viewport coordinates): its entity page opens.
        node, x, y, label = browser.execute_script("""
            const {graph, renderer} = window.cthrNetwork;
            const n = graph.nodes().sort((a, b) => graph.getNodeAttribute(b, 'size') - graph.getNodeAttribute(a, 'size'))[0];
            const p = renderer.graphToViewport(graph.getNodeAttributes(n));
            const box = document.getElementById('graph').getBoundingClientRect();
            return [n, box.left + p.x, box.top + p.y, graph.getNodeAttribute(n, 'page')];""")
        assert graph_kind(node) == "org"
        actions = ActionBuilder(browser)
        actions.pointer_action.move_to_location(int(x), int(y)).click()
        actions.perform()
        wait.until(lambda b: b.current_url == base + label)
        name = select(base, f"SELECT ?n WHERE {{ <{node}> cthr:displayName ?n }}")[0]["n"]
        wait.until(lambda b: b.find_elements(By.TAG_NAME, "h1") and b.find_element(By.TAG_NAME, "h1").text == name)
    finally:
        browser.quit()
