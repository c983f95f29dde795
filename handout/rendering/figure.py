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

from .. import files
from ..content import svgsafe
from ..errors import ContentError
from ..limits import IMAGE_BYTES

SVG_NS = "http://www.w3.org/2000/svg"
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


def _read(path: Path, source: Path, line: int) -> bytes:
    return files.read_bytes(path, ContentError, IMAGE_BYTES, path.parent,
                            limit="IMAGE_BYTES", line=line, file=source)


def _parse(path: Path, source: Path, line: int) -> ET.Element:
    """The figure's tree, after the shared sanitizer (svgsafe) has passed it."""
    data = _read(path, source, line)
    try:
        svgsafe.sanitize(data)
    except svgsafe.SvgProblem as exc:
        raise ContentError(f"figure {path.name!r}: {exc.describe()}", source, line,
                           "Figures may hold shapes and text only") from None
    try:
        return ET.fromstring(data)
    except ET.ParseError as exc:
        raise ContentError(f"figure {path.name!r} is not valid SVG: {exc}", source,
                           line) from None


def _coordinate(element: ET.Element, name: str) -> float:
    """The first of a <text>'s x (or y) coordinates, in user units."""
    value = element.get(name)
    if value is None:
        return 0.0
    return svgsafe.user_units(svgsafe.parse_lengths(value, name)[0], name)


def _matrix(element: ET.Element, parents: dict) -> svgsafe.Matrix:
    """Every transform from the root down to ``element`` (itself included), composed."""
    chain = []
    node = element
    while node is not None:
        chain.append(node)
        node = parents.get(node)
    matrix = svgsafe.IDENTITY
    for node in reversed(chain):
        if node.get("transform"):
            matrix = svgsafe.multiply(matrix, svgsafe.parse_transform(node.get("transform")))
    return matrix


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
        return Diagram(_read(path, source, line), width_pt, 0.0, ())
    root = _parse(path, source, line)
    parents = {child: parent for parent in root.iter() for child in parent}
    texts = {el.get("id"): el for el in root.iter(f"{{{SVG_NS}}}text") if el.get("id")}
    if set(texts) - set(labels):
        raise ContentError("figure text ids without a label: "
                           + ", ".join(sorted(set(texts) - set(labels))), source, line,
                           "Add them under 'labels:' in the figure block")
    if set(labels) - set(texts):
        raise ContentError("labels for ids the SVG does not have: "
                           + ", ".join(sorted(set(labels) - set(texts))), source, line)
    try:
        view_width, view_height = svgsafe.size(root.get("viewBox"), root.get("width"),
                                               root.get("height"))
        origin = (svgsafe.parse_viewbox(root.get("viewBox"))[:2] if root.get("viewBox")
                  else (0.0, 0.0))
        positions = {key: svgsafe.apply(_matrix(element, parents),
                                        _coordinate(element, "x"), _coordinate(element, "y"))
                     for key, element in texts.items()}
    except svgsafe.SvgProblem as exc:
        raise ContentError(f"figure {path.name!r}: {exc.describe()}", source, line) from None
    positions = {key: (x - origin[0], y - origin[1]) for key, (x, y) in positions.items()}
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
    # Written with ElementTree's own prefix (ns0:), which any XML parser reads as SVG;
    # ET.register_namespace would change every later serialization in the process.
    return Diagram(ET.tostring(root, encoding="utf-8"), width_pt,
                   round(view_height * scale, 2), tuple(placed))
