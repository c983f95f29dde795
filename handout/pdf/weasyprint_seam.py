"""An extension of WeasyPrint 70's tagging: what its structure tree leaves out.

WeasyPrint builds the structure tree page by page in ``pdf.tags._build_box_tree``
and forgets which HTML element each structure element came from. We wrap that
function (recursive calls go through the module attribute, so the wrapper sees every
element) to record, on each structure element:

- ``/HandoutKey``: the HTML element's identity, so ``structure.py`` can merge the
  pieces of a paragraph, list, table or link that a page break or line break split,
  and recognise a table header repeated on the next page; the key is removed again;
- ``/Lang`` from the element's ``lang`` attribute (WeasyPrint ignores it below the root);
- ``/A /ListNumbering`` for lists, from their list-style-type;
- ``<figure>`` as a ``/Div`` grouping its ``/Figure`` and ``/Caption``;
- ``/HandoutArtifact`` on elements with class ``artifact`` (figure labels the alt text
  already says), which ``structure.py`` turns into artifacts.

The wrapper is installed once per process, only by :class:`handout.pdf.writer.PdfWriter`.
"""

from __future__ import annotations

KEY = "HandoutKey"
ARTIFACT = "HandoutArtifact"
TEXTS = "HandoutTexts"   # /Root entry: "page:mcid" -> text, for /ActualText
NUMBERING = {"decimal": "/Decimal", "disc": "/Disc", "circle": "/Circle",
             "square": "/Square", "lower-roman": "/LowerRoman",
             "upper-roman": "/UpperRoman", "lower-alpha": "/LowerAlpha",
             "upper-alpha": "/UpperAlpha", "lower-latin": "/LowerAlpha",
             "upper-latin": "/UpperAlpha", "none": "/None"}


def install() -> None:
    from weasyprint.pdf import tags

    if getattr(tags._build_box_tree, "handout_extension", False):
        return
    original = tags._build_box_tree

    def build_box_tree(box, parent, pdf, page_number, nums, annotations, marked):
        _record_texts(box, pdf, page_number, marked)
        for element in original(box, parent, pdf, page_number, nums, annotations, marked):
            if KEY not in element:
                _describe(element, box)
            yield element

    build_box_tree.handout_extension = True
    tags._build_box_tree = build_box_tree


def _record_texts(box, pdf, page_number, marked) -> None:
    """Keep the logical text of runs in right-to-left text, by page and marked-content id.

    Shaped Arabic glyphs do not map back to text in order (WeasyPrint writes glyphs
    visually and Noto Sans Arabic draws dots as separate glyphs), so ``structure.py``
    gives each such span its text as /ActualText, which screen readers use.
    """
    import pydyf
    from weasyprint.formatting_structure import boxes

    for child in getattr(box, "children", ()):
        for leaf in (child.children if isinstance(child, boxes.LineBox) else (child,)):
            if isinstance(leaf, boxes.TextBox) and leaf in marked and (
                    leaf.style["direction"] == "rtl" or _is_rtl(leaf.text)):
                texts = pdf.catalog.setdefault(TEXTS, pydyf.Dictionary({}))
                # The renderer's isolate characters order the text on the page; a
                # reader of the logical text needs none of them.
                text = leaf.text.translate(_ISOLATES)
                texts[f"p{page_number}m{marked[leaf]['mcid']}"] = pydyf.String(text)


_ISOLATES = dict.fromkeys(map(ord, "\u2066\u2067\u2068\u2069"))


def _is_rtl(text: str) -> bool:
    import unicodedata

    return any(unicodedata.bidirectional(c) in ("R", "AL") for c in text)


def _describe(element, box) -> None:
    import pydyf

    html = getattr(box, "element", None)
    if html is None:
        return
    element[KEY] = id(html)
    tag = getattr(box, "element_tag", None)
    lang = html.get("lang") if hasattr(html, "get") else None
    if lang and tag not in ("html", "body"):
        element["Lang"] = pydyf.String(lang)
    if element["S"] == "/L":
        style = box.style["list_style_type"]
        name = style if isinstance(style, str) else "decimal"
        element["A"] = pydyf.Dictionary({"O": "/List",
                                         "ListNumbering": NUMBERING.get(name, "/Decimal")})
    if tag == "figure":
        element["S"] = "/Div"
    if "artifact" in (html.get("class") or "").split():
        element[ARTIFACT] = True
