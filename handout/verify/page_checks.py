"""Checks of the printed page, read from its geometry (:mod:`handout.page_model`).

Each check returns problems as "page N: what is wrong". Every threshold is in
:data:`THRESHOLDS` with the reason for its value, so a designer can see why a page
fails and a maintainer changes a number in one place.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from ..charset import is_right_to_left
from ..verify.page_model import Char, Document, Line, Page, Shape


@dataclass(frozen=True)
class Threshold:
    value: float
    unit: str
    reason: str


THRESHOLDS: dict[str, Threshold] = {
    "min_fill": Threshold(
        0.5, "of the text area's height",
        "a page less than half full that is not the last looks like the end of the "
        "handout; the layout forces no page breaks, so such a page always means a "
        "block was pushed to the next page"),
    "edge": Threshold(
        36.0, "pt (12.7 mm, 0.5 in) from the paper's edge",
        "office printers leave 4-6 mm unprinted and clinics' copiers crop further; "
        "half an inch keeps every mark on paper"),
    "margin": Threshold(
        72.0, "pt (1 in) from the left and right edges, for body text",
        "Access Board and UMT large-print guidance: at least 1 in on every side"),
    "glyph_overlap": Threshold(
        0.2, "of the smaller glyph's box",
        "glyphs of different text runs overlapping this much are printed over each "
        "other (text escaping a table cell or box); touching neighbours stay below it"),
    "full_line": Threshold(
        0.75, "em between a line's end and its box's edge",
        "a line ending closer than this to the edge of its column or cell was full; "
        "a single word that fills a full line and continues on the next line was "
        "broken inside the word"),
    "early_break": Threshold(
        1.0, "em of room left once the next line's first word would fit (a box's "
        "padding sits inside that room)",
        "a line that ends while the next word would have fitted on it leaves a short, "
        "ragged line in the middle of a paragraph (a WeasyPrint line-breaking fault "
        "next to inline boxes, Kozea/WeasyPrint#1614)"),
    "rule_length": Threshold(
        0.4, "of the text column's width",
        "a free-standing horizontal rule at least this long is a writing line"),
    "running_lines": Threshold(
        1, "line", "a running header or footer on two lines crowds the paper's edge "
        "and, at 24 pt, reaches the unprintable strip"),
    "size_tolerance": Threshold(
        0.05, "pt", "PDF coordinates are rounded; a glyph this much under the print "
        "size is at the print size"),
    "min_contrast": Threshold(
        7.0, ":1", "WCAG 1.4.6 (AAA) contrast for body text"),
}
LARGE_PRINT_PT = 18.0


def threshold(name: str) -> float:
    return THRESHOLDS[name].value


@dataclass
class PageFigures:
    """Numbers the report prints next to the verdict."""

    min_glyph_pt: float = 0.0
    min_contrast: float = 0.0


def check_pages(document: Document, min_size_pt: float | None) -> tuple[list[str],
                                                                       PageFigures]:
    """Every page-quality problem of ``document``, and the figures measured."""
    problems: list[str] = []
    figures = PageFigures()
    area = body_area(document)
    problems += check_glyph_sizes(document, min_size_pt, figures)
    problems += check_contrast(document, figures)
    problems += check_margins(document)
    problems += check_edges(document)
    problems += check_landscape(document, min_size_pt)
    if area is not None:
        problems += check_running_lines(document, area)
        problems += check_fill(document, area)
    problems += check_stranded_headings(document)
    problems += check_figure_captions(document)
    problems += check_writing_lines(document)
    problems += check_overlaps(document)
    problems += check_broken_words(document)
    problems += check_early_breaks(document)
    return problems, figures


# -- helpers ------------------------------------------------------------------------


def _visible_shapes(page: Page) -> list[Shape]:
    """Shapes that put ink on paper (white page and box backgrounds are not marks)."""
    return [s for s in page.shapes if s.kind == "image" or s.fill is None
            or min(s.fill) < 0.95]


def _content_boxes(page: Page) -> Iterator[tuple[float, float]]:
    """(bottom, top) of what belongs to the body: tagged text, pictures, rules, boxes."""
    for char in page.chars:
        if not char.artifact:
            yield char.bottom, char.top
    for shape in _visible_shapes(page):
        yield shape.bottom, shape.top


def body_area(document: Document) -> tuple[float, float] | None:
    """(bottom, top) of the text area, as the body content of all pages reaches it."""
    bottoms, tops = [], []
    for page in document.pages:
        boxes = list(_content_boxes(page))
        if boxes:
            bottoms.append(min(b for b, _ in boxes))
            tops.append(max(t for _, t in boxes))
    if not bottoms:
        return None
    return min(bottoms), max(tops)


def _snippet(text: str, length: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[:length - 1] + "…"


# Asked thousands of times a handout about the same few hundred characters: memoised.
@lru_cache(maxsize=8192)
def _is_cjk(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


# -- the checks ---------------------------------------------------------------------


def check_glyph_sizes(document: Document, min_size_pt: float | None,
                      figures: PageFigures) -> list[str]:
    smallest: tuple[float, int, str] | None = None
    for page in document.pages:
        for char in page.chars:
            if smallest is None or char.size < smallest[0]:
                smallest = (char.size, page.number, char.text)
    if smallest is None:
        return []
    figures.min_glyph_pt = smallest[0]
    if min_size_pt and smallest[0] < min_size_pt - threshold("size_tolerance"):
        return [f"page {smallest[1]}: glyph {smallest[2]!r} is {smallest[0]:.1f} pt, "
                f"smaller than {min_size_pt:g} pt"]
    return []


def _luminance(rgb: tuple[float, float, float]) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    """WCAG contrast ratio of two sRGB colours (components 0–1)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def check_contrast(document: Document, figures: PageFigures) -> list[str]:
    lowest: tuple[float, int, str] | None = None
    ratios: dict[tuple, float] = {}
    for page in document.pages:
        backgrounds = [s for s in page.shapes if s.kind == "path" and s.fill is not None
                       and _luminance(s.fill) > 0.5]
        for char in page.chars:
            x, y = (char.left + char.right) / 2, (char.bottom + char.top) / 2
            inside = [(s.width * s.height, s.fill) for s in backgrounds
                      if s.left <= x <= s.right and s.bottom <= y <= s.top]
            background = min(inside)[1] if inside else (1.0, 1.0, 1.0)
            pair = (char.color, background)      # a page has a handful of colour pairs
            if pair not in ratios:
                ratios[pair] = contrast(*pair)
            ratio = ratios[pair]
            if lowest is None or ratio < lowest[0]:
                lowest = (ratio, page.number, char.text)
    if lowest is None:
        return []
    figures.min_contrast = lowest[0]
    if lowest[0] < threshold("min_contrast"):
        return [f"page {lowest[1]}: text {lowest[2]!r} has contrast {lowest[0]:.2f}:1, "
                f"below {threshold('min_contrast'):g}:1"]
    return []


def check_margins(document: Document) -> list[str]:
    """Body text stays out of the side margins (a glyph may overhang a little)."""
    margin = threshold("margin")
    for page in document.pages:
        for char in page.chars:
            slack = max(1.0, 0.2 * char.size)
            if char.left < margin - slack or char.right > page.width - margin + slack:
                x = char.left if char.left < margin - slack else char.right
                return [f"page {page.number}: text {char.text!r} at x={x:.0f} pt runs into "
                        f"the {margin:g} pt margin (cut off or crowded)"]
    return []


def check_edges(document: Document) -> list[str]:
    """No mark closer to the paper's edge than a printer can print."""
    edge = threshold("edge")
    for page in document.pages:
        marks: list[tuple[str, float, float, float, float]] = [
            (repr(c.text), c.left, c.bottom, c.right, c.top) for c in page.chars]
        marks += [(f"a {s.kind}", s.left, s.bottom, s.right, s.top)
                  for s in _visible_shapes(page)]
        for what, left, bottom, right, top in marks:
            distances = {"left": left, "bottom": bottom, "right": page.width - right,
                         "top": page.height - top}
            side, distance = min(distances.items(), key=lambda item: item[1])
            if distance < edge - 0.5:
                return [f"page {page.number}: {what} is {distance:.0f} pt from the {side} "
                        f"edge of the paper (at least {edge:g} pt, 12.7 mm)"]
    return []


def check_landscape(document: Document, min_size_pt: float | None) -> list[str]:
    """Large print stays portrait: turning the paper is a barrier for a low-vision reader."""
    if not min_size_pt or min_size_pt < LARGE_PRINT_PT:
        return []
    return [f"page {page.number}: landscape page in large print; set wide tables as "
            "cards instead" for page in document.pages if page.landscape]


def check_running_lines(document: Document, area: tuple[float, float]) -> list[str]:
    """The running header and footer are one line each."""
    bottom, top = area
    problems = []
    for page in document.pages:
        bands = {"running header": set(), "footer": set()}
        for line in page.lines:
            if not line.artifact:
                continue
            if line.bottom >= top - 0.5:
                bands["running header"].add(round(line.baseline))
            elif line.top <= bottom + 0.5:
                bands["footer"].add(round(line.baseline))
        for name, baselines in bands.items():
            if len(baselines) > threshold("running_lines"):
                problems.append(f"page {page.number}: the {name} is on {len(baselines)} "
                                "lines; shorten it to one")
    return problems


def check_fill(document: Document, area: tuple[float, float]) -> list[str]:
    """Every page but the last is at least half full."""
    bottom, top = area
    height = top - bottom
    problems = []
    for page in document.pages[:-1]:
        boxes = [b for b, t in _content_boxes(page) if b > bottom - 1]
        lowest = min(boxes) if boxes else top
        fill = (top - lowest) / height if height > 0 else 1.0
        if fill < threshold("min_fill"):
            problems.append(f"page {page.number}: only {fill:.0%} full (at least "
                            f"{threshold('min_fill'):.0%}); a block that did not fit was "
                            "pushed to the next page")
    return problems


def _last_content(page: Page) -> tuple[str, Line | Shape] | None:
    """The lowest body content on the page: a line of text or a picture."""
    candidates: list[tuple[float, str, Line | Shape]] = [
        (line.bottom, "line", line) for line in page.body_lines()]
    candidates += [(s.bottom, "image", s) for s in page.shapes
                   if s.kind == "image" and not s.artifact]
    if not candidates:
        return None
    _, kind, item = min(candidates, key=lambda c: c[0])
    return kind, item


def _table_caption(document: Document, element: int | None) -> int | None:
    """The element if it is a table's caption (a title for the rows that follow)."""
    for number, tag in document.ancestors(element):
        if tag == "/Caption":
            parent = document.elements[number][1]
            return number if document.tag(parent) == "/Table" else None
    return None


def check_stranded_headings(document: Document) -> list[str]:
    """A heading (box titles are headings too) is never the last thing on a page."""
    problems = []
    for page in document.pages[:-1]:
        last = _last_content(page)
        if last is None or last[0] != "line":
            continue
        line = last[1]
        heading = document.heading_of(line.element) or _table_caption(document, line.element)
        if heading is not None:
            text = " ".join(ln.text() for ln in page.body_lines()
                            if heading in (document.heading_of(ln.element),
                                           _table_caption(document, ln.element)))
            problems.append(f"page {page.number}: heading {_snippet(text)!r} is the last "
                            "thing on the page; keep it with what follows")
    return problems


def check_figure_captions(document: Document) -> list[str]:
    """A figure and its caption are on the same page."""
    pages_of: dict[int, set[int]] = defaultdict(set)
    for page in document.pages:
        for char in page.chars:
            if char.element is not None:
                pages_of[char.element].add(page.number)
        for shape in page.shapes:
            if shape.element is not None:
                pages_of[shape.element].add(page.number)
    problems = []
    for number, (tag, parent) in document.elements.items():
        if tag != "/Caption" or number not in pages_of:
            continue
        # The figure is the caption's sibling or inside one (a labelled diagram).
        figures = [n for n, (t, _) in document.elements.items() if t == "/Figure" and (
            n == parent or any(a == parent for a, _ in document.ancestors(n)))]
        figure_pages = set().union(*(pages_of.get(n, set()) for n in figures)) if \
            figures else set()
        if figure_pages and not pages_of[number] <= figure_pages:
            problems.append(f"page {min(figure_pages)}: the figure's caption is on page "
                            f"{min(pages_of[number] - figure_pages)}; keep them together")
    return problems


def _writing_lines(page: Page) -> list[Shape]:
    """Free-standing horizontal rules (no vertical rule at either end): writing lines."""
    body = page.body_lines()
    if not body:
        return []
    column = max(line.right for line in body) - min(line.left for line in body)
    verticals = [s for s in page.shapes if s.vertical_rule]

    def touches(rule: Shape, x: float) -> bool:
        return any(v.left - 1 <= x <= v.right + 1 and v.bottom - 1 <= rule.top and
                   rule.bottom <= v.top + 1 for v in verticals)

    return [s for s in page.shapes if s.horizontal_rule
            and s.width >= threshold("rule_length") * column
            and not touches(s, s.left) and not touches(s, s.right)]


def check_writing_lines(document: Document) -> list[str]:
    """Writing lines never start a page: they belong with the question above them."""
    problems = []
    for page in document.pages[1:]:
        body = page.body_lines()
        rules = _writing_lines(page)
        if not body or not rules:
            continue
        first_text = max(line.top for line in body)
        if max(rule.top for rule in rules) > first_text:
            problems.append(f"page {page.number}: writing lines at the top of the page are "
                            f"separated from their question on page {page.number - 1}")
    return problems


def check_overlaps(document: Document) -> list[str]:
    """No glyph is drawn over a glyph of another text run (one report per page).

    Pairs of right-to-left letters are left alone: shaped Arabic draws its dots and
    marks as separate glyphs that sit over the letters by design.
    """
    limit = threshold("glyph_overlap")
    problems = []
    for page in document.pages:
        found = _first_overlap(page, limit)
        if found:
            problems.append(f"page {page.number}: {found[0].text!r} and {found[1].text!r} "
                            "are printed over each other (text escaping its cell or box)")
        crossing = _first_crossing(page)
        if crossing:
            problems.append(f"page {page.number}: {crossing.text!r} is printed over a border "
                            "(text escaping its cell or box)")
    return problems


def _first_crossing(page: Page) -> Char | None:
    """A glyph drawn across a vertical border (a cell's or a box's edge)."""
    borders = [s for s in page.shapes if s.vertical_rule and s.ink is not None
               and min(s.ink) < 0.5]
    for char in page.chars:
        for border in borders:
            inside = min(char.right, border.right) - max(char.left, border.left)
            if inside > 0.25 * max(border.width, 0.5) and char.bottom < border.top and \
                    border.bottom < char.top and char.width > 0 and inside > 0.1 * char.width:
                return char
    return None


def _first_overlap(page: Page, limit: float) -> tuple[Char, Char] | None:
    grid: dict[tuple[int, int], list[Char]] = defaultdict(list)
    for char in page.chars:
        if char.width <= 0 or char.height <= 0:
            continue
        for gx in range(int(char.left // 24), int(char.right // 24) + 1):
            for gy in range(int(char.bottom // 24), int(char.top // 24) + 1):
                grid[(gx, gy)].append(char)
    for cell in grid.values():
        for i, a in enumerate(cell):
            for b in cell[i + 1:]:
                if a.obj == b.obj or (is_right_to_left(a.text) and is_right_to_left(b.text)):
                    continue
                width = min(a.right, b.right) - max(a.left, b.left)
                height = min(a.top, b.top) - max(a.bottom, b.bottom)
                if width > 0 and height > 0 and width * height > limit * min(
                        a.width * a.height, b.width * b.height):
                    return a, b
    return None


_URL_CHARACTERS = set("/.:@_=?&#%")
_QUOTES = set("«»‹›\"'“”‘’„")


def _word(text: str) -> str:
    return text.strip(".,;:!?()[]{}«»\"'“”‘’（）【】，。；：").casefold()


def _vocabulary(document: Document) -> set[str]:
    """Words printed whole: every word of every line except its first and last."""
    words = set()
    for page in document.pages:
        for line in page.lines:
            tokens = line.text().split(" ")
            words.update(_word(token) for token in tokens[1:-1])
    return words


def _container_edge(page: Page, line: Line, column: tuple[float, float]) -> float:
    """The edge the line runs towards: the nearest cell or box border, else the column."""
    rights = [s.left for s in page.shapes if s.vertical_rule and s.left >= line.right - 1
              and s.bottom <= line.top and line.bottom <= s.top]
    return min(rights, default=column[1])


def _in_link(page: Page, line: Line) -> bool:
    """Addresses are links; they may break anywhere (a reader types them, not reads)."""
    return any(left - 1 <= line.left and line.right <= right + 1 and bottom - 1 <= line.bottom
               and line.top <= top + 1 for left, bottom, right, top in page.links)


def check_broken_words(document: Document) -> list[str]:
    """No word is broken across lines without a hyphen (addresses and DOIs excepted).

    A word is broken only when it is wider than its line, so a broken word shows as a
    line holding a single word fragment that fills the line to its box's edge and
    continues, letter to letter, on the next line of the same block. A single word
    can also fill a narrow cell by chance: the line is taken as broken only if its
    word occurs nowhere else in the document as a word, or if the joined word does.
    """
    words = _vocabulary(document)
    problems = []
    for page in document.pages:
        body = page.body_lines()
        if not body:
            continue
        column = (min(line.left for line in body), max(line.right for line in body))
        by_element: dict[int | None, list[Line]] = defaultdict(list)
        for line in body:
            by_element[line.element].append(line)
        for lines in by_element.values():
            lines.sort(key=lambda line: -line.baseline)
            for first, second in zip(lines, lines[1:], strict=False):
                if first.baseline - second.baseline > 2.5 * first.size:
                    continue
                text, following = first.text(), second.text()
                if " " in text or not text or not following:
                    continue
                # Right-to-left lines are not judged: shaped Arabic does not map back
                # to letters in order, and Arabic words are not broken by the layout.
                if is_right_to_left(text) or is_right_to_left(following) or _in_link(page, first):
                    continue
                end, start = text[-1], following[0]
                # Chinese and Japanese break between any two characters.
                if not (end.isalpha() and start.isalpha()) or any(
                        _is_cjk(c) for c in text + following):
                    continue
                token = following.split(" ")[0]
                if _URL_CHARACTERS & set(text + token):
                    continue
                gap = _container_edge(page, first, column) - first.right
                joined = text + token
                known = _word(text) in words and _word(joined) not in words
                if gap < threshold("full_line") * first.size and not known:
                    problems.append(f"page {page.number}: the word {joined!r} is broken "
                                    "across lines without a hyphen")
    return problems


def _tokens(line: Line) -> list[tuple[float, float]]:
    """(left, right) of each word of a line, left to right."""
    return [(min(c.left for c in word), max(c.right for c in word)) for word in line.words()]


def _mostly_rtl(page: Page) -> bool:
    """A right-to-left page: left-to-right runs in it are aligned and broken by the
    paragraph's direction, so their line ends say nothing about early breaks."""
    letters = [c for c in page.chars if c.text.isalpha()]
    return sum(is_right_to_left(c.text) for c in letters) > len(letters) / 3


def _open_bracket(texts: list[str]) -> bool:
    """A citation marker opened and not yet closed ("[1," of "[1, 2]")."""
    joined = "".join(texts)
    return joined.rfind("[") > joined.rfind("]")


def check_early_breaks(document: Document) -> list[str]:
    """No line ends while the first word of the next line would have fitted on it."""
    slack = threshold("early_break")
    problems: list[str] = []
    if document.rtl:
        return problems
    for page in document.pages:
        body = page.body_lines()
        if not body or _mostly_rtl(page):
            continue
        column = (min(line.left for line in body), max(line.right for line in body))
        verticals = [s for s in page.shapes if s.vertical_rule]
        backgrounds = [s for s in page.shapes if s.kind == "path" and s.fill is not None
                       and min(s.fill) < 0.95 and not s.vertical_rule
                       and not s.horizontal_rule]
        by_element: dict[int | None, list[Line]] = defaultdict(list)
        for line in body:
            by_element[line.element].append(line)
        for lines in by_element.values():
            lines.sort(key=lambda line: -line.baseline)
            for first, second in zip(lines, lines[1:], strict=False):
                if first.baseline - second.baseline > 2.5 * first.size:
                    continue
                if any(_is_cjk(c.text) for c in first.chars + second.chars):
                    continue   # CJK lines break between characters, not at words
                # Right-to-left lines are not judged: pdfium's boxes for shaped Arabic
                # glyphs leave gaps inside words, so words cannot be measured.
                rtl = is_right_to_left("".join(c.text for c in first.chars + second.chars))
                if rtl:
                    continue
                words = _tokens(second)
                # The first unbreakable unit: lone punctuation, and a quotation mark
                # with what follows it (UAX #14 LB19: no break next to quotation
                # marks, "Families » (Qu’est-ce"), stay with the word before; so does
                # a citation marker ("PHP1a [1, 2]."), bound to its word by no-break
                # spaces that a font may draw as plain gaps.
                texts = ["".join(c.text for c in w) for w in second.words()]
                last = 0
                while last + 1 < len(texts) and (
                        not any(ch.isalnum() for ch in texts[last + 1])
                        or texts[last][-1] in _QUOTES or texts[last + 1][0] in _QUOTES
                        or texts[last + 1].startswith("[") or _open_bracket(texts[:last + 1])):
                    last += 1
                left, right = words[0][0], words[last][1]
                if rtl:
                    edge = max((s.right for s in verticals if s.right <= first.left + 1
                                and s.bottom <= first.top and first.bottom <= s.top),
                               default=column[0])
                    room = first.left - edge
                else:
                    edge = min((s.left for s in verticals if s.left >= first.right - 1
                                and s.bottom <= first.top and first.bottom <= s.top),
                               default=column[1])
                    # A shaded box holding the line (a callout in a column narrower
                    # than the page's) ends the line's room at its own edge.
                    edge = min([edge, *(s.right for s in backgrounds
                                        if s.left <= first.left + 1
                                        and s.right >= first.right - 1
                                        and s.bottom <= first.bottom and first.top <= s.top)])
                    room = edge - first.right
                needed = (right - left) + (0.3 + slack) * first.size
                if room > needed and not _in_link(page, second):
                    problems.append(f"page {page.number}: a line of {_snippet(first.text())!r}"
                                    " ends early; the next line's first word would have fitted")
                    break
    return problems


def figures_after_short_pages(document: Document) -> frozenset[int]:
    """Figures (1-based, in reading order) that start a page after a page less than
    half full: they were pushed there because they did not fit."""
    area = body_area(document)
    if area is None:
        return frozenset()
    bottom, top = area
    starts: list[tuple[int, float, int]] = []     # (page, top, figure element)
    for page in document.pages:
        for shape in page.shapes:
            if document.tag(shape.element) == "/Figure":
                starts.append((page.number, -shape.top, shape.element))
    order = list(dict.fromkeys(element for _, _, element in sorted(starts)))
    short = {int(p.split(":")[0].split()[1]) for p in check_fill(document, area)}
    late = set()
    for page in document.pages:
        if page.number - 1 not in short:
            continue
        contents = [(line.top, document.ancestors(line.element)) for line in
                    page.body_lines()]
        contents += [(s.top, document.ancestors(s.element)) for s in page.shapes
                     if s.element is not None]
        if not contents:
            continue
        _, ancestors = max(contents, key=lambda c: c[0])
        chain = [number for number, _ in ancestors]
        for element in order:
            if element in chain or any(document.elements.get(element, ("", None))[1] == n
                                       for n in chain):
                late.add(order.index(element) + 1)
    return frozenset(late)
