"""The catalog of a build: output/index.html, a page a person can choose a handout from.

Per guide: its name and what it is about; its languages, each named in its own script,
the source language first and then by name, with jump links; and one card per handout
(language × audience × print size × paper, and clinic) with its cover, the audience,
the print size explained in words, the paper, the translation status in plain words,
and links to the PDF, its web edition and its bilingual editions. Filters for
language, audience and print size are radio buttons that CSS alone acts on (no script
needed); a small script only announces how many handouts are shown. The look is
styles/index.html.j2.
"""

from __future__ import annotations

from collections import defaultdict
from io import BytesIO
from pathlib import Path
from typing import Any

from ..builder.publish import write_output
from ..errors import HandoutError
from ..matrix import AUDIENCE_NAMES, AUDIENCES, PAPERS, PRINT_SIZES, language
from ..project import Project

INDEX = "index.html"
THUMBNAILS = "thumbnails"
THUMBNAIL_WIDTH_PX = 180        # drawn at half that: sharp on high-density screens


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


def translation_words(status: str, source_name: str) -> str:
    """The manifest's translation status as a reader would say it."""
    if status == "original":
        return "Original text, written in " + source_name
    if status.startswith("reviewed by"):
        return "Translated from " + source_name + ", and the translation checked by a " \
            "qualified medical translator (" + status.removeprefix("reviewed by ") + ")"
    return ("Draft translation from " + source_name + ": not yet checked by a qualified "
            "medical translator")


def _guide_info(project: Project, guide_id: str) -> dict[str, Any]:
    """The guide's name, what it is about and its source language, from guide.yaml."""
    from ..content.load import load_guide

    try:
        guide = load_guide(project.guide_folder(guide_id))
    except (HandoutError, OSError):
        return {"name": guide_id, "description": "", "source": "en"}
    lay = next((a for a in AUDIENCE_NAMES if AUDIENCES[a].glossary), AUDIENCE_NAMES[0])
    subtitle = guide.subtitle.for_audience(lay, frozenset(AUDIENCE_NAMES)) \
        if guide.subtitle is not None else None
    return {"name": guide.name or guide_id, "description": subtitle[0] if subtitle else "",
            "source": guide.source_language}


def _card_key(entry: dict[str, Any]) -> tuple:
    return (entry["guide"], entry["language"], entry["audience"], entry["size"],
            entry["paper"], entry.get("clinic"))


def catalog_view(out: Path, entries: list[dict[str, Any]], project: Project) -> list[dict]:
    """What the template shows: guides, their languages in order, one card per handout
    with its bilingual editions attached."""
    from ..translation.collation import sort_key

    plain = [e for e in entries if e.get("edition", "plain") == "plain"]
    keys = {_card_key(e) for e in plain}
    # A bilingual edition built without its plain one still gets a card of its own.
    cards = plain + [e for e in entries if e.get("edition") == "bilingual"
                     and _card_key(e) not in keys]
    bilingual: dict[tuple, list[dict]] = defaultdict(list)
    for entry in entries:
        if entry.get("edition") == "bilingual":
            second = _language(entry["second_language"])
            bilingual[_card_key(entry)].append(dict(
                entry, second=second, web_path=(entry.get("web") or {}).get("path")))
    guides: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for entry in cards:
        size = PRINT_SIZES[entry["size"]]
        paper = PAPERS.get(entry["paper"])
        guides[entry["guide"]][entry["language"]].append(dict(
            entry, thumbnail=_thumbnail(out, entry),
            audience_name=AUDIENCES[entry["audience"]].index_name,
            size_name=size.short_description, size_words=size.description,
            paper_name=paper.label if paper else entry["paper"],
            kilobytes=round(entry["bytes"] / 1024),
            web_path=(entry.get("web") or {}).get("path"),
            second=_language(entry["second_language"]) if entry.get("second_language")
            else None,
            bilingual=[] if entry.get("edition") == "bilingual" else sorted(
                bilingual.get(_card_key(entry), []),
                key=lambda b: sort_key(b["second"]["own_name"], "en"))))
    order = {a: i for i, a in enumerate(AUDIENCE_NAMES)}
    sizes = {s: i for i, s in enumerate(PRINT_SIZES)}
    view = []
    for guide_id, languages in sorted(guides.items()):
        info = _guide_info(project, guide_id)
        source_name = language(info["source"]).name_in(language("en"))
        codes = sorted(languages, key=lambda code: (
            code != info["source"], sort_key(language(code).own_name, "en")))
        view.append({"id": guide_id, **info, "languages": [
            {**_language(code),
             "status": translation_words(languages[code][0]["translation_status"],
                                         source_name),
             "handouts": sorted(languages[code], key=lambda e: (
                 e.get("clinic") or "", order.get(e["audience"], 9),
                 sizes.get(e["size"], 9), e["paper"], e.get("second_language") or ""))}
            for code in codes]})
    return view


def write_index_page(out: Path, entries: list[dict[str, Any]], project: Project) -> Path:
    from ..rendering.html import make_environment

    guides = catalog_view(out, entries, project)
    audiences = [{"name": a, "label": AUDIENCES[a].index_name} for a in AUDIENCE_NAMES
                 if any(e["audience"] == a for e in entries)]
    sizes = [{"name": s, "label": PRINT_SIZES[s].short_description,
              "words": PRINT_SIZES[s].purpose} for s in PRINT_SIZES
             if any(e["size"] == s for e in entries)]
    languages = list({lang["code"]: lang for guide in guides
                      for lang in guide["languages"]}.values())
    html = make_environment(project.styles).get_template("index.html.j2").render(
        guides=guides, audiences=audiences, sizes=sizes, languages=languages,
        count=sum(len(lang["handouts"]) for guide in guides for lang in guide["languages"]))
    path = out / INDEX
    write_output(out, path, html.encode("utf-8"))
    return path
