"""Reading a built PDF back: its text, and its structure tree as a screen reader reads it."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from pathlib import Path

import pdfplumber
import pikepdf

from handout.verify.document import walk_structure


def pdf_text(path: Path) -> str:
    """Every page's text, as the page shows it (layout order)."""
    with pdfplumber.open(path) as pdf:
        return " ".join(page.extract_text() or "" for page in pdf.pages)


def structure_paragraphs(path, tags=("/P",)) -> list[str]:
    """Each /P's (or other tag's) text in structure order: /ActualText where given, else
    its content, as a screen reader gets it."""
    with pdfplumber.open(path) as plumber:
        by_mcid: dict[tuple[int, int], str] = {}
        for index, page in enumerate(plumber.pages):
            for char in page.chars:
                if char.get("mcid") is not None:
                    key = (index, char["mcid"])
                    by_mcid[key] = by_mcid.get(key, "") + char["text"]
    with pikepdf.open(path) as pdf:
        pages = {page.objgen: i for i, page in enumerate(pdf.pages)}

        def text(element, page=None) -> str:
            if "/ActualText" in element:
                return str(element.ActualText)
            page = pages.get(element.Pg.objgen, page) if "/Pg" in element else page
            kids = element.get("/K")
            kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
            parts = []
            for kid in kids:
                if isinstance(kid, int):
                    parts.append(by_mcid.get((page, kid), ""))
                elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    parts.append(text(kid, page))
            return "".join(parts)

        return [text(e) for e in walk_structure(pdf) if str(e.S) in tags]


def structure_text(path) -> str:
    """All text in structure (reading) order, as a screen reader gets it."""
    return "\n".join(structure_paragraphs(path, tags=("/Document",)))


def squash(text: str) -> str:
    """Text without any whitespace (line breaks in a PDF fall between any two words)."""
    return "".join(unicodedata.normalize("NFC", text).split())


def squash_cited(text: str) -> str:
    """Text without whitespace or citation numbers ([1], [2, 3], [4–6]): a source
    paragraph and its printed form compare equal."""
    return re.sub(r"\[[\d,\s–]+\]|\s", "", text)


def structure_elements(path, tags=("/P",)) -> list[dict]:
    """Each element of ``tags`` in structure order: its language (its own /Lang or its
    nearest ancestor's), its text as a screen reader gets it (/ActualText where given)
    and its characters on the page."""
    with pdfplumber.open(path) as plumber:
        by_mcid: dict[tuple[int, int], list[dict]] = defaultdict(list)
        for index, page in enumerate(plumber.pages):
            for char in page.chars:
                if char.get("mcid") is not None:
                    by_mcid[(index, char["mcid"])].append(char)
    found = []
    with pikepdf.open(path) as pdf:
        pages = {page.objgen: i for i, page in enumerate(pdf.pages)}

        def collect(element, page, texts, chars) -> None:
            if "/ActualText" in element:
                texts.append(str(element.ActualText))
                texts = []          # the glyphs' own text is replaced, not added
            page = pages.get(element.Pg.objgen, page) if "/Pg" in element else page
            kids = element.get("/K")
            for kid in list(kids) if isinstance(kids, pikepdf.Array) else [kids]:
                if isinstance(kid, pikepdf.Dictionary) and "/MCID" in kid:   # a marked-
                    where = pages.get(kid.Pg.objgen, page) if "/Pg" in kid else page  # content
                    kid, page_of_kid = int(kid.MCID), where                      # reference
                else:
                    page_of_kid = page
                if isinstance(kid, int):
                    chars.extend(by_mcid.get((page_of_kid, kid), []))
                    texts.append("".join(c["text"] for c in by_mcid.get((page_of_kid, kid),
                                                                         [])))
                elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    collect(kid, page, texts, chars)

        def walk(node, lang) -> None:
            kids = node.get("/K")
            for kid in list(kids) if isinstance(kids, pikepdf.Array) else [kids]:
                if not isinstance(kid, pikepdf.Dictionary) or "/S" not in kid:
                    continue
                own = str(kid.get("/Lang", lang))
                if str(kid.S) in tags:
                    texts: list[str] = []
                    chars: list[dict] = []
                    collect(kid, None, texts, chars)
                    found.append({"lang": own, "text": "".join(texts), "chars": chars})
                walk(kid, own)

        walk(pdf.Root.StructTreeRoot, str(pdf.Root.Lang))
    return found
