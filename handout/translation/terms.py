"""Approved terms per language: a TBX term base that translation tools read.

``locales/<lang>/terms.tbx`` (TermBase eXchange, the format Poedit, Weblate, OmegaT and
translate-toolkit read) holds one entry per decided term: the English term and the
approved translation, with any other forms the language needs (plural, case,
inflection) as further terms of the same entry. ``make_guide.py check`` then requires,
for every translated message whose English contains a listed term, that the
translation use one of its approved forms.

The longest listed term wins: where "progressive osseous heteroplasia" matches, the
shorter entry "heteroplasia" is not also required.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

TERMS_FILE = "terms.tbx"


@dataclass(frozen=True)
class Term:
    source: str
    targets: tuple[str, ...]     # the approved form first, then admitted variants
    note: str = ""

    @property
    def approved(self) -> str:
        return self.targets[0]


def terms_path(locales: Path, language: str) -> Path:
    return locales / language / TERMS_FILE


def read_terms(path: Path, language: str) -> list[Term]:
    """The term entries of a TBX file (none if the file does not exist)."""
    if not path.is_file():
        return []
    from translate.storage import tbx

    from ..errors import CatalogError

    try:
        store = tbx.tbxfile.parsestring(path.read_bytes())
    except Exception as exc:  # noqa: BLE001 - lxml and the toolkit raise many kinds
        raise CatalogError(f"term base cannot be read: {exc}", path,
                           advice="Check the TBX file's XML (an editor or xmllint shows "
                                  "the line)") from None
    terms = []
    for unit in store.units:
        sources = [unit.source] if unit.source else []
        targets = _language_terms(unit, language)
        if sources and targets:
            terms.append(Term(sources[0], tuple(targets),
                              unit.getnotes() if hasattr(unit, "getnotes") else ""))
    return terms


def _language_terms(unit, language: str) -> list[str]:
    """Every term of the entry's langSet for ``language``, in file order."""
    found = []
    for lang_set in unit.xmlelement.iter():
        if not str(lang_set.tag).endswith("langSet"):
            continue
        code = lang_set.get("{http://www.w3.org/XML/1998/namespace}lang", "")
        if code.split("-")[0] != language.split("-")[0]:
            continue
        for element in lang_set.iter():
            if str(element.tag).endswith("term") and element.text and element.text.strip():
                found.append(element.text.strip())
    return found


def _fold(text: str) -> str:
    """Text compared without case, Arabic vowel marks or differences in Unicode form."""
    text = unicodedata.normalize("NFC", text).casefold()
    return "".join(c for c in text if not ("\u064B" <= c <= "\u065F" or c == "\u0670"))


def _source_spans(msgid: str, terms: list[Term]) -> list[Term]:
    """The terms a source text uses, longest first, no term inside a longer one."""
    taken: list[tuple[int, int]] = []
    used = []
    for term in sorted(terms, key=lambda t: len(t.source), reverse=True):
        pattern = r"(?<![\w-])" + re.escape(term.source) + r"(?![\w-])"
        for match in re.finditer(pattern, msgid, re.IGNORECASE):
            if any(start <= match.start() and match.end() <= end for start, end in taken):
                continue
            taken.append(match.span())
            if term not in used:
                used.append(term)
    return used


def missing_terms(msgid: str, msgstr: str, terms: list[Term]) -> list[Term]:
    """Listed terms the source uses whose approved forms the translation lacks."""
    folded = _fold(msgstr)
    return [term for term in _source_spans(msgid, terms)
            if not any(_fold(target) in folded for target in term.targets)]
