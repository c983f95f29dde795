"""The translator's workflow: extract, init, update, wrapping Babel.

Babel does the work; this module adds what a medical handout needs on top:
- one .pot per domain (a guide's content; the template's words);
- ``update`` never lets a fuzzy match cross from one audience context to another
  (babel#1330) and keeps the review headers Babel's Catalog drops (X-Review-*).
"""

from __future__ import annotations

import contextlib
import difflib
import io
import re
from pathlib import Path

from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po, write_po

from .catalogs import REVIEW_FIELDS, TEMPLATE_DOMAIN, catalog_path, template_path
from .errors import CatalogError, HandoutError
from .load import discover_guides, load_guide
from .project import Project

FUZZY_CUTOFF = 0.6
NEW_CATALOG_HEADERS = {
    "X-Review-Status": "unreviewed",
    "X-Reviewed-By": "",
    "X-Review-Date": "",
    "X-Reviewed-Content-Version": "",
}


def _pybabel(*args: str, cwd: Path | None = None) -> None:
    try:
        with contextlib.chdir(cwd or Path.cwd()):
            CommandLineInterface().run(["pybabel", "--quiet", *args])
    except SystemExit as exc:
        if exc.code:
            raise CatalogError(f"pybabel {args[0]} failed (exit {exc.code})") from None


def domains(project: Project) -> list[str]:
    return [*discover_guides(project.guides), TEMPLATE_DOMAIN]


def extract(project: Project) -> list[Path]:
    """Write locales/<guide>.pot for each guide and locales/handout.pot."""
    project.locales.mkdir(parents=True, exist_ok=True)
    # Relative paths, so '#:' locations read guide/poh/guide.yaml:12 on every machine.
    mapping = "pyproject.toml"
    root = project.root
    written = []
    for guide_id in discover_guides(project.guides):
        guide = load_guide(project.guide_folder(guide_id))  # clear errors before Babel
        pot = template_path(project.locales, guide_id)
        _pybabel("extract", "-F", mapping, "--project", guide_id, "--version",
                 guide.content_version, "--no-wrap", "-o", str(pot),
                 project.guide_folder(guide_id).relative_to(root).as_posix(), cwd=root)
        written.append(pot)
    pot = template_path(project.locales, TEMPLATE_DOMAIN)
    _pybabel("extract", "-F", mapping, "-k", "N_", "-k", "NC_:1c,2", "--project", TEMPLATE_DOMAIN,
             "--no-wrap", "-o", str(pot), project.styles.relative_to(root).as_posix(),
             "handout", cwd=root)
    written.append(pot)
    return written


def init(project: Project, language: str) -> list[Path]:
    """Start catalogs for a new language, marked as unreviewed drafts."""
    created = []
    for domain in domains(project):
        pot = template_path(project.locales, domain)
        if not pot.is_file():
            raise HandoutError(f"no template {pot}", advice="Run 'make_guide.py extract' first")
        target = catalog_path(project.locales, language, domain)
        if target.exists():
            raise HandoutError(f"catalog already exists: {target}",
                               advice="Use 'make_guide.py update' to refresh it")
        _pybabel("init", "-i", str(pot), "-d", str(project.locales), "-D", domain, "-l",
                 language, "--no-wrap")
        _set_headers(target, NEW_CATALOG_HEADERS)
        created.append(target)
    return created


def update(project: Project, languages: list[str] | None = None) -> list[Path]:
    """Merge each language's catalogs with the current templates."""
    updated = []
    for domain in domains(project):
        pot = template_path(project.locales, domain)
        if not pot.is_file():
            continue
        for language_dir in sorted(project.locales.iterdir()):
            path = catalog_path(project.locales, language_dir.name, domain)
            if not path.is_file() or (languages and language_dir.name not in languages):
                continue
            # A fresh template for every catalog: Babel's update adds the template's own
            # message objects to the catalog, so a shared template would carry one
            # language's fuzzy matches into the next language's catalog.
            with pot.open("rb") as stream:
                template = read_po(stream)
            update_catalog(path, template)
            updated.append(path)
    return updated


def update_catalog(path: Path, template) -> None:
    """Babel's update without cross-context fuzzy matches, keeping review headers."""
    text = path.read_text("utf-8")
    kept = {name: value for name, value in _raw_headers(text).items()
            if name in REVIEW_FIELDS}
    catalog = read_po(io.StringIO(text), locale=path.parent.parent.name)
    catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
    _fuzzy_within_context(catalog)
    out = io.BytesIO()
    write_po(out, catalog, width=0, include_previous=True, ignore_obsolete=False)
    path.write_bytes(out.getvalue())
    _set_headers(path, kept)


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


_HEADER_LINE = re.compile(r'^"([A-Za-z-]+): (.*)\\n"$', re.M)


def _raw_headers(text: str) -> dict[str, str]:
    head = text.split("\n\n", 1)[0]
    return {m.group(1): m.group(2) for m in _HEADER_LINE.finditer(head)}


def _set_headers(path: Path, fields: dict[str, str]) -> None:
    """Add or replace header fields in a .po file's header entry."""
    text = path.read_text("utf-8")
    head, sep, rest = text.partition("\n\n")
    for name, value in fields.items():
        line = f'"{name}: {value}\\n"'
        pattern = re.compile(rf'^"{re.escape(name)}: .*\\n"$', re.M)
        if pattern.search(head):
            head = pattern.sub(lambda _m, line=line: line, head)
        else:
            head = head.rstrip("\n") + "\n" + line
    path.write_text(head + sep + rest, "utf-8")
