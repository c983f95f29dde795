"""The index page in real headless Chromium: loads cleanly, links work, axe passes."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from .support.projects import ROOT

AXE = ROOT / ".cache" / "npm" / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="module")
def browser():
    if not (shutil.which("chromium") and shutil.which("chromedriver") and AXE.is_file()):
        pytest.fail("Chromium, chromedriver or axe-core missing: run tools/setup.sh --test")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync",
                 "--allow-file-access-from-files"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def page(browser, matrix_build):
    index = next(iter(matrix_build.values())).parents[2] / "index.html"
    assert index.is_file()
    browser.get(index.as_uri())
    return browser, index


def test_loads_without_console_errors(page):
    browser, _ = page
    assert browser.title == "Handouts"
    errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert errors == []


def test_every_handout_is_listed_and_every_link_opens_a_pdf(page, matrix_build):
    browser, index = page
    hrefs = browser.execute_script(
        "return Array.from(document.querySelectorAll('a')).map(a => a.href)")
    targets = {Path(unquote(urlparse(h).path)) for h in hrefs}
    assert all(t.is_file() and t.read_bytes()[:5] == b"%PDF-" for t in targets)
    assert {p.resolve() for p in matrix_build.values()} <= {t.resolve() for t in targets}
    images = browser.execute_script(
        "return Array.from(document.images).map(i => [i.naturalWidth, i.alt])")
    assert images and all(width > 0 and alt for width, alt in images)
    languages = browser.execute_script(
        "return Array.from(document.querySelectorAll('h3 [lang]')).map(e => e.lang)")
    assert set(languages) >= {"en", "es", "fr", "ar", "zh"}


def test_axe_finds_no_violations(page):
    browser, _ = page
    browser.execute_script(AXE.read_text("utf-8"))
    result = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document).then(r => done(r.violations.map(v => v.id + ': ' + v.help)))"
        ".catch(e => done(['axe failed: ' + e]));")
    assert result == []
