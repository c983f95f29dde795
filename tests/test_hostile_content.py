"""Hostile input, content: guide.yaml, the references and styles/fonts.yaml written by
many hands, some careless, one day one malicious.

Every refusal is one readable line on stderr, naming the file and its line where it has
one, and a non-zero exit code from ``handout.cli.main``, with no traceback and no PDF
(not even a partial one) at the refused handout's path. YAML bombs and oversized files
are refused quickly, without being read. Bugs this corpus found in the engine (control
characters) are fixed; each test now guards its fix.

Hostile-input tests by theme: test_hostile_content.py (guide, references, styles),
test_hostile_catalogs.py (translations), test_hostile_environment.py (files and
network a build may reach) and test_hostile_output.py (the output folder).
"""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest

from .support.projects import MINI_GUIDE, build, handout_path, make_project
from .support.sandbox import QUICK, assert_no_pdf_or_part, refusal_line

CORPUS = Path(__file__).resolve().parent / "hostile"


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


# == 2. YAML bombs and absurd nesting =================================================

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


# == 3. a 50 MB file ==================================================================

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
