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
"""

from __future__ import annotations

import io
import re

import pikepdf

from .fontsubset import compact_cid_fonts
from .weasyprint_seam import ARTIFACT, KEY, TaggedPdf

REPEATABLE = {"/THead", "/TFoot"}
PRIVATE_KEY = pikepdf.Name("/" + KEY)
ARTIFACT_KEY = pikepdf.Name("/" + ARTIFACT)


def _is_elem(node, tag: str | None = None) -> bool:
    return isinstance(node, pikepdf.Dictionary) and "/S" in node and (
        tag is None or node.S == tag)


def _kids(element) -> list:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


class _Fixer:
    def __init__(self, document: pikepdf.Pdf, texts: dict[str, str]) -> None:
        self.document = document
        self.texts = texts
        self.redirect: dict[tuple[int, int], pikepdf.Dictionary] = {}
        self.dropped: list[pikepdf.Dictionary] = []

    def run(self) -> None:
        tree = self.document.Root.get("/StructTreeRoot")
        if tree is None:
            return
        for top in _kids(tree):
            if _is_elem(top):
                self.merge(top)
        self.update_parent_tree(tree)
        reachable = self.reachable(tree)
        self.artifacts(tree, reachable)
        self.actual_text(reachable)
        for element in reachable.values():
            for private in (PRIVATE_KEY, ARTIFACT_KEY):
                if private in element:
                    del element[private]
            if element.S == "/LI":
                self.wrap_list_body(element)

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


def fix_structure(tagged: TaggedPdf) -> bytes:
    """The PDF with its structure tree corrected and CJK fonts compacted; same bytes for
    the same input."""
    with pikepdf.open(io.BytesIO(tagged.data)) as document:
        _Fixer(document, tagged.texts).run()
        repair_to_unicode(document)
        compact_cid_fonts(document)
        out = io.BytesIO()
        document.save(out, deterministic_id=True, compress_streams=True,
                      object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return out.getvalue()
