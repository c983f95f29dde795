"""Bad content: one readable message naming file and line, a non-zero exit, no PDF."""

from __future__ import annotations

import pytest

from handout.cli import main

from .conftest import MINI_GUIDE, make_project

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
                   "guide.yaml:20", "must be text"),
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


def test_uncited_reference_is_a_warning(tmp_path, capsys):
    project = make_project(tmp_path, MINI_GUIDE.replace(" [@b]", "").replace("[@b; @a]", "[@a]"))
    # The mini guide breaks lint rules added since (key points first, a citation per
    # paragraph), so lint exits 1; the uncited reference is still only a warning.
    main(["--project", str(project.root), "lint"])
    out = capsys.readouterr().out
    assert "warning: " in out and "reference 'b' is not cited anywhere" in out
    assert not any("reference 'b'" in line for line in out.splitlines()
                   if line.startswith("error:"))


@pytest.mark.parametrize("command", ["build", "lint", "verify", "extract", "init", "update",
                                     "stats", "check", "proof"])
def test_every_subcommand_has_help(command, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    assert "usage:" in capsys.readouterr().out
