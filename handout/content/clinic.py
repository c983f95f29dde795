"""Clinic profiles: who a family should call, printed on the clinic's edition.

A profile is a folder with ``clinic.yaml`` and, optionally, a logo (SVG or PNG) in the
same folder. It is data from clinic staff, so it gets the content's trust rules:
safe YAML with limits, errors with file and line, text escaped, the logo read only
from the profile's own folder and size-capped. Free-text fields may be one string or a
mapping of language code to string.
"""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass
from pathlib import Path

from .. import files, limits, matrix
from ..content.images import ImageProblem, check_image
from ..content.safeyaml import LineDict, line_of, load_yaml
from ..errors import ProfileError

PROFILE_FILE = "clinic.yaml"
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,40}$")
MAX_FIELD_CHARS = limits.CLINIC_FIELD_CHARS
MAX_NOTE_CHARS = limits.CLINIC_NOTE_CHARS
MAX_LOGO_BYTES = limits.LOGO_BYTES
MAX_ORGANISATIONS = limits.CLINIC_ORGANISATIONS
URL_RE = re.compile(r"^https?://[^\s<>\"']+$")
EMAIL_RE = re.compile(r"^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$")
PHONE_RE = re.compile(r"^[+0-9 ()./-]{3,40}$")

TOP_KEYS = {"id", "language", "name", "department", "address", "phone", "email", "website",
            "opening_hours", "logo", "online_version", "web_editions", "genetic_counselling",
            "organisations", "note"}
CONTACT_KEYS = {"name", "phone", "email", "website", "address", "opening_hours", "notes"}


@dataclass(frozen=True)
class PerLanguage:
    """A free-text field: one string for all languages, or one per language."""

    values: dict[str, str]
    default_language: str

    def get(self, language: str) -> tuple[str, str | None]:
        """(text, its language if it differs from ``language``)."""
        for code in (language, language.split("-")[0]):
            if code in self.values:
                return self.values[code], None
        if "*" in self.values:
            return self.values["*"], None
        fallback = self.values.get(self.default_language) or next(iter(self.values.values()))
        return fallback, self.default_language


@dataclass(frozen=True)
class Contact:
    name: PerLanguage
    phone: str = ""
    email: str = ""
    website: str = ""
    address: PerLanguage | None = None
    opening_hours: PerLanguage | None = None
    notes: PerLanguage | None = None


@dataclass(frozen=True)
class ClinicProfile:
    id: str
    source: Path
    language: str
    clinic: Contact
    department: PerLanguage | None
    logo: bytes | None
    logo_type: str
    logo_alt: PerLanguage | None
    online_version: str
    # Where the clinic publishes the build's output folder (its web editions): the QR
    # code then opens the handout's own web edition there.
    web_editions: str
    genetic_counselling: Contact | None
    organisations: tuple[Contact, ...]
    note: PerLanguage | None
    files: tuple[Path, ...]


def load_profile(path: Path) -> ClinicProfile:
    """Load ``clinic.yaml`` (or a folder holding it) and validate every field."""
    source = path / PROFILE_FILE if path.is_dir() else path
    if not source.is_file() and not source.is_symlink():
        raise ProfileError("clinic profile not found", source,
                           advice=f"Give the path of a {PROFILE_FILE} or its folder")
    data = load_yaml(source, ProfileError)          # a linked clinic.yaml is refused
    return _Reader(source).profile(data)


class _Reader:
    def __init__(self, source: Path) -> None:
        self.source = source
        self.folder = source.parent.resolve()
        self.language = "en"
        self.files: list[Path] = [source]

    def fail(self, problem: str, line: int | None, advice: str = "") -> ProfileError:
        return ProfileError(problem, self.source, line, advice)

    def profile(self, data) -> ClinicProfile:
        if not isinstance(data, LineDict):
            raise self.fail("a clinic profile must be a mapping of fields", 1)
        for key in data:
            if key not in TOP_KEYS:
                raise self.fail(f"unknown field '{key}'", line_of(data, key),
                                "Fields: " + ", ".join(sorted(TOP_KEYS)))
        for key in ("id", "name", "phone"):
            if key not in data:
                raise self.fail(f"missing required field '{key}'", data.line,
                                f"Add '{key}:' to the profile")
        clinic_id = data["id"]
        if not isinstance(clinic_id, str) or not ID_RE.match(clinic_id):
            raise self.fail("id must be lower-case letters, digits and '-'",
                            line_of(data, "id"))
        self.language = str(data.get("language", "en"))
        try:
            matrix.language(self.language)
        except ValueError:
            raise self.fail(f"unknown language {self.language!r}",
                            line_of(data, "language")) from None
        clinic = self.contact(data, allowed=TOP_KEYS)
        logo, logo_type, logo_alt = self.logo(data)
        online = self.url(data, "online_version") if "online_version" in data else ""
        web_editions = self.url(data, "web_editions") if "web_editions" in data else ""
        counselling = None
        if "genetic_counselling" in data:
            raw = data["genetic_counselling"]
            if not isinstance(raw, LineDict) or "name" not in raw:
                raise self.fail("genetic_counselling needs at least a name",
                                line_of(data, "genetic_counselling"))
            counselling = self.contact(raw, allowed=CONTACT_KEYS)
        organisations = []
        raw_orgs = data.get("organisations", [])
        if not isinstance(raw_orgs, list) or len(raw_orgs) > MAX_ORGANISATIONS:
            raise self.fail(f"organisations must be a list of at most {MAX_ORGANISATIONS}",
                            line_of(data, "organisations"))
        for index, item in enumerate(raw_orgs):
            if not isinstance(item, LineDict) or "name" not in item:
                raise self.fail("each organisation needs a name", line_of(raw_orgs, index))
            organisations.append(self.contact(item, allowed=CONTACT_KEYS))
        return ClinicProfile(
            id=clinic_id, source=self.source, language=self.language, clinic=clinic,
            department=self.text(data, "department"), logo=logo, logo_type=logo_type,
            logo_alt=logo_alt, online_version=online, web_editions=web_editions,
            genetic_counselling=counselling,
            organisations=tuple(organisations),
            note=self.text(data, "note", MAX_NOTE_CHARS), files=tuple(self.files))

    def contact(self, raw: LineDict, allowed: set[str]) -> Contact:
        for key in raw:
            if key not in allowed:
                raise self.fail(f"unknown field '{key}'", line_of(raw, key),
                                "Fields: " + ", ".join(sorted(allowed)))
        return Contact(
            name=self.text(raw, "name"),
            phone=self.plain(raw, "phone", PHONE_RE, "a phone number such as +44 20 7946 0000"),
            email=self.plain(raw, "email", EMAIL_RE, "an address such as team@example.org"),
            website=self.url(raw, "website") if "website" in raw else "",
            address=self.text(raw, "address"), opening_hours=self.text(raw, "opening_hours"),
            notes=self.text(raw, "notes", MAX_NOTE_CHARS))

    def text(self, raw: LineDict, key: str, limit: int = MAX_FIELD_CHARS) -> PerLanguage | None:
        if key not in raw:
            return None
        value, line = raw[key], line_of(raw, key)
        values = {"*": value} if isinstance(value, str) else value
        if not isinstance(values, dict) or not values:
            raise self.fail(f"'{key}' must be text, or a mapping of language to text", line)
        for language, text in values.items():
            if not isinstance(text, str) or not text.strip():
                raise self.fail(f"'{key}' for '{language}' must be non-empty text",
                                line_of(values, language, line))
            if len(text) > limit:
                raise self.fail(f"'{key}' is {len(text)} characters, more than {limit}",
                                line_of(values, language, line), "Shorten it")
        return PerLanguage({k: v.strip() for k, v in values.items()}, self.language)

    def plain(self, raw: LineDict, key: str, pattern: re.Pattern, example: str) -> str:
        if key not in raw:
            return ""
        value = raw[key]
        if not isinstance(value, str) or len(value) > MAX_FIELD_CHARS or not pattern.match(
                value.strip()):
            raise self.fail(f"'{key}' is not valid", line_of(raw, key), f"Write {example}")
        return value.strip()

    def url(self, raw: LineDict, key: str) -> str:
        value = raw[key]
        if not isinstance(value, str) or len(value) > MAX_FIELD_CHARS or not URL_RE.match(
                value.strip()):
            raise self.fail(f"'{key}' must be an http(s) address", line_of(raw, key))
        return value.strip()

    def logo(self, data: LineDict) -> tuple[bytes | None, str, PerLanguage | None]:
        if "logo" not in data:
            return None, "", None
        raw, line = data["logo"], line_of(data, "logo")
        if not isinstance(raw, LineDict) or "file" not in raw or "alt" not in raw:
            raise self.fail("logo needs 'file' and 'alt' (a description for readers who "
                            "cannot see it)", line)
        name = raw["file"]
        path = (self.folder / str(name)).resolve()
        if not path.is_relative_to(self.folder):
            raise self.fail(f"logo {name!r} is outside the profile's folder",
                            line_of(raw, "file"), "Put the logo next to clinic.yaml")
        suffix = path.suffix.lower()
        if suffix not in (".svg", ".png"):
            raise self.fail("logo must be SVG or PNG", line_of(raw, "file"))
        named = self.source.parent / str(name)
        if not os.path.lexists(named):
            raise self.fail(f"logo {name!r} not found", line_of(raw, "file"))
        if path.stat().st_size > MAX_LOGO_BYTES:
            raise self.fail(f"logo is larger than {MAX_LOGO_BYTES:,} bytes (LOGO_BYTES)",
                            line_of(raw, "file"), "Use a smaller file")
        data_bytes = files.read_bytes(named, ProfileError, MAX_LOGO_BYTES,
                                      self.source.parent, limit="LOGO_BYTES",
                                      line=line_of(raw, "file"), file=self.source)
        try:
            check_image(data_bytes, suffix)
        except ImageProblem as exc:
            separator = ":" if suffix == ".svg" else ""
            raise self.fail(f"logo {name!r}{separator} {exc}", line_of(raw, "file"),
                            "Logos may hold shapes and text only") from None
        self.files.append(named)
        return data_bytes, suffix[1:], self.text(raw, "alt")


def qr_svg(url: str) -> bytes:
    """A vector QR code (segno) for ``url``: black on white, quiet zone included."""
    import segno

    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=1, border=4, dark="#000000",
                                    light="#ffffff", xmldecl=False, svgns=True,
                                    nl=False, omitsize=False)
    return buffer.getvalue()


def short_url(url: str) -> str:
    """The address as a reader would type it: no scheme, no trailing slash."""
    return re.sub(r"^https?://(www\.)?", "", url).rstrip("/")
