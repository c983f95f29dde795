"""Stage 4: number citations by first use and format the cited works (Vancouver/NLM).

Formatting is done here from CSL-JSON rather than with citeproc-py, whose NLM style
drops spaces in dates and cannot translate its fixed words ("Available from").
An entry is a table: each CSL type lists its sentences (LAYOUTS), each sentence is
one small function of the item, and the links (DOI, URL) follow on lines of their own.
"""

from __future__ import annotations

import re
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
Item = dict[str, Any]                  # one CSL-JSON item
Element = Callable[[Item, Words], str]  # one sentence of an entry, "" if the item lacks it


def format_references(order: list[str], items: dict[str, Item],
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


def _isolate_words(html: Markup, item: Item, words: Words) -> Markup:
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


ET_AL = ("et al.", "et al")       # a CSL "literal" name that stands for the rest
SHORT_INITIALS = 3                # "EM", "JRR": a short all-capital given name is initials
PARTICLES = ("dropping-particle", "non-dropping-particle")   # "van", "de", before family


def _word_initials(word: str) -> str:
    """One given name's initials: "John" -> "J", "EM" -> "EM", "Jean-Pierre" -> "J-P"."""
    if word.isalpha() and word.isupper() and len(word) <= SHORT_INITIALS:
        return word
    return "-".join(part[0] for part in word.split("-") if part and part[0].isalpha())


def _initials(given: str) -> str:
    """Vancouver initials, no points or spaces: "Robert J." -> "RJ", "E. M." -> "EM",
    "J.-P." -> "J-P" (a hyphen between given names is kept)."""
    words = re.sub(r"\s*-\s*", "-", given.replace(".", " ")).split()
    return "".join(_word_initials(word) for word in words)


def _name(person: Item) -> str:
    """"Smith EM"; particles stay before the family name ("van der Berg A", as NLM
    writes them); a suffix follows the initials without a point ("King ML Jr")."""
    if "literal" in person:
        return person["literal"]
    parts = [person.get(part, "") for part in (*PARTICLES, "family")]
    parts += [_initials(person.get("given", "")), person.get("suffix", "").replace(".", "")]
    return " ".join(part.strip() for part in parts if part.strip())


def _names(people: list[Item], words: Words) -> str:
    """At most MAX_AUTHORS names, then "et al." (also when the item lists it itself)."""
    names = [_name(person) for person in people if person.get("literal") not in ET_AL]
    text = ", ".join(names[:MAX_AUTHORS])
    if text and (len(names) > MAX_AUTHORS or len(names) < len(people)):
        text += ", " + words("et al.")
    return text


def _label(words: Words, word: str) -> str:
    """A fixed word followed by the language's colon ("Disponible sur :", "网址：")."""
    return words(LABEL_COLON) % {"label": words(word)}


def _edition(item: Item, words: Words) -> str:
    """"2nd ed." in the language's own form ("2.ª ed.", "2e éd.", "第2版")."""
    return words(EDITION) % {"edition": item["edition"]}


def _year(item: Item) -> str:
    parts = (item.get("issued") or {}).get("date-parts") or [[]]
    return str(parts[0][0]) if parts and parts[0] else ""


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".?!" else text + "."


def _container(item: Item) -> str:
    return item.get("container-title-short") or item.get("container-title", "")


# -- the elements of an entry: each gives one sentence, or "" when the item lacks it ---

def _authors(item: Item, words: Words) -> str:
    return _sentence(_names(item.get("author", []), words))


def _title(item: Item, words: Words) -> str:
    return _sentence(item.get("title", ""))


def _web_title(item: Item, words: Words) -> str:
    """"Title [Internet]." (the medium after the title)."""
    return _sentence(f"{item.get('title', '').rstrip('.')} [{words('Internet')}]")


def _journal(item: Item, words: Words) -> str:
    """"J Abbrev. 2002;346(2):99-106." """
    source, year = _container(item), _year(item)
    if year:
        source += f". {year}" if source else year
    if item.get("volume"):
        source += f";{item['volume']}" + (f"({item['issue']})" if item.get("issue") else "")
    if item.get("page"):
        source += f":{item['page']}"
    return _sentence(source)


def _in_book(item: Item, words: Words) -> str:
    """"In: Adam MP, Feldman J, editors. GeneReviews." """
    editors = _names(item.get("editor", []), words)
    editors = f"{editors}, {words('editors')}. " if editors else ""
    return _sentence(f"{_label(words, 'In')} {editors}{_container(item)}")


def _edition_statement(item: Item, words: Words) -> str:
    return _sentence(_edition(item, words)) if item.get("edition") else ""


def _imprint(item: Item, words: Words) -> str:
    """"Place: Publisher; year." """
    publisher = ": ".join(p for p in (item.get("publisher-place"), item.get("publisher")) if p)
    return _sentence("; ".join(p for p in (publisher, _year(item)) if p))


def _source(item: Item, words: Words) -> str:
    """Any other type: "Container; Event; year;volume." """
    source = "; ".join(p for p in (_container(item), item.get("event", ""), _year(item)) if p)
    if item.get("volume"):
        source += f";{item['volume']}"
    return _sentence(source)


def _accessed(item: Item, words: Words) -> str:
    """"Accessed 2024-01-09." """
    parts = (item.get("accessed") or {}).get("date-parts")
    if not parts or not parts[0]:
        return ""
    return _sentence(f"{words('Accessed')} " + "-".join(f"{int(p):02d}" for p in parts[0]))


# The sentences of an entry, by CSL item type; any other type is set as OTHER.
LAYOUTS: dict[str, tuple[Element, ...]] = {
    "article-journal": (_authors, _title, _journal, _accessed),
    "chapter": (_authors, _title, _in_book, _imprint, _accessed),
    "book": (_authors, _title, _edition_statement, _imprint, _accessed),
    "webpage": (_authors, _web_title, _source, _accessed),
}
OTHER: tuple[Element, ...] = (_authors, _title, _source, _accessed)


# -- the links after an entry: (html, plain text), or None -------------------------

Link = tuple[Markup, str]


def _doi(item: Item, words: Words) -> Link | None:
    doi = item.get("DOI")
    if not doi:
        return None
    return (Markup('doi: <a class="url" href="https://doi.org/{0}">{0}</a>').format(doi),
            f"doi: {doi}")


def _url(item: Item, words: Words) -> Link | None:
    """The address, unless it only repeats the DOI."""
    url = item.get("URL")
    if not url or (item.get("DOI") and "doi.org" in url):
        return None
    label = _label(words, "Available from")
    return Markup('{0} <a class="url" href="{1}">{1}</a>').format(label, url), f"{label} {url}"


LINKS: tuple[Callable[[Item, Words], Link | None], ...] = (_doi, _url)


def _format(item: Item, words: Words) -> tuple[Markup, str]:
    """One entry as HTML and as plain text: its sentences, then its links."""
    layout = LAYOUTS.get(item.get("type", ""), OTHER)
    plain = " ".join(s for s in (element(item, words) for element in layout) if s)
    html = Markup(escape(plain))
    for link in filter(None, (make(item, words) for make in LINKS)):
        # Each address on a line of its own: a long link at the end of a line of text
        # makes WeasyPrint 70 break that line too early (Kozea/WeasyPrint#1614).
        html += Markup('<div class="ref-link">{}</div>').format(link[0])
        plain += f" {link[1]}"
    return html, plain
