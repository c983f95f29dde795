"""Selection (handout.content.select): what each audience reads of a tiny guide, as
messages with the right context, in reading order. The guide is written to tmp_path
and loaded by the real loader (tests/unit/conftest.py); nothing is rendered."""

from __future__ import annotations

import pytest

from handout.content.select import Selection, select

pytestmark = pytest.mark.fast

AUDIENCES = ("teen", "parent", "clinician")


@pytest.fixture
def selections(tiny_guide) -> dict[str, Selection]:
    return {audience: select(tiny_guide, audience) for audience in AUDIENCES}


def texts(selection: Selection, section: str) -> list[str]:
    """Every text of a section's blocks (text, lead, items, cells) in order."""
    found = []
    for block in next(s for s in selection.sections if s.id == section).blocks:
        found += [m.msgid for m in block.texts.values()] + [m.msgid for m in block.items]
        found += [m.msgid for row in (block.header, *block.rows) for m in row]
    return found


def kinds(selection: Selection, section: str) -> list[str]:
    return [b.kind for b in next(s for s in selection.sections if s.id == section).blocks]


def test_title_short_title_and_subtitle_per_audience(selections):
    assert {a: s.title.msgid for a, s in selections.items()} == {
        "teen": "Tiny and you", "parent": "Tiny for parents",
        "clinician": "Tiny, clinical summary"}
    assert {a: s.short_title.msgid for a, s in selections.items()} == {
        "teen": "Tiny", "parent": "Tiny", "clinician": "Tiny (clinical)"}
    assert selections["parent"].subtitle.msgid == "What parents can do"
    assert selections["teen"].subtitle is None and selections["clinician"].subtitle is None


def test_an_audience_variant_replaces_the_shared_text(selections):
    assert texts(selections["teen"], "intro")[0] == \
        "You have a rare condition of the bones [@a]."
    for audience in ("parent", "clinician"):
        assert texts(selections[audience], "intro")[0] == \
            "Each child has a 50% chance of the gene [@a]."


def test_blocks_without_wording_for_the_audience_are_left_out(selections):
    assert "Only teenagers read this." in texts(selections["teen"], "intro")
    assert "Only teenagers read this." not in texts(selections["parent"], "intro")
    clinical = "Inheritance is autosomal dominant with a paternal-allele effect."
    assert clinical in texts(selections["clinician"], "intro")
    assert clinical not in texts(selections["teen"], "intro")


def test_list_items_are_chosen_one_by_one_and_an_empty_list_is_dropped(selections):
    lists = {a: [b.items for b in next(iter(s.sections)).blocks if b.kind == "list"]
             for a, s in selections.items()}
    assert [[m.msgid for m in items] for items in lists["teen"]] == [
        ["Shared item."], ["Teen-only item."]]
    assert [[m.msgid for m in items] for items in lists["parent"]] == [
        ["Shared item.", "Parent item."]]
    assert [[m.msgid for m in items] for items in lists["clinician"]] == [
        ["Shared item.", "Clinician item."]]


def test_a_table_is_shown_whole_or_not_at_all(selections):
    assert "table" in kinds(selections["teen"], "intro")
    assert "table" in kinds(selections["parent"], "intro")
    assert "table" not in kinds(selections["clinician"], "intro")   # a cell lacks wording
    assert texts(selections["parent"], "intro")[-1] == "Nodules."


def test_a_section_for_some_audiences(selections):
    assert [s.id for s in selections["clinician"].sections] == ["intro"]
    assert [s.id for s in selections["teen"].sections] == ["intro", "daily-life"]
    daily = {a: selections[a].sections[1] for a in ("teen", "parent")}
    assert daily["teen"].role == "daily-life"
    assert daily["teen"].heading.msgid == "Your life"
    assert daily["parent"].heading.msgid == "Living with it"
    assert kinds(selections["teen"], "daily-life") == ["key_points"]
    assert kinds(selections["parent"], "daily-life") == ["paragraph"]  # no key point


def test_context_is_the_audience_whenever_one_audience_reads_the_wording(selections):
    teen, parent = selections["teen"], selections["parent"]
    assert teen.title.context == "teen"
    assert parent.short_title.context is None                  # shared by all
    assert selections["clinician"].short_title.context == "clinician"
    # "Living with it" is shared, but of the section's readers only parents see it.
    assert parent.sections[1].heading.context == "parent"
    lead = teen.sections[1].blocks[0].texts["lead"]
    assert (lead.msgid, lead.context) == ("Most days are ordinary.", None)


def test_glossary_holds_the_words_the_audience_reads_sorted(selections):
    terms = {a: [e.term.msgid for e in s.glossary] for a, s in selections.items()}
    assert terms["teen"] == ["bone"]                 # "bones" is one of its matches
    assert terms["parent"] == ["bone", "Gene"]       # sorted without regard to case
    assert terms["clinician"] == []                  # clinicians get no glossary


def test_glossary_matches_whole_words_only(selections):
    # The parent handout says "gene-based" and "scan-free" but never "scan".
    assert "scan" not in [e.term.msgid for e in selections["parent"].glossary]


def test_messages_in_reading_order_with_their_line(selections):
    messages = selections["parent"].messages()
    assert [m.msgid for m in messages[:4]] == [
        "Tiny for parents", "Tiny", "What parents can do", "What is it?"]
    assert [m.msgid for m in messages[-2:]] == ["Gene", "A piece of the body's instructions."]
    paragraph = messages[4]
    assert paragraph.line == 29
