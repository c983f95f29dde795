"""The printed page as a checked property: each page check in ``verify`` rejects the
defect it names, produced by the real pipeline with the fix switched off (a CSS
override in the fixture's styles), and the real layout passes.

The fixtures are small one-guide projects; a section with the id ``spacer`` is made
tall by the override, so the block under test lands where the defect shows.
"""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf
import pytest

from handout.builder.engine import Workshop, build_pdf
from handout.builder.options import BuildOptions
from handout.content.load import load_guide
from handout.matrix import PRINT_SIZES, Job
from handout.project import Project
from handout.verify.document import verify_pdf
from handout.verify.page_checks import THRESHOLDS

from .support.projects import make_project

GUIDE = """id: mini
source_language: en
content_version: "1.0"
content_date: 2026-11-25
title: Page checks
short_title: {short_title}
references: refs.json
sections:
  - id: spacer
    heading: Spacer
    blocks:
      - type: paragraph
        text: This section is made tall by the fixture's stylesheet [@a].
{blocks}
"""

FILLER = "Each sentence of this paragraph is here to fill the page with text [@a]. " * 14

BLOCKS = {
    "heading": """  - id: next
    heading: A heading that must keep with its box
    blocks:
      - type: callout
        kind: note
        title: A box
        text: "{f}"
""".format(f="A short box that is kept whole [@a]. " * 6),
    "box_title": f"""  - id: next
    heading: Box
    blocks:
      - type: callout
        kind: note
        title: A box title that must keep with its text
        text: "{FILLER}"
""",
    "figure": """  - id: next
    heading: Figure
    blocks:
      - type: figure
        src: tree.svg
        alt: A tree of shapes.
        caption: "{f}"
""".format(f="A caption of several lines under the picture [@a]. " * 4),
    "questions": """  - id: next
    heading: Questions
    blocks:
      - type: questions
        lines: 4
        items:
          - A first question that fits with its lines?
          - A second question, whose lines must stay with it?
          - A third question?
""",
    "fill": f"""  - id: next
    heading: Long box
    blocks:
      - type: callout
        kind: note
        title: A long box
        text: "{FILLER * 2}"
""",
    "table": """  - id: next
    heading: Table
    blocks:
      - type: table
        header: [Condition, Ossification]
        rows:
          - [Osteoma cutis, "Intramembranous ossification continuing [@a]"]
          - [POH, "Progressive [@a]"]
""",
}

TREE_SVG = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 150">
  <rect x="10" y="10" width="380" height="130" fill="#f6e3c8" stroke="#000"/>
</svg>"""


def build(tmp_path: Path, kind: str, css: str = "", size: str = "large",
          short_title: str = "Checks") -> tuple[bytes, Project]:
    """One parent handout of a fixture guide, the fixture's CSS appended to the styles."""
    project = make_project(tmp_path, GUIDE.format(blocks=BLOCKS[kind],
                                                  short_title=short_title),
                           extra={"guide/mini/tree.svg": TREE_SVG})
    template = project.styles / "handout.css.j2"
    template.write_text(template.read_text("utf-8") + "\n" + css, "utf-8")
    guide = load_guide(project.guide_folder("mini"))
    job = Job("mini", "en", "parent", size, "a4")
    return build_pdf(Workshop.open(project), guide, job, BuildOptions()).pdf, project


def errors(pdf: bytes, size_pt: float = 18) -> list[str]:
    return verify_pdf(pdf, "en", size_pt).errors


def spacer(points: float) -> str:
    """A tall section, outlined so the page counts it as printed content."""
    return f"#spacer {{ height: {points}pt; border: 1pt solid #000; }}"


@pytest.mark.parametrize("kind,fix_off,expected", [
    # A heading kept with its (kept) box; without the keep rules it stays behind.
    ("heading", "h2, h3 { break-after: auto !important; } "
                ".keep { break-inside: auto !important; }", r"page 1: heading 'A heading"),
    # A box title kept with its text.
    ("box_title", "h3 { break-after: auto !important; } "
                  ".keep { break-inside: auto !important; }", r"page 1: heading 'A box title"),
    # A figure kept with its caption.
    ("figure", "figure.keep { break-inside: auto !important; }",
     r"page 1: the figure's caption is on page 2"),
    # A question kept with its writing lines.
    ("questions", ".questions li { break-inside: auto !important; }",
     r"page 2: writing lines at the top of the page"),
    # A box longer than half a page may split, so the page before it stays full.
    ("fill", ".callout { break-inside: avoid !important; }", r"page 1: only \d+% full"),
])
def test_layout_check_rejects_the_defect_with_the_fix_off(tmp_path, kind, fix_off, expected):
    """The spacer pushes the block down the page, 20 pt at a time, until switching the
    fix off produces the defect; at that same place the real layout must pass."""
    for points in range(100, 640, 20):
        bad, _ = build(tmp_path / f"bad{points}", kind, spacer(points) + fix_off)
        if any(re.match(expected, e) for e in errors(bad)):
            good, _ = build(tmp_path / f"good{points}", kind, spacer(points))
            assert errors(good) == [], points
            return
    pytest.fail(f"no position produced {expected!r} with the fix off")


def test_text_over_the_next_cell_and_broken_words_are_rejected(tmp_path):
    good, _ = build(tmp_path / "good", "table", size="standard")
    assert errors(good, 12) == []
    # A fixed table layout with words allowed to break anywhere: narrow columns break
    # "Intramembranous" mid-word; without breaking, it runs over the next cell.
    narrow = ("table { table-layout: fixed !important; width: 40% !important; } "
              "th, td { overflow-wrap: anywhere; }")
    found = errors(build(tmp_path / "broken", "table", narrow, size="standard")[0], 12)
    assert any("broken across lines without a hyphen" in e for e in found), found
    overflow = ("table { table-layout: fixed !important; width: 40% !important; } "
                "td, th { white-space: nowrap; }")
    found = errors(build(tmp_path / "over", "table", overflow, size="standard")[0], 12)
    assert any("printed over" in e for e in found), found


def test_running_header_on_two_lines_and_marks_near_the_edge_are_rejected(tmp_path):
    long_title = "A running header far too long to sit on one line at this print size"
    found = errors(build(tmp_path / "long", "table", short_title=long_title,
                         size="xlarge")[0], 24)
    assert any(re.match(r"page 1: the running header is on 2 lines", e) for e in found), found
    found = errors(build(tmp_path / "edge", "table", "@page { margin-top: 30pt; }")[0])
    assert any(re.match(r"page 1: .* pt from the top edge of the paper", e)
               for e in found), found


def test_landscape_pages_are_refused_in_large_print_only(tmp_path):
    css = "@page { size: A4 landscape; }"
    found = errors(build(tmp_path / "large", "table", css)[0])
    assert any(re.match(r"page 1: landscape page in large print", e) for e in found), found
    found = errors(build(tmp_path / "standard", "table", css, size="standard")[0], 12)
    assert not any("landscape" in e for e in found)


def test_a_line_that_ends_early_is_rejected(tmp_path):
    import weasyprint

    html = ("<html lang='en'><head><title>t</title></head><body style='font-size:18pt'>"
            "<p>Short<br>words that would have fitted on the line above, and more words "
            "to make a long second line here.</p></body></html>")
    pdf = weasyprint.HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
    found = verify_pdf(pdf, "en", 18).errors
    assert any(re.match(r"page 1: a line of 'Short' ends early", e) for e in found), found


def test_every_threshold_has_a_reason():
    assert all(t.reason and t.unit for t in THRESHOLDS.values())


def test_the_whole_matrix_passes_every_page_check(full_matrix_build):
    """5 languages × 3 audiences × 3 sizes × 2 papers: every handout built and passed by
    the build's own verify (page checks included), with its printed pages upright in
    large and extra-large print and its glyphs no smaller than its print size."""
    assert len(full_matrix_build) == 90
    for (language, audience, size, paper), (outcome, entry) in full_matrix_build.items():
        name = f"{language}/{audience}/{size}/{paper}"
        assert outcome.status in ("built", "skipped"), name
        assert entry["checks"]["passed"] and entry["checks"]["errors"] == [], name
        assert entry["checks"]["min_glyph_pt"] >= PRINT_SIZES[size].body_pt - 0.05, name
        if size != "standard":
            with pikepdf.open(outcome.path) as pdf:
                for number, page in enumerate(pdf.pages, start=1):
                    left, bottom, right, top = (float(v) for v in page.mediabox)
                    assert right - left < top - bottom, f"{name}: page {number} landscape"
