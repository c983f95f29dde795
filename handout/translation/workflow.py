"""The translator's workflow: extract, init, update, wrapping Babel.

Babel does the work; this module adds what a medical handout needs on top:
- one .pot per domain (a guide's content; the template's words);
- ``update`` never lets a fuzzy match cross from one audience context to another
  (babel#1330) and keeps the review headers Babel's Catalog drops (X-Review-*).
"""

from __future__ import annotations

import datetime
import difflib
import io
import posixpath
import re
import tomllib
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_keywords
from babel.messages.pofile import PoFileError, read_po, write_po
from babel.util import LOCALTZ

from .. import files, matrix
from ..content.load import discover_guides, load_guide
from ..errors import CatalogError, ContentError, HandoutError, UsageError
from ..files import PublishError, atomic_write, ensure_folder
from ..limits import FILE_BYTES
from ..project import Project
from ..translation.catalogs import (
    MAX_CATALOG_BYTES,
    REVIEW_FIELDS,
    TEMPLATE_DOMAIN,
    catalog_path,
    discover_languages,
    language_problem,
    read_catalog,
    read_headers,
    template_path,
    with_headers,
)

FUZZY_CUTOFF = 0.6
# The template's own marker functions: N_("text") and NC_("context", "text").
TEMPLATE_KEYWORDS = ("N_", "NC_:1c,2")
NEW_CATALOG_HEADERS = {
    "X-Review-Status": "unreviewed",
    "X-Reviewed-By": "",
    "X-Review-Date": "",
    "X-Reviewed-Content-Version": "",
}


def domains(project: Project) -> list[str]:
    return [*discover_guides(project.guides), TEMPLATE_DOMAIN]


def _check_inputs(project: Project) -> None:
    """Refuse links and special files among what extraction reads (styles/)."""
    for _ in files.regular_files(project.styles, ContentError):
        pass


def babel_mappings(root: Path) -> tuple[list[tuple[str, str]], dict[str, dict]]:
    """The method map and options of ``[[tool.babel.mappings]]`` in pyproject.toml,
    the file ``pybabel extract -F pyproject.toml`` reads."""
    path = root / "pyproject.toml"
    if not path.exists() and not path.is_symlink():
        raise CatalogError("does not exist: extract reads which files hold messages from "
                           "its [[tool.babel.mappings]]", path,
                           advice="Copy the engine's pyproject.toml into the project")
    data = files.read_bytes(path, CatalogError, FILE_BYTES, root, limit="FILE_BYTES")
    try:
        config = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise CatalogError(f"cannot be read: {exc}", path) from None
    tool = config.get("tool")
    babel = tool.get("babel") if isinstance(tool, dict) else None
    babel = babel if isinstance(babel, dict) else {}
    extractors = babel.get("extractors") if isinstance(babel.get("extractors"), dict) else {}
    mappings = babel.get("mappings", [])
    method_map, options_map = [], {}
    for entry in mappings if isinstance(mappings, list) else [None]:
        options = dict(entry) if isinstance(entry, dict) else {}
        method, patterns = options.pop("method", None), options.pop("pattern", None)
        patterns = [patterns] if isinstance(patterns, str) else patterns
        if not (isinstance(method, str) and isinstance(patterns, list) and patterns and
                all(isinstance(p, str) for p in patterns)):
            raise CatalogError("a [[tool.babel.mappings]] entry needs a 'method' and a "
                               "'pattern' (text)", path,
                               advice='Write method = "python", pattern = "**.py"')
        if "keywords" in options:      # per-pattern options, as pybabel reads them
            words = options["keywords"]
            options["keywords"] = parse_keywords(words.split() if isinstance(words, str)
                                                 else words)
        if isinstance(options.get("add_comments"), str):
            options["add_comments"] = [options["add_comments"]]
        for pattern in patterns:
            method_map.append((pattern, extractors.get(method, method)))
            options_map[pattern] = options
    if not method_map:
        raise CatalogError("has no [[tool.babel.mappings]]: extract does not know which "
                           "files hold messages", path,
                           advice="Copy the mappings from the engine's pyproject.toml")
    return method_map, options_map


def _extract_template(project: Project, domain: str, folders: list[Path],
                      version: str | None, keywords: tuple[str, ...] = ()) -> bytes:
    """What ``pybabel extract -F pyproject.toml --no-wrap`` writes for ``folders``
    (named relative to the project), through Babel's API, then tidied."""
    method_map, options_map = babel_mappings(project.root)
    keywords_map = {**DEFAULT_KEYWORDS, **parse_keywords(keywords)}
    catalog = Catalog(project=domain, version=version, msgid_bugs_address=None,
                      copyright_holder=None, charset="utf-8", last_translator=None)
    for folder in folders:
        if not folder.is_dir():
            raise CatalogError("is not a folder, so extract cannot read messages from it",
                               folder, advice="The template's words are read from styles/ "
                               "and the engine's handout/ folder in the project")
        where = folder.relative_to(project.root).as_posix()
        for filename, line, message, comments, context in extract_from_dir(
                folder, method_map, options_map, keywords=keywords_map):
            catalog.add(message, None, [(posixpath.normpath(f"{where}/{filename}"), line)],
                        auto_comments=comments, context=context)
    out = io.BytesIO()
    write_po(out, catalog, width=None)
    return tidy_po(out.getvalue().decode("utf-8"), domain == TEMPLATE_DOMAIN).encode("utf-8")


def extract(project: Project) -> list[Path]:
    """Write locales/<guide>.pot for each guide and locales/handout.pot.

    Babel's API reads guide/<id>/ for a guide's messages, styles/ (links refused) and
    handout/ for the template's words, with the mappings of pyproject.toml: all in
    the project, named relative to it, so '#:' locations read guide/poh/guide.yaml:12
    on every machine, whatever the working folder.
    """
    ensure_folder(project.locales, project.root)
    _check_inputs(project)
    written = []
    for guide_id in discover_guides(project.guides):
        guide = load_guide(project.guide_folder(guide_id))  # clear errors before Babel
        data = _extract_template(project, guide.id, [project.guide_folder(guide.id)],
                                 guide.content_version)
        pot = template_path(project.locales, guide_id)
        atomic_write(pot, data, root=project.root)
        written.append(pot)
    data = _extract_template(project, TEMPLATE_DOMAIN,
                             [project.styles, project.root / "handout"], None,
                             TEMPLATE_KEYWORDS)
    pot = template_path(project.locales, TEMPLATE_DOMAIN)
    atomic_write(pot, data, root=project.root)
    written.append(pot)
    return written


def _read_template(path: Path, locale: Locale | str | None = None):
    """A .pot (or .po) through the same checks as ``check`` (no link, UTF-8, syntax)."""
    read_catalog(path, root=path.parent)
    data = files.read_bytes(path, CatalogError, MAX_CATALOG_BYTES, path.parent,
                            limit="CATALOG_BYTES")
    try:
        return read_po(io.BytesIO(data), locale=locale)
    except (PoFileError, ValueError) as exc:
        raise CatalogError(f"cannot be read: {exc}", path) from None


def init(project: Project, language: str) -> list[Path]:
    """Start catalogs for a new language, marked as unreviewed drafts."""
    problem = language_problem(language)
    if problem:
        raise UsageError(problem, advice="Use a code such as de, pt-BR or zh-Hant")
    locale = matrix.language(language).locale
    created = []
    for domain in domains(project):
        pot = template_path(project.locales, domain)
        if not pot.is_file():
            raise HandoutError(f"no template {pot}", advice="Run 'make_guide.py extract' first")
        target = catalog_path(project.locales, language, domain)
        if target.is_symlink():
            raise PublishError("is a symbolic link; links are not followed, so a project "
                               "file can never read or overwrite a file elsewhere", target,
                               advice="Remove the link")
        if target.exists():
            raise HandoutError(f"catalog already exists: {target}",
                               advice="Use 'make_guide.py update' to refresh it")
        # What 'pybabel init --no-wrap' does, written through atomic_write.
        catalog = _read_template(pot, locale)
        catalog.locale = locale
        catalog.revision_date = datetime.datetime.now(LOCALTZ)
        catalog.fuzzy = False
        out = io.BytesIO()
        write_po(out, catalog, width=None)
        text = tidy_po(with_headers(out.getvalue().decode("utf-8"), NEW_CATALOG_HEADERS),
                       domain == TEMPLATE_DOMAIN)
        atomic_write(target, text.encode("utf-8"), root=project.locales)
        created.append(target)
    return created


def update(project: Project, languages: list[str] | None = None,
           notes: list[str] | None = None,
           refused: list[HandoutError] | None = None) -> list[Path]:
    """Merge each language's catalogs with the current templates.

    A catalog ``check`` cannot read (broken syntax, not UTF-8, a bad header) is
    refused without being rewritten, and the others are still updated; the refusals
    go to ``refused`` (or the first is raised at the end). Folders under locales/
    that are not languages are skipped with a note.
    """
    for language in languages or ():
        problem = language_problem(language)
        if problem:
            raise UsageError(problem, advice="Name a language folder under locales/")
    updated = []
    errors: list[HandoutError] = [] if refused is None else refused
    for domain in domains(project):
        pot = template_path(project.locales, domain)
        if not pot.is_file() and not pot.is_symlink():
            continue
        for language in discover_languages(project.locales, domain, notes):
            if languages and language not in languages:
                continue
            path = catalog_path(project.locales, language, domain)
            # A fresh template for every catalog: Babel's update adds the template's own
            # message objects to the catalog, so a shared template would carry one
            # language's fuzzy matches into the next language's catalog.
            template = _read_template(pot)
            try:
                update_catalog(path, template)
            except HandoutError as exc:
                errors.append(exc)
                continue
            updated.append(path)
    if errors and refused is None:
        raise errors[0]
    return updated


def update_catalog(path: Path, template) -> None:
    """Babel's update without cross-context fuzzy matches, keeping review headers.

    The catalog is first read the way ``check`` reads it; one that cannot be read is
    refused and left as it is (Babel would silently rewrite an unclosed string into
    a different one).
    """
    read_catalog(path)
    text = files.read_bytes(path, CatalogError, MAX_CATALOG_BYTES, path.parents[2]
                            ).decode("utf-8")
    kept = {name: value for name, value in read_headers(text, path).items()
            if name in REVIEW_FIELDS}
    try:
        catalog = read_po(io.StringIO(text), locale=path.parent.parent.name.replace("-", "_"))
        previous = _previous_ids(catalog)
        catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
        for message in catalog:
            if message.fuzzy and not message.previous_id and message.id in previous:
                message.previous_id = [previous[message.id]]
        _fuzzy_within_context(catalog)
        out = io.BytesIO()
        write_po(out, catalog, width=0, include_previous=True, ignore_obsolete=False)
    except (PoFileError, ValueError, LookupError) as exc:
        raise CatalogError(f"cannot be updated: {exc}", path,
                           advice="Fix it so that 'make_guide.py check' reads it") from None
    new_text = tidy_po(with_headers(out.getvalue().decode("utf-8"), kept, path),
                       path.stem == TEMPLATE_DOMAIN)
    atomic_write(path, new_text.encode("utf-8"), root=path.parents[2])


def _previous_ids(catalog) -> dict:
    """Babel reads a ``#| msgid "..."`` line as a translator's comment "| msgid ..."
    and would write it back as ``# | msgid ...``, wrapped: no gettext tool reads that
    as the previous text any more. Take those comments out, by message id, so that a
    message still fuzzy keeps its previous text as ``#|``."""
    from babel.messages.pofile import unescape

    found = {}
    for message in catalog:
        first = next((i for i, c in enumerate(message.user_comments) if c.startswith("|")),
                     None)
        if first is None:
            continue
        rest = message.user_comments[first:]
        if rest[0].startswith("| msgid ") and len(rest) == 1:
            found[message.id] = unescape(rest[0][len("| msgid "):].strip())
        # From the first "|" on, the comments are a previous msgid (or what an earlier
        # update's wrapping left of one): never a translator's words.
        message.user_comments = message.user_comments[:first]
    for message in catalog.obsolete.values():
        # Retired messages keep their text for translation memory, not comments: those
        # are where earlier updates left previous msgids mangled.
        message.user_comments = []
    return found


_ENTRY_FLAGS = re.compile(r"^#,(.*)$")
_PLACEHOLDER = re.compile(r"%\([a-z_]+\)s")


def tidy_po(text: str, domain_is_template: bool) -> str:
    """What gettext tools need that Babel does not write: the right format flags, and
    previous msgids (#|) on one line each.

    Babel marks any message with "50% c…" in it ``python-format``, so msgfmt -c (and
    Poedit, which runs it on save) rejects a faithful translation ("50 %"). Guide text
    is never a format string: ``no-python-format`` wherever it has a %. A template
    message keeps ``python-format`` only when it has %(name)s placeholders. Babel also
    wraps a long ``#|`` comment onto lines without quotes, which msgfmt cannot parse.
    """
    out: list[str] = []
    for block in text.split("\n\n"):
        lines = _join_previous(block.split("\n"))
        msgid = _entry_msgid(lines)
        if msgid:
            flags = []
            index = next((i for i, line in enumerate(lines) if line.startswith("#,")), None)
            if index is not None:
                flags = [f.strip() for f in lines[index][2:].split(",") if f.strip()]
            flags = [f for f in flags if f not in ("python-format", "no-python-format")]
            if domain_is_template and _PLACEHOLDER.search(msgid):
                flags.append("python-format")
            elif "%" in msgid:
                flags.append("no-python-format")
            flag_line = "#, " + ", ".join(flags) if flags else None
            if index is not None:
                lines = [*lines[:index], *([flag_line] if flag_line else []),
                         *lines[index + 1:]]
            elif flag_line:
                first = next(i for i, line in enumerate(lines)
                             if line.startswith(("#|", "msgctxt", "msgid")))
                lines = [*lines[:first], flag_line, *lines[first:]]
        out.append("\n".join(lines))
    return "\n\n".join(out)


def _join_previous(lines: list[str]) -> list[str]:
    """Rejoin a #| comment Babel wrapped onto several lines."""
    joined: list[str] = []
    for line in lines:
        if line.startswith("#| ") and joined and joined[-1].startswith("#| ") and \
                not line[3:].startswith(("msgid", "msgctxt", "msgid_plural", '"')):
            joined[-1] = f"{joined[-1]} {line[3:]}"
        else:
            joined.append(line)
    return joined


def _entry_msgid(lines: list[str]) -> str:
    """The msgid of an entry's lines (concatenated, unescaped), or '' for the header."""
    from babel.messages.pofile import unescape

    parts: list[str] = []
    collecting = False
    for line in lines:
        if line.startswith("msgid "):
            collecting = True
            parts.append(line[6:])
        elif collecting and line.startswith('"'):
            parts.append(line)
        elif collecting:
            break
    return "".join(unescape(part) for part in parts if part.startswith('"'))


def _fuzzy_within_context(catalog) -> None:
    """Offer an obsolete translation as fuzzy only to a message of the same context."""
    for message in catalog:
        if not message.id or message.string:
            continue
        candidates = [old for old in catalog.obsolete.values()
                      if old.context == message.context and old.string]
        best = None
        for old in candidates:
            ratio = difflib.SequenceMatcher(None, old.id, message.id).ratio()
            if ratio >= FUZZY_CUTOFF and (best is None or ratio > best[0]):
                best = (ratio, old)
        if best:
            old = best[1]
            message.string = old.string
            message.flags.add("fuzzy")
            message.previous_id = [old.id]
            del catalog.obsolete[(old.id, old.context) if old.context else old.id]
