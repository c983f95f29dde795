"""The index page of a build: output/index.html, browsable, with first-page thumbnails.

Lists every handout in the manifest by guide, language (in its own name and script),
audience and size, with its translation status. Rendered from styles/index.html.j2.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from ..builder.publish import write_output
from ..matrix import AUDIENCE_NAMES, AUDIENCES, PDF_STANDARDS, PRINT_SIZES, language
from ..project import Project

INDEX = "index.html"
THUMBNAILS = "thumbnails"
THUMBNAIL_WIDTH_PX = 180


def _thumbnail(out: Path, entry: dict[str, Any]) -> str:
    """Relative path of a PNG of the handout's first page, made once per content hash."""
    relative = Path(THUMBNAILS) / f"{entry['sha256'][:16]}.png"
    target = out / relative
    if not target.is_file():
        import pypdfium2

        document = pypdfium2.PdfDocument(str(out / entry["path"]))
        try:
            page = document[0]
            scale = THUMBNAIL_WIDTH_PX / page.get_width()
            image = page.render(scale=scale).to_pil()
            from io import BytesIO

            buffer = BytesIO()
            image.save(buffer, format="PNG", optimize=True)
            write_output(out, target, buffer.getvalue())
        finally:
            document.close()
    return relative.as_posix()


def _language(code: str) -> dict[str, str]:
    found = language(code)
    return {"code": code, "own_name": found.own_name,
            "english_name": found.name_in(language("en")), "dir": found.direction}


def write_index_page(out: Path, entries: list[dict[str, Any]], project: Project) -> Path:
    from ..rendering.html import make_environment

    guides: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for entry in entries:
        entry = dict(entry, thumbnail=_thumbnail(out, entry),
                     audience_name=AUDIENCES[entry["audience"]].index_name,
                     size_name=PRINT_SIZES[entry["size"]].description,
                     standard_label=PDF_STANDARDS[entry["pdf_standard"]].label,
                     kilobytes=round(entry["bytes"] / 1024))
        guides[entry["guide"]][entry["language"]].append(entry)
    order = {a: i for i, a in enumerate(AUDIENCE_NAMES)}
    sizes = {s: i for i, s in enumerate(PRINT_SIZES)}
    standards = {s: i for i, s in enumerate(PDF_STANDARDS)}
    view = [{"id": guide, "languages": [
        {**_language(code), "status": items[0]["translation_status"], "handouts": sorted(
            items, key=lambda e: (order.get(e["audience"], 9), sizes.get(e["size"], 9),
                                  e["paper"], standards.get(e["pdf_standard"], 9)))}
        for code, items in sorted(languages.items())]}
        for guide, languages in sorted(guides.items())]
    html = make_environment(project.styles).get_template("index.html.j2").render(guides=view)
    path = out / INDEX
    write_output(out, path, html.encode("utf-8"))
    return path
