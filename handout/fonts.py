"""Fonts per writing system, read from styles/fonts.yaml, and glyph coverage checks."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from babel import Locale
from babel.core import get_global
from fontTools.ttLib import TTFont

from .errors import ContentError, RenderError
from .safeyaml import line_of, load_yaml

FONTS_FILE = "fonts.yaml"


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


def script_of(language: str) -> str:
    """ISO 15924 script of a language, from CLDR likely subtags (en -> Latn, zh -> Hans)."""
    locale = Locale.parse(language.replace("-", "_"))
    if locale.script:
        return locale.script
    likely = get_global("likely_subtags")
    for key in (str(locale), locale.language):
        parts = likely.get(key, "").split("_")
        if len(parts) >= 2 and len(parts[1]) == 4:
            return parts[1]
    return "Latn"


def load_font_stacks(styles: Path) -> dict[str, FontStack]:
    """Read the font table and locate every face on this machine."""
    source = styles / FONTS_FILE
    data = load_yaml(source, ContentError)
    faces_by_family: dict[str, list[Face]] = {}
    for i, entry in enumerate(data.get("faces", [])):
        line = line_of(data["faces"], i)
        path, index = _locate(entry, source, line)
        face = Face(family=entry["family"], weight=str(entry.get("weight", 400)), path=path,
                    index=index, system="system" in entry)
        faces_by_family.setdefault(face.family, []).append(face)
    stacks = {}
    for script, families in data.get("scripts", {}).items():
        for family in families:
            if family not in faces_by_family:
                raise ContentError(f"script {script} names font {family!r}, which has no "
                                   "face", source, line_of(data["scripts"], script))
        stacks[script] = FontStack(
            script=script, families=tuple(families),
            faces=tuple(face for family in families for face in faces_by_family[family]))
    return stacks


def _locate(entry: dict, source: Path, line: int) -> tuple[Path, int]:
    if "package" in entry:
        spec = importlib.util.find_spec(entry["package"])
        if spec is None or not spec.submodule_search_locations:
            raise RenderError(f"font package {entry['package']!r} is not installed", source,
                              line, "Run the set-up command in the README")
        path = Path(spec.submodule_search_locations[0]) / entry["file"]
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
