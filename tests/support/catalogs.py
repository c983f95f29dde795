"""Translated throwaway projects: filling, damaging and checking their catalogs."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

from handout.cli import main
from handout.translation.catalogs import read_catalog

from .projects import MINI_GUIDE, MINI_HEADER

# MINI_GUIDE with one sentence in two contexts (teen and parent): the ``mini`` fixture.
SAME_SENTENCE = MINI_GUIDE.replace(
    "          teen: You have a rare condition [@b; @a].",
    "          teen: Ask your care team [@b].\n          parent: Ask your care team [@b].")


# One small guide for every catalog test. The first paragraph is the slot the
# property-based test fills; the hostile paragraphs exist so a translator can put
# hostile text in their msgstr (their numbers match the payloads': 1, 7 and 7, 1).
CATALOG_GUIDE = MINI_HEADER + """      - type: paragraph
        text: Write here.
      - type: paragraph
        text:
          all: Each child has a 50% chance [@a].
          teen: Ask your care team [@b].
      - type: paragraph
        text: See [the site](https://example.org) for 13 of 18 people [@b].
      - type: paragraph
        text: Script 1.
      - type: paragraph
        text: Image here.
      - type: paragraph
        text: Attachment here.
      - type: paragraph
        text: Link 1.
      - type: paragraph
        text: Template 7 and 7.
      - type: paragraph
        text: Raw here.
      - type: paragraph
        text: "Links [x](javascript:alert(1)) and [y](file:///etc/passwd) stay text."
"""

# A msgid of CATALOG_GUIDE (its 'all' text) with a number and a citation.
SHARED_50 = "Each child has a 50% chance [@a]."


def fill(path, translations):
    """Every msgstr of a catalog: ``translations[(context, msgid)]``, else the msgid."""
    from babel.messages.pofile import read_po, write_po

    from handout.translation.catalogs import read_headers, write_headers

    headers = read_headers(path.read_text())
    with path.open("rb") as stream:
        catalog = read_po(stream)
    for message in catalog:
        if message.id:
            message.string = translations.get((message.context, message.id), message.id)
    with path.open("wb") as stream:
        write_po(stream, catalog, width=0)
    write_headers(path, {k: v for k, v in headers.items() if k.startswith("X-")})


def translated_mini(mini, language, overrides=None, review=None):
    """``init`` a language in an extracted project and fill both its catalogs."""
    root = str(mini.root)
    assert main(["--project", root, "init", language]) == 0
    for domain in ("mini", "handout"):
        po = mini.locales / language / "LC_MESSAGES" / f"{domain}.po"
        fill(po, overrides or {})
        if review and domain == "mini":
            from handout.translation.catalogs import write_headers

            write_headers(po, review)
    return root


def catalog(project, language: str, domain: str = "mini") -> Path:
    """A language's .po file: the mini guide's, or the templates' (domain 'handout')."""
    return project.locales / language / "LC_MESSAGES" / f"{domain}.po"


def add_language(project, language: str, overrides: dict) -> None:
    """translated_mini without its output: one more language in the project."""
    with contextlib.redirect_stdout(io.StringIO()):
        translated_mini(project, language, overrides)


def break_catalog(po: Path, how: str) -> int:
    """Damage the catalog; return the 1-based line of the damage."""
    lines = po.read_text("utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.startswith('msgstr "Write here."'))
    if how == "garbage line":
        lines.insert(index + 1, "this is not gettext\n")
        index += 1
    elif how == "msgstr missing":
        del lines[index]
        index -= 1                                      # Babel reports the msgid
    elif how == "unterminated string":
        lines[index] = 'msgstr "\xc9crivez ici.\n'
    po.write_text("".join(lines), "utf-8")
    return index + 1


def entry_line(project, language: str, msgid: str, context: str | None = None) -> int:
    """The line of a message in a language's catalog of the mini guide."""
    return read_catalog(catalog(project, language)).entries[(context, msgid)].line


def check(project, *args: str) -> tuple[int, str]:
    """``check`` run in this process: its exit code and what it printed."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["--project", str(project.root), "check", *args])
    return code, out.getvalue()
