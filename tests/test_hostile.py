"""Hostile input: catalogs, content and styles written by many hands, some careless,
one day one malicious.

Every refusal is one readable line on stderr and a non-zero exit code from
``handout.cli.main``, with no traceback and no PDF (not even a partial one) at the
refused handout's path; a per-language refusal leaves the other languages built.
Text that only looks like markup or code is printed as text.

The engine bugs this corpus found (control characters, .po line numbers off by one,
unterminated .po strings accepted, CSS injection through a carriage return, a stray %
in a template message, relative stylesheet URLs, Latin runs misread in Arabic) are
fixed; each test now guards its fix.
"""

from __future__ import annotations

import contextlib
import errno
import html
import io
import os
import re
import shutil
import socket
import stat
import subprocess
import tempfile
import time
import tracemalloc
import unicodedata
from pathlib import Path

import pikepdf
import pytest
from babel.messages.pofile import escape as po_escape
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from handout.content.markup import CITATION_RE, LINK_RE
from handout.limits import TRANSLATION_FACTOR, TRANSLATION_SLACK
from handout.rendering.fonts import coverage, load_font_stacks
from handout.translation.qa import PLACEHOLDER_RE

from .support.catalogs import add_language, break_catalog, catalog, fill
from .support.pdf import pdf_text, squash, structure_paragraphs
from .support.projects import MINI_GUIDE, build, handout_path, make_project
from .support.sandbox import (
    QUICK,
    assert_contained,
    assert_no_pdf_or_part,
    refusal_line,
    unexpected_opens,
)

CORPUS = Path(__file__).resolve().parent / "hostile"
# What a malicious translator might put in a msgstr, keyed by the msgid it replaces.
HOSTILE_MSGSTR = {
    "Script 1.": "<script>alert(1)</script>",
    "Image here.": '<img src="file:///etc/passwd">',
    "Attachment here.": '<link rel="attachment" href="/etc/passwd">',
    "Link 1.": '<a href="javascript:alert(1)">x</a>',
    "Template 7 and 7.": "{{ 7*7 }}",
    "Raw here.": "{% raw %}",
}


# -- what a PDF can do besides print ---------------------------------------------------

def walk_pdf(document: pikepdf.Pdf):
    """Every dictionary or array of a PDF: the indirect objects and what they hold."""
    def walk(obj):
        yield obj
        if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
            children = list(obj.values())
        elif isinstance(obj, pikepdf.Array):
            children = list(obj)
        else:
            return
        for child in children:
            if isinstance(child, (pikepdf.Dictionary, pikepdf.Array, pikepdf.Stream)) \
                    and not child.is_indirect:
                yield from walk(child)

    for obj in document.objects:
        yield from walk(obj)


def active_content(path: Path) -> list[str]:
    """Attachments, scripts, actions and non-web links in a PDF; [] for a safe one."""
    found = []
    with pikepdf.open(path) as document:
        for obj in walk_pdf(document):
            if not isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
                continue
            for key in ("/EmbeddedFiles", "/EmbeddedFile", "/AF", "/JS", "/JavaScript",
                        "/OpenAction", "/AA", "/Launch", "/RichMedia", "/XFA"):
                if key in obj:
                    found.append(f"{key} in {obj.objgen}")
            if obj.get("/Subtype") in ("/FileAttachment", "/Movie", "/Sound", "/Screen"):
                found.append(f"{obj.get('/Subtype')} annotation")
            if obj.get("/Type") in ("/Filespec", "/EmbeddedFile"):
                found.append(f"{obj.get('/Type')} object")
            if obj.get("/S") in ("/JavaScript", "/Launch", "/ImportData", "/SubmitForm",
                                 "/GoToR", "/GoToE"):
                found.append(f"{obj.get('/S')} action")
            if "/URI" in obj:
                uri = str(obj.URI)
                if not uri.lower().startswith(("https://", "http://", "mailto:")):
                    found.append(f"/URI {uri}")
    return found


def uris(path: Path) -> set[str]:
    with pikepdf.open(path) as document:
        return {str(obj.URI) for obj in walk_pdf(document)
                if isinstance(obj, pikepdf.Dictionary) and "/URI" in obj}


# == 1. broken YAML, wrong types, unknown keys (extending test_bad_input.py) ==========

G = MINI_GUIDE
FIGURE = "      - type: figure\n        src: {}\n        alt: x\n"
CONTENT_CASES = {
    # name: (guide.yaml text, "guide.yaml:LINE" or "guide.yaml", expected problem)
    "tab indentation": (G.replace("    heading: What", "\theading: What"),
                        "guide.yaml:12", "found character '\\t' that cannot start any token"),
    "unclosed quote": (G.replace("heading: What is it?", 'heading: "What is it?'),
                       "guide.yaml:20", "YAML syntax error"),
    "two documents": (G + "---\nid: other\n", "guide.yaml:20", "but found another document"),
    "a list, not a mapping": ("- id: mini\n- sections: []\n", "guide.yaml:1",
                              "the guide must be a mapping"),
    "empty file": ("", "guide.yaml", "file is empty"),
    "only a comment": ("# TODO\n", "guide.yaml", "file is empty"),
    "python object tag": (G.replace("id: mini", "id: !!python/object/apply:os.system "
                                               "['touch PWNED']"),
                          "guide.yaml:1", "could not determine a constructor"),
    "python tag deep inside": (G.replace("heading: What is it?",
                                         "heading: !!python/object/new:os.system [x]"),
                               "guide.yaml:12", "could not determine a constructor"),
    "unknown top-level key": (G + "autor: me\n", "guide.yaml:20", "unknown key 'autor' in guide"),
    "unknown section key": (G.replace("    heading: What is it?\n",
                                      "    heading: What is it?\n    headng: x\n"),
                            "guide.yaml:13", "unknown key 'headng' in section"),
    "unknown block key": (G.replace("        text: See", "        txt: x\n        text: See"),
                          "guide.yaml:19", "unknown key 'txt' in paragraph block"),
    "unknown block type": (G.replace("      - type: paragraph\n        text: See",
                                     "      - type: script\n        text: See"),
                           "guide.yaml:18", "unknown block type 'script'"),
    "date not a date": (G.replace("content_date: 2026-11-25", "content_date: 25/11/2026"),
                        "guide.yaml:4", "content_date must be a date written YYYY-MM-DD"),
    "id with a path": (G.replace("id: mini", "id: ../../etc"), "guide.yaml:1",
                       "id must be lower-case letters"),
    "language with a path": (G.replace("source_language: en", "source_language: ../../etc"),
                             "guide.yaml:2", "unknown language code '../../etc'"),
    "ordered not a boolean": (G + '      - type: list\n        ordered: "yes"\n'
                                  "        items: [a]\n",
                              "guide.yaml:21", "'ordered' must be true or false"),
    "absurd number of lines": (G + "      - type: questions\n        lines: 1000000\n"
                                   "        items: [a]\n",
                               "guide.yaml:21", "'lines' must be a whole number from 0 to 12"),
    "audiences a string": (G.replace("    heading: What is it?\n",
                                     "    heading: What is it?\n    audiences: teen\n"),
                           "guide.yaml:13", "audiences must be a non-empty list"),
    "date where text belongs": (G.replace("  teen: Mini and you", "  teen: 2026-11-25"),
                                "guide.yaml:6", "text for 'teen' must be a string, not a date"),
    "duplicate key": (G.replace("    heading: What is it?\n",
                                "    heading: What is it?\n    heading: Again\n"),
                      "guide.yaml:13", "duplicate key 'heading'"),
    "list as mapping key": (G.replace("    heading: What is it?\n",
                                      "    heading: What is it?\n    ? [a, b]\n    : c\n"),
                            "guide.yaml:13", "a mapping key must be plain text"),
    "text over 4000 characters": (G.replace("text: See [the site]", "text: " + "word " * 900
                                            + "See [the site]"),
                                  "guide.yaml:19", "more than 4000"),
    "image outside the guide": (G + FIGURE.format("../../../../../../etc/passwd"),
                                "guide.yaml:21", "is outside the guide folder"),
    "image by absolute path": (G + FIGURE.format("/etc/passwd"),
                               "guide.yaml:21", "is outside the guide folder"),
    "image symlinked to /etc/passwd": (G + FIGURE.format("pic.svg"),
                                       "guide.yaml:21", "is outside the guide folder"),
    "references outside the guide": (G.replace("references: refs.json",
                                               "references: ../../../../../../etc/passwd"),
                                     "guide.yaml:9", "not found in the guide folder"),
}


@pytest.mark.parametrize("case", CONTENT_CASES)
def test_bad_content_refused_with_file_and_line(case, tmp_path, capsys, monkeypatch):
    text, where, problem = CONTENT_CASES[case]
    monkeypatch.chdir(tmp_path)            # where '!!python/object/apply' would write
    project = make_project(tmp_path, text)
    if "symlinked" in case:
        (project.guides / "mini" / "pic.svg").symlink_to("/etc/passwd")
    out = tmp_path / "out"
    code = build(project, out, "--lang", "en")
    err = capsys.readouterr().err
    assert code != 0
    refusal_line(err, where, problem)
    assert_no_pdf_or_part(out, handout_path(out, "en"))
    assert not (tmp_path / "PWNED").exists()


def test_references_not_json_names_its_line(tmp_path, capsys):
    project = make_project(tmp_path, MINI_GUIDE, references='[\n {"id": "a",\n "title": }\n]')
    out = tmp_path / "out"
    assert build(project, out, "--lang", "en") != 0
    refusal_line(capsys.readouterr().err, "refs.json:3", "invalid JSON")
    assert_no_pdf_or_part(out, handout_path(out, "en"))


def test_guide_not_utf8_refused(tmp_path, capsys):
    project = make_project(tmp_path, MINI_GUIDE)
    source = project.guides / "mini" / "guide.yaml"
    source.write_bytes(MINI_GUIDE.replace("What is it?", "What is it\xe9?").encode("latin-1"))
    out = tmp_path / "out"
    assert build(project, out, "--lang", "en") != 0
    refusal_line(capsys.readouterr().err, "guide.yaml", "not valid UTF-8")
    assert_no_pdf_or_part(out, handout_path(out, "en"))


@pytest.mark.parametrize("char", ["\x00", "\x07"])
def test_control_character_in_guide_refused_with_line(char, tmp_path, capsys):
    project = make_project(tmp_path, MINI_GUIDE.replace("What is it?", f"What{char} is it?"))
    out = tmp_path / "out"
    code = build(project, out, "--lang", "en")
    err = capsys.readouterr().err
    assert code != 0
    refusal_line(err, "guide.yaml:12", f"U+{ord(char):04X}")
    assert_no_pdf_or_part(out, handout_path(out, "en"))


def test_huge_integer_refused_with_line(tmp_path, capsys):
    project = make_project(tmp_path, MINI_GUIDE.replace('content_version: "1.0"',
                                                        "content_version: " + "9" * 5000))
    out = tmp_path / "out"
    code = build(project, out, "--lang", "en")
    err = capsys.readouterr().err
    assert code != 0
    refusal_line(err, "guide.yaml:3")
    assert_no_pdf_or_part(out, handout_path(out, "en"))


# == 2. broken .po syntax: that language refused, the others built ===================

@pytest.mark.parametrize("how", ["garbage line", "msgstr missing"])
def test_broken_po_refuses_only_its_language(how, translated, tmp_path, capsys):
    break_catalog(catalog(translated, "fr"), how)
    out = tmp_path / "out"
    code = build(translated, out, "--lang", "fr", "--lang", "es", "--lang", "en")
    err = capsys.readouterr().err
    assert code != 0
    line = refusal_line(err, "mini/fr: not built", "fr/LC_MESSAGES/mini.po:", "broken .po syntax")
    assert re.search(r"mini\.po:\d+: ", line), line
    assert_no_pdf_or_part(out, handout_path(out, "fr"))
    assert handout_path(out, "es").is_file() and handout_path(out, "en").is_file()


def test_broken_po_is_only_a_note_in_a_default_build(translated, tmp_path, capsys):
    break_catalog(catalog(translated, "fr"), "garbage line")
    out = tmp_path / "out"
    code = build(translated, out)
    err = capsys.readouterr().err
    assert code == 0                  # nothing was asked for explicitly
    refusal_line(err, "note: mini/fr: not built", "fr/LC_MESSAGES/mini.po:")
    assert_no_pdf_or_part(out, handout_path(out, "fr"))
    assert handout_path(out, "es").is_file() and handout_path(out, "en").is_file()


@pytest.mark.parametrize("how", ["garbage line", "msgstr missing"])
def test_broken_po_names_the_right_line(how, translated, tmp_path, capsys):
    line = break_catalog(catalog(translated, "fr"), how)
    assert build(translated, tmp_path / "out", "--lang", "fr") != 0
    refusal_line(capsys.readouterr().err, f"fr/LC_MESSAGES/mini.po:{line}: ")


def test_unterminated_po_string_refused(translated, tmp_path, capsys):
    line = break_catalog(catalog(translated, "fr"), "unterminated string")
    out = tmp_path / "out"
    code = build(translated, out, "--lang", "fr", "--lang", "en")
    err = capsys.readouterr().err
    assert handout_path(out, "en").is_file()
    assert code != 0
    refusal_line(err, f"fr/LC_MESSAGES/mini.po:{line}")
    assert_no_pdf_or_part(out, handout_path(out, "fr"))


@pytest.mark.parametrize("how", ["not utf-8", "too big"])
def test_unreadable_po_refuses_only_its_language(how, translated, tmp_path, capsys):
    po = catalog(translated, "fr")
    if how == "not utf-8":
        po.write_bytes(po.read_bytes().replace(b"Write here.", b"\xe9crire ici."))
        problem = "not valid UTF-8"
    else:
        with po.open("a", encoding="utf-8") as stream:
            stream.write(("# padding " + "x" * 1000 + "\n") * 6000)
        problem = "more than the 5,000,000 allowed"
    out = tmp_path / "out"
    code = build(translated, out, "--lang", "fr", "--lang", "en")
    err = capsys.readouterr().err
    assert code != 0
    refusal_line(err, "mini/fr: not built", "fr/LC_MESSAGES/mini.po", problem)
    assert_no_pdf_or_part(out, handout_path(out, "fr"))
    assert handout_path(out, "en").is_file()


@pytest.mark.parametrize("target", ["javascript:alert(1)", "file:///etc/passwd"])
def test_translator_cannot_swap_a_link_target(target, translated, tmp_path, capsys):
    source = "See [the site](https://example.org) for 13 of 18 people [@b]."
    fill(catalog(translated, "fr"), {(None, source): f"Voir [le site]({target}) pour 13 "
                                                    "sur 18 personnes [@b]."})
    out = tmp_path / "out"
    assert build(translated, out, "--lang", "fr", "--lang", "en") != 0
    refusal_line(capsys.readouterr().err, "fr/LC_MESSAGES/mini.po:", "link targets differ")
    assert_no_pdf_or_part(out, handout_path(out, "fr"))
    assert handout_path(out, "en").is_file()


# == 3. markup and template code in a catalog are text ================================

def test_hostile_msgstr_prints_as_text_and_adds_no_active_content(translated, tmp_path, capsys,
                                                                  audit):
    overrides = {(None, msgid): msgstr for msgid, msgstr in HOSTILE_MSGSTR.items()}
    overrides[("teen", "Mini and you")] = '<b onload="alert()">Mini</b> & "you" </style>'
    fill(catalog(translated, "es"), overrides)
    out = tmp_path / "out"
    with audit.recording():
        code = build(translated, out, "--lang", "es", "--lang", "en")
    assert code == 0, capsys.readouterr().err
    assert_contained(audit, tmp_path)

    spanish = handout_path(out, "es")
    text = squash(pdf_text(spanish))
    for payload in HOSTILE_MSGSTR.values():
        assert squash(payload) in text, payload
    assert "49" not in text                          # {{ 7*7 }} was not evaluated
    assert squash('<b onload="alert()">Mini</b> & "you" </style>') in text
    with pikepdf.open(spanish) as pdf:
        assert str(pdf.docinfo["/Title"]) == '<b onload="alert()">Mini</b> & "you" </style>'

    english = handout_path(out, "en")
    assert squash("Links [x](javascript:alert(1)) and [y](file:///etc/passwd) stay text.") \
        in squash(pdf_text(english))
    for path in (spanish, english):
        assert active_content(path) == [], path
        assert uris(path) == {"https://example.org", "https://example.org/page"}


def test_active_content_check_is_not_blind(tmp_path):
    """The checker above finds what it looks for, in a PDF made to have all of it."""
    document = pikepdf.new()
    document.add_blank_page()
    document.attachments["passwd"] = pikepdf.AttachedFileSpec(document, b"root:x:0:0")
    document.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS="alert(1)")
    document.pages[0].Annots = document.make_indirect(pikepdf.Array([pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[0, 0, 10, 10],
        A=pikepdf.Dictionary(S=pikepdf.Name.URI, URI="javascript:alert(1)"))]))
    path = tmp_path / "bad.pdf"
    document.save(path)
    found = " ".join(active_content(path))
    for needle in ("/EmbeddedFiles", "/Filespec", "/OpenAction", "/JavaScript action",
                   "/URI javascript:alert(1)"):
        assert needle in found, found


def test_carriage_return_in_title_cannot_inject_css(translated, tmp_path, capsys):
    fill(catalog(translated, "es"),
         {("teen", "Mini and you"): "Mini\r; } } .status { display: none } @page { x: "})
    out = tmp_path / "out"
    code = build(translated, out, "--lang", "es")
    err = capsys.readouterr().err
    assert "Traceback" not in err
    if code != 0:                                   # refusing the catalog is fine too
        refusal_line(err, "es/LC_MESSAGES/mini.po")
        return
    text = squash(pdf_text(handout_path(out, "es")))
    assert squash("This translation has not yet been reviewed") in text
    assert squash("For teenagers") in text.split(squash("Who this is for:"), 1)[0]


def test_percent_sign_in_template_message_refused_with_line(translated, tmp_path, capsys):
    fill(catalog(translated, "es", "handout"),
         {(None, "%(version)s, %(date)s"): "%(version)s {% raw %} %(date)s"})
    out = tmp_path / "out"
    code = build(translated, out, "--lang", "es")
    err = capsys.readouterr().err
    assert code != 0
    line = refusal_line(err, "es/LC_MESSAGES/handout.po:")
    assert "internal error" not in line
    assert_no_pdf_or_part(out, handout_path(out, "es"))


# == 4. a stylesheet reaching for files or the network ================================

def _hostile_stylesheet(project, url: str, how: str) -> None:
    css = project.styles / "handout.css.j2"
    text = css.read_text("utf-8")
    if how == "background":
        text = text.replace("body {\n", f"body {{\n  background: url({url});\n", 1)
    else:
        text = f"@import url({url});\n" + text
    css.write_text(text, "utf-8")


REFUSED_URLS = ["file:///etc/passwd", "http://example.com/x.png", "https://example.com/x.png",
                "file://localhost/etc/passwd", "ftp://example.com/x.png",
                "data:image/png;base64,iVBORw0KGgo="]
RELATIVE_URLS = ["/etc/passwd", "../../../../../../../../etc/passwd", "//example.com/x.png"]


@pytest.mark.parametrize("how", ["background", "import"])
@pytest.mark.parametrize("url", REFUSED_URLS + RELATIVE_URLS)
def test_stylesheet_url_refused_naming_it(url, how, tmp_path, capsys):
    project = make_project(tmp_path, MINI_GUIDE)
    _hostile_stylesheet(project, url, how)
    out = tmp_path / "out"
    code = build(project, out, "--lang", "en")
    err = capsys.readouterr().err
    assert code != 0
    line = refusal_line(err, "mini/en/teen", "refused to fetch")
    assert url.lstrip("./") in line        # a relative URL is named once resolved
    assert_no_pdf_or_part(out, handout_path(out, "en"))


@pytest.mark.parametrize("url", REFUSED_URLS + RELATIVE_URLS)
def test_stylesheet_url_never_opens_the_file_or_the_network(url, tmp_path, capsys, audit):
    project = make_project(tmp_path, MINI_GUIDE)
    _hostile_stylesheet(project, url, "background")
    with audit.recording():
        build(project, tmp_path / "out", "--lang", "en")
    assert "Traceback" not in capsys.readouterr().err
    assert_contained(audit, tmp_path)


# == 5. YAML bombs and absurd nesting =================================================

def _bombs() -> dict[str, str]:
    block = "".join("  " * i + f"level{i}:\n" for i in range(200)) + "  " * 200 + "bottom\n"
    return {
        "billion laughs": (CORPUS / "billion_laughs.yaml").read_text("utf-8"),
        "merge-key bomb": (CORPUS / "merge_key_bomb.yaml").read_text("utf-8"),
        "200 nested flow sequences": (CORPUS / "nested_flow_200.yaml").read_text("utf-8"),
        "200 nested block mappings": block,
        "100,000 nested flow sequences": "id: " + "[" * 100_000 + "]" * 100_000 + "\n",
        "100,000 unclosed flow sequences": "id: " + "[" * 100_000 + "\n",
    }


BOMB_PROBLEM = {"billion laughs": "too many YAML aliases",
                "merge-key bomb": "too many YAML aliases"}


@pytest.mark.parametrize("target", ["guide/mini/guide.yaml", "styles/fonts.yaml"])
@pytest.mark.parametrize("bomb", list(_bombs()))
def test_yaml_bomb_refused_quickly(bomb, target, tmp_path, capsys):
    project = make_project(tmp_path, MINI_GUIDE)
    (project.root / target).write_text(_bombs()[bomb], "utf-8")
    out = tmp_path / "out"
    started = time.perf_counter()
    code = build(project, out, "--lang", "en")
    elapsed = time.perf_counter() - started
    err = capsys.readouterr().err
    assert code != 0
    assert elapsed < QUICK, elapsed
    refusal_line(err, Path(target).name + ":", BOMB_PROBLEM.get(bomb, "YAML nested deeper than"))
    assert_no_pdf_or_part(out, handout_path(out, "en"))


# == 6. a 50 MB file ==================================================================

def _write_big(path: Path, size: int, head: str = "") -> None:
    chunk = ("# " + "padding " * 127 + "\n").encode()          # 1 KiB of comment
    with path.open("wb") as stream:
        stream.write(head.encode())
        for _ in range(size // len(chunk) + 1):
            stream.write(chunk)


@pytest.mark.parametrize("target", ["guide/mini/guide.yaml", "guide/mini/refs.json"])
def test_50_mb_input_refused_by_size_without_reading_it(target, tmp_path, capsys):
    project = make_project(tmp_path, MINI_GUIDE)
    path = project.root / target
    _write_big(path, 50 * 1024 * 1024, MINI_GUIDE if target.endswith(".yaml") else "")
    size = path.stat().st_size
    out = tmp_path / "out"
    tracemalloc.start()
    started = time.perf_counter()
    try:
        code = build(project, out, "--lang", "en")
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    err = capsys.readouterr().err
    assert code != 0
    assert elapsed < QUICK, elapsed
    assert peak < 10 * 1024 * 1024, f"peak {peak:,} bytes: the file was read"
    refusal_line(err, Path(target).name, f"file is {size:,} bytes, more than the 2,000,000 allowed")
    assert_no_pdf_or_part(out, handout_path(out, "en"))


# == 7. a full build touches nothing outside its folders ==============================

def test_full_build_opens_nothing_outside_and_never_connects(translated, tmp_path, capsys, audit):
    # --jobs 1 (in build()): worker processes would record into their own copy of the log.
    add_language(translated, "zh", {})                   # a system font, found by fc-match
    with audit.recording():
        code = build(translated, tmp_path / "out", "--lang", "en", "--lang", "es",
                     "--lang", "zh")
    assert code == 0, capsys.readouterr().err
    opened = audit.opened()
    assert any(p.endswith("guide.yaml") for p in opened)          # the hook saw the build
    assert any(p.endswith("zh/LC_MESSAGES/mini.po") for p in opened)
    assert_contained(audit, tmp_path)


def test_audit_log_sees_files_sockets_and_programs(tmp_path, audit):
    with audit.recording():
        Path("/etc/passwd").read_bytes()
        socket.socket().close()                           # raises socket.__new__
        subprocess.run(["true"], check=True)
    assert "/etc/passwd" in audit.opened()
    assert [event for event, _ in audit.network()] == ["socket.__new__"]
    assert audit.programs() == ["true"]
    with pytest.raises(AssertionError):
        assert_contained(audit, tmp_path)


def test_audit_allow_list_is_not_a_blank_cheque(tmp_path):
    temp = Path(tempfile.gettempdir())
    assert unexpected_opens(["/etc/passwd", "/etc/shadow", str(Path.home() / ".ssh/id_rsa"),
                             str(temp / "secrets.txt"), "/proc/self/environ"], tmp_path) == [
        "/etc/passwd", "/etc/shadow", str(Path.home() / ".ssh/id_rsa"),
        str(temp / "secrets.txt"), "/proc/self/environ"]


# == 8. a script without fonts ========================================================

def test_language_without_a_font_stack_refused_naming_script(translated, tmp_path, capsys):
    add_language(translated, "hi", {("teen", "Ask your care team [@b]."):
                                    "अपनी देखभाल टीम से पूछें [@b]।",
                                    (None, "Write here."): "यहाँ लिखें।"})
    out = tmp_path / "out"
    code = build(translated, out, "--lang", "hi", "--lang", "en")
    err = capsys.readouterr().err
    assert code != 0
    refusal_line(err, "mini/hi/teen", "styles/fonts.yaml", "Deva script", "'Deva:' font stack")
    assert_no_pdf_or_part(out, handout_path(out, "hi"))
    assert handout_path(out, "en").is_file()


# == 9. an output folder that cannot be written =======================================

def test_output_under_a_regular_file_is_one_readable_error(tmp_path, capsys):
    project = make_project(tmp_path, MINI_GUIDE)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the output folder's parent should be")
    code = build(project, blocker / "out", "--lang", "en")
    err = capsys.readouterr().err
    assert code != 0
    refusal_line(err, str(blocker / "out"), "cannot write to the output folder")
    assert blocker.read_text() == "a file where the output folder's parent should be"


def test_read_only_output_folder_is_one_readable_error(tmp_path, capsys):
    project = make_project(tmp_path, MINI_GUIDE)
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o500)
    try:
        if os.access(out, os.W_OK):
            pytest.skip("running as root: chmod does not stop writes (see the test above)")
        code = build(project, out, "--lang", "en")
        err = capsys.readouterr().err
        assert code != 0
        refusal_line(err, "Permission denied")
        assert list(out.rglob("*")) == []
    finally:
        out.chmod(stat.S_IRWXU)


# == 10. disk full ====================================================================

def test_disk_full_keeps_the_previous_handout(tmp_path, capsys, monkeypatch):
    project = make_project(tmp_path, MINI_GUIDE)
    out = tmp_path / "out"
    assert build(project, out, "--lang", "en") == 0
    path = handout_path(out, "en")
    before = path.read_bytes()
    capsys.readouterr()

    def no_space(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    code = build(project, out, "--lang", "en", "--force")
    monkeypatch.undo()
    err = capsys.readouterr().err
    assert code != 0
    refusal_line(err, "mini/en/teen", "No space left on device")
    assert path.read_bytes() == before
    assert_no_pdf_or_part(out)


def test_disk_full_on_a_first_build_leaves_nothing(tmp_path, capsys, monkeypatch):
    project = make_project(tmp_path, MINI_GUIDE)
    out = tmp_path / "out"

    def no_space(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    code = build(project, out, "--lang", "en")
    monkeypatch.undo()
    err = capsys.readouterr().err
    assert code != 0
    refusal_line(err, "No space left on device")
    assert_no_pdf_or_part(out, handout_path(out, "en"))


def test_neutral_run_in_arabic_reads_logically(translated, tmp_path, capsys):
    text = "\u062c\u064a\u0646 \u00abGNAS\u00bb (OMIM) \u0646\u0627\u062f\u0631"
    add_language(translated, "ar", {(None, "Write here."): text})
    out = tmp_path / "out"
    assert build(translated, out, "--lang", "ar") == 0, capsys.readouterr().err
    assert squash(text) in [squash(p) for p in structure_paragraphs(handout_path(out, "ar"))]


# == 11. random text goes through catalog -> HTML -> PDF intact ======================

# Covered by the shipped fonts (checked below against styles/fonts.yaml).
LATIN = [chr(c) for c in range(0x41, 0x5B)] + [chr(c) for c in range(0x61, 0x7B)] + [
    chr(c) for c in range(0xC0, 0x100) if c not in (0xD7, 0xF7)] + ["\u03b1"]
COMBINING = ["\u0300", "\u0301", "\u0302", "\u0308"]            # after a Latin letter only
ARABIC = [chr(c) for c in range(0x0621, 0x064B)]
ARABIC_MARKS = ["\u064e", "\u064f", "\u0650"]                   # fatha, damma, kasra
CJK = [chr(c) for c in range(0x4E00, 0x5000)]
PUNCTUATION = list("*_[]()<>&\"'{}%.,;:!?-")
SCRIPTS = {"fr": "Latn", "ar": "Arab", "zh": "Hans"}


def _covered(project, script: str, chars: list[str]) -> list[str]:
    table = coverage(load_font_stacks(project.styles)[script])
    return [c for c in chars if ord(c) in table]


def _words(letters, marks=()):
    letter = st.sampled_from(letters)
    cluster = st.tuples(letter, st.sampled_from(list(marks) or [""])).map("".join) \
        if marks else letter
    return st.lists(cluster, min_size=1, max_size=8).map("".join)


def _text(letters, marks=(), glued=False):
    if glued:
        # Right-to-left: punctuation only next to a letter, and no '*' or '_', so every
        # run of text carries an Arabic letter. A run without one gets no /ActualText
        # and reads back in visual order (see test_neutral_run_in_arabic_reads_logically).
        punctuation = [""] + [c for c in PUNCTUATION if c not in "*_"]
        token = st.tuples(st.sampled_from(punctuation), _words(letters, marks),
                          st.sampled_from(punctuation)).map("".join)
        space = st.just(" ")
    else:
        token = st.one_of(_words(letters, marks), st.sampled_from(PUNCTUATION))
        space = st.sampled_from([" ", "", ""])
    return st.lists(st.tuples(token, space), min_size=1, max_size=14).map(
        lambda parts: "".join(t + s for t, s in parts).strip())


def strip_marks(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text)
                   if not unicodedata.combining(c))


def visible(text: str) -> str:
    """What a reader sees of a message: the engine's Markdown subset, tags removed."""
    md = MarkdownIt("zero", {"html": False, "linkify": False, "typographer": False})
    md.enable(["emphasis", "link", "escape", "backticks"])
    md.validateLink = lambda url: url.lower().startswith(("https://", "http://", "mailto:"))
    return html.unescape(re.sub(r"<[^>]+>", "", md.renderInline(text)))


@pytest.fixture(scope="module")
def property_project(catalog_template, tmp_path_factory):
    root = tmp_path_factory.mktemp("property") / "project"
    shutil.copytree(catalog_template.root, root, symlinks=True)
    project = type(catalog_template)(root)
    for language in ("ar", "zh"):
        add_language(project, language, {})
    alphabets = {
        "fr": (_covered(project, "Latn", LATIN), _covered(project, "Latn", COMBINING)),
        "ar": (_covered(project, "Arab", ARABIC), _covered(project, "Arab", ARABIC_MARKS)),
        "zh": (_covered(project, "Hans", CJK), []),
    }
    assert all(len(letters) > 30 for letters, _ in alphabets.values()), alphabets
    return project, alphabets


# No shrinking: each example is a build, and a failure prints its example anyway.
@settings(max_examples=15, deadline=None, derandomize=True, database=None,
          phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(data=st.data())
def test_random_text_survives_catalog_html_pdf(property_project, data):
    project, alphabets = property_project
    language = data.draw(st.sampled_from(sorted(SCRIPTS)), label="language")
    letters, marks = alphabets[language]
    text = data.draw(_text(letters, marks, glued=language == "ar"), label="msgstr")
    # The catalog check refuses what changes links, citations, bold or placeholders,
    # and a translation much longer than its source; those refusals are tested
    # elsewhere (test_trust.py for the length).
    assume(text and visible(text).strip())
    assume(len(text) <= TRANSLATION_FACTOR * len("Write here.") + TRANSLATION_SLACK)
    assume(not LINK_RE.search(text) and not CITATION_RE.search(text)
           and "**" not in text and not PLACEHOLDER_RE.search(text))

    po = catalog(project, language)
    source = po.read_text("utf-8")
    entry = re.compile(r'^msgid "Write here\."\nmsgstr .*$', re.M)
    po.write_text(entry.sub(lambda _m: f'msgid "Write here."\nmsgstr {po_escape(text)}', source),
                  "utf-8")
    out = project.root.parent / "out"
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = build(project, out, "--lang", language, "--force")
    assert "Traceback" not in err.getvalue()
    if code != 0 and "no font in the" in err.getvalue():
        refusal_line(err.getvalue(), "U+")        # a refusal by design, not a crash
        return
    assert code == 0, (text, err.getvalue())
    path = handout_path(out, language)
    expected = squash(visible(text))
    # As a screen reader reads it: the structure tree's paragraphs, with /ActualText
    # for right-to-left runs (shaped Arabic glyphs do not map back to text in order).
    logical = squash("".join(structure_paragraphs(path)))
    assert expected in logical, (text, expected, logical[:400])
    if language != "ar":
        # And as the page shows it. A combining mark the first font lacks is drawn from
        # the next one, unattached, and layout-based extraction puts it on a line of its
        # own; marks are compared through the structure tree above.
        shown = strip_marks(squash(pdf_text(path)))
        assert strip_marks(expected) in shown, (text, expected, shown[:400])
