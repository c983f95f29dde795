"""Reading a built PDF back: its text, and its structure tree as a screen reader reads it."""

from __future__ import annotations

import re
import unicodedata
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
