"""WeasyPrint 70's structure defects, reproduced and fixed, and verify catching breakage."""

from __future__ import annotations

import io

import pdfplumber
import pikepdf
import pytest

from handout.builder.run import Request, run_build
from handout.verify.document import verify_pdf, walk_structure

from .support.catalogs import fill
from .support.projects import make_project

LONG_LINK = ("[the Progressive Osseous Heteroplasia Association's page for families and "
             "doctors](https://example.org/a/long/address/for/families)")
DEFECTS_GUIDE = f"""id: mini
source_language: en
content_version: "1.0"
content_date: 2026-11-25
title: Defects
references: refs.json
sections:
  - id: long
    heading: Long things
    blocks:
      - type: paragraph
        text: "{'Each sentence here is long enough to fill a line [@a]. ' * 45}"
      - type: list
        items:
{''.join(f'          - Item number {i} of a long list [@b].{chr(10)}' for i in range(40))}
      - type: table
        header: [Row, Value]
        rows:
{''.join(f'          - [Row {i}, Value {i}]{chr(10)}' for i in range(45))}
      - type: paragraph
        text: "Read more on {LONG_LINK}, which is kept up to date [@b]."
"""


@pytest.fixture(scope="module")
def defects_pdf(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("defects"), DEFECTS_GUIDE)
    out = project.root / "out"
    _, outcomes = run_build(project, Request(out=out, audiences=("parent",),
                                             sizes=("xlarge",), jobs=1))
    assert outcomes[0].status == "built", outcomes[0].error
    return outcomes[0].path


def elements(path, tag):
    with pikepdf.open(path) as pdf:
        return [e for e in walk_structure(pdf) if e.S == tag]


def pages_of(element, pdf) -> set[int]:
    pages = {p.objgen: i for i, p in enumerate(pdf.pages)}
    found = set()
    stack = [element]
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Dictionary):
            if "/Pg" in node:
                found.add(pages[node.Pg.objgen])
            kids = node.get("/K")
            stack.extend(kids if isinstance(kids, pikepdf.Array) else [kids])
    return found


def test_paragraph_across_pages_is_one_element(defects_pdf):
    with pikepdf.open(defects_pdf) as pdf:
        paragraphs = [e for e in walk_structure(pdf) if e.S == "/P"]
        long = [p for p in paragraphs if len(pages_of(p, pdf)) > 1]
        assert len(long) == 1
        assert len(pages_of(long[0], pdf)) >= 2


def test_list_and_table_across_pages_are_one_element_each(defects_pdf):
    with pikepdf.open(defects_pdf) as pdf:
        tree = list(walk_structure(pdf))
        lists = [e for e in tree if e.S == "/L" and str(e.A.ListNumbering) == "/Disc"]
        numbered = [e for e in tree if e.S == "/L" and str(e.A.ListNumbering) == "/Decimal"]
        assert len(numbered) == 1                   # the reference list
        tables = [e for e in tree if e.S == "/Table"]
        assert len(lists) == 1 and len(pages_of(lists[0], pdf)) >= 2
        assert len(tables) == 1 and len(pages_of(tables[0], pdf)) >= 2
        heads = [e for e in tree if e.S == "/THead"]
        rows = [e for e in tree if e.S == "/TR"]
        assert len(heads) == 1
        assert len(rows) == 46                       # header once + 45 body rows
        scopes = {str(e.A.Scope) for e in tree if e.S == "/TH"}
        assert scopes == {"/Column"}


def test_wrapped_link_is_one_link(defects_pdf):
    with pikepdf.open(defects_pdf) as pdf:
        links = [e for e in walk_structure(pdf) if e.S == "/Link"]
        annotations = [a for page in pdf.pages for a in page.get("/Annots", [])
                       if a.get("/Subtype") == "/Link"
                       and "families" in str(a.get("/A", {}).get("/URI", ""))]
        assert len(annotations) >= 2                # the link wraps onto two lines
        family_links = [link for link in links if any(
            isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR"
            and "families" in str(k.Obj.A.URI) for k in link.K)]
        assert len(family_links) == 1


def test_running_headers_and_page_numbers_are_artifacts(defects_pdf):
    assert verify_pdf(defects_pdf, "en", 24).errors == []
    with pdfplumber.open(defects_pdf) as pdf:
        for page in pdf.pages:
            bottom = [c for c in page.chars if c["top"] > page.height - 80]
            assert bottom and all(c.get("mcid") is None for c in bottom)


def test_fallback_span_carries_its_language(mini, tmp_path):
    from handout.cli import main

    root = str(mini.root)
    assert main(["--project", root, "init", "fr"]) == 0
    for domain in ("mini", "handout"):
        fill(mini.locales / "fr" / "LC_MESSAGES" / f"{domain}.po", {})
    po = mini.locales / "fr" / "LC_MESSAGES" / "mini.po"
    po.write_text(po.read_text().replace('msgstr "Each child has a 50% chance [@a]."',
                                         'msgstr ""'))
    out = tmp_path / "out"
    assert main(["--project", root, "build", "--lang", "fr", "--audience", "clinician",
                 "--allow-fallback", "--out", str(out), "--jobs", "1"]) == 0
    path = next(out.rglob("*.pdf"))
    with pikepdf.open(path) as pdf:
        assert str(pdf.Root.Lang) == "fr"
        spans = [e for e in walk_structure(pdf) if str(e.get("/Lang", "")) == "en"]
    assert len(spans) == 1


# -- verify fails on broken PDFs -------------------------------------------------------

@pytest.fixture(scope="module")
def good_pdf(english_build):
    return english_build[("teen", "large")].read_bytes()


def broken(data: bytes, change) -> bytes:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        change(pdf)
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


def _drop_alt(pdf):
    for element in walk_structure(pdf):
        if element.S == "/Figure":
            del element["/Alt"]


def _skip_heading(pdf):
    next(e for e in walk_structure(pdf) if e.S == "/H2").S = pikepdf.Name.H3


def _unembed_font(pdf):
    for page in pdf.pages:
        for font in page.Resources.Font.values():
            descriptor = font.DescendantFonts[0].FontDescriptor
            for key in ("/FontFile2", "/FontFile3", "/FontFile"):
                if key in descriptor:
                    del descriptor[key]
            return


@pytest.mark.parametrize("change,message", [
    (_drop_alt, "a /Figure has no /Alt text"),
    (_skip_heading, "heading level skips from H1 to H3"),
    (_unembed_font, "is not embedded"),
])
def test_verify_names_what_is_broken(good_pdf, change, message):
    errors = verify_pdf(broken(good_pdf, change), "en", 18).errors
    assert any(message in e for e in errors), errors


@pytest.mark.parametrize("css,message", [
    ("@page { @bottom-center { font-size: 8pt !important } }", "is 8.0 pt, smaller than 18"),
    ("p { color: #9a9a9a !important }", "below 7:1"),
    ("p { margin-right: -3in !important; text-align: right !important }", "72 pt margin"),
])
def test_verify_catches_tiny_footer_and_low_contrast(tmp_path, css, message):
    from .support.projects import MINI_GUIDE

    project = make_project(tmp_path, MINI_GUIDE)
    stylesheet = project.styles / "handout.css.j2"
    stylesheet.write_text(stylesheet.read_text() + "\n" + css + "\n")
    _, outcomes = run_build(project, Request(out=tmp_path / "out", audiences=("teen",),
                                             jobs=1))
    assert outcomes[0].status == "failed"
    assert message in outcomes[0].error
    assert "page 1" in outcomes[0].error
    assert not list((tmp_path / "out").rglob("*.pdf"))


def test_default_matrix_passes_verify(matrix_build):
    paths = set(matrix_build.values())
    assert len(paths) == 30                       # 5 languages x 3 readers x 2 papers
    for path in paths:
        assert verify_pdf(path, path.parent.name, 18).errors == []


def test_accessibility_report_lists_every_handout(matrix_build):
    out = next(iter(matrix_build.values())).parents[2]
    report = (out / "poh" / "accessibility.md").read_text()
    for path in matrix_build.values():
        assert f"| {path.name} |" in report
    assert report.count("| compliant |") >= 30
    assert "Flesch-Kincaid" in report

