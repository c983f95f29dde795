"""The guide's references (CSL-JSON): read with line numbers, every field checked.

A reference's URL and DOI become live links in every handout, so they are limited to
http(s) addresses and DOI names (``javascript:``, ``file:`` or ``data:`` would be
live links in a published PDF). Every field the formatter reads is checked by type,
and a refusal names the file, the line of the reference, its id and the field.
"""

from __future__ import annotations

import bisect
import json
import json.decoder
import json.scanner
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .. import charset
from ..content.safeyaml import read_text_capped
from ..errors import ContentError
from ..limits import FILE_BYTES, JSON_DEPTH, URL_CHARS

KEY_RE = re.compile(r"^[A-Za-z0-9_.:-]{1,100}$")            # what [@key] can cite
DOI_RE = re.compile(r"^10\.[0-9]+(?:\.[0-9]+)*/[^\s\"'<>\\]{1,300}$")  # 10.prefix/suffix
TEXT_FIELDS = ("type", "title", "container-title", "container-title-short", "publisher",
               "publisher-place", "event", "PMID", "PMCID", "note", "abstract", "language",
               "source", "collection-title", "genre", "medium", "status")
NUMBER_OR_TEXT_FIELDS = ("volume", "issue", "page", "edition", "number",
                         "number-of-pages", "chapter-number")
NAME_FIELDS = ("author", "editor", "translator", "container-author")
DATE_FIELDS = ("issued", "accessed", "original-date", "event-date")


class JsonObject(dict):
    """A JSON object that remembers the line it starts on."""

    line: int = 0


def parse_json(text: str, path: Path) -> Any:
    """json.loads with each object's line recorded and nesting limited (JSON_DEPTH)."""
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    depth = [0]

    def line_of(position: int) -> int:
        return bisect.bisect_right(line_starts, position)

    def nested(parse):
        def parse_nested(s_and_end, *args):
            depth[0] += 1
            if depth[0] > JSON_DEPTH:
                raise ContentError(f"JSON nested deeper than {JSON_DEPTH} levels (JSON_DEPTH)",
                                   path, line_of(s_and_end[1]), "Flatten the structure")
            try:
                return parse(s_and_end, *args)
            finally:
                depth[0] -= 1
        return parse_nested

    def parse_object(s_and_end, *args):
        found, end = json.decoder.JSONObject(s_and_end, *args)
        result = JsonObject(found)
        result.line = line_of(s_and_end[1] - 1)
        return result, end

    def parse_constant(name: str):
        raise ValueError(f"{name} is not a number JSON allows")

    def parse_float(written: str) -> float:
        value = float(written)
        if value in (float("inf"), float("-inf")):
            raise ValueError(f"number {written[:40]} is too large")
        return value

    decoder = json.JSONDecoder(parse_constant=parse_constant, parse_float=parse_float)
    decoder.parse_object = nested(parse_object)
    decoder.parse_array = nested(decoder.parse_array)
    decoder.scan_once = json.scanner.py_make_scanner(decoder)
    try:
        return decoder.decode(text)
    except json.JSONDecodeError as exc:
        raise ContentError(f"invalid JSON: {exc.msg}", path, exc.lineno,
                           "Check commas and quotes") from None
    except ValueError as exc:        # a number of thousands of digits, NaN, 1e999
        raise ContentError(f"a value cannot be read: {exc}", path,
                           advice="Quote long numbers so they are read as text") from None


def read_references(path: Path, folder: Path) -> dict[str, dict[str, Any]]:
    """CSL-JSON items by id, in file order; every field the handout prints checked."""
    text = read_text_capped(path, ContentError, FILE_BYTES, root=folder)
    items = parse_json(text, path)
    if not isinstance(items, list):
        raise ContentError("CSL-JSON must be a list of items", path, 1)
    references: dict[str, dict[str, Any]] = {}
    for item in items:
        if not isinstance(item, JsonObject):
            raise ContentError("every reference must be an object with an 'id'", path,
                               _line(item, items))
        _Checker(path, item).check()
        if item["id"] in references:
            raise ContentError(f"duplicate reference id '{item['id']}'", path, item.line)
        references[item["id"]] = item
    return references


def _line(item: Any, items: list) -> int | None:
    return getattr(item, "line", None) or getattr(items, "line", None)


class _Checker:
    def __init__(self, path: Path, item: JsonObject) -> None:
        self.path = path
        self.item = item
        self.key = item.get("id")

    def fail(self, field: str, problem: str, advice: str = "") -> ContentError:
        who = f"reference {self.key!r}" if isinstance(self.key, str) else "a reference"
        return ContentError(f"{who}, field '{field}': {problem}", self.path, self.item.line,
                            advice)

    def check(self) -> None:
        item = self.item
        if not isinstance(self.key, str) or not KEY_RE.match(self.key):
            raise self.fail("id", "must be a string of letters, digits and _ . : -",
                            "Give every reference an id such as smith2020")
        if not isinstance(item.get("title"), str) or not item["title"].strip():
            raise ContentError(f"reference '{self.key}' has no title", self.path,
                               item.line)
        for field, value in item.items():
            self.text_anywhere(field, value)
        for field in TEXT_FIELDS:
            if field in item and not isinstance(item[field], str):
                raise self.fail(field, f"must be text, not {_type(item[field])}")
        for field in NUMBER_OR_TEXT_FIELDS:
            if field in item and (not isinstance(item[field], (str, int))
                                  or isinstance(item[field], bool)):
                raise self.fail(field, f"must be text or a whole number, not "
                                f"{_type(item[field])}")
        for field in NAME_FIELDS:
            if field in item:
                self.names(field, item[field])
        for field in DATE_FIELDS:
            if field in item:
                self.date(field, item[field])
        if "URL" in item:
            self.url(item["URL"])
        if "DOI" in item:
            doi = item["DOI"]
            if not isinstance(doi, str) or not DOI_RE.match(doi):
                raise self.fail("DOI", f"{_short(doi)} is not a DOI name",
                                "Write the DOI as it is registered, e.g. 10.1056/NEJMoa011262 "
                                "(without https://doi.org/)")

    def text_anywhere(self, field: str, value: Any) -> None:
        if isinstance(value, str):
            found = charset.forbidden(value)
            if found is not None:
                problem, advice = charset.problem(found)
                raise self.fail(field, problem, advice)
        elif isinstance(value, dict):
            for child in value.values():
                self.text_anywhere(field, child)
        elif isinstance(value, list):
            for child in value:
                self.text_anywhere(field, child)

    def names(self, field: str, people: Any) -> None:
        if not isinstance(people, list):
            raise self.fail(field, f"must be a list of names, not {_type(people)}")
        for person in people:
            if not isinstance(person, dict) or not person:
                raise self.fail(field, "each name must be an object such as "
                                '{"family": "Smith", "given": "Ann"}')
            for part, value in person.items():
                if not isinstance(value, str):
                    raise self.fail(field, f"name part '{part}' must be text, not "
                                    f"{_type(value)}")

    def date(self, field: str, value: Any) -> None:
        parts = value.get("date-parts") if isinstance(value, dict) else None
        ok = isinstance(parts, list) and 1 <= len(parts) <= 2 and all(
            isinstance(date, list) and 1 <= len(date) <= 3 and all(
                (isinstance(p, int) and not isinstance(p, bool) and 0 <= p <= 9999)
                or (isinstance(p, str) and p.isdigit() and len(p) <= 4) for p in date)
            for date in parts)
        if not ok:
            raise self.fail(field, "must be written {\"date-parts\": [[year, month, day]]}",
                            "Month and day are optional; use numbers")

    def url(self, value: Any) -> None:
        if not isinstance(value, str):
            raise self.fail("URL", f"must be text, not {_type(value)}")
        parts = urlsplit(value)
        if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
            raise self.fail("URL", f"{_short(value)} is not an http(s) address",
                            "Only web addresses (https://…) may be links in a handout")
        if len(value) > URL_CHARS or any(c.isspace() for c in value):
            raise self.fail("URL", "must be one address without spaces, at most "
                            f"{URL_CHARS} characters (URL_CHARS)")


def _type(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "text", bool: "true/false",
            type(None): "null", int: "a number", float: "a number"}.get(
        type(value) if not isinstance(value, dict) else dict, type(value).__name__)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
