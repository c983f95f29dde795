"""Properties of the real English handouts, read back from the PDFs."""

from __future__ import annotations

import re

import pdfplumber
import pikepdf
import pytest

from handout.verify.document import verify_pdf, walk_structure

from .support.pdf import structure_text

AUDIENCES = ("teen", "parent", "clinician")


def text_of(path) -> str:
    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


@pytest.fixture(scope="module")
def texts(english_build):
    return {a: text_of(english_build[(a, "large")]) for a in AUDIENCES}


@pytest.mark.parametrize("audience", AUDIENCES)
def test_tagged_titled_and_in_english(english_build, poh_guide, audience):
    path = english_build[(audience, "large")]
    with pikepdf.open(path) as pdf:
        assert bool(pdf.Root.MarkInfo.Marked) is True
        assert "/StructTreeRoot" in pdf.Root
        assert str(pdf.Root.Lang) == "en"
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle) is True
        with pdf.open_metadata() as meta:
            title = meta["dc:title"]
        titles = poh_guide.title.variants
        assert title == titles[audience]
        assert len(set(titles.values())) == 3       # one title per reader
        assert pdf.Root.MediaBox if "/MediaBox" in pdf.Root else True
        width = float(pdf.pages[0].mediabox[2])
        assert width == pytest.approx(612, abs=0.5)  # en -> Letter ("auto" by territory)


@pytest.mark.parametrize("audience", AUDIENCES)
def test_structure_fonts_links_and_pdfua(english_build, audience):
    report = verify_pdf(english_build[(audience, "large")], "en", 18)
    assert report.errors == []
    assert report.pdfua == "compliant"
    assert report.min_glyph_pt >= 18 - 0.05
    assert report.min_contrast >= 7
    assert set(report.fonts) <= {"Atkinson-Hyperlegible", "Atkinson-Hyperlegible-Bold",
                                 "Noto-Sans", "Noto-Sans-Bold"}
    with pikepdf.open(english_build[(audience, "large")]) as pdf:
        figures = [e for e in walk_structure(pdf) if e.S == "/Figure"]
        assert len(figures) == 2  # the two inheritance panels
        assert all(len(str(e.Alt)) > 40 for e in figures)
        levels = [int(str(e.S)[2]) for e in walk_structure(pdf)
                  if re.fullmatch(r"/H\d", str(e.S))]
        assert levels[0] == 1
        assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False))
        links = [a for page in pdf.pages for a in page.get("/Annots", [])
                 if a.get("/Subtype") == "/Link"]
        assert links and all(str(a.Contents) for a in links)


@pytest.mark.parametrize("size,points", [("xlarge", 24), ("standard", 12)])
def test_every_glyph_at_least_body_size(english_build, size, points):
    with pdfplumber.open(english_build[("teen", size)]) as pdf:
        sizes = [c["size"] for page in pdf.pages for c in page.chars if c["text"].strip()]
        footer = [c for c in pdf.pages[0].chars if c["top"] > pdf.pages[0].height - 72]
    assert min(sizes) >= points - 0.05
    assert footer and min(c["size"] for c in footer) >= points - 0.05


def test_audiences_differ_where_the_source_does(texts):
    teen = " ".join(texts["teen"].split())
    assert "not caused by anything you or your parents did" in teen
    assert "your child" in texts["parent"]
    assert "your child" not in texts["teen"]
    assert "Differential diagnosis" in texts["clinician"]
    assert len({texts[a][:2000] for a in AUDIENCES}) == 3


def test_page_x_of_y_on_every_page(english_build):
    with pdfplumber.open(english_build[("parent", "large")]) as pdf:
        total = len(pdf.pages)
        assert total >= 5
        for number, page in enumerate(pdf.pages, start=1):
            assert f"Page {number} of {total}" in (page.extract_text() or "")
            # The running header: the parent version's short title, on one line.
            assert "POH, a guide for parents" in (page.extract_text() or "")


def citation_numbers(text: str) -> list[int]:
    body = re.split(r"\nReferences(?:\n|$)", text)[0]
    found = []
    for group in re.findall(r"\[(\d+(?:[–,]\s?\d+)*)\]", body):
        for part in group.split(","):
            if "–" in part:
                start, end = (int(x) for x in part.split("–"))
                found.extend(range(start, end + 1))
            else:
                found.append(int(part))
    return found


@pytest.mark.parametrize("audience", AUDIENCES)
def test_citations_numbered_in_order_and_listed_once(english_build, texts, audience):
    # Reading order is the structure tree's (a page's text lines can interleave the
    # cells of a table); the reference list is checked on the page.
    numbers = citation_numbers(structure_text(english_build[(audience, "large")]))
    text = texts[audience]
    first_seen = list(dict.fromkeys(numbers))
    assert first_seen[0] == 1
    assert first_seen == sorted(first_seen) == list(range(1, len(first_seen) + 1))
    references = text.split("\nReferences\n")[-1]
    expected = 1
    for line in references.splitlines():
        if line.startswith(f"{expected}. "):
            expected += 1
    assert expected - 1 == len(first_seen)  # one entry per cited work, none uncited


def test_seed_question_answered_on_page_one(english_build):
    """The family's question (what POH means for having children) is answered on page 1:
    the 1-in-2 chance in words, and what a mother's child would be expected to have."""
    for audience in ("teen", "parent"):
        with pdfplumber.open(english_build[(audience, "large")]) as pdf:
            first = " ".join((pdf.pages[0].extract_text() or "").split())
        assert "1 in 2 chance" in first and "coin" in first
        assert "PHP1a" in first and re.search(r"mother|daughter", first.lower())
        assert "children" in first


def test_clinician_differential_table_has_header_cells(english_build):
    with pikepdf.open(english_build[("clinician", "large")]) as pdf:
        tags = [str(e.S) for e in walk_structure(pdf)]
        headers = [e for e in walk_structure(pdf) if e.S == "/TH"]
    assert "/Table" in tags
    assert len(headers) >= 5
    assert all("/A" in h for h in headers)


def test_builds_are_byte_identical(project, english_build, tmp_path):
    from handout.builder.run import Request, run_build

    _, outcomes = run_build(project, Request(languages=("en",), audiences=("teen",),
                                             out=tmp_path, jobs=1))
    assert outcomes[0].status == "built"
    assert outcomes[0].path.read_bytes() == english_build[("teen", "large")].read_bytes()
