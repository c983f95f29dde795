"""Characters no author or translator needs, refused wherever text enters.

- Control characters (C0 except tab and line feed, DEL, C1): invisible, and some
  (U+0085) are line breaks to YAML but not to an editor, which shifts line numbers.
- Bidirectional controls (embeddings, overrides, isolates, marks): they change the
  order in which text is *printed* without changing the text: "50 %" wrapped in
  U+202E prints as "% 05" while every check of the text passes. The renderer sets
  the direction of each run itself (``dir`` attributes), so authors never need them.
- U+2028 and U+2029: line breaks to YAML and Python, not to most editors, so every
  line number after one is off.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

BIDI_CONTROLS = frozenset({
    0x061C,                                 # ARABIC LETTER MARK
    0x200E, 0x200F,                         # LEFT-TO-RIGHT / RIGHT-TO-LEFT MARK
    0x202A, 0x202B, 0x202C, 0x202D, 0x202E,  # embeddings, pop, overrides
    0x2066, 0x2067, 0x2068, 0x2069,         # isolates
})
LINE_SEPARATORS = frozenset({0x2028, 0x2029})


@cache
def _pattern(allowed: str) -> re.Pattern:
    refused = [chr(c) for c in (*range(0x20), *range(0x7F, 0xA0), *BIDI_CONTROLS,
                                *LINE_SEPARATORS) if chr(c) not in allowed]
    return re.compile("[" + "".join(re.escape(c) for c in refused) + "]")


def forbidden(text: str, allowed: str = "\t\n") -> str | None:
    """The first character of ``text`` that is refused, or None."""
    match = _pattern(allowed).search(text)
    return match.group(0) if match else None


def problem(char: str) -> tuple[str, str]:
    """(what is wrong, what to do) for a character :func:`forbidden` returned."""
    code = ord(char)
    name = unicodedata.name(char, "")
    label = f"U+{code:04X}" + (f" {name}" if name else "")
    if code in BIDI_CONTROLS:
        return (f"bidi control character {label}",
                "Remove it: it changes the order in which text is printed (\"50\" can "
                "print as \"05\"), and the handout sets each run's direction itself")
    if code in LINE_SEPARATORS:
        return (f"line separator {label}", "Use an ordinary line break")
    return (f"control character U+{code:04X}", "Remove it (it is invisible in most editors)")


# Asked thousands of times a handout (by the PDF writer and by verify, glyph by glyph)
# about the same few hundred characters: memoised.
@lru_cache(maxsize=8192)
def is_right_to_left(text: str) -> bool:
    """True if ``text`` holds a right-to-left letter (Hebrew, Arabic, …)."""
    return any(unicodedata.bidirectional(c) in ("R", "AL") for c in text)
