"""Stage 2: the blocks one audience reads, each text reduced to one Message."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..content.blocks import BLOCK_KINDS, parts
from ..content.markup import plain_text
from ..content.model import Block, Guide, Message, Section, Text
from ..matrix import AUDIENCE_NAMES


@dataclass(frozen=True)
class SelectedBlock:
    kind: str
    line: int
    texts: dict[str, Message] = field(default_factory=dict)
    items: tuple[Message, ...] = ()
    header: tuple[Message, ...] = ()
    rows: tuple[tuple[Message, ...], ...] = ()
    labels: dict[str, Message] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SelectedSection:
    id: str
    role: str | None
    heading: Message
    blocks: tuple[SelectedBlock, ...]


@dataclass(frozen=True)
class SelectedGlossaryEntry:
    term: Message
    definition: Message


@dataclass(frozen=True)
class Selection:
    """What one audience reads, in reading order, as translatable messages."""

    audience: str
    title: Message
    short_title: Message
    subtitle: Message | None
    sections: tuple[SelectedSection, ...]
    glossary: tuple[SelectedGlossaryEntry, ...]

    def messages(self) -> list[Message]:
        """Every message in reading order (title first, glossary last)."""
        found = [self.title, self.short_title]
        if self.subtitle is not None:
            found.append(self.subtitle)
        for section in self.sections:
            found.append(section.heading)
            for block in section.blocks:
                found.extend(message for _, message in parts(block))
        for entry in self.glossary:
            found.extend((entry.term, entry.definition))
        return found


def _message(text: Text, audience: str,
             readers: frozenset[str] = frozenset(AUDIENCE_NAMES)) -> Message | None:
    resolved = text.for_audience(audience, readers)
    if resolved is None:
        return None
    msgid, context, line = resolved
    return Message(msgid=msgid, context=context, line=line)


def _block(block: Block, audience: str) -> SelectedBlock | None:
    def one(text: Text) -> Message | None:
        return _message(text, audience, block.audiences)

    texts = {key: one(text) for key, text in block.texts.items()}
    texts = {key: message for key, message in texts.items() if message is not None}
    kind = BLOCK_KINDS[block.kind]
    if kind.main_text and kind.main_text not in texts:
        return None  # this audience has no wording for the block
    items = tuple(m for m in map(one, block.items) if m is not None)
    if kind.has_items and not items:
        return None
    header = tuple(one(t) for t in block.header)
    rows = tuple(tuple(one(t) for t in row) for row in block.rows)
    if any(m is None for m in header) or any(m is None for row in rows for m in row):
        return None  # a table is shown whole or not at all
    labels = {key: one(t) for key, t in block.labels.items()}
    if any(m is None for m in labels.values()):
        return None
    return SelectedBlock(kind=block.kind, line=block.line, texts=texts, items=items,
                         header=header, rows=rows, labels=labels,
                         options=dict(block.options))


def _section(guide: Guide, section: Section, audience: str) -> SelectedSection | None:
    if audience not in section.audiences:
        return None
    heading = _message(section.heading, audience, section.audiences)
    if heading is None:
        return None
    blocks = tuple(b for b in (_block(block, audience) for block in section.blocks
                               if audience in block.audiences) if b is not None)
    return SelectedSection(id=section.id, role=section.role, heading=heading, blocks=blocks)


def select(guide: Guide, audience: str) -> Selection:
    """Reduce the guide to what ``audience`` reads, in order."""
    title = _message(guide.title, audience)
    short_title = _message(guide.short_title, audience)
    subtitle = (_message(guide.subtitle, audience)
                if guide.subtitle is not None else None)
    sections = tuple(s for s in (_section(guide, section, audience)
                                 for section in guide.sections) if s is not None)
    body = Selection(audience, title, short_title, subtitle, sections, ())
    words = " ".join(plain_text(m.msgid) for m in body.messages()).lower()
    glossary = []
    for entry in guide.glossary:
        if audience not in entry.audiences:
            continue
        if not any(_contains_word(words, match) for match in entry.matches):
            continue
        term = _message(entry.term, audience, entry.audiences)
        definition = _message(entry.definition, audience, entry.audiences)
        if term and definition:
            glossary.append(SelectedGlossaryEntry(term, definition))
    glossary.sort(key=lambda e: e.term.msgid.lower())
    return Selection(audience, title, short_title, subtitle, sections, tuple(glossary))


def _contains_word(words: str, phrase: str) -> bool:
    return re.search(r"(?<![\w-])" + re.escape(phrase) + r"(?![\w-])", words) is not None
