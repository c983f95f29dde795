"""The one place that touches WeasyPrint's private internals, behind :func:`write_pdf`.

WeasyPrint 70 builds the structure tree page by page in ``pdf.tags._build_box_tree``
and forgets which HTML element each structure element came from. For the length of
one :func:`write_pdf` call we wrap that function (WeasyPrint's recursion goes through
the module attribute, so the wrapper sees every element) to record, on each element:

- ``/HandoutKey``: the HTML element's identity, so ``structure.py`` can merge the
  pieces of a paragraph, list, table or link that a page or line break split, and
  recognise a table header repeated on the next page; the key is removed again;
- ``/Lang`` from the element's ``lang`` attribute (WeasyPrint ignores it below the root);
- ``/A /ListNumbering`` for lists, from their list-style-type;
- ``<figure>`` as the standard's grouping element (``/Div`` in PDF/UA-1, ``/Sect`` in
  PDF/UA-2) holding its ``/Figure`` and ``/Caption``;
- ``/HandoutArtifact`` on elements with class ``artifact`` (figure labels the alt text
  already says), which ``structure.py`` turns into artifacts;
- ``/HandoutBookmark`` (the bookmark's label) and ``/HandoutAnchor`` (the element's
  ``id``) on the elements that bookmarks and named destinations point at: WeasyPrint
  writes them as page positions, and PDF/UA-2 wants the structure element, which
  ``structure.py`` adds (the keys are removed again);

and, outside the PDF, the logical text of right-to-left runs (:attr:`TaggedPdf.texts`)
and which text runs are blank (:attr:`TaggedPdf.blank`).

Nothing here fails quietly. The installed WeasyPrint must be a version this was
tested with (:data:`TESTED_VERSIONS`); WeasyPrint's public ``finisher`` hook then
proves that every structure element of the document passed through the wrapper, or
the handout fails with :class:`SeamError`. ``tools/weasyprint-upgrade-check`` runs
the test suite against the newest WeasyPrint to show what an upgrade breaks.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..charset import is_right_to_left
from ..errors import RenderError
from ..matrix import DEFAULT_STANDARD, PDF_STANDARDS, PdfStandard

TESTED_VERSIONS = ("70.0",)
# Set to 1 to render with an untested WeasyPrint anyway (the upgrade check does).
ALLOW_UNTESTED = "HANDOUT_ALLOW_UNTESTED_WEASYPRINT"

SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH"
KEY = "HandoutKey"
ARTIFACT = "HandoutArtifact"
BOOKMARK = "HandoutBookmark"
ANCHOR = "HandoutAnchor"
NUMBERING = {"decimal": "/Decimal", "disc": "/Disc", "circle": "/Circle",
             "square": "/Square", "lower-roman": "/LowerRoman",
             "upper-roman": "/UpperRoman", "lower-alpha": "/LowerAlpha",
             "upper-alpha": "/UpperAlpha", "lower-latin": "/LowerAlpha",
             "upper-latin": "/UpperAlpha", "none": "/None"}
_ISOLATES = dict.fromkeys(map(ord, "\u2066\u2067\u2068\u2069"))


class SeamError(RenderError):
    """WeasyPrint no longer works the way the seam depends on."""


@dataclass
class TaggedPdf:
    """A PDF written through the seam, and what the seam recorded outside it."""

    data: bytes
    # "p<page>m<mcid>" -> logical text of a right-to-left run, for /ActualText
    texts: dict[str, str] = field(default_factory=dict)
    # "p<page>m<mcid>" of runs of white space only (nothing a reader hears)
    blank: set[str] = field(default_factory=set)
    calls: int = 0                       # how often the wrapper ran
    elements: int = 0                    # structure elements in the document


def check_version(version: str | None = None) -> None:
    """Refuse a WeasyPrint this seam was not tested with (unless asked to try it)."""
    if version is None:
        import weasyprint

        version = weasyprint.__version__
    if version in TESTED_VERSIONS or os.environ.get(ALLOW_UNTESTED) == "1":
        return
    raise SeamError(
        f"WeasyPrint {version} is installed; the WeasyPrint seam "
        f"(handout/pdf/weasyprint_seam.py) was tested with {', '.join(TESTED_VERSIONS)}",
        advice=f"Install a tested version (pip install 'weasyprint=={TESTED_VERSIONS[-1]}'), "
        f"or run tools/weasyprint-upgrade-check to see what the new one breaks")


def write_pdf(document: Any, standard: PdfStandard = PDF_STANDARDS[DEFAULT_STANDARD],
              **options: Any) -> TaggedPdf:
    """``document.write_pdf(**options)`` in ``standard``'s PDF variant, with the structure
    extension, proved to have run.

    ``document`` is a rendered ``weasyprint.Document`` or ``weasyprint.HTML``.
    """
    check_version()
    run = _Run(figure_group=standard.figure_group)
    with _wrapped(run), _fixed_font_dates():
        data = document.write_pdf(finisher=run.finish, pdf_variant=standard.variant,
                                  **options)
    run.prove()
    return TaggedPdf(data, run.texts, run.blank, run.calls, run.elements)


@contextlib.contextmanager
def _fixed_font_dates() -> Iterator[None]:
    """Same input, same bytes: WeasyPrint instantiates variable fonts (Noto Sans
    Arabic) with fontTools, which stamps the current time into each font's ``head``
    table unless SOURCE_DATE_EPOCH is set. Set it (to the epoch) for one document
    unless the user already has."""
    if SOURCE_DATE_EPOCH in os.environ:
        yield
        return
    os.environ[SOURCE_DATE_EPOCH] = "0"
    try:
        yield
    finally:
        os.environ.pop(SOURCE_DATE_EPOCH, None)


def remove_font_folder(font_config: Any) -> None:
    """Remove the folder where ``FontConfiguration`` copies @font-face fonts
    (weasyprint/text/fonts.py: mkdtemp(prefix='weasyprint-')). WeasyPrint removes it
    only in ``__del__``, which a pool worker's exit never runs."""
    import shutil

    folder = getattr(font_config, "_folder", None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
        font_config._folder = None


@dataclass
class _Run:
    """What one document's wrapper saw."""

    calls: int = 0
    seen: set[int] = field(default_factory=set)
    texts: dict[str, str] = field(default_factory=dict)
    blank: set[str] = field(default_factory=set)
    elements: int = 0
    unseen: int = 0
    figure_group: str = "/Div"

    def finish(self, _document: Any, pdf: Any) -> None:
        """WeasyPrint's finisher: count the structure elements the wrapper never saw."""
        for obj in pdf.objects:
            if _made_from_a_box(obj):
                self.elements += 1
                self.unseen += id(obj) not in self.seen

    def prove(self) -> None:
        if self.calls and not self.unseen:
            return
        raise SeamError(
            f"the WeasyPrint seam did not see the structure tree being built "
            f"({self.calls} wrapper calls, {self.unseen} of {self.elements} structure "
            f"elements unseen): WeasyPrint's private pdf.tags._build_box_tree has changed",
            advice="Adapt handout/pdf/weasyprint_seam.py to the installed WeasyPrint, or "
            f"install a tested version ({', '.join(TESTED_VERSIONS)})")


def _made_from_a_box(obj: Any) -> bool:
    """A structure element ``_build_box_tree`` made for a box and yielded.

    Left out: the document root, the element of each text run (made inside the
    function and never yielded: its /K is only marked-content ids) and form fields.
    """
    if not isinstance(obj, dict) or obj.get("Type") != "/StructElem":
        return False
    kind, kids = obj.get("S"), list(obj.get("K") or ())
    text_run = kind != "/Link" and kids and all(isinstance(k, int) for k in kids)
    return kind not in ("/Document", "/Form") and not text_run


@contextlib.contextmanager
def _wrapped(run: _Run) -> Iterator[None]:
    """Wrap ``tags._build_box_tree`` for the length of one document, then restore it."""
    from weasyprint.pdf import tags

    original = tags._build_box_tree
    if getattr(original, "handout_run", None) is not None:
        raise RuntimeError("the WeasyPrint seam is already wrapping a document "
                           "(one document at a time per process)")

    def build_box_tree(box, parent, pdf, page_number, nums, annotations, marked):
        run.calls += 1
        _record_texts(run, box, page_number, marked)
        for element in original(box, parent, pdf, page_number, nums, annotations, marked):
            if id(element) not in run.seen:
                run.seen.add(id(element))
                _describe(element, box, run.figure_group)
            yield element

    build_box_tree.handout_run = run
    tags._build_box_tree = build_box_tree
    try:
        yield
    finally:
        tags._build_box_tree = original


def _record_texts(run: _Run, box: Any, page_number: int, marked: Any) -> None:
    """Keep the logical text of runs in right-to-left text, and note blank runs, by
    page and marked-content id.

    Shaped Arabic glyphs do not map back to text in order (WeasyPrint writes glyphs
    visually and Noto Sans Arabic draws dots as separate glyphs), so ``structure.py``
    gives each such span its text as /ActualText, which screen readers use. A run of
    white space between blocks (after a picture, before a caption) is tagged as a
    Span of its block, where PDF/UA-2 allows no Span (a Sect), so ``structure.py``
    makes such runs artifacts.
    """
    from weasyprint.formatting_structure import boxes

    for child in getattr(box, "children", ()):
        for leaf in (child.children if isinstance(child, boxes.LineBox) else (child,)):
            if not isinstance(leaf, boxes.TextBox) or leaf not in marked:
                continue
            key = f"p{page_number}m{marked[leaf]['mcid']}"
            if leaf.style["direction"] == "rtl" or is_right_to_left(leaf.text):
                # The renderer's isolate characters order the text on the page; a
                # reader of the logical text needs none of them.
                run.texts[key] = leaf.text.translate(_ISOLATES)
            if not leaf.text.translate(_ISOLATES).strip():
                run.blank.add(key)


def _anonymous(box: Any) -> bool:
    """A box WeasyPrint made for an element's loose inline content (not the element's
    own box): it has WeasyPrint's anonymous style."""
    from weasyprint.css import AnonymousStyle

    return isinstance(box.style, AnonymousStyle)


def _describe(element: Any, box: Any, figure_group: str) -> None:
    import pydyf

    html = getattr(box, "element", None)
    if html is None:
        return
    element[KEY] = id(html)
    # The same tests as WeasyPrint's anchors.gather_anchors, which makes the outline
    # and the named destinations from these boxes.
    label, level = box.bookmark_label, box.style["bookmark_level"]
    if label and level != "none":
        element[BOOKMARK] = pydyf.String(label)
    if box.style["anchor"]:
        element[ANCHOR] = pydyf.String(box.style["anchor"])
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
        # WeasyPrint wraps a figure's inline content (an <img> on its own) in an
        # anonymous block of the same element: that block stays a Div, which PDF 2.0
        # readers see through, so the group holds Figure and Caption side by side.
        element["S"] = "/Div" if _anonymous(box) else figure_group
    if "artifact" in (html.get("class") or "").split():
        element[ARTIFACT] = True
