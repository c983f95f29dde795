"""Right-to-left text as a reader sees it: the order of Latin runs, numbers and
citations on the printed line, compared with the source text.

pdfium reports each drawn glyph with its position; reading the glyphs of a line from
right to left must meet the source's Latin runs ("GNAS", "(osteoma cutis)", "50%",
"[1]") in the source's order, each reading left to right inside. Brackets are
compared as one symbol: in right-to-left text a bracket is drawn mirrored, and a
PDF's text mapping may name either form.
"""

from __future__ import annotations

import re
import unicodedata

import pytest

from handout.builder.run import Request, run_build
from handout.content.load import load_guide
from handout.verify.page_model import read_document

from .support.projects import make_project

ARABIC_SENTENCE = "يسبّب تغيّر في GNAS ورمًا عظميًا (osteoma cutis) بنسبة 50% تقريبًا [@a]."

RTL_GUIDE = """id: mini
source_language: en
content_version: "1.0"
content_date: 2026-11-25
title: Mixed
references: refs.json
sections:
  - id: intro
    heading: Intro
    blocks:
      - type: paragraph
        text: A change in GNAS (osteoma cutis) about 50% of the time [@a].
"""

BRACKETS = str.maketrans({c: "|" for c in "()[]{}«»"})


def is_arabic(char: str) -> bool:
    return unicodedata.bidirectional(char) in ("R", "AL", "AN") or "ARABIC" in \
        unicodedata.name(char, "")


def runs(text: str) -> list[str]:
    """Latin runs of a logical text, in order: the parts between Arabic letters."""
    parts = re.split(r"[\u0600-\u06FF\u0750-\u077F]+", text)
    # Sentence punctuation around a run belongs to the right-to-left text: compared
    # without it.
    return [p.translate(BRACKETS).replace(" ", "").strip(".،؛") for p in parts
            if p.strip(" .،؛").translate(BRACKETS).replace("|", "")]


def visual_runs_right_to_left(line) -> list[str]:
    """Latin runs of a printed line, read from the right edge to the left."""
    chars = sorted(line.chars, key=lambda c: c.left)
    groups: list[list[str]] = [[]]
    for char in chars:
        if is_arabic(char.text):
            if groups[-1]:
                groups.append([])
        elif not char.text.isspace():
            groups[-1].append(char.text)
    texts = ["".join(g).translate(BRACKETS).strip(".،؛") for g in groups]
    return [t for t in reversed(texts) if t.strip(".،؛").replace("|", "")]


@pytest.fixture(scope="module")
def arabic_mini(tmp_path_factory):
    return _build_arabic_mini(tmp_path_factory.mktemp("rtl"))


def _build_arabic_mini(folder):
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    from .support.projects import ROOT

    project = make_project(folder, RTL_GUIDE)
    folder = project.locales / "ar" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    catalog = Catalog(locale="ar")
    for msgid, msgstr in {"Mixed": "مختلط", "Intro": "مقدمة",
                          "A change in GNAS (osteoma cutis) about 50% of the time [@a].":
                          ARABIC_SENTENCE}.items():
        catalog.add(msgid, msgstr)
    with (folder / "mini.po").open("wb") as stream:
        write_po(stream, catalog)
    with (ROOT / "locales/ar/LC_MESSAGES/handout.po").open("rb") as stream:
        template = read_po(stream)
    with (folder / "handout.po").open("wb") as stream:
        write_po(stream, template)
    out = project.root / "out"
    plan, outcomes = run_build(project, Request(languages=("ar",), audiences=("parent",),
                                                sizes=("standard",), papers=("a4",),
                                                out=out, jobs=1))
    assert [o.status for o in outcomes] == ["built"], [o.error for o in outcomes]
    return outcomes[0].path


def test_latin_runs_numbers_and_citations_read_in_source_order(arabic_mini):
    document = read_document(arabic_mini.read_bytes())
    line = next(line for page in document.pages for line in page.body_lines()
                if "G" in line.text() and any(is_arabic(c.text) for c in line.chars))
    expected = runs(ARABIC_SENTENCE.replace("[@a]", "[1]"))
    assert expected == ["GNAS", "|osteomacutis|", "50%", "|1|"]
    assert visual_runs_right_to_left(line) == expected


def reference_entries(document) -> dict[int, str]:
    """The printed text of each entry of the reference list (the document's last list),
    its lines in order, keyed by the entry's number."""
    lines = [(page.number, line) for page in document.pages for line in page.body_lines()]

    def item_and_list(line):
        chain = list(document.ancestors(line.element))
        item = next((n for n, tag in chain if tag == "/LI"), None)
        return item, (document.elements[item][1] if item is not None else None)

    last_list = item_and_list(lines[-1][1])[1]
    entries: dict[int, list] = {}
    for _, line in lines:
        item, parent = item_and_list(line)
        if parent == last_list and item is not None:
            entries.setdefault(item, []).append(line)
    printed = {}
    for group in entries.values():
        label = next(line for line in group if document.tag(line.element) == "/Lbl")
        printed[int(label.text().rstrip("."))] = "".join(
            line.text() for line in group if line is not label)
    return printed


def test_english_references_in_an_arabic_handout_read_as_written(project, matrix_build):
    """Entry by entry, the reference text printed (left to right, glyph by glyph) equals
    the entry's source text; only the Arabic labels ("متاح على") are set apart."""
    import html as html_module

    from handout.builder.engine import Workshop, render_job
    from handout.matrix import Job

    path = matrix_build[("ar", "clinician")]
    rendered = render_job(Workshop.open(project), load_guide(project.guide_folder("poh")),
                          Job("poh", "ar", "clinician", "large", "a4"))
    sources = re.findall(r'<li id="ref-(\d+)">(.*?)</li>', rendered.html, re.S)
    assert len(sources) > 10
    document = read_document(path.read_bytes())

    def latin(text: str) -> str:
        text = "".join(c for c in text if not is_arabic(c) and unicodedata.category(c) != "Cf")
        return re.sub(r"[\s\u00a0:]", "", text).translate(BRACKETS)

    printed_entries = reference_entries(document)
    assert len(printed_entries) == len(sources)
    for number, source in sources:
        printed = printed_entries[int(number)]
        expected = html_module.unescape(re.sub(r"<[^>]*>", " ", source))
        assert latin(printed) == latin(expected), number


def test_unisolated_text_would_be_caught(tmp_path, monkeypatch):
    """The check can fail: with the renderer's isolation switched off, Latin runs and
    numbers print in the wrong order and the comparison says so."""
    import handout.content.markup as inline

    monkeypatch.setattr(inline, "isolate_latin", lambda text: str(inline.escape(text)))
    monkeypatch.setattr(inline, "isolate_ltr", lambda text, keep_together=True: text)
    path = _build_arabic_mini(tmp_path)
    document = read_document(path.read_bytes())
    line = next(line for page in document.pages for line in page.body_lines()
                if "G" in line.text() and any(is_arabic(c.text) for c in line.chars))
    assert visual_runs_right_to_left(line) != runs(ARABIC_SENTENCE.replace("[@a]", "[1]"))
