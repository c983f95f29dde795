"""Reading gettext catalogs (.po) directly, so no compiled .mo can go stale.

Paths follow gettext: ``locales/<domain>.pot`` and
``locales/<lang>/LC_MESSAGES/<domain>.po``. A guide's messages live in the domain
named after the guide; the template's fixed words in the ``handout`` domain.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.pofile import PoFileError, read_po
from translate.storage import poheader, poparser, pypo

from .. import charset, files
from ..content.safeyaml import read_text_capped
from ..errors import CatalogError
from ..files import atomic_write
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
    headers = read_headers(text, path)
    declared = re.search(r"charset=([^;\s]+)", headers.get("Content-Type", ""))
    if declared and declared.group(1).lower().replace("_", "-") not in ("utf-8", "utf8"):
        raise CatalogError(f"the header says charset={declared.group(1)}, but catalogs "
                           "are read as UTF-8", path, _header_line(text, "Content-Type"),
                           'Save the file as UTF-8 and write "charset=UTF-8" in the '
                           "Content-Type header")
    for name in REVIEW_FIELDS:      # printed on the handout, and written back by update
        problem = _header_line_problem(name, headers.get(name, ""))
        if problem is not None:
            raise CatalogError(problem[0], path, _header_line(text, name), problem[1])
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


def _header_line(text: str, name: str) -> int:
    match = re.search(rf'^"{re.escape(name)}:', text, re.M)
    return text.count("\n", 0, match.start()) + 1 if match else 1


# -- the header entry: the one reader and writer of header fields ------------------------
#
# translate-toolkit parses the header entry and writes it back (quoting and escaping);
# everything after it is kept byte for byte. Babel's Catalog keeps only the standard
# fields, so the X- fields (the review status) are read here, for every caller.

HEADER_NAME = re.compile(r"[A-Za-z][A-Za-z0-9-]*")
_NO_WRAP = 1 << 30     # line width: one field a line, as 'pybabel --no-wrap' writes them


def _split_header(text: str, path: Path | None) -> tuple[pypo.pounit | None, str]:
    """The header entry of a .po text and the text after it.

    The header is the first entry, with an empty msgid and no msgctxt (as gettext
    has it); (None, text) when the first entry is not one.
    """
    lines = io.StringIO(text).readlines()     # split at line feeds only
    store = pypo.pofile(width=_NO_WRAP)
    store.units = []
    store.newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    state = poparser.PoParseState(lines, store.create_unit)
    try:
        unit = poparser.parse_unit(state)
    except ValueError as exc:
        raise CatalogError(f"broken .po syntax in the header entry: {exc}", path,
                           advice="Open the file in Poedit or run 'msgfmt -c' to see "
                           "the problem") from None
    if unit is None or unit.isobsolete() or not unit.isheader():
        return None, text
    store.addunit(unit)                       # written with the file's line ends
    end = len(lines) if state.eof else state.lineno - 1
    while end and lines[end - 1].isspace():
        end -= 1
    return unit, "".join(lines[end:])


def read_headers(text: str, path: Path | None = None) -> dict[str, str]:
    """Every header field of a .po text, X- ones included; {} without a header entry.

    A header entry that cannot be parsed is a CatalogError naming ``path``.
    """
    unit, _ = _split_header(text, path)
    return poheader.parseheaderstring(unit.target) if unit is not None else {}


def _header_line_problem(name: str, value: str) -> tuple[str, str] | None:
    if not HEADER_NAME.fullmatch(name):
        return (f"{name!r} is not a header name",
                "A header name is letters, digits and '-' (such as X-Reviewed-By)")
    found = charset.forbidden(value, allowed="\t")
    if found is None:
        return None
    if found in "\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029":
        return (f"the value of header {name} has a line break (U+{ord(found):04X}), "
                "which would start another header field",
                "A header value is one line of text")
    problem, advice = charset.problem(found)
    return f"the value of header {name} has a {problem}", advice


def with_headers(text: str, fields: Mapping[str, str], path: Path | None = None) -> str:
    """``text`` (a .po file) with header fields replaced or, if missing, added at the
    end of the header. The header entry is written one field a line, as gettext tools
    write it (so a header they wrote comes back unchanged); the rest of the file is
    kept byte for byte.

    A name that is not a header name, or a value with a line break or a control
    character, is refused (CatalogError): a value from an untrusted file must not be
    able to add fields of its own. Quotes and backslashes are escaped.
    """
    for name, value in fields.items():
        problem = _header_line_problem(name, value)
        if problem is not None:
            raise CatalogError(problem[0], path, advice=problem[1])
    unit, rest = _split_header(text, path)
    if unit is None:
        raise CatalogError('has no header entry (msgid "" first in the file)', path,
                           advice="Start the file from its .pot template")
    lines = unit.target.split("\n")
    if lines[-1] == "":
        lines.pop()
    written = set()
    for index, line in enumerate(lines):
        name = line.partition(":")[0].strip()
        if ":" in line and name in fields:
            lines[index] = f"{name}: {fields[name]}"
            written.add(name)
    lines += [f"{name}: {value}" for name, value in fields.items() if name not in written]
    unit.target = "".join(f"{line}\n" for line in lines)
    return str(unit) + rest


def write_headers(path: Path, fields: Mapping[str, str], root: Path | None = None) -> None:
    """Replace or add header fields of a .po file, written atomically.

    ``root`` (default: its own folder) is where links stop being allowed, as for
    :func:`read_catalog`; the file is read with the same size limit.
    """
    data = files.read_bytes(path, CatalogError, MAX_CATALOG_BYTES, root,
                            limit="CATALOG_BYTES")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CatalogError(f"not valid UTF-8 (byte {exc.start})", path,
                           advice="Save the file as UTF-8") from None
    atomic_write(path, with_headers(text, fields, path).encode("utf-8"), root=root)
