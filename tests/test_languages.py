"""The shipped languages: each builds, reads in logical order and prints correctly."""

from __future__ import annotations

import re

import pdfplumber
import pikepdf
import pytest

from handout.content.load import load_guide
from handout.content.markup import plain_text
from handout.content.select import select
from handout.matrix import paper_for
from handout.translation.catalogs import catalog_path, read_catalog
from handout.translation.status import language_status
from handout.verify.document import verify_pdf, walk_structure

from .support.pdf import squash_cited, structure_paragraphs

LANGUAGES = ("en", "es", "fr", "ar", "zh")
AUDIENCE_NAMES = ("teen", "parent", "clinician")


def full_text(path) -> str:
    with pdfplumber.open(path) as pdf:
        return " ".join(" ".join((page.extract_text() or "") for page in pdf.pages).split())


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_audience_builds_and_verifies(matrix_build, language):
    for audience in AUDIENCE_NAMES:
        path = matrix_build[(language, audience)]
        with pikepdf.open(path) as pdf:
            assert str(pdf.Root.Lang) == language
            width = float(pdf.pages[0].mediabox[2])
        assert width == pytest.approx(612 if language == "en" else 595.28, abs=0.5)
        report = verify_pdf(path, language, 18)
        assert report.errors == [], (path.name, report.errors)


# Issue 13: short enough to read, at 18 pt, counting every page including references.
PAGE_LIMITS = {"teen": 8, "parent": 12, "clinician": 16}


@pytest.mark.parametrize("language", LANGUAGES)
def test_page_counts_within_limits_on_both_papers(matrix_build, language):
    counts = {}
    for audience in AUDIENCE_NAMES:
        for paper in ("a4", "letter"):
            with pikepdf.open(matrix_build[(language, audience, paper)]) as pdf:
                counts[audience, paper] = len(pdf.pages)
    over = {key: n for key, n in counts.items() if n > PAGE_LIMITS[key[0]]}
    assert not over, (over, counts)


def _translated_lead(project, guide, language: str, audience: str) -> str:
    """The key points' main message as this language's reader sees it, in plain text."""
    lead = next(block.texts["lead"] for section in select(guide, audience).sections
                for block in section.blocks if block.kind == "key_points")
    text = lead.msgid
    if language != "en":
        catalog = read_catalog(catalog_path(project.locales, language, "poh"))
        text = catalog.entries[(lead.context, lead.msgid)].msgstr
    return plain_text(text)


def _page_one_text(path) -> str:
    """Page 1's text: extracted glyphs, plus the logical text (/ActualText) of right-to-
    left runs, whose glyphs extract in visual order."""
    with pdfplumber.open(path) as pdf:
        text = pdf.pages[0].extract_text() or ""
    with pikepdf.open(path) as pdf:
        first = pdf.pages[0].objgen
        text += " ".join(str(e.ActualText) for e in walk_structure(pdf)
                         if "/ActualText" in e and "/Pg" in e and e.Pg.objgen == first)
    return re.sub(r"[\s\u2066-\u2069\u00a0]", "", text)


@pytest.mark.parametrize("language", LANGUAGES)
def test_page_one_opens_with_the_answer(project, matrix_build, language):
    """Page 1 of every handout holds the key points' main message; teen and parent
    page 1 name PHP1a and give the chance (1 in 2) in numbers."""
    guide = load_guide(project.guide_folder("poh"))
    for audience in AUDIENCE_NAMES:
        page_one = _page_one_text(matrix_build[(language, audience)])
        lead = re.sub(r"\s", "", _translated_lead(project, guide, language, audience))
        assert lead[:20] in page_one, (audience, lead[:20], page_one[:300])
        if audience != "clinician":
            assert "PHP1a" in page_one and re.search(r"1\D{1,12}2", page_one), audience


def test_paper_auto_follows_territory():
    assert [paper_for(lang, "auto") for lang in ("en", "es", "es-MX", "fr", "fr-CA", "ar",
                                                   "zh", "en-GB")] == [
        "letter", "a4", "letter", "a4", "letter", "a4", "a4", "a4"]


@pytest.mark.parametrize("language", ["es", "fr", "ar", "zh"])
def test_catalog_complete_numbers_equal_and_marked_unreviewed(project, language):
    guide = load_guide(project.guide_folder("poh"))
    status = language_status(project, guide, language)
    assert status.errors == []           # includes every number, citation and link
    assert status.translated == status.total > 150
    assert read_catalog(catalog_path(project.locales, language, "poh")).review.status == \
        "unreviewed"


@pytest.mark.parametrize("language", ["es", "fr", "ar", "zh"])
def test_unreviewed_draft_says_so_on_the_page(project, matrix_build, language):
    from handout.rendering import words

    catalog = read_catalog(catalog_path(project.locales, language, "handout"))
    marker = catalog.entries[(None, words.NOT_REVIEWED)].msgstr
    # Arabic is read through the structure tree (/ActualText), as a screen reader does.
    paragraphs = structure_paragraphs(matrix_build[(language, "parent")])
    assert squash_cited(marker) in [squash_cited(p) for p in paragraphs[:8]]


def test_spanish_and_french_address_teen_informally_parent_formally(matrix_build):
    es_teen = full_text(matrix_build[("es", "teen")])
    es_parent = full_text(matrix_build[("es", "parent")])
    fr_teen = full_text(matrix_build[("fr", "teen")])
    fr_parent = full_text(matrix_build[("fr", "parent")])
    assert len(re.findall(r"\b(tú|tu|tus|tienes|puedes)\b", es_teen)) > 10
    assert not re.search(r"\busted\b", es_teen)
    assert "su hijo" in es_parent and not re.search(r"\btú\b", es_parent)
    assert len(re.findall(r"\b(tu|ton|ta|tes)\b", fr_teen)) > 5
    assert not re.search(r"(?<!rendez-)\bvous\b", fr_teen)
    assert "votre enfant" in fr_parent and not re.search(r"\btu\b", fr_parent)


def test_chinese_embeds_two_faces_and_stays_small(matrix_build):
    for audience in AUDIENCE_NAMES:
        path = matrix_build[("zh", audience)]
        report = verify_pdf(path, "zh", 18)
        assert report.fonts == ["Noto-Sans-CJK-SC", "Noto-Sans-CJK-SC-Bold"]
        assert path.stat().st_size < 400_000


def test_chinese_lines_never_start_with_closing_punctuation(matrix_build):
    with pdfplumber.open(matrix_build[("zh", "parent")]) as pdf:
        lines = [line for page in pdf.pages for line in (page.extract_text() or "").split("\n")]
    assert len(lines) > 150
    assert [line for line in lines if line[:1] in "，。、；：？！）」》"] == []


@pytest.mark.parametrize("audience", AUDIENCE_NAMES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_reading_order_equals_the_source(project, matrix_build, language, audience):
    """The structure tree, read as a screen reader reads it, gives every paragraph of
    the source word for word and in the source's order (Arabic included)."""
    from handout.translation.localize import format_percentages

    guide = load_guide(project.guide_folder("poh"))
    catalog = (read_catalog(catalog_path(project.locales, language, "poh"))
               if language != "en" else None)
    expected = []
    for section in select(guide, audience).sections:
        for block in section.blocks:
            if block.kind == "paragraph":
                message = block.texts["text"]
                text = (catalog.entries[(message.context, message.msgid)].msgstr
                        if catalog else message.msgid)
                expected.append(squash_cited(plain_text(format_percentages(text, language))))
    found = [squash_cited(p) for p in structure_paragraphs(matrix_build[(language, audience)])]
    positions = [found.index(text) for text in expected if text in found]
    assert len(positions) == len(expected) > 5     # every paragraph, word for word
    assert positions == sorted(positions)          # in the source's order


def test_arabic_table_columns_run_right_to_left(project, matrix_build):
    catalog = read_catalog(catalog_path(project.locales, "ar", "poh"))
    guide = load_guide(project.guide_folder("poh"))
    table = next(b for s in select(guide, "clinician").sections for b in s.blocks
                 if b.kind == "table")
    first = catalog.entries[(table.header[0].context, table.header[0].msgid)].msgstr
    last = catalog.entries[(table.header[-1].context, table.header[-1].msgid)].msgstr
    def found(words, text):
        word = text.split()[0]
        return [w["x0"] for w in words if word in w["text"] or w["text"][::-1] in word]

    with pdfplumber.open(matrix_build[("ar", "clinician")]) as pdf:
        # The table fits the portrait page in large print (three columns), so it is a
        # table, not cards: the page that holds both its first and last header.
        pages = [p.extract_words() for p in pdf.pages]
    words = next(w for w in pages if found(w, first) and found(w, last))
    assert found(words, first)[0] > found(words, last)[0]


def test_a_character_no_font_has_is_refused_with_its_code_point(tmp_path, capsys):
    from handout.cli import main

    from .support.projects import MINI_GUIDE, make_project

    project = make_project(tmp_path, MINI_GUIDE.replace("13 of 18 people", "13 of 18 ༀ people"))
    code = main(["--project", str(project.root), "build", "--out", str(tmp_path / "out"),
                 "--jobs", "1"])
    err = capsys.readouterr().err
    assert code == 1
    assert "U+0F00" in err and "'ༀ'" in err and "13 of 18" in err
    assert not list((tmp_path / "out").rglob("*.pdf"))


def test_percentages_follow_the_locale(matrix_build):
    from handout.translation.localize import format_percentages

    assert format_percentages("50% and 72 %", "fr") == "50\u00a0% and 72\u00a0%"
    assert format_percentages("50 %", "en") == "50%"
    with pdfplumber.open(matrix_build[("fr", "clinician")]) as pdf:
        chars = "".join(c["text"] for page in pdf.pages for c in page.chars)
    found = re.findall(r"\d[\u00a0 ]?%", chars)       # "59 %", "79 %" in the counseling
    assert len(found) >= 2 and all(not f[1:].startswith("%") for f in found), found
