"""The human-readable accessibility report: output/<guide>/accessibility.md."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..builder.publish import write_output
from ..content.model import Guide
from ..content.readability import readability
from ..matrix import AUDIENCE_NAMES

CHECKED = (
    "tagged PDF with a structure tree; document language; title shown in the window; "
    "every font embedded; no .notdef glyphs; every figure has alt text; headings start at "
    "H1 and never skip a level; links are Link structures with a description; lists say "
    "whether they are numbered; table header cells have a scope; running headers and page "
    "numbers are artifacts; smallest glyph at least the print size; text contrast at least "
    "7:1 against its background; no text in the 1 in margins; PDF/UA-1 (page-validation)")


def write_accessibility_report(out: Path, guide: Guide,
                               entries: list[dict[str, Any]]) -> Path:
    grades = {a: readability(guide, a) for a in AUDIENCE_NAMES}
    lines = [f"# Accessibility report: {guide.id}, content version {guide.content_version}",
             "", f"Checked in every handout: {CHECKED}.", "",
             "Reading grade (Flesch-Kincaid, English source body text): " + "; ".join(
                 f"{a} {g.grade:g}" + (f" (target ≤ {g.target:g})" if g.target else "")
                 for a, g in grades.items()), "",
             "| handout | pages | smallest glyph (pt) | lowest contrast | PDF/UA-1 | "
             "translation | result |", "|---|---|---|---|---|---|---|"]
    for entry in sorted(entries, key=lambda e: e["path"]):
        checks = entry.get("checks", {})
        result = "pass" if checks.get("passed") else "FAIL: " + "; ".join(
            checks.get("errors", []))
        lines.append(f"| {Path(entry['path']).name} | {entry['pages']} | "
                     f"{checks.get('min_glyph_pt', 0):.1f} | "
                     f"{checks.get('min_contrast', 0):.1f}:1 | {checks.get('pdfua', '')} | "
                     f"{entry.get('translation_status', '')} | {result} |")
    path = out / guide.id / "accessibility.md"
    write_output(out, path, ("\n".join(lines) + "\n").encode("utf-8"))
    return path
