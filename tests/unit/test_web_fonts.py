"""The web edition's embedded fonts (handout.rendering.web.subset_woff)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from handout.rendering import web
from handout.rendering.fonts import load_font_stacks

pytestmark = pytest.mark.fast

STYLES = Path(__file__).resolve().parents[2] / "styles"


@pytest.fixture(scope="module")
def arabic_face():
    return load_font_stacks(STYLES)["Arab"].faces[0]


def test_a_subset_holds_the_characters_asked_for_and_no_others(arabic_face):
    font = TTFont(io.BytesIO(web.subset_woff(arabic_face, set("سلام 50"))))
    assert font.flavor == "woff"
    mapped = set(font.getBestCmap())
    assert {ord(c) for c in "سلام50"} <= mapped
    assert ord("ب") not in mapped


def test_a_subset_made_a_minute_later_has_the_same_bytes(arabic_face, monkeypatch):
    """fontTools stamps the save time into the head table unless told not to; two
    builds of one handout a second apart gave different web editions."""
    import time

    first = web.subset_woff(arabic_face, set("سلام"))
    later = time.time() + 60
    monkeypatch.setattr(time, "time", lambda: later)
    assert web.subset_woff(arabic_face, set("سلام")) == first
