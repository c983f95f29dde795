"""Trust, second round (issue 15), class 1: nothing outside the project is read or
written because of its files.

Git stores symbolic links, so a merged pull request can turn a catalog, a template or
a figure into a link to a file elsewhere (a shell start-up file), or into a dangling
link whose target a command would create. Every command that writes (build, update,
init, extract, proof) and every read refuses links and special files under
locales/, guide/, styles/ and a clinic's folder. Each case: one readable line naming
the file, no traceback, the outside file untouched (checked on disk and with the
audit hook of tests/support/sandbox.py), and the other languages still done.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

import pytest

from handout.cli import main

from .support.catalogs import catalog
from .support.projects import MINI_GUIDE, build, handout_path, make_project
from .support.sandbox import QUICK, assert_contained, assert_no_pdf_or_part, refusal_line, run

VICTIM_TEXT = "export PATH=$HOME/bin:$PATH  # the user's own file\n"


@pytest.fixture
def outside(tmp_path):
    """A folder beside the test's workspace (so not inside it), with a victim file."""
    folder = tmp_path.parent / f"{tmp_path.name}-outside"
    folder.mkdir()
    (folder / ".bashrc").write_text(VICTIM_TEXT)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


# -- commands that write: update, init, extract ---------------------------------------

@pytest.mark.fast
def test_update_refuses_a_symlinked_catalog_and_updates_the_others(translated, outside,
                                                                   tmp_path, audit):
    po = catalog(translated, "fr")
    po.unlink()
    po.symlink_to(outside / ".bashrc")
    with audit.recording():
        code, out, err = run(translated, "update")
    assert code != 0
    refusal_line(err, "fr/LC_MESSAGES/mini.po", "symbolic link")
    assert (outside / ".bashrc").read_text() == VICTIM_TEXT
    assert po.is_symlink()
    assert "updated locales/es/LC_MESSAGES/mini.po" in out      # the other language
    assert_contained(audit, tmp_path)


@pytest.mark.fast
def test_update_skips_a_symlinked_language_folder(translated, outside, tmp_path, audit):
    shutil.copytree(translated.locales / "fr", outside / "de")
    (translated.locales / "de").symlink_to(outside / "de")
    before = (outside / "de" / "LC_MESSAGES" / "mini.po").read_bytes()
    with audit.recording():
        code, out, err = run(translated, "update")
    assert code == 0, err
    refusal_line(err, "locales/de", "skipped", "symbolic link")
    assert (outside / "de" / "LC_MESSAGES" / "mini.po").read_bytes() == before
    assert "updated locales/fr/LC_MESSAGES/mini.po" in out
    assert_contained(audit, tmp_path)


@pytest.mark.fast
@pytest.mark.parametrize("link", ["existing file", "dangling", "language folder"])
def test_init_never_writes_through_a_link(link, translated, outside, tmp_path, audit):
    target = outside / "created-by-init"
    folder = translated.locales / "de" / "LC_MESSAGES"
    if link == "language folder":
        (outside / "de").mkdir()
        (translated.locales / "de").symlink_to(outside / "de")
    else:
        folder.mkdir(parents=True)
        (folder / "mini.po").symlink_to(outside / ".bashrc" if link == "existing file"
                                        else target)
    with audit.recording():
        code, _, err = run(translated, "init", "de")
    assert code != 0
    refusal_line(err, "locales/de", "symbolic link")
    assert (outside / ".bashrc").read_text() == VICTIM_TEXT
    assert not target.exists()
    assert sorted(p.name for p in outside.rglob("*")) == sorted(
        [".bashrc"] + (["de"] if link == "language folder" else []))
    assert_contained(audit, tmp_path)


@pytest.mark.fast
@pytest.mark.parametrize("link", ["existing file", "dangling"])
def test_extract_never_writes_through_a_link(link, translated, outside, tmp_path, audit):
    pot = translated.locales / "mini.pot"
    pot.unlink()
    target = outside / "created-by-extract"
    pot.symlink_to(outside / ".bashrc" if link == "existing file" else target)
    with audit.recording():
        code, _, err = run(translated, "extract")
    assert code != 0
    refusal_line(err, "locales/mini.pot", "symbolic link")
    assert (outside / ".bashrc").read_text() == VICTIM_TEXT
    assert not target.exists()
    assert not list(translated.locales.glob(".*.part"))
    assert_contained(audit, tmp_path)


@pytest.mark.fast
def test_extract_reads_and_writes_only_inside_the_project(translated, tmp_path, audit):
    here = Path.cwd()
    with audit.recording():
        code, out, _ = run(translated, "extract")
    assert code == 0 and "wrote locales/mini.pot" in out
    assert Path.cwd() == here                     # Babel's API, no change of folder
    assert audit.programs() == []                 # no pybabel command line either
    assert_contained(audit, tmp_path)


@pytest.mark.fast
def test_init_refuses_a_language_code_that_is_a_path(translated, tmp_path):
    code, _, err = run(translated, "init", "../../escape")
    assert code != 0
    refusal_line(err, "'../../escape' is not a language code")
    assert not (tmp_path / "escape").exists()
    assert not (translated.root.parent / "escape").exists()


@pytest.mark.fast
def test_proof_refuses_a_bad_language_code(translated):
    code, _, err = run(translated, "proof", "../x")
    assert code != 0
    refusal_line(err, "'../x' is not a language code")


# -- reading: catalogs, guide files, styles, clinic profiles --------------------------

def test_build_refuses_a_symlinked_catalog_and_builds_the_others(translated, outside,
                                                                tmp_path, capsys, audit):
    po = catalog(translated, "fr")
    shutil.copy(po, outside / "mini.po")
    po.unlink()
    po.symlink_to(outside / "mini.po")
    out = tmp_path / "out"
    with audit.recording():
        code = build(translated, out, "--lang", "fr", "--lang", "en")
    err = capsys.readouterr().err
    assert code != 0
    refusal_line(err, "mini/fr: not built", "fr/LC_MESSAGES/mini.po", "symbolic link")
    assert_no_pdf_or_part(out, handout_path(out, "fr"))
    assert handout_path(out, "en").is_file()
    assert_contained(audit, tmp_path)


def _symlink_case(project, outside: Path, case: str) -> tuple[str, ...]:
    """Make ``case`` in ``project``; return what the refusal line must carry."""
    folder = project.guides / "mini"
    if case == "guide.yaml":
        shutil.move(folder / "guide.yaml", outside / "guide.yaml")
        (folder / "guide.yaml").symlink_to(outside / "guide.yaml")
        return "mini/guide.yaml", "symbolic link"
    if case == "references":
        shutil.move(folder / "refs.json", outside / "refs.json")
        (folder / "refs.json").symlink_to(outside / "refs.json")
        return "mini/refs.json", "symbolic link"
    if case == "figure inside the folder":
        (folder / "real.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" '
                                         'viewBox="0 0 10 10"/>')
        (folder / "pic.svg").symlink_to(folder / "real.svg")
        return "guide.yaml:21", "pic.svg", "symbolic link"
    if case == "figure is a pipe":
        os.mkfifo(folder / "pic.svg")
        return "guide.yaml:21", "pic.svg", "not a regular file"
    if case == "template":
        template = project.styles / "handout.css.j2"
        shutil.move(template, outside / "handout.css.j2")
        template.symlink_to(outside / "handout.css.j2")
        return "styles/handout.css.j2", "symbolic link"
    if case == "fonts.yaml":
        shutil.move(project.styles / "fonts.yaml", outside / "fonts.yaml")
        (project.styles / "fonts.yaml").symlink_to(outside / "fonts.yaml")
        return "styles/fonts.yaml", "symbolic link"
    raise AssertionError(case)


READ_CASES = ["guide.yaml", "references", "figure inside the folder", "figure is a pipe",
              "template", "fonts.yaml"]


@pytest.mark.fast
@pytest.mark.parametrize("case", READ_CASES)
def test_build_refuses_links_and_special_files_it_would_read(case, tmp_path, outside, capsys,
                                                            audit):
    figure = "      - type: figure\n        src: pic.svg\n        alt: x\n"
    project = make_project(tmp_path, MINI_GUIDE + (figure if "figure" in case else ""))
    needles = _symlink_case(project, outside, case)
    out = tmp_path / "out"
    started = time.perf_counter()
    with audit.recording():
        code = build(project, out, "--lang", "en")
    assert time.perf_counter() - started < QUICK        # a pipe never blocks the build
    err = capsys.readouterr().err
    assert code != 0
    refusal_line(err, *needles)
    assert_no_pdf_or_part(out, handout_path(out, "en"))
    assert_contained(audit, tmp_path)


def test_stray_files_in_the_guide_folder_are_never_read(tmp_path, capsys, audit):
    """A named pipe (reading it would block forever), an unreadable file and a link to
    a secret beside guide.yaml: the build neither hashes nor opens them."""
    project = make_project(tmp_path, MINI_GUIDE)
    folder = project.guides / "mini"
    os.mkfifo(folder / "stray.pipe")
    (folder / "backup.yaml").write_text("x")
    (folder / "backup.yaml").chmod(0)
    (folder / "secret").symlink_to("/etc/passwd")
    out = tmp_path / "out"
    started = time.perf_counter()
    with audit.recording():
        code = build(project, out, "--lang", "en")
    assert code == 0, capsys.readouterr().err
    assert time.perf_counter() - started < 60
    assert handout_path(out, "en").is_file()
    assert not any(p.endswith(("stray.pipe", "backup.yaml")) for p in audit.opened())
    assert_contained(audit, tmp_path)


# -- clinic profiles ------------------------------------------------------------------

CLINIC = 'id: x\nname: Clinic\nphone: "123"\nlogo:\n  file: logo.svg\n  alt: Logo\n'
LOGO = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="5"/></svg>'


@pytest.mark.fast
@pytest.mark.parametrize("link", ["clinic.yaml", "logo"])
def test_clinic_profile_files_must_not_be_links(link, tmp_path, outside, capsys):
    project = make_project(tmp_path, MINI_GUIDE)
    folder = tmp_path / "clinic"
    folder.mkdir()
    if link == "clinic.yaml":                      # the profile itself, elsewhere
        (outside / "clinic.yaml").write_text(CLINIC)
        (folder / "clinic.yaml").symlink_to(outside / "clinic.yaml")
        (folder / "logo.svg").write_text(LOGO)
    else:                                          # a link, even to its own folder
        (folder / "clinic.yaml").write_text(CLINIC)
        (folder / "real-logo.svg").write_text(LOGO)
        (folder / "logo.svg").symlink_to(folder / "real-logo.svg")
    out = tmp_path / "out"
    code = main(["--project", str(project.root), "build", "--clinic", str(folder),
                 "--out", str(out)])
    err = capsys.readouterr().err
    assert code != 0
    refusal_line(err, "clinic.yaml", "symbolic link")
    assert not out.exists() or not list(out.rglob("*.pdf"))


# -- fonts.yaml names files in font packages only -------------------------------------

FONT_CASES = {
    "any importable module": ("package: fontpkg_atkinson_hyperlegible", "package: this",
                              "fonts.yaml:", "package 'this' is not a font package"),
    "a dotted name": ("package: fontpkg_atkinson_hyperlegible", "package: json.tool",
                      "fonts.yaml:", "is not a font package"),
    "a path out of the package": ("file: files/AtkinsonHyperlegible-Regular.ttf",
                                  "file: ../../../../../../../etc/passwd",
                                  "fonts.yaml:", "is outside package"),
    "a file that is not a font": ("file: files/AtkinsonHyperlegible-Regular.ttf",
                                  "file: __init__.py", "fonts.yaml:", "is not a font"),
    "a face that is not a mapping": ("faces:\n", "faces:\n  - just a string\n",
                                     "fonts.yaml:", "each face must be a mapping"),
}


@pytest.mark.fast
@pytest.mark.parametrize("case", FONT_CASES)
def test_fonts_yaml_names_only_font_package_files(case, tmp_path, capsys, audit):
    old, new, where, problem = FONT_CASES[case]
    project = make_project(tmp_path, MINI_GUIDE)
    fonts = project.styles / "fonts.yaml"
    fonts.write_text(fonts.read_text().replace(old, new, 1))
    sys.modules.pop("this", None)
    with audit.recording():
        code = build(project, tmp_path / "out", "--lang", "en")
    err = capsys.readouterr().err
    assert code != 0
    refusal_line(err, where, problem)
    assert "this" not in sys.modules         # found, never imported (it would print)
    assert "/etc/passwd" not in audit.opened()
