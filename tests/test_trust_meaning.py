"""Trust, second round (issue 15), class 3: text that passes QA but changes what is
printed.

Bidi overrides around a number print "50" as "05" while every check of the text
passes; a Markdown link with a title, plus an empty link carrying the original target,
sends the visible link elsewhere while a regex-based check passes; a reference URL
``javascript:`` becomes a live link. Each is refused with its file and line, and the
other languages are still built.
"""

from __future__ import annotations

import shutil

import pikepdf
import pytest

from handout.cli import main

from .support.catalogs import SHARED_50, catalog, check, entry_line, fill
from .support.projects import MINI_GUIDE, MINI_REFERENCES, build, handout_path, make_project
from .support.sandbox import assert_contained, assert_no_pdf_or_part, refusal_line

LINKED = "See [the site](https://example.org) for 13 of 18 people [@b]."
BIDI = {"RLO": "\u202e", "LRO": "\u202d", "RLE": "\u202b", "RLI": "\u2067", "RLM": "\u200f",
        "ALM": "\u061c"}


# -- bidi controls ---------------------------------------------------------------------

@pytest.mark.parametrize("name", list(BIDI))
def test_bidi_controls_around_a_number_in_a_msgstr_are_refused(name, translated, tmp_path,
                                                               capsys, audit):
    char = BIDI[name]
    # Wrapped in an override, "50" is drawn "05": the digits, so the numbers check,
    # are unchanged.
    fill(catalog(translated, "fr"), {(None, SHARED_50): f"Chaque enfant a {char}50{char} % "
                                                        "de risque [@a]."})
    line = entry_line(translated, "fr", SHARED_50)
    code, out = check(translated, "fr")
    assert code != 0
    refusal_line(out, f"fr/LC_MESSAGES/mini.po:{line}:", f"U+{ord(char):04X}", "bidi")
    out_folder = tmp_path / "out"
    with audit.recording():
        code = build(translated, out_folder, "--lang", "fr", "--lang", "en")
    err = capsys.readouterr().err
    assert code != 0
    refusal_line(err, "mini/fr: not built", f"mini.po:{line}", f"U+{ord(char):04X}")
    assert_no_pdf_or_part(out_folder, handout_path(out_folder, "fr"))
    assert handout_path(out_folder, "en").is_file()
    assert_contained(audit, tmp_path)


@pytest.mark.fast
@pytest.mark.parametrize("name", ["RLO", "LRI", "LRM"])
def test_bidi_controls_in_guide_text_are_refused_with_the_line(name, tmp_path, capsys):
    char = {"RLO": "\u202e", "LRI": "\u2066", "LRM": "\u200e"}[name]
    project = make_project(tmp_path, MINI_GUIDE.replace("a 50% chance",
                                                        f"a {char}50{char}% chance"))
    out = tmp_path / "out"
    code = build(project, out, "--lang", "en")
    err = capsys.readouterr().err
    assert code != 0
    refusal_line(err, "guide.yaml:16:", f"bidi control character U+{ord(char):04X}")
    assert_no_pdf_or_part(out, handout_path(out, "en"))


@pytest.mark.fast
def test_bidi_control_in_a_reference_is_refused(tmp_path, capsys):
    project = make_project(tmp_path, MINI_GUIDE,
                           references=MINI_REFERENCES.replace('"A page"', '"A \u202epage"'))
    assert build(project, tmp_path / "out", "--lang", "en") != 0
    refusal_line(capsys.readouterr().err, "refs.json:", "reference 'b'", "field 'title'",
                 "bidi control character U+202E")


@pytest.mark.fast
def test_bidi_controls_in_a_clinic_note_are_refused(tmp_path, capsys):
    project = make_project(tmp_path, MINI_GUIDE)
    folder = tmp_path / "clinic"
    folder.mkdir()
    (folder / "clinic.yaml").write_text(
        'id: x\nname: Clinic\nphone: "123"\nnote:\n  en: "Call within \u202e48\u202c hours"\n',
        "utf-8")
    out = tmp_path / "out"
    code = main(["--project", str(project.root), "build", "--clinic", str(folder),
                 "--out", str(out)])
    err = capsys.readouterr().err
    assert code != 0
    refusal_line(err, "clinic.yaml:5:", "bidi control character U+202E")
    assert not out.exists() or not list(out.rglob("*.pdf"))


# -- links compared as the renderer parses them ----------------------------------------

RETARGETED = {
    "title plus an empty link": 'Voir [le site](https://evil.example "") [](https://example.org)'
                                " pour 13 sur 18 personnes [@b].",
    "title only": 'Voir [le site](https://evil.example "https://example.org") pour 13 sur 18 '
                  "personnes [@b].",
    "reference link": "Voir [le site][x] pour 13 sur 18 personnes [@b].\n\n"
                      "[x]: https://evil.example",
    "visible address, other target": "Voir [example.org](https://example.org) ou "
                                     "[example.org](https://evil.example) pour 13 sur 18 "
                                     "personnes [@b].",
}


@pytest.mark.parametrize("case", RETARGETED)
def test_a_link_retargeted_through_markdown_is_refused(case, translated, tmp_path, capsys):
    fill(catalog(translated, "fr"), {(None, LINKED): RETARGETED[case]})
    line = entry_line(translated, "fr", LINKED)
    code, out = check(translated, "fr")
    assert code != 0
    refusal_line(out, f"fr/LC_MESSAGES/mini.po:{line}:", "link")
    out_folder = tmp_path / "out"
    assert build(translated, out_folder, "--lang", "fr", "--lang", "en") != 0
    refusal_line(capsys.readouterr().err, "mini/fr: not built", f"mini.po:{line}")
    assert_no_pdf_or_part(out_folder, handout_path(out_folder, "fr"))
    assert handout_path(out_folder, "en").is_file()


@pytest.mark.fast
def test_a_link_title_alone_is_accepted(translated):
    """A title does not change where a link goes or what it shows: not an error."""
    fill(catalog(translated, "fr"), {(None, LINKED): 'Voir [le site](https://example.org '
                                                     '"Le site") pour 13 sur 18 personnes [@b].'})
    code, out = check(translated, "fr")
    assert code == 0, out


# -- reference URLs --------------------------------------------------------------------

@pytest.mark.fast
@pytest.mark.parametrize("url", ["javascript:alert(1)", "JavaScript:alert(1)",
                                 "file:///etc/passwd", "data:text/html,<b>x</b>",
                                 "//evil.example/x", "https:evil"])
def test_reference_url_other_than_http_is_refused(url, tmp_path, capsys, audit):
    references = MINI_REFERENCES.replace('"https://example.org/page"', f'"{url}"')
    project = make_project(tmp_path, MINI_GUIDE, references=references)
    out = tmp_path / "out"
    with audit.recording():
        code = build(project, out, "--lang", "en")
    err = capsys.readouterr().err
    assert code != 0
    refusal_line(err, "refs.json:6:", "reference 'b'", "field 'URL'", "not an http(s) address")
    assert_no_pdf_or_part(out, handout_path(out, "en"))
    assert_contained(audit, tmp_path)


@pytest.mark.fast
@pytest.mark.parametrize("doi", ["javascript:alert(1)", "10.1/x\" onmouseover=\"x",
                                 "https://doi.org/10.1/x"])
def test_reference_doi_must_be_a_doi_name(doi, tmp_path, capsys):
    references = MINI_REFERENCES.replace('"10.1/x"', f'"{doi.replace(chr(34), chr(92) + chr(34))}"')
    project = make_project(tmp_path, MINI_GUIDE, references=references)
    assert build(project, tmp_path / "out", "--lang", "en") != 0
    refusal_line(capsys.readouterr().err, "refs.json:2:", "reference 'a'", "field 'DOI'",
                 "is not a DOI name")


# -- verify: what a link may do ---------------------------------------------------------

def _with_action(source, target, action: pikepdf.Dictionary) -> None:
    with pikepdf.open(source) as pdf:
        links = [a for page in pdf.pages for a in page.obj.get("/Annots") or []
                 if a.get("/Subtype") == "/Link" and "/A" in a]
        assert links, "the mini handout has a web link"
        links[0].A = pdf.make_indirect(action)
        pdf.save(target)


ACTIONS = {
    "javascript: URI": (pikepdf.Dictionary(S=pikepdf.Name.URI, URI="javascript:alert(1)"),
                        "link to 'javascript:alert(1)'"),
    "file: URI": (pikepdf.Dictionary(S=pikepdf.Name.URI, URI="file:///etc/passwd"),
                  "link to 'file:///etc/passwd'"),
    "Launch": (pikepdf.Dictionary(S=pikepdf.Name.Launch, F="calc.exe"), "a /Launch action"),
    "JavaScript": (pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS="app.alert(1)"),
                   "a /JavaScript action"),
    "GoToR": (pikepdf.Dictionary(S=pikepdf.Name.GoToR, F="other.pdf", D=[0]), "a /GoToR action"),
    "SubmitForm": (pikepdf.Dictionary(S=pikepdf.Name.SubmitForm, F="https://x.example"),
                   "a /SubmitForm action"),
    "chained after a web link": (pikepdf.Dictionary(
        S=pikepdf.Name.URI, URI="https://example.org",
        Next=pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS="1")), "a /JavaScript action"),
}


@pytest.mark.parametrize("case", ACTIONS)
def test_verify_rejects_links_that_are_not_web_or_mail(case, english_pdf, tmp_path, capsys):
    action, problem = ACTIONS[case]
    folder = tmp_path / "pdfs"
    folder.mkdir()
    target = folder / english_pdf.name
    _with_action(english_pdf, target, action)
    shutil.copy(english_pdf, folder / "mini-en-parent-large-letter.pdf")     # still fine
    code = main(["verify", str(folder)])
    out = capsys.readouterr().out
    assert code != 0
    refusal_line(out, str(target), "page ", problem)
    assert f"{folder / 'mini-en-parent-large-letter.pdf'}: ok" in out
