"""Corrections to WeasyPrint 70's structure tree, applied to the written PDF with pikepdf.

- A list item whose content is block-level (a paragraph plus writing lines) gets its
  non-label children grouped in one /LBody, as PDF/UA requires (LI = Lbl + LBody).
"""

from __future__ import annotations

import io

import pikepdf

from .verify import walk_structure


def fix_structure(data: bytes) -> bytes:
    with pikepdf.open(io.BytesIO(data)) as document:
        for element in list(walk_structure(document)):
            tag = element.S
            if tag == "/LI":
                _wrap_list_body(document, element)
        out = io.BytesIO()
        document.save(out, deterministic_id=True, compress_streams=True,
                      object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return out.getvalue()


def _kids(element: pikepdf.Dictionary) -> list:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _is_elem(node, tag: str | None = None) -> bool:
    return isinstance(node, pikepdf.Dictionary) and "/S" in node and (
        tag is None or node.S == tag)


def _wrap_list_body(document: pikepdf.Pdf, item: pikepdf.Dictionary) -> None:
    kids = _kids(item)
    loose = {k.objgen for k in kids
             if _is_elem(k) and not (_is_elem(k, "/Lbl") or _is_elem(k, "/LBody"))}
    if not loose:
        return
    body = document.make_indirect(pikepdf.Dictionary(
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
