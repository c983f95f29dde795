"""The browsable catalog of a build: output/index.html with first-page thumbnails.

Lists every handout in the manifest by guide, language (in its own name and script),
audience and size, with its translation status. Rendered from styles/index.html.j2.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from babel import Locale

from ..build.publish import write_output
from ..project import Project
from ..registry import AUDIENCES, PRINT_SIZES

INDEX = "index.html"
THUMBNAILS = "thumbnails"
THUMBNAIL_WIDTH_PX = 180
AUDIENCE_NAMES = {"teen": "Teenagers", "parent": "Parents and carers",
                  "clinician": "Clinicians"}
SIZE_NAMES = {"standard": "Standard print (12 pt)", "large": "Large print (18 pt)",
              "xlarge": "Extra-large print (24 pt)"}


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
    locale = Locale.parse(code.replace("-", "_"))
    own = locale.get_display_name(locale) or code
    return {"code": code, "own_name": own[:1].upper() + own[1:],
            "english_name": locale.get_display_name("en") or code,
            "dir": locale.text_direction}


def write_catalog_page(out: Path, entries: list[dict[str, Any]], project: Project) -> Path:
    from ..rendering.html import make_environment

    guides: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for entry in entries:
        entry = dict(entry, thumbnail=_thumbnail(out, entry),
                     audience_name=AUDIENCE_NAMES.get(entry["audience"], entry["audience"]),
                     size_name=SIZE_NAMES.get(entry["size"], entry["size"]),
                     kilobytes=round(entry["bytes"] / 1024))
        guides[entry["guide"]][entry["language"]].append(entry)
    order = {a: i for i, a in enumerate(AUDIENCES)}
    sizes = {s: i for i, s in enumerate(PRINT_SIZES)}
    view = [{"id": guide, "languages": [
        {**_language(code), "status": items[0]["translation_status"], "handouts": sorted(
            items, key=lambda e: (order.get(e["audience"], 9), sizes.get(e["size"], 9),
                                  e["paper"]))}
        for code, items in sorted(languages.items())]}
        for guide, languages in sorted(guides.items())]
    html = make_environment(project.styles).get_template("index.html.j2").render(guides=view)
    path = out / INDEX
    write_output(out, path, html.encode("utf-8"))
    return path
