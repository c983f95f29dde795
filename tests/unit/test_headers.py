"""Running header and footer, and catalog headers.

The running header is the guide's short title for the audience (the title when there
is none), translated, and set in CSS as a string (styles/handout.css.j2, @top-center);
the footer is "Page X of Y" turned into CSS counters. Nothing in Python shortens a
header: a header that does not fit on one line is reported after rendering by
check_running_lines, tested here on a page model built in memory. The .po header
fields (X-Review-Status and the others) say whether a qualified translator reviewed
the catalog, and so which status lines the handout prints.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from handout.content.load import load_guide
from handout.content.select import select
from handout.errors import CatalogError
from handout.rendering import words
from handout.rendering.html import _translation_status, css_counter_content, css_string
from handout.translation.catalogs import Catalog, Review, read_catalog
from handout.translation.extractor import guide_texts
from handout.translation.localize import Localizer
from handout.verify.page_checks import check_running_lines
from handout.verify.page_model import Char, Document, Line, Page

from .conftest import TINY_GUIDE, write_guide

pytestmark = pytest.mark.fast


# -- which text the running header shows -----------------------------------------------

def test_running_header_is_the_short_title_for_each_audience(tiny_guide):
    assert {a: select(tiny_guide, a).short_title.msgid for a in ("teen", "clinician")} == {
        "teen": "Tiny", "clinician": "Tiny (clinical)"}


def test_without_a_short_title_the_header_is_the_title(tmp_path):
    guide_yaml = TINY_GUIDE.replace("short_title:\n  all: Tiny\n  clinician: Tiny (clinical)\n",
                                    "")
    assert "short_title" not in guide_yaml
    guide = load_guide(write_guide(tmp_path, guide_yaml))
    assert select(guide, "parent").short_title.msgid == "Tiny for parents"
    # ... and translators are not asked for the same text twice.
    assert [where for _, where, _ in guide_texts(guide)][:2] == [
        "guide tiny, title", "guide tiny, subtitle (the condition in plain words)"]


def test_a_short_title_is_offered_to_translators_as_the_running_header(tiny_guide):
    found = {where: text for text, where, _ in guide_texts(tiny_guide)}
    assert found["guide tiny, running header"].variants == {
        "all": "Tiny", "clinician": "Tiny (clinical)"}


# -- the header and footer in CSS --------------------------------------------------------

@pytest.mark.parametrize(("text", "css"), [
    ("Tiny", '"Tiny"'),
    ('Say "no"', r'"Say \"no\""'),
    ("back\\slash", r'"back\\slash"'),
    ('x"; } body { display: none } @page { content: "', None),
    ("line\nbreak\x7f", r'"line\a break\7f "'),
    ("هشاشة العظام", '"هشاشة العظام"'),
])
def test_the_header_is_one_css_string_whatever_it_holds(text, css):
    found = css_string(text)
    if css is not None:
        assert found == css
    # One string: it opens and closes once, every inner quote escaped.
    inner = found[1:-1]
    assert found[0] == found[-1] == '"'
    assert all(inner[i - 1] == "\\" for i, c in enumerate(inner) if c == '"')
    assert "\n" not in found


@pytest.mark.parametrize(("template", "css"), [
    ("Page %(page)s of %(pages)s", '"Page " counter(page) " of " counter(pages)'),
    ("Page %(page)s sur %(pages)s", '"Page " counter(page) " sur " counter(pages)'),
    ("第 %(page)s 页，共 %(pages)s 页", '"第 " counter(page) " 页，共 " counter(pages) " 页"'),
    ("%(page)s / %(pages)s", 'counter(page) " / " counter(pages)'),
    ("%(pages)s: %(page)s", 'counter(pages) ": " counter(page)'),
    ("Page", '"Page"'),
])
def test_the_footer_becomes_css_counters(template, css):
    assert css_counter_content(template) == css


# -- a header that does not fit on one line is reported --------------------------------

AREA = (72.0, 720.0)      # bottom and top of the text area, PDF points


def char(x: float, baseline: float, artifact: bool = True) -> Char:
    return Char("x", x, baseline - 3, x + 6, baseline + 9, 12, baseline, baseline + 3,
                (x, x + 6), 0, artifact, None)


def line(baseline: float, artifact: bool = True) -> Line:
    return Line([char(100 + 6 * i, baseline, artifact) for i in range(5)], None, artifact)


def page(*lines: Line) -> Document:
    return Document([Page(1, 612, 792, lines=list(lines))])


def test_one_line_header_and_footer_pass():
    assert check_running_lines(page(line(740), line(50), line(400, artifact=False)),
                               AREA) == []


def test_a_header_on_two_lines_is_reported():
    assert check_running_lines(page(line(740), line(755), line(50)), AREA) == [
        "page 1: the running header is on 2 lines; shorten it to one"]


def test_a_footer_on_two_lines_is_reported():
    assert check_running_lines(page(line(740), line(50), line(35)), AREA) == [
        "page 1: the footer is on 2 lines; shorten it to one"]


def test_body_text_near_the_edge_is_not_a_header():
    assert check_running_lines(page(line(740), line(755, artifact=False)), AREA) == []


# -- catalog headers ---------------------------------------------------------------------

HEADER = """# French translations for tiny.
msgid ""
msgstr ""
"Project-Id-Version: tiny 1.0\\n"
"Language: fr\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
{fields}
msgid "Hello"
msgstr "Bonjour"
"""


def po(tmp_path: Path, fields: str, language: str = "fr") -> Path:
    path = tmp_path / "locales" / language / "LC_MESSAGES" / "tiny.po"
    path.parent.mkdir(parents=True)
    path.write_text(HEADER.format(fields=fields), "utf-8")
    return path


def review_of(tmp_path: Path, fields: str) -> Review:
    return read_catalog(po(tmp_path, fields)).review


def test_review_fields_are_read(tmp_path):
    review = review_of(tmp_path, '"X-Review-Status: reviewed\\n"\n'
                                 '"X-Reviewed-By: Dr A. \\"Ann\\" Martin\\n"\n'
                                 '"X-Review-Date: 2026-01-05\\n"\n'
                                 '"X-Reviewed-Content-Version: 1.0\\n"\n')
    assert review == Review("reviewed", 'Dr A. "Ann" Martin', "2026-01-05", "1.0")
    assert review.reviewed


def test_review_status_is_read_without_regard_to_case_or_spaces(tmp_path):
    review = review_of(tmp_path, '"X-Review-Status:   Reviewed  \\n"\n'
                                 '"X-Reviewed-By: Ann\\n"\n')
    assert (review.status, review.reviewed) == ("reviewed", True)


@pytest.mark.parametrize("fields", [
    "",                                                             # no review fields
    '"X-Review-Status: \\n"\n',                                     # empty
    '"X-Review-Status: unreviewed\\n"\n"X-Reviewed-By: Ann\\n"\n',
    '"X-Review-Status: reviewed\\n"\n"X-Reviewed-By: \\n"\n',        # nobody signed
    '"X-Review-Status: in review\\n"\n"X-Reviewed-By: Ann\\n"\n',
])
def test_anything_else_is_unreviewed(tmp_path, fields):
    assert not review_of(tmp_path, fields).reviewed


def test_a_header_field_split_over_several_strings(tmp_path):
    catalog = read_catalog(po(tmp_path, '"X-Reviewed-By: Ann "\n"Martin\\n"\n'
                                        '"X-Review-Status: reviewed\\n"\n'))
    assert catalog.review.reviewer == "Ann Martin"
    assert catalog.headers["Project-Id-Version"] == "tiny 1.0"
    assert catalog.entries[(None, "Hello")].msgstr == "Bonjour"


def test_the_language_comes_from_the_header_else_the_folder(tmp_path):
    assert read_catalog(po(tmp_path / "a", "")).language == "fr"
    path = po(tmp_path / "b", "", language="es")
    path.write_text(path.read_text("utf-8").replace('"Language: fr\\n"\n', ""), "utf-8")
    assert read_catalog(path).language == "es"


def test_a_catalog_in_another_charset_is_refused_at_its_header_line(tmp_path):
    path = po(tmp_path, "")
    path.write_text(path.read_text("utf-8").replace("UTF-8", "ISO-8859-1"), "utf-8")
    with pytest.raises(CatalogError, match="charset=ISO-8859-1") as caught:
        read_catalog(path)
    assert caught.value.line == 6


def test_a_broken_header_string_is_refused_at_its_line(tmp_path):
    path = po(tmp_path, '"X-Reviewed-By: Ann\n')
    with pytest.raises(CatalogError, match="not closed") as caught:
        read_catalog(path)
    assert caught.value.line == 7


# -- what the handout says about the review ---------------------------------------------

def status(guide, review: Review) -> list[str]:
    content = Catalog(path=Path("tiny.po"), language="fr", review=review)
    localizer = Localizer("fr", "en", content=content, allow_fallback=True)
    return [str(line) for line in _translation_status(guide, localizer, "fr")]


def test_status_of_an_unreviewed_translation(tiny_guide):
    lines = status(tiny_guide, Review())
    assert len(lines) == 2
    assert "Translated from" in lines[0] and "1.0" in lines[0]
    assert words.NOT_REVIEWED in lines[1]


def test_status_of_a_reviewed_translation(tiny_guide):
    lines = status(tiny_guide, Review("reviewed", "Ann <Martin>", "2026-01-05", "1.0"))
    assert len(lines) == 2
    assert "Translation reviewed by Ann &lt;Martin&gt; on 2026-01-05" in lines[1]


def test_status_when_the_original_changed_since_the_review(tiny_guide):
    older = dataclasses.replace(tiny_guide, content_version="1.1")
    lines = status(older, Review("reviewed", "Ann", "2026-01-05", "1.0"))
    assert len(lines) == 3
    assert "now version 1.1" in lines[2]


def test_status_of_a_review_nobody_signed(tiny_guide):
    assert words.NOT_REVIEWED in status(tiny_guide, Review("reviewed", ""))[1]
