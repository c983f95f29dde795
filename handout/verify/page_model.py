"""The printed page, read back from a PDF: characters, lines, rules and pictures.

What a reader sees, as geometry, so the checks in :mod:`handout.page_checks` can judge
the page itself rather than the tags: where each character is drawn and how big,
which text object and which structure element it belongs to, which lines it forms,
which horizontal and vertical rules and which images are drawn, and which content is
marked as an artifact (running headers, page numbers, decoration).

Coordinates are PDF points with y growing upwards, as pdfium reports them.
Reading uses pdfium (fast, exact boxes) and pikepdf (the structure tree); it depends
only on the PDF, never on how it was made.
"""

from __future__ import annotations

import ctypes
import unicodedata
from dataclasses import dataclass, field

import pikepdf

HEADING_TAGS = frozenset({"/H", "/H1", "/H2", "/H3", "/H4", "/H5", "/H6"})
# Inline-level structure types (ISO 32000-1, 14.8.4.4): text in them belongs to the
# block around them, so a bold word does not start a new line of its own.
INLINE_TAGS = frozenset({"/Span", "/Link", "/Quote", "/Note", "/Reference", "/BibEntry",
                         "/Code", "/Annot", "/Ruby", "/Warichu", "/Em", "/Strong",
                         # NonStruct has no meaning of its own (WeasyPrint uses it for
                         # <strong>): its text is its parent's.
                         "/NonStruct"})
# A path at most this thick is a rule (a line), not a filled area.
RULE_THICKNESS_PT = 3.0
# Glyph cells further apart than this (in em) have a space between them.
WORD_GAP = 0.1


@dataclass(frozen=True)
class Char:
    text: str
    left: float
    bottom: float
    right: float
    top: float
    size: float              # font size in points, after the text matrix
    baseline: float          # y of the glyph origin
    line_middle: float       # middle of the font's ascent-descent box (shared by a line)
    advance: tuple[float, float]   # left and right of the glyph's advance (its "cell")
    obj: int                 # index of the text object that draws it, on its page
    artifact: bool
    element: int | None      # object number of its structure element, if tagged
    color: tuple[float, float, float] = (0.0, 0.0, 0.0)

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.top - self.bottom


@dataclass
class Line:
    """Characters on one baseline that belong to one block (structure element)."""

    chars: list[Char]
    element: int | None
    artifact: bool

    @property
    def left(self) -> float:
        return min(c.left for c in self.chars)

    @property
    def right(self) -> float:
        return max(c.right for c in self.chars)

    @property
    def top(self) -> float:
        return max(c.top for c in self.chars)

    @property
    def bottom(self) -> float:
        return min(c.bottom for c in self.chars)

    @property
    def baseline(self) -> float:
        """The line's position: the middle of its characters' font boxes."""
        return sorted(c.line_middle for c in self.chars)[len(self.chars) // 2]

    @property
    def size(self) -> float:
        return max(c.size for c in self.chars)

    def words(self) -> list[list[Char]]:
        """The line's words left to right: glyph cells that touch belong to one word."""
        ordered = sorted(self.chars, key=lambda c: c.advance[0])
        words = [[ordered[0]]]
        for char in ordered[1:]:
            if char.advance[0] - words[-1][-1].advance[1] > WORD_GAP * char.size:
                words.append([char])
            else:
                words[-1].append(char)
        return words

    def text(self) -> str:
        """The characters left to right (visual order), a space between words."""
        return " ".join("".join(c.text for c in word) for word in self.words())


@dataclass(frozen=True)
class Shape:
    """A drawn path or image: its bounds and whether it is an artifact."""

    kind: str                # "path" or "image"
    left: float
    bottom: float
    right: float
    top: float
    artifact: bool
    element: int | None = None
    fill: tuple[float, float, float] | None = None
    stroke: tuple[float, float, float] | None = None

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def ink(self) -> tuple[float, float, float] | None:
        """The colour the shape prints in: its fill, else its outline."""
        return self.fill or self.stroke

    @property
    def height(self) -> float:
        return self.top - self.bottom

    @property
    def horizontal_rule(self) -> bool:
        return self.kind == "path" and self.height <= RULE_THICKNESS_PT and self.width > 20

    @property
    def vertical_rule(self) -> bool:
        return self.kind == "path" and self.width <= RULE_THICKNESS_PT and self.height > 6


@dataclass
class Page:
    number: int              # 1-based
    width: float
    height: float
    chars: list[Char] = field(default_factory=list)
    shapes: list[Shape] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    links: list[tuple[float, float, float, float]] = field(default_factory=list)

    @property
    def landscape(self) -> bool:
        return self.width > self.height

    def body_lines(self) -> list[Line]:
        return [line for line in self.lines if not line.artifact]


@dataclass
class Document:
    pages: list[Page]
    # structure element (object number) -> (tag, parent object number or None)
    elements: dict[int, tuple[str, int | None]] = field(default_factory=dict)
    language: str = ""       # the document's /Lang

    @property
    def rtl(self) -> bool:
        """A document in a right-to-left language."""
        from ..matrix import language

        try:
            return language(self.language).rtl
        except ValueError:
            return False

    def tag(self, element: int | None) -> str:
        return self.elements.get(element, ("", None))[0] if element is not None else ""

    def ancestors(self, element: int | None):
        """The element and its ancestors, innermost first, as (number, tag)."""
        seen = set()
        while element is not None and element in self.elements and element not in seen:
            seen.add(element)
            tag, parent = self.elements[element]
            yield element, tag
            element = parent

    def heading_of(self, element: int | None) -> int | None:
        """The heading element that contains ``element``, if any."""
        return next((number for number, tag in self.ancestors(element)
                     if tag in HEADING_TAGS), None)


def read_document(data: bytes) -> Document:
    """Every page's characters, lines, rules and images, with their structure elements."""
    import pypdfium2
    import pypdfium2.raw as raw

    owners, elements, links, language = _structure(data)
    blocks = {number: _block(number, elements) for number in elements}
    document = pypdfium2.PdfDocument(data)
    pages = []
    try:
        for index in range(len(document)):
            page = document[index]
            try:
                owned = {mcid: blocks.get(number, number)
                         for mcid, number in owners.get(index, {}).items()}
                pages.append(_read_page(page, index, owned, raw))
                pages[-1].links = links.get(index, [])
            finally:
                page.close()
    finally:
        document.close()
    return Document(pages, elements, language)


Rect = tuple[float, float, float, float]


def _structure(data: bytes) -> tuple[dict[int, dict[int, int]],
                                     dict[int, tuple[str, int | None]],
                                     dict[int, list[Rect]], str]:
    """(page index -> {mcid: element number}, element number -> (tag, parent number),
    page index -> link annotation rectangles, the document's language)."""
    import io

    owners: dict[int, dict[int, int]] = {}
    elements: dict[int, tuple[str, int | None]] = {}
    links: dict[int, list[Rect]] = {}
    with pikepdf.open(io.BytesIO(data)) as pdf:
        language = str(pdf.Root.get("/Lang", ""))
        for index, page in enumerate(pdf.pages):
            for annotation in page.obj.get("/Annots") or []:
                if annotation.get("/Subtype") == "/Link" and "/Rect" in annotation:
                    x0, y0, x1, y1 = (float(v) for v in annotation.Rect)
                    links.setdefault(index, []).append(
                        (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)))
        tree = pdf.Root.get("/StructTreeRoot")
        if tree is None:
            return owners, elements, links, language
        nums = (tree.get("/ParentTree") or {}).get("/Nums")
        arrays: dict[int, pikepdf.Array] = {}
        if nums is not None:
            for i in range(0, len(nums) - 1, 2):
                if isinstance(nums[i + 1], pikepdf.Array):
                    arrays[int(nums[i])] = nums[i + 1]
        for index, page in enumerate(pdf.pages):
            key = page.obj.get("/StructParents")
            if key is None or int(key) not in arrays:
                continue
            owners[index] = {mcid: element.objgen[0]
                             for mcid, element in enumerate(arrays[int(key)])
                             if isinstance(element, pikepdf.Dictionary)}
        stack = [(tree.get("/K"), None)]
        while stack:
            node, parent = stack.pop()
            if isinstance(node, pikepdf.Array):
                stack.extend((kid, parent) for kid in node)
            elif isinstance(node, pikepdf.Dictionary) and "/S" in node and node.objgen[0]:
                number = node.objgen[0]
                if number in elements:
                    continue
                elements[number] = (str(node.S), parent)
                stack.append((node.get("/K"), number))
    return owners, elements, links, language


def _block(number: int, elements: dict[int, tuple[str, int | None]]) -> int:
    """The nearest enclosing element that is not inline-level."""
    seen = set()
    while number in elements and number not in seen:
        seen.add(number)
        tag, parent = elements[number]
        if tag not in INLINE_TAGS or parent is None:
            return number
        number = parent
    return number


_HYPHENS = frozenset((0x2D, 0xAD, 0x2010, 0x2011))


def _address(pointer) -> int | None:
    """The address a ctypes pointer holds, as a hashable key (a third of the cost of
    ``ctypes.cast``, asked once per character)."""
    return ctypes.c_void_p.from_buffer(pointer).value


def _is_artifact(obj, raw) -> bool:
    for index in range(raw.FPDFPageObj_CountMarks(obj)):
        mark = raw.FPDFPageObj_GetMark(obj, index)
        length = ctypes.c_ulong()
        raw.FPDFPageObjMark_GetName(mark, None, 0, length)
        buffer = (ctypes.c_ushort * (length.value // 2 + 1))()
        raw.FPDFPageObjMark_GetName(mark, buffer, length.value, length)
        name = bytes(buffer)[:length.value].decode("utf-16-le", "replace").rstrip("\0")
        if name == "Artifact":
            return True
    return False


def _bounds(obj, raw) -> tuple[float, float, float, float]:
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top)
    return left.value, bottom.value, right.value, top.value


def _painted_boxes(obj, raw) -> list[tuple[float, float, float, float]]:
    """The rectangles a path paints, in page coordinates.

    A path of one rectangle paints it; two nested rectangles filled together (how
    borders are drawn: the outer box less the inner one) paint the strips between
    them, so a bottom border is seen as the thin line it is. Anything else counts as
    its bounding box.
    """
    rectangles = _rectangles(obj, raw)
    if rectangles and len(rectangles) == 2:
        (a0, b0, a1, b1), (c0, d0, c1, d1) = sorted(
            rectangles, key=lambda r: (r[2] - r[0]) * (r[3] - r[1]), reverse=True)
        if a0 <= c0 and b0 <= d0 and c1 <= a1 and d1 <= b1:
            strips = [(a0, b0, a1, d0), (a0, d1, a1, b1), (a0, d0, c0, d1), (c1, d0, a1, d1)]
            return [s for s in strips if s[2] - s[0] > 0.05 and s[3] - s[1] > 0.05]
    if rectangles and len(rectangles) == 1:
        return rectangles
    return [_bounds(obj, raw)]


def _rectangles(obj, raw) -> list[tuple[float, float, float, float]] | None:
    """The path as axis-aligned rectangles (page coordinates), or None if it is not."""
    matrix = raw.FS_MATRIX()
    raw.FPDFPageObj_GetMatrix(obj, matrix)
    x, y = ctypes.c_float(), ctypes.c_float()
    subpaths: list[list[tuple[float, float]]] = []
    for index in range(raw.FPDFPath_CountSegments(obj)):
        segment = raw.FPDFPath_GetPathSegment(obj, index)
        kind = raw.FPDFPathSegment_GetType(segment)
        if kind == raw.FPDF_SEGMENT_BEZIERTO:
            return None
        raw.FPDFPathSegment_GetPoint(segment, x, y)
        point = (matrix.a * x.value + matrix.c * y.value + matrix.e,
                 matrix.b * x.value + matrix.d * y.value + matrix.f)
        if kind == raw.FPDF_SEGMENT_MOVETO or not subpaths:
            subpaths.append([point])
        else:
            subpaths[-1].append(point)
    boxes = []
    for points in subpaths:
        xs = sorted({round(p[0], 2) for p in points})
        ys = sorted({round(p[1], 2) for p in points})
        if len(xs) != 2 or len(ys) != 2:
            return None
        boxes.append((xs[0], ys[0], xs[1], ys[1]))
    return boxes


def _read_page(page, index: int, owners: dict[int, int], raw) -> Page:
    result = Page(index + 1, page.get_width(), page.get_height())
    objects: dict[int, int] = {}            # object address -> index on the page
    artifact_of: dict[int, bool] = {}
    element_of: dict[int, int | None] = {}
    for position in range(raw.FPDFPage_CountObjects(page.raw)):
        obj = raw.FPDFPage_GetObject(page.raw, position)
        kind = raw.FPDFPageObj_GetType(obj)
        address = _address(obj)
        objects[address] = position
        artifact = _is_artifact(obj, raw)
        mcid = raw.FPDFPageObj_GetMarkedContentID(obj)
        element = owners.get(mcid) if mcid >= 0 else None
        # Content outside any marked-content sequence is not in the structure either.
        artifact_of[address] = artifact or mcid < 0
        element_of[address] = element
        # An SVG picture is drawn as a form XObject: for the page, it is a picture.
        if kind in (raw.FPDF_PAGEOBJ_IMAGE, raw.FPDF_PAGEOBJ_FORM):
            result.shapes.append(Shape("image", *_bounds(obj, raw), artifact_of[address],
                                       element))
        elif kind == raw.FPDF_PAGEOBJ_PATH:
            mode, stroke_on = ctypes.c_int(), ctypes.c_int()
            raw.FPDFPath_GetDrawMode(obj, mode, stroke_on)
            r, g, b, a = (ctypes.c_uint() for _ in range(4))
            fill = stroke = None
            if mode.value and raw.FPDFPageObj_GetFillColor(obj, r, g, b, a):
                fill = (r.value / 255, g.value / 255, b.value / 255)
            if stroke_on.value and raw.FPDFPageObj_GetStrokeColor(obj, r, g, b, a):
                stroke = (r.value / 255, g.value / 255, b.value / 255)
            for box in _painted_boxes(obj, raw):
                result.shapes.append(Shape("path", *box, artifact_of[address], element, fill,
                                           stroke))
    text = page.get_textpage()
    try:
        matrix = raw.FS_MATRIX()
        left, right, bottom, top = (ctypes.c_double() for _ in range(4))
        x, y = ctypes.c_double(), ctypes.c_double()
        loose = raw.FS_RECTF()
        r, g, b, a = (ctypes.c_uint() for _ in range(4))
        styles: dict[int, tuple[float, tuple[float, float, float]]] = {}
        for i in range(text.count_chars()):
            if raw.FPDFText_IsGenerated(text.raw, i) == 1:
                continue
            code = raw.FPDFText_GetUnicode(text.raw, i)
            char = chr(code)
            # pdfium reports a hyphen that ends a line as a soft one (or a control
            # character); only those are asked about, not every character.
            if (code < 0x20 or code in _HYPHENS) and raw.FPDFText_IsHyphen(text.raw, i) == 1:
                char = "-"
            # A no-break space is kept: it joins two words into one unbreakable unit.
            if (not char.strip() and char != "\u00a0") or unicodedata.category(char) in (
                    "Cc", "Cf", "Mn"):
                continue
            obj = raw.FPDFText_GetTextObject(text.raw, i)
            address = _address(obj) if obj else None
            style = styles.get(address)
            if style is None:
                # Size and colour are the text object's: asked once per object, not
                # per character (a third of the time of reading a page).
                raw.FPDFText_GetMatrix(text.raw, i, matrix)
                scale = abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5
                raw.FPDFText_GetFillColor(text.raw, i, r, g, b, a)
                style = (raw.FPDFText_GetFontSize(text.raw, i) * scale,
                         (r.value / 255, g.value / 255, b.value / 255))
                if address is not None:
                    styles[address] = style
            raw.FPDFText_GetCharBox(text.raw, i, left, right, bottom, top)
            raw.FPDFText_GetCharOrigin(text.raw, i, x, y)
            raw.FPDFText_GetLooseCharBox(text.raw, i, loose)
            horizontal = ((loose.left, loose.right) if char == "\u00a0"
                          else (left.value, right.value))
            result.chars.append(Char(
                char, horizontal[0], bottom.value, horizontal[1], top.value,
                style[0], round(y.value, 1),
                (loose.top + loose.bottom) / 2, (loose.left, loose.right),
                objects.get(address, -1), artifact_of.get(address, False),
                element_of.get(address), style[1]))
    finally:
        text.close()
    result.lines = _lines(result.chars)
    return result


def _lines(chars: list[Char]) -> list[Line]:
    """Group characters into lines: one block, overlapping font boxes, side by side.

    Font boxes, not origins: shaped Arabic draws its dots as glyphs of their own,
    whose origins sit above or below the line.
    """
    blocks: dict[object, list[Char]] = {}
    for char in chars:
        blocks.setdefault(char.element if not char.artifact else "artifact", []).append(char)
    lines = []
    for members in blocks.values():
        members.sort(key=lambda c: -c.line_middle)
        rows: list[list[Char]] = [[members[0]]]
        for char in members[1:]:
            if rows[-1][0].line_middle - char.line_middle > 0.4 * char.size:
                rows.append([char])
            else:
                rows[-1].append(char)
        for row in rows:
            row.sort(key=lambda c: c.left)
            current = [row[0]]
            for char in row[1:]:
                # A gap wider than three em means another column or a separate block.
                if char.left - current[-1].right > 3 * max(char.size, current[-1].size):
                    lines.append(Line(current, current[0].element, current[0].artifact))
                    current = [char]
                else:
                    current.append(char)
            lines.append(Line(current, current[0].element, current[0].artifact))
    lines.sort(key=lambda line: (-line.baseline, line.left))
    return lines
