"""The structure a faithful tagging of the HTML must have, counted from the HTML.

WeasyPrint tags one structure element per HTML element of these kinds; after
``structure.py`` has merged what page and line breaks split, the PDF must hold
exactly as many. ``verify`` compares the counts as plain data, so a tagging that
splits or loses elements is caught without trusting the code that did the tagging.
"""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser

# HTML element -> the structure type WeasyPrint 70 gives it (weasyprint/pdf/tags.py)
STRUCTURE_OF = {"table": "/Table", "tr": "/TR", "p": "/P", "ul": "/L", "ol": "/L",
                "li": "/LI", "h1": "/H1", "h2": "/H2", "h3": "/H3", "h4": "/H4",
                "caption": "/Caption", "figcaption": "/Caption"}


class _Counter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.counts: Counter[str] = Counter()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in STRUCTURE_OF:
            self.counts[STRUCTURE_OF[tag]] += 1
        elif tag == "a" and dict(attrs).get("href"):
            self.counts["/Link"] += 1


def expected_structure(html: str) -> dict[str, int]:
    """Structure type -> how many elements of it the PDF of ``html`` must have."""
    parser = _Counter()
    parser.feed(html)
    parser.close()
    return {kind: parser.counts.get(kind, 0)
            for kind in sorted(set(STRUCTURE_OF.values()) | {"/Link"})}
