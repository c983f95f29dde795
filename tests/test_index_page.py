"""The catalog (output/index.html) in real headless Chromium: it names the guide, lists
languages for people, every link resolves, the filters narrow the list, axe passes."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from handout.builder.index_page import translation_words
from handout.builder.options import BuildOptions
from handout.builder.publish import read_manifest
from handout.builder.run import Request, run_build

from .support.browser import set_viewport


@pytest.fixture(scope="module")
def catalog(project, tmp_path_factory) -> Path:
    """Every shipped language for parents in large print, the Spanish one also with
    English, and the English one for teenagers in standard print (drafts built with
    fallback, as a translator's preview build would)."""
    out = tmp_path_factory.mktemp("catalog")
    options = BuildOptions(allow_fallback=True)
    _, plain = run_build(project, Request(audiences=("parent",), out=out, jobs=2,
                                          options=options))
    _, bilingual = run_build(project, Request(languages=("es",), audiences=("parent",),
                                              bilingual=("en",), out=out, jobs=2,
                                              options=options))
    _, teen = run_build(project, Request(languages=("en",), audiences=("teen",),
                                         sizes=("standard",), out=out, jobs=1))
    assert [o.status for o in plain + bilingual + teen] == ["built"] * 7
    return out


@pytest.fixture
def page(browser, catalog):
    set_viewport(browser, 1280)
    browser.get((catalog / "index.html").as_uri())
    return browser


def _visible_cards(browser) -> list[dict]:
    return browser.execute_script(
        "return Array.from(document.querySelectorAll('.card'))"
        ".filter(c => c.offsetParent !== null).map(c => Object.assign({}, c.dataset))")


def test_the_guide_is_named_and_described(page):
    assert page.title == "Progressive osseous heteroplasia (POH): handouts"
    assert page.find_element("tag name", "h1").text == "Progressive osseous heteroplasia (POH)"
    assert "bone forms in the skin" in page.find_element("css selector", ".description").text
    errors = [e for e in page.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []


def test_languages_in_their_own_script_source_first_then_by_name(page):
    found = page.execute_script(
        "return Array.from(document.querySelectorAll('.language h3 [lang]'))"
        ".map(e => [e.lang, e.textContent])")
    assert found == [["en", "English"], ["es", "Español"], ["fr", "Français"],
                     ["ar", "العربية"], ["zh", "中文"]]
    jumps = page.execute_script(
        "return Array.from(document.querySelectorAll('nav a')).map(a => a.hash)")
    assert jumps == ["#poh-en", "#poh-es", "#poh-fr", "#poh-ar", "#poh-zh"]


def test_one_card_per_handout_with_words_not_codes(page, catalog):
    cards = page.execute_script(
        "return Array.from(document.querySelectorAll('.card')).map(c => c.innerText)")
    plain = [e for e in read_manifest(catalog).values() if e["edition"] == "plain"]
    assert len(cards) == len(plain) == 6
    for text in cards:
        assert ("Large print, 18 pt: for people with low vision" in text or
                "Standard print, 12 pt: for most readers" in text)
        assert "A4 (210 × 297 mm)" in text or "US Letter (8.5 × 11 in)" in text
        assert "LETTER" not in text and "poh" not in text
    statuses = page.execute_script(
        "return Array.from(document.querySelectorAll('.language .status'))"
        ".map(e => e.textContent)")
    assert statuses[0] == "Original text, written in English"
    assert statuses[1] == translation_words("unreviewed draft", "English")
    spanish = page.execute_script(
        "return document.querySelector('.card[data-language=es]').innerText")
    assert "With Español (Spanish)" not in spanish and "With English: PDF, web page" in spanish


def test_every_link_resolves(page, catalog):
    links = page.execute_script(
        "return Array.from(document.querySelectorAll('a')).map(a => a.href)")
    pdfs, pages = set(), set()
    for href in links:
        parsed = urlparse(href)
        if parsed.fragment:
            assert page.execute_script("return !!document.getElementById(arguments[0])",
                                       parsed.fragment), href
            continue
        target = Path(unquote(parsed.path))
        assert target.is_file(), href
        (pdfs if target.suffix == ".pdf" else pages).add(target.resolve())
    manifest = read_manifest(catalog).values()
    assert pdfs == {(catalog / e["path"]).resolve() for e in manifest}
    assert pages == {(catalog / e["web"]["path"]).resolve() for e in manifest}
    assert all(p.read_bytes()[:5] == b"%PDF-" for p in pdfs)
    assert all(p.read_text("utf-8").startswith("<!DOCTYPE html>") for p in pages)
    images = page.execute_script(
        "return Array.from(document.images).map(i => [i.naturalWidth, i.alt])")
    assert len(images) == 6 and all(width > 0 and alt for width, alt in images)


def test_filters_narrow_the_list_without_a_script(browser, catalog, axe):
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        set_viewport(browser, 1280)
        browser.get((catalog / "index.html").as_uri())
        assert len(_visible_cards(browser)) == 6
        browser.find_element("css selector", "label[for=language-es]").click()
        assert [c["language"] for c in _visible_cards(browser)] == ["es"]
        browser.find_element("css selector", "label[for=language-en]").click()
        browser.find_element("css selector", "label[for=size-standard]").click()
        assert _visible_cards(browser) == [
            {"language": "en", "audience": "teen", "size": "standard"}]
        browser.find_element("css selector", "label[for=audience-parent]").click()
        assert _visible_cards(browser) == []
        browser.find_element("css selector", "label[for=language-all]").click()
        browser.find_element("css selector", "label[for=size-large]").click()
        cards = _visible_cards(browser)
        assert len(cards) == 5 and {c["audience"] for c in cards} == {"parent"}
        languages = browser.execute_script(
            "return Array.from(document.querySelectorAll('.language'))"
            ".filter(s => s.offsetParent !== null).length")
        assert languages == 5
    finally:
        browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})


def test_the_count_is_announced_when_a_script_runs(page):
    assert page.find_element("id", "shown").text == "6 handouts."
    page.find_element("css selector", "label[for=language-zh]").click()
    assert page.find_element("id", "shown").text == "Showing 1 of 6 handouts."


@pytest.mark.parametrize("width", [1280, 320])
def test_axe_finds_no_violations_and_nothing_scrolls_sideways(page, axe, width):
    set_viewport(page, width)
    page.refresh()
    assert axe(page) == []
    scroll = page.execute_script(
        "return [document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll[0] <= scroll[1]
    page.find_element("css selector", "label[for=language-ar]").click()
    assert axe(page) == []
