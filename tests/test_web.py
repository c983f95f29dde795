"""The web edition beside every PDF, read by headless Chromium as a person would:
axe-core finds nothing, it reflows to 320 px, the keyboard reaches every link, and its
text is the PDF's, block for block."""

from __future__ import annotations

import base64
import re
import shutil
from pathlib import Path

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from handout.builder.options import BuildOptions
from handout.builder.publish import read_manifest
from handout.builder.run import Request, run_build
from handout.content.clinic import load_profile

from .support.browser import set_viewport
from .support.pdf import structure_elements
from .support.projects import ROOT

BLOCK_TAGS = ("/P", "/H1", "/H2", "/H3", "/H4")


def _squash(text: str) -> str:
    return re.sub(r"[\s\u2066-\u2069\u200d]", "", text)


def _web_editions(*builds: dict) -> list[Path]:
    return sorted({path.with_suffix(".html") for build in builds for path in build.values()})


@pytest.fixture(scope="module")
def editions(matrix_build, bilingual_build) -> list[Path]:
    found = _web_editions(matrix_build, bilingual_build)
    assert len(found) >= 12
    return found


def _open(browser, path: Path, width: int):
    set_viewport(browser, width)
    browser.get(path.as_uri())
    return browser


def test_a_web_edition_beside_every_pdf_in_the_manifest(matrix_build, bilingual_build):
    for build in (matrix_build, bilingual_build):
        out = next(iter(build.values())).parents[2]
        for entry in read_manifest(out).values():
            web = out / entry["web"]["path"]
            assert web.is_file() and web.stat().st_size == entry["web"]["bytes"]
            assert web.with_suffix(".pdf") == out / entry["path"]
            assert entry["edition"] == ("bilingual" if entry["second_language"] else "plain")


@pytest.mark.parametrize("width", [1280, 320])
def test_axe_finds_nothing_and_nothing_scrolls_sideways(browser, axe, editions, width):
    for path in editions:
        _open(browser, path, width)
        assert axe(browser) == [], (path.name, width)
        scroll = browser.execute_script(
            "return [document.documentElement.scrollWidth, window.innerWidth]")
        assert scroll[0] <= scroll[1], (path.name, width, scroll)


def test_language_direction_figures_and_nothing_fetched(browser, editions):
    for path in editions:
        _open(browser, path, 1280)
        language = path.name.split("-")[1]
        found = browser.execute_script(
            "return [document.documentElement.lang, document.documentElement.dir,"
            " Array.from(document.images).map(i => [i.naturalWidth, i.alt]),"
            " Array.from(document.querySelectorAll('svg[role=img]')).map(s =>"
            "   s.getAttribute('aria-label')),"
            " performance.getEntriesByType('resource').map(r => r.name)]")
        lang, direction, images, diagrams, resources = found
        assert lang == language and direction == ("rtl" if language == "ar" else "ltr")
        assert all(width > 0 and alt for width, alt in images), path.name
        assert diagrams and all(diagrams), path.name
        assert [r for r in resources if not r.startswith("data:")] == [], path.name
        errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
        assert errors == [], (path.name, errors)
        text = path.read_text("utf-8")
        assert not re.search(r'(?:src|href)="(?!https?://|mailto:|#|data:)', text)
        assert not re.search(r'src="https?://|url\(["\']?https?:', text)


def test_text_equals_the_pdf_block_for_block(browser, editions):
    script = ("return Array.from(document.querySelectorAll('p, h1, h2, h3, h4'))"
              ".map(e => e.textContent)")
    for path in editions:
        _open(browser, path, 1280)
        web = [_squash(t) for t in browser.execute_script(script)]
        pdf = [_squash(e["text"]) for e in structure_elements(path.with_suffix(".pdf"), BLOCK_TAGS)]
        assert len(web) > 20
        assert web == pdf, next(((i, a, b) for i, (a, b) in enumerate(zip(web, pdf,
                                                                          strict=False))
                                 if a != b), (len(web), len(pdf)))


def test_the_keyboard_reaches_every_link(browser, editions):
    for path in editions[:: max(1, len(editions) // 6)]:
        _open(browser, path, 1280)
        links = browser.execute_script(
            "return Array.from(document.querySelectorAll('a[href]')).length")
        reached = set()
        body = browser.find_element("tag name", "body")
        body.click()
        for _ in range(links + 20):
            ActionChains(browser).send_keys(Keys.TAB).perform()
            reached.add(browser.execute_script(
                "const e = document.activeElement; const all ="
                " Array.from(document.querySelectorAll('a[href]'));"
                " return all.indexOf(e)"))
        assert set(range(links)) <= reached, path.name


def test_the_review_notice_is_there_in_both_languages(browser, bilingual_build):
    _open(browser, bilingual_build[("es", "large")].with_suffix(".html"), 1280)
    notices = browser.execute_script(
        "return Array.from(document.querySelectorAll('header .status'))"
        ".map(e => [e.lang, e.textContent])")
    assert [lang for lang, _ in notices] == ["es", "en"]
    assert "no ha sido revisada" in notices[0][1] and "not yet been reviewed" in notices[1][1]


def test_it_prints(browser, matrix_build):
    _open(browser, matrix_build[("en", "teen")].with_suffix(".html"), 1280)
    pdf = base64.b64decode(browser.print_page())
    assert pdf.startswith(b"%PDF-") and pdf.count(b"/Type /Page") > 3


@pytest.fixture(scope="module")
def clinic_web(project, tmp_path_factory):
    """A clinic edition whose profile says where the clinic publishes the web editions."""
    folder = tmp_path_factory.mktemp("profile") / "clinic"
    shutil.copytree(ROOT / "clinics" / "example", folder)
    profile = folder / "clinic.yaml"
    profile.write_text(profile.read_text("utf-8") + "web_editions: https://example.org/handouts/\n",
                       "utf-8")
    out = tmp_path_factory.mktemp("clinic-web")
    _, outcomes = run_build(project, Request(
        languages=("en",), audiences=("parent",), out=out, jobs=1,
        options=BuildOptions(clinic=load_profile(folder))))
    assert [o.status for o in outcomes] == ["built"], [o.error for o in outcomes]
    return outcomes[0].path


def test_clinic_edition_qr_code_opens_its_own_web_edition(browser, axe, clinic_web):
    import pypdfium2
    import zxingcpp

    document = pypdfium2.PdfDocument(str(clinic_web))
    decoded = [r.text for page in document
               for r in zxingcpp.read_barcodes(page.render(scale=3).to_pil())]
    document.close()
    assert decoded == ["https://example.org/handouts/poh/en/"
                       "poh-en-parent-large-letter-example-genetics.html"]
    _open(browser, clinic_web.with_suffix(".html"), 320)
    assert axe(browser) == []
    text = browser.execute_script("return document.body.textContent")
    assert "Who to contact" in text and "+44 20 7946 0000" in text


@pytest.mark.fast
def test_manifest_entries_name_their_web_edition_beside_the_pdf(tmp_path):
    from handout.builder.publish import valid_entry, write_manifest

    entry = {"path": "poh/es/poh-es-parent-large-a4-bi-en.pdf", "guide": "poh",
             "language": "es", "audience": "parent", "size": "large", "paper": "a4",
             "content_version": "2.1", "translation_status": "unreviewed draft",
             "pages": 3, "bytes": 4, "sha256": "0" * 64, "edition": "bilingual",
             "second_language": "en", "clinic": None, "pdf_standard": "ua-1",
             "web": {"path": "poh/es/poh-es-parent-large-a4-bi-en.html", "bytes": 5,
                     "sha256": "1" * 64}}
    assert valid_entry(entry)
    # its PDF/UA-2 twin shares the web edition
    assert valid_entry(dict(entry, path="poh/es/poh-es-parent-large-a4-bi-en-ua2.pdf",
                            pdf_standard="ua-2"))
    for web in ({"path": "poh/es/elsewhere.html", "bytes": 5, "sha256": "1" * 64},
                {"path": "poh/es/poh-es-parent-large-a4-bi-en.pdf", "bytes": 5,
                 "sha256": "1" * 64},
                {"path": "poh/es/poh-es-parent-large-a4-bi-en.html", "bytes": -1,
                 "sha256": "1" * 64}, "poh/es/x.html"):
        assert not valid_entry(dict(entry, web=web)), web
    assert not valid_entry(dict(entry, edition="web"))
    assert not valid_entry(dict(entry, second_language="../x"))
    # An entry whose web edition is gone or changed is dropped: the handout is rebuilt.
    folder = tmp_path / "poh" / "es"
    folder.mkdir(parents=True)
    (folder / "poh-es-parent-large-a4-bi-en.pdf").write_bytes(b"%PDF")
    write_manifest(tmp_path, {entry["path"]: entry})
    assert read_manifest(tmp_path) == {}
    (folder / "poh-es-parent-large-a4-bi-en.html").write_bytes(b"<html")
    assert list(read_manifest(tmp_path)) == [entry["path"]]
