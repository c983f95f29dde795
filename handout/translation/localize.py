"""Stage 3: turn Messages into the handout language, following the fallback policy."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from babel.numbers import format_percent
from markupsafe import Markup, escape

from ..content.model import Message
from ..errors import CatalogError
from ..translation.catalogs import Catalog


@dataclass(frozen=True)
class Localized:
    """A message in its final wording; ``lang`` is set when it is not in the handout's."""

    text: str
    lang: str | None = None


@dataclass(frozen=True)
class Origin:
    """Where a printed text comes from: its msgid, and the file and line that hold the
    wording printed (the .po entry of a translation, else the guide's YAML line)."""

    msgid: str
    file: Path | None = None
    line: int | None = None

    def __str__(self) -> str:
        return self.msgid


@dataclass(frozen=True)
class Localizer:
    """Looks messages up for one language.

    With ``allow_fallback`` a missing or fuzzy translation prints the source text,
    marked with the source language; without it, it is an error (the build refuses
    incomplete languages before rendering, so reaching this is a bug in the caller).
    """

    language: str
    source_language: str
    content: Catalog | None = None
    ui: Catalog | None = None
    allow_fallback: bool = False

    @property
    def is_source(self) -> bool:
        return self.language == self.source_language

    def _lookup(self, catalog: Catalog | None, msgid: str, context: str | None,
                line: int | None = None) -> Localized:
        if self.is_source:
            return Localized(msgid)
        entry = catalog.entries.get((context, msgid)) if catalog else None
        if entry and entry.msgstr and not entry.fuzzy:
            return Localized(entry.msgstr)
        if self.allow_fallback:
            return Localized(msgid, self.source_language)
        state = "fuzzy" if entry and entry.fuzzy else "untranslated"
        raise CatalogError(f"message is {state}", catalog.path if catalog else None,
                           entry.line if entry else line, "Translate it, or build with "
                           "--allow-fallback to print the source text", msgid=msgid)

    def origin(self, message: Message, source: Path | None) -> Origin:
        """Where the wording printed for ``message`` is written (``source``: the guide)."""
        entry = self.content.entries.get((message.context, message.msgid)) \
            if self.content and not self.is_source else None
        if entry and entry.msgstr and not entry.fuzzy:
            return Origin(message.msgid, self.content.path, entry.line)
        return Origin(message.msgid, source, message.line)

    def ui_origin(self, msgid: str) -> Origin:
        entry = self.ui.entries.get((None, msgid)) if self.ui and not self.is_source else None
        if entry and entry.msgstr and not entry.fuzzy:
            return Origin(msgid, self.ui.path, entry.line)
        return Origin(f"template text {msgid!r}")

    def message(self, message: Message) -> Localized:
        return self._lookup(self.content, message.msgid, message.context, message.line)

    def _formattable(self, msgid: str, found: Localized,
                     context: str | None = None) -> Localized:
        """Template words are %-formatted: refuse a placeholder with a width first
        (the build's QA refuses it already; ``proof`` skips QA)."""
        from ..translation.qa import PLACEHOLDER_RE, placeholder_problem

        if found.lang is None and PLACEHOLDER_RE.search(msgid):
            problem = placeholder_problem(found.text)
            if problem:
                entry = self.ui.entries.get((context, msgid)) if self.ui else None
                raise CatalogError(problem, self.ui.path if self.ui else None,
                                   entry.line if entry else None, msgid=msgid)
        return found

    def gettext(self, msgid: str, context: str | None = None) -> Markup:
        """Template words (``context``: the audience, for words that address the
        reader); a fallback is wrapped in a span carrying its language."""
        found = self._formattable(msgid, self._lookup(self.ui, msgid, context), context)
        if found.lang:
            return Markup(f'<span lang="{found.lang}">{escape(found.text)}</span>')
        return Markup(escape(found.text))

    def plain(self, msgid: str) -> str:
        """Template words for attributes, CSS strings and metadata (no markup)."""
        return self._formattable(msgid, self._lookup(self.ui, msgid, None)).text


_PERCENT = re.compile(r"(\d)[ \u00A0\u202F]?%")


@lru_cache(maxsize=32)
def _percent_parts(language: str) -> tuple[str, str]:
    """What Babel puts between a number and its percent sign in ``language``."""
    sample = format_percent(0.5, locale=language.replace("-", "_"))
    between = sample.split("50", 1)[1].split("%", 1)[0] if "50" in sample else ""
    return between, "%"


def format_percentages(text: str, language: str) -> str:
    """"50%" written the way the language writes it (French and Spanish: "50\u00a0%").

    Translators type percentages however their keyboard makes easy; the handout prints
    them in the locale's own form (CLDR via Babel), with a no-break space where the
    locale has one so that a number is never separated from its sign.
    """
    between, sign = _percent_parts(language)
    return _PERCENT.sub(lambda m: f"{m.group(1)}{between}{sign}", text)
