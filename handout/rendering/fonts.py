"""Fonts per writing system, read from styles/fonts.yaml, and glyph coverage checks."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont

from ..content.safeyaml import LineDict, LineList, line_of, load_yaml
from ..errors import ContentError, RenderError

FONTS_FILE = "fonts.yaml"
# fonts.yaml may name files only inside font packages: a top-level package named
# fontpkg_* (the fontpkg-* wheels), or one listed here. The package is located with
# importlib.util.find_spec, never imported, so no code of it runs.
KNOWN_FONT_PACKAGES: frozenset[str] = frozenset()
FONT_PACKAGE_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")
FACE_KEYS = {"family", "weight", "package", "file", "system"}
TOP_KEYS = {"faces", "scripts"}
SCRIPT_RE = re.compile(r"^[A-Z][a-z]{3}$")
WEIGHT_RE = re.compile(r"^(?:[1-9][0-9]{0,2}|1000)(?: (?:[1-9][0-9]{0,2}|1000))?$")


@dataclass(frozen=True)
class Face:
    family: str
    weight: str
    path: Path
    index: int            # face index inside a collection (.ttc)
    system: bool          # found through fontconfig, not declared with @font-face


@dataclass(frozen=True)
class FontStack:
    script: str
    families: tuple[str, ...]
    faces: tuple[Face, ...]

    def css_family(self) -> str:
        return ", ".join(f'"{family}"' for family in self.families)

    def font_face_faces(self) -> tuple[Face, ...]:
        return tuple(face for face in self.faces if not face.system)


def load_font_stacks(styles: Path) -> dict[str, FontStack]:
    """Read the font table and locate every face on this machine."""
    source = styles / FONTS_FILE
    data = load_yaml(source, ContentError, root=styles)
    unknown = sorted(map(str, set(data) - TOP_KEYS)) if isinstance(data, LineDict) else []
    if unknown:
        raise ContentError(f"unknown key {unknown[0]!r}", source, line_of(data, unknown[0]),
                           "fonts.yaml has only 'faces' and 'scripts'")
    if not isinstance(data, LineDict) or not isinstance(data.get("faces", []), LineList) \
            or not isinstance(data.get("scripts", {}), LineDict):
        raise ContentError("fonts.yaml must map 'faces' to a list and 'scripts' to a "
                           "mapping", source, line_of(data) or 1)
    faces_by_family: dict[str, list[Face]] = {}
    for i, entry in enumerate(data.get("faces", [])):
        line = line_of(data["faces"], i)
        _check_face(entry, source, line)
        path, index = _locate(entry, source, line)
        face = Face(family=entry["family"], weight=str(entry.get("weight", 400)), path=path,
                    index=index, system="system" in entry)
        faces_by_family.setdefault(face.family, []).append(face)
    stacks = {}
    for script, families in data.get("scripts", {}).items():
        if not isinstance(script, str) or not SCRIPT_RE.match(script):
            raise ContentError(f"{script!r} is not an ISO 15924 script code", source,
                               line_of(data["scripts"], script),
                               "Use a four-letter code such as Latn, Arab, Hans or Cyrl")
        if not isinstance(families, list) or not all(isinstance(f, str) for f in families):
            raise ContentError(f"script {script} must list font family names", source,
                               line_of(data["scripts"], script))
        for family in families:
            if family not in faces_by_family:
                raise ContentError(f"script {script} names font {family!r}, which has no "
                                   "face", source, line_of(data["scripts"], script))
        stacks[script] = FontStack(
            script=script, families=tuple(families),
            faces=tuple(face for family in families for face in faces_by_family[family]))
    return stacks


def _check_face(entry, source: Path, line: int) -> None:
    if not isinstance(entry, LineDict):
        raise ContentError("each face must be a mapping with family and package + file, "
                           "or family and system", source, line)
    unknown = set(entry) - FACE_KEYS
    if unknown:
        raise ContentError(f"unknown key {sorted(map(str, unknown))[0]!r} in a face", source,
                           line, "Keys: " + ", ".join(sorted(FACE_KEYS)))
    if not isinstance(entry.get("family"), str):
        raise ContentError("a face needs a family name", source, line)
    if ("package" in entry) == ("system" in entry):
        raise ContentError("a face names either a package (with file) or a system font",
                           source, line)
    for key in ("package", "file", "system"):
        if key in entry and not isinstance(entry[key], str):
            raise ContentError(f"'{key}' must be text", source, line_of(entry, key))
    if "system" in entry and entry["system"].startswith("-"):
        raise ContentError("a system font name cannot start with '-'", source,
                           line_of(entry, "system"))
    if "package" in entry and "file" not in entry:
        raise ContentError("a face from a package needs 'file'", source, line)
    if not WEIGHT_RE.match(str(entry.get("weight", 400))):
        raise ContentError(f"weight {entry['weight']!r} is not a CSS font weight", source,
                           line_of(entry, "weight"),
                           "Use a number from 1 to 1000, or a range such as '100 900'")


def _font_package_folder(name: str, source: Path, line: int) -> Path:
    """The folder of an installed font package, found without importing anything."""
    if not FONT_PACKAGE_RE.match(name) or not (name.startswith("fontpkg_")
                                              or name in KNOWN_FONT_PACKAGES):
        raise ContentError(f"package {name!r} is not a font package", source, line,
                           "Name a fontpkg_* package (pip install fontpkg-...), or a "
                           "system font with 'system:'")
    # A top-level name: find_spec imports nothing (only a dotted name imports its
    # parent package).
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise RenderError(f"font package {name!r} is not installed", source,
                          line, "Run the set-up command in the README")
    return Path(next(iter(spec.submodule_search_locations))).resolve()


def _locate(entry: dict, source: Path, line: int) -> tuple[Path, int]:
    if "package" in entry:
        folder = _font_package_folder(entry["package"], source, line_of(entry, "package", line))
        path = (folder / entry["file"]).resolve()
        if not path.is_relative_to(folder):
            raise ContentError(f"font file {entry['file']!r} is outside package "
                               f"{entry['package']}", source, line_of(entry, "file"),
                               "Name a file inside the package's folder")
        if path.suffix.lower() not in FONT_SUFFIXES:
            raise ContentError(f"font file {entry['file']!r} is not a font "
                               f"({', '.join(FONT_SUFFIXES)})", source, line_of(entry, "file"))
        if not path.is_file():
            raise RenderError(f"font file {entry['file']!r} missing from package "
                              f"{entry['package']}", source, line)
        return path, 0
    return _fontconfig_match(entry["system"], source, line)


@cache
def _fontconfig_match(pattern: str, source: Path, line: int) -> tuple[Path, int]:
    family = pattern.split(":")[0]
    if shutil.which("fc-match") is None:
        raise RenderError("fontconfig's fc-match is not installed", source, line,
                          "Install fontconfig (Debian: apt-get install fontconfig)")
    found = subprocess.run(["fc-match", "-f", "%{family}|%{file}|%{index}", pattern],
                           capture_output=True, text=True, check=False).stdout
    families, _, rest = found.partition("|")
    file, _, index = rest.partition("|")
    if family not in families.split(",") or not file:
        raise RenderError(f"system font {family!r} is not installed", source, line,
                          "Run the set-up command in the README (Debian: apt-get install "
                          "fonts-noto-cjk)")
    return Path(file), int(index or 0)


@lru_cache(maxsize=16)
def _cmap(path: Path, index: int) -> frozenset[int]:
    font = TTFont(path, fontNumber=index, lazy=True)
    try:
        return frozenset(font.getBestCmap())
    finally:
        font.close()


def coverage(stack: FontStack) -> frozenset[int]:
    """Code points some face in the stack can draw."""
    covered: set[int] = set()
    for face in stack.faces:
        covered |= _cmap(face.path, face.index)
    return frozenset(covered)


# Characters that are layout controls, not glyphs: no font needs to draw them.
_INVISIBLE = {0x09, 0x0A, 0x0D, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060,
              0x2066, 0x2067, 0x2068, 0x2069, 0xFEFF, 0x00AD}


def missing_glyphs(text: str, covered: frozenset[int]) -> list[str]:
    """Characters of ``text`` no face covers, in order of first appearance."""
    seen: list[str] = []
    for char in text:
        code = ord(char)
        if code in covered or code in _INVISIBLE or char in seen:
            continue
        seen.append(char)
    return seen
