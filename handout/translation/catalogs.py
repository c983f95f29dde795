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

from ..content.safeyaml import read_text_capped
from ..errors import CatalogError
from ..limits import CATALOG_BYTES
from ..matrix import language

TEMPLATE_DOMAIN = "handout"
MAX_CATALOG_BYTES = CATALOG_BYTES
# A language folder's name: language, optional script, optional region (BCP 47 subset,
# with - or _): en, es-MX, zh-Hans, pt_BR. "fr-old" or "fr.bak" is not one.
LANGUAGE_RE = re.compile(r"^[a-z]{2,3}(?:[-_][A-Z][a-z]{3})?(?:[-_](?:[A-Z]{2}|[0-9]{3}))?$")
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


def language_problem(code: str) -> str | None:
    """Why ``code`` is not a language code the engine can print, or None."""
    if not LANGUAGE_RE.match(code):
        return (f"{code!r} is not a language code (such as fr, es-MX, zh-Hans)")
    try:
        language(code)
    except ValueError:
        return f"{code!r} is not a language Babel knows"
    return None


def discover_languages(locales: Path, domain: str, notes: list[str] | None = None
                       ) -> list[str]:
    """Languages with a catalog for ``domain``, sorted.

    A folder under ``locales/`` whose name is not a language code (a backup
    ``fr-old``, ``xx``), that is a symbolic link, or that has no catalog for the
    domain is skipped, with a line added to ``notes``.
    """
    if not locales.is_dir():
        return []
    found = []
    for folder in sorted(locales.iterdir()):
        name = folder.name
        if name.startswith(".") or not (folder.is_dir() or folder.is_symlink()):
            continue
        problem = language_problem(name)
        if problem is None and folder.is_symlink():
            problem = "is a symbolic link (links are not followed)"
        if problem is None and not catalog_path(locales, name, domain).is_file():
            problem = f"has no {domain}.po"
        if problem is None:
            found.append(name)
        elif notes is not None:
            note = f"{folder}: skipped: {problem}"
            if note not in notes:
                notes.append(note)
    return found


def read_catalog(path: Path, root: Path | None = None) -> Catalog:
    """Parse a .po file; syntax errors name the file and line.

    ``root`` (default: the locales folder the path is in) is where links stop being
    allowed: a catalog, or a folder between ``locales/`` and it, that is a symbolic
    link is refused.
    """
    if root is None:
        root = path.parents[2] if path.parent.name == "LC_MESSAGES" else path.parent
    text = read_text_capped(path, CatalogError, MAX_CATALOG_BYTES, root=root,
                            limit="CATALOG_BYTES")
    _check_strings(text, path)
    headers = _header_fields(text)
    charset = re.search(r"charset=([^;\s]+)", headers.get("Content-Type", ""))
    if charset and charset.group(1).lower().replace("_", "-") not in ("utf-8", "utf8"):
        raise CatalogError(f"the header says charset={charset.group(1)}, but catalogs "
                           "are read as UTF-8", path, _header_line(text),
                           'Save the file as UTF-8 and write "charset=UTF-8" in the '
                           "Content-Type header")
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


def _header_line(text: str) -> int:
    match = re.search(r"^\"Content-Type:", text, re.M)
    return text.count("\n", 0, match.start()) + 1 if match else 1


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
