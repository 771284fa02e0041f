"""Regenerate docs/network-view.png and docs/entity-page.png from `cthr serve` on the default corpus.

    pip install -e '.[test]'          # selenium; Debian: apt-get install chromium chromium-driver
    python docs/make_screenshots.py   # builds the bundled corpus in a temp folder, serves it, shoots

The entity page shown is the organisation that attended the most events
(chosen by SPARQL, so the script names no organisation). Images are written
to a temporary file and renamed, so a failed run leaves the old ones.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

DOCS = Path(__file__).resolve().parent
CTHR = str(Path(sys.executable).with_name("cthr"))
TOP_ORG = """PREFIX cthr: <https://w3id.org/cthr/ontology#>
SELECT ?org (COUNT(DISTINCT ?event) AS ?n) WHERE {
  ?event a cthr:Event ; cthr:hasParticipation/cthr:agent ?org . ?org a cthr:Organisation .
} GROUP BY ?org ORDER BY DESC(?n) ?org LIMIT 1"""


def browser(profile: Path, width: int, height: int):
    """Headless Chromium kept off the network (the same flags as tests/helpers.py chromium())."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or shutil.which("chromium-browser") or "chromium"
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", f"--window-size={width},{height}", "--hide-scrollbars",
                 f"--user-data-dir={profile}"):
        options.add_argument(flag)
    return webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver") or "chromedriver"))


def shoot(driver, path: Path) -> None:
    tmp = path.with_suffix(".tmp.png")
    driver.save_screenshot(str(tmp))
    os.replace(tmp, path)
    print(f"wrote {path.relative_to(DOCS.parent)}")


def main() -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from cthr.corpus import default_sources
    from cthr.graph.build import build

    with tempfile.TemporaryDirectory(prefix="cthr-shots-") as tmp:
        tmp = Path(tmp)
        result = build(default_sources(), store=tmp / "store", out=tmp / "graph.ttl")
        if not result.ok:
            sys.exit(result.report.text())
        proc = subprocess.Popen([CTHR, "serve", "--port", "0", "--store", str(tmp / "store")],
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            url = proc.stdout.readline().split()[1].rstrip("/")
            with urllib.request.urlopen(url + "/sparql?" + urllib.parse.urlencode({"query": TOP_ORG}) + "&format=json",
                                        timeout=60) as resp:
                org = json.load(resp)["results"]["bindings"][0]["org"]["value"]
            driver = browser(tmp / "profile", 1400, 960)
            try:
                driver.get(url + "/network")
                WebDriverWait(driver, 60).until(lambda b: b.find_element(By.ID, "count").get_attribute("data-nodes"))
                time.sleep(1.5)          # sigma draws labels on the next animation frames
                shoot(driver, DOCS / "network-view.png")
                driver.get(url + "/id/" + org.split("/id/", 1)[1])
                WebDriverWait(driver, 30).until(lambda b: b.find_elements(By.TAG_NAME, "h1"))
                shoot(driver, DOCS / "entity-page.png")
            finally:
                driver.quit()
        finally:
            proc.terminate()
            proc.wait(timeout=10)


if __name__ == "__main__":
    main()
