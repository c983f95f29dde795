"""The human-readable accessibility report: output/<guide>/accessibility.md."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..builder.publish import write_output
from ..content.model import Guide
from ..content.readability import readability
from ..matrix import AUDIENCE_NAMES, PDF_STANDARDS

CHECKED = (
    "tagged PDF with a structure tree; document language; title shown in the window; "
    "every font embedded; no .notdef glyphs; every figure has alt text; headings start at "
    "H1 and never skip a level; links are Link structures with a description; lists say "
    "whether they are numbered; table header cells have a scope; running headers and page "
    "numbers are artifacts; smallest glyph at least the print size; text contrast at least "
    "7:1 against its background; no text in the 1 in margins; the standard each handout "
    "claims: PDF/UA-1 (page-validation), or for PDF/UA-2 the PDF 2.0 version, namespaces, "
    "structure destinations, caption positions and the WTPDF declaration (veraPDF runs "
    "on request: verify --vera)")


def write_accessibility_report(out: Path, guide: Guide,
                               entries: list[dict[str, Any]]) -> Path:
    grades = {a: readability(guide, a) for a in AUDIENCE_NAMES}
    lines = [f"# Accessibility report: {guide.id}, content version {guide.content_version}",
             "", f"Checked in every handout: {CHECKED}.", "",
             "Reading grade (Flesch-Kincaid, English source body text): " + "; ".join(
                 f"{a} {g.grade:g}" + (f" (target ≤ {g.target:g})" if g.target else "")
                 for a, g in grades.items()), "",
             "| handout | standard | pages | smallest glyph (pt) | lowest contrast | "
             "validator | translation | result |", "|---|---|---|---|---|---|---|---|"]
    for entry in sorted(entries, key=lambda e: e["path"]):
        checks = entry.get("checks", {})
        result = "pass" if checks.get("passed") else "FAIL: " + "; ".join(
            checks.get("errors", []))
        standard = PDF_STANDARDS.get(entry.get("pdf_standard", ""))
        lines.append(f"| {Path(entry['path']).name} | {standard.label if standard else ''} | "
                     f"{entry['pages']} | "
                     f"{checks.get('min_glyph_pt', 0):.1f} | "
                     f"{checks.get('min_contrast', 0):.1f}:1 | {checks.get('pdfua', '')} | "
                     f"{entry.get('translation_status', '')} | {result} |")
    path = out / guide.id / "accessibility.md"
    write_output(out, path, ("\n".join(lines) + "\n").encode("utf-8"))
    return path
