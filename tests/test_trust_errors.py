"""Trust, second round (issue 15), class 5: every bad input a clear error with a place.

No traceback for any input of the issue; ``verify`` reports per file and goes on to
the next; folders under locales/ that are not languages are noted and skipped;
``update`` refuses what ``check`` refuses without rewriting it; a figure that cannot
be drawn fails its handout with the guide.yaml line; SVG attributes are read with
their grammar; wrong types in references name the reference and field; a missing
glyph names the YAML or .po line.
"""

from __future__ import annotations

import shutil

import pytest

from handout.cli import main

from .support.catalogs import break_catalog, catalog, check, entry_line, fill
from .support.projects import FIGURE, MINI_GUIDE, MINI_REFERENCES, build, handout_path, make_project
from .support.sandbox import assert_contained, assert_no_pdf_or_part, refusal_line, run

# -- folders under locales/ that are not languages --------------------------------------

def _stray_language_folders(project) -> None:
    shutil.copytree(project.locales / "fr", project.locales / "fr-old")      # a backup
    shutil.copytree(project.locales / "fr", project.locales / "xx")          # no language
    (project.locales / "notes").mkdir()                                      # no catalog


def test_stray_folders_under_locales_are_noted_and_skipped(translated, tmp_path, audit):
    _stray_language_folders(translated)
    out = tmp_path / "out"
    with audit.recording():
        code, _, err = run(translated, "build", "--audience", "teen", "--jobs", "1",
                           "--out", str(out))
    assert code == 0, err
    refusal_line(err, "note:", "locales/fr-old", "skipped", "not a language code")
    refusal_line(err, "note:", "locales/xx", "skipped")
    for language in ("en", "es", "fr"):
        assert handout_path(out, language).is_file()
    assert not list(out.glob("mini/fr-old")) and not list(out.glob("mini/xx"))
    assert_contained(audit, tmp_path)


@pytest.mark.fast
@pytest.mark.parametrize("command", ["check", "stats", "update"])
def test_stray_folders_do_not_stop_check_stats_or_update(command, translated):
    _stray_language_folders(translated)
    before = (translated.locales / "fr-old" / "LC_MESSAGES" / "mini.po").read_bytes()
    code, out, err = run(translated, command)
    assert code == 0, err
    refusal_line(err, "note:", "locales/fr-old", "skipped")
    assert "fr" in out and "fr-old" not in out
    assert (translated.locales / "fr-old" / "LC_MESSAGES" / "mini.po").read_bytes() == before


@pytest.mark.fast
def test_asking_for_a_language_that_is_not_one_is_a_usage_error(translated):
    code, _, err = run(translated, "check", "fr-old")
    assert code != 0
    refusal_line(err, "'fr-old' is not a language code")


# -- update refuses what check refuses, without rewriting it ----------------------------

BROKEN_CATALOGS = {
    "unclosed string": lambda po: break_catalog(po, "unterminated string"),
    "not utf-8": lambda po: po.write_bytes(po.read_bytes().replace(b"Write here.",
                                                                   b"\xe9crire ici.")),
    "bad charset header": lambda po: po.write_text(po.read_text().replace(
        "charset=utf-8", "charset=BOGUS")),
    "bad plural header": lambda po: po.write_text(po.read_text().replace(
        '"Language: fr\\n"', '"Language: fr\\n"\n"Plural-Forms: nplurals=x; plural=(;\\n"')),
    "line break in a review header": lambda po: po.write_text(po.read_text().replace(
        '"X-Reviewed-By: \\n"', '"X-Reviewed-By: Dr A\\rX-Review-Status: reviewed\\n"')),
}


@pytest.mark.fast
@pytest.mark.parametrize("case", BROKEN_CATALOGS)
def test_update_refuses_a_catalog_check_refuses_and_leaves_it_as_it_is(case, translated):
    po = catalog(translated, "fr")
    BROKEN_CATALOGS[case](po)
    before = po.read_bytes()
    check_code, report = check(translated, "fr")
    assert check_code != 0
    code, out, err = run(translated, "update")
    assert code != 0
    refusal_line(err, "fr/LC_MESSAGES/mini.po", "not updated")
    assert po.read_bytes() == before
    assert "updated locales/es/LC_MESSAGES/mini.po" in out           # the others go on
    assert "updated locales/fr/LC_MESSAGES/mini.po" not in out


# -- figures that cannot be drawn ----------------------------------------------------------

SVG = '<svg xmlns="http://www.w3.org/2000/svg" {}>\n  <rect width="5" height="5"/>\n{}</svg>\n'
BAD_FIGURES = {
    "NaN viewBox": (SVG.format('viewBox="NaN NaN NaN NaN"', ""), "viewBox"),
    "viewBox of three numbers": (SVG.format('viewBox="0 0 10"', ""), "expected 4 numbers"),
    "zero-width viewBox": (SVG.format('viewBox="0 0 0 10"', ""), "must be positive"),
    "no size at all": (SVG.format("", ""), "needs a viewBox"),
    "transform that is not one": (SVG.format('viewBox="0 0 10 10"',
                                             '  <g transform="translate(abc)"/>\n'),
                                  "<g>, line 3 of the SVG"),
    "unknown transform": (SVG.format('viewBox="0 0 10 10"', '  <g transform="spin(3)"/>\n'),
                          "unknown transform 'spin'"),
    "text position in NaN": (SVG.format('viewBox="0 0 10 10"',
                                        '  <text id="t" x="NaN" y="1"/>\n'),
                             "<text>, line 3 of the SVG"),
    "infinite length": (SVG.format('viewBox="0 0 10 10"', '  <rect width="1e999"/>\n'),
                        "finite"),
    "script": (SVG.format('viewBox="0 0 10 10"', "  <script>alert(1)</script>\n"),
               "forbidden <script>"),
    "href": (SVG.format('viewBox="0 0 10 10" xmlns:x="http://www.w3.org/1999/xlink"',
                        '  <rect x:href="#a"/>\n'), "'href'"),
    "url(": (SVG.format('viewBox="0 0 10 10"', '  <rect fill="url(https://x.example/a)"/>\n'),
             "url("),
    "entities": ('<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">]>\n' + SVG.format(
        'viewBox="0 0 10 10"', "&a;"), "DOCTYPE"),
    "not XML": ("this is not an SVG", "not valid XML"),
}


@pytest.mark.fast
@pytest.mark.parametrize("case", BAD_FIGURES)
def test_a_figure_that_cannot_be_drawn_is_refused_with_file_and_line(case, tmp_path, capsys,
                                                                     audit):
    svg, problem = BAD_FIGURES[case]
    project = make_project(tmp_path, MINI_GUIDE + FIGURE.format("pic.svg"),
                           extra={"guide/mini/pic.svg": svg})
    out = tmp_path / "out"
    with audit.recording():
        code = build(project, out, "--lang", "en")
    err = capsys.readouterr().err
    assert code != 0
    refusal_line(err, "guide.yaml:21:", "'pic.svg'", problem)
    assert_no_pdf_or_part(out, handout_path(out, "en"))
    assert_contained(audit, tmp_path)


@pytest.mark.fast
@pytest.mark.parametrize("content", [b"hello, I am text", b"", b"GIF89a\x01\x00\x01\x00",
                                     b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01"])
def test_a_png_that_is_not_an_image_is_refused(content, tmp_path, capsys):
    project = make_project(tmp_path, MINI_GUIDE + FIGURE.format("pic.png"))
    (project.guides / "mini" / "pic.png").write_bytes(content)
    out = tmp_path / "out"
    assert build(project, out, "--lang", "en") != 0
    line = refusal_line(capsys.readouterr().err, "guide.yaml:21:", "'pic.png'")
    assert "PNG" in line
    assert_no_pdf_or_part(out, handout_path(out, "en"))


LABELLED = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100">
  <g transform="translate(10 5) scale(1)">
    <g transform="translate(20,10)scale(2)">
      <text id="a" x="5 99" y="10"/>
    </g>
  </g>
</svg>
"""


@pytest.mark.fast
def test_a_valid_transform_list_is_accepted_and_applied_whole(tmp_path):
    from handout.rendering.figure import lay_out

    path = tmp_path / "pic.svg"
    path.write_text(LABELLED)
    diagram = lay_out(path, {"a": "Label"}, 10.0, 400.0, tmp_path / "guide.yaml", 1)
    # (5, 10) scaled by 2, moved by (20, 10), then by (10, 5): (40, 35) in user units;
    # the figure is 200 wide on 400 pt, so 2 pt a unit.
    label = diagram.labels[0]
    assert label.left_pt == 80.0
    assert label.top_pt == 70.0 - 0.8 * 10.0
    assert b"<text" not in diagram.svg


def test_a_figure_with_a_transform_list_builds(tmp_path, capsys):
    guide = MINI_GUIDE + FIGURE.format("pic.svg") + "        labels:\n          a: A label\n"
    project = make_project(tmp_path, guide, extra={"guide/mini/pic.svg": LABELLED})
    out = tmp_path / "out"
    assert build(project, out, "--lang", "en") == 0, capsys.readouterr().err
    assert handout_path(out, "en").is_file()


# -- verify: one file at a time ---------------------------------------------------------

def test_verify_reports_each_bad_file_and_goes_on(english_pdf, tmp_path, capsys):
    folder = tmp_path / "pdfs"
    folder.mkdir()
    data = english_pdf.read_bytes()
    (folder / "1-truncated.pdf").write_bytes(data[: len(data) // 2])
    (folder / "2-empty.pdf").write_bytes(b"")
    (folder / "3-not-a-pdf.pdf").write_text("<html>a web page</html>")
    (folder / "4-damaged.pdf").write_bytes(data[:200] + b"garbage" * 50 + data[-200:])
    (folder / "sub").mkdir()
    shutil.copy(english_pdf, folder / "sub" / english_pdf.name)
    (folder / "sub" / "link.pdf").symlink_to("/etc/passwd")         # not followed
    code = main(["verify", str(folder)])
    out = capsys.readouterr().out
    assert code != 0
    assert "Traceback" not in out
    refusal_line(out, "1-truncated.pdf: error:", "truncated")
    refusal_line(out, "2-empty.pdf: error:", "empty")
    refusal_line(out, "3-not-a-pdf.pdf: error:", "not a PDF")
    refusal_line(out, "4-damaged.pdf: error:")
    refusal_line(out, f"sub/{english_pdf.name}: ok")                  # checked after them
    assert "link.pdf" not in out


@pytest.mark.fast
def test_verify_of_a_single_bad_file_is_one_line(tmp_path, capsys):
    path = tmp_path / "x.pdf"
    path.write_bytes(b"%PDF-1.7\n%%EOF\n")
    assert main(["verify", str(path)]) != 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and str(path) in out and "Traceback" not in out


# -- references: wrong types name the reference and the field ----------------------------

REFERENCE_TYPES = {
    "author not a list": ('"author": [{"family": "Smith", "given": "John A."}]',
                          '"author": "Smith"', "reference 'a', field 'author'"),
    "name part a number": ('"given": "John A."', '"given": 7', "reference 'a', field 'author'"),
    "issued not a date": ('"issued": {"date-parts": [[2020]]}', '"issued": "2020"',
                          "reference 'a', field 'issued'"),
    "accessed with words": ('"DOI": "10.1/x"',
                            '"DOI": "10.1/x", "accessed": {"date-parts": [["May"]]}',
                            "reference 'a', field 'accessed'"),
    "volume a list": ('"volume": "1"', '"volume": [1]', "reference 'a', field 'volume'"),
    "title a number": ('"title": "A page"', '"title": 5', "reference 'b' has no title"),
    "container a dict": ('"container-title-short": "J Test"',
                         '"container-title-short": {"x": 1}',
                         "reference 'a', field 'container-title-short'"),
    "id not a string": ('"id": "b"', '"id": 2', "field 'id'"),
    "item not an object": ('[\n {"id": "a"', '[\n "a string",\n {"id": "a"',
                           "every reference must be an object"),
}


@pytest.mark.fast
@pytest.mark.parametrize("case", REFERENCE_TYPES)
def test_wrong_types_in_references_name_the_reference_and_field(case, tmp_path, capsys):
    old, new, problem = REFERENCE_TYPES[case]
    assert old in MINI_REFERENCES
    project = make_project(tmp_path, MINI_GUIDE, references=MINI_REFERENCES.replace(old, new))
    assert build(project, tmp_path / "out", "--lang", "en") != 0
    refusal_line(capsys.readouterr().err, "refs.json:", problem)


# -- YAML: places of invisible characters, types --------------------------------------------

@pytest.mark.fast
@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\x85", "\x9b", "\x7f"])
def test_invisible_line_breaks_and_c1_controls_in_yaml_name_the_editors_line(char, tmp_path,
                                                                             capsys):
    project = make_project(tmp_path, MINI_GUIDE.replace("13 of 18 people",
                                                        f"13 of 18{char} people"))
    assert build(project, tmp_path / "out", "--lang", "en") != 0
    refusal_line(capsys.readouterr().err, "guide.yaml:19:", f"U+{ord(char):04X}")


@pytest.mark.fast
def test_a_block_type_that_is_a_list_is_an_error_not_a_traceback(tmp_path, capsys):
    text = MINI_GUIDE.replace("      - type: paragraph\n        text: See",
                              "      - type: [paragraph]\n        text: See")
    project = make_project(tmp_path, text)
    assert build(project, tmp_path / "out", "--lang", "en") != 0
    refusal_line(capsys.readouterr().err, "guide.yaml:18:", "unknown block type")


# -- glyphs: the line that holds the character -------------------------------------------

def test_a_missing_glyph_in_guide_text_names_the_yaml_line(tmp_path, capsys):
    project = make_project(tmp_path, MINI_GUIDE.replace("13 of 18 people", "13 of 18 \u0f00"))
    assert build(project, tmp_path / "out", "--lang", "en") != 0
    refusal_line(capsys.readouterr().err, "guide.yaml:19:", "U+0F00")


def test_a_missing_glyph_in_a_translation_names_the_po_line(translated, tmp_path, capsys):
    msgid = "See [the site](https://example.org) for 13 of 18 people [@b]."
    fill(catalog(translated, "fr"), {(None, msgid): "Voir [le site](https://example.org) "
                                                    "pour 13 sur 18 \u0f00 [@b]."})
    line = entry_line(translated, "fr", msgid)
    out = tmp_path / "out"
    assert build(translated, out, "--lang", "fr", "--lang", "en") != 0
    refusal_line(capsys.readouterr().err, "mini/fr/teen", f"fr/LC_MESSAGES/mini.po:{line}:",
                 "U+0F00")
    assert handout_path(out, "en").is_file()
