"""Figures with translatable labels.

A figure's SVG holds shapes and empty ``<text id=…>`` elements; the guide gives each
id its (translatable) label. WeasyPrint draws SVG text letter by letter, without
shaping, which breaks Arabic and loses kerning, so the labels are not drawn in the
SVG: each ``<text>`` is removed and its label is laid out as HTML text at the same
place over the picture, at the body size, shaped by Pango like the rest of the page.
The labels are marked as artifacts (the figure's alt text already says everything).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from .errors import ContentError

SVG_NS = "http://www.w3.org/2000/svg"
FORBIDDEN = ("script", "image", "foreignObject", "style", "use", "a")
ASCENT = 0.8     # baseline position in a one-line box of line-height 1


@dataclass(frozen=True)
class Label:
    text: str
    left_pt: float
    top_pt: float
    width_pt: float
    bold: bool


@dataclass(frozen=True)
class Diagram:
    svg: bytes
    width_pt: float
    height_pt: float
    labels: tuple[Label, ...]


def _parse(path: Path) -> ET.Element:
    try:
        root = ET.fromstring(path.read_bytes())
    except ET.ParseError as exc:
        raise ContentError(f"figure is not valid SVG: {exc}", path,
                           exc.position[0] if exc.position else None) from None
    for name in FORBIDDEN:
        if root.find(f".//{{{SVG_NS}}}{name}") is not None:
            raise ContentError(f"figure contains a forbidden <{name}> element", path,
                               advice="Figures may hold shapes and text only")
    return root


def _number(value: str | None) -> float:
    try:
        return float((value or "0").split()[0])
    except ValueError:
        return 0.0


def _translation(element: ET.Element, parents: dict) -> tuple[float, float]:
    dx = dy = 0.0
    node = parents.get(element)
    while node is not None:
        transform = (node.get("transform") or "").strip()
        if transform.startswith("translate(") and transform.endswith(")"):
            parts = transform[10:-1].replace(",", " ").split()
            dx += float(parts[0])
            dy += float(parts[1]) if len(parts) > 1 else 0.0
        node = parents.get(node)
    return dx, dy


LABEL_LINE_GAP = 1.15   # label baselines at least this many label heights apart


def _legible_scale(positions: dict[str, tuple[float, float]], label_pt: float) -> float:
    """The smallest scale at which labels stacked in one column do not touch."""
    needed = 0.0
    points = sorted(positions.values())
    for i, (x1, y1) in enumerate(points):
        for x2, y2 in points[i + 1:]:
            if abs(x1 - x2) < 1 and abs(y1 - y2) > 0:
                needed = max(needed, LABEL_LINE_GAP * label_pt / abs(y1 - y2))
    return needed


def lay_out(path: Path, labels: dict[str, str], label_pt: float, width_pt: float,
            source: Path, line: int, max_height_pt: float | None = None) -> Diagram:
    """The SVG without text, and each label's box on paper.

    The figure is as wide as ``width_pt`` allows, and no taller than
    ``max_height_pt``, so that with its caption it fits the page it starts on.
    """
    if path.suffix.lower() != ".svg":
        return Diagram(path.read_bytes(), width_pt, 0.0, ())
    ET.register_namespace("", SVG_NS)
    root = _parse(path)
    parents = {child: parent for parent in root.iter() for child in parent}
    texts = {el.get("id"): el for el in root.iter(f"{{{SVG_NS}}}text") if el.get("id")}
    if set(texts) - set(labels):
        raise ContentError("figure text ids without a label: "
                           + ", ".join(sorted(set(texts) - set(labels))), source, line,
                           "Add them under 'labels:' in the figure block")
    if set(labels) - set(texts):
        raise ContentError("labels for ids the SVG does not have: "
                           + ", ".join(sorted(set(labels) - set(texts))), source, line)
    box = (root.get("viewBox") or "").replace(",", " ").split()
    view_width = float(box[2]) if len(box) == 4 else _number(root.get("width"))
    view_height = float(box[3]) if len(box) == 4 else _number(root.get("height"))
    if view_width <= 0 or view_height <= 0:
        raise ContentError("figure SVG needs a viewBox", path)
    positions = {}
    for key, element in texts.items():
        dx, dy = _translation(element, parents)
        positions[key] = (_number(element.get("x")) + dx, _number(element.get("y")) + dy)
    scale = width_pt / view_width
    if max_height_pt is not None and view_height * scale > max_height_pt:
        # Smaller, but never so small that label lines run into each other.
        scale = max(max_height_pt / view_height,
                    min(scale, _legible_scale(positions, label_pt)))
        width_pt = view_width * scale
    placed = []
    for key, element in texts.items():
        x, y = (value * scale for value in positions[key])
        anchor = element.get("text-anchor", "start")
        # The widest box centred on x that stays inside the figure.
        half = min(x, width_pt - x)
        width = 2 * half if anchor == "middle" else width_pt - x
        left = x - half if anchor == "middle" else x
        bold = element.get("font-weight") in ("bold", "700", "800", "900")
        placed.append(Label(labels[key], round(left, 2), round(y - ASCENT * label_pt, 2),
                            round(width, 2), bold))
        parents[element].remove(element)
    return Diagram(ET.tostring(root, encoding="utf-8"), width_pt,
                   round(view_height * scale, 2), tuple(placed))
