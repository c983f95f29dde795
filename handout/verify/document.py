"""Stage 7: read a written PDF back and check what a reader depends on.

Checks: tagging, document language, title shown in the window, embedded fonts,
figure alt text, heading levels, link structure, the standard the PDF claims (PDF/UA-1
through page-validation; for PDF/UA-2, what PDF 2.0 adds: version, namespaces,
structure destinations, captions, declarations), and the printed page itself (glyph
sizes, contrast, margins, and the layout checks of :mod:`handout.page_checks`).
veraPDF, which checks every rule of both standards, runs on request
(:mod:`handout.verify.verapdf`).
"""

from __future__ import annotations

import io
import tempfile
import zlib
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf

from ..errors import VerifyError
from ..limits import IMAGE_PIXELS, VERIFY_FILE_BYTES, VERIFY_STREAM_BYTES
from ..matrix import (
    PDF2_NAMESPACE,
    PDF2_TYPES,
    PDF17_NAMESPACE,
    PDF17_TYPES,
    PDF_STANDARDS,
    PdfStandard,
)
from ..verify.page_model import Document as PageModel


@dataclass
class VerifyReport:
    pages: int = 0
    errors: list[str] = field(default_factory=list)
    min_glyph_pt: float = 0.0
    min_contrast: float = 0.0
    pdfua: str = "not run"
    fonts: list[str] = field(default_factory=list)
    standard: str = ""                   # the PDF standard it claims (PDF_STANDARDS key)

    def summary(self) -> dict:
        return {"passed": not self.errors, "errors": self.errors[:10],
                "min_glyph_pt": round(self.min_glyph_pt, 2),
                "min_contrast": round(self.min_contrast, 2), "pdfua": self.pdfua,
                "standard": self.standard, "fonts": self.fonts}


def verify_pdf(pdf: bytes | Path, language: str | None = None,
               min_size_pt: float | None = None,
               expected_structure: Mapping[str, int] | None = None,
               pages: PageModel | None = None,
               standard: str | None = None) -> VerifyReport:
    """Check one PDF; ``errors`` is empty when it passes.

    ``expected_structure`` (structure type -> count, from the HTML the PDF was made
    from) adds a check that the tagging neither split nor lost elements. ``pages`` is
    :func:`read_pages` of these same bytes, when the caller has read them already.
    ``standard`` (a key of ``PDF_STANDARDS``) is the standard the PDF must claim;
    without it, the PDF is checked against the standard it claims.
    """
    data = pdf.read_bytes() if isinstance(pdf, Path) else pdf
    report = VerifyReport()
    claimed = None
    with pikepdf.open(io.BytesIO(data)) as document:
        report.pages = len(document.pages)
        _check_document_root(document, language, report)
        claimed = _check_claim(document, standard, report)
        if claimed is not None and claimed.pdf2:
            _check_pdf2(document, claimed, report)
        _check_fonts(document, report)
        _check_structure(document, report)
        if expected_structure is not None:
            _check_counts(document, expected_structure, report)
        _check_links(document, report)
        _check_actions(document, report)
        _check_notdef(document, report)
    _check_pages(pages if pages is not None else read_pages(data), min_size_pt, report)
    if claimed is not None and claimed.part == 1:
        _check_pdfua(data, report)
    elif claimed is not None:
        report.pdfua = "not validated (veraPDF runs with verify --vera)"
    return report


def _check_document_root(document: pikepdf.Pdf, language: str | None,
                         report: VerifyReport) -> None:
    """The PDF's /Root (its document catalog): tagged, structured, language, title."""
    root = document.Root
    if not (root.get("/MarkInfo") and bool(root.MarkInfo.get("/Marked"))):
        report.errors.append("not tagged: /MarkInfo /Marked is not true")
    if "/StructTreeRoot" not in root:
        report.errors.append("no structure tree (/StructTreeRoot)")
    lang = str(root.get("/Lang", ""))
    if not lang:
        report.errors.append("no document language (/Lang)")
    elif language and lang.lower() != language.lower():
        report.errors.append(f"document language is {lang!r}, expected {language!r}")
    prefs = root.get("/ViewerPreferences")
    if not (prefs and bool(prefs.get("/DisplayDocTitle"))):
        report.errors.append("title not shown in the window (DisplayDocTitle)")
    with document.open_metadata() as meta:
        title = meta.get("dc:title", "")
    if not title:
        report.errors.append("no XMP dc:title")


def _check_claim(document: pikepdf.Pdf, expected: str | None,
                 report: VerifyReport) -> PdfStandard | None:
    """The standard the XMP metadata claims (pdfuaid:part), if it is one we know."""
    with document.open_metadata() as meta:
        part = str(meta.get("pdfuaid:part", "") or "").strip()
    claimed = next((s for s in PDF_STANDARDS.values() if str(s.part) == part), None)
    if claimed is None:
        report.errors.append(f"claims no PDF/UA part we know (XMP pdfuaid:part is "
                             f"{part[:20]!r})" if part else
                             "claims no PDF/UA conformance (no XMP pdfuaid:part)")
        return None
    report.standard = claimed.name
    if expected is not None and expected != claimed.name:
        report.errors.append(f"claims {claimed.label}, expected "
                             f"{PDF_STANDARDS[expected].label}")
    return claimed


# -- what PDF 2.0 and PDF/UA-2 add -----------------------------------------------------

# veraPDF (and ISO/TS 32005) look through these to the children they group.
PASS_THROUGH = frozenset({"/Div", "/Part", "/NonStruct"})
UA2_DESTINATIONS = ("(PDF/UA-2 8.8: in-document destinations must be structure "
                    "destinations)")


def _check_pdf2(document: pikepdf.Pdf, standard: PdfStandard,
                report: VerifyReport) -> None:
    """Version, identification, namespaces and role map, captions, destinations,
    declarations: what a PDF/UA-2 handout adds to a PDF/UA-1 one."""
    root = document.Root
    version = max(str(document.pdf_version), str(root.get("/Version", "")).lstrip("/"))
    if version < standard.pdf_version:
        report.errors.append(f"the file version is {version}, not "
                             f"{standard.pdf_version} ({standard.label} 6.1)")
    with document.open_metadata() as meta:
        revision = str(meta.get("pdfuaid:rev", "") or "")
        declared = _declarations(str(meta))
    if standard.revision and revision != standard.revision:
        report.errors.append(f"XMP pdfuaid:rev is {revision[:20]!r}, not "
                             f"{standard.revision!r} ({standard.label} 5)")
    for uri in standard.declarations:
        if uri not in declared:
            report.errors.append(f"no PDF Declaration {uri} in the XMP metadata "
                                 "(WTPDF 1.0 6.1.3)")
    tree = root.get("/StructTreeRoot")
    if tree is not None:
        _check_namespaces(document, tree, standard, report)
        _check_captions(document, standard, report)
    _check_destinations(document, report)


def _declarations(xmp: str) -> set[str]:
    """The pdfd:conformsTo values of the XMP packet's PDF Declarations."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        tree = etree.fromstring(xmp.encode("utf-8"), parser)
    except etree.XMLSyntaxError:
        return set()
    return {(node.text or "").strip() for node in
            tree.iter("{http://pdfa.org/declarations/}conformsTo")}


def _check_namespaces(document: pikepdf.Pdf, tree, standard: PdfStandard,
                      report: VerifyReport) -> None:
    listed = {space.objgen: str(space.get("/NS", "")) for space in
              (tree.get("/Namespaces") or ()) if isinstance(space, pikepdf.Dictionary)}
    kids = [k for k in _kids(tree) if isinstance(k, pikepdf.Dictionary)]
    if len(kids) != 1 or kids[0].get("/S") != "/Document":
        report.errors.append("the structure tree's root does not hold one Document "
                             f"element as its only child ({standard.label} 8.2.5.2)")
    elif _namespace_of(kids[0]) != PDF2_NAMESPACE:
        report.errors.append("the Document element is not in the PDF 2.0 namespace "
                             f"({standard.label} 8.2.5.2)")
    role_map = tree.get("/RoleMap") or {}
    unlisted, unknown = 0, set()
    for element in walk_structure(document):
        namespace = element.get("/NS")
        if isinstance(namespace, pikepdf.Dictionary) and namespace.objgen not in listed:
            unlisted += 1
        uri = _namespace_of(element)
        kind = str(element.S)[1:]
        standard_types = PDF2_TYPES if uri == PDF2_NAMESPACE else (
            PDF17_TYPES if uri == PDF17_NAMESPACE else frozenset())
        mapped = namespace.get("/RoleMapNS") if isinstance(
            namespace, pikepdf.Dictionary) else role_map
        if kind not in standard_types and "/" + kind not in (mapped or {}):
            unknown.add(kind)
    if unlisted:
        report.errors.append(f"{unlisted} structure elements use a namespace that the "
                             "structure tree root does not list (/Namespaces)")
    if unknown:
        report.errors.append(f"structure types {', '.join(sorted(unknown))[:200]} are "
                             "neither standard in their namespace nor role-mapped "
                             f"({standard.label} 8.2.4)")


def _namespace_of(element) -> str:
    """An element's namespace URI; none given means the PDF 1.7 namespace."""
    namespace = element.get("/NS")
    if isinstance(namespace, pikepdf.Dictionary):
        return str(namespace.get("/NS", ""))
    return PDF17_NAMESPACE


def _check_captions(document: pikepdf.Pdf, standard: PdfStandard,
                    report: VerifyReport) -> None:
    """A Caption captions its parent: it must be the parent's first or last child,
    counting the children of Div, Part and NonStruct as the parent's own."""
    misplaced = 0
    for element in walk_structure(document):
        kinds = _effective_kinds(element)
        misplaced += "/Caption" in kinds[1:-1]
    if misplaced:
        report.errors.append(f"{misplaced} captions are neither the first nor the last "
                             f"child of what they caption ({standard.label} 8.2.5.27)")


def _effective_kinds(element, depth: int = 0) -> list[str]:
    kinds: list[str] = []
    for kid in _kids(element):
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid and \
                kid.get("/Type") != "/OBJR":
            kind = str(kid.S)
            if kind in PASS_THROUGH and depth < 32:
                kinds.extend(_effective_kinds(kid, depth + 1))
            else:
                kinds.append(kind)
    return kinds


def _kids(node) -> list:
    kids = node.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _check_destinations(document: pikepdf.Pdf, report: VerifyReport) -> None:
    """Bookmarks and in-document links name the structure element they show."""
    names = _named_destinations(document)
    bad_bookmarks = [str(item.get("/Title", ""))
                     for item in _outline_items(document.Root.get("/Outlines"))
                     if not _structural_target(item, names)]
    if bad_bookmarks:
        report.errors.append(f"{len(bad_bookmarks)} bookmarks jump to a page, not to a "
                             f"structure element, first {bad_bookmarks[0][:60]!r} "
                             + UA2_DESTINATIONS)
    for number, page in enumerate(document.pages, start=1):
        bad = sum(1 for annotation in page.obj.get("/Annots") or ()
                  if isinstance(annotation, pikepdf.Dictionary)
                  and annotation.get("/Subtype") == "/Link"
                  and ("/Dest" in annotation or _is_goto(annotation.get("/A")))
                  and not _structural_target(annotation, names))
        if bad:
            report.errors.append(f"page {number}: {bad} links jump to a page, not to a "
                                 "structure element " + UA2_DESTINATIONS)


def _is_goto(action) -> bool:
    return isinstance(action, pikepdf.Dictionary) and action.get("/S") == "/GoTo"


def _structural_target(holder, names: Mapping[str, object]) -> bool:
    """An outline item or link whose destination (or GoTo action) is structural."""
    if "/Dest" in holder:
        return _structural(holder.Dest, names)
    action = holder.get("/A")
    if not _is_goto(action):
        return True                  # no in-document destination
    return "/SD" in action or (isinstance(action.get("/D"), (pikepdf.String, pikepdf.Name))
                               and _structural(action.D, names))


def _structural(destination, names: Mapping[str, object]) -> bool:
    if isinstance(destination, (pikepdf.String, pikepdf.Name)):
        destination = names.get(str(destination).lstrip("/"))
    if isinstance(destination, pikepdf.Dictionary):
        return "/SD" in destination
    if isinstance(destination, pikepdf.Array) and len(destination):
        first = destination[0]
        return isinstance(first, pikepdf.Dictionary) and "/S" in first and \
            first.get("/Type") != "/Page"
    return False


def _named_destinations(document: pikepdf.Pdf) -> dict[str, object]:
    found: dict[str, object] = {}
    old_style = document.Root.get("/Dests")
    if isinstance(old_style, pikepdf.Dictionary):
        found.update((str(key).lstrip("/"), value) for key, value in old_style.items())
    names = document.Root.get("/Names")
    stack = [(names.get("/Dests"), 0)] if isinstance(names, pikepdf.Dictionary) else []
    while stack:
        node, depth = stack.pop()
        if not isinstance(node, pikepdf.Dictionary) or depth > 32:
            continue
        pairs = node.get("/Names")
        if isinstance(pairs, pikepdf.Array):
            for index in range(0, len(pairs) - 1, 2):
                found.setdefault(str(pairs[index]), pairs[index + 1])
        stack.extend((kid, depth + 1) for kid in node.get("/Kids") or ())
    return found


def _outline_items(outlines):
    stack = [outlines.get("/First")] if isinstance(outlines, pikepdf.Dictionary) else []
    seen = set()
    while stack and len(seen) < 100_000:
        item = stack.pop()
        if not isinstance(item, pikepdf.Dictionary) or item.objgen in seen:
            continue
        seen.add(item.objgen)
        yield item
        stack.extend((item.get("/Next"), item.get("/First")))


def _fonts(document: pikepdf.Pdf):
    seen = set()
    for page in document.pages:
        resources = page.obj.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            if font.objgen in seen:
                continue
            seen.add(font.objgen)
            yield font


def _check_fonts(document: pikepdf.Pdf, report: VerifyReport) -> None:
    for font in _fonts(document):
        name = str(font.get("/BaseFont", "?"))
        report.fonts.append(name.split("+")[-1])
        descendants = font.get("/DescendantFonts") or [font]
        for part in descendants:
            descriptor = part.get("/FontDescriptor")
            if descriptor is None or not any(k in descriptor for k in
                                             ("/FontFile", "/FontFile2", "/FontFile3")):
                report.errors.append(f"font {name} is not embedded")
    report.fonts = sorted(set(report.fonts))


def walk_structure(document: pikepdf.Pdf):
    """Structure elements in document order (depth first)."""
    tree = document.Root.get("/StructTreeRoot")
    if tree is None:
        return
    stack = [tree.get("/K")]
    while stack:
        node = stack.pop()
        if node is None:
            continue
        if isinstance(node, pikepdf.Array):
            stack.extend(reversed(list(node)))
        elif isinstance(node, pikepdf.Dictionary) and node.get("/Type") != "/OBJR" \
                and "/S" in node:
            yield node
            stack.append(node.get("/K"))


def _check_structure(document: pikepdf.Pdf, report: VerifyReport) -> None:
    previous = 0
    reachable = {element.objgen for element in walk_structure(document)}
    _check_parent_tree(document, reachable, report)
    for element in walk_structure(document):
        tag = str(element.S)
        if tag == "/L" and "/ListNumbering" not in (element.get("/A") or {}):
            report.errors.append("a list (/L) does not say whether it is numbered "
                                 "(/ListNumbering)")
        if tag == "/TH" and "/Scope" not in (element.get("/A") or {}):
            report.errors.append("a table header cell (/TH) has no /Scope")
        if tag == "/Figure" and not str(element.get("/Alt", "")).strip():
            report.errors.append("a /Figure has no /Alt text")
        if len(tag) == 3 and tag.startswith("/H") and tag[2].isdigit():
            level = int(tag[2])
            if previous == 0 and level != 1:
                report.errors.append(f"first heading is H{level}, not H1")
            elif level > previous + 1 and previous:
                report.errors.append(f"heading level skips from H{previous} to H{level}")
            previous = level


def _check_counts(document: pikepdf.Pdf, expected: Mapping[str, int],
                  report: VerifyReport) -> None:
    """As many structure elements of each kind as the source HTML has elements."""
    found = Counter(str(element.S) for element in walk_structure(document))
    for kind, count in sorted(expected.items()):
        if found.get(kind, 0) != count:
            report.errors.append(
                f"the structure tree has {found.get(kind, 0)} {kind} elements where the "
                f"HTML has {count}: the tagging split or lost elements")


def _check_parent_tree(document: pikepdf.Pdf, reachable: set, report: VerifyReport) -> None:
    """Marked content must belong to an element in the tree, or be an artifact."""
    tree = document.Root.get("/StructTreeRoot")
    nums = tree.get("/ParentTree", {}).get("/Nums") if tree is not None else None
    if nums is None:
        return
    orphans = 0
    for index in range(1, len(nums), 2):
        value = nums[index]
        values = list(value) if isinstance(value, pikepdf.Array) else [value]
        orphans += sum(1 for v in values if isinstance(v, pikepdf.Dictionary)
                       and v.objgen not in reachable)
    if orphans:
        report.errors.append(f"{orphans} marked-content items belong to structure elements "
                             "outside the tree (running headers or page numbers not marked "
                             "as artifacts)")


def _check_links(document: pikepdf.Pdf, report: VerifyReport) -> None:
    for number, page in enumerate(document.pages, start=1):
        for annotation in page.obj.get("/Annots") or []:
            if annotation.get("/Subtype") != "/Link":
                continue
            if not str(annotation.get("/Contents", "")).strip():
                report.errors.append(f"page {number}: link without /Contents")
            if "/StructParent" not in annotation:
                report.errors.append(f"page {number}: link not in a Link structure")


def _check_notdef(document: pikepdf.Pdf, report: VerifyReport) -> None:
    """No glyph id 0 (.notdef, drawn as an empty box) in any two-byte (Type0) font."""
    for number, page in enumerate(document.pages, start=1):
        fonts = (page.obj.get("/Resources") or {}).get("/Font") or {}
        two_byte = {str(name) for name, font in fonts.items() if font.get("/Subtype") == "/Type0"}
        current = None
        for operands, operator in pikepdf.parse_content_stream(page, "Tf Tj TJ"):
            name = str(operator)
            if name == "Tf":
                current = str(operands[0])
                continue
            if current not in two_byte:
                continue
            strings = operands[0] if name == "TJ" else [operands[0]]
            for item in strings:
                if isinstance(item, pikepdf.String):
                    raw = bytes(item)
                    # Most strings hold no two zero bytes at all; only then look at
                    # where they stand (a glyph id is two bytes from an even offset).
                    if b"\0\0" in raw and any(raw[i:i + 2] == b"\0\0"
                                              for i in range(0, len(raw) - 1, 2)):
                        report.errors.append(f"page {number}: a glyph is drawn as .notdef "
                                             "(missing from its font)")
                        return


def read_pages(data: bytes) -> PageModel:
    """The printed pages of a PDF, as the page checks read them (pdfium)."""
    from ..verify.page_model import read_document

    return read_document(data)


def _check_pages(pages: PageModel, min_size_pt: float | None, report: VerifyReport) -> None:
    """The printed page: sizes, contrast, margins and layout (see page_checks)."""
    from ..verify.page_checks import check_pages

    problems, figures = check_pages(pages, min_size_pt)
    report.errors.extend(problems)
    report.min_glyph_pt = figures.min_glyph_pt
    report.min_contrast = figures.min_contrast


def _check_pdfua(data: bytes, report: VerifyReport) -> None:
    import page as page_validation

    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        result = page_validation.validate_pdf(handle.name, profile="ua1")
    if result.is_compliant:
        report.pdfua = "compliant"
    else:
        failures = list(result.failures)
        report.pdfua = "failed: " + ", ".join(str(f) for f in failures[:5])
        report.errors.append("PDF/UA-1 validation failed: "
                             + ", ".join(str(f) for f in failures[:5]))


# -- what links may do, and PDFs that must not be opened further -----------------------

LINK_SCHEMES = ("http://", "https://", "mailto:")
SAFE_ACTIONS = ("/URI", "/GoTo")          # a web or mail link; a jump inside the document


def _action_problems(action, where: str, depth: int = 0) -> list[str]:
    """What is wrong with an action (and the actions chained after it with /Next)."""
    if depth > 8 or not isinstance(action, pikepdf.Dictionary):
        return [] if depth <= 8 else [f"{where}: actions chained too deep"]
    kind = str(action.get("/S", ""))
    problems = []
    if kind == "/URI":
        uri = str(action.get("/URI", ""))
        if not uri.lower().startswith(LINK_SCHEMES):
            problems.append(f"{where}: link to {uri[:80]!r} (only http, https and mailto "
                            "links are allowed)")
    elif kind not in SAFE_ACTIONS:
        problems.append(f"{where}: a {kind or 'untyped'} action (only web and mail links "
                        "are allowed)")
    chained = action.get("/Next")
    for following in (list(chained) if isinstance(chained, pikepdf.Array) else [chained]):
        if following is not None:
            problems.extend(_action_problems(following, where, depth + 1))
    return problems


def _check_actions(document: pikepdf.Pdf, report: VerifyReport) -> None:
    """Links go to the web or to an e-mail address; nothing runs, launches or submits."""
    root = document.Root
    if "/OpenAction" in root and isinstance(root.OpenAction, pikepdf.Dictionary):
        report.errors.extend(_action_problems(root.OpenAction, "document open action"))
    if "/AA" in root:
        report.errors.append("the document has additional actions (/AA)")
    names = root.get("/Names")
    if isinstance(names, pikepdf.Dictionary) and "/JavaScript" in names:
        report.errors.append("the document has JavaScript (/Names /JavaScript)")
    for number, page in enumerate(document.pages, start=1):
        if "/AA" in page.obj:
            report.errors.append(f"page {number}: the page has additional actions (/AA)")
        for annotation in page.obj.get("/Annots") or []:
            if not isinstance(annotation, pikepdf.Dictionary):
                continue
            if "/AA" in annotation:
                report.errors.append(f"page {number}: an annotation has additional "
                                     "actions (/AA)")
            if "/A" in annotation:
                report.errors.extend(_action_problems(annotation.A, f"page {number}"))


# Decoded size over encoded size, at most, for filters verify does not decode itself.
_FILTER_GROWTH = {"/ASCIIHexDecode": 1, "/AHx": 1, "/ASCII85Decode": 1, "/A85": 1,
                  "/RunLengthDecode": 128, "/RL": 128, "/LZWDecode": 4096, "/LZW": 4096,
                  "/FlateDecode": 1032, "/Fl": 1032}
_IMAGE_FILTERS = {"/DCTDecode", "/DCT", "/JPXDecode", "/CCITTFaxDecode", "/CCF",
                  "/JBIG2Decode"}


def _inflated_size(data: bytes, limit: int) -> int:
    """Bytes ``data`` inflates to, counting only up to ``limit + 1`` (64 KB at a time)."""
    inflater = zlib.decompressobj()
    total = 0
    while data and total <= limit:
        total += len(inflater.decompress(data, 65536))
        data = inflater.unconsumed_tail
    return total


def _stream_problem(stream: pikepdf.Stream) -> str | None:
    filters = stream.get("/Filter")
    names = [str(f) for f in filters] if isinstance(filters, pikepdf.Array) else (
        [str(filters)] if filters is not None else [])
    declared = stream.get("/DL")
    if isinstance(declared, int) and declared > VERIFY_STREAM_BYTES:
        return (f"declares {int(declared):,} decoded bytes, more than the "
                f"{VERIFY_STREAM_BYTES:,} allowed (VERIFY_STREAM_BYTES)")
    if stream.get("/Subtype") == "/Image":
        width, height = stream.get("/Width", 0), stream.get("/Height", 0)
        if isinstance(width, int) and isinstance(height, int) and \
                int(width) * int(height) > IMAGE_PIXELS:
            return (f"is an image of {int(width) * int(height):,} pixels, more than the "
                    f"{IMAGE_PIXELS:,} allowed (IMAGE_PIXELS)")
    raw = stream.read_raw_bytes()
    size = len(raw)
    for index, name in enumerate(names):
        if name in _IMAGE_FILTERS:
            return None                     # image data: verify never decodes it
        if name in ("/FlateDecode", "/Fl") and index == 0:
            try:
                size = _inflated_size(raw, VERIFY_STREAM_BYTES)
            except zlib.error:
                return "is damaged (its compressed data cannot be read)"
        elif name in _FILTER_GROWTH:
            size *= _FILTER_GROWTH[name]
        else:
            return f"uses the filter {name}, which verify does not read"
    if size > VERIFY_STREAM_BYTES:
        return (f"decodes to more than the {VERIFY_STREAM_BYTES:,} bytes allowed "
                "(VERIFY_STREAM_BYTES)")
    return None


def read_for_verify(path: Path) -> bytes:
    """The bytes of a PDF given to ``verify``, after the checks that keep reading it
    safe: a regular file under VERIFY_FILE_BYTES, a PDF header, a complete file that
    opens without repair, and no stream that decodes to more than VERIFY_STREAM_BYTES
    (measured 64 KB at a time, before anything else decodes it)."""
    from .. import files

    data = files.read_bytes(path, VerifyError, VERIFY_FILE_BYTES, path.parent,
                            limit="VERIFY_FILE_BYTES")
    if not data:
        raise VerifyError("the file is empty", path)
    if not data.lstrip(b"\0\t\n\r\f ").startswith(b"%PDF-"):
        raise VerifyError("not a PDF (no %PDF- header)", path)
    if b"%%EOF" not in data[-2048:]:
        raise VerifyError("the PDF is truncated (no %%EOF at its end)", path,
                          advice="Build or download it again")
    try:
        with pikepdf.open(io.BytesIO(data), attempt_recovery=False) as document:
            # Object streams first: listing the objects would make qpdf decode them.
            containers = sorted({entry.obj_stream_number for entry
                                 in document.get_xref_table().values()
                                 if entry.type == 2})
            streams = [document.get_object((number, 0)) for number in containers]
            for obj in (*streams, *document.objects):
                if isinstance(obj, pikepdf.Stream):
                    problem = _stream_problem(obj)
                    if problem:
                        raise VerifyError(f"stream {obj.objgen[0]} {obj.objgen[1]} R "
                                          f"{problem}", path,
                                          advice="This is not a handout this tool made")
    except pikepdf.PdfError as exc:
        raise VerifyError(f"the PDF is damaged: {str(exc)[:200]}", path) from None
    return data

