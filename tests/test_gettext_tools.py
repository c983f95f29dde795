"""The catalogs translators' own tools accept: GNU msgfmt -c (what Poedit runs on save)
and Babel's compile; and `check` finds what they would refuse, with file and line."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from handout.cli import main

CATALOGS = [(lang, domain) for lang in ("es", "fr", "ar", "zh")
            for domain in ("poh", "handout")]


def msgfmt(path: Path) -> subprocess.CompletedProcess:
    if shutil.which("msgfmt") is None:
        pytest.fail("GNU gettext's msgfmt is missing: tools/setup.sh --test installs it")
    return subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)],
                          capture_output=True, text=True)


def babel_compile(path: Path, tmp_path: Path) -> subprocess.CompletedProcess:
    pybabel = Path(sys.executable).with_name("pybabel")
    return subprocess.run([str(pybabel), "compile", "-i", str(path), "-o",
                           str(tmp_path / "out.mo")], capture_output=True, text=True)


@pytest.mark.parametrize("language,domain", CATALOGS)
def test_shipped_catalogs_pass_msgfmt_and_babel(project, tmp_path, language, domain):
    path = project.locales / language / "LC_MESSAGES" / f"{domain}.po"
    result = msgfmt(path)
    assert result.returncode == 0, result.stderr
    result = babel_compile(path, tmp_path)
    assert result.returncode == 0 and "error" not in result.stderr.lower(), result.stderr


def test_guide_text_is_never_a_format_string(project):
    text = (project.locales / "poh.pot").read_text("utf-8")
    assert "#, python-format" not in text
    assert text.count("no-python-format") >= 5
    template = (project.locales / "handout.pot").read_text("utf-8")
    assert "python-format" in template   # "Page %(page)s of %(pages)s" keeps its flag


def test_a_real_format_error_is_caught_by_all_three(project, tmp_path, capsys):
    """A translator drops a placeholder: msgfmt, Babel and check all refuse it."""
    root = tmp_path / "copy"
    shutil.copytree(project.root, root, ignore=shutil.ignore_patterns(
        ".venv", "output", ".git", "__pycache__", ".cache"))
    po = root / "locales" / "es" / "LC_MESSAGES" / "handout.po"
    text = po.read_text("utf-8")
    broken = text.replace('msgstr "Página %(page)s de %(pages)s"', 'msgstr "Página %(page)s de %d"')
    assert broken != text
    po.write_text(broken, "utf-8")
    assert msgfmt(po).returncode != 0
    assert babel_compile(po, tmp_path).returncode != 0
    assert main(["--project", str(root), "check", "es"]) == 1
    out = capsys.readouterr().out
    assert "handout.po:" in out and "Page %(page)s of %(pages)s" in out


def test_check_flags_an_unapproved_term_with_line_and_approved_term(project, tmp_path,
                                                                    capsys):
    root = tmp_path / "copy"
    shutil.copytree(project.root, root, ignore=shutil.ignore_patterns(
        ".venv", "output", ".git", "__pycache__", ".cache"))
    po = root / "locales" / "fr" / "LC_MESSAGES" / "poh.po"
    text = po.read_text("utf-8")
    assert "ostéome cutané" in text
    po.write_text(text.replace("ostéome cutané", "osteoma cutis", 1), "utf-8")
    assert main(["--project", str(root), "check", "fr"]) == 1
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if "must be translated as" in line)
    assert "poh.po:" in line and "'ostéome cutané'" in line and "'osteoma cutis'" in line


def test_update_keeps_the_review_headers(project, tmp_path):
    root = tmp_path / "copy"
    shutil.copytree(project.root, root, ignore=shutil.ignore_patterns(
        ".venv", "output", ".git", "__pycache__", ".cache"))
    po = root / "locales" / "es" / "LC_MESSAGES" / "poh.po"
    po.write_text(po.read_text("utf-8").replace(
        '"X-Review-Status: unreviewed\\n"', '"X-Review-Status: reviewed\\n"'), "utf-8")
    assert main(["--project", str(root), "update", "es"]) == 0
    text = po.read_text("utf-8")
    assert '"X-Review-Status: reviewed\\n"' in text and "X-Reviewed-By:" in text
    assert msgfmt(po).returncode == 0


@pytest.mark.parametrize("language,msgstr,found", [
    ("fr", "Gène: une instruction [@s07].", "no-break space"),
    ("zh", "基因: 一条指令[@s07]。", "full-width"),
])
def test_check_flags_each_languages_punctuation(project, tmp_path, capsys, language,
                                                msgstr, found):
    from babel.messages.pofile import escape

    root = tmp_path / "copy"
    shutil.copytree(project.root, root, ignore=shutil.ignore_patterns(
        ".venv", "output", ".git", "__pycache__", ".cache"))
    po = root / "locales" / language / "LC_MESSAGES" / "poh.po"
    text = po.read_text("utf-8")
    start = text.index('msgid "An instruction for the body."')
    end = text.index("\n", text.index("msgstr", start))
    po.write_text(text[:start] + 'msgid "An instruction for the body."\nmsgstr ' +
                  escape(msgstr) + text[end:], "utf-8")
    main(["--project", str(root), "check", language])
    out = capsys.readouterr().out
    assert any(found in line and "poh.po:" in line and "warning" in line
               for line in out.splitlines()), out


# -- the one reader and writer of .po headers ------------------------------------------

@pytest.mark.fast
@pytest.mark.parametrize("language,domain", CATALOGS)
def test_header_round_trip_keeps_x_headers_and_every_byte(project, language, domain):
    from handout.translation.catalogs import read_headers, with_headers

    text = (project.locales / language / "LC_MESSAGES" / f"{domain}.po").read_text("utf-8")
    headers = read_headers(text)
    assert headers["Language"] == language
    assert {"X-Review-Status", "X-Reviewed-By"} <= headers.keys()  # Babel drops these
    assert with_headers(text, headers) == text
    assert read_headers(with_headers(text, headers)) == headers


@pytest.mark.fast
def test_header_write_then_read_gives_the_same_fields(tmp_path):
    from babel.messages.pofile import read_po

    from handout.translation.catalogs import read_headers, write_headers

    po = tmp_path / "fr" / "LC_MESSAGES" / "mini.po"
    po.parent.mkdir(parents=True)
    po.write_text('# A comment.\nmsgid ""\nmsgstr ""\n"Language: fr\\n"\n'
                  '"X-Review-Status: unreviewed\\n"\n\nmsgid "Hello"\nmsgstr "Bonjour"\n',
                  "utf-8")
    fields = {"X-Review-Status": "reviewed", "X-Reviewed-By": 'Dr A. "Al" O\'Neil \\ MD',
              "X-Review-Date": "2026-11-30"}
    write_headers(po, fields)
    text = po.read_text("utf-8")
    assert read_headers(text) == {"Language": "fr", **fields}
    assert text.startswith("# A comment.\n") and text.endswith(
        '\n\nmsgid "Hello"\nmsgstr "Bonjour"\n')
    assert '"X-Reviewed-By: Dr A. \\"Al\\" O\'Neil \\\\ MD\\n"' in text
    assert read_po(io.StringIO(text)).locale.language == "fr"
    assert msgfmt(po).returncode == 0


@pytest.mark.fast
@pytest.mark.parametrize("value,problem", [
    ("Dr A\nX-Review-Status: reviewed", "line break (U+000A)"),
    ("Dr A\rX-Review-Status: reviewed", "line break (U+000D)"),
    ("Dr A\u2028Language: de", "line break (U+2028)"),
    ("Dr A\x00", "control character U+0000"),
])
def test_a_header_value_cannot_inject_another_field(tmp_path, value, problem):
    from handout.errors import CatalogError
    from handout.translation.catalogs import read_headers, write_headers

    po = tmp_path / "mini.po"
    po.write_text('msgid ""\nmsgstr ""\n"Language: fr\\n"\n"X-Review-Status: unreviewed\\n"\n',
                  "utf-8")
    before = po.read_bytes()
    with pytest.raises(CatalogError) as refused:
        write_headers(po, {"X-Reviewed-By": value})
    message = str(refused.value)
    assert "mini.po" in message and "X-Reviewed-By" in message
    assert problem in message
    assert po.read_bytes() == before
    assert read_headers(before.decode())["X-Review-Status"] == "unreviewed"
    with pytest.raises(CatalogError, match="is not a header name"):
        write_headers(po, {"X-Review-Status: reviewed\nX-Reviewed-By": "Dr A"})


# -- extract through Babel's API writes the templates pybabel wrote --------------------

def _messages(text: str) -> list[tuple]:
    from babel.messages.pofile import read_po

    return [(m.context, m.id, m.locations, m.auto_comments, sorted(m.flags))
            for m in read_po(io.StringIO(text)) if m.id]


def _undated(text: str) -> str:
    return "".join(line for line in text.splitlines(keepends=True)
                   if not line.startswith('"POT-Creation-Date:'))


@pytest.mark.fast
def test_extract_writes_the_checked_in_templates(project, tmp_path, capsys):
    """The same messages, contexts, comments, locations and flags as the .pot files in
    locales/ (written by pybabel's command line before): byte for byte but the date."""
    root = tmp_path / "copy"
    for folder in ("guide", "styles", "handout"):
        shutil.copytree(project.root / folder, root / folder,
                        ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(project.root / "pyproject.toml", root / "pyproject.toml")
    here = Path.cwd()
    assert main(["--project", str(root), "extract"]) == 0
    assert Path.cwd() == here
    for domain in ("poh", "handout"):
        new = (root / "locales" / f"{domain}.pot").read_text("utf-8")
        old = (project.locales / f"{domain}.pot").read_text("utf-8")
        assert {(c, i) for c, i, *_ in _messages(new)} == \
            {(c, i) for c, i, *_ in _messages(old)}
        assert _messages(new) == _messages(old)
        assert _undated(new) == _undated(old)
    poh = _messages((root / "locales" / "poh.pot").read_text("utf-8"))
    from handout.content.load import load_guide

    teen_title = load_guide(project.guide_folder("poh")).title.variants["teen"]
    assert len(poh) > 100 and ("teen", teen_title) in {(c, i) for c, i, *_ in poh}


def test_a_second_update_keeps_the_previous_text_of_a_fuzzy_message(mini):
    """Babel reads '#| msgid' as a translator's comment; without care, the next update
    writes it back as '# | msgid ...', wrapped, and Poedit no longer shows the change."""
    from .support.catalogs import catalog, translated_mini

    translated_mini(mini, "fr")
    guide = mini.guides / "mini" / "guide.yaml"
    guide.write_text(guide.read_text("utf-8").replace(
        "Each child has a 50% chance [@a].", "Each child has about a 50% chance [@a]."),
        "utf-8")
    root = str(mini.root)
    assert main(["--project", root, "extract"]) == 0
    for _ in range(2):
        assert main(["--project", root, "update", "fr"]) == 0
        text = catalog(mini, "fr").read_text("utf-8")
        assert '#| msgid "Each child has a 50% chance [@a]."' in text
        assert "# |" not in text
    result = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(catalog(mini, "fr"))],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
