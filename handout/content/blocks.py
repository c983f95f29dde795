"""The kinds of block a guide is made of: the one place each kind is defined.

Loading (which keys a block takes), selection (when an audience sees a block at all),
extraction, language status, lint (what must cite) and readability (what counts as
running text) all read a kind from here, and all walk a block's texts with
:func:`parts`, so a new field cannot be extracted but never checked, or checked but
never printed. How a kind looks is the template's business (styles/handout.html.j2).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Protocol


@dataclass(frozen=True)
class BlockKind:
    name: str
    required: frozenset[str]            # keys the YAML block must have (besides type)
    optional: frozenset[str] = frozenset()
    # The text without which an audience sees nothing of the block; None: the block
    # is shown when it has items (lists) or whole (tables).
    main_text: str | None = "text"
    has_items: bool = False             # items: a list of texts, at least one shown
    body_texts: tuple[str, ...] = ()    # running text, for reading grades
    body_items: bool = False
    cited_texts: tuple[str, ...] = ()   # texts that state facts, so must cite
    cited_items: bool = False


TEXT_KEYS = ("text", "caption", "alt", "title", "intro", "lead")   # single texts

BLOCK_KINDS: dict[str, BlockKind] = {kind.name: kind for kind in (
    BlockKind("paragraph", frozenset({"text"}), body_texts=("text",),
              cited_texts=("text",)),
    BlockKind("heading", frozenset({"text"})),
    BlockKind("list", frozenset({"items"}), frozenset({"ordered"}), main_text=None,
              has_items=True, body_items=True, cited_items=True),
    BlockKind("table", frozenset({"header", "rows"}), frozenset({"caption", "row_headers"}),
              main_text=None),
    BlockKind("figure", frozenset({"src", "alt"}), frozenset({"caption", "labels"}),
              main_text="alt", cited_texts=("caption",)),
    BlockKind("callout", frozenset({"text"}), frozenset({"kind", "title"}),
              body_texts=("text",), cited_texts=("text",)),
    BlockKind("questions", frozenset({"items"}), frozenset({"intro", "lines"}),
              main_text=None, has_items=True, body_items=True),
    # The answer to the reader's question, printed prominently on page 1.
    BlockKind("key_points", frozenset({"items", "lead"}), frozenset({"title"}),
              main_text=None, has_items=True, body_texts=("lead",), body_items=True,
              cited_texts=("lead",), cited_items=True),
)}


class HasParts(Protocol):
    """A block as loaded (texts are ``Text``) or as selected (texts are ``Message``)."""

    kind: str
    texts: dict[str, Any]
    items: tuple[Any, ...]
    header: tuple[Any, ...]
    rows: tuple[tuple[Any, ...], ...]
    labels: dict[str, Any]


def parts(block: HasParts) -> Iterator[tuple[str, Any]]:
    """Every text of a block with the name of its part, in reading order."""
    for key, text in block.texts.items():
        yield key, text
    for text in block.items:
        yield "item", text
    for text in block.header:
        yield "header cell", text
    for row in block.rows:
        for text in row:
            yield "cell", text
    for key, text in block.labels.items():
        yield f"label {key}", text


def body_parts(block: HasParts) -> Iterator[Any]:
    """The block's running text (what reading grades are computed on)."""
    kind = BLOCK_KINDS[block.kind]
    for name, text in parts(block):
        if name in kind.body_texts or (name == "item" and kind.body_items):
            yield text


def cited_parts(block: HasParts) -> Iterator[tuple[str, Any]]:
    """The texts that state facts and so must cite a source."""
    kind = BLOCK_KINDS[block.kind]
    for name, text in parts(block):
        if name in kind.cited_texts or (name == "item" and kind.cited_items):
            yield name, text
