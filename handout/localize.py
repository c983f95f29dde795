"""Stage 3: turn Messages into the handout language, following the fallback policy."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from .catalogs import Catalog
from .errors import CatalogError
from .model import Message


@dataclass(frozen=True)
class Localized:
    """A message in its final wording; ``lang`` is set when it is not in the handout's."""

    text: str
    lang: str | None = None


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

    def message(self, message: Message) -> Localized:
        return self._lookup(self.content, message.msgid, message.context, message.line)

    def gettext(self, msgid: str) -> Markup:
        """Template words; a fallback is wrapped in a span carrying its language."""
        found = self._lookup(self.ui, msgid, None)
        if found.lang:
            return Markup(f'<span lang="{found.lang}">{escape(found.text)}</span>')
        return Markup(escape(found.text))

    def plain(self, msgid: str) -> str:
        """Template words for attributes, CSS strings and metadata (no markup)."""
        return self._lookup(self.ui, msgid, None).text
