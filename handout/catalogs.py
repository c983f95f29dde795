"""Reading gettext catalogs (.po) directly, so no compiled .mo can go stale.

Paths follow gettext: ``locales/<domain>.pot`` and
``locales/<lang>/LC_MESSAGES/<domain>.po``. A guide's messages live in the domain
named after the guide; the template's fixed words in the ``handout`` domain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.pofile import PoFileError, read_po, unescape

from .errors import CatalogError
from .safeyaml import read_text_capped

TEMPLATE_DOMAIN = "handout"
MAX_CATALOG_BYTES = 5_000_000
REVIEW_FIELDS = ("X-Review-Status", "X-Reviewed-By", "X-Review-Date",
                 "X-Reviewed-Content-Version")


@dataclass(frozen=True)
class Entry:
    msgid: str
    context: str | None
    msgstr: str
    fuzzy: bool
    line: int


@dataclass(frozen=True)
class Review:
    """What the catalog header says about review by a qualified medical translator."""

    status: str = "unreviewed"          # "reviewed" or "unreviewed"
    reviewer: str = ""
    date: str = ""
    content_version: str = ""

    @property
    def reviewed(self) -> bool:
        return self.status == "reviewed" and bool(self.reviewer)


@dataclass(frozen=True)
class Catalog:
    path: Path
    language: str
    entries: dict[tuple[str | None, str], Entry] = field(default_factory=dict)
    review: Review = Review()
    headers: dict[str, str] = field(default_factory=dict)


def catalog_path(locales: Path, language: str, domain: str) -> Path:
    return locales / language / "LC_MESSAGES" / f"{domain}.po"


def template_path(locales: Path, domain: str) -> Path:
    return locales / f"{domain}.pot"


def discover_languages(locales: Path, domain: str) -> list[str]:
    """Languages with a catalog for ``domain``, sorted."""
    if not locales.is_dir():
        return []
    return sorted(p.name for p in locales.iterdir()
                  if catalog_path(locales, p.name, domain).is_file())


def read_catalog(path: Path) -> Catalog:
    """Parse a .po file; syntax errors name the file and line."""
    text = read_text_capped(path, CatalogError, MAX_CATALOG_BYTES)
    _check_strings(text, path)
    headers = _header_fields(text)
    try:
        babel_catalog = read_po(text.splitlines(keepends=True), abort_invalid=True)
    except PoFileError as exc:
        line = getattr(exc, "lineno", None)
        line = line + 1 if line is not None else None  # Babel counts lines from 0
        raise CatalogError(f"broken .po syntax: {exc.args[0] if exc.args else exc}", path,
                           line,
                           "Open the file in Poedit or run 'msgfmt -c' to see the problem"
                           ) from None
    entries = {}
    for message in babel_catalog:
        if not message.id or not isinstance(message.id, str):
            continue  # the header, or plural forms, which guides do not use
        string = message.string if isinstance(message.string, str) else ""
        entries[(message.context, message.id)] = Entry(
            msgid=message.id, context=message.context, msgstr=string,
            fuzzy=message.fuzzy, line=message.lineno or 0)
    language = headers.get("Language", "") or path.parent.parent.name
    review = Review(
        status=headers.get("X-Review-Status", "unreviewed").strip().lower() or "unreviewed",
        reviewer=headers.get("X-Reviewed-By", "").strip(),
        date=headers.get("X-Review-Date", "").strip(),
        content_version=headers.get("X-Reviewed-Content-Version", "").strip())
    return Catalog(path=path, language=language, entries=entries, review=review,
                   headers=headers)


_STRING_LINE = re.compile(
    r'^(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?"((?:[^"\\]|\\.)*)"\s*$')


def _check_strings(text: str, path: Path) -> None:
    """Every quoted line is one complete string; Babel silently accepts a missing quote."""
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith(("msgctxt", "msgid", "msgstr", '"')) and not _STRING_LINE.match(
                stripped):
            raise CatalogError("broken .po syntax: the string on this line is not closed "
                               "or has an unescaped quote", path, number,
                               'Every string must be in "double quotes"; write \" inside')


_HEADER_RE = re.compile(r'^msgid\s+""\s*\nmsgstr\s+((?:"(?:[^"\\]|\\.)*"\s*\n?)+)', re.M)


def _header_fields(text: str) -> dict[str, str]:
    """All header fields, custom ``X-`` ones included (Babel's Catalog drops those)."""
    match = _HEADER_RE.search(text)
    if not match:
        return {}
    body = "".join(unescape(part) for part in re.findall(r'"(?:[^"\\]|\\.)*"', match.group(1)))
    fields = {}
    for line in body.splitlines():
        name, sep, value = line.partition(":")
        if sep:
            fields[name.strip()] = value.strip()
    return fields
