"""The content model: plain, immutable data that every later stage reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

SHARED = "all"


@dataclass(frozen=True)
class Message:
    """One translatable string: the source text, its audience context and origin."""

    msgid: str
    context: str | None  # the audience for audience-specific wording, else None
    line: int
    comment: str = ""  # for translators: guide, section, audience


@dataclass(frozen=True)
class Text:
    """Source wording: shared by all audiences, or specific to some."""

    variants: dict[str, str]  # SHARED or an audience -> source text
    line: int
    lines: dict[str, int] = field(default_factory=dict)

    def for_audience(self, audience: str) -> tuple[str, str | None, int] | None:
        """(text, msgctxt, line) for this audience, or None if it sees no text here."""
        if audience in self.variants:
            return self.variants[audience], audience, self.lines.get(audience, self.line)
        if SHARED in self.variants:
            return self.variants[SHARED], None, self.lines.get(SHARED, self.line)
        return None

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
    sections: tuple[Section, ...]
    glossary: tuple[GlossaryEntry, ...]
    references: dict[str, dict[str, Any]]  # CSL-JSON items by id, in file order
    references_file: Path
    warnings: tuple[str, ...] = ()
