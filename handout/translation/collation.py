"""Alphabetical order as each language's readers expect it (glossaries, lists).

The Unicode Collation Algorithm with its default table (pyuca: DUCET, the root of
CLDR's collations), which already orders accents and case as dictionaries do, plus
the tailorings this project's languages need and DUCET lacks (no ICU wheel bundles
the library on PyPI for every platform, so CLDR's rules are applied here):

- Chinese: by Hanyu Pinyin (CLDR's "pinyin" collation, the one Chinese dictionaries
  use), through pypinyin; tones break ties (TONE3: ma1 < ma2 …);
- Arabic: the definite article ال is ignored at the start of a term, as Arabic
  dictionaries do ("الجين" files under ج);
- Spanish: ñ is a letter of its own, after n.

Markup, isolate characters and other invisible format characters are ignored.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import cache

ARABIC_ARTICLE = re.compile(r"^(?:ال|أل)(?=\w{2})")
SPANISH_ENYE = ("ñ", "n\U0010FFFF")   # sorts after every other n


@cache
def _collator():
    import pyuca

    return pyuca.Collator()


def visible(text: str) -> str:
    """The letters a reader sees: no tags, entities decoded, no format characters."""
    text = html.unescape(re.sub(r"<[^>]*>", "", text))
    return "".join(c for c in unicodedata.normalize("NFC", text)
                   if unicodedata.category(c) != "Cf").strip()


def sort_key(text: str, language: str) -> tuple:
    """A key that orders ``text`` the way ``language``'s readers look words up."""
    base = language.split("-")[0].split("_")[0]
    word = visible(text)
    collator = _collator()
    if base == "zh":
        from pypinyin import Style, lazy_pinyin

        return (tuple(lazy_pinyin(word, style=Style.TONE3, errors="default")),
                collator.sort_key(word))
    if base == "ar":
        word = ARABIC_ARTICLE.sub("", word)
    if base == "es":
        word = word.replace(SPANISH_ENYE[0], SPANISH_ENYE[1]).replace(
            SPANISH_ENYE[0].upper(), SPANISH_ENYE[1].upper())
    return (collator.sort_key(word),)
