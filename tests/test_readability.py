"""The reading-grade formulas, on text whose counts are known by hand."""

from __future__ import annotations

import pytest

from handout.content.readability import grades, sentences, syllables

pytestmark = pytest.mark.fast


@pytest.mark.parametrize(("word", "count"), [
    ("cat", 1), ("children", 2), ("genetic", 3), ("counselor", 3), ("heteroplasia", 5),
    ("ossification", 5), ("POH", 1), ("GNAS", 1), ("make", 1), ("table", 2),
])
def test_syllables(word, count):
    assert syllables(word) == count


def test_sentences_end_at_a_stop_before_a_capital_not_inside_numbers_or_e_g():
    text = "Each child has a 59.0% chance. It is low, e.g. in brothers. Ask! Why? 13 of 18."
    assert sentences(text) == ["Each child has a 59.0% chance.",
                               "It is low, e.g. in brothers.", "Ask!", "Why?", "13 of 18."]


def test_flesch_kincaid_and_smog_by_hand():
    # 2 sentences, 9 words, 11 syllables, 1 word of 3+ syllables (genetic)
    kincaid, smog, words = grades("The cat sat on a mat. Genetic tests help.")
    assert words == 9
    assert kincaid == pytest.approx(0.39 * 9 / 2 + 11.8 * 11 / 9 - 15.59)
    assert smog == pytest.approx(1.0430 * (1 * 30 / 2) ** 0.5 + 3.1291)


def test_empty_text_has_no_grade():
    assert grades("") == (0.0, 0.0, 0)
