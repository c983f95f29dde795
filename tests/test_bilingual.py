"""The bilingual edition: each block in the reader's language, then in English."""

from __future__ import annotations

import re
import unicodedata

import pikepdf
import pytest

from handout.builder.options import BuildOptions
from handout.builder.run import Request, plan_build
from handout.content.markup import plain_text
from handout.content.select import select
from handout.matrix import Job
from handout.translation.catalogs import catalog_path, read_catalog
from handout.translation.localize import format_percentages
from handout.verify.document import verify_pdf

from .support.pdf import structure_elements

PAGE_LIMIT = 24          # twice the plain parent handout's 12 pages at 18 pt


def _squash(text: str) -> str:
    return re.sub(r"\[[\d,\s–]+\]|[\s\u2066-\u2069]", "", text)


def _paragraph_texts(project, guide, language: str) -> list[tuple[str, str]]:
    """(translation, English) of every paragraph the parent reads whose translation is
    final (a fuzzy one prints in English, marked as English)."""
    catalog = read_catalog(catalog_path(project.locales, language, "poh"))
    pairs = []
    for section in select(guide, "parent").sections:
        for block in section.blocks:
            if block.kind != "paragraph":
                continue
            message = block.texts["text"]
            entry = catalog.entries.get((message.context, message.msgid))
            if entry and entry.msgstr and not entry.fuzzy:
                pairs.append((plain_text(format_percentages(entry.msgstr, language)),
                              plain_text(message.msgid)))
    return pairs


@pytest.mark.parametrize("size", ["standard", "large"])
def test_every_spanish_paragraph_precedes_its_english_one(project, poh_guide,
                                                          bilingual_build, size):
    found = [(e["lang"], _squash(e["text"])) for e in structure_elements(
        bilingual_build[("es", size)])]
    pairs = _paragraph_texts(project, poh_guide, "es")
    assert len(pairs) > 5
    for spanish, english in pairs:
        index = found.index(("es", _squash(spanish)))
        # The same block in English comes next in the structure tree, tagged English.
        assert found[index + 1] == ("en", _squash(english)), spanish[:60]


def test_every_block_is_tagged_with_its_language(bilingual_build):
    for (language, _size), path in bilingual_build.items():
        elements = structure_elements(path, tags=("/P", "/H1", "/H2", "/H3", "/H4", "/LI",
                                                  "/Caption"))
        languages = {e["lang"] for e in elements}
        assert languages == {language, "en"}, (path.name, languages)
        with pikepdf.open(path) as pdf:
            assert str(pdf.Root.Lang) == language


def _lines(chars: list[dict]) -> list[tuple[float, float]]:
    """(left, right) of each printed line of an element, top to bottom: characters
    whose bottoms lie within half a size of the line's first. Combining marks (Arabic
    vowel signs, shadda) are left out: a mark sits well above the baseline and would
    start a line of its own."""
    rows: list[list[dict]] = []
    printed = (c for c in chars if c["text"].strip()
               and unicodedata.category(c["text"][0]) not in ("Mn", "Me"))
    for char in sorted(printed,
                       key=lambda c: (c["page_number"], c["bottom"])):
        row = rows[-1] if rows else None
        if row and row[0]["page_number"] == char["page_number"] and \
                char["bottom"] - row[0]["bottom"] < 0.5 * char["size"]:
            row.append(char)
        else:
            rows.append([char])
    return [(min(c["x0"] for c in row), max(c["x1"] for c in row)) for row in rows]


@pytest.mark.parametrize("size", ["standard", "large"])
def test_arabic_blocks_run_right_to_left_and_english_left_to_right(bilingual_build, size):
    """Ragged edges tell the direction: an Arabic paragraph's lines share their right
    edge, an English paragraph's lines their left edge."""
    checked = {"ar": 0, "en": 0}
    ragged = {"ar": 0, "en": 0}
    for element in structure_elements(bilingual_build[("ar", size)]):
        lines = _lines(element["chars"])
        text = element["text"]
        arabic = sum(1 for c in text if "\u0600" <= c <= "\u06ff")
        if len(lines) < 3 or element["lang"] not in checked:
            continue
        if element["lang"] == "ar" and arabic < len(text) / 2:
            continue        # a fallback message in English inside an Arabic block
        lefts = [left for left, _ in lines]
        rights = [right for _, right in lines]
        start, end = (rights, lefts) if element["lang"] == "ar" else (lefts, rights)
        assert max(start) - min(start) < 3, (element["lang"], text[:50], lines)
        checked[element["lang"]] += 1
        ragged[element["lang"]] += max(end) - min(end) > 6
    assert checked["ar"] > 5 and checked["en"] > 5, checked
    assert ragged["ar"] > 3 and ragged["en"] > 3, ragged


def test_pages_pass_every_check_in_every_script(bilingual_build):
    for (language, size), path in bilingual_build.items():
        report = verify_pdf(path, language, 12 if size == "standard" else 18)
        assert report.errors == [], (path.name, report.errors)
        assert report.min_glyph_pt >= (12 if size == "standard" else 18) - 0.05
        assert report.pages <= PAGE_LIMIT, (path.name, report.pages)


def test_output_names_gain_the_second_language(bilingual_build):
    assert sorted(p.name for p in bilingual_build.values()) == [
        f"poh-{lang}-parent-{size}-a4-bi-en.pdf"
        for lang in ("ar", "es", "zh") for size in ("large", "standard")]


def test_standard_print_sets_short_pairs_side_by_side(bilingual_build):
    """In standard print some English paragraphs stand beside their Spanish ones (same
    height on the page); in large print every English block comes below."""
    def beside(path) -> int:
        elements = structure_elements(path)
        count = 0
        for first, second in zip(elements, elements[1:], strict=False):
            if (first["lang"], second["lang"]) == ("es", "en") and first["chars"] and \
                    second["chars"]:
                a, b = first["chars"][0], second["chars"][0]
                count += a["page_number"] == b["page_number"] and abs(a["top"] - b["top"]) < 2
        return count

    assert beside(bilingual_build[("es", "standard")]) > 5
    assert beside(bilingual_build[("es", "large")]) == 0


@pytest.mark.fast
def test_plan_pairs_every_other_language_with_the_second(project):
    plan = plan_build(project, Request(languages=("en", "es"), audiences=("teen",),
                                       bilingual=("en",),
                                       options=BuildOptions(allow_fallback=True)))
    assert [job for job, _ in plan.jobs] == [Job("poh", "es", "teen", "large", "a4",
                                                 second="en")]
    assert plan.failures == []
    refused = plan_build(project, Request(languages=("es",), bilingual=("xx",),
                                          options=BuildOptions(allow_fallback=True)))
    assert refused.jobs == [] and any("bi-xx" in f for f in refused.failures)


@pytest.mark.fast
def test_a_bilingual_job_names_its_files_and_edition():
    job = Job("poh", "ar", "parent", "standard", "a4", "example-genetics", second="en")
    assert job.filename == "poh-ar-parent-standard-a4-bi-en-example-genetics.pdf"
    assert job.edition.name == "bilingual"
    assert Job("poh", "ar", "parent", "standard", "a4").edition.name == "plain"
    assert job.label() == "poh/ar/parent/standard/a4/bi-en/example-genetics"


@pytest.fixture(scope="module")
def clinician(project, tmp_path_factory):
    """The Spanish clinician handout with English: it has a table."""
    from handout.builder.run import run_build

    out = tmp_path_factory.mktemp("bilingual-clinician")
    _, outcomes = run_build(project, Request(
        languages=("es",), audiences=("clinician",), bilingual=("en",), out=out, jobs=1,
        options=BuildOptions(allow_fallback=True)))
    assert [o.status for o in outcomes] == ["built"], [o.error for o in outcomes]
    return outcomes[0].path


def test_tables_and_figure_captions_pair(clinician, bilingual_build):
    tables = structure_elements(clinician, tags=("/Table",))
    assert [t["lang"] for t in tables] == ["es", "en"]
    report = verify_pdf(clinician, "es", 18)
    assert report.errors == [] and report.pages <= 32
    captions = structure_elements(bilingual_build[("es", "large")], tags=("/Caption",))
    figures = [c for c in captions if _squash("1 in 2") in _squash(c["text"])]
    # One caption element per figure holds both captions, Spanish first.
    inner = structure_elements(bilingual_build[("es", "large")], tags=("/Div",))
    assert len(figures) == 2
    assert any(d["lang"] == "en" and _squash("1 in 2 chance of getting the changed gene")
               in _squash(d["text"]) for d in inner)
    assert all(_squash(c["text"]).index(_squash("1 entre 2")) <
               _squash(c["text"]).index(_squash("1 in 2")) for c in figures)
