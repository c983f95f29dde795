"""Bad content: one readable message naming file and line, a non-zero exit, no PDF."""

from __future__ import annotations

import re

import pytest

from handout.cli import main

from .support.projects import MINI_GUIDE, MINI_REFERENCES, make_project

CASES = {
    "broken yaml": (MINI_GUIDE.replace("    heading: What is it?", "    heading: [oops"),
                    "guide.yaml:13", "YAML syntax error"),
    "unknown citation": (MINI_GUIDE.replace("[@b; @a]", "[@nosuch]"),
                         "guide.yaml:17", "unknown citation key '@nosuch'"),
    "figure without alt": (MINI_GUIDE + "      - type: figure\n        src: pic.svg\n",
                           "guide.yaml:20", "figure block is missing 'alt'"),
    "unknown audience": (MINI_GUIDE.replace("          teen: You", "          teens: You"),
                         "guide.yaml:17", "unknown audience 'teens'"),
    "wrong type": (MINI_GUIDE.replace("      - type: paragraph\n        text: See",
                                      "      - type: paragraph\n        text:\n          - See"),
                   "guide.yaml:19", "must be text or a mapping of audience to text, not a list"),
    "duplicate id": (MINI_GUIDE + "  - id: intro\n    heading: Again\n    blocks: []\n",
                     "guide.yaml:20", "duplicate section id 'intro'"),
    "alias bomb": ("a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a]\n"
                   "c: &c [*b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c]\n",
                   "guide.yaml:", "too many YAML aliases"),
}


@pytest.mark.parametrize("case", CASES)
def test_bad_content_is_refused_with_location(case, tmp_path, capsys):
    text, where, problem = CASES[case]
    extra = {"guide/mini/pic.svg": '<svg xmlns="http://www.w3.org/2000/svg"/>'}
    project = make_project(tmp_path, text, extra=extra)
    out = tmp_path / "out"
    code = main(["--project", str(project.root), "build", "--lang", "en", "--out", str(out)])
    err = capsys.readouterr().err
    assert code != 0
    assert where in err and problem in err, err
    assert "Traceback" not in err
    assert not list(out.rglob("*.pdf"))


def test_good_mini_guide_builds(tmp_path, capsys):
    project = make_project(tmp_path, MINI_GUIDE)
    out = tmp_path / "out"
    code = main(["--project", str(project.root), "build", "--out", str(out), "--jobs", "1"])
    assert code == 0, capsys.readouterr().err
    assert len(list(out.rglob("*.pdf"))) == 3


KEY_POINTS = """      - type: key_points
        lead: The main message [@a].
        items:
          - The first point [@a].
          - The second point [@a].
          - The third point [@a].
"""


def test_uncited_reference_is_a_warning(tmp_path, capsys):
    guide = MINI_GUIDE.replace(" [@b]", " [@a]").replace("[@b; @a]", "[@a]").replace(
        "    blocks:\n", "    blocks:\n" + KEY_POINTS, 1).replace("a 50% chance", "a 1 in 2 chance")
    project = make_project(tmp_path, guide)
    assert main(["--project", str(project.root), "lint"]) == 0, capsys.readouterr().out
    assert "reference 'b' is not cited anywhere" in capsys.readouterr().out


def test_lint_rejects_an_uncited_paragraph_and_an_untitled_reference(tmp_path, capsys):
    guide = MINI_GUIDE.replace("    blocks:\n", "    blocks:\n" + KEY_POINTS, 1).replace(
        "Each child has a 50% chance [@a].", "Each child has a 1 in 2 chance.")
    references = MINI_REFERENCES.replace('"title": "A page"', '"title": "[A page we read]"')
    project = make_project(tmp_path, guide, references)
    assert main(["--project", str(project.root), "lint"]) == 1
    out = capsys.readouterr().out
    assert re.search(r"guide\.yaml:\d+: .*paragraph without a citation", out), out
    assert re.search(r"refs\.json:\d+: reference 'b' has a bracketed description", out), out


@pytest.mark.parametrize("command", ["build", "lint", "verify", "extract", "init", "update",
                                     "stats", "check", "proof"])
def test_every_subcommand_has_help(command, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    assert "usage:" in capsys.readouterr().out
