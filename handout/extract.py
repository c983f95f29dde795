"""Message extraction for translators: a Babel extractor for guide YAML.

Registered under the ``babel.extractors`` entry point as ``handout_guide``, so
``pybabel extract -F pyproject.toml`` finds guide messages like any other source.
One message per block text; audience-specific wording gets the audience as msgctxt;
the extracted comment names guide, section and audience; the location is the YAML line.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from .load import load_guide
from .model import SHARED, Guide, Text


def guide_texts(guide: Guide) -> Iterator[tuple[Text, str]]:
    """Every Text of the guide with a description of where it is, in file order."""
    where = f"guide {guide.id}"
    yield guide.title, f"{where}, title"
    if guide.short_title is not guide.title:
        yield guide.short_title, f"{where}, running header"
    for section in guide.sections:
        here = f"{where}, section {section.id}"
        yield section.heading, f"{here}, heading"
        for block in section.blocks:
            label = f"{here}, {block.kind}"
            for key, text in block.texts.items():
                yield text, f"{label} {key}"
            for text in block.items:
                yield text, f"{label} item"
            for text in block.header:
                yield text, f"{label} header cell"
            for row in block.rows:
                for text in row:
                    yield text, f"{label} cell"
            for key, text in block.labels.items():
                yield text, f"{label} label {key}"
    for entry in guide.glossary:
        yield entry.term, f"{where}, glossary term"
        yield entry.definition, f"{where}, glossary definition"


def guide_messages_for_catalog(guide: Guide) -> Iterator[tuple[int, str | None, str, str]]:
    """(line, context, msgid, comment) for every variant of every text."""
    for text, where in guide_texts(guide):
        for variant, msgid in text.variants.items():
            context = None if variant == SHARED else variant
            audience = "all audiences" if context is None else f"audience {context}"
            line = text.lines.get(variant, text.line)
            yield line, context, msgid, f"{where}; {audience}"


def extract_guide(fileobj, keywords, comment_tags, options) -> Iterator[tuple]:
    """Babel extractor: yields (lineno, funcname, message, comments)."""
    guide = load_guide(Path(fileobj.name).resolve().parent)
    for line, context, msgid, comment in guide_messages_for_catalog(guide):
        if context is None:
            yield line, "gettext", msgid, [comment]
        else:
            yield line, "pgettext", (context, msgid), [comment]
