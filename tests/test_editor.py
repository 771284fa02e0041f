"""The query page's editor: vendored YASGUI served from /static/, driven in real headless Chromium.

The server serves the bundled default corpus. What the page must show is
asked of the same server by SPARQL, never written out from the corpus.
Chromium tests skip, saying why, only where Chromium or chromedriver is missing.
"""

from __future__ import annotations

import csv
import io
import urllib.parse

import pytest
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
