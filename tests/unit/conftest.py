"""Fixtures of the fast unit layer: a tiny guide written to tmp_path and loaded,
nothing rendered. (The session fixtures of tests/conftest.py build PDFs; none is
used here.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from handout.content.load import load_guide
from handout.content.model import Guide

TINY_REFERENCES = """[
 {"id": "a", "type": "webpage", "title": "A page", "author": [{"literal": "Org"}],
  "URL": "https://example.org/a"}
]"""

# Every way a text, a block or a section can be limited to some audiences.
TINY_GUIDE = """id: tiny
source_language: en
content_version: "1.0"
content_date: 2026-01-02
title:
  teen: Tiny and you
  parent: Tiny for parents
  clinician: Tiny, clinical summary
short_title:
  all: Tiny
  clinician: Tiny (clinical)
subtitle:
  parent: What parents can do
references: refs.json
glossary:
  - term: Gene
    definition: A piece of the body's instructions.
  - term: bone
    definition: The hard frame of the body.
    matches: [bone, bones]
  - term: scan
    definition: A picture of the inside of the body.
sections:
  - id: intro
    heading: What is it?
    blocks:
      - type: paragraph
        text:
          all: Each child has a 50% chance of the gene [@a].
          teen: You have a rare condition of the bones [@a].
      - type: paragraph
        text:
          teen: Only teenagers read this.
      - type: paragraph
        audiences: [clinician]
        text: Inheritance is autosomal dominant with a paternal-allele effect.
      - type: list
        items:
          - Shared item.
          - parent: Parent item.
            clinician: Clinician item.
      - type: list
        items:
          - teen: Teen-only item.
      - type: table
        header: [Age, What happens]
        rows:
          - ["0-2", "Skin changes."]
          - ["3+", {teen: "Bumps.", parent: "Nodules."}]
  - id: daily-life
    role: daily-life
    audiences: [teen, parent]
    heading:
      all: Living with it
      teen: Your life
    blocks:
      - type: paragraph
        audiences: [parent]
        text: Talk with the school about a gene-based, scan-free plan for sore bones.
      - type: key_points
        lead: Most days are ordinary.
        items:
          - teen: Move as you like.
"""


def write_guide(root: Path, guide_yaml: str = TINY_GUIDE,
                references: str = TINY_REFERENCES) -> Path:
    """guide/tiny/guide.yaml and its references under ``root``; the guide folder."""
    folder = root / "guide" / "tiny"
    folder.mkdir(parents=True)
    (folder / "guide.yaml").write_text(guide_yaml, "utf-8")
    (folder / "refs.json").write_text(references, "utf-8")
    return folder


@pytest.fixture
def tiny_guide(tmp_path: Path) -> Guide:
    """The tiny guide, loaded (validated) by the real loader."""
    return load_guide(write_guide(tmp_path))
