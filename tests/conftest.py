"""Shared fixtures: each handout a test needs is built once per session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from handout.builder.run import Request, run_build
from handout.project import Project

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def project() -> Project:
    return Project(ROOT)


@pytest.fixture(scope="session")
def poh_guide(project):
    from handout.content.load import load_guide

    return load_guide(project.guide_folder("poh"))


@pytest.fixture(scope="session")
def english_build(project, tmp_path_factory):
    """The three English handouts in large print, plus teen in xlarge and standard."""
    out = tmp_path_factory.mktemp("english")
    plan, outcomes = run_build(project, Request(languages=("en",), out=out, jobs=2))
    _, more = run_build(project, Request(languages=("en",), audiences=("teen",),
                                         sizes=("xlarge", "standard"), out=out, jobs=2))
    failed = [o.error for o in outcomes + more if o.status == "failed"]
    assert not failed, failed
    return {(o.job.audience, o.job.size): o.path for o in outcomes + more}


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

MINI_GUIDE = """id: mini
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
      - type: paragraph
        text:
          all: Each child has a 50% chance [@a].
          teen: You have a rare condition [@b; @a].
      - type: paragraph
        text: See [the site](https://example.org) for 13 of 18 people [@b].
"""


@pytest.fixture(scope="session")
def matrix_build(project, tmp_path_factory):
    """Every shipped language × audience in large print on both papers: keyed
    (language, audience, paper), and (language, audience) for the language's own paper."""
    from handout.matrix import paper_for

    out = tmp_path_factory.mktemp("matrix")
    plan, outcomes = run_build(project, Request(papers=("a4", "letter"), out=out, jobs=2))
    failed = [o.error for o in outcomes if o.status == "failed"]
    assert not failed and not plan.failures, failed + plan.failures
    built = {(o.job.language, o.job.audience, o.job.paper): o.path for o in outcomes}
    built.update({(o.job.language, o.job.audience): o.path for o in outcomes
                  if o.job.paper == paper_for(o.job.language, "auto")})
    return built


@pytest.fixture(scope="session")
def bilingual_build(project, tmp_path_factory):
    """Bilingual parent handouts, each language followed by English: Spanish (Latin),
    Arabic (right to left) and Chinese, in standard and large print; keyed (language,
    size). Built with fallback so that a draft catalog's fuzzy entries do not stop
    them (those messages print in English, marked as English)."""
    from handout.builder.engine import BuildOptions

    out = tmp_path_factory.mktemp("bilingual")
    plan, outcomes = run_build(project, Request(
        languages=("es", "ar", "zh"), audiences=("parent",), sizes=("standard", "large"),
        bilingual=("en",), out=out, jobs=2, options=BuildOptions(allow_fallback=True)))
    failed = [o.error for o in outcomes if o.status == "failed"]
    assert not failed and not plan.failures, failed + plan.failures
    return {(o.job.language, o.job.size): o.path for o in outcomes}
