"""Message extraction for translators: a Babel extractor for guide YAML.

Registered under the ``babel.extractors`` entry point as ``handout_guide``, so
``pybabel extract -F pyproject.toml`` finds guide messages like any other source.
One message per block text; audience-specific wording gets the audience as msgctxt;
the extracted comment names guide, section and audience; the location is the YAML line.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..content.blocks import parts
from ..content.load import load_guide
from ..content.model import Guide, Text
from ..matrix import AUDIENCE_NAMES


def guide_texts(guide: Guide) -> Iterator[tuple[Text, str, frozenset[str]]]:
    """Every Text of the guide, where it is, and which audiences read it, in file order."""
    where = f"guide {guide.id}"
    everyone = frozenset(AUDIENCE_NAMES)
    yield guide.title, f"{where}, title", everyone
    if guide.short_title is not guide.title:
        yield guide.short_title, f"{where}, running header", everyone
    if guide.subtitle is not None:
        yield guide.subtitle, f"{where}, subtitle (the condition in plain words)", everyone
    for section in guide.sections:
        here = f"{where}, section {section.id}"
        yield section.heading, f"{here}, heading", section.audiences
        for block in section.blocks:
            for part, text in parts(block):
                yield text, f"{here}, {block.kind} {part}", block.audiences
    for entry in guide.glossary:
        yield entry.term, f"{where}, glossary term", entry.audiences
        yield entry.definition, f"{where}, glossary definition", entry.audiences


def guide_messages_for_catalog(guide: Guide) -> Iterator[tuple[int, str | None, str, str]]:
    """(line, context, msgid, comment) for every variant of every text."""
    for text, where, readers in guide_texts(guide):
        for variant, msgid in text.variants.items():
            context = text.context(variant, readers)
            if context is not None:
                audience = f"audience {context}"
            else:
                shared = sorted(readers - text.variants.keys(),
                                key=AUDIENCE_NAMES.index)
                audience = (f"shared by {', '.join(shared)}: use wording that suits each "
                            "of them")
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
