"""The POH guide: citations resolve, readability targets hold, glossaries fit their text."""

from __future__ import annotations

import re

import pytest

from handout.content.load import load_guide
from handout.content.markup import citation_keys
from handout.content.readability import readability
from handout.content.select import select

SEED_REFERENCES = {"s03", "s08", "s04", "s12", "s27"}


@pytest.fixture(scope="module")
def guide(project):
    return load_guide(project.guide_folder("poh"))


def test_every_reference_is_cited_and_every_key_resolves(guide):
    cited = {key for audience in ("teen", "parent", "clinician")
             for message in select(guide, audience).messages()
             for key in citation_keys(message.msgid)}
    assert cited == set(guide.references)
    assert SEED_REFERENCES <= cited
    assert guide.warnings == ()


@pytest.mark.parametrize("audience,target", [("teen", 6.0), ("parent", 8.0)])
def test_readability_targets(guide, audience, target):
    result = readability(guide, audience)
    assert result.words > 300
    assert result.grade <= target


def test_shipped_guide_passes_lint(guide):
    from handout.content.lint import lint_guide

    assert [str(p) for p in lint_guide(guide)] == []


@pytest.mark.parametrize("audience", ["teen", "parent", "clinician"])
def test_every_version_opens_with_its_answer(guide, audience):
    first = select(guide, audience).sections[0].blocks[0]
    assert first.kind == "key_points" and 3 <= len(first.items) <= 6
    text = " ".join(m.msgid for m in first.items).replace("\u00a0", " ")
    assert "PHP1a" in text
    if audience != "clinician":
        assert "1 in 2" in text and "choice" in text and "counselor" in text


@pytest.mark.parametrize("audience", ["teen", "parent"])
def test_glossary_holds_only_terms_the_version_uses(guide, audience):
    selection = select(guide, audience)
    assert len(selection.glossary) >= 5
    body = " ".join(m.msgid for m in selection.messages()
                    if m not in {e.term for e in selection.glossary}
                    | {e.definition for e in selection.glossary}).lower()
    entries = {text: e for e in guide.glossary for text in e.term.variants.values()}
    for entry in selection.glossary:
        matches = entries[entry.term.msgid].matches
        assert any(re.search(r"(?<![\w-])" + re.escape(m) + r"(?![\w-])", body)
                   for m in matches), entry.term.msgid


def test_clinician_has_no_glossary(guide):
    assert select(guide, "clinician").glossary == ()


def test_no_harmful_wording(guide):
    text = " ".join(m.msgid for a in ("teen", "parent", "clinician")
                    for m in select(guide, a).messages()).lower()
    for phrase in ("bleak", "turning to stone", "turn to bone", "amputat"):
        assert phrase not in text
