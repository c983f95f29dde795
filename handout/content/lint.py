"""Content rules a medical writer answers to, checked on the guide's source text.

`make_guide.py lint` runs them; every problem names the YAML (or CSL-JSON) file and
line. The rules:

- each version opens with a key-points block of 3-6 items (the answer first);
- every paragraph, list item, key point, callout and figure caption cites a source;
- in the lay versions (teen, parent) a text carries one citation group, at its end,
  so citation brackets do not interrupt the sentences;
- every reference has a real title (not a bracketed description) and an author or
  an editor (a person or an organisation);
- the reading grade of each version is within its target.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..content.blocks import cited_parts
from ..content.markup import CITATION_RE
from ..content.model import Guide
from ..content.readability import readability
from ..content.select import select
from ..matrix import AUDIENCE_NAMES

KEY_POINTS_MIN = 3
KEY_POINTS_MAX = 6
# Versions whose readers meet one citation group per paragraph, at its end.
LAY_AUDIENCES = ("teen", "parent")


@dataclass(frozen=True)
class LintProblem:
    file: Path
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.text}"


def lint_guide(guide: Guide) -> list[LintProblem]:
    """Every rule broken in ``guide``, in file order."""
    problems: list[LintProblem] = []
    for audience in AUDIENCE_NAMES:
        problems.extend(_key_points_first(guide, audience))
        problems.extend(_citations(guide, audience))
        result = readability(guide, audience)
        if not result.ok:
            problems.append(LintProblem(
                guide.source_file, 1, f"{audience}: Flesch-Kincaid grade {result.grade:g} "
                f"is above the target {result.target:g}; use shorter sentences and "
                "everyday words"))
    problems.extend(_format_lookalikes(guide))
    problems.extend(_references(guide))
    unique = {(p.file, p.line, p.text): p for p in problems}
    return sorted(unique.values(), key=lambda p: (str(p.file), p.line, p.text))


def _key_points_first(guide: Guide, audience: str) -> list[LintProblem]:
    selection = select(guide, audience)
    first = next((b for s in selection.sections for b in s.blocks), None)
    if first is None or first.kind != "key_points":
        line = first.line if first else 1
        return [LintProblem(guide.source_file, line, f"{audience}: the first block is not a "
                            "key_points block; open every version with its answer")]
    if not KEY_POINTS_MIN <= len(first.items) <= KEY_POINTS_MAX:
        return [LintProblem(guide.source_file, first.line,
                            f"{audience}: key points have {len(first.items)} items; give "
                            f"{KEY_POINTS_MIN} to {KEY_POINTS_MAX}")]
    return []


def _citations(guide: Guide, audience: str) -> list[LintProblem]:
    problems = []
    for section in select(guide, audience).sections:
        for block in section.blocks:
            for _, message in cited_parts(block):
                groups = list(CITATION_RE.finditer(message.msgid))
                if not groups:
                    problems.append(LintProblem(
                        guide.source_file, message.line,
                        f"{audience}: {block.kind} without a citation; cite the source "
                        "of its facts with [@key]"))
                elif audience in LAY_AUDIENCES and (
                        len(groups) > 1
                        or message.msgid[groups[-1].end():].strip(" .;:!?")):
                    problems.append(LintProblem(
                        guide.source_file, message.line,
                        f"{audience}: cite once, at the end of the {block.kind}; merge its "
                        f"{len(groups)} citation group(s) into one [@a; @b] at the end"))
    return problems


def _format_lookalikes(guide: Guide) -> list[LintProblem]:
    """Text that gettext tools read as a format string ("59% of" holds "% o")."""
    from babel.messages.catalog import PYTHON_FORMAT

    problems = []
    for audience in AUDIENCE_NAMES:
        for message in select(guide, audience).messages():
            match = PYTHON_FORMAT.search(message.msgid)
            if match:
                around = message.msgid[max(0, match.start() - 8):match.end() + 8]
                problems.append(LintProblem(
                    guide.source_file, message.line,
                    f"{match.group(0)!r} in {around!r} reads as a format directive to "
                    "pybabel compile, which then rejects faithful translations such as "
                    "'59 %'; reword so no letter follows '% ' (e.g. '59% (95 of 161)')"))
    return problems


_BRACKETED = re.compile(r"^\s*\[|\[[^\]]*\]\s*$")


def _references(guide: Guide) -> list[LintProblem]:
    problems = []
    lines = _reference_lines(guide.references_file)
    for key, item in guide.references.items():
        line = lines.get(key, 1)
        title = item.get("title", "")
        if not isinstance(title, str) or not title.strip():
            problems.append(LintProblem(guide.references_file, line,
                                        f"reference '{key}' has no title"))
        elif _BRACKETED.search(title):
            problems.append(LintProblem(
                guide.references_file, line, f"reference '{key}' has a bracketed "
                "description instead of its real title; give the title as published"))
        if not (item.get("author") or item.get("editor")):
            problems.append(LintProblem(
                guide.references_file, line, f"reference '{key}' has no author or editor; "
                "name the people or the organisation responsible"))
    return problems


def _reference_lines(path: Path) -> dict[str, int]:
    """Line of each reference's "id" in the CSL-JSON file."""
    found = {}
    try:
        text = path.read_text("utf-8")
    except OSError:
        return found
    for number, line in enumerate(text.splitlines(), start=1):
        match = re.search(r'"id"\s*:\s*"([^"]+)"', line)
        if match and match.group(1) not in found:
            found[match.group(1)] = number
    return found
