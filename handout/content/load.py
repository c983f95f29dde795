"""Stage 1: read a guide folder (YAML + CSL-JSON + images) into a validated Guide.

Every error names the file, the line and what to do about it.
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path
from typing import Any

from .. import charset, files, limits, matrix
from ..content.blocks import BLOCK_KINDS, TEXT_KEYS
from ..content.images import ImageProblem, check_image
from ..content.markup import citation_keys
from ..content.model import SHARED, Block, GlossaryEntry, Guide, Section, Text
from ..content.references import read_references
from ..content.safeyaml import LineDict, LineList, kind_of, line_of, load_yaml
from ..errors import ContentError
from ..matrix import AUDIENCE_NAMES, GLOSSARY_AUDIENCES

GUIDE_FILE = "guide.yaml"
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
MAX_TEXT_CHARS = limits.TEXT_CHARS
MAX_SECTIONS = limits.SECTIONS
MAX_BLOCKS = limits.BLOCKS
MAX_ITEMS = limits.ITEMS
MAX_IMAGE_BYTES = limits.IMAGE_BYTES
IMAGE_TYPES = {".svg", ".png"}

TOP_KEYS = {"id", "name", "source_language", "content_version", "content_date", "title",
            "short_title", "subtitle", "references", "glossary", "sections"}
NAME_CHARS = 120
SECTION_KEYS = {"id", "audiences", "heading", "blocks", "role"}
CALLOUT_KINDS = ("important", "note", "unknown")
GLOSSARY_KEYS = {"term", "definition", "matches", "audiences"}


def load_guide(folder: Path) -> Guide:
    """Load and validate ``folder/guide.yaml`` and its references."""
    source = folder / GUIDE_FILE
    if not source.is_file() and not source.is_symlink():
        raise ContentError(f"no {GUIDE_FILE} in guide folder", folder,
                           advice=f"Create {source}")
    # From the guide root down: a guide folder or guide.yaml that is a link is refused.
    data = load_yaml(source, ContentError, root=folder.parent)
    return _Loader(folder, source).guide(data)


def discover_guides(guide_root: Path) -> list[str]:
    """Ids of all guide folders under ``guide_root``, sorted."""
    if not guide_root.is_dir():
        return []
    return sorted(p.name for p in guide_root.iterdir()
                  if (p / GUIDE_FILE).is_file() or (p / GUIDE_FILE).is_symlink())


def guide_files(guide: Guide) -> list[Path]:
    """The files a guide's handouts are made from: guide.yaml, references, figures.

    Only these are hashed into job keys, so a stray file in the guide folder (a 1.5 GB
    video, an unreadable backup) is never read.
    """
    figures = {guide.folder / block.options["src"] for section in guide.sections
               for block in section.blocks if block.kind == "figure"}
    return [guide.source_file, guide.references_file, *sorted(figures)]


class _Loader:
    """Holds the file being read so every check can report its location."""

    def __init__(self, folder: Path, source: Path) -> None:
        self.folder = folder
        self.source = source
        self.cited: set[str] = set()
        self.citation_uses: list[tuple[str, int]] = []

    def fail(self, problem: str, line: int | None, advice: str = "") -> ContentError:
        return ContentError(problem, self.source, line, advice)

    # -- top level -------------------------------------------------------------------

    def guide(self, data: Any) -> Guide:
        if not isinstance(data, LineDict):
            raise self.fail("the guide must be a mapping of keys (id, title, sections …)", 1)
        self.unknown_keys(data, TOP_KEYS, "guide")
        for key in ("id", "source_language", "content_version", "content_date", "title",
                    "references", "sections"):
            if key not in data:
                raise self.fail(f"missing required key '{key}'", data.line,
                                f"Add '{key}:' at the top level")
        guide_id = self.identifier(data, "id")
        if guide_id != self.folder.name:
            raise self.fail(f"id '{guide_id}' differs from the folder name "
                            f"'{self.folder.name}'", line_of(data, "id"),
                            "Make them the same")
        source_language = self.language(data, "source_language")
        version = data["content_version"]
        if not isinstance(version, (str, int, float)) or not str(version).strip():
            raise self.fail("content_version must be text such as \"1.0\"",
                            line_of(data, "content_version"))
        content_date = data["content_date"]
        if not isinstance(content_date, date):
            raise self.fail("content_date must be a date written YYYY-MM-DD",
                            line_of(data, "content_date"))
        references, references_file = self.references(data)
        title = self.text(data, "title")
        short_title = self.text(data, "short_title") if "short_title" in data else title
        subtitle = self.text(data, "subtitle") if "subtitle" in data else None
        name = data.get("name")
        if name is not None and (not isinstance(name, str) or not name.strip()
                                 or len(name) > NAME_CHARS):
            raise self.fail(f"name must be text of at most {NAME_CHARS} characters",
                            line_of(data, "name"), "Write the guide's name as a catalog "
                            "lists it, such as \"Progressive osseous heteroplasia (POH)\"")
        sections = self.sections(data)
        glossary = self.glossary(data.get("glossary", LineList()), line_of(data, "glossary"))

        for key, line in self.citation_uses:
            if key not in references:
                raise self.fail(f"unknown citation key '@{key}'", line,
                                f"Add '{key}' to {references_file.name} or fix the key")
        warnings = tuple(
            f"{references_file}: reference '{key}' is not cited anywhere"
            for key in references if key not in self.cited)
        return Guide(
            id=guide_id, folder=self.folder, source_file=self.source,
            source_language=source_language, content_version=str(version),
            content_date=content_date, title=title, short_title=short_title,
            subtitle=subtitle, name=name.strip() if name else None,
            sections=sections, glossary=glossary, references=references,
            references_file=references_file, warnings=warnings)

    def unknown_keys(self, mapping: LineDict, allowed: set[str], what: str) -> None:
        for key in mapping:
            if key not in allowed:
                raise self.fail(f"unknown key '{key}' in {what}", line_of(mapping, key),
                                "Allowed keys: " + ", ".join(sorted(allowed)))

    def identifier(self, mapping: LineDict, key: str) -> str:
        value = mapping[key]
        if not isinstance(value, str) or not ID_RE.match(value):
            raise self.fail(f"{key} must be lower-case letters, digits and '-' "
                            f"(got {value!r})", line_of(mapping, key))
        return value

    def language(self, mapping: LineDict, key: str) -> str:
        value = mapping[key]
        try:
            matrix.language(str(value))
        except ValueError:
            raise self.fail(f"unknown language code {value!r}", line_of(mapping, key),
                            "Use a code such as en, es, fr, ar, zh") from None
        return str(value)

    def audience_list(self, mapping: LineDict, default: frozenset[str]) -> frozenset[str]:
        if "audiences" not in mapping:
            return default
        value = mapping["audiences"]
        line = line_of(mapping, "audiences")
        if not isinstance(value, list) or not value:
            raise self.fail("audiences must be a non-empty list", line,
                            "Write e.g. audiences: [teen, parent]")
        for item in value:
            if item not in AUDIENCE_NAMES:
                raise self.fail(f"unknown audience {item!r}", line,
                                "Audiences are: " + ", ".join(AUDIENCE_NAMES))
        return frozenset(value)

    # -- text ------------------------------------------------------------------------

    def text(self, container: Any, key: Any, required: bool = True) -> Text:
        line = line_of(container, key)
        value = container[key] if (isinstance(container, dict) and key in container) or (
            isinstance(container, list) and isinstance(key, int)) else None
        if value is None:
            if required:
                raise self.fail(f"missing text for '{key}'", line)
            return Text({}, line)
        if isinstance(value, str):
            variants = {SHARED: self.check_string(value, line)}
            return Text(variants, line, {SHARED: line})
        if isinstance(value, LineDict):
            variants, lines = {}, {}
            for variant, string in value.items():
                vline = line_of(value, variant)
                if variant != SHARED and variant not in AUDIENCE_NAMES:
                    raise self.fail(f"unknown audience {variant!r} in text", vline,
                                    "Use all, " + ", ".join(AUDIENCE_NAMES))
                if not isinstance(string, str):
                    raise self.fail(f"text for '{variant}' must be a string, "
                                    f"not {kind_of(string)}", vline)
                variants[variant] = self.check_string(string, vline)
                lines[variant] = vline
            if not variants:
                raise self.fail("empty text mapping", line)
            return Text(variants, line, lines)
        raise self.fail(f"'{key}' must be text or a mapping of audience to text, "
                        f"not {kind_of(value)}", line)

    def check_string(self, value: str, line: int) -> str:
        value = value.strip()
        found = charset.forbidden(value)
        if found is not None:
            problem, advice = charset.problem(found)
            raise self.fail(f"{problem} in text", line, advice)
        if not value:
            raise self.fail("empty text", line, "Write the text or remove the entry")
        if len(value) > MAX_TEXT_CHARS:
            raise self.fail(f"text of {len(value)} characters, more than "
                            f"{MAX_TEXT_CHARS} (TEXT_CHARS)", line,
                            "Split it into several blocks")
        for key in citation_keys(value):
            self.cited.add(key)
            self.citation_uses.append((key, line))
        return value

    def text_list(self, mapping: LineDict, key: str) -> tuple[Text, ...]:
        value = mapping[key]
        line = line_of(mapping, key)
        if not isinstance(value, list) or not value:
            raise self.fail(f"'{key}' must be a non-empty list", line)
        if len(value) > MAX_ITEMS:
            raise self.fail(f"'{key}' has {len(value)} entries, more than {MAX_ITEMS} "
                            "(ITEMS)", line)
        return tuple(self.text(value, i) for i in range(len(value)))

    # -- sections and blocks ---------------------------------------------------------

    def sections(self, data: LineDict) -> tuple[Section, ...]:
        raw = data["sections"]
        if not isinstance(raw, list) or not raw:
            raise self.fail("sections must be a non-empty list", line_of(data, "sections"))
        if len(raw) > MAX_SECTIONS:
            raise self.fail(f"{len(raw)} sections, more than {MAX_SECTIONS} (SECTIONS)",
                            line_of(data, "sections"))
        seen: dict[str, int] = {}
        sections = []
        for index, item in enumerate(raw):
            line = line_of(raw, index)
            if not isinstance(item, LineDict):
                raise self.fail("each section must be a mapping with id, heading, blocks",
                                line)
            self.unknown_keys(item, SECTION_KEYS, "section")
            for key in ("id", "heading", "blocks"):
                if key not in item:
                    raise self.fail(f"section is missing '{key}'", item.line)
            section_id = self.identifier(item, "id")
            if section_id in seen:
                raise self.fail(f"duplicate section id '{section_id}' (first on line "
                                f"{seen[section_id]})", line_of(item, "id"),
                                "Give each section its own id")
            seen[section_id] = line_of(item, "id")
            audiences = self.audience_list(item, frozenset(AUDIENCE_NAMES))
            role = item.get("role")
            if role is not None and (not isinstance(role, str) or not ID_RE.match(role)):
                raise self.fail("role must be a lower-case name", line_of(item, "role"))
            sections.append(Section(
                id=section_id, heading=self.text(item, "heading"), audiences=audiences,
                blocks=self.blocks(item, audiences), line=item.line, role=role))
        return tuple(sections)

    def blocks(self, section: LineDict, section_audiences: frozenset[str]) -> tuple[Block, ...]:
        raw = section["blocks"]
        if not isinstance(raw, list):
            raise self.fail("blocks must be a list", line_of(section, "blocks"))
        if len(raw) > MAX_BLOCKS:
            raise self.fail(f"{len(raw)} blocks, more than {MAX_BLOCKS} (BLOCKS)",
                            line_of(section, "blocks"))
        return tuple(self.block(raw, i, section_audiences) for i in range(len(raw)))

    def block(self, raw: LineList, index: int, section_audiences: frozenset[str]) -> Block:
        item = raw[index]
        line = line_of(raw, index)
        if not isinstance(item, LineDict) or "type" not in item:
            raise self.fail("each block must be a mapping with a 'type'", line,
                            "Types: " + ", ".join(BLOCK_KINDS))
        kind = item["type"]
        if not isinstance(kind, str) or kind not in BLOCK_KINDS:
            raise self.fail(f"unknown block type {kind!r}", line_of(item, "type"),
                            "Types: " + ", ".join(BLOCK_KINDS))
        spec = BLOCK_KINDS[kind]
        self.unknown_keys(item, spec.required | spec.optional | {"type", "audiences"},
                          f"{kind} block")
        for key in sorted(spec.required):
            if key not in item:
                advice = ("Describe the picture for readers who cannot see it"
                          if key == "alt" else f"Add '{key}:'")
                raise self.fail(f"{kind} block is missing '{key}'", item.line, advice)
        audiences = self.audience_list(item, section_audiences)
        if not audiences <= section_audiences:
            raise self.fail("block names audiences its section does not have: "
                            + ", ".join(sorted(audiences - section_audiences)),
                            line_of(item, "audiences"))
        texts: dict[str, Text] = {}
        for key in TEXT_KEYS:
            if key in item:
                texts[key] = self.text(item, key)
        options: dict[str, Any] = {}
        items: tuple[Text, ...] = ()
        header: tuple[Text, ...] = ()
        rows: tuple[tuple[Text, ...], ...] = ()
        labels: dict[str, Text] = {}
        if spec.has_items:
            items = self.text_list(item, "items")
        if kind == "list":
            options["ordered"] = self.boolean(item, "ordered", False)
        if kind == "questions":
            options["lines"] = self.integer(item, "lines", 3, 0, 12)
        if kind == "callout":
            options["kind"] = item.get("kind", "note")
            if options["kind"] not in CALLOUT_KINDS:
                raise self.fail(f"unknown callout kind {options['kind']!r}",
                                line_of(item, "kind"), "Kinds: " + ", ".join(CALLOUT_KINDS))
        if kind == "table":
            header = self.text_list(item, "header")
            if len(header) > limits.TABLE_COLUMNS:
                raise self.fail(f"table has {len(header)} columns, more than "
                                f"{limits.TABLE_COLUMNS} (TABLE_COLUMNS)",
                                line_of(item, "header"), "Split the table")
            rows = self.table_rows(item, len(header))
            options["row_headers"] = self.boolean(item, "row_headers", False)
        if kind == "figure":
            options["src"] = self.image(item)
            labels = self.labels(item)
        return Block(kind=kind, audiences=audiences, line=item.line, texts=texts, items=items,
                     header=header, rows=rows, labels=labels, options=options)

    def table_rows(self, item: LineDict, width: int) -> tuple[tuple[Text, ...], ...]:
        raw = item["rows"]
        if not isinstance(raw, list) or not raw:
            raise self.fail("rows must be a non-empty list of lists", line_of(item, "rows"))
        if len(raw) > limits.TABLE_ROWS:
            raise self.fail(f"table has {len(raw)} rows, more than {limits.TABLE_ROWS} "
                            "(TABLE_ROWS)", line_of(item, "rows"),
                            "Split the table or shorten it")
        rows = []
        for i, row in enumerate(raw):
            if not isinstance(row, list):
                raise self.fail("each table row must be a list of cells", line_of(raw, i))
            if len(row) != width:
                raise self.fail(f"table row has {len(row)} cells but the header has {width}",
                                line_of(raw, i), "Give every row one cell per column")
            rows.append(tuple(self.text(row, j) for j in range(len(row))))
        return tuple(rows)

    def boolean(self, item: LineDict, key: str, default: bool) -> bool:
        value = item.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(f"'{key}' must be true or false", line_of(item, key))
        return value

    def integer(self, item: LineDict, key: str, default: int, low: int, high: int) -> int:
        value = item.get(key, default)
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise self.fail(f"'{key}' must be a whole number from {low} to {high}",
                            line_of(item, key))
        return value

    def image(self, item: LineDict) -> str:
        src = item["src"]
        line = line_of(item, "src")
        if not isinstance(src, str):
            raise self.fail("src must be a file name", line)
        path = (self.folder / src).resolve()
        if not path.is_relative_to(self.folder.resolve()):
            raise self.fail(f"image {src!r} is outside the guide folder", line,
                            "Put images in the guide's own folder")
        if path.suffix.lower() not in IMAGE_TYPES:
            raise self.fail(f"image {src!r} must be SVG or PNG", line)
        named = self.folder / src
        if not os.path.lexists(named):
            raise self.fail(f"image {src!r} not found", line, f"Add {path}")
        data = files.read_bytes(named, ContentError, MAX_IMAGE_BYTES, self.folder,
                                limit="IMAGE_BYTES", line=line, file=self.source)
        try:
            check_image(data, path.suffix)
        except ImageProblem as exc:
            separator = ":" if path.suffix.lower() == ".svg" else ""
            raise self.fail(f"image {src!r}{separator} {exc}", line,
                            "Figures must be SVG drawings (shapes and text) or PNG "
                            "images") from None
        return src

    def labels(self, item: LineDict) -> dict[str, Text]:
        raw = item.get("labels")
        if raw is None:
            return {}
        if not isinstance(raw, LineDict):
            raise self.fail("labels must map SVG text ids to text", line_of(item, "labels"))
        return {str(key): self.text(raw, key) for key in raw}

    # -- glossary and references -----------------------------------------------------

    def glossary(self, raw: Any, line: int) -> tuple[GlossaryEntry, ...]:
        if not isinstance(raw, list):
            raise self.fail("glossary must be a list of entries", line)
        if len(raw) > limits.GLOSSARY_ENTRIES:
            raise self.fail(f"glossary has {len(raw)} entries, more than "
                            f"{limits.GLOSSARY_ENTRIES} (GLOSSARY_ENTRIES)", line)
        entries = []
        for i, item in enumerate(raw):
            if not isinstance(item, LineDict):
                raise self.fail("each glossary entry must be a mapping with term and "
                                "definition", line_of(raw, i))
            self.unknown_keys(item, GLOSSARY_KEYS, "glossary entry")
            term = self.text(item, "term")
            definition = self.text(item, "definition")
            matches = item.get("matches")
            if matches is None:
                matches = [next(iter(term.variants.values())).lower()]
            if not isinstance(matches, list) or not all(isinstance(m, str) for m in matches):
                raise self.fail("matches must be a list of words", line_of(item, "matches"))
            entries.append(GlossaryEntry(
                term=term, definition=definition,
                matches=tuple(m.lower() for m in matches),
                audiences=self.audience_list(item, GLOSSARY_AUDIENCES), line=item.line))
        return tuple(entries)

    def references(self, data: LineDict) -> tuple[dict[str, dict[str, Any]], Path]:
        name = data["references"]
        line = line_of(data, "references")
        if not isinstance(name, str):
            raise self.fail("references must be a file name", line)
        path = self.folder / name       # as named: a link is refused when it is read
        if Path(name).is_absolute() or ".." in Path(name).parts or not os.path.lexists(path):
            raise self.fail(f"reference file {name!r} not found in the guide folder", line)
        return read_references(path, self.folder), path
