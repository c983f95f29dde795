"""The content model: plain, immutable data that every later stage reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

SHARED = "all"


@dataclass(frozen=True)
class Message:
    """One translatable string: the source text, its audience context and line."""

    msgid: str
    context: str | None  # the audience for audience-specific wording, else None
    line: int


@dataclass(frozen=True)
class Text:
    """Source wording: shared by all audiences, or specific to some."""

    variants: dict[str, str]  # SHARED or an audience -> source text
    line: int
    lines: dict[str, int] = field(default_factory=dict)

    def for_audience(self, audience: str, readers: frozenset[str]
                     ) -> tuple[str, str | None, int] | None:
        """(text, msgctxt, line) for this audience, or None if it sees no text here.

        ``readers`` are the audiences that see the block this text belongs to.
        """
        if audience in self.variants:
            variant = audience
        elif SHARED in self.variants:
            variant = SHARED
        else:
            return None
        return (self.variants[variant], self.context(variant, readers),
                self.lines.get(variant, self.line))

    def context(self, variant: str, readers: frozenset[str]) -> str | None:
        """The msgctxt of a variant: its audience whenever exactly one audience reads it.

        Shared wording read by one audience only (its block is limited to that
        audience) is that audience's text, so the translator gets the audience as
        context and can choose the informal or formal address.
        """
        if variant != SHARED:
            return variant
        sharing = readers - self.variants.keys()
        return next(iter(sharing)) if len(sharing) == 1 else None

    def audiences(self, all_audiences: tuple[str, ...]) -> frozenset[str]:
        if SHARED in self.variants:
            return frozenset(all_audiences)
        return frozenset(self.variants)


@dataclass(frozen=True)
class Block:
    """A heading, paragraph, list, table, figure, callout or questions block."""

    kind: str
    audiences: frozenset[str]
    line: int
    texts: dict[str, Text] = field(default_factory=dict)   # text, caption, alt, title, intro
    items: tuple[Text, ...] = ()                            # list and questions items
    header: tuple[Text, ...] = ()                           # table header cells
    rows: tuple[tuple[Text, ...], ...] = ()                 # table body cells
    labels: dict[str, Text] = field(default_factory=dict)   # figure label id -> text
    options: dict[str, Any] = field(default_factory=dict)   # ordered, kind, lines, src, ...


@dataclass(frozen=True)
class Section:
    id: str
    heading: Text
    audiences: frozenset[str]
    blocks: tuple[Block, ...]
    line: int
    role: str | None = None


@dataclass(frozen=True)
class GlossaryEntry:
    term: Text
    definition: Text
    matches: tuple[str, ...]
    audiences: frozenset[str]
    line: int


@dataclass(frozen=True)
class Guide:
    id: str
    folder: Path
    source_file: Path
    source_language: str
    content_version: str
    content_date: date
    title: Text
    short_title: Text
    subtitle: Text | None
    sections: tuple[Section, ...]
    glossary: tuple[GlossaryEntry, ...]
    references: dict[str, dict[str, Any]]  # CSL-JSON items by id, in file order
    references_file: Path
    warnings: tuple[str, ...] = ()
    # The guide's name as the index page lists it, in the source language (not
    # translated: the index page is in English); None: the guide's id.
    name: str | None = None
