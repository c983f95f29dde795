"""Translated throwaway projects: filling, damaging and checking their catalogs."""

from __future__ import annotations

from handout.cli import main

from .projects import MINI_GUIDE

# MINI_GUIDE with one sentence in two contexts (teen and parent): the ``mini`` fixture.
SAME_SENTENCE = MINI_GUIDE.replace(
    "          teen: You have a rare condition [@b; @a].",
    "          teen: Ask your care team [@b].\n          parent: Ask your care team [@b].")


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
