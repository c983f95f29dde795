"""Throwaway projects: one guide 'mini', the real styles."""

from __future__ import annotations

import contextlib
import io
import shutil
from pathlib import Path

from handout.cli import main
from handout.matrix import paper_for
from handout.project import Project

ROOT = Path(__file__).resolve().parents[2]


def make_project(tmp_path: Path, guide_yaml: str, references: str | None = None,
                 extra: dict[str, str] | None = None) -> Project:
    """A throwaway project with one guide 'mini' and the real styles."""
    root = tmp_path / "project"
    folder = root / "guide" / "mini"
    folder.mkdir(parents=True)
    shutil.copytree(ROOT / "styles", root / "styles")
    (folder / "guide.yaml").write_text(guide_yaml, "utf-8")
    (folder / "refs.json").write_text(references or MINI_REFERENCES, "utf-8")
    for name, text in (extra or {}).items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, "utf-8")
    return Project(root)


MINI_REFERENCES = """[
 {"id": "a", "type": "article-journal", "title": "A paper",
  "author": [{"family": "Smith", "given": "John A."}], "container-title-short": "J Test",
  "issued": {"date-parts": [[2020]]}, "volume": "1", "issue": "2", "page": "3-4",
  "DOI": "10.1/x"},
 {"id": "b", "type": "webpage", "title": "A page", "author": [{"literal": "Org"}],
  "URL": "https://example.org/page"}
]"""

# Everything of the mini guide above its first block; guides for other tests add blocks.
MINI_HEADER = """id: mini
source_language: en
content_version: "1.0"
content_date: 2026-11-25
title:
  teen: Mini and you
  parent: Mini for parents
  clinician: Mini, clinical summary
references: refs.json
sections:
  - id: intro
    heading: What is it?
    blocks:
"""

MINI_GUIDE = MINI_HEADER + """      - type: paragraph
        text:
          all: Each child has a 50% chance [@a].
          teen: You have a rare condition [@b; @a].
      - type: paragraph
        text: See [the site](https://example.org) for 13 of 18 people [@b].
"""

# A figure block to append to MINI_GUIDE's last section: FIGURE.format(src).
FIGURE = "      - type: figure\n        src: {}\n        alt: A figure\n"


def handout_path(out: Path, language: str, audience: str = "teen") -> Path:
    """Where a build puts the mini guide's large-print handout, on the language's paper."""
    paper = paper_for(language, "auto")
    return out / "mini" / language / f"mini-{language}-{audience}-large-{paper}.pdf"


def build(project, out: Path, *args: str) -> int:
    """One small build: the teen handout, large print, in this process."""
    return main(["--project", str(project.root), "build", "--audience", "teen", "--jobs", "1",
                 "--out", str(out), *args])


def build_english_pdf(root):
    """The mini guide's English teen handout, built under ``root``."""
    project = make_project(root, MINI_GUIDE)
    with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
        assert build(project, root / "out", "--lang", "en") == 0
    return handout_path(root / "out", "en")
