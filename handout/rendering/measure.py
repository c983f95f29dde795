"""Text widths from the fonts' own metrics, for layout decisions made before rendering.

Used to decide whether a table's columns fit the page as a table (every column at
least as wide as its longest word) or must be set as stacked cards. The estimate
adds up advance widths from each font's ``hmtx`` table, without kerning or shaping,
and allows for bold being wider: close enough to choose a layout, never used to
place text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont

from ..rendering.fonts import FontStack

BOLD_FACTOR = 1.08          # bold faces run about 5-8% wider than regular ones
# Break opportunities: ordinary spaces (a no-break space joins what it separates).
_BREAKS = re.compile(r"[ \t\n]+")


@lru_cache(maxsize=16)
def _metrics(path: Path, index: int) -> tuple[dict[int, int], int]:
    """(code point -> advance width, units per em) of one face."""
    font = TTFont(path, fontNumber=index, lazy=True)
    try:
        cmap = font.getBestCmap() or {}
        advances = font["hmtx"].metrics
        widths = {code: advances[name][0] for code, name in cmap.items() if name in advances}
        return widths, font["head"].unitsPerEm
    finally:
        font.close()


def word_width(word: str, stack: FontStack, size_pt: float, bold: bool = False) -> float:
    """Width in points of ``word`` set in the stack's first face that has each character."""
    faces = [_metrics(face.path, face.index) for face in stack.faces
             if face.weight.split()[0] in (("700",) if bold else ("400",))
             or " " in face.weight]
    faces = faces or [_metrics(face.path, face.index) for face in stack.faces]
    total = 0.0
    for char in word:
        for widths, units in faces:
            if ord(char) in widths:
                total += widths[ord(char)] / units
                break
        else:
            total += 0.6
    return total * size_pt * (BOLD_FACTOR if bold else 1.0)


def unbreakable_parts(text: str) -> list[str]:
    """The pieces a line may not break inside: words, and single CJK characters."""
    parts = []
    for word in _BREAKS.split(text):
        if any(ord(c) >= 0x2E80 for c in word):
            parts.extend(word)        # CJK breaks between any two characters
        elif word:
            parts.append(word)
    return parts


def min_content_width(text: str, stack: FontStack, size_pt: float, bold: bool = False
                      ) -> float:
    """The narrowest width ``text`` can take without breaking a word."""
    return max((word_width(part, stack, size_pt, bold) for part in unbreakable_parts(text)),
               default=0.0)


# A column narrower than this holds a word or two per line at best: unreadable,
# whatever the script (Chinese breaks anywhere, so its words never force a width).
MIN_COLUMN_EM = 5.0


def table_fits(columns: list[list[tuple[str, bool]]], stack: FontStack, size_pt: float,
               width_pt: float, cell_padding_em: float) -> bool:
    """True when every column can be as wide as its longest word, and at least
    :data:`MIN_COLUMN_EM` wide, within ``width_pt``.

    ``columns`` holds, per column, each cell's visible text and whether it is bold
    (a header cell).
    """
    padding = 2 * cell_padding_em * size_pt + 1.0      # both sides, and the border
    needed = sum(max(MIN_COLUMN_EM * size_pt,
                     *(min_content_width(text, stack, size_pt, bold) for text, bold in cells))
                 + padding for cells in columns)
    return needed <= width_pt
