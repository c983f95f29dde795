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

from handout.build import Request, run_build
from handout.cite import format_references
from handout.load import load_guide
from handout.page_model import read_document

from .conftest import make_project

ARABIC_SENTENCE = "يسبّب تغيّر في GNAS (osteoma cutis) بنسبة 50% تقريبًا [@a]."

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
    return [p.translate(BRACKETS).replace(" ", "") for p in parts
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
    texts = ["".join(g).translate(BRACKETS) for g in groups]
    return [t for t in reversed(texts) if t.strip(".،؛").replace("|", "")]


@pytest.fixture(scope="module")
def arabic_mini(tmp_path_factory):
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    from .conftest import ROOT

    project = make_project(tmp_path_factory.mktemp("rtl"), RTL_GUIDE)
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


def reference_lines(document, number: int) -> list:
    """The printed lines of reference entry ``number`` (its list item), in order."""
    lines = [line for page in document.pages for line in page.body_lines()]
    start = next(i for i, line in enumerate(lines) if line.text().startswith(f"{number}."))
    element = lines[start].element
    body = [line for line in lines[start + 1:start + 12]
            if document.tag(line.element) in ("/LBody", "/Div", "/P", "/Link")]
    found = []
    for line in body:
        if line.text()[:3].rstrip(".").isdigit() and line.element != element:
            break
        found.append(line)
    return found


@pytest.mark.parametrize("audience", ["clinician"])
def test_english_references_in_an_arabic_handout_read_as_written(project, matrix_build,
                                                                  audience):
    """Entry by entry, the reference text printed equals the formatted source text."""
    path = matrix_build[("ar", audience)]
    document = read_document(path.read_bytes())
    guide = load_guide(project.guide_folder("poh"))
    from .test_languages import structure_text

    order = list(dict.fromkeys(int(n) for n in re.findall(r"\[(\d+)", structure_text(path))))
    keys = _citation_keys(guide, audience)
    entries = format_references(keys, guide.references, lambda word: word)
    assert len(entries) == len(order)
    for entry in entries[:8]:
        printed = "".join("".join(c.text for c in line.words()[0]) if False else
                          line.text() for line in reference_lines(document, entry.number))
        seen = re.sub(r"[\s\u00a0]", "", "".join(c for c in printed if not is_arabic(c)))
        source = re.sub(r"\s", "", "".join(c for c in entry.text if not is_arabic(c)))
        source = re.sub(r"Availablefrom:|Accessed|Internet|\[\]|etal\.", "", source)
        seen = re.sub(r"\[\]|:", "", seen)
        assert seen.translate(BRACKETS).replace(":", "") == source.translate(
            BRACKETS).replace(":", ""), entry.key


def _citation_keys(guide, audience):
    from handout.inline import citation_keys
    from handout.select import select

    keys: list[str] = []
    for message in select(guide, audience).messages():
        for key in citation_keys(message.msgid):
            if key not in keys:
                keys.append(key)
    return keys
