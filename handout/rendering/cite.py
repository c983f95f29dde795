"""Stage 4: number citations by first use and format the cited works (Vancouver/NLM).

Formatting is done here from CSL-JSON rather than with citeproc-py, whose NLM style
drops spaces in dates and cannot translate its fixed words ("Available from").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

from ..rendering.words import EDITION, LABEL_COLON, REFERENCE_WORDS

MAX_AUTHORS = 6


@dataclass
class Citations:
    """Numbers works in order of first citation within one handout."""

    order: list[str] = field(default_factory=list)

    def cite(self, keys: list[str]) -> list[int]:
        numbers = []
        for key in keys:
            if key not in self.order:
                self.order.append(key)
            numbers.append(self.order.index(key) + 1)
        return numbers


@dataclass(frozen=True)
class ReferenceEntry:
    number: int
    key: str
    html: Markup
    text: str


Words = Callable[[str], str]


def format_references(order: list[str], items: dict[str, dict[str, Any]],
                      words: Words, rtl: bool = False) -> list[ReferenceEntry]:
    """The reference list for the cited keys, in citation order.

    Entries are set left to right (titles and journals keep their own language);
    in a right-to-left handout the translated fixed words ("Available from") are
    isolated right to left inside them, so nothing reorders across punctuation.
    """
    entries = []
    for number, key in enumerate(order, start=1):
        html, text = _format(items[key], words)
        if rtl:
            html = _isolate_words(html, items[key], words)
        entries.append(ReferenceEntry(number, key, html, text))
    return entries


RLI, PDI = "\u2067", "\u2069"   # RIGHT-TO-LEFT ISOLATE ... POP DIRECTIONAL ISOLATE


def _isolate_words(html: Markup, item: dict[str, Any], words: Words) -> Markup:
    """Each translated fixed word as a right-to-left isolate (UAX #9 characters, which
    Pango honours, rather than inline boxes that upset WeasyPrint's line breaking)."""
    text = str(html)
    fixed = {words(w) for w in REFERENCE_WORDS}
    if item.get("edition"):
        fixed.add(_edition(item, words))
    for word in sorted(fixed, key=len, reverse=True):
        if any(ord(c) > 0x2FF for c in word):
            escaped = str(escape(word))
            text = text.replace(escaped, f"{RLI}{escaped}{PDI}")
    return Markup(text)


def _names(people: list[dict[str, Any]], words: Words) -> str:
    names = []
    et_al = False
    for person in people:
        if person.get("literal") in ("et al.", "et al"):
            et_al = True
            continue
        if "literal" in person:
            names.append(person["literal"])
            continue
        family = person.get("family", "")
        given = person.get("given", "")
        initials = "".join(part[0] for part in given.replace("-", " ").replace(".", " ").split()
                           if part and part[0].isalpha())
        names.append(f"{family} {initials}".strip())
    if len(names) > MAX_AUTHORS:
        names, et_al = names[:MAX_AUTHORS], True
    text = ", ".join(names)
    if et_al and text:
        text += ", " + words("et al.")
    return text


def _label(words: Words, word: str) -> str:
    """A fixed word followed by the language's colon ("Disponible sur :", "网址：")."""
    return words(LABEL_COLON) % {"label": words(word)}


def _edition(item: dict[str, Any], words: Words) -> str:
    """"2nd ed." in the language's own form ("2.ª ed.", "2e éd.", "第2版")."""
    return words(EDITION) % {"edition": item["edition"]}


def _year(item: dict[str, Any]) -> str:
    parts = (item.get("issued") or {}).get("date-parts") or [[]]
    return str(parts[0][0]) if parts and parts[0] else ""


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".?!" else text + "."


def _format(item: dict[str, Any], words: Words) -> tuple[Markup, str]:
    kind = item.get("type", "")
    parts: list[str] = []
    authors = _names(item.get("author", []), words)
    if authors:
        parts.append(_sentence(authors))
    title = item.get("title", "")
    if kind == "webpage":
        title = f"{title.rstrip('.')} [{words('Internet')}]"
    parts.append(_sentence(title))
    year = _year(item)
    container = item.get("container-title-short") or item.get("container-title", "")
    if kind == "article-journal":
        source = container
        if year:
            source += f". {year}" if source else year
        volume = item.get("volume", "")
        if volume:
            source += f";{volume}"
            if item.get("issue"):
                source += f"({item['issue']})"
        if item.get("page"):
            source += f":{item['page']}"
        if source:
            parts.append(_sentence(source))
    elif kind == "chapter":
        editors = _names(item.get("editor", []), words)
        chapter = f"{_label(words, 'In')} "
        if editors:
            chapter += f"{editors}, {words('editors')}. "
        chapter += container
        parts.append(_sentence(chapter))
        publisher = ": ".join(p for p in (item.get("publisher-place"), item.get("publisher"))
                              if p)
        parts.append(_sentence("; ".join(p for p in (publisher, year) if p)))
    elif kind == "book":
        if item.get("edition"):
            parts.append(_sentence(_edition(item, words)))
        publisher = ": ".join(p for p in (item.get("publisher-place"), item.get("publisher"))
                              if p)
        parts.append(_sentence("; ".join(p for p in (publisher, year) if p)))
    else:
        tail = "; ".join(p for p in (container, item.get("event", ""), year) if p)
        if item.get("volume"):
            tail += f";{item['volume']}"
        if tail:
            parts.append(_sentence(tail))
    accessed = (item.get("accessed") or {}).get("date-parts")
    if accessed and accessed[0]:
        parts.append(_sentence(f"{words('Accessed')} "
                               + "-".join(f"{int(p):02d}" for p in accessed[0])))
    plain = " ".join(parts)
    html = Markup(escape(plain))
    links = []
    if item.get("DOI"):
        doi = item["DOI"]
        links.append(Markup('doi: <a class="url" href="https://doi.org/{0}">{0}</a>')
                     .format(doi))
        plain += f" doi: {doi}"
    if item.get("URL") and not (item.get("DOI") and "doi.org" in item["URL"]):
        url = item["URL"]
        label = _label(words, "Available from")
        links.append(Markup('{0} <a class="url" href="{1}">{1}</a>').format(label, url))
        plain += f" {label} {url}"
    if links:
        # Each address on a line of its own: a long link at the end of a line of text
        # makes WeasyPrint 70 break that line too early (Kozea/WeasyPrint#1614).
        html = html + Markup("").join(Markup('<div class="ref-link">{}</div>').format(link)
                                      for link in links)
    return html, plain
