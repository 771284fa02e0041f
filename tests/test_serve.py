"""`cthr serve`: the SPARQL 1.1 Protocol endpoint and its query page, as a real subprocess.

Protocol tests use urllib against the server on 127.0.0.1; the page is
driven in headless Chromium through selenium and chromedriver (Debian
packages chromium and chromium-driver); that test skips, saying why, only
where they are not installed.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from helpers import chromium, editor_text, result_table, set_editor_text

# The installed console script, not `python -m cthr`: run from the checkout,
# -m would import the checkout's cthr/ folder instead of the installed package.
CTHR = str(Path(sys.executable).with_name("cthr"))

ROOT = Path(__file__).resolve().parents[1]
CTPHARE = "Strengthening Dialogue Between Iraqi Government Authorities"
MAX_ROWS = 50


def start_serve(*args: str) -> tuple[subprocess.Popen, str]:
    """Run `cthr serve --port 0 ...` and read its URL from the first stdout line."""
    proc = subprocess.Popen([CTHR, "serve", "--port", "0", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()          # blocks until the server is listening (or has exited)
    if not line.startswith("serving "):
        proc.kill()
        raise RuntimeError(f"cthr serve did not start: {line}{proc.stderr.read()}")
    return proc, line.split()[1].rstrip("/")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def base(records_build):
    proc, url = start_serve("--store", str(records_build / "store"), "--max-rows", str(MAX_ROWS))
    yield url
    stop(proc)


def select_rows(base: str, query: str) -> list[dict]:
    """The rows of a SELECT sent to BASE/sparql, each a dict of plain values."""
    status, _, body = request(base + "/sparql", {"query": query}, {"Accept": "application/sparql-results+json"})
    assert status == 200, body
    return [{k: v["value"] for k, v in row.items()} for row in json.loads(body)["results"]["bindings"]]


def request(url: str, data: dict | bytes | None = None, headers: dict | None = None, method: str | None = None):
    """(status, headers, body text) without raising on HTTP errors."""
    body = urllib.parse.urlencode(data).encode() if isinstance(data, dict) else data
    req = urllib.request.Request(url, data=body, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, resp.headers, resp.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read().decode("utf-8")


EVENTS = "SELECT ?e ?label ?start { ?e a cthr:Event ; rdfs:label ?label ; cthr:startDate ?start } ORDER BY ?start"


def test_get_query_json(base):
    status, headers, body = request(base + "/sparql?" + urllib.parse.urlencode({"query": EVENTS}),
                                    headers={"Accept": "application/sparql-results+json"})
    assert status == 200 and headers["Content-Type"].startswith("application/sparql-results+json")
    data = json.loads(body)
    assert data["head"]["vars"] == ["e", "label", "start"]
    first = data["results"]["bindings"][0]
    assert first["label"]["value"].startswith(CTPHARE) and first["label"]["xml:lang"] == "en"
    assert first["start"] == {"type": "literal", "value": "2024-12-03",
                              "datatype": "http://www.w3.org/2001/XMLSchema#date"}


def test_post_form_csv_and_direct_post(base):
    status, headers, body = request(base + "/sparql", {"query": EVENTS}, {"Accept": "text/csv"})
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == ["e", "label", "start"] and rows[1][2] == "2024-12-03" and len(rows) == 3
    status, _, body = request(base + "/sparql", EVENTS.encode(), {"Content-Type": "application/sparql-query",
                                                                  "Accept": "text/tab-separated-values"})
    assert status == 200 and body.splitlines()[0] == "?e\t?label\t?start"


def test_ask_and_construct(base):
    status, _, body = request(base + "/sparql", {"query": "ASK { ?e a cthr:Event }"},
                              {"Accept": "application/sparql-results+json"})
    assert status == 200 and json.loads(body) == {"head": {}, "boolean": True}
    status, headers, body = request(base + "/sparql", {"query": "CONSTRUCT { ?e a cthr:Event } WHERE { ?e a cthr:Event }"},
                                    {"Accept": "text/turtle"})
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    from pyoxigraph import RdfFormat, parse
    assert len(list(parse(body.encode(), format=RdfFormat.TURTLE))) == 2


def test_malformed_query_is_400_with_the_parser_message(base):
    status, _, body = request(base + "/sparql", {"query": "SELECT ?x WHERE { ?x a cthr:Event "})
    assert status == 400 and "malformed query" in body and "1:" in body
    status, _, body = request(base + "/sparql", {"query": "this is not sparql"})
    assert status == 400 and "not a SPARQL query" in body
    status, _, body = request(base + "/sparql?query=")
    assert status == 400


def test_update_is_403_on_a_read_only_endpoint(base):
    for data in ({"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"},
                 {"query": "DELETE WHERE { ?s ?p ?o }"}):
        status, _, body = request(base + "/sparql", data)
        assert status == 403 and "read-only" in body
    status, _, body = request(base + "/sparql", {"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"},
                              {"Accept": "text/csv"})
    assert status == 200 and body.splitlines()[1] != "0"      # still all there


def test_service_and_load_are_refused(base):
    status, _, body = request(base + "/sparql",
                              {"query": "SELECT * { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"})
    assert status == 403 and "SERVICE" in body
    status, _, body = request(base + "/sparql", {"query": "SELECT * { \\u0053ERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"})
    assert status in (400, 403)


def test_result_cap_is_announced(base):
    status, headers, body = request(base + "/sparql", {"query": "SELECT * { ?s ?p ?o }"}, {"Accept": "text/csv"})
    assert status == 200
    assert headers["X-Cthr-Truncated"] == str(MAX_ROWS)
    assert len(body.strip().splitlines()) == MAX_ROWS + 1
    status, headers, _ = request(base + "/sparql", {"query": EVENTS}, {"Accept": "text/csv"})
    assert "X-Cthr-Truncated" not in headers


def test_stored_query_route_binds_parameters(base):
    query = urllib.parse.urlencode({"from": "2025-01-01", "to": "2025-12-31"})
    status, _, body = request(base + "/stored/events-in-range?" + query, headers={"Accept": "text/csv"})
    assert status == 200
    rows = list(csv.reader(io.StringIO(body)))
    assert len(rows) == 2 and rows[1][2] == "2025-05-06"
    status, _, body = request(base + "/stored/events-in-range?from=yesterday")
    assert status == 400 and "not a date" in body
    status, _, body = request(base + "/stored/no-such-query")
    assert status == 404


def test_foreign_host_and_origin_are_refused(base):
    status, _, _ = request(base + "/", headers={"Host": "attacker.example"})
    assert status == 403
    status, _, _ = request(base + "/sparql", {"query": EVENTS}, {"Origin": "http://attacker.example"})
    assert status == 403


def test_unacceptable_accept_is_406(base):
    status, _, body = request(base + "/sparql", {"query": EVENTS}, {"Accept": "application/rdf+xml"})
    assert status == 406 and "offered" in body


def test_page_is_self_contained(base):
    status, headers, body = request(base + "/")
    assert status == 200 and "default-src 'none'" in headers["Content-Security-Policy"]
    assert "http://" not in body.replace("http://www.w3.org", "") and "https://" not in body
    status, _, catalogue = request(base + "/catalogue")
    names = [q["name"] for q in json.loads(catalogue)["queries"]]
    assert "events-in-range" in names


def test_allow_update_on_a_store_copy(records_build, tmp_path):
    store = tmp_path / "store"
    shutil.copytree(records_build / "store", store)
    proc, url = start_serve("--store", str(store), "--allow-update")
    try:
        status, _, _ = request(url + "/sparql", {"update": "INSERT DATA { GRAPH <urn:test> { <urn:a> <urn:b> 'c' } }"})
        assert status == 200
        status, _, body = request(url + "/sparql", {"query": "SELECT ?o { GRAPH <urn:test> { ?s ?p ?o } }"},
                                  {"Accept": "text/csv"})
        assert body.splitlines()[1] == "c"
        status, _, body = request(url + "/sparql", {"update": "LOAD <http://127.0.0.1:9/x.ttl>"})
        assert status == 403
    finally:
        stop(proc)


def test_allow_update_needs_a_store(records_build):
    result = subprocess.run([CTHR, "serve", "--graph", str(records_build / "graph.ttl"),
                             "--allow-update"], capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and "--allow-update needs a --store" in result.stderr


# --------------------------------------------------------------- the browser
def test_page_runs_a_stored_query_in_chromium(base, tmp_path):
    browser = chromium(tmp_path / "profile")       # skips where Chromium is missing
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.select import Select
    from selenium.webdriver.support.ui import WebDriverWait
    try:
        browser.get(base + "/")
        wait = WebDriverWait(browser, 30)
        wait.until(lambda b: len(b.find_elements(By.CSS_SELECTOR, "#stored option")) > 1)
        Select(browser.find_element(By.ID, "stored")).select_by_value("events-in-range")
        inputs = {i.get_attribute("name"): i for i in browser.find_elements(By.CSS_SELECTOR, "#param-inputs input")}
        assert set(inputs) == {"from", "to", "place"}
        assert inputs["place"].get_attribute("value") == "baghdad"       # the example's value
        browser.find_element(By.ID, "run").click()
        wait.until(lambda b: "row" in b.find_element(By.ID, "status").text)
        wait.until(ec.visibility_of_element_located((By.CSS_SELECTOR, "#yasr table.dataTable")))
        headers, rows = result_table(browser)
        assert headers[:3] == ["event", "label", "start"]
        assert len(rows) == 2
        table = browser.find_element(By.CSS_SELECTOR, "#yasr table.dataTable").text
        assert CTPHARE in table and "2024-12-03" in table and "International Institute for Justice" in table
        assert browser.find_element(By.ID, "status").text.startswith("2 rows")
        # Ad-hoc SPARQL with an error shows the server's message, not a broken page.
        set_editor_text(browser, "SELECT ?x WHERE { ?x a }")
        browser.find_element(By.ID, "run").click()
        wait.until(lambda b: "error 400" in b.find_element(By.ID, "status").text)
        # Back to the stored query for the screenshot a reviewer can look at.
        Select(browser.find_element(By.ID, "stored")).select_by_value("organisations-by-sector")
        browser.find_element(By.ID, "run").click()
        wait.until(lambda b: b.find_element(By.ID, "status").text.startswith("5 rows"))
        browser.set_window_size(1280, 1400)
        shot = Path(os.environ.get("CTHR_SCREENSHOT_DIR", tmp_path)) / "serve-page.png"
        browser.save_screenshot(str(shot))
        assert shot.stat().st_size > 10_000
        assert not [e for e in browser.get_log("browser") if e["level"] == "SEVERE"
                    and "400" not in e["message"]]
    finally:
        browser.quit()


def test_the_address_reopens_a_query_in_chromium(base, tmp_path):
    browser = chromium(tmp_path / "profile")       # skips where Chromium is missing
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.select import Select
    from selenium.webdriver.support.ui import WebDriverWait
    status = lambda b: b.find_element(By.ID, "status").text          # noqa: E731
    try:
        wait = WebDriverWait(browser, 30)
        # A stored query with its parameters in the address: filled in and run.
        browser.get(base + "/?" + urllib.parse.urlencode({"stored": "events-in-range", "from": "2025-01-01",
                                                           "to": "2025-12-31", "place": ""}))
        wait.until(lambda b: status(b).startswith("1 row"))
        inputs = {i.get_attribute("name"): i for i in browser.find_elements(By.CSS_SELECTOR, "#param-inputs input")}
        assert inputs["from"].get_attribute("value") == "2025-01-01" and inputs["place"].get_attribute("value") == ""
        assert "2025-05-06" in browser.find_element(By.CSS_SELECTOR, "#yasr table.dataTable").text
        # SPARQL in the address.
        browser.get(base + "/?" + urllib.parse.urlencode({"query": EVENTS}))
        wait.until(lambda b: status(b).startswith("2 rows"))
        assert editor_text(browser) == EVENTS
        # Running a query from the form puts it in the address; that address opens the same result.
        Select(browser.find_element(By.ID, "stored")).select_by_value("organisations-by-sector")
        browser.find_element(By.ID, "run").click()
        wait.until(lambda b: status(b).startswith("5 rows") and "stored=organisations-by-sector" in b.current_url)
        shared, table = browser.current_url, result_table(browser)
        assert browser.find_element(By.ID, "share").get_attribute("href") == shared
        browser.get(base + "/")
        browser.get(shared)
        wait.until(lambda b: status(b).startswith("5 rows"))
        assert result_table(browser) == table
        browser.get(base + "/?stored=no-such-query")
        wait.until(lambda b: "no stored query named no-such-query" in status(b))
    finally:
        browser.quit()


def test_the_context_is_served_for_exports_that_reference_it(base, records_build, tmp_path):
    """/context.jsonld is the bundled file as application/ld+json; an export pointing there reads back whole."""
    import rdflib

    status, headers, body = request(base + "/context.jsonld")
    assert status == 200 and headers["Content-Type"] == "application/ld+json"
    assert body.encode("utf-8") == (ROOT / "ontology" / "context.jsonld").read_bytes()
    status, headers, _ = request(base + "/context.jsonld", method="HEAD")
    assert status == 200 and int(headers["Content-Length"]) == len(body.encode("utf-8"))
    store = str(records_build / "store")
    out = tmp_path / "served.jsonld"
    run = subprocess.run([CTHR, "export", "--format", "jsonld", "--context-url", base + "/context.jsonld",
                          "-o", str(out), "--store", store], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["@context"] == base + "/context.jsonld"
    # What a JSON-LD reader's document loader does with the reference: fetch it (done here, by
    # this test, from the server) and read the document with it.
    doc["@context"] = json.loads(body)["@context"]
    theirs = rdflib.Dataset()
    theirs.parse(data=json.dumps(doc), format="json-ld")
    nquads = subprocess.run([CTHR, "export", "--format", "nquads", "--store", store], capture_output=True,
                            timeout=120, check=True).stdout
    ours = rdflib.Dataset()
    ours.parse(data=nquads, format="nquads")
    assert len(theirs) == len(ours) > 1000 and set(theirs.quads()) == set(ours.quads())
