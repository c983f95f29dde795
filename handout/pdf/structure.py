"""Corrections to WeasyPrint 70's structure tree, applied to the written PDF (pikepdf).

WeasyPrint tags page by page, so (measured on our handouts) a section, paragraph,
list, table or link that crosses a page or line break becomes several structure
elements, a repeated table header is tagged twice, and the running header and page
numbers are tagged into elements that hang outside the tree. With the element
identities recorded by :mod:`handout.pdf.weasyprint_seam` we:

1. merge adjacent pieces of the same HTML element, recursively, and point the
   ParentTree (marked content and link annotations) at the merged element;
2. turn a table header repeated on a later page into an artifact;
3. turn marked content whose element is not in the tree (running headers, page
   numbers) into artifacts, rewriting those BDC operators as /Artifact BMC;
4. give list items whose content is block-level one /LBody (LI = Lbl + LBody);
5. map glyphs that WeasyPrint's ToUnicode CMap leaves empty (``<000f> <>``, seen for
   Arabic glyphs that shaping produced inside a cluster whose text another glyph
   carries) to U+200D ZERO WIDTH JOINER: an empty mapping is malformed (PDF/UA-1),
   and the joiner adds nothing a reader hears.

For PDF 2.0 (PDF/UA-2), WeasyPrint 70 writes the version, the namespace of the
Document element and the XMP identification, and nothing else the standard adds, so:

6. every structure element is put in its namespace (PDF 2.0 where the type is a PDF
   2.0 type, else PDF 1.7, declared too); the tree uses standard types only, so it
   needs, and gets, no role map;
7. bookmarks and named destinations (the targets of in-document links) become
   structure destinations: a bookmark's page destination becomes a GoTo action with
   the page destination (for readers that predate PDF 2.0) and a structure
   destination (/SD) naming the heading it jumps to; a named destination becomes a
   dictionary with both (/D and /SD);
8. the XMP metadata declares the standard's PDF Declarations (WTPDF 1.0 accessibility);
9. a run of white space tagged straight into a grouping element (a Span in a Sect,
   seen after the clinic page's QR code, before its caption) becomes an artifact: a
   grouping element holds no Span in PDF 2.0, and the run holds nothing to hear.
"""

from __future__ import annotations

import io
import re
from collections import deque
from collections.abc import Iterator, Mapping

import pikepdf

from ..errors import RenderError
from ..matrix import (
    DEFAULT_STANDARD,
    PDF2_NAMESPACE,
    PDF2_TYPES,
    PDF17_NAMESPACE,
    PDF17_TYPES,
    PDF_STANDARDS,
    PdfStandard,
)
from .fontsubset import compact_cid_fonts
from .weasyprint_seam import ANCHOR, ARTIFACT, BOOKMARK, KEY, TaggedPdf

REPEATABLE = {"/THead", "/TFoot"}
# Grouping elements (ISO 32000-2, 14.8.4.4), and PDF 1.7's Art; Div, Part and NonStruct
# are seen through, so what they hold counts as their parent's.
GROUPING = {"/Document", "/DocumentFragment", "/Part", "/Art", "/Sect", "/Div", "/Aside",
            "/NonStruct"}
PRIVATE_KEY = pikepdf.Name("/" + KEY)
ARTIFACT_KEY = pikepdf.Name("/" + ARTIFACT)
BOOKMARK_KEY = pikepdf.Name("/" + BOOKMARK)
ANCHOR_KEY = pikepdf.Name("/" + ANCHOR)
PRIVATE_KEYS = (PRIVATE_KEY, ARTIFACT_KEY, BOOKMARK_KEY, ANCHOR_KEY)


def _is_elem(node, tag: str | None = None) -> bool:
    return isinstance(node, pikepdf.Dictionary) and "/S" in node and (
        tag is None or node.S == tag)


def _kids(element) -> list:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


class _Fixer:
    def __init__(self, document: pikepdf.Pdf, texts: dict[str, str],
                 blank: set[str] | None = None) -> None:
        self.document = document
        self.texts = texts
        self.blank = blank or set()         # runs to drop from grouping elements
        self.redirect: dict[tuple[int, int], pikepdf.Dictionary] = {}
        self.dropped: list[pikepdf.Dictionary] = []
        # In document order: the elements bookmarks point at, by label, and the
        # element each named destination points at (the first with that id).
        self.bookmarks: dict[str, deque[pikepdf.Dictionary]] = {}
        self.anchors: dict[str, pikepdf.Dictionary] = {}

    def run(self) -> None:
        tree = self.document.Root.get("/StructTreeRoot")
        if tree is None:
            return
        for top in _kids(tree):
            if _is_elem(top):
                self.merge(top)
        if self.blank:
            self.drop_blank_runs(tree)
        self.update_parent_tree(tree)
        reachable = self.reachable(tree)
        self.artifacts(tree, reachable)
        self.actual_text(reachable)
        self.targets(tree)
        for element in reachable.values():
            for private in PRIVATE_KEYS:
                if private in element:
                    del element[private]
            if element.S == "/LI":
                self.wrap_list_body(element)

    def drop_blank_runs(self, tree) -> None:
        """Take blank text runs out of grouping elements; with no element left, their
        marked content becomes an artifact (step 3)."""
        page_index = {p.objgen: i for i, p in enumerate(self.document.pages)}
        for element in list(in_order(tree)):
            if element.S not in GROUPING:
                continue
            kids = _kids(element)
            kept = [kid for kid in kids if not self.is_blank(kid, page_index)]
            if len(kept) != len(kids):
                element.K = pikepdf.Array(kept)

    def is_blank(self, element, page_index) -> bool:
        kids = _kids(element) if _is_elem(element, "/Span") else []
        if len(kids) != 1 or not isinstance(kids[0], int) or "/Pg" not in element:
            return False
        return f"p{page_index.get(element.Pg.objgen)}m{int(kids[0])}" in self.blank

    def targets(self, tree) -> None:
        """What bookmarks and named destinations point at, in document order."""
        for element in in_order(tree):
            if BOOKMARK_KEY in element:
                self.bookmarks.setdefault(str(element[BOOKMARK_KEY]), deque()).append(element)
            if ANCHOR_KEY in element:
                self.anchors.setdefault(str(element[ANCHOR_KEY]), element)

    # 1 and 2: merge pieces, drop repeats
    def merge(self, element: pikepdf.Dictionary) -> None:
        merged: list = []
        seen: dict[int, pikepdf.Dictionary] = {}
        for kid in _kids(element):
            if _is_elem(kid) and ARTIFACT_KEY in kid:
                self.dropped.append(kid)
                continue
            if not _is_elem(kid) or PRIVATE_KEY not in kid:
                merged.append(kid)
                continue
            key = int(kid[PRIVATE_KEY])
            last = merged[-1] if merged else None
            if _is_elem(last) and last.get(PRIVATE_KEY) == key and last.S == kid.S:
                self.absorb(last, kid)
            elif key in seen and kid.S in REPEATABLE:
                self.dropped.append(kid)
            elif key in seen and seen[key].S == kid.S:
                # A table row split by a page break interleaves its cells' pieces.
                self.absorb(seen[key], kid)
            else:
                merged.append(kid)
                seen[key] = kid
        element.K = pikepdf.Array(merged)
        for kid in merged:
            if _is_elem(kid):
                self.merge(kid)
        if element.S == "/Table":
            self.link_table_headers(element)

    def link_table_headers(self, table) -> None:
        """Scope and IDs on header cells, Headers on data cells, for the merged table."""
        number = table.objgen[0]
        columns: dict[int, list] = {}
        for group in _kids(table):
            if not _is_elem(group):
                continue
            rows = [group] if group.S == "/TR" else [r for r in _kids(group)
                                                     if _is_elem(r, "/TR")]
            for i, row in enumerate(rows):
                row_headers = []
                for j, cell in enumerate(c for c in _kids(row)
                                         if _is_elem(c, "/TH") or _is_elem(c, "/TD")):
                    attributes = cell.get("/A") or pikepdf.Dictionary(O=pikepdf.Name.Table)
                    if cell.S == "/TH":
                        scope = "/Column" if group.S == "/THead" else "/Row"
                        attributes.Scope = pikepdf.Name(scope)
                        cell.ID = pikepdf.String(f"th-{number}-{str(group.S)[1:]}-{i}-{j}")
                        if "/Headers" in attributes:
                            del attributes["/Headers"]
                        (columns.setdefault(j, []) if scope == "/Column"
                         else row_headers).append(cell.ID)
                    else:
                        attributes.Headers = pikepdf.Array(row_headers + columns.get(j, []))
                    cell.A = attributes

    def absorb(self, target: pikepdf.Dictionary, piece: pikepdf.Dictionary) -> None:
        kids = _kids(target)
        for kid in _kids(piece):
            if _is_elem(kid):
                kid.P = target
            elif isinstance(kid, int) and "/Pg" in piece and piece.Pg != target.get("/Pg"):
                # A marked-content id on another page needs its page named.
                kid = pikepdf.Dictionary(Type=pikepdf.Name.MCR, Pg=piece.Pg, MCID=kid)
            kids.append(kid)
        target.K = pikepdf.Array(kids)
        self.redirect[piece.objgen] = target

    def final(self, element):
        while isinstance(element, pikepdf.Dictionary) and element.objgen in self.redirect:
            element = self.redirect[element.objgen]
        return element

    def update_parent_tree(self, tree) -> None:
        nums = tree.ParentTree.get("/Nums")
        if nums is None:
            return
        for index in range(1, len(nums), 2):
            value = nums[index]
            if isinstance(value, pikepdf.Array):
                nums[index] = pikepdf.Array([self.final(v) for v in value])
            else:
                nums[index] = self.link_owner(self.final(value))

    def link_owner(self, element):
        """A link annotation must sit in a /Link element; WeasyPrint sometimes hangs the
        second half of a wrapped link on a /Span inside it (seen in right-to-left text)."""
        if not _is_elem(element) or element.S == "/Link":
            return element
        link = element.get("/P")
        while _is_elem(link) and link.S != "/Link":
            link = link.get("/P")
        if not _is_elem(link):
            element.S = pikepdf.Name.Link
            return element
        references = [k for k in _kids(element)
                      if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR"]
        element.K = pikepdf.Array([k for k in _kids(element) if k not in references])
        link.K = pikepdf.Array(_kids(link) + references)
        return link

    @staticmethod
    def reachable(tree) -> dict[tuple[int, int], pikepdf.Dictionary]:
        found = {}
        stack = list(_kids(tree))
        while stack:
            node = stack.pop()
            if _is_elem(node) and node.objgen not in found:
                found[node.objgen] = node
                stack.extend(_kids(node))
        return found

    def actual_text(self, reachable) -> None:
        """/ActualText on spans of right-to-left text, from the logical text recorded."""
        if not self.texts:
            return
        page_index = {p.objgen: i for i, p in enumerate(self.document.pages)}
        for element in reachable.values():
            kids = _kids(element)
            if element.S != "/Span" or len(kids) != 1 or not isinstance(kids[0], int):
                continue
            page = page_index.get(element.Pg.objgen) if "/Pg" in element else None
            text = self.texts.get(f"p{page}m{int(kids[0])}")
            if text is not None:
                element.ActualText = pikepdf.String(text)

    # 3: running headers, page numbers, repeated headers become artifacts
    def artifacts(self, tree, reachable) -> None:
        nums = tree.ParentTree.get("/Nums")
        if nums is None:
            return
        dropped = {d.objgen for d in self.dropped}
        for piece in self.dropped:
            dropped |= set(self.reachable(pikepdf.Dictionary(K=piece)))
        pages_by_key = {int(p.obj.get("/StructParents", -1)): p for p in self.document.pages}
        for index in range(0, len(nums), 2):
            value = nums[index + 1]
            if not isinstance(value, pikepdf.Array):
                continue
            orphans = set()
            for mcid, element in enumerate(value):
                if not isinstance(element, pikepdf.Dictionary):
                    continue
                if element.objgen not in reachable or element.objgen in dropped:
                    orphans.add(mcid)
            if orphans:
                page = pages_by_key.get(int(nums[index]))
                if page is not None:
                    self.mark_artifacts(page, orphans)
                nums[index + 1] = pikepdf.Array(
                    [None if i in orphans else v for i, v in enumerate(value)])

    def mark_artifacts(self, page, mcids: set[int]) -> None:
        instructions = pikepdf.parse_content_stream(page)
        changed = []
        for instruction in instructions:
            operands, operator = instruction.operands, instruction.operator
            if str(operator) == "BDC" and len(operands) == 2 and isinstance(
                    operands[1], pikepdf.Dictionary) and int(
                    operands[1].get("/MCID", -1)) in mcids:
                instruction = pikepdf.ContentStreamInstruction(
                    [pikepdf.Name.Artifact], pikepdf.Operator("BMC"))
            changed.append(instruction)
        page.Contents = self.document.make_stream(pikepdf.unparse_content_stream(changed))

    # 4: LI = Lbl + LBody
    def wrap_list_body(self, item) -> None:
        kids = _kids(item)
        loose = {k.objgen for k in kids
                 if _is_elem(k) and not (_is_elem(k, "/Lbl") or _is_elem(k, "/LBody"))}
        if not loose:
            return
        body = self.document.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.StructElem, S=pikepdf.Name.LBody, P=item, K=pikepdf.Array()))
        if "/Pg" in item:
            body.Pg = item.Pg
        new_kids = pikepdf.Array()
        for kid in kids:
            if _is_elem(kid) and kid.objgen in loose:
                kid.P = body
                body.K.append(kid)
                if len(body.K) == 1:
                    new_kids.append(body)
            else:
                new_kids.append(kid)
        item.K = new_kids


def in_order(tree: pikepdf.Object) -> Iterator[pikepdf.Dictionary]:
    """Structure elements in document order (depth first, children in /K order): the
    order WeasyPrint made bookmarks and anchors in, so the first element with an id is
    the one its named destination means."""
    stack = list(reversed(_kids(tree)))
    seen = set()
    while stack:
        node = stack.pop()
        if _is_elem(node) and node.objgen not in seen:
            seen.add(node.objgen)
            yield node
            stack.extend(reversed(_kids(node)))


# 6 to 8: PDF 2.0

def put_in_namespaces(document: pikepdf.Pdf) -> None:
    """Each element in the namespace that defines its type: PDF 2.0 where it can be."""
    tree = document.Root.StructTreeRoot
    spaces = tree.get("/Namespaces")
    if not isinstance(spaces, pikepdf.Array):
        spaces = tree.Namespaces = pikepdf.Array()
    found = {str(space.get("/NS", "")): space for space in spaces
             if isinstance(space, pikepdf.Dictionary)}

    def namespace(uri: str) -> pikepdf.Dictionary:
        if uri not in found:
            found[uri] = document.make_indirect(pikepdf.Dictionary(
                Type=pikepdf.Name.Namespace, NS=pikepdf.String(uri)))
            spaces.append(found[uri])
        return found[uri]

    for element in in_order(tree):
        kind = str(element.S)[1:]
        if kind in PDF2_TYPES:
            element.NS = namespace(PDF2_NAMESPACE)
        elif kind in PDF17_TYPES:
            element.NS = namespace(PDF17_NAMESPACE)


def structure_destinations(document: pikepdf.Pdf,
                           bookmarks: Mapping[str, deque[pikepdf.Dictionary]],
                           anchors: Mapping[str, pikepdf.Dictionary]) -> None:
    """Bookmarks and named destinations also name the structure element they show, so a
    reader can jump to the heading itself (PDF/UA-2 8.8), not to a place on a page.

    ``bookmarks`` holds, by label, the elements bookmarks were made from, in document
    order (outline items are too); ``anchors`` the element of each id.
    """
    root = document.Root
    for item in _outline_items(root.get("/Outlines")):
        destination = item.get("/Dest")
        if not isinstance(destination, pikepdf.Array):
            continue
        title = str(item.get("/Title", ""))
        queue = bookmarks.get(title)
        if not queue:
            raise RenderError(f"the bookmark {title[:80]!r} points at no structure element",
                              advice="A bookmark is made from a heading; this is a bug")
        item.A = pikepdf.Dictionary(S=pikepdf.Name.GoTo, D=destination,
                                    SD=_structure_destination(queue.popleft(), destination))
        del item["/Dest"]
    names = root.get("/Names")
    tree = names.get("/Dests") if isinstance(names, pikepdf.Dictionary) else None
    for pairs in _name_tree_leaves(tree):
        for index in range(0, len(pairs) - 1, 2):
            name, destination = str(pairs[index]), pairs[index + 1]
            if not isinstance(destination, pikepdf.Array):
                continue
            if name not in anchors:
                raise RenderError(f"the link target #{name[:80]} is no structure element",
                                  advice="Link only to elements that are tagged")
            pairs[index + 1] = pikepdf.Dictionary(
                D=destination, SD=_structure_destination(anchors[name], destination))


def _structure_destination(element, destination) -> pikepdf.Array:
    """The same view of the page, named by the element instead of the page."""
    return pikepdf.Array([element, *list(destination)[1:]])


def _outline_items(outlines):
    """Outline items, depth first, as the reader sees them."""
    stack = [outlines.get("/First")] if isinstance(outlines, pikepdf.Dictionary) else []
    seen = set()
    while stack:
        item = stack.pop()
        if not isinstance(item, pikepdf.Dictionary) or item.objgen in seen:
            continue
        seen.add(item.objgen)
        yield item
        stack.append(item.get("/Next"))
        stack.append(item.get("/First"))


def _name_tree_leaves(node, depth: int = 0):
    """The /Names arrays of a name tree."""
    if not isinstance(node, pikepdf.Dictionary) or depth > 32:
        return
    if isinstance(node.get("/Names"), pikepdf.Array):
        yield node.Names
    for kid in node.get("/Kids") or ():
        yield from _name_tree_leaves(kid, depth + 1)


DECLARATIONS = "http://pdfa.org/declarations/"


def declare(document: pikepdf.Pdf, uris: tuple[str, ...]) -> None:
    """Add PDF Declarations (ISO 14289-2 and WTPDF cite them) to the XMP metadata."""
    metadata = document.Root.get("/Metadata")
    if metadata is None or not uris:
        return
    items = "".join(f'<rdf:li rdf:parseType="Resource"><pdfd:conformsTo>{uri}'
                    "</pdfd:conformsTo></rdf:li>" for uri in uris)
    block = (f'<rdf:Description rdf:about="" xmlns:pdfd="{DECLARATIONS}">'
             f"<pdfd:declarations><rdf:Bag>{items}</rdf:Bag></pdfd:declarations>"
             "</rdf:Description>").encode()
    data = metadata.read_bytes()
    if b"</rdf:RDF>" not in data:
        raise RenderError("the XMP metadata has no rdf:RDF element to declare "
                          "conformance in", advice="This is a bug")
    metadata.write(data.replace(b"</rdf:RDF>", block + b"</rdf:RDF>", 1))


EMPTY_MAPPING = re.compile(rb"(<[0-9A-Fa-f]+>\s*)<>")


def repair_to_unicode(document: pikepdf.Pdf) -> None:
    seen = set()
    for page in document.pages:
        fonts = (page.obj.get("/Resources") or {}).get("/Font") or {}
        for font in fonts.values():
            cmap = font.get("/ToUnicode")
            if cmap is None or cmap.objgen in seen:
                continue
            seen.add(cmap.objgen)
            data = cmap.read_bytes()
            fixed = EMPTY_MAPPING.sub(rb"\1<200D>", data)
            if fixed != data:
                cmap.write(fixed)


def fix_structure(tagged: TaggedPdf,
                  standard: PdfStandard = PDF_STANDARDS[DEFAULT_STANDARD]) -> bytes:
    """The PDF with its structure tree corrected for ``standard`` and CJK fonts
    compacted; same bytes for the same input."""
    with pikepdf.open(io.BytesIO(tagged.data)) as document:
        fixer = _Fixer(document, tagged.texts, tagged.blank if standard.pdf2 else None)
        fixer.run()
        repair_to_unicode(document)
        if standard.pdf2 and "/StructTreeRoot" in document.Root:
            put_in_namespaces(document)
            structure_destinations(document, fixer.bookmarks, fixer.anchors)
        declare(document, standard.declarations)
        compact_cid_fonts(document)
        out = io.BytesIO()
        document.save(out, deterministic_id=True, compress_streams=True,
                      object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return out.getvalue()
