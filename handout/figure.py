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

from . import files, svgsafe
from .errors import ContentError
from .limits import IMAGE_BYTES

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


def lay_out(path: Path, labels: dict[str, str], label_pt: float, width_pt: float,
            source: Path, line: int) -> Diagram:
    """The SVG without text, and each label's box on paper, for a figure ``width_pt`` wide."""
    if path.suffix.lower() != ".svg":
        return Diagram(_read(path, source, line), width_pt, 0.0, ())
    ET.register_namespace("", SVG_NS)
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
    scale = width_pt / view_width
    placed = []
    for key, element in texts.items():
        x = (positions[key][0] - origin[0]) * scale
        y = (positions[key][1] - origin[1]) * scale
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
