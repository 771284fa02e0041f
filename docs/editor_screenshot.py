"""Regenerate docs/editor.png: the `cthr serve` query page with a stored query's results.

    python docs/editor_screenshot.py [--out docs/editor.png]

Builds the bundled default corpus into a temporary store, starts `cthr
serve` on it (127.0.0.1, a free port), opens the page in headless Chromium
(Debian chromium + chromium-driver, through selenium) with a stored query in
its address, and saves the window once the results are drawn. A person
looks at the picture before it is committed.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
from pathlib import Path

QUERY = {"stored": "organisations-by-sector", "sector": ""}     # every sector: a full table
CTHR = str(Path(sys.executable).with_name("cthr"))


def chromium(profile: Path):
    """Headless Chromium kept off the network (as tests/helpers.py starts it)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or shutil.which("chromium-browser") or "chromium"
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                 "--window-size=1280,1540", "--hide-scrollbars", f"--user-data-dir={profile}"):
        options.add_argument(flag)
    return webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver") or "chromedriver"))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=Path(__file__).with_name("editor.png"))
    args = ap.parse_args(argv)
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.select import Select
    from selenium.webdriver.support.ui import WebDriverWait

    with tempfile.TemporaryDirectory(prefix="cthr-shot-") as tmp:
        tmp = Path(tmp)
        subprocess.run([CTHR, "build", "--store", str(tmp / "store"), "-o", str(tmp / "graph.ttl")],
                       check=True, capture_output=True)
        server = subprocess.Popen([CTHR, "serve", "--port", "0", "--store", str(tmp / "store")],
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        browser = None
        try:
            line = server.stdout.readline()
            if not line.startswith("serving "):
                raise SystemExit(f"cthr serve did not start: {line!r}")
            base = line.split()[1].rstrip("/")
            browser = chromium(tmp / "profile")
            browser.get(base + "/?" + urllib.parse.urlencode(QUERY))
            wait = WebDriverWait(browser, 30)
            wait.until(lambda b: b.find_element(By.ID, "status").text.endswith("rows"))
            Select(browser.find_element(By.CSS_SELECTOR, ".yasr select.tableSizer")).select_by_value("10")
            wait.until(lambda b: len(b.find_elements(By.CSS_SELECTOR, "#yasr table.dataTable tbody tr")) == 10)
            # "Simple view": plain values, without language tags and datatypes.
            browser.find_element(By.CSS_SELECTOR, ".yasr .tableControls input[type=checkbox]").click()
            wait.until(lambda b: "@en" not in b.find_element(By.CSS_SELECTOR, "#yasr table.dataTable").text)
            browser.save_screenshot(str(args.out))
            print(f"wrote {args.out} ({browser.find_element(By.ID, 'status').text})")
        finally:
            if browser is not None:
                browser.quit()
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
