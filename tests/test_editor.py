"""The query page's editor: vendored YASGUI served from /static/, driven in real headless Chromium.

The server serves the bundled default corpus. What the page must show is
asked of the same server by SPARQL, never written out from the corpus.
Chromium tests skip, saying why, only where Chromium or chromedriver is missing.
"""

from __future__ import annotations

import csv
import io
import json
import time
import urllib.parse

import pytest
from helpers import chromium, editor_text, result_table, set_editor_text
from test_serve import request, start_serve, stop

SECTORS = "organisations-by-sector"


@pytest.fixture(scope="module")
def base(default_build):
    proc, url = start_serve("--store", str(default_build / "store"))
    yield url
    stop(proc)


def stored_csv(base: str, name: str, **params: str) -> list[dict]:
    status, _, body = request(f"{base}/stored/{name}?{urllib.parse.urlencode(params)}", headers={"Accept": "text/csv"})
    assert status == 200, body
    return list(csv.DictReader(io.StringIO(body)))


# ------------------------------------------------------------- /static/ route
def test_vendored_files_are_served_with_types_and_cache_headers(base):
    for path, ctype in (("/static/yasgui/yasgui.min.js", "text/javascript"), ("/static/yasgui/yasgui.min.css", "text/css"),
                        ("/static/yasgui/LICENSE", "text/plain")):
        status, headers, body = request(base + path)
        assert status == 200 and headers["Content-Type"].startswith(ctype), path
        assert "max-age=86400" in headers["Cache-Control"] and headers["ETag"].startswith('"')
        assert headers["X-Content-Type-Options"] == "nosniff"
        # Revalidation: the same ETag gets 304 and no body.
        status, again, body304 = request(base + path, headers={"If-None-Match": headers["ETag"]})
        assert status == 304 and body304 == "" and again["ETag"] == headers["ETag"]
    assert "MIT License" in request(base + "/static/yasgui/LICENSE")[2]
    # Everything else keeps no-store.
    assert request(base + "/catalogue")[1]["Cache-Control"] == "no-store"


@pytest.mark.parametrize("path", ["/static/yasgui/yasgui.min.js.map", "/static/yasgui/nothing.js",
                                  "/static/yasgui/../../serve.py", "/static/..%2F..%2Fserve.py", "/static/serve.js",
                                  "/static/yasgui/", "/static/yasgui", "/static/yasgui/README"])
def test_the_static_route_serves_only_vendored_files(base, path):
    status, _, _ = request(base + path)
    assert status == 404, path


def test_the_static_route_keeps_the_host_check(base):
    status, _, _ = request(base + "/static/yasgui/yasgui.min.js", headers={"Host": "attacker.example"})
    assert status == 403


# ---------------------------------------------------------------- the browser
def open_page(browser, url: str):
    from selenium.webdriver.support.ui import WebDriverWait

    # Every CSP refusal is recorded, so a test sees what the page was not allowed to do.
    browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": (
        "window.__csp = []; document.addEventListener('securitypolicyviolation',"
        " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));")})
    browser.get(url)
    wait = WebDriverWait(browser, 30)
    wait.until(lambda b: b.execute_script("return !!document.querySelector('#editor .CodeMirror')"))
    return wait


def status(browser) -> str:
    return browser.find_element("id", "status").text


def offline_checks(browser, base: str) -> None:
    """The page loaded nothing from outside this server, and its CSP refused nothing."""
    loaded = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert loaded and all(u.startswith(base + "/") for u in loaded), loaded
    assert browser.execute_script("return window.__csp") == []


def test_the_editor_runs_sorts_pages_and_downloads_a_stored_query(base, tmp_path):
    browser = chromium(tmp_path / "profile")       # skips where Chromium is missing
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.select import Select
    expected = stored_csv(base, SECTORS)        # an emptied field is not sent
    try:
        wait = open_page(browser, base + "/")
        # Highlighting: keywords are marked up by the SPARQL mode.
        assert "SELECT" in [s.text for s in browser.find_elements(By.CSS_SELECTOR, "#editor .cm-keyword")]
        wait.until(lambda b: len(b.find_elements(By.CSS_SELECTOR, "#stored option")) > 1)
        Select(browser.find_element(By.ID, "stored")).select_by_value(SECTORS)
        assert SECTORS.replace("-", " ").capitalize() in editor_text(browser)      # the stored text, its title line
        browser.find_element(By.ID, "param-sector").clear()
        browser.find_element(By.ID, "run").click()
        wait.until(lambda b: status(b).startswith(f"{len(expected)} rows"))
        heads, rows = result_table(browser)
        assert heads == list(expected[0]) and len(rows) == len(expected)
        # Sorting: a click on a header orders the rows by it, a second click reverses them.
        events = heads.index("events")
        header = browser.find_elements(By.CSS_SELECTOR, "#yasr table.dataTable thead th")[events + 1]
        counts = lambda: [int(r[events].split('"')[1]) for r in result_table(browser)[1]]     # noqa: E731
        header.click()
        wait.until(lambda b: counts() == sorted(counts()))
        header.click()
        wait.until(lambda b: counts() == sorted(counts(), reverse=True))
        assert sorted(counts()) == sorted(int(r["events"]) for r in expected)
        # Paging: ten rows a page.
        Select(browser.find_element(By.CSS_SELECTOR, ".yasr select.tableSizer")).select_by_value("10")
        wait.until(lambda b: len(result_table(b)[1]) == 10)
        # CSV download, to a real download folder.
        downloads = tmp_path / "downloads"
        downloads.mkdir()
        browser.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
        browser.find_element(By.CSS_SELECTOR, ".yasr .yasr_downloadIcon").click()
        got = wait_for_file(downloads, ".csv")
        rows = list(csv.DictReader(io.StringIO(got.read_text(encoding="utf-8"))))
        assert list(rows[0]) == list(expected[0])
        assert sorted(r["org"] for r in rows) == sorted(r["org"] for r in expected)
        # The raw answer (SPARQL JSON) from the Response view.
        browser.find_element(By.CSS_SELECTOR, ".yasr .select_response").click()
        browser.find_element(By.CSS_SELECTOR, ".yasr .yasr_downloadIcon").click()
        data = json.loads(wait_for_file(downloads, ".json").read_text(encoding="utf-8"))
        assert len(data["results"]["bindings"]) == len(expected)
        offline_checks(browser, base)
    finally:
        browser.quit()


def wait_for_file(folder, suffix: str, timeout: float = 20):
    """The finished download with this suffix (Chromium writes .crdownload until done)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = [p for p in folder.iterdir() if p.suffix == suffix]
        if done and done[0].stat().st_size:
            return done[0]
        time.sleep(0.2)
    raise AssertionError(f"no {suffix} download in {folder}: {[p.name for p in folder.iterdir()]}")


def test_a_syntax_error_is_shown_where_it_is(base, tmp_path):
    browser = chromium(tmp_path / "profile")
    from selenium.webdriver.common.by import By
    try:
        wait = open_page(browser, base + "/")
        # The project prefixes are predeclared: the default query (cthr:, rdfs:) is not flagged.
        assert not browser.find_elements(By.CSS_SELECTOR, "#editor .parseErrorIcon")
        # An invented broken query: the third line's triple has no object.
        set_editor_text(browser, "SELECT ?x WHERE {\n  ?x a cthr:Event .\n  ?x cthr:startDate }")
        wait.until(lambda b: b.find_elements(By.CSS_SELECTOR, "#editor .parseErrorIcon"))
        line = browser.execute_script("""return [...document.querySelectorAll('#editor .parseErrorIcon')].map(
            e => e.closest('.CodeMirror-code > div').querySelector('.CodeMirror-linenumber').textContent)""")
        assert line == ["3"]
        # Run anyway: the server's message, and its line:column marked in the editor.
        browser.find_element(By.ID, "run").click()
        wait.until(lambda b: status(b).startswith("error 400"))
        assert "at 3:" in status(browser)
        marks = browser.execute_script("""const cm = document.querySelector('#editor .CodeMirror').CodeMirror;
            return cm.getAllMarks().filter(m => m.className === 'server-error').map(m => m.find().from.line)""")
        assert marks == [2]                        # CodeMirror counts lines from 0
        assert browser.find_element(By.CSS_SELECTOR, "#editor .server-error").is_displayed()
        assert "400" in browser.find_element(By.ID, "yasr").text
        # Fixing it clears the mark.
        set_editor_text(browser, "SELECT ?x WHERE { ?x a cthr:Event }")
        browser.find_element(By.ID, "run").click()
        wait.until(lambda b: status(b).endswith("rows") or status(b).endswith("row"))
        assert not browser.find_elements(By.CSS_SELECTOR, "#editor .server-error")
    finally:
        browser.quit()


def test_prefix_completion_offers_the_project_prefixes(base, tmp_path):
    browser = chromium(tmp_path / "profile")
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    try:
        wait = open_page(browser, base + "/")
        set_editor_text(browser, "")
        browser.find_element(By.CSS_SELECTOR, "#editor .CodeMirror").click()
        typing = browser.find_element(By.CSS_SELECTOR, "#editor .CodeMirror textarea")
        typing.send_keys("PREFIX ct")
        typing.send_keys(Keys.CONTROL, " ")
        wait.until(lambda b: b.find_elements(By.CSS_SELECTOR, ".CodeMirror-hints li"))
        hints = [li.text for li in browser.find_elements(By.CSS_SELECTOR, ".CodeMirror-hints li")]
        prefixes = json.loads(request(base + "/catalogue")[2])["prefixes"]
        assert hints and all(h.startswith("ct") for h in hints)
        assert f"cthr: <{prefixes['cthr']}>" in hints
        typing.send_keys(Keys.ENTER)
        assert editor_text(browser).startswith(f"PREFIX cthr: <{prefixes['cthr']}>")
    finally:
        browser.quit()


def test_an_iri_on_a_later_page_opens_its_entity_page_with_evidence(base, tmp_path):
    browser = chromium(tmp_path / "profile")
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.select import Select
    expected = stored_csv(base, SECTORS)
    try:
        # An emptied field in the address stays empty (else the example's value fills it).
        wait = open_page(browser, base + "/?" + urllib.parse.urlencode({"stored": SECTORS, "sector": ""}))
        wait.until(lambda b: status(b).startswith(f"{len(expected)} rows"))
        Select(browser.find_element(By.CSS_SELECTOR, ".yasr select.tableSizer")).select_by_value("10")
        wait.until(lambda b: len(result_table(b)[1]) == 10)
        # Page 2 is drawn anew: its instance IRIs must point at this server too.
        next(b for b in browser.find_elements(By.CSS_SELECTOR, ".yasr .dt-paging-button") if b.text == "2").click()
        wait.until(lambda b: b.find_element(By.CSS_SELECTOR, ".yasr .dt-info").text.startswith("Showing 11 to 20"))
        heads, rows = result_table(browser)
        links = browser.find_elements(By.CSS_SELECTOR, "#yasr table.dataTable tbody a.iri[href^='/id/org/']")
        assert len(links) == len(rows) == 10
        iri = links[0].get_attribute("title")
        assert links[0].get_attribute("href") == base + "/id/" + iri[len("https://w3id.org/cthr/id/"):]
        name = next(r["organisation"] for r in expected if r["org"] == iri)
        links[0].click()
        wait.until(lambda b: b.find_elements(By.TAG_NAME, "h1") and b.find_element(By.TAG_NAME, "h1").text == name)
        assert browser.find_elements(By.CSS_SELECTOR, "ul.evidence li")      # every fact with its evidence
        browser.back()                                                        # the address reruns the query
        wait.until(lambda b: status(b).startswith(f"{len(expected)} rows"))
    finally:
        browser.quit()
